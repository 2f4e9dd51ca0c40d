"""Downloader middleware of a worker: a portal's politeness holds for the whole cluster.

Before each request leaves, the worker takes one of the portal's concurrency leases and books
its next start time in Redis (:class:`~newscrawler.cluster.slots.SharedSlots`), then waits
for it; the lease is given back with the response or the failure. Portals are keyed by host and port
(as Scrapy's download slots are); delay and concurrency come from the site profile owning the
host, else 1 s and 2. ``NEWSCRAWLER_CLUSTER_DELAY`` / ``NEWSCRAWLER_CLUSTER_CONCURRENCY`` given
to a worker (``-s``) override them for every portal.

Rate limits hold for the whole cluster too: a 429 or 503 with ``Retry-After`` (seconds or an
HTTP date, up to ``NEWSCRAWLER_RETRY_AFTER_MAX``) pauses the portal's slot in Redis before the
lease is given back, so no worker's next request to it leaves before that time; a request that
booked its start before the pause was set waits for the pause too. Each 429 doubles the
portal's pace for every worker (at least 1 s, at most ``AUTOTHROTTLE_MAX_DELAY``). A wait over
the cap is not waited for: the worker's :class:`~newscrawler.crawl.throttle.RetryAfterMiddleware`
gives the request up (counted ``rate_limited``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from redis.asyncio import Redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawler import stat_keys
from newscrawler.cluster.resilience import async_client_params
from newscrawler.cluster.slots import SharedSlots
from newscrawler.crawl.throttle import retry_after_seconds

logger = logging.getLogger(__name__)

#: How often a request waiting for a free lease asks again (seconds).
LEASE_POLL = 0.05


class SharedSlotMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.redis = Redis.from_url(settings.get("REDIS_URL"), **async_client_params())
        self.prefix = settings.get("NEWSCRAWLER_REDIS_PREFIX", "newscrawler")
        self.lease_time = settings.getfloat("DOWNLOAD_TIMEOUT", 30) + 30
        self._slots: SharedSlots | None = None
        self.delay = settings.get("NEWSCRAWLER_CLUSTER_DELAY")
        self.concurrency = settings.get("NEWSCRAWLER_CLUSTER_CONCURRENCY")
        self.retry_after_cap = settings.getfloat("NEWSCRAWLER_RETRY_AFTER_MAX", 600.0)
        self.max_delay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 30.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedSlotMiddleware:
        return cls(crawler)

    @property
    def slots(self) -> SharedSlots:
        if self._slots is None:
            spider = self.crawler.spider
            self._slots = SharedSlots(
                self.redis, self.prefix, getattr(spider, "worker_id", ""),
                getattr(spider, "heartbeat_prefix", ""),
            )  # fmt: skip
        return self._slots

    def _politeness(self, host: str) -> tuple[float, int]:
        spider = self.crawler.spider
        delay, concurrency = (spider.delay_for(host) if hasattr(spider, "delay_for") else None) or (
            1.0,
            2,
        )
        return (
            float(self.delay) if self.delay not in (None, "") else delay,
            int(self.concurrency) if self.concurrency not in (None, "") else concurrency,
        )

    @staticmethod
    def _slot(request: Request) -> tuple[str, str]:
        """(host, cluster slot key ``host:port``) of ``request``."""
        parts = urlsplit(request.url)
        host = parts.hostname or ""
        return host, f"{host}:{parts.port or ''}"

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host, slot = self._slot(request)
        delay, concurrency = self._politeness(host)
        while True:
            lease = await self.slots.acquire(slot, max(1, concurrency), self.lease_time)
            if lease:
                break
            await asyncio.sleep(LEASE_POLL)
        request.meta["slot_lease"] = (slot, lease)
        # A pause set (by any worker) while this request waited for its booked start: book again,
        # after the pause.
        while True:
            wait = await self.slots.reserve(slot, delay)
            if wait > 0:
                self.crawler.stats.inc_value(stat_keys.CLUSTER_WAITED_MS, int(wait * 1000))
                await asyncio.sleep(wait)
            if await self.slots.paused_for(slot) <= 0:
                return None

    async def _rate_limited(self, request: Request, response: Response) -> None:
        """A 429 or 503: pause the portal for every worker for its ``Retry-After`` (within the
        cap), and slow its pace down on a 429."""
        host, slot = self._slot(request)
        stats = self.crawler.stats
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait <= self.retry_after_cap:
            await self.slots.pause(slot, wait)
            stats.inc_value(stat_keys.CLUSTER_PAUSED)
        if response.status == 429:
            pace = await self.slots.slow_down(slot, self._politeness(host)[0], self.max_delay)
            stats.inc_value(stat_keys.RATE_LIMIT_SLOWED)
            logger.warning("429 from %s: the cluster's pace for it is now %.1f s", slot, pace)

    async def _release(self, request: Request) -> None:
        held = request.meta.pop("slot_lease", None)
        if held:
            await self.slots.release(*held)

    async def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        try:
            if response.status in (429, 503):  # before the lease is free for the next request
                await self._rate_limited(request, response)
        finally:
            await self._release(request)
        return response

    async def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> None:
        await self._release(request)
        return None
