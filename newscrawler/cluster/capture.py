"""WARC capture on a cluster worker: every HTTP exchange travels to the ingester, which writes it.

Workers keep no files. :class:`StreamCaptureMiddleware` (where the single-machine crawl has
:class:`~newscrawler.capture.middleware.WarcCaptureMiddleware`, next to the downloader) turns each
response into a *capture*: the exchange as JSON (body in base64) under a fresh ``key``. A response
to one of the cluster spider's requests appends its capture to ``meta["warc_captures"]`` (so a
redirect or retry carries the captures of the answers before it, through the shared queue if need
be) and puts ``{"filename": None, "offset": None, "record_id": KEY}`` in ``meta["warc_record"]``:
the item extracted from the response names its capture by that key in ``warc_record_id``, and the
ingester replaces the three fields with the record's real location. A response to a request of
Scrapy's own (robots.txt) goes to the item stream at once.

The spider sends a request's captures to the stream as one entry ``{"kind": "capture",
"captures": [...]}`` *before* the requests and items its callback produced, so an item always
comes after the capture it names.

Settings: ``NEWSCRAWLER_WARC`` (on by default; ``worker --no-warc`` turns it off).
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawler import stat_keys
from newscrawler.capture.middleware import exchange_of
from newscrawler.capture.warc import Exchange

#: Request meta key: the captures of the answers a request got so far (a list of dicts).
CAPTURES = "warc_captures"


def capture_record(exchange: Exchange) -> dict[str, Any]:
    """``exchange`` as a JSON-serialisable dict with a new ``key`` (32 hex digits). Whether it
    becomes a response or a revisit record is the ingester's writer's call (its capture index
    knows the latest capture of the URL)."""
    return {
        "key": uuid.uuid4().hex,
        "url": exchange.url,
        "method": exchange.method,
        "request_headers": exchange.request_headers,
        "status": exchange.status,
        "reason": exchange.reason,
        "response_headers": exchange.response_headers,
        "protocol": exchange.protocol,
        "body": base64.b64encode(exchange.body).decode("ascii"),
    }


def read_capture(record: dict[str, Any]) -> tuple[str, Exchange]:
    """``(key, exchange)`` of a :func:`capture_record`. Raises ``KeyError``,
    ``TypeError`` or ``ValueError`` (binascii.Error) for a malformed one."""
    exchange = Exchange(
        url=record["url"],
        method=record["method"],
        request_headers=[(str(n), str(v)) for n, v in record["request_headers"]],
        status=int(record["status"]),
        reason=record["reason"],
        response_headers=[(str(n), str(v)) for n, v in record["response_headers"]],
        body=base64.b64decode(record["body"], validate=True),
        protocol=record["protocol"],
    )
    return str(record["key"]), exchange


class StreamCaptureMiddleware:
    """Downloader middleware of a worker (priority 970, as the single-machine capture)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StreamCaptureMiddleware:
        if not crawler.settings.getbool("NEWSCRAWLER_WARC", True):
            raise NotConfigured("WARC capture is off")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        record = capture_record(exchange_of(request, response))
        stats = self.crawler.stats
        stats.inc_value(stat_keys.WARC_CAPTURED)
        stats.inc_value(stat_keys.WARC_CAPTURED_BYTES, len(response.body))
        if "site_spec" in request.meta:
            request.meta[CAPTURES] = [*request.meta.get(CAPTURES, ()), record]
            request.meta["warc_record"] = {
                "filename": None,
                "offset": None,
                "record_id": record["key"],
            }
        else:
            spider = self.crawler.spider
            spider.stream.add({"kind": "capture", "captures": [record]})
        return response
