"""Faults in cluster mode, with a real redis-server and real worker and ingester processes: a
portal's ``Retry-After`` and its 429s hold for every worker, not only the one that was told;
idle workers pick up work enqueued after they started."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from redis import Redis

from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import run_cli
from tests.misbehaving import GOOD_ARTICLE
from tests.redis_server import redis_url  # noqa: F401 (fixture)
from tests.test_cluster import archived_urls, spawn, wait_until

PAUSE = 3.0


class _RateLimitingPortal(BaseHTTPRequestHandler):
    """A listing of four articles. The first article request (whichever) gets 429 with
    ``Retry-After: 3``; the third gets 429 asking for an hour (over the cap), and so does every
    later request for that article. Every request's arrival time is logged."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        server = self.server
        headers = {}
        with server.lock:
            now = time.time()
            nth = sum(1 for _, path, _ in server.log if path.startswith("/info/")) + 1
            if self.path == "/xwzx.htm":
                links = "".join(
                    f"<li><a href='/info/1/{n}.htm'>第{n}篇</a><span>2024-05-01</span></li>"
                    for n in range(1, 5)
                )
                status, body = 200, f"<html><body><ul>{links}</ul></body></html>"
            elif self.path.startswith("/info/") and nth == 1:
                status, body, headers = 429, "slow down", {"Retry-After": str(int(PAUSE))}
            elif self.path.startswith("/info/") and (nth == 3 or self.path == server.refused):
                server.refused = self.path
                status, body, headers = 429, "come back in an hour", {"Retry-After": "3600"}
            elif self.path.startswith("/info/"):
                status, body = 200, GOOD_ARTICLE.replace("好文章", self.path)
            else:
                status, body = 404, "not found"
            server.log.append((now, self.path, status))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def test_retry_after_and_429s_hold_for_every_worker_of_the_cluster(redis_url, tmp_path):  # noqa: F811
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RateLimitingPortal)
    server.daemon_threads = True
    server.log, server.lock, server.refused = [], threading.Lock(), None
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    prefix = f"r{time.time_ns()}"
    db = tmp_path / "archive.db"
    try:
        seeded = run_cli("enqueue", "--url", base + "/xwzx.htm", "--cms", "vsb", "--redis",
                         redis_url, "--prefix", prefix, cwd=tmp_path)  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr
        # One request on the wire at a time, 0.05 s apart: without a shared pause, the worker
        # that was not told would go on at once.
        args = ("worker", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "2",
                "-s", "NEWSCRAWLER_CLUSTER_DELAY=0.05", "-s", "LOG_LEVEL=WARNING",
                "-s", "NEWSCRAWLER_CLUSTER_CONCURRENCY=1",
                "-s", "NEWSCRAWLER_RETRY_AFTER_MAX=60", "-s", "RETRY_TIMES=1")  # fmt: skip
        workers = [spawn(*args, cwd=tmp_path) for _ in range(2)]
        ingester = spawn("ingest", "--redis", redis_url, "--prefix", prefix, "--db", str(db),
                         "--idle-exit", "3", cwd=tmp_path)  # fmt: skip
        for proc in workers:
            assert proc.wait(timeout=90) == 0, proc.stderr.read()[-2000:]
        _, ingest_err = ingester.communicate(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    log = sorted(server.log)
    print("requests at (s):", [(round(t - log[0][0], 2), p, s) for t, p, s in log])  # for -s
    assert "Traceback" not in ingest_err
    # Nothing reached the portal, from either worker, before the first Retry-After ran out.
    told = next(t for t, p, s in log if s == 429)
    later = [t for t, _, _ in log if t > told]
    assert later and min(later) >= told + PAUSE - 0.05, (told, log)
    # The article that asked for an hour, over the cap: asked once, given up, counted.
    assert [s for _, p, s in log if p == server.refused] == [429]
    # Counted by the worker, in the cluster's totals (what `cluster status` shows).
    problems = Redis.from_url(redis_url).hgetall(f"{prefix}:problems")
    assert problems.get(b"newscrawler/errors/rate_limited") == b"1", problems
    # Each 429 doubled the cluster's pace for the portal: 0.05 s -> 1 s -> 2 s. After the
    # second 429, requests (from either worker) start at least 2 s apart on the Redis clock;
    # arrival adds the network's and the event loop's jitter (as in test_cluster).
    second = [t for t, _, s in log if s == 429][1]
    after = [t for t, _, _ in log if t >= second]
    gaps = [b - a for a, b in zip(after, after[1:], strict=False)]
    assert gaps and min(gaps) >= 2.0 * 0.8, log
    articles = {base + f"/info/1/{n}.htm" for n in range(1, 5)}
    assert set(archived_urls(db)) == articles - {base + server.refused}


def test_idle_workers_pick_up_work_enqueued_after_they_started(redis_url, tmp_path):  # noqa: F811
    portals = [build_portal("vsb", n_articles=6, seed=1), build_portal("vsb", n_articles=6, seed=2)]
    prefix = f"i{time.time_ns()}"
    db = tmp_path / "archive.db"
    with ReplicaServer(portals, delay=0.01) as server:
        args = ("worker", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "25",
                "-s", "NEWSCRAWLER_CLUSTER_DELAY=0.02", "-s", "LOG_LEVEL=WARNING")  # fmt: skip
        workers = [spawn(*args, cwd=tmp_path) for _ in range(2)]
        ingester = spawn("ingest", "--redis", redis_url, "--prefix", prefix, "--db", str(db),
                         "--idle-exit", "25", cwd=tmp_path)  # fmt: skip
        try:
            time.sleep(2)  # the workers are up, with nothing to do
            for portal in portals:  # one site, then the next once the first is done
                expected = {server.url(portal) + path for path in portal.expected()}
                done = run_cli("enqueue", "--url", server.url(portal) + portal.start_path,
                               "--cms", "vsb", "--redis", redis_url, "--prefix", prefix,
                               cwd=tmp_path)  # fmt: skip
                assert done.returncode == 0, done.stderr
                enqueued = time.monotonic()
                assert wait_until(lambda e=expected: e <= set(archived_urls(db)), 30), sorted(
                    archived_urls(db)
                )
                print(f"{len(expected)} articles archived {time.monotonic() - enqueued:.1f} s"
                      " after enqueue")  # fmt: skip
                assert all(proc.poll() is None for proc in workers)
        finally:
            for proc in [*workers, ingester]:
                proc.terminate()
            for proc in [*workers, ingester]:
                proc.wait(timeout=30)
    urls = archived_urls(db)
    assert len(urls) == len(set(urls)) == 12
