"""URL canonicalization: one article, one URL."""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

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


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs are on the same host (ignoring a leading ``www.``)."""
    host_a = (urlsplit(url_a).hostname or "").removeprefix("www.")
    host_b = (urlsplit(url_b).hostname or "").removeprefix("www.")
    return bool(host_a) and host_a == host_b


_SECOND_LEVEL = frozenset(["edu", "com", "org", "net", "gov", "ac", "co", "or", "ne", "go"])


def site_domain(url: str) -> str:
    """The registrable domain of a URL's host: ``news.whu.edu.cn`` -> ``whu.edu.cn``,
    ``nssa.stanford.edu`` -> ``stanford.edu``; an IP address or ``localhost`` as is."""
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    if len(labels) <= 2 or host.replace(".", "").isdigit():
        return host
    keep = 3 if labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def same_domain(url_a: str, url_b: str) -> bool:
    """True when both URLs belong to one site (one registrable domain, any subdomain)."""
    return bool(site_domain(url_a)) and site_domain(url_a) == site_domain(url_b)
