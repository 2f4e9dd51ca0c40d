"""AutoThrottle that keeps each portal's own delay as its floor.

Scrapy's AutoThrottle never goes under ``DOWNLOAD_DELAY`` — the run-wide value — even for a
download slot that has a larger delay of its own (``DOWNLOAD_SLOTS``, where the portal spider puts
a profile's ``download_delay``). So a profile asking for 2.5 s between requests got 1 s once the
server answered quickly. Here the floor of a slot is its own configured delay (the run-wide one
for other slots): AutoThrottle may slow a portal down, never speed it up past its profile.
Scrapy's random jitter (``DOWNLOAD_DELAY_JITTER``, 0.5-1.5x by default) still applies on top.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response


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
            slot.delay = max(slot.delay, self.floors.get(key, self.default_floor))
