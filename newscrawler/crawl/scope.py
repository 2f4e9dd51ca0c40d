"""Where a crawl may go: http(s) on the portal's own domains. Pure functions, no I/O.

A host is on site when it is one of the allowed domains or a subdomain of one (Scrapy's rule for
``allowed_domains``), on one of the portal's ports (those of its start URLs, or a profile's
``ports``): the portal is its scheme, host and port. A view counter may also live on another host of the same registrable domain
(``counter.example.edu.cn`` for ``news.example.edu.cn``), as CMS site groups serve them; the
registrable domain is :func:`newscrawler.extraction.urls.registrable_domain` (the Public Suffix List
bundled with tldextract, no network).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from newscrawler.extraction.urls import registrable_domain

SCHEMES = ("http", "https")


def on_site(host: str, domains: Iterable[str]) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one (case-insensitive)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains) if d)


#: The port a URL without one goes to, by scheme.
DEFAULT_PORTS = {"http": 80, "https": 443}


def effective_port(url: str) -> int | None:
    """The TCP port a request for ``url`` goes to (its own, else its scheme's default); None
    for a URL that is not http(s) or whose port is not a number."""
    parts = urlsplit(url)
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None


def portal_ports(start_urls: Iterable[str], extra: Iterable[int] = ()) -> frozenset[int]:
    """The ports of a portal: those of its start URLs (both 80 and 443 when one is on a default
    port, so http and https of one host are one portal) and ``extra`` (a profile's ``ports``)."""
    ports = {p for p in map(effective_port, start_urls) if p is not None}
    if ports & set(DEFAULT_PORTS.values()):
        ports |= set(DEFAULT_PORTS.values())
    return frozenset(ports | set(extra))


def refusal(
    url: str,
    domains: Iterable[str],
    *,
    sibling_hosts: bool = False,
    ports: Iterable[int] | None = None,
) -> str | None:
    """Why a request for ``url`` must not be made, or None when it may.

    ``sibling_hosts`` also admits other hosts of an allowed domain's registrable domain (view
    counters, and their robots.txt). An empty ``domains`` admits no host at all. ``ports`` (see
    :func:`portal_ports`; None: any) are the portal's ports: another port of an allowed host is
    another server, outside the portal.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        return f"scheme {scheme or '(none)'!r} is not http(s)"
    host = (parts.hostname or "").lower()
    domains = list(domains)
    if not host:
        return "no host"
    if on_site(host, domains):
        port = effective_port(url)
        if ports is None or port in set(ports):
            return None
        allowed = ", ".join(map(str, sorted(set(ports)))) or "none"
        return f"port {port} of {host!r} is outside the portal (its ports: {allowed})"
    if sibling_hosts and registrable_domain(host) in {registrable_domain(d) for d in domains}:
        return None
    return f"host {host!r} is outside {', '.join(domains) or 'the portal'}"
