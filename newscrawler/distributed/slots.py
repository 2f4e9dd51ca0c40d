"""Per-portal politeness slots shared by every worker through Redis.

Scrapy spaces requests per download slot inside one process; with N workers a portal would get N
times the traffic. Here each portal (the profile's site id) has one slot in Redis for the whole
cluster:

* **spacing** — ``reserve`` atomically books the next start time for the portal, at least
  ``delay`` seconds after the previous booking, on the Redis server's clock (workers' clocks may
  differ), and tells the worker how long to wait;
* **concurrency** — ``acquire`` takes one of ``concurrency`` leases on the portal; a lease has an
  expiry, so a worker killed mid-request does not hold it for ever.

Both are single Lua scripts, so they are atomic however many workers ask at once.
"""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

#: Books the next start time: KEYS[1] = slot key; ARGV[1] = delay in microseconds.
#: Returns the wait in microseconds.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, booked)
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'EX', 3600)
return at - now
"""

#: Takes a lease: KEYS[1] = lease set; ARGV[1] = limit, ARGV[2] = lease id ("WORKER|n"),
#: ARGV[3] = lease seconds, ARGV[4] = heartbeat key prefix ("" : none). Leases run out, and those
#: of a worker whose heartbeat is gone are dropped at once. Returns 1 when taken, 0 when the
#: portal is at its limit.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[4] ~= '' then
  for _, lease in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    local worker = string.match(lease, '^([^|]+)|')
    if worker and redis.call('EXISTS', ARGV[4] .. worker) == 0 then
      redis.call('ZREM', KEYS[1], lease)
    end
  end
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 60)
  return 1
end
return 0
"""


class SharedSlots:
    """Politeness slots of every portal, kept in Redis under ``prefix``."""

    def __init__(
        self, redis: Redis, prefix: str = "newscrawler", worker_id: str = "", heartbeat: str = ""
    ) -> None:
        """``worker_id`` and ``heartbeat`` (the prefix of the workers' heartbeat keys) let a
        lease die with its worker rather than at its expiry."""
        self.redis = redis
        self.prefix = prefix
        self.worker_id = worker_id
        self.heartbeat = heartbeat
        self._reserve = redis.register_script(_RESERVE)
        self._acquire = redis.register_script(_ACQUIRE)

    async def reserve(self, site: str, delay: float) -> float:
        """Book the portal's next request start; returns the seconds to wait before sending."""
        waited = await self._reserve(
            keys=[f"{self.prefix}:slot:{site}:next"], args=[int(delay * 1e6)]
        )
        return int(waited) / 1e6

    async def acquire(self, site: str, concurrency: int, lease: float = 120.0) -> str | None:
        """Take one of the portal's ``concurrency`` leases for at most ``lease`` seconds; returns
        the lease id, or ``None`` when all are taken."""
        lease_id = f"{self.worker_id or 'anon'}|{uuid.uuid4().hex}"
        taken = await self._acquire(
            keys=[f"{self.prefix}:slot:{site}:leases"],
            args=[concurrency, lease_id, lease, self.heartbeat if self.worker_id else ""],
        )
        return lease_id if int(taken) else None

    async def release(self, site: str, lease_id: str) -> None:
        """Give a lease back (after the response, or the failure)."""
        await self.redis.zrem(f"{self.prefix}:slot:{site}:leases", lease_id)
