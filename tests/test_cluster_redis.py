"""The cluster survives Redis: a real redis-server restarted mid-crawl, with persistence (the
workers and the ingester wait it out, nothing is lost) and without (the loss is detected and
reported, and `enqueue --resume` seeds the sites again)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import run_cli
from tests.redis_server import free_port
from tests.test_cluster import archived_urls, spawn, wait_until, worker_args

ARTICLES = 30


def start_redis(port: int, work: Path, persistent: bool) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    keep = ["--appendonly", "yes", "--appendfsync", "always"] if persistent else [
        "--appendonly", "no"]  # fmt: skip
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *keep,
         "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def up() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            return False

    assert wait_until(up, 10, 0.05), "redis-server did not start"
    return proc


def finish(proc: subprocess.Popen, timeout: float = 150) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


@pytest.mark.parametrize("persistent", [True, False], ids=["appendonly", "no-persistence"])
def test_redis_restart_mid_crawl(tmp_path, persistent):
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    url = f"redis://127.0.0.1:{port}/0"
    prefix = "c"
    redis = start_redis(port, data, persistent)
    portal = build_portal("vsb", n_articles=ARTICLES)
    db = tmp_path / "archive.db"
    ingest_args = ("ingest", "--redis", url, "--prefix", prefix, "--db", str(db),
                   "--idle-exit", "5", "--json")  # fmt: skip
    try:
        with ReplicaServer([portal], delay=0.05) as server:
            start = server.url(portal) + portal.start_path
            seeded = run_cli("enqueue", "--url", start, "--cms", "vsb", "--redis", url,
                             "--prefix", prefix, cwd=tmp_path)  # fmt: skip
            assert seeded.returncode == 0, seeded.stderr
            ingester = spawn(*ingest_args, cwd=tmp_path)
            worker = spawn(*worker_args(url, prefix), cwd=tmp_path)
            assert wait_until(lambda: len(archived_urls(db)) >= 5, 90)
            at_restart = len(archived_urls(db))
            # Restart Redis: a clean shutdown (SIGTERM) with persistence, a crash without.
            if persistent:
                redis.terminate()
            else:
                redis.kill()
            redis.wait(timeout=20)
            time.sleep(1.0)
            redis = start_redis(port, data, persistent)
            worker_rc, worker_err = finish(worker)
            ingest_rc, ingest_err = finish(ingester)
            assert "Traceback" not in worker_err + ingest_err
            status = run_cli("cluster", "status", "--redis", url, "--prefix", prefix,
                             cwd=tmp_path)  # fmt: skip
            if persistent:
                assert (worker_rc, ingest_rc) == (0, 0), worker_err[-2000:] + ingest_err[-2000:]
                assert sorted(set(archived_urls(db))) == sorted(archived_urls(db))
                assert len(archived_urls(db)) == ARTICLES, status.stdout + worker_err[-3000:]
                assert status.returncode == 0 and "persistence is off" not in status.stderr
                print(f"Redis restarted (appendonly) at {at_restart} stored: exits 0/0,"
                      f" {ARTICLES} of {ARTICLES} stored")  # fmt: skip
                return
            # Without persistence: the loss is found and said, loudly.
            assert worker_rc == 1 and "lost the cluster's data" in worker_err
            assert ingest_rc == 1 and "enqueue --resume" in ingest_err
            runs = json.loads(run_cli("runs", "--json", "--db", str(db), cwd=tmp_path).stdout)
            assert (runs[0]["status"], runs[0]["reason"]) == ("failed", "redis_data_lost")
            assert status.returncode == 1
            assert "DATA LOST" in status.stderr and "persistence is off" in status.stderr
            before = set(archived_urls(db))
            assert len(before) < ARTICLES
            # Re-seed what was not archived, and crawl again.
            again = run_cli("enqueue", "--resume", "--db", str(db), "--redis", url,
                            "--prefix", prefix, cwd=tmp_path)  # fmt: skip
            assert again.returncode == 0 and "enqueued 1 site" in again.stderr, again.stderr
            ingester = spawn(*ingest_args, cwd=tmp_path)
            worker = spawn(*worker_args(url, prefix), cwd=tmp_path)
            assert finish(worker)[0] == 0
            assert finish(ingester)[0] == 0
            urls = archived_urls(db)
            assert len(urls) == len(set(urls)) == ARTICLES and before <= set(urls)
            print(f"Redis restarted (no persistence) at {at_restart} stored: exits 1/1, run"
                  f" failed redis_data_lost, {len(before)} stored; after enqueue --resume:"
                  f" {len(urls) - len(before)} more, {ARTICLES} in all")  # fmt: skip
            cleared = run_cli("cluster", "status", "--redis", url, "--prefix", prefix,
                              cwd=tmp_path)  # fmt: skip
            assert cleared.returncode == 0 and "DATA LOST" not in cleared.stderr
    finally:
        redis.kill()
        redis.wait()
