"""The item stream between workers and the ingester: a Redis stream with a consumer group.

Workers ``add`` every extracted item (a JSON object) to the stream; they never touch SQLite. The
ingester ``read``s batches as consumer of the group ``ingest``, stores them, and ``ack``s only
after its commit. Entries a killed ingester read but never acknowledged stay *pending* in the
group and are claimed again (``XAUTOCLAIM``) once idle for ``reclaim_after`` seconds, so nothing
is lost; the archive remembers which entry ids it stored (``ingested_entries``), so an entry
delivered twice is stored once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.exceptions import ResponseError

GROUP = "ingest"


@dataclass(frozen=True)
class Entry:
    """One stream entry: its id (``1700000000000-0``), the item it carries and the size of its
    JSON text in bytes."""

    id: str
    item: dict[str, Any]
    size: int = 0


class ItemStream:
    """The stream ``{prefix}:items`` on ``redis``."""

    def __init__(self, redis: Redis, prefix: str = "newscrawler") -> None:
        self.redis = redis
        self.key = f"{prefix}:items"

    def add(self, item: dict[str, Any], pipe: Any = None) -> str | None:
        """Append ``item`` (JSON-serialisable); returns the entry id, or ``None`` when ``pipe``
        (a Redis pipeline, to add the entry inside a transaction) is given."""
        fields = {"item": json.dumps(item, ensure_ascii=False)}
        if pipe is not None:
            pipe.xadd(self.key, fields)
            return None
        entry_id = self.redis.xadd(self.key, fields)
        return entry_id.decode() if isinstance(entry_id, bytes) else entry_id

    def ensure_group(self) -> None:
        """Create the ``ingest`` consumer group (from the stream's start) if it is missing."""
        try:
            self.redis.xgroup_create(self.key, GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def read(
        self,
        consumer: str,
        count: int = 100,
        block: float = 1.0,
        reclaim_after: float = 30.0,
        max_bytes: int = 64 * 1024 * 1024,
    ) -> list[Entry]:
        """Up to ``count`` entries for ``consumer``: first entries another consumer left pending
        for ``reclaim_after`` seconds, else new ones (waiting up to ``block`` seconds for the
        first). The batch ends once it holds ``max_bytes`` of JSON (at least one entry): it is read
        one entry, then as many as the bytes left allow at the mean size so far, so captures of
        large files do not fill the memory."""
        entries: list[Entry] = []
        size = 0
        claiming = True  # a batch is either reclaimed entries or new ones, never both
        cursor: Any = "0-0"  # where the scan of pending entries goes on (None: done)
        while len(entries) < count and size < max_bytes:
            # One entry first; then as many as the bytes left allow at the mean size so far.
            step = 1 if not entries else (max_bytes - size) // max(1, size // len(entries))
            step = max(1, min(step, count - len(entries)))
            chunk: list[Entry] = []
            if claiming:
                if cursor is None:
                    break  # the scan of pending entries is done: the batch is what it found
                cursor, claimed, *_ = self.redis.xautoclaim(
                    self.key, GROUP, consumer, min_idle_time=int(reclaim_after * 1000),
                    count=step, start_id=cursor,
                )  # fmt: skip
                cursor = None if _text(cursor) == "0-0" else cursor
                chunk = _entries(claimed)
                if not chunk and entries:
                    break  # every reclaimable entry is in the batch
                claiming = bool(chunk)
            if not claiming:
                answer = self.redis.xreadgroup(
                    GROUP, consumer, {self.key: ">"}, count=step,
                    block=int(block * 1000) if not entries else None,
                )  # fmt: skip
                chunk = _entries(answer[0][1]) if answer else []
            if not chunk:
                break
            entries += chunk
            size += sum(e.size for e in chunk)
        return entries

    def ack(self, ids: list[str]) -> None:
        """Acknowledge stored entries and drop them from the stream."""
        if ids:
            with self.redis.pipeline() as pipe:
                pipe.xack(self.key, GROUP, *ids)
                pipe.xdel(self.key, *ids)
                pipe.execute()

    def pending_before(self, entry_id: str, exclude: list[str]) -> bool:
        """True when an entry older than ``entry_id``, not among ``exclude``, was read by some
        consumer of the group and not acknowledged."""
        older = self.redis.xpending_range(
            self.key, GROUP, min="-", max=f"({entry_id}", count=len(exclude) + 1
        )
        skip = set(exclude)
        return any(_text(row["message_id"]) not in skip for row in older)

    def waiting(self) -> dict[str, int]:
        """``{"queued": entries not yet read, "pending": read but not acknowledged}``."""
        self.ensure_group()
        length = self.redis.xlen(self.key)
        pending = self.redis.xpending(self.key, GROUP)["pending"]
        return {"queued": max(0, length - pending), "pending": pending}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _entries(raw: list[Any]) -> list[Entry]:
    out = []
    for entry_id, fields in raw:
        if fields is None:  # deleted while pending
            continue
        eid = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
        text = fields[b"item"] if b"item" in fields else fields["item"]
        out.append(Entry(eid, json.loads(text), len(text)))
    return out
