"""The ingester's loop: read the stream until stopped, idle or Redis lost its data, and the
archive's list of sites to re-seed after such a loss (``enqueue --resume``)."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.exceptions import RedisError

from newscrawler import SOFTWARE
from newscrawler.archive.store import Archive
from newscrawler.capture.warc import CaptureWriter
from newscrawler.cluster.ingest import Ingested, Ingester
from newscrawler.cluster.resilience import IdentityWatch, RedisDataLost, mark_lost
from newscrawler.cluster.status import cluster_busy
from newscrawler.cluster.stream import ItemStream

logger = logging.getLogger(__name__)

#: The archive table holding the site specs of a cluster whose Redis lost its data.
RESUME_TABLE = "cluster_resume"


@dataclass
class IngestResult:
    """What one ingester run did: the runs it closed (``crawls`` rows), its counts, and the
    loss of Redis's data that ended it (None when it stopped or went idle)."""

    runs: list[dict[str, Any]]
    done: Ingested
    data_lost: RedisDataLost | None


def run_ingester(
    client: Redis,
    prefix: str,
    archive: Archive,
    *,
    jsonl: str,
    warc_dir: str,
    batch_size: int = 100,
    idle_exit: float = 0,
    stopping: Callable[[], bool] = lambda: False,
    say: Callable[[str], None] = logger.warning,
) -> IngestResult:
    """Ingest the cluster's stream into ``archive`` until ``stopping()``, ``idle_exit`` seconds
    (when not 0) with nothing to ingest and nothing left in the cluster, or Redis lost its data
    (its sites' specs are then kept in :data:`RESUME_TABLE` and the runs marked lost).

    A Redis that cannot be reached is waited for, backing off from 0.5 s to 30 s, each wait
    told through ``say``; the archive is not closed here."""
    stream = ItemStream(client, prefix)
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    watch = IdentityWatch(client, prefix)
    data_lost: RedisDataLost | None = None
    warc = CaptureWriter(warc_dir, prefix="newscrawler", software=SOFTWARE)
    ingester = Ingester(archive, stream, jsonl, consumer, batch_size, warc=warc)
    idle_since = time.monotonic()
    specs: dict[str, str] = {}
    backoff = 0.5
    while not stopping():
        try:
            identity = watch.check()
            specs = _specs_of(client, prefix, identity) or specs
            if ingester.step(block=0.5, reclaim_after=5.0) or cluster_busy(client, prefix):
                idle_since = time.monotonic()
            elif idle_exit and time.monotonic() - idle_since >= idle_exit:
                break
            backoff = 0.5
        except RedisDataLost as exc:
            data_lost = exc
            break
        except RedisError as exc:  # unreachable past the client's own retries, NOGROUP...
            say(f"Redis: {exc}; trying again in {backoff:.1f} s")
            time.sleep(backoff)
            backoff = min(backoff * 2, 30.0)
            if "NOGROUP" in str(exc):
                stream.ensure_group()
    if data_lost is not None:
        keep_lost_specs(archive, list(specs))
        with contextlib.suppress(RedisError):
            mark_lost(client, prefix, watch.seen or "", sorted(specs))
    runs = ingester.finish("redis_data_lost" if data_lost else "finished")
    return IngestResult(runs, ingester.done, data_lost)


def _specs_of(client: Redis, prefix: str, identity: str | None) -> dict[str, str]:
    """The site specs enqueued under ``identity`` (spec JSON -> identity)."""
    return {
        spec.decode(): value.decode()
        for spec, value in client.hgetall(f"{prefix}:specs").items()
        if value.decode() == identity
    }


def keep_lost_specs(archive: Archive, specs: list[str]) -> None:
    """Keep the lost sites' specs (JSON) in the archive, for ``enqueue --resume``."""
    db = archive.db
    db[RESUME_TABLE].create({"spec": str}, pk="spec", if_not_exists=True)
    with db.conn:
        db[RESUME_TABLE].insert_all([{"spec": s} for s in specs], replace=True)


def lost_specs(db: Any) -> list[str]:
    """The site specs kept by :func:`keep_lost_specs` (``db``: a sqlite-utils Database)."""
    if RESUME_TABLE not in db.table_names():
        return []
    return [row[0] for row in db.execute(f"select spec from {RESUME_TABLE}")]


def forget_lost_specs(archive: Archive, specs: list[str]) -> None:
    """Drop ``specs`` from the kept list once they are enqueued again."""
    with archive.db.conn:
        archive.db.conn.executemany(
            f"delete from {RESUME_TABLE} where spec = ?", [(s,) for s in specs]
        )
