"""Scrapy downloader middleware that keeps every HTTP exchange of the crawl in WARC files.

It sits next to the downloader (``DOWNLOADER_MIDDLEWARES`` priority 950, after Scrapy's own
middlewares in the response path), so it sees each answer as it came off the wire: redirects,
304/404/410 re-check answers and error statuses included, bodies still content-encoded. The
location of the response (or revisit) record is put in ``request.meta["warc_record"]`` as a
dict (``filename``, ``offset``, ``length``, ``record_id``, ``payload_digest``), which is what
the spider links to the items it extracts from that response.

Each record is flushed and fsynced before the response goes on to the spider, so any row the
archive later commits points at a durable record. The fsync runs in a thread of the reactor's pool
(a few ms on a busy disk): the crawl goes on with other responses meanwhile.

Settings: ``NEWSCRAWLER_WARC`` (on by default), ``NEWSCRAWLER_WARC_DIR`` (default
``<NEWSCRAWLER_DB>.warc``), ``NEWSCRAWLER_WARC_MAX_SIZE`` (bytes per file, default 1 GB). A
re-fetch whose payload is the same as the latest capture of its URL (this run or an earlier one,
from the capture index beside the WARC files) is stored as a revisit record; stats count
``newscrawler/warc/records``, ``newscrawler/warc/revisits`` and ``newscrawler/warc/bytes``.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import os
from http import HTTPStatus
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawler import __version__
from newscrawler.capture.warc import CaptureWriter, Exchange
from newscrawler.storage import StorageFailed, storage_failed

logger = logging.getLogger(__name__)


def warc_dir(settings) -> Path:
    """The WARC directory a crawl with ``settings`` writes to."""
    configured = settings.get("NEWSCRAWLER_WARC_DIR")
    return Path(configured) if configured else Path(f"{settings.get('NEWSCRAWLER_DB')}.warc")


@dataclasses.dataclass
class _SharedWriter:
    """The one writer of a WARC directory in this process, and how many open crawls use it."""

    writer: CaptureWriter
    users: int = 0


#: WARC directory (resolved) -> its writer. The crawls of one process (``crawl A B``, ``--all``)
#: share it: one index in memory, one file being written, and no crawl's start cuts back the
#: ``.open`` file another is writing.
_SHARED: dict[Path, _SharedWriter] = {}


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler, writer: CaptureWriter) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = writer
        #: The storage error that stopped capture ("" while none did).
        self.failed = ""
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWLER_WARC", True):
            raise NotConfigured("WARC capture is off")
        directory = warc_dir(settings)
        shared = _SHARED.get(directory.resolve())
        if shared is None:
            writer = CaptureWriter(
                directory,
                prefix=settings.get("BOT_NAME", "newscrawler"),
                max_size=settings.getint("NEWSCRAWLER_WARC_MAX_SIZE", 10**9),
                software=f"newscrawler/{__version__}",
            )
            shared = _SHARED[directory.resolve()] = _SharedWriter(writer)
        return cls(crawler, shared.writer)

    def spider_opened(self) -> None:
        shared = _SHARED[self.writer.directory.resolve()]
        shared.users += 1
        if shared.users > 1:
            return  # another crawl of this process opened the directory and writes to it
        for name in self.writer.open():
            logger.warning(
                "WARC file left open by an interrupted crawl, cut back and closed: %s", name
            )
            self.stats.inc_value("newscrawler/warc/repaired")
        logger.info(
            "capture index: %d earlier records in %s", len(self.writer.index), self.writer.directory
        )

    def spider_closed(self) -> None:
        key = self.writer.directory.resolve()
        shared = _SHARED[key]
        shared.users -= 1
        if shared.users == 0:
            del _SHARED[key]
            try:
                self.writer.close()
            except OSError as exc:  # a full disk: the next start cuts the file back and closes it
                logger.error("WARC file left open (%s): repaired at the next start", exc)

    async def process_response(self, request: Request, response: Response) -> Response:
        if self.failed:  # nothing is appended after a record that may be half written
            raise StorageFailed(f"WARC record of {response.url} not written: {self.failed}")
        try:
            location = self.writer.write(exchange_of(request, response))
            descriptor = self.writer.flush()
            if descriptor is not None:
                await maybe_deferred_to_future(deferToThread(_fsync, descriptor))
        except OSError as exc:  # a full disk, an I/O error: the crawl stops (newscrawler.storage)
            self.failed = str(exc)
            storage_failed(self.crawler, "warc_failed", exc)
            raise StorageFailed(f"WARC record of {response.url} not written: {exc}") from exc
        request.meta["warc_record"] = dataclasses.asdict(location)
        self.stats.inc_value("newscrawler/warc/records")
        if location.revisit:
            self.stats.inc_value("newscrawler/warc/revisits")
        self.stats.inc_value("newscrawler/warc/bytes", location.length)
        return response


def exchange_of(request: Request, response: Response) -> Exchange:
    """The HTTP exchange of ``response`` to ``request``, as the downloader received it."""
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=_pairs(request.headers),
        status=response.status,
        reason=_reason(response.status),
        response_headers=_pairs(response.headers),
        body=response.body,
        protocol=response.protocol or "HTTP/1.1",
    )


def _fsync(descriptor: int) -> None:
    """``os.fsync``, except on a descriptor a file rotation closed meanwhile (closing the file
    fsynced it first)."""
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno != errno.EBADF:
            raise


def _pairs(headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def capture_fields(record: dict | None) -> dict[str, object]:
    """The item fields linking an item to the record it was extracted from (``warc_file``,
    ``warc_offset``, ``warc_record_id``); empty when capture is off."""
    if not record:
        return {}
    return {
        "warc_file": record["filename"],
        "warc_offset": record["offset"],
        "warc_record_id": record["record_id"],
    }
