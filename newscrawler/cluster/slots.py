"""Per-portal politeness slots shared by every worker through Redis.

Scrapy spaces requests per download slot inside one process; with N workers a portal would get N
times the traffic. Here each portal (the profile's site id) has one slot in Redis for the whole
cluster:

* **spacing** — ``reserve`` atomically books the next start time for the portal, at least
  ``delay`` seconds after the previous booking, on the Redis server's clock (workers' clocks may
  differ), and tells the worker how long to wait;
* **concurrency** — ``acquire`` takes one of ``concurrency`` leases on the portal; a lease has an
  expiry, so a worker killed mid-request does not hold it for ever;
* **rate limits** — ``pause`` (a ``Retry-After`` one worker was given) holds every worker's next
  request to the portal until the time it names, and ``slow_down`` (a 429) doubles the portal's
  pace for every worker, until an hour passes without another 429 (:data:`PACE_MEMORY`).

Both are single Lua scripts, so they are atomic however many workers ask at once.
"""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

#: Seconds a portal keeps the pace its 429s slowed it to after the last of them.
PACE_MEMORY = 3600

#: Books the next start time: KEYS[1] = slot key, KEYS[2] = pause key (microseconds, Redis
#: clock), KEYS[3] = pace key (the delay its 429s set, microseconds); ARGV[1] = delay in
#: microseconds. The booking is after any pause, spaced by the larger of the delay and the pace.
#: Returns the wait in microseconds.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local delay = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[3]) or '0'))
local at = math.max(now, booked, paused)
redis.call('SET', KEYS[1], tostring(at + delay), 'EX', 3600)
return at - now
"""

#: Pauses a portal: KEYS[1] = pause key; ARGV[1] = microseconds from now. A longer pause already
#: set stays. Returns the microseconds the portal is paused for from now.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_us = math.max(now + tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(until_us), 'EX', math.ceil((until_us - now) / 1000000) + 60)
return until_us - now
"""

#: Microseconds left of a portal's pause (0 when none): KEYS[1] = pause key.
_PAUSED = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return math.max(0, tonumber(redis.call('GET', KEYS[1]) or '0') - now)
"""

#: Doubles a portal's pace: KEYS[1] = pace key, KEYS[2] = slot key (next start); ARGV[1] = its
#: delay, ARGV[2] = the most the pace may reach (microseconds), ARGV[3] = seconds the pace is
#: kept. At least 1 s. The next start booked is moved to at least the new pace from now.
#: Returns the pace.
_SLOW_DOWN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pace = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(ARGV[1]))
pace = math.min(math.max(pace * 2, 1000000), math.max(tonumber(ARGV[2]), 1000000))
redis.call('SET', KEYS[1], tostring(pace), 'EX', tonumber(ARGV[3]))
local booked = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('SET', KEYS[2], tostring(math.max(booked, now + pace)), 'EX', 3600)
return pace
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
        self._pause = redis.register_script(_PAUSE)
        self._paused = redis.register_script(_PAUSED)
        self._slow_down = redis.register_script(_SLOW_DOWN)

    def _key(self, site: str, what: str) -> str:
        return f"{self.prefix}:slot:{site}:{what}"

    async def reserve(self, site: str, delay: float) -> float:
        """Book the portal's next request start, ``delay`` seconds (or its slowed pace, if
        larger) after the previous booking and not before a pause ends; returns the seconds
        to wait before sending."""
        waited = await self._reserve(
            keys=[self._key(site, "next"), self._key(site, "pause"), self._key(site, "pace")],
            args=[int(delay * 1e6)],
        )
        return int(waited) / 1e6

    async def pause(self, site: str, seconds: float) -> float:
        """Hold every worker's requests to the portal for ``seconds`` from now (a longer pause
        already set stays); returns the seconds the portal is now paused for."""
        left = await self._pause(keys=[self._key(site, "pause")], args=[int(seconds * 1e6)])
        return int(left) / 1e6

    async def paused_for(self, site: str) -> float:
        """Seconds left of the portal's pause (0 when it has none)."""
        return int(await self._paused(keys=[self._key(site, "pause")])) / 1e6

    async def slow_down(self, site: str, delay: float, most: float) -> float:
        """Double the portal's pace (the spacing of its requests, at least ``delay``) for every
        worker, to at least 1 s and at most ``most`` seconds, kept :data:`PACE_MEMORY` seconds
        after this call; no request starts sooner than that pace from now. Returns the new pace
        in seconds."""
        pace = await self._slow_down(
            keys=[self._key(site, "pace"), self._key(site, "next")],
            args=[int(delay * 1e6), int(most * 1e6), PACE_MEMORY],
        )
        return int(pace) / 1e6

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
