"""Fetching an article's images and attachments, after the article is read.

The article item waits while its media are fetched one after another; each fetched file becomes
an entry of the item's ``media`` list (payload sha256, bytes, mime, caption, the WARC record
holding it), which the archive writes to its ``media`` table with the article. Media requests are
ordinary requests of the crawl: the portal's download slot (its delay and concurrency, or the
cluster's shared slot), the scope check (an offsite file is refused and counted ``offsite``) and
WARC capture all apply.

Settings: ``NEWSCRAWLER_MEDIA`` (on by default; ``crawl --no-media`` turns it off) and
``NEWSCRAWLER_MEDIA_MAX_SIZE`` (bytes per file, default 20 MB, passed as Scrapy's
``download_maxsize``; a larger file is skipped, counted ``media_too_large``). A media URL the
archive already holds, or this run already fetched, is not fetched again
(``newscrawler/media/known_skipped``); its row is copied for the new article. A file that cannot
be fetched (404, timeout...) is counted ``media_unavailable`` and the article is stored anyway;
when the cause may pass (the portal down, a timeout, a 5xx), the article's ``unfetched`` says
``media`` and the next run fetches the article again to retry its files.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import scrapy
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawler import reasons, stat_keys
from newscrawler.archive.known import utc_now
from newscrawler.capture.middleware import capture_fields
from newscrawler.crawl.middlewares import OffsiteRequest
from newscrawler.crawl.storage import StorageFailed
from newscrawler.crawl.throttle import RateLimited
from newscrawler.items import ArticleItem

logger = logging.getLogger(__name__)

#: Default ``NEWSCRAWLER_MEDIA_MAX_SIZE``: 20 MB.
DEFAULT_MAX_SIZE = 20 * 1024 * 1024
#: How many fetched files a run remembers, so one shared by many articles is fetched once.
RUN_MEMORY = 10_000


def wanted_media(item: Any) -> list[dict[str, Any]]:
    """The files of an article item to fetch, in page order, each URL once: its ``images``
    (with the caption of a captioned one), then its ``attachments``:
    ``[{"url", "kind": "image" | "attachment", "caption": str | None}]``."""
    captions = {c.get("image_url"): c.get("text") for c in item.get("captions") or ()}
    wanted: dict[str, dict[str, Any]] = {}
    for url in item.get("images") or ():
        wanted.setdefault(url, {"url": url, "kind": "image", "caption": captions.get(url)})
    for attachment in item.get("attachments") or ():
        url = attachment["url"]
        wanted.setdefault(url, {"url": url, "kind": "attachment", "caption": None})
    return list(wanted.values())


def file_entry(response: Response) -> dict[str, Any]:
    """The facts of one fetched file: mime type (without parameters), size in bytes and sha256
    (hex) of the payload as delivered (content-encoding undone), fetch time and WARC record."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    body = response.body
    return {
        "mime": content_type.split(";", 1)[0].strip().lower() or None,
        "bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "fetched_at": utc_now().isoformat(timespec="seconds"),
        "warc_file": None,
        "warc_offset": None,
        "warc_record_id": None,
        **capture_fields(response.meta.get("warc_record")),
    }


def failure_reason(failure: Failure) -> str:
    """The error reason of a failed request: ``http_<status>`` for an HTTP error status, else
    the download failure's (:func:`newscrawler.reasons.download_failure`)."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(RateLimited):
        return "rate_limited"
    return reasons.download_failure(failure.value)


class MediaFetching:
    """Mixed into the portal spider: :meth:`media_or_item` instead of yielding an article."""

    crawler: Any
    known: Any
    #: Files this run fetched: media URL -> entry (the newest :data:`RUN_MEMORY` of them).
    media_fetched: dict[str, dict[str, Any]]

    def media_or_item(self, item: ArticleItem) -> scrapy.Request | ArticleItem:
        """The request for the article's first media file still to fetch, or the item itself
        when there is none (or media fetching is off)."""
        if not self.crawler.settings.getbool("NEWSCRAWLER_MEDIA", True):
            return item
        item["media"] = []
        return self._next_media(item, wanted_media(item))

    def _next_media(
        self, item: ArticleItem, pending: list[dict[str, Any]]
    ) -> scrapy.Request | ArticleItem:
        stats = self.crawler.stats
        while pending:
            wanted, pending = pending[0], pending[1:]
            known = self.media_fetched.get(wanted["url"]) or self.known.media(wanted["url"])
            if known is not None:
                stats.inc_value(stat_keys.MEDIA_KNOWN_SKIPPED)
                item["media"].append({**wanted, **known})
                continue
            return scrapy.Request(
                wanted["url"],
                callback=self.parse_media,
                errback=self.media_failed,
                cb_kwargs={"item": item},
                meta={
                    "media": wanted,
                    "media_pending": pending,
                    "download_maxsize": self.crawler.settings.getint(
                        "NEWSCRAWLER_MEDIA_MAX_SIZE", DEFAULT_MAX_SIZE
                    ),
                },
                dont_filter=True,
            )
        return item

    def parse_media(self, response: Response, item: ArticleItem) -> Any:
        wanted = response.meta["media"]
        entry = file_entry(response)
        self.media_fetched[wanted["url"]] = entry
        if len(self.media_fetched) > RUN_MEMORY:
            del self.media_fetched[next(iter(self.media_fetched))]
        item["media"].append({**wanted, **entry})
        stats = self.crawler.stats
        stats.inc_value(stat_keys.MEDIA_FETCHED)
        stats.inc_value(stat_keys.MEDIA_BYTES, entry["bytes"])
        yield self._next_media(item, response.meta["media_pending"])

    def media_failed(self, failure: Failure) -> Any:
        """A file that could not be fetched is counted and left out; the article goes on."""
        request = failure.request
        if failure.check(OffsiteRequest, StorageFailed):
            pass  # counted and logged where it was refused
        elif failure.check(DownloadCancelledError) or reasons.is_decompression_bomb(failure.value):
            reasons.count(self.crawler.stats, "media_too_large")
            logger.warning(
                "skipped %s: larger than NEWSCRAWLER_MEDIA_MAX_SIZE (%s bytes)",
                request.url,
                request.meta.get("download_maxsize"),
            )
        else:
            reasons.count(self.crawler.stats, "media_unavailable")
            logger.warning("media not fetched %s: %s", request.url, failure.getErrorMessage())
            self.unfetched(request.cb_kwargs["item"], "media", failure)
        yield self._next_media(request.cb_kwargs["item"], request.meta["media_pending"])

    def unfetched(self, item: ArticleItem, what: str, failure: Failure) -> None:
        """Note on the item that its ``what`` (``views``, ``media``) failed for a passing cause
        (:func:`newscrawler.reasons.is_passing`), so the next run fetches the article again
        (counted in ``newscrawler/unfetched``: the run is ``partial``)."""
        if not reasons.is_passing(failure_reason(failure)):
            return
        self.crawler.stats.inc_value(stat_keys.UNFETCHED)
        missing = item.get("unfetched") or []
        if what not in missing:
            item["unfetched"] = [*missing, what]
