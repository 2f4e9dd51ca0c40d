"""AutoThrottle that keeps each portal's own delay as its floor.

Scrapy's AutoThrottle never goes under ``DOWNLOAD_DELAY`` — the run-wide value — even for a
download slot that has a larger delay of its own (``DOWNLOAD_SLOTS``, where the portal spider puts
a profile's ``download_delay``). So a profile asking for 2.5 s between requests got 1 s once the
server answered quickly. Here the floor of a slot is its own configured delay (the run-wide one
for other slots): AutoThrottle may slow a portal down, never speed it up past its profile.
Scrapy's random jitter (``DOWNLOAD_DELAY_JITTER``, 0.5-1.5x by default) still applies on top.
A portal slowed down for its 429s (:class:`RetryAfterMiddleware`) keeps that pace as its floor.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from newscrawler import stat_keys

logger = logging.getLogger(__name__)


class ProfileAutoThrottle(AutoThrottle):
    """Enabled by ``AUTOTHROTTLE_ENABLED`` like Scrapy's; use it in its place in ``EXTENSIONS``."""

    def _spider_opened(self, spider: Spider) -> None:
        super()._spider_opened(spider)
        self.floors = {
            key: float(config["delay"])
            for key, config in self.crawler.settings.getdict("DOWNLOAD_SLOTS").items()
            if "delay" in config
        }
        self.default_floor = self.mindelay
        # The floors above replace the single run-wide one.
        self.mindelay = 0.0

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key is not None else None
        if slot is not None:
            slowed = self.crawler.stats.get_value(stat_keys.RATE_FLOOR + str(key), 0.0)
            floor = max(self.floors.get(key, self.default_floor), slowed)
            slot.delay = max(slot.delay, floor)


class RateLimited(IgnoreRequest):
    """A 429 or 503 asked to wait longer than ``NEWSCRAWLER_RETRY_AFTER_MAX``: not retried."""


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait by a ``Retry-After`` header: delay-seconds (``120``) or an HTTP date
    (``Fri, 04 Dec 2026 18:00:00 GMT``); None when absent or unreadable; never negative."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware:
    """Downloader middleware honouring ``Retry-After`` on 429 and 503 answers, before Scrapy's
    RetryMiddleware (550) retries them; placed after the slot concurrency gate (950), so a
    request waits for a pause right before it would go out.

    - The portal's download slot is paused: no request of the portal leaves before the time the
      header names (delay-seconds or an HTTP date), the retry included.
    - A wait longer than ``NEWSCRAWLER_RETRY_AFTER_MAX`` seconds (default 600) is not waited
      for: the request fails with :class:`RateLimited`, counted ``rate_limited`` (the run is ``partial`` and the
      next run fetches it again).
    - Every 429 slows the portal for the rest of the run: its delay between requests doubles
      (at least 1 s, at most ``AUTOTHROTTLE_MAX_DELAY``), and AutoThrottle keeps it as a floor.

    With ``NEWSCRAWLER_RATE_LIMITS_SHARED`` (set for cluster workers) the pause and the slowing
    down are the cluster's, kept in Redis (:mod:`newscrawler.cluster.middleware`): this
    middleware only gives up waits over the cap.

    Stats: ``newscrawler/retry_after/waits``, ``.../seconds``, ``newscrawler/rate_limit/slowed``.
    """

    GIVE_UP = "newscrawler_retry_after_over_cap"

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSCRAWLER_RETRY_AFTER_MAX", 600.0)
        self.max_delay = crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 30.0)
        self.local = not crawler.settings.getbool("NEWSCRAWLER_RATE_LIMITS_SHARED", False)
        #: Slot key -> monotonic time before which none of its requests leaves.
        self.paused_until: dict[str, float] = {}
        crawler.signals.connect(self._downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def _key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    async def process_request(self, request: Request) -> None:
        from twisted.internet import reactor

        key = self._key(request)
        # A pause may be lengthened while a request waits: it waits again.
        while (wait := self.paused_until.get(key, 0.0) - time.monotonic()) > 0:
            await maybe_deferred_to_future(deferLater(reactor, wait))

    def _downloaded(self, response: Response, request: Request) -> None:
        """On Scrapy's ``response_downloaded``: before the response frees its slot, so no request
        of the portal goes out before the pause is set."""
        if response.status not in (429, 503):
            return
        key = self._key(request)
        if response.status == 429 and self.local:
            self._slow_down(key)
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return
        if wait > self.cap:
            request.meta[self.GIVE_UP] = wait
            return
        if not self.local:
            return
        until = time.monotonic() + wait
        self.paused_until[key] = max(self.paused_until.get(key, 0.0), until)
        stats = self.crawler.stats
        stats.inc_value(stat_keys.RETRY_AFTER_WAITS)
        stats.inc_value(stat_keys.RETRY_AFTER_SECONDS, wait)
        logger.info("%s: %d, Retry-After %.1f s: pausing the portal", request.url,
                    response.status, wait)  # fmt: skip

    def process_response(self, request: Request, response: Response) -> Response:
        wait = request.meta.pop(self.GIVE_UP, None)
        if wait is None:
            return response
        # counted rate_limited by the request's errback
        logger.warning(
            "gave up %s: %d asks to wait %.0f s, over NEWSCRAWLER_RETRY_AFTER_MAX (%.0f s)",
            request.url, response.status, wait, self.cap,
        )  # fmt: skip
        raise RateLimited(f"Retry-After {wait:.0f} s is over the cap of {self.cap:.0f} s")

    def _slow_down(self, key: str) -> None:
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return
        slot.delay = min(max(slot.delay * 2, 1.0), max(self.max_delay, 1.0))
        self.crawler.stats.set_value(stat_keys.RATE_FLOOR + key, slot.delay)
        self.crawler.stats.inc_value(stat_keys.RATE_LIMIT_SLOWED)
        logger.warning("429 from %s: its delay is now %.1f s for the rest of the run", key,
                       slot.delay)  # fmt: skip
