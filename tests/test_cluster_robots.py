"""robots.txt holds for every request a worker sends to a host it has not met yet — the situation
of a worker taking over a dead worker's requests — with a real redis-server, a real worker
process and a replica portal over real HTTP."""

from __future__ import annotations

import pickle
import time

from redis import Redis
from scrapy import Request

from newscrawler.replica import ReplicaServer, build_portal
from newscrawler.replica.portal import PRIVATE
from tests.redis_server import redis_url  # noqa: F401 (fixture)
from tests.test_cluster import spawn, worker_args


def queued(url: str, spec: dict[str, str], priority: int, copy: int) -> bytes:
    """A request as a worker would have left it in the shared queue (scrapy-redis's pickled
    ``Request.to_dict``, routed to the cluster spider's ``dispatch``)."""
    meta = {"site_spec": spec, "handler_cb": "parse_article", "copy": copy}
    data = Request(url, meta=meta, priority=priority, dont_filter=True).to_dict()
    data.update(callback="dispatch", errback="dispatch_error")
    return pickle.dumps(data, protocol=-1)


def test_requests_waiting_for_a_hosts_robots_txt_are_all_judged_by_it(redis_url, tmp_path):  # noqa: F811
    # A dead worker's leases, requeued: articles of a portal this worker never fetched from, and
    # below them several copies of its robots-disallowed page. The worker pops them all before
    # the host's robots.txt has arrived, so every one of them waits for it.
    portal = build_portal("vsb", n_articles=6)
    prefix = f"r{time.time_ns()}"
    with ReplicaServer([portal], delay=0.05) as server:
        base = server.url(portal)
        spec = {"url": base + portal.start_path, "cms": "vsb"}
        articles = [p for p in portal.expected() if not p.startswith(PRIVATE)][:5]
        private = portal.path_of(portal.private_number)
        assert private.startswith(PRIVATE + "/")
        entries = {queued(base + path, spec, 10, 0): -10 for path in articles}
        entries.update({queued(base + private, spec, 0, n): 0 for n in range(4)})
        Redis.from_url(redis_url).zadd(f"{prefix}:requests", entries)
        worker = spawn(*worker_args(redis_url, prefix), cwd=tmp_path)
        assert worker.wait(timeout=60) == 0, worker.stderr.read()[-2000:]
        fetched = [target for _, _, target in server.request_log(portal)]
    assert "/robots.txt" in fetched
    assert set(articles) <= set(fetched)
    assert not [target for target in fetched if target.startswith(PRIVATE)], fetched
