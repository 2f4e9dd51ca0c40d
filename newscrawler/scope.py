"""Where a crawl may go: http(s) on the portal's own domains. Pure functions, no I/O.

A host is on site when it is one of the allowed domains or a subdomain of one (Scrapy's rule for
``allowed_domains``). A view counter may also live on another host of the same registrable domain
(``counter.example.edu.cn`` for ``news.example.edu.cn``), as CMS site groups serve them; the
registrable domain comes from the Public Suffix List snapshot bundled with tldextract (no network).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

SCHEMES = ("http", "https")

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def on_site(host: str, domains: Iterable[str]) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one (case-insensitive)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains) if d)


@lru_cache(maxsize=1024)
def registrable_domain(host: str) -> str:
    """``example.edu.cn`` for ``news.example.edu.cn``; an IP address or a bare name is its own."""
    host = host.lower().rstrip(".")
    return _EXTRACT(host).top_domain_under_public_suffix or host


def refusal(url: str, domains: Iterable[str], *, sibling_hosts: bool = False) -> str | None:
    """Why a request for ``url`` must not be made, or None when it may.

    ``sibling_hosts`` also admits other hosts of an allowed domain's registrable domain (view
    counters, and their robots.txt). An empty ``domains`` admits no host at all.
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
        return None
    if sibling_hosts and registrable_domain(host) in {registrable_domain(d) for d in domains}:
        return None
    return f"host {host!r} is outside {', '.join(domains) or 'the portal'}"
