"""Distributed crawling with real parts: a real redis-server, real worker and ingester processes
(``python -m newscrawler worker`` / ``ingest``), replica portals over real HTTP."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis

from newscrawler.capture.warc import read_record
from newscrawler.replica import ReplicaServer, build_portal
from newscrawler.replica.portal import PRIVATE
from tests.conftest import REPO, run_cli
from tests.redis_server import redis_url  # noqa: F401 (fixture)

FAMILIES = ("vsb", "webplus", "wordpress")


def spawn(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawler", *args], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def archived_urls(db: Path) -> list[str]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        try:
            return [r[0] for r in conn.execute("select url from articles")]
        except sqlite3.OperationalError:
            return []


def wait_until(condition, timeout: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


@pytest.fixture
def cluster(redis_url, tmp_path):  # noqa: F811
    """Three replica portals (30 articles each, 20 ms per answer) and a fresh key prefix."""
    portals = [build_portal(f, n_articles=30, seed=i) for i, f in enumerate(FAMILIES)]
    prefix = f"t{time.time_ns()}"
    with ReplicaServer(portals, delay=0.02) as server:
        yield portals, server, prefix, tmp_path


def enqueue_all(redis_url, prefix, portals, server, work, delay="0.05"):  # noqa: F811
    for portal in portals:
        done = run_cli(
            "enqueue", "--url", server.url(portal) + portal.start_path, "--cms", portal.family,
            "--redis", redis_url, "--prefix", prefix, cwd=work,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


def worker_args(redis_url, prefix, delay="0.05"):  # noqa: F811
    return (
        "worker", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "4",
        "-s", f"NEWSCRAWLER_CLUSTER_DELAY={delay}", "-s", "NEWSCRAWLER_CLUSTER_CONCURRENCY=2",
        "-s", "LOG_LEVEL=WARNING",
    )  # fmt: skip


def expected_urls(portals, server) -> set[str]:
    return {server.url(p) + path for p in portals for path in p.expected()}


def test_three_workers_and_a_killed_one_archive_every_article_once(redis_url, cluster):  # noqa: F811
    portals, server, prefix, work = cluster
    enqueue_all(redis_url, prefix, portals, server, work)
    workers = [spawn(*worker_args(redis_url, prefix), cwd=work) for _ in range(3)]
    ingester = spawn(
        "ingest", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "8", "--json", cwd=work
    )
    stream = Redis.from_url(redis_url)
    # Kill one worker once items flow: whatever it had leased must be fetched by the others.
    assert wait_until(lambda: len(archived_urls(work / "archive.db")) >= 15, 60)
    workers[0].send_signal(signal.SIGKILL)
    for proc in workers[1:]:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()[-2000:]
    assert ingester.wait(timeout=60) == 0, ingester.stderr.read()[-2000:]
    urls = archived_urls(work / "archive.db")
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_urls(portals, server)
    lines = [json.loads(x) for x in (work / "archive.jsonl").read_text().splitlines()]
    assert sorted(x["url"] for x in lines) == sorted(urls)  # each JSON line once
    assert stream.xlen(f"{prefix}:items") == 0
    assert stream.hlen(f"{prefix}:requests:leases") == 0
    fetched = [target for p in portals for _, _, target in server.request_log(p)]
    assert not [target for target in fetched if target.startswith(PRIVATE)]
    assert_media_rows_match_what_was_served(work / "archive.db", portals, server)


def assert_media_rows_match_what_was_served(db: Path, portals, server) -> None:
    """Every image and attachment of every article has a media row (they travel with the item
    through the stream to ingest), holding the sha256 of the bytes the portal served."""
    by_base = {server.url(p): p for p in portals}
    wanted = {
        (base + path, base + media)
        for base, portal in by_base.items()
        for path, item in portal.expected().items()
        for media in [*item["images"], *(a["url"] for a in item["attachments"])]
    }
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select article_url, media_url, sha256 from media").fetchall()
    assert {(article, media) for article, media, _ in rows} == wanted
    for _, media, sha256 in rows:
        base = next(b for b in by_base if media.startswith(b + "/"))
        served = by_base[base].response(media.removeprefix(base))
        assert sha256 == hashlib.sha256(served.body).hexdigest()


def test_a_killed_ingester_loses_nothing_and_stores_nothing_twice(redis_url, cluster):  # noqa: F811
    portals, server, prefix, work = cluster
    enqueue_all(redis_url, prefix, portals, server, work)
    workers = [spawn(*worker_args(redis_url, prefix), cwd=work) for _ in range(2)]
    first = spawn("ingest", "--redis", redis_url, "--prefix", prefix, "--batch-size", "7", cwd=work)
    assert wait_until(lambda: len(archived_urls(work / "archive.db")) >= 10, 60)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    for proc in workers:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()[-2000:]
    second = spawn("ingest", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "8", cwd=work)
    assert second.wait(timeout=90) == 0, second.stderr.read()[-2000:]
    urls = archived_urls(work / "archive.db")
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_urls(portals, server)
    with sqlite3.connect(work / "archive.db") as conn:
        links = conn.execute(
            "select url, warc_file, warc_offset, warc_record_id from article_versions"
        ).fetchall()
    assert len(links) == len(urls)
    for url, warc_file, offset, record_id in links:  # no row points at a missing record
        record = read_record(work / "archive.db.warc", warc_file, offset)
        assert (record.url, record.warc_headers["WARC-Record-ID"]) == (url, record_id)
    lines = (work / "archive.jsonl").read_text().splitlines()
    assert len(lines) == len(urls)


def test_a_portals_delay_holds_across_three_workers(redis_url, tmp_path):  # noqa: F811
    portal = build_portal("vsb", n_articles=12)
    prefix, work = f"t{time.time_ns()}", tmp_path
    server = ReplicaServer([portal], delay=0.02).start()
    portals = [portal]
    enqueue_all(redis_url, prefix, portals, server, work)
    workers = [spawn(*worker_args(redis_url, prefix, delay="0.3"), cwd=work) for _ in range(3)]
    ingester = spawn(
        "ingest", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "8", cwd=work
    )
    for proc in workers:
        assert proc.wait(timeout=180) == 0, proc.stderr.read()[-2000:]
    assert ingester.wait(timeout=60) == 0
    times = [started for started, _, _ in server.request_log(portals[0])]
    server.stop()
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) > 20
    # Requests start 0.3 s apart on the Redis clock; arrival adds the network's and the
    # machine's jitter: on loaded cores one request sent late makes one short gap (and a long
    # one before it). A shared slot that did not hold would make many short gaps.
    short = [g for g in gaps if g < 0.3 * 0.8]
    assert len(short) <= 1 and min(gaps) >= 0.3 * 0.5, sorted(gaps)[:5]
    print(f"gaps over {len(gaps)}: min {min(gaps):.3f} s, mean {sum(gaps) / len(gaps):.3f} s")


def test_cluster_status_shows_seeds_queue_workers_and_items_waiting(redis_url, tmp_path):  # noqa: F811
    prefix = f"s{time.time_ns()}"
    for url in ("http://a.example.edu/xwzx.htm", "http://b.example.edu/list.htm"):
        done = run_cli("enqueue", "--url", url, "--cms", "vsb", "--redis", redis_url,
                       "--prefix", prefix, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
    redis = Redis.from_url(redis_url)
    redis.set(f"{prefix}:workers:host-1-abc", "1", ex=30)
    redis.xadd(f"{prefix}:items", {"item": json.dumps({"url": "http://a.example.edu/1.htm"})})
    shown = run_cli("cluster", "status", "--redis", redis_url, "--prefix", prefix, "--json",
                    cwd=tmp_path)  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    status = json.loads(shown.stdout)
    assert status["seeds"] == 2 and status["queued"] == 0 and status["in_flight"] == 0
    assert status["workers"] == ["host-1-abc"]
    assert status["items"] == {"queued": 1, "pending": 0}
    table = run_cli("cluster", "status", "--redis", redis_url, "--prefix", prefix, cwd=tmp_path)
    assert "workers alive: 1" in table.stdout and "items waiting for ingest: 1" in table.stdout


def test_cluster_status_shows_the_errors_workers_counted(redis_url, tmp_path):  # noqa: F811
    # A portal whose start page answers 404: the worker counts the failure by its reason and
    # adds it to the cluster's totals, which `cluster status` shows.
    portal = build_portal("vsb", n_articles=5)
    prefix = f"e{time.time_ns()}"
    with ReplicaServer([portal], delay=0.01) as server:
        done = run_cli("enqueue", "--url", server.url(portal) + "/no-such-list.htm", "--cms",
                       "vsb", "--redis", redis_url, "--prefix", prefix, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        worker = spawn(*worker_args(redis_url, prefix), cwd=tmp_path)
        assert worker.wait(timeout=60) == 0, worker.stderr.read()[-2000:]
    shown = run_cli("cluster", "status", "--redis", redis_url, "--prefix", prefix, "--json",
                    cwd=tmp_path)  # fmt: skip
    problems = json.loads(shown.stdout)["problems"]
    assert problems and all(k.startswith("newscrawler/errors/") for k in problems), problems
    table = run_cli("cluster", "status", "--redis", redis_url, "--prefix", prefix, cwd=tmp_path)
    assert f"errors, skips and drops counted by workers: {sum(problems.values())}" in table.stdout
    for key, count in problems.items():
        assert f"{key.removeprefix('newscrawler/')}: {count}" in table.stdout


def test_a_redis_that_cannot_be_reached_is_one_clear_error(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_cli("cluster", "status", "--redis", f"redis://127.0.0.1:{port}/0", cwd=tmp_path)
    assert result.returncode != 0
    assert "cannot reach Redis" in result.stderr and "Traceback" not in result.stderr
