"""What a cluster is doing, read from Redis alone (``newscrawler cluster status``)."""

from __future__ import annotations

import pickle
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from redis import Redis

from newscrawler.cluster.resilience import current_identity, lost, persistence_warning
from newscrawler.cluster.stream import ItemStream


def cluster_status(redis: Redis, prefix: str = "newscrawler") -> dict[str, Any]:
    """``{"identity": str | None, "lost": {"identity", "sites"} | None, "persistence_warning":
    str | None, "workers": [ids], "seeds": n, "queued": n, "in_flight": n, "queued_by_site":
    {host: n}, "items": {"queued": n, "pending": n}, "problems": {stat key: n}}`` — problems
    are the errors, skips and drops the workers counted (stat keys of :mod:`newscrawler.reasons`),
    summed over the cluster's life under ``prefix``."""
    workers = sorted(
        key.decode().rsplit(":", 1)[1] for key in redis.scan_iter(f"{prefix}:workers:*")
    )
    queue = f"{prefix}:requests"
    by_site: Counter[str] = Counter()
    for data in redis.zrange(queue, 0, 9999):
        try:
            request = pickle.loads(data)
        except Exception:  # noqa: BLE001 (a foreign entry is only not counted by site)
            continue
        spec = request.get("meta", {}).get("site_spec", {})
        by_site[spec.get("site") or urlsplit(spec.get("url", request.get("url", ""))).netloc] += 1
    return {
        "identity": current_identity(redis, prefix),
        "lost": lost(redis, prefix),
        "persistence_warning": persistence_warning(redis),
        "workers": workers,
        "seeds": redis.llen(f"{prefix}:seeds"),
        "queued": redis.zcard(queue),
        "in_flight": redis.hlen(f"{queue}:leases"),
        "queued_by_site": dict(by_site),
        "items": ItemStream(redis, prefix).waiting(),
        "problems": {
            key.decode(): int(value)
            for key, value in sorted(redis.hgetall(f"{prefix}:problems").items())
        },
    }


def cluster_busy(redis: Redis, prefix: str = "newscrawler") -> bool:
    """True while the cluster may still produce items: a worker is alive, or seeds, queued or
    leased requests are waiting."""
    return bool(
        next(redis.scan_iter(f"{prefix}:workers:*"), None)
        or redis.llen(f"{prefix}:seeds")
        or redis.zcard(f"{prefix}:requests")
        or redis.hlen(f"{prefix}:requests:leases")
    )
