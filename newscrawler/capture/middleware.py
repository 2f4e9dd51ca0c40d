"""Scrapy downloader middleware that keeps every HTTP exchange of the crawl in WARC files.

It sits next to the downloader (``DOWNLOADER_MIDDLEWARES`` priority 950, after Scrapy's own
middlewares in the response path), so it sees each answer as it came off the wire: redirects,
304/404/410 re-check answers and error statuses included, bodies still content-encoded. The
location of the response (or revisit) record is put in ``request.meta["warc_record"]`` as a
dict (``filename``, ``offset``, ``length``, ``record_id``, ``payload_digest``), which is what
the spider links to the items it extracts from that response.

A response goes on to the spider only once its record is durable, so any row the archive later
commits points at a durable record. Records are made durable in groups, as databases commit
(:class:`GroupCommit`): each response's records are built at once, a batch of them is
compressed and written together, one ``fsync`` in a thread of the reactor's pool makes them all
durable, then every response of the batch goes on. (Compressing in that thread measured slower:
each step back into Python waits for the GIL the busy reactor thread holds.) A batch closes after
``NEWSCRAWLER_WARC_COMMIT_DELAY`` seconds (default 0.005) from its first record or at
``NEWSCRAWLER_WARC_COMMIT_RECORDS`` records (default 64), whichever comes first; while one
batch is being written the next one gathers. One ``fsync`` per batch instead of one per
response is what makes capture cheap on a disk where an ``fsync`` takes milliseconds.

Settings: ``NEWSCRAWLER_WARC`` (on by default), ``NEWSCRAWLER_WARC_DIR`` (default
``<NEWSCRAWLER_DB>.warc``), ``NEWSCRAWLER_WARC_MAX_SIZE`` (bytes per file, default 1 GB),
``NEWSCRAWLER_WARC_COMPRESSION_LEVEL`` (zlib level 1-9, default 6), and the two batch limits
above. A re-fetch whose payload is the same as the latest capture of its URL (this run or an
earlier one, from the capture index beside the WARC files) is stored as a revisit record; stats
count ``newscrawler/warc/records``, ``newscrawler/warc/revisits``, ``newscrawler/warc/bytes``
and ``newscrawler/warc/commits`` (batches made durable; with crawls sharing a writer, in the
stats of the crawl that opened it).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer
from twisted.internet.interfaces import IDelayedCall, IReactorTime
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from newscrawler import SOFTWARE, stat_keys
from newscrawler.capture.warc import CaptureWriter, Exchange, PreparedRecord, RecordLocation
from newscrawler.crawl.storage import StorageFailed, storage_failed

logger = logging.getLogger(__name__)

#: Defaults of the batch limits (seconds from a batch's first record; records).
COMMIT_DELAY = 0.005
COMMIT_RECORDS = 64


def warc_dir(settings) -> Path:
    """The WARC directory a crawl with ``settings`` writes to."""
    configured = settings.get("NEWSCRAWLER_WARC_DIR")
    return Path(configured) if configured else Path(f"{settings.get('NEWSCRAWLER_DB')}.warc")


class GroupCommit:
    """Makes prepared records durable in batches; each caller learns its record's location
    only once the batch holding it is written and fsynced.

    :meth:`add` queues a record and returns a Deferred firing with its
    :class:`~newscrawler.capture.warc.RecordLocation` (or failing with the writer's ``OSError``
    for the whole batch). A batch is committed ``delay`` seconds after its first record was
    queued, or as soon as it holds ``records`` records; one commit runs at a time (its ``fsync``
    in a thread), and records queued meanwhile form the next batch, committed when the running one ends if it
    is due by then. ``on_commit`` is called with the size of each batch made durable.
    ``clock`` (default: the running reactor) schedules the delay; ``in_thread`` runs a batch's
    ``fsync`` and returns a Deferred of it (default: ``deferToThread``, the reactor's pool).
    """

    def __init__(
        self, writer: CaptureWriter, *, delay: float = COMMIT_DELAY,
        records: int = COMMIT_RECORDS, on_commit: Callable[[int], object] | None = None,
        clock: IReactorTime | None = None,
        in_thread: Callable[..., defer.Deferred] = deferToThread,
    ) -> None:  # fmt: skip
        self.writer = writer
        self.clock = clock
        self.in_thread = in_thread
        self.delay = delay
        self.records = max(1, records)
        self.on_commit = on_commit
        self._queue: list[tuple[PreparedRecord, defer.Deferred]] = []
        self._timer: IDelayedCall | None = None
        self._due = False
        self._running: defer.Deferred | None = None

    def add(self, prepared: PreparedRecord) -> defer.Deferred:
        """Queue ``prepared``; the Deferred fires with its location once it is durable."""
        waiting: defer.Deferred = defer.Deferred()
        self._queue.append((prepared, waiting))
        if len(self._queue) >= self.records:
            self._commit()
        elif self._timer is None and not self._due:
            self._timer = self._call_later()
        return waiting

    def drain(self) -> defer.Deferred:
        """A Deferred firing once every record queued so far is committed (now, not after the
        delay) and no commit is running."""
        self._due = True
        self._commit()
        if self._running is None:
            return defer.succeed(None)
        done: defer.Deferred = defer.Deferred()
        self._running.addBoth(lambda result: (self.drain().chainDeferred(done), result)[1])
        return done

    def _commit(self) -> None:
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        if self._running is not None:
            self._due = True  # taken up when the running commit ends
            return
        self._due = False
        if not self._queue:
            return
        batch, self._queue = self._queue, []
        try:
            locations = self.writer.commit([prepared for prepared, _ in batch], sync=False)
            descriptor = self.writer.flush()
        except OSError:
            self._failed(Failure(), batch)
            return
        self._running = self.in_thread(os.fsync, descriptor)
        self._running.addCallbacks(
            lambda _: self._written(locations, batch), self._failed, errbackArgs=(batch,)
        )

    def _written(self, locations: list[RecordLocation], batch: list) -> None:
        self._running = None
        if self.on_commit is not None:
            self.on_commit(len(batch))
        for (_, waiting), location in zip(batch, locations, strict=True):
            waiting.callback(location)
        self._next()

    def _failed(self, failure: Failure, batch: list) -> None:
        self._running = None
        for _, waiting in batch:
            waiting.errback(failure)
        self._next()

    def _call_later(self) -> IDelayedCall:
        if self.clock is None:
            # Imported here: importing the reactor at module level would install Twisted's
            # default one before Scrapy installs the configured one.
            from twisted.internet import reactor

            self.clock = reactor
        return self.clock.callLater(self.delay, self._commit)

    def _next(self) -> None:
        if self._due or len(self._queue) >= self.records:
            self._commit()
        elif self._queue and self._timer is None:
            self._timer = self._call_later()


@dataclasses.dataclass
class _SharedWriter:
    """The one writer of a WARC directory in this process, its group commit, and how many open
    crawls use it."""

    writer: CaptureWriter
    commits: GroupCommit
    users: int = 0


#: WARC directory (resolved) -> its writer. The crawls of one process (``crawl A B``, ``--all``)
#: share it: one index in memory, one file being written, and no crawl's start cuts back the
#: ``.open`` file another is writing.
_SHARED: dict[Path, _SharedWriter] = {}


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler, shared: _SharedWriter) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = shared.writer
        self.commits = shared.commits
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
                software=SOFTWARE,
                compression_level=settings.getint("NEWSCRAWLER_WARC_COMPRESSION_LEVEL", 6),
            )
            commits = GroupCommit(
                writer,
                delay=settings.getfloat("NEWSCRAWLER_WARC_COMMIT_DELAY", COMMIT_DELAY),
                records=settings.getint("NEWSCRAWLER_WARC_COMMIT_RECORDS", COMMIT_RECORDS),
                on_commit=lambda _size: crawler.stats.inc_value(stat_keys.WARC_COMMITS),
            )
            shared = _SHARED[directory.resolve()] = _SharedWriter(writer, commits)
        return cls(crawler, shared)

    def spider_opened(self) -> None:
        shared = _SHARED[self.writer.directory.resolve()]
        shared.users += 1
        if shared.users > 1:
            return  # another crawl of this process opened the directory and writes to it
        for name in self.writer.open():
            logger.warning(
                "WARC file left open by an interrupted crawl, cut back and closed: %s", name
            )
            self.stats.inc_value(stat_keys.WARC_REPAIRED)
        logger.info(
            "capture index: %d earlier records in %s", len(self.writer.index), self.writer.directory
        )

    def spider_closed(self) -> defer.Deferred:
        """Commit what is queued; the last crawl using the writer then closes its file."""
        key = self.writer.directory.resolve()
        shared = _SHARED[key]
        shared.users -= 1
        drained = self.commits.drain()
        if shared.users == 0:
            del _SHARED[key]
            drained.addCallback(lambda _: self._close())
        return drained

    def _close(self) -> None:
        try:
            self.writer.close()
        except OSError as exc:  # a full disk: the next start cuts the file back and closes it
            logger.error("WARC file left open (%s): repaired at the next start", exc)

    async def process_response(self, request: Request, response: Response) -> Response:
        if self.failed:  # nothing is appended after a record that may be half written
            raise StorageFailed(f"WARC record of {response.url} not written: {self.failed}")
        try:
            prepared = self.writer.prepare(exchange_of(request, response))
            committed = self.commits.add(prepared)
            location: RecordLocation = await maybe_deferred_to_future(committed)
        except OSError as exc:  # a full disk, an I/O error: the crawl stops (newscrawler.crawl.storage)
            self.failed = str(exc)
            storage_failed(self.crawler, "warc_failed", exc)
            raise StorageFailed(f"WARC record of {response.url} not written: {exc}") from exc
        request.meta["warc_record"] = dataclasses.asdict(location)
        self.stats.inc_value(stat_keys.WARC_RECORDS)
        if location.revisit:
            self.stats.inc_value(stat_keys.WARC_REVISITS)
        self.stats.inc_value(stat_keys.WARC_BYTES, location.length)
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
