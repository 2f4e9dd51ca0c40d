"""Containment: a page that breaks its callback, or redirects in a circle, is a counted, logged
skip, never a crashed crawl and never a silent loss."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawler import reasons

logger = logging.getLogger(__name__)


class SkipCounterMiddleware:
    """Spider middleware: turns an exception raised while parsing one page into a skip."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipCounterMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any]:
        reason = reasons.parse_failure(exception)
        reasons.count(self.stats, reason)
        logger.error("skipped %s: %s: %s", response.url, reason, exception)
        return []


class RedirectLoop(IgnoreRequest):
    """A redirect leads back to a URL already in the request's redirect chain."""


class RedirectLoopMiddleware:
    """Downloader middleware, before Scrapy's redirect one: a redirect back into its own chain
    would otherwise be dropped silently by the duplicate filter; here it becomes an error the
    request's errback counts (``redirect_loop``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if target == request.url or target in request.meta.get("redirect_urls", []):
                raise RedirectLoop(f"redirect loop at {request.url} -> {target}")
        return response
