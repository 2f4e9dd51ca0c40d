"""Extraction cost per page: ours vs ``trafilatura.extract`` on the very same page bytes.

Pages are taken evenly across the whole portal (not just the newest), rendered by the replica
with the benchmark's page size, and each extractor gets a short warm-up first so import-time and
first-call caches are not billed to the first page.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url
from newscrawler.replica import Portal

WARMUP = 5


@dataclass(frozen=True)
class Cost:
    """Per-page wall time of one extractor, in milliseconds."""

    median_ms: float
    p95_ms: float
    pages: int


def sample_pages(portal: Portal, base_url: str, count: int) -> list[tuple[str, bytes]]:
    """``count`` detail pages spread evenly over the portal, as (absolute URL, body bytes)."""
    paths = portal.article_paths()
    step = max(1, len(paths) // count)
    pages = []
    for path in paths[::step][:count]:
        reply = portal.response(path)
        if reply is not None and reply.status == 200:
            pages.append((base_url + path, reply.body))
    return pages


def _cost(fn: Callable[[str, bytes], Any], pages: list[tuple[str, bytes]]) -> Cost:
    for url, body in pages[:WARMUP]:
        fn(url, body)
    times = []
    for url, body in pages:
        start = time.perf_counter()
        fn(url, body)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return Cost(statistics.median(times), times[int(0.95 * (len(times) - 1))], len(times))


def ours(family: str, base_url: str) -> Callable[[str, bytes], Any]:
    """Our extraction with the family preset, as the spider calls it (bytes in, item out)."""
    profile = profile_for_url(base_url + "/", family)
    return lambda url, body: extract_article(url, body, profile)


def trafilatura_extract() -> Callable[[str, bytes], Any] | None:
    """``trafilatura.extract`` with its defaults, or None if it is not installed."""
    try:
        import trafilatura
    except ImportError:
        return None
    return lambda url, body: trafilatura.extract(body, url=url)


def measure(portal: Portal, base_url: str, count: int) -> dict[str, Any]:
    """Median / p95 ms per page for both extractors and how many times faster ours is."""
    pages = sample_pages(portal, base_url, count)
    result: dict[str, Any] = {
        "pages": len(pages),
        "ours": vars(_cost(ours(portal.family, base_url), pages)),
    }
    other = trafilatura_extract()
    if other is None:
        result["trafilatura"] = None
        result["speedup"] = None
    else:
        result["trafilatura"] = vars(_cost(other, pages))
        result["speedup"] = result["trafilatura"]["median_ms"] / result["ours"]["median_ms"]
    return result
