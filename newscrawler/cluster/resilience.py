"""The cluster survives Redis: clients that reconnect, and an identity that shows lost data.

- **Reconnecting.** Every client of the cluster (workers through scrapy-redis' ``REDIS_PARAMS``,
  the ingester, ``enqueue``, ``cluster status``) retries a command that met a closed connection,
  a timeout or a Redis still loading its data, with exponential backoff (0.2 s doubling up to
  5 s, for about :data:`RETRY_SECONDS`), so a restart or a short outage is waited out without a
  traceback.
- **Identity.** ``enqueue`` writes a random identity to ``{prefix}:identity`` (once: it is kept
  while it exists). Workers and the ingester remember the identity they first saw; when the key
  is later missing or different, Redis lost its data (restarted without persistence, flushed):
  they stop with a non-zero exit, the ingester marks its runs ``failed`` (``redis_data_lost``)
  and leaves ``{prefix}:lost`` for ``cluster status`` to report, and keeps the sites enqueued
  under the lost identity in the archive for ``enqueue --resume``.
- **Persistence.** :func:`persistence_warning` says when the server keeps neither an AOF nor RDB
  snapshots (``CONFIG GET appendonly``/``save``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import BusyLoadingError, ConnectionError, RedisError, TimeoutError
from redis.retry import Retry

#: About how long a command keeps retrying a Redis that does not answer, in seconds.
RETRY_SECONDS = 60
_RETRIES = 16  # 0.2 + 0.4 + ... capped at 5 s: about a minute


class RedisDataLost(RuntimeError):
    """The cluster's Redis no longer holds the data it held (its identity changed)."""


def client_params() -> dict[str, Any]:
    """Keyword arguments of ``Redis.from_url`` for a client that reconnects with backoff."""
    return {
        "retry": Retry(ExponentialBackoff(cap=5.0, base=0.2), _RETRIES),
        "retry_on_error": [ConnectionError, TimeoutError, BusyLoadingError],
        "health_check_interval": 10,
    }


def async_client_params() -> dict[str, Any]:
    """:func:`client_params` for a ``redis.asyncio`` client."""
    from redis.asyncio.retry import Retry as AsyncRetry

    return {
        **client_params(),
        "retry": AsyncRetry(ExponentialBackoff(cap=5.0, base=0.2), _RETRIES),
    }


def connect(url: str) -> Redis:
    """A client of the Redis at ``url`` that reconnects (see :func:`client_params`)."""
    return Redis.from_url(url, **client_params())


def _key(prefix: str) -> str:
    return f"{prefix}:identity"


def ensure_identity(redis: Redis, prefix: str) -> str:
    """The cluster's identity, created (a random token) when it has none yet."""
    redis.set(_key(prefix), uuid.uuid4().hex, nx=True)
    return current_identity(redis, prefix) or ""


def current_identity(redis: Redis, prefix: str) -> str | None:
    """The identity Redis holds now, or None."""
    value = redis.get(_key(prefix))
    return value.decode() if isinstance(value, bytes) else value


class IdentityWatch:
    """Remembers the first identity it sees; :meth:`check` raises :class:`RedisDataLost` when
    Redis later holds none or another."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.seen: str | None = current_identity(redis, prefix)

    def check(self) -> str | None:
        now = current_identity(self.redis, self.prefix)
        if self.seen is None:
            self.seen = now
        elif now != self.seen:
            raise RedisDataLost(
                f"Redis lost the cluster's data: its identity was {self.seen}, now "
                f"{now or 'none'} (restarted without persistence, or flushed)"
            )
        return self.seen


def mark_lost(redis: Redis, prefix: str, identity: str, sites: list[str]) -> None:
    """Leave ``{prefix}:lost`` for ``cluster status``: the lost identity and its sites."""
    redis.set(f"{prefix}:lost", json.dumps({"identity": identity, "sites": sites}))


def lost(redis: Redis, prefix: str) -> dict[str, Any] | None:
    """What :func:`mark_lost` left, or None."""
    value = redis.get(f"{prefix}:lost")
    return json.loads(value) if value else None


def persistence_warning(redis: Redis) -> str | None:
    """A warning when the server keeps neither an append-only file nor RDB snapshots (a restart
    then loses the queue and the item stream), or when it cannot be asked; else None."""
    try:
        aof = redis.config_get("appendonly").get("appendonly")
        save = redis.config_get("save").get("save")
    except RedisError as exc:
        return f"cannot check Redis persistence (CONFIG GET: {exc})"
    if aof == "yes" or (save or "").strip():
        return None
    return (
        "Redis persistence is off (appendonly no, save ''): a restart loses the queue and the "
        "items not yet ingested; set appendonly yes (or RDB save points)"
    )
