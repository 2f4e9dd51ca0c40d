"""The worker's spider: every site's portal logic, driven from the shared Redis queue.

A worker crawls whatever site the queue hands it. Each request carries its site in
``meta["site_spec"]`` — ``{"site": ID}`` for a site profile (read from the worker's own profiles),
or ``{"url": START_URL, "cms": FAMILY}`` for a portal without one — and the worker keeps one
:class:`~newscrawler.crawl.spiders.portal.PortalSpider` per site as a *handler*: its callbacks do the
work, this spider only routes to them (``dispatch``/``dispatch_error``; the handler's callback
name travels in ``meta["handler_cb"]``, so requests serialise into Redis by name).

Items never touch SQLite here: when a callback has finished, its items are appended to the item
stream and the request's lease is released, in one Redis transaction — a worker killed at any
point either finished a request completely or leaves it leased, to be fetched again elsewhere.
With capture on, the request's WARC captures (:mod:`newscrawler.cluster.capture`) go to the
stream just before.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from itemadapter import ItemAdapter, is_item
from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.spiders import RedisSpider
from twisted.internet import task
from twisted.python.failure import Failure

from newscrawler import stat_keys
from newscrawler.cluster.capture import CAPTURES
from newscrawler.cluster.queue import LeasedQueue
from newscrawler.cluster.resilience import IdentityWatch, RedisDataLost
from newscrawler.cluster.stream import ItemStream
from newscrawler.crawl.spiders.portal import PortalSpider
from newscrawler.items import PageCheck
from newscrawler.profiles import SiteProfile, load_profile, profile_for_url

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 3.0
HEARTBEAT_TTL = 10


def profile_for_spec(spec: dict[str, Any]) -> SiteProfile:
    """The site profile a seed or request names (raises ``ProfileError`` for an unknown one)."""
    if "site" in spec:
        profile = load_profile(spec["site"])
        return profile.with_start_urls(spec["start_urls"]) if spec.get("start_urls") else profile
    return profile_for_url(spec["url"], spec.get("cms", "auto"))


#: Stats a worker adds to the cluster's totals (``cluster status`` shows them).
PROBLEM_STATS = tuple(stat_keys.REASON_PREFIXES.values())


class ClusterSpider(RedisSpider):
    name = "cluster"

    def __init__(self, prefix: str = "newscrawler", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prefix = prefix
        self.redis_key = f"{prefix}:seeds"
        self.heartbeat_prefix = f"{prefix}:workers:"
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.handlers: dict[str, PortalSpider] = {}
        #: The scheduler's queue; it sets itself here when the scheduler opens.
        self.request_queue: LeasedQueue | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ClusterSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.stream = ItemStream(spider.server, spider.prefix)
        spider._heartbeat = None
        spider._identity = None
        spider._published: dict[str, int] = {}
        crawler.signals.connect(spider._started, signal=signals.spider_opened)
        return spider

    # -- liveness -------------------------------------------------------------------------------
    def _started(self) -> None:
        # Made here, not in from_crawler: a LoopingCall imports the reactor, which Scrapy must
        # install first.
        self._heartbeat = task.LoopingCall(self.beat)
        self._heartbeat.start(HEARTBEAT_EVERY, now=True)

    def beat(self) -> None:
        """Tell the cluster this worker is alive (``cluster status`` lists it), and add what it
        counted as errors, skips and drops since the last beat to the cluster's totals. A Redis
        that lost the cluster's data (its identity changed) closes the worker
        (``redis_data_lost``); one that does not answer is tried again at the next beat."""
        try:
            if self._identity is None:
                self._identity = IdentityWatch(self.server, self.prefix)
            self._identity.check()
            self.server.set(self.heartbeat_prefix + self.worker_id, "1", ex=HEARTBEAT_TTL)
            self.publish_problems()
        except RedisDataLost as exc:
            logger.error("%s: stopping this worker", exc)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_data_lost"))
        except RedisError as exc:
            logger.warning("Redis unreachable (%s): trying again in %s s", exc, HEARTBEAT_EVERY)

    def publish_problems(self) -> None:
        """Add the growth of this worker's counted-reason stats (:mod:`newscrawler.reasons`)
        since the last call to the hash ``{prefix}:problems`` (stat key -> count)."""
        grown = {
            key: value - self._published.get(key, 0)
            for key, value in self.crawler.stats.get_stats().items()
            if key.startswith(PROBLEM_STATS)
            and isinstance(value, int)
            and value > self._published.get(key, 0)
        }
        self._published.update({key: self._published.get(key, 0) + n for key, n in grown.items()})
        if grown:
            pipe = self.server.pipeline()
            for key, count in grown.items():
                pipe.hincrby(f"{self.prefix}:problems", key, count)
            pipe.execute()

    def closed(self, reason: str) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        try:
            self.publish_problems()
            self.server.delete(self.heartbeat_prefix + self.worker_id)
        except RedisError as exc:
            logger.warning("Redis unreachable at close (%s): the heartbeat expires alone", exc)

    # -- sites ----------------------------------------------------------------------------------
    def handler(self, spec: dict[str, Any]) -> PortalSpider:
        key = json.dumps(spec, sort_keys=True)
        if key not in self.handlers:
            # No in-crawl learning: a worker's requests are leased, not held (a worker has no
            # archive to store a template in or read one from; `template learn` on the archive
            # and `reextract` bring one to a cluster's articles).
            self.handlers[key] = PortalSpider.from_crawler(
                self.crawler, profile=profile_for_spec(spec), full=True, learn=False
            )
        return self.handlers[key]

    def scope_for(self, request: Request) -> tuple[tuple[str, ...], None]:
        """The domains ``request`` may go to (its site's; any known site's for a request of
        Scrapy's own, such as robots.txt), and no local download slot: politeness is the
        cluster's (:mod:`newscrawler.cluster.middleware`)."""
        spec = request.meta.get("site_spec")
        if spec is not None:
            return tuple(self.handler(spec).allowed_domains), None
        return tuple(d for h in self.handlers.values() for d in h.allowed_domains), None

    def ports_for(self, request: Request) -> frozenset[int] | None:
        """The ports ``request`` may go to: its site's (None for a request of Scrapy's own)."""
        spec = request.meta.get("site_spec")
        return self.handler(spec).allowed_ports if spec is not None else None

    def delay_for(self, host: str) -> tuple[float, int] | None:
        """The (download_delay, concurrency) of the site owning ``host``, if a handler knows it."""
        for handler in self.handlers.values():
            if host in handler.profile.allowed_domains:
                crawl = handler.profile.crawl
                return float(crawl["download_delay"]), int(crawl["concurrency"])
        return None

    def adopt(self, request: Request, spec: dict[str, Any]) -> Request:
        """A handler's request, routed back through this spider."""
        meta = {**request.meta, "site_spec": spec}
        meta.pop("lease", None)
        if request.callback is not None and request.callback != self.dispatch:
            meta["handler_cb"] = request.callback.__name__
        if request.errback is not None and request.errback != self.dispatch_error:
            meta["handler_eb"] = request.errback.__name__
        return request.replace(callback=self.dispatch, errback=self.dispatch_error, meta=meta)

    # -- seeds ----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for request in await self._seed_requests():
            yield request

    async def _seed_requests(self) -> list[Request]:
        requests = []
        for data in self.fetch_data(self.redis_key, self.redis_batch_size):
            spec = json.loads(data)
            handler = self.handler(spec)
            async for request in handler.start():
                requests.append(self.adopt(request, spec))
        return requests

    def schedule_next_requests(self) -> None:
        async def seed() -> None:
            for request in await self._seed_requests():
                self.crawler.engine.crawl(request)

        deferred_from_coro(seed())

    def spider_idle(self) -> None:
        """Stay up while the cluster has work (seeds, queued or leased requests, even other
        workers'); give back the requests of dead workers; close after ``max_idle_time``."""
        queue = self.request_queue
        queue.requeue_orphans()
        if self.count_size(self.redis_key) or len(queue) or queue.leased():
            self.spider_idle_start_time = _now()
        self.schedule_next_requests()
        if self.max_idle_time and _now() - self.spider_idle_start_time >= self.max_idle_time:
            return
        raise DontCloseSpider

    # -- callbacks ------------------------------------------------------------------------------
    async def dispatch(self, response: Any, **kwargs: Any) -> AsyncIterator[Any]:
        spec = response.meta["site_spec"]
        method = getattr(self.handler(spec), response.meta.get("handler_cb", "parse_listing"))
        async for out in self._finish(response.meta, method(response, **kwargs)):
            yield out

    async def dispatch_error(self, failure: Failure) -> AsyncIterator[Any]:
        meta = failure.request.meta
        method = getattr(self.handler(meta["site_spec"]), meta.get("handler_eb", "on_error"))
        async for out in self._finish(meta, method(failure)):
            yield out

    async def _finish(self, meta: dict[str, Any], result: Any) -> AsyncIterator[Any]:
        """Send the request's WARC captures to the stream; route the handler's requests; then,
        in one transaction, send its items to the stream and release the request's lease.

        The captures go first, so every item naming one (``warc_record_id``) comes after it in the
        stream. A worker killed after sending them fetches the request again: its first captures
        become records no row refers to."""
        captures = meta.pop(CAPTURES, None)
        if captures:
            self.stream.add({"kind": "capture", "captures": captures})
        items: list[dict[str, Any]] = []
        async for out in _iterate(result):
            if isinstance(out, Request):
                yield self.adopt(out, meta["site_spec"])
            elif is_item(out):
                record = ItemAdapter(out).asdict()
                record["kind"] = "check" if isinstance(out, PageCheck) else "article"
                items.append(record)
        queue = self.request_queue
        with self.server.pipeline() as pipe:
            for record in items:
                self.stream.add(record, pipe=pipe)
            queue.release(pipe, meta.get("lease"))
            pipe.execute()
        self.crawler.stats.inc_value(stat_keys.STREAMED, len(items))


async def _iterate(result: Any) -> AsyncIterator[Any]:
    """Whatever a Scrapy callback returned — nothing, a value, an iterable, a coroutine or an
    async generator — as an async iterator."""
    if inspect.isawaitable(result):
        result = await result
    if result is None:
        return
    if hasattr(result, "__aiter__"):
        async for out in result:
            yield out
    elif isinstance(result, (Request, dict)) or is_item(result):
        yield result
    else:
        for out in result:
            yield out


def _now() -> int:
    return int(time.time())
