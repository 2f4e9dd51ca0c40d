"""Containment: a page that breaks its callback, or redirects in a circle, is a counted, logged
skip, never a crashed crawl and never a silent loss; and no request leaves the portal."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newscrawler import reasons
from newscrawler.crawl.scope import refusal

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


class RobotsTxtEveryWaiterMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request that waits for a host's robots.txt
    judged by it.

    Scrapy 2.19 keeps one ``Deferred`` per host while its robots.txt is being fetched and lets
    each waiting request await it through ``Deferred.asFuture``, which *consumes* the result: the
    first waiter gets the parser, every later one gets ``None`` and is let through as if the host
    had no robots.txt. A crawl that sends three or more requests to a host it has not met yet
    (a cluster worker taking over a dead worker's requests does) fetched disallowed pages. Here a
    request, once the wait is over, is judged by what the middleware settled for the host: the
    parser, or ``None`` only when robots.txt could not be fetched.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        await super().robot_parser(request)
        return self._parsers[urlparse_cached(request).netloc]


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


class OffsiteRequest(IgnoreRequest):
    """A request for a URL outside the portal (another host, or not http(s))."""


class PortalScopeMiddleware:
    """Downloader middleware, first on the engine side: every request the crawl makes — listings,
    pagination, articles, view counters, sitemaps, feeds, robots.txt, each hop of a redirect —
    must be http(s) on the spider's ``allowed_domains`` (or a subdomain), on its ``allowed_ports``
    when it has them (another port of the host is another server; a spider crawling
    several portals says which apply to a request with ``scope_for(request)``). Unlike Scrapy's
    offsite check, ``dont_filter`` and ``allow_offsite`` do not exempt a request. View counters
    (``meta["views_counter"]``) and the robots.txt of their host may also be on another host of
    the portal's registrable domain.

    A refused request raises :class:`OffsiteRequest` to its errback, is logged and counted as
    skipped ``offsite``; nothing is downloaded, so no ``file://`` path is ever read.
    An admitted one goes to the spider's ``download_slot`` (when it names one): a portal's delay
    and concurrency hold across all its hosts.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        if hasattr(spider, "scope_for"):  # a spider crawling several portals (a cluster worker)
            domains, slot = spider.scope_for(request)
        else:
            domains = getattr(spider, "allowed_domains", None) or ()
            slot = getattr(spider, "download_slot", None)
        if hasattr(spider, "ports_for"):  # a cluster worker: the request's site's ports
            ports = spider.ports_for(request)
        else:
            ports = getattr(spider, "allowed_ports", None)
        sibling = bool(request.meta.get("views_counter")) or (
            urlsplit(request.url).path == "/robots.txt"
        )
        why = refusal(request.url, domains, sibling_hosts=sibling, ports=ports)
        if why is None:
            if slot:
                request.meta.setdefault("download_slot", slot)
            return
        reasons.count(self.stats, "offsite")
        logger.warning("refused %s: %s", request.url[:300], why)
        raise OffsiteRequest(f"offsite: {why}")


class SlotConcurrencyMiddleware:
    """Downloader middleware, last before the downloader: at most a download slot's concurrency
    (a profile's ``concurrency``, else ``CONCURRENT_REQUESTS_PER_DOMAIN``) requests of one slot
    are in the downloader at once; the others wait here, in order.

    Scrapy's downloader enforces that limit only when the slot has a delay: with a delay of 0 it
    starts each download as a task that counts as transferring only once it runs, so one pass of
    its queue hands out every queued request at once.

    A request's place is given back when it leaves the downloader (Scrapy's
    ``request_left_downloader`` signal), whatever happens to its response afterwards: a response
    that a later middleware fails on (a WARC record that cannot be written) must not keep its
    place for ever, which once hung a crawl on a full disk.
    """

    HELD = "newscrawler_slot_held"

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.in_flight: Counter[str] = Counter()
        self.waiting: defaultdict[str, deque[Deferred[None]]] = defaultdict(deque)
        crawler.signals.connect(self._release, signal=signals.request_left_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SlotConcurrencyMiddleware:
        return cls(crawler)

    def _limit(self, key: str) -> int:
        downloader = self.crawler.engine.downloader
        default = downloader.ip_concurrency or downloader.domain_concurrency
        return int(downloader.per_slot_settings.get(key, {}).get("concurrency", default))

    async def process_request(self, request: Request) -> None:
        key = self.crawler.engine.downloader.get_slot_key(request)
        while self.in_flight[key] >= self._limit(key):
            turn: Deferred[None] = Deferred()
            self.waiting[key].append(turn)
            await maybe_deferred_to_future(turn)
        self.in_flight[key] += 1
        request.meta[self.HELD] = key

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        key = request.meta.pop(self.HELD, None)
        if key is None:
            return
        self.in_flight[key] -= 1
        if self.waiting[key]:
            self.waiting[key].popleft().callback(None)
