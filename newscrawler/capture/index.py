"""The capture index: one CDXJ line per response or revisit record, beside each WARC file.

Every WARC file ``NAME.warc.gz`` has its index ``NAME.warc.gz.cdxj``, appended as records are
written (flushed with them, not fsynced: an index line lost in a crash is rebuilt from the WARC
file on the next start). A line is ``SURT TIMESTAMP14 {json}``, the CDXJ form pywb and
the ``wacz`` tools use, with ``url``, ``mime``, ``status``, ``digest``, ``length``, ``offset``,
``filename`` and, beyond the usual keys, ``date`` (the full ``WARC-Date``), ``record_id`` and,
for revisits, ``refers_to`` (the ``WARC-Record-ID`` of the record holding the payload).

It serves two needs:

- at crawl time, the latest capture of each URL, so an unchanged re-fetch in a later run is a
  ``revisit`` record instead of a second copy (:meth:`CaptureIndex.prior`);
- when reading, the record a revisit refers to, so ``show --raw``, ``reextract`` and the WACZ
  export reach the payload (:func:`read_payload_record`).

An index is a cache of its WARC file and never the authority: :func:`reconcile` (run when a
writer opens the directory, after ``.open`` files are cut) drops lines for records past the end
of the file and indexes records the index lacks, so the index always matches the WARC files,
whatever point a crash happened at.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from surt import surt
from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_timestamp

INDEX_SUFFIX = ".cdxj"
#: WARC record types the index lists: those a URL's content can be read from.
INDEXED_TYPES = ("response", "revisit")
#: ``WARC-Payload-Digest`` of an empty payload (a 304, a HEAD answer): nothing to refer to.
EMPTY_DIGEST = "sha1:" + base64.b32encode(hashlib.sha1(b"").digest()).decode("ascii")


@dataclass(frozen=True)
class IndexEntry:
    """One indexed record: target ``url``, ``date`` (``WARC-Date``), ``record_type``
    (``response`` or ``revisit``), HTTP ``status``, ``mime`` (the response's content type),
    payload ``digest`` (``sha1:BASE32``), its place (``filename``, byte ``offset`` and ``length``
    of the gzip member), ``record_id``, and for a revisit ``refers_to`` (a record id)."""

    url: str
    date: str
    record_type: str
    status: int | None
    mime: str | None
    digest: str | None
    filename: str
    offset: int
    length: int
    record_id: str
    refers_to: str | None = None

    def line(self) -> str:
        """The CDXJ line (with its newline)."""
        fields = dict(self.__dict__)  # asdict() would deep-copy: ten times slower
        fields["mime"] = "warc/revisit" if self.record_type == "revisit" else self.mime
        fields["type"] = fields.pop("record_type")
        return f"{_surt(self.url)} {iso_date_to_timestamp(self.date)} {json.dumps(fields)}\n"

    @classmethod
    def parse(cls, line: str) -> IndexEntry:
        """An entry from a line :meth:`line` wrote; ``ValueError`` for anything else."""
        try:
            fields = json.loads(line.split(" ", 2)[2])
            fields["record_type"] = fields.pop("type")
            fields["filename"] = sys.intern(fields["filename"])  # one string per file
            if fields["record_type"] == "revisit":
                fields["mime"] = None
            return cls(**fields)
        except (IndexError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a capture index line: {line[:80]!r}") from exc


@dataclass(frozen=True)
class PriorCapture:
    """The capture a revisit refers to: its ``record_id``, ``payload_digest``, ``url`` and
    ``date`` (``WARC-Date``)."""

    record_id: str
    payload_digest: str
    url: str
    date: str


class CaptureIndex:
    """The index of a WARC directory in memory: the latest full capture of each URL and the
    place of every indexed record.

    Record ids and digests are kept as raw bytes: about 470 bytes per record (a page and its
    latest capture), against 750 as strings in dataclasses (measured with ``tracemalloc``,
    22,000 records).
    """

    def __init__(self) -> None:
        #: URL -> (record id, payload digest, WARC-Date), id and digest packed (_pack_id, _pack_digest).
        self._latest: dict[str, tuple[bytes | str, bytes | str, str]] = {}
        #: Record id (packed) -> (file name, offset).
        self._places: dict[bytes | str, tuple[str, int]] = {}
        self._records = 0

    def __len__(self) -> int:
        """Records indexed."""
        return self._records

    @classmethod
    def load(cls, directory: str | Path) -> CaptureIndex:
        """Read every ``*.cdxj`` of ``directory``; a URL's latest capture is its capture with
        the latest ``WARC-Date`` (ties: the later file name, then offset).

        Lines that cannot be parsed — a partial last line of an index being written — are
        skipped: the writer's next start re-indexes their records. The index of a WARC file
        that is gone (deleted or moved away, ``.open`` or not) is skipped: its records cannot
        be referred to. Read file by file, so loading needs little beyond the index itself."""
        index = cls()
        for path in sorted(Path(directory).glob(f"*.warc.gz{INDEX_SUFFIX}")):
            warc = path.with_name(path.name.removesuffix(INDEX_SUFFIX))
            if warc.exists() or warc.with_name(warc.name + ".open").exists():
                for entry in _entries(path):  # in offset order, as written
                    index.add(entry, only_if_newer=True)
        return index

    def add(self, entry: IndexEntry, *, only_if_newer: bool = False) -> None:
        """Record ``entry``; a successful (2xx) response with a payload becomes its URL's latest
        capture (an empty 304, or an error page, is nothing a later fetch should refer to) —
        with ``only_if_newer``, only when its ``WARC-Date`` is not older than the one known."""
        self._records += 1
        self._places[_pack_id(entry.record_id)] = (entry.filename, entry.offset)
        if not self.is_prior(entry):
            return
        known = self._latest.get(entry.url)
        if only_if_newer and known is not None and known[2] > entry.date:
            return
        assert entry.digest is not None
        self._latest[entry.url] = (
            _pack_id(entry.record_id),
            _pack_digest(entry.digest),
            entry.date,
        )

    def prior(self, url: str) -> PriorCapture | None:
        """The latest successful full (response) capture of ``url`` with a payload, if any."""
        known = self._latest.get(url)
        if known is None:
            return None
        record_id, digest, date = known
        return PriorCapture(_unpack_id(record_id), _unpack_digest(digest), url, date)

    def place(self, record_id: str) -> tuple[str, int] | None:
        """``(filename, offset)`` of the record with this ``WARC-Record-ID``, if indexed."""
        return self._places.get(_pack_id(record_id))

    @staticmethod
    def is_prior(entry: IndexEntry) -> bool:
        """Whether ``entry`` is what a later fetch of its URL may refer to: a successful (2xx)
        full response with a non-empty payload."""
        return bool(
            entry.record_type == "response"
            and entry.status is not None
            and 200 <= entry.status < 300
            and entry.digest
            and entry.digest != EMPTY_DIGEST
        )


def _pack_id(record_id: str) -> bytes | str:
    """A ``<urn:uuid:…>`` record id as its 16 bytes; any other id as it is."""
    if record_id.startswith("<urn:uuid:") and record_id.endswith(">"):
        try:
            return uuid.UUID(record_id[10:-1]).bytes
        except ValueError:
            pass
    return record_id


def _unpack_id(packed: bytes | str) -> str:
    return packed if isinstance(packed, str) else f"<urn:uuid:{uuid.UUID(bytes=packed)}>"


def _pack_digest(digest: str) -> bytes | str:
    """A ``sha1:BASE32`` digest as its 20 bytes; any other digest as it is."""
    if digest.startswith("sha1:") and len(digest) == 37:
        try:
            return base64.b32decode(digest[5:])
        except ValueError:
            pass
    return digest


def _unpack_digest(packed: bytes | str) -> str:
    return packed if isinstance(packed, str) else "sha1:" + base64.b32encode(packed).decode("ascii")


def index_path(warc: Path) -> Path:
    """The index of the WARC file ``warc`` (``.open`` or not): ``NAME.warc.gz.cdxj``."""
    name = warc.name.removesuffix(".open")
    return warc.with_name(name + INDEX_SUFFIX)


def entry_of(record, filename: str, offset: int, length: int) -> IndexEntry:
    """The index entry of a warcio ``record`` read or written at ``offset`` of ``filename``."""
    headers = record.rec_headers
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    return IndexEntry(
        url=headers.get_header("WARC-Target-URI"),
        date=headers.get_header("WARC-Date"),
        record_type=record.rec_type,
        status=int(status) if status else None,
        mime=http.get_header("Content-Type") if http is not None else None,
        digest=headers.get_header("WARC-Payload-Digest"),
        filename=filename,
        offset=offset,
        length=length,
        record_id=headers.get_header("WARC-Record-ID"),
        refers_to=headers.get_header("WARC-Refers-To"),
    )


def reconcile(warc: Path) -> int:
    """Make the index of the closed WARC file ``warc`` match it: drop lines of records that are
    not (wholly) in the file, index the records after the last listed one. Returns how many lines
    were dropped plus added (0 when the index was right). The index is replaced atomically."""
    index = index_path(warc)
    entries, partial = _read_index(index) if index.exists() else ([], False)
    size = warc.stat().st_size
    kept = [e for e in entries if e.filename == warc.name and e.offset + e.length <= size]
    start = max((e.offset + e.length for e in kept), default=0)
    added = _scan(warc, start)
    if len(kept) == len(entries) and not added and not partial and index.exists():
        return 0
    temporary = index.with_name(index.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        out.writelines(e.line() for e in [*kept, *added])
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(index)
    fsync_dir(warc.parent)
    return len(entries) - len(kept) + len(added) + int(partial)


def _read_index(path: Path) -> tuple[list[IndexEntry], bool]:
    """The entries of an index file, and whether some line was unreadable."""
    entries: list[IndexEntry] = []
    bad = [False]
    entries.extend(_entries(path, bad))
    return entries, bad[0]


def _entries(path: Path, bad: list[bool] | None = None) -> Iterator[IndexEntry]:
    """The readable entries of an index file, one at a time; ``bad[0]`` is set when some line
    is not."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                if not line.endswith("\n"):
                    raise ValueError("partial line")
                entry = IndexEntry.parse(line)
            except ValueError:
                if bad is not None:
                    bad[0] = True
                continue
            yield entry


def _scan(warc: Path, start: int) -> list[IndexEntry]:
    """Entries for the response and revisit records of ``warc`` from byte ``start`` on."""
    found = []
    with open(warc, "rb") as fh:
        fh.seek(start)
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if record.rec_type in INDEXED_TYPES:
                    offset = records.get_record_offset()  # from the file's start
                    length = records.get_record_length()
                    found.append(entry_of(record, warc.name, offset, length))
        except (zlib.error, OSError, ValueError):
            pass  # a damaged tail: what was read before it is indexed
    return found


def _surt(url: str) -> str:
    try:
        return surt(url)
    except ValueError:
        return url


def fsync_dir(directory: Path) -> None:
    """Make the entries of ``directory`` (new, renamed files) durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
