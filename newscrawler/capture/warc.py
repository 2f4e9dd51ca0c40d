"""WARC files of a crawl: writing request/response/revisit records, finding them again.

Files are gzip-compressed per record (each record its own gzip member, so a record can be read from
its offset alone), named ``PREFIX-YYYYmmddHHMMSS-NNNNN.warc.gz`` and rotated once they pass a size
limit. A file being written carries the suffix ``.open`` (the Heritrix convention) and loses it when
closed; its writer holds an exclusive ``flock`` on it the whole time, released by the kernel when
the writer dies (SIGKILL included). So an ``.open`` file nobody holds locked was left by a dead
writer: :func:`close_abandoned` — run by :meth:`CaptureWriter.open` and by every reader of the
archive's captures (export, show, reextract, template learning) — cuts such a file back to its
last complete record and closes it, so a half-written record never stays behind and no archive
row keeps naming a file that is not closed; a file a live writer holds is left alone. Each
closed file's capture index (:mod:`newscrawler.capture.index`) is then brought in line with it.

A re-fetch whose payload is identical to the latest full capture of its URL — in this run or
any earlier one — is written as a ``revisit`` record (profile *identical-payload-digest*) that
names the original (``WARC-Refers-To``, ``-Target-URI``, ``-Date``) instead of a second copy.

Record locations are only handed out for records that are written; they are *durable* once
:meth:`CaptureWriter.sync` returns (flush + fsync), or :meth:`CaptureWriter.commit` of their
batch. Whoever commits rows that point at records (the archive) makes them durable first; the
crawl's middleware does so for many records at once (a group commit, one ``fsync`` per batch).
"""

from __future__ import annotations

import base64
import dataclasses
import fcntl
import hashlib
import io
import logging
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, TextIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.capture.index import (
    CaptureIndex,
    IndexEntry,
    PriorCapture,
    entry_of,
    fsync_dir,
    index_path,
    reconcile,
)

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
#: Hop-by-hop framing the downloader already undid; kept under another name so a replay tool
#: does not try to de-chunk the stored (already de-chunked) payload.
FRAMING_HEADERS = ("transfer-encoding",)


@dataclass(frozen=True)
class RecordLocation:
    """Where a record lies: ``filename`` (relative to the WARC directory, without ``.open``),
    byte ``offset`` and ``length`` of its gzip member, its ``WARC-Record-ID``, for responses
    and revisits its ``WARC-Payload-Digest`` (``sha1:BASE32``), and whether it is a revisit."""

    filename: str
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    revisit: bool = False


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange as the downloader saw it. ``response_headers`` are raw (name, value)
    pairs; ``body`` is the payload as received (still content-encoded if it was)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"


class CaptureWriter:
    """Writes exchanges into rotating WARC files in ``directory``.

    ``max_size`` is the size in bytes after which the current file is closed and a new one
    started (1 GB by default, the common WARC practice). ``compression_level`` is zlib's (1-9;
    6, gzip's own default, compresses pages within about 1% of 9 at half the CPU).

    Writing is two steps: :meth:`prepare` (revisit decision, records built) and :meth:`commit`
    (compression, writing, index lines, then one flush and one ``fsync`` for the whole batch;
    or, without ``sync``, :meth:`flush` and an ``fsync`` of its descriptor by the caller, e.g.
    in a thread). :meth:`write` does both, without the ``fsync``. Not thread-safe.
    """

    def __init__(
        self, directory: str | Path, *, prefix: str = "newscrawler", max_size: int = 10**9,
        software: str = "newscrawler", compression_level: int = 6,
    ) -> None:  # fmt: skip
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.software = software
        self.compression_level = compression_level
        self._fh: BinaryIO | None = None
        self._name = ""
        self._serial = 0
        self._dirty = False
        self._index_fh: TextIO | None = None
        #: Serialises records, uncompressed, into whatever buffer ``out`` is set to.
        self._builder = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")
        #: URL -> the capture a prepared, not yet committed response will be (for revisits).
        self._queued: dict[str, PriorCapture] = {}
        #: What the directory holds, loaded by :meth:`open` and kept up to date by :meth:`commit`.
        self.index = CaptureIndex()

    # -- files ----------------------------------------------------------------------------------
    def open(self) -> list[str]:
        """Create the directory, close what a killed writer left open, reconcile every file's
        index with it and load the index; returns the names of the files that were repaired."""
        self.directory.mkdir(parents=True, exist_ok=True)
        repaired = close_abandoned(self.directory)
        for path in sorted(self.directory.glob("*.warc.gz")):
            reconcile(path)
        self.index = CaptureIndex.load(self.directory)
        return repaired

    def _start_file(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
            path = self.directory / (name + OPEN_SUFFIX)
            taken = (path, self.directory / name, index_path(path))
            if not any(p.exists() for p in taken):  # an index a deleted file left counts too
                break
        # A batch's records go to the OS in a few large writes, not one per record.
        self._fh = open(path, "xb", buffering=1 << 20)  # noqa: SIM115 (closed in close())
        # Held until close(): tells close_abandoned() in any process that a writer is alive.
        fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._name = name
        self._index_fh = open(index_path(path), "x", encoding="utf-8")  # noqa: SIM115
        buffer = io.BytesIO()
        builder = WARCWriter(buffer, gzip=False, warc_version="1.1")
        builder.write_record(
            builder.create_warcinfo_record(
                name, {"software": self.software, "format": "WARC File Format 1.1"}
            )
        )
        self._fh.write(self._compress(buffer.getvalue()))
        self._dirty = True

    def close(self) -> None:
        """Flush, fsync and close the current file, dropping its ``.open`` suffix (renamed while
        still locked, so no reader takes it for abandoned in between)."""
        if self._fh is None:
            return
        self.sync()
        opened = self.directory / (self._name + OPEN_SUFFIX)
        opened.rename(self.directory / self._name)
        fsync_dir(self.directory)
        self._fh.close()
        if self._index_fh is not None:
            self._index_fh.close()
        self._fh = self._index_fh = None

    def flush(self) -> int | None:
        """Hand every record written so far (and its index lines) to the OS; returns the file
        descriptor to ``os.fsync`` to make them durable, or ``None`` when no file is open. A
        process killed after this loses none of them; a machine that stops may, until the fsync."""
        if self._fh is None:
            return None
        self._fh.flush()
        if self._index_fh is not None:
            self._index_fh.flush()
        return self._fh.fileno()

    def sync(self) -> None:
        """Make every record written so far durable (flush and fsync) and hand its index lines
        to the OS (flushed, not fsynced: a line lost with the machine is rebuilt from the WARC
        file on the next start)."""
        if self._fh is not None and self._dirty:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            if self._index_fh is not None:
                self._index_fh.flush()
            self._dirty = False

    # -- records --------------------------------------------------------------------------------
    def prepare(self, exchange: Exchange) -> PreparedRecord:
        """Build the records of ``exchange``: a response record — or, when the latest full
        capture of the URL (committed or prepared before) has the same non-empty payload, a
        revisit record referring to it — and its request record. Nothing is written yet."""
        http_headers = StatusAndHeaders(
            f"{exchange.status} {exchange.reason}".strip(),
            _stored_headers(exchange.response_headers),
            protocol=exchange.protocol,
        )
        digest = payload_digest(exchange.body)
        prior = None
        if exchange.body:
            prior = self._queued.get(exchange.url) or self.index.prior(exchange.url)
        if prior is not None and prior.payload_digest == digest:
            record = self._builder.create_revisit_record(
                exchange.url, digest, prior.url, prior.date, http_headers=http_headers,
                warc_headers_dict={"WARC-Refers-To": prior.record_id},
            )  # fmt: skip
        else:
            record = self._builder.create_warc_record(
                exchange.url, "response", payload=io.BytesIO(exchange.body),
                length=len(exchange.body), http_headers=http_headers,
            )  # fmt: skip
            record.rec_headers.replace_header("WARC-Payload-Digest", digest)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        request = self._builder.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(
                f"{exchange.method} {_request_target(exchange.url)} {exchange.protocol}",
                exchange.request_headers, is_http_request=True,
            ),
            warc_headers_dict={"WARC-Concurrent-To": record_id},
        )  # fmt: skip
        prepared = PreparedRecord(
            self._serialised(record), self._serialised(request), entry_of(record, "", 0, 0)
        )
        if CaptureIndex.is_prior(prepared.entry):
            date = prepared.entry.date
            self._queued[exchange.url] = PriorCapture(record_id, digest, exchange.url, date)
        return prepared

    def commit(self, batch: Sequence[PreparedRecord], *, sync: bool = True) -> list[RecordLocation]:
        """Compress and write the records of ``batch`` in order (one gzip member each; a new
        file when the current one passed ``max_size``), append their index lines, then — with
        ``sync`` — make them all durable with one flush and one ``fsync``. Returns the location
        of each response or revisit record, in ``batch`` order. Raises ``OSError`` when the
        disk refuses; then none of the batch may be referred to."""
        locations = []
        try:
            for prepared in batch:
                if self._fh is None or self._fh.tell() >= self.max_size:
                    self.close()
                    self._start_file()
                assert self._fh is not None and self._index_fh is not None
                offset = self._fh.tell()
                length = self._fh.write(self._compress(prepared.record))
                self._fh.write(self._compress(prepared.request))
                entry = dataclasses.replace(
                    prepared.entry, filename=self._name, offset=offset, length=length
                )
                self._index_fh.write(entry.line())
                self.index.add(entry)
                self._dirty = True
                locations.append(
                    RecordLocation(
                        self._name,
                        offset,
                        length,
                        entry.record_id,
                        entry.digest,
                        entry.record_type == "revisit",
                    )  # fmt: skip
                )
            if sync:
                self.sync()
        finally:
            for prepared in batch:  # written and indexed, or never to be referred to
                queued = self._queued.get(prepared.entry.url)
                if queued is not None and queued.record_id == prepared.entry.record_id:
                    del self._queued[prepared.entry.url]
        return locations

    def write(self, exchange: Exchange) -> RecordLocation:
        """Write the records of ``exchange`` (:meth:`prepare`, then :meth:`commit` without the
        ``fsync``: durable once :meth:`sync` returns). Returns the location of the response or
        revisit record."""
        return self.commit([self.prepare(exchange)], sync=False)[0]

    def _serialised(self, record) -> bytes:
        buffer = io.BytesIO()
        self._builder.out = buffer
        self._builder.write_record(record)
        return buffer.getvalue()

    def _compress(self, data: bytes) -> bytes:
        """``data`` as one gzip member."""
        compressor = zlib.compressobj(self.compression_level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        return compressor.compress(data) + compressor.flush()


@dataclass(frozen=True)
class PreparedRecord:
    """An exchange made into records by :meth:`CaptureWriter.prepare`, not yet written: the
    response (or revisit) record and its request record, serialised (uncompressed), and the
    index entry of the first without its place (``filename`` empty, ``offset`` and ``length``
    0)."""

    record: bytes
    request: bytes
    entry: IndexEntry


def payload_digest(body: bytes) -> str:
    """``sha1:`` + base32 of the payload, as ``WARC-Payload-Digest`` writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


@dataclass(frozen=True)
class StoredRecord:
    """A record read back: its type, target URI, WARC headers, HTTP status and headers, payload."""

    record_type: str
    url: str
    warc_headers: dict[str, str]
    status: int | None
    http_headers: list[tuple[str, str]]
    payload: bytes


def read_record(directory: str | Path, filename: str, offset: int) -> StoredRecord:
    """Read the record at ``offset`` of ``filename`` in ``directory`` (``.open`` files too).

    Raises ``FileNotFoundError`` when the file is gone and ``ValueError`` when no WARC record
    starts at ``offset``."""
    path = Path(directory) / filename
    if not path.exists() and (Path(directory) / (filename + OPEN_SUFFIX)).exists():
        path = Path(directory) / (filename + OPEN_SUFFIX)
    with open(path, "rb") as fh:
        fh.seek(offset)
        try:
            record = next(iter(ArchiveIterator(fh)))
        except (StopIteration, zlib.error, OSError, ValueError) as exc:
            raise ValueError(f"no WARC record at {filename}:{offset}") from exc
        http = record.http_headers
        status = int(http.get_statuscode()) if http is not None and http.get_statuscode() else None
        return StoredRecord(
            record_type=record.rec_type,
            url=record.rec_headers.get_header("WARC-Target-URI"),
            warc_headers=dict(record.rec_headers.headers),
            status=status,
            http_headers=list(http.headers) if http is not None else [],
            payload=record.content_stream().read(),
        )


def read_payload_record(
    directory: str | Path, filename: str, offset: int, index: CaptureIndex | None = None
) -> StoredRecord:
    """The record at ``offset`` of ``filename`` — or, when it is a revisit, the record it refers
    to (``WARC-Refers-To``, found through ``index``, loaded from ``directory`` when not given) —
    so the payload of a capture is reached whichever kind of record it is.

    Raises ``FileNotFoundError`` when a file is gone and ``ValueError`` when a record is
    missing, or a revisit names no record the index knows."""
    record = read_record(directory, filename, offset)
    if record.record_type != "revisit":
        return record
    refers_to = record.warc_headers.get("WARC-Refers-To")
    place = None
    if refers_to:
        place = (index if index is not None else CaptureIndex.load(directory)).place(refers_to)
    if place is None:
        raise ValueError(
            f"the revisit at {filename}:{offset} refers to {refers_to or 'no record'},"
            " which no capture index lists"
        )
    original = read_record(directory, *place)
    if original.record_type != "response":
        raise ValueError(f"the revisit at {filename}:{offset} refers to a {original.record_type}")
    return original


def close_abandoned(directory: str | Path) -> list[str]:
    """Close every ``.open`` WARC file of ``directory`` whose writer is gone: cut it after its
    last complete record, fsync it, drop the suffix and bring its capture index in line. A
    file a live writer holds (its ``flock``, in this process or another) is left as it is.
    Returns the names of the files closed; an absent directory has none.

    Raises ``OSError`` when a file cannot be cut or renamed (a read-only directory)."""
    closed = []
    for path in sorted(Path(directory).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        try:
            fh = open(path, "r+b")  # noqa: SIM115 (closed below)
        except FileNotFoundError:  # closed by its writer since the listing
            continue
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live writer
            try:
                same = os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # its writer closed (renamed) it between our open and our lock
                continue
            closed.append(_repair_locked(path, fh))
        reconcile(path.with_name(closed[-1]))
    return closed


def settle_for_reading(directory: str | Path) -> list[str]:
    """Before reading the captures in ``directory``: :func:`close_abandoned`, each file closed
    logged; a directory that cannot be changed (read-only, full) is read as it is, with a
    warning (:func:`read_record` reads ``.open`` files too). Returns the names closed."""
    if not Path(directory).is_dir():
        return []
    try:
        closed = close_abandoned(directory)
    except OSError as exc:
        logger.warning("WARC files left open by a dead crawl could not be closed: %s", exc)
        return []
    for name in closed:
        logger.warning("WARC file left open by a dead crawl, cut back and closed: %s", name)
    return closed


def _repair_locked(path: Path, fh: BinaryIO) -> str:
    """Cut ``path`` (open as ``fh``, locked) after its last complete gzip member, fsync it and
    drop the ``.open`` suffix; returns the closed file's name."""
    fh.truncate(_complete_prefix(path))
    fh.flush()
    os.fsync(fh.fileno())
    closed = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    path.rename(closed)
    fsync_dir(path.parent)
    return closed.name


def _complete_prefix(path: Path) -> int:
    """Bytes of ``path`` made of complete gzip members (each a whole WARC record)."""
    data = path.read_bytes()
    end = 0
    while end < len(data):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            decompressor.decompress(data[end:])
        except zlib.error:
            break
        if not decompressor.eof:
            break
        end = len(data) - len(decompressor.unused_data)
    return end


def _stored_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (f"X-Archive-Orig-{name}" if name.lower() in FRAMING_HEADERS else name, value)
        for name, value in headers
    ]


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
