"""scrapy-redis's priority queue with leases, so a killed worker's requests are not lost.

scrapy-redis pops a request and forgets it: a worker killed with requests in flight loses them.
Here ``pop`` moves the request into a lease (``{key}:leases``, lease id -> request, and its
priority in ``{key}:lease_scores``) under the popping worker's id, in one Lua script. The worker
releases the lease when the request's callback has finished and its items are in the item stream
(:meth:`LeasedQueue.release`, in the same Redis transaction as those items). Leases of a worker
whose heartbeat (``{prefix}:workers:{id}``, refreshed every few seconds) has expired go back to
the queue (:meth:`LeasedQueue.requeue_orphans`), so another worker fetches them.
"""

from __future__ import annotations

import itertools
from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

_POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], ARGV[1], top[1])
redis.call('HSET', KEYS[3], ARGV[1], top[2])
return top[1]
"""

#: Back to the queue: every lease whose worker (the id before the first '|') has no heartbeat.
_REQUEUE = """
local moved = 0
local leases = redis.call('HGETALL', KEYS[2])
for i = 1, #leases, 2 do
  local lease, data = leases[i], leases[i + 1]
  local worker = string.match(lease, '^([^|]+)|')
  if redis.call('EXISTS', ARGV[1] .. worker) == 0 then
    local score = redis.call('HGET', KEYS[3], lease) or '0'
    redis.call('ZADD', KEYS[1], score, data)
    redis.call('HDEL', KEYS[2], lease)
    redis.call('HDEL', KEYS[3], lease)
    moved = moved + 1
  end
end
return moved
"""


class LeasedQueue(PriorityQueue):
    """The scheduler queue of a worker (``SCHEDULER_QUEUE_CLASS``). The spider must have
    ``worker_id`` and ``heartbeat_prefix`` attributes; the queue sets the spider's
    ``request_queue`` to itself, so the spider releases leases and counts queued requests through
    it (not through the engine's private scheduler slot)."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        spider.request_queue = self
        self.leases_key = f"{key}:leases"
        self.scores_key = f"{key}:lease_scores"
        self._counter = itertools.count(1)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)

    def push(self, request: Request) -> None:
        """Queue ``request``; a retried or redirected request gives its old lease back in the
        same transaction."""
        lease = request.meta.pop("lease", None)
        with self.server.pipeline() as pipe:
            pipe.zadd(self.key, {self._encode_request(request): -request.priority})
            if lease:
                pipe.hdel(self.leases_key, lease)
                pipe.hdel(self.scores_key, lease)
            pipe.execute()

    def pop(self, timeout: int = 0) -> Request | None:
        lease = f"{self.spider.worker_id}|{next(self._counter)}"
        data = self._pop(keys=[self.key, self.leases_key, self.scores_key], args=[lease])
        if not data:
            return None
        request = self._decode_request(data)
        request.meta["lease"] = lease
        spec = request.meta.get("site_spec")
        if spec is not None:
            # Know the site before its first request is downloaded: the scope check of Scrapy's
            # own robots.txt request for its host must find the site's domains.
            self.spider.handler(spec)
        return request

    def release(self, pipe: Any, lease: str | None) -> None:
        """Add the release of ``lease`` to the Redis pipeline (transaction) ``pipe``."""
        if lease:
            pipe.hdel(self.leases_key, lease)
            pipe.hdel(self.scores_key, lease)

    def leased(self) -> int:
        """Requests popped by some worker and not yet finished."""
        return self.server.hlen(self.leases_key)

    def requeue_orphans(self) -> int:
        """Put back the requests of workers whose heartbeat expired; returns how many."""
        return int(
            self._requeue(
                keys=[self.key, self.leases_key, self.scores_key],
                args=[f"{self.spider.heartbeat_prefix}"],
            )
        )
