"""URL canonicalization (one article, one URL) and the one notion of "same site"."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import tldextract

#: Query parameters that only say where a reader came from.
TRACKING_PARAMS = frozenset(
    [
        "from",
        "spm",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "ref",
        "share",
        "isappinstalled",
        "scene",
        "clicktime",
        "enterid",
    ]
)


def canonicalize(url: str) -> str:
    """Fragment and tracking parameters dropped, scheme and host lower-case, default port gone."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else f"{host}:{port}"
    )
    # The query is filtered as written, never decoded and re-encoded: old portals put GBK bytes,
    # slashes and bare flags in it, and re-encoding would turn two URLs into one.
    query = "&".join(
        part for part in parts.query.split("&") if part and not _is_tracking(part.split("=")[0])
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _is_tracking(raw_key: str) -> bool:
    key = unquote(raw_key).lower()
    return key in TRACKING_PARAMS or key.startswith("utm_")


def absolute(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base``; None for empty, script and mail links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
        return None
    return urljoin(base, href)


def same_host(url_a: str, url_b: str) -> bool:
    """True when both URLs are on one host, ignoring a leading ``www.`` and the port: the rule for
    a canonical link, which names the page itself, not just another page of the site."""
    host_a = (urlsplit(url_a).hostname or "").removeprefix("www.")
    host_b = (urlsplit(url_b).hostname or "").removeprefix("www.")
    return bool(host_a) and host_a == host_b


#: The Public Suffix List snapshot bundled with tldextract: never fetched, never cached on disk.
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """The registrable domain of a host name, by the Public Suffix List (lower-case):
    ``news.whu.edu.cn`` -> ``whu.edu.cn``, ``a.b.ac.uk`` -> ``b.ac.uk``; an IP address,
    ``localhost`` or a bare suffix is its own; ``""`` for ``""``."""
    host = host.lower().rstrip(".")
    return _SUFFIXES(host).top_domain_under_public_suffix or host


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs belong to one site: one registrable domain (any subdomain, any port,
    any scheme). The one notion of "same site" in newscrawler; the crawl's scope
    (:mod:`newscrawler.crawl.scope`) narrows it to the portal's hosts and ports."""
    domain = registrable_domain(urlsplit(url_a).hostname or "")
    return bool(domain) and domain == registrable_domain(urlsplit(url_b).hostname or "")
