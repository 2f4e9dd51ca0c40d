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
import zlib
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

    About 460 bytes per record (measured); loaded in about a second per million records.
    """

    def __init__(self) -> None:
        self._latest: dict[str, PriorCapture] = {}
        self._places: dict[str, tuple[str, int]] = {}

    def __len__(self) -> int:
        return len(self._places)

    @classmethod
    def load(cls, directory: str | Path) -> CaptureIndex:
        """Read every ``*.cdxj`` of ``directory`` (entries applied in ``WARC-Date`` order).

        Lines that cannot be parsed — a partial last line of an index being written — are
        skipped: the writer's next start re-indexes their records. The index of a WARC file
        that is gone (deleted or moved away, ``.open`` or not) is skipped: its records cannot
        be referred to."""
        entries = []
        for path in Path(directory).glob(f"*.warc.gz{INDEX_SUFFIX}"):
            warc = path.with_name(path.name.removesuffix(INDEX_SUFFIX))
            if warc.exists() or warc.with_name(warc.name + ".open").exists():
                entries += _read_index(path)[0]
        index = cls()
        for entry in sorted(entries, key=lambda e: (e.date, e.filename, e.offset)):
            index.add(entry)
        return index

    def add(self, entry: IndexEntry) -> None:
        """Record ``entry``; a successful (2xx) response with a payload becomes its URL's latest
        capture (an empty 304, or an error page, is nothing a later fetch should refer to)."""
        self._places[entry.record_id] = (entry.filename, entry.offset)
        if self.is_prior(entry):
            assert entry.digest is not None
            self._latest[entry.url] = PriorCapture(
                entry.record_id, entry.digest, entry.url, entry.date
            )

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

    def prior(self, url: str) -> PriorCapture | None:
        """The latest successful full (response) capture of ``url`` with a payload, if any."""
        return self._latest.get(url)

    def place(self, record_id: str) -> tuple[str, int] | None:
        """``(filename, offset)`` of the record with this ``WARC-Record-ID``, if indexed."""
        return self._places.get(record_id)


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
    entries, bad = [], False
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.endswith("\n"):
                bad = True
                continue
            try:
                entries.append(IndexEntry.parse(line))
            except ValueError:
                bad = True
    return entries, bad


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
