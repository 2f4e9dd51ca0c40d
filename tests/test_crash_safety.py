"""Crash safety: SIGKILL a real crawl at several points, run it again, and check the archive.

Nothing stored is lost, nothing is stored twice, SQLite's integrity check passes, the JSON Lines
file has no partial line and no repeated article, and the run continues instead of starting over
(the queue a killed run leaves is discarded; the archive and the re-walked listings decide what
is still to fetch, see tests/test_resume.py).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from newscrawler.profiles import url_site_id
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli

ARTICLES = 40
#: Kill points, as "killed once at least N articles were stored" (0: during start-up, before the
#: archive exists). Judged by the archive itself, not by the clock, so they hold on a slow machine.
KILL_WHEN_STORED = (0, 1, ARTICLES // 3, 2 * ARTICLES // 3)


def crawl_command(base, portal):
    return [
        sys.executable, "-m", "newscrawler", "crawl", "--url", base + portal.start_path,
        "--cms", portal.family, "--resume", *LOCAL,
        # Two requests out at a time: the rest waits in the scheduler's queue (on disk).
        "-s", "CONCURRENT_REQUESTS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "-s", "NEWSCRAWLER_BATCH_SIZE=3",
    ]  # fmt: skip


def start_crawl(base, portal, work, **popen):
    """The crawl as a real background process, to be killed."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    popen = popen or {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return subprocess.Popen(crawl_command(base, portal), cwd=work, env=env, **popen)


def check_archive(work) -> tuple[set[str], list[dict]]:
    """Invariants that must hold at any moment, even right after a kill."""
    if not (work / "archive.db").exists():
        return set(), []
    conn = sqlite3.connect(work / "archive.db")
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    urls = [row[0] for row in conn.execute("select url from articles")]
    conn.close()
    jsonl = work / "archive.jsonl"
    raw = jsonl.read_bytes() if jsonl.exists() else b""
    assert raw == b"" or raw.endswith(b"\n"), "partial last line"
    lines = [json.loads(line) for line in raw.decode().splitlines()]
    repeated = [
        k for k, n in Counter((li["url"], li["content_hash"]) for li in lines).items() if n > 1
    ]
    assert not repeated
    assert {line["url"] for line in lines} <= set(urls), "JSON Lines holds an unarchived article"
    return set(urls), lines


@pytest.mark.parametrize("kill_when", KILL_WHEN_STORED)
def test_sigkill_then_resume_loses_and_duplicates_nothing(tmp_path, kill_when):
    portal = build_portal("vsb", n_articles=ARTICLES)
    with ReplicaServer([portal], delay=0.05) as server:
        base = server.url(portal)
        proc = start_crawl(base, portal, tmp_path)
        if kill_when == 0:
            time.sleep(0.3)
        deadline = time.monotonic() + 60
        while kill_when and stored_count(tmp_path) < kill_when and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl ended before the kill point"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        stored_before, _ = check_archive(tmp_path)
        assert kill_when <= len(stored_before) < ARTICLES
        result = run_cli(*crawl_command(base, portal)[3:], "--json", cwd=tmp_path, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    stored_after, lines = check_archive(tmp_path)
    expected = {base + path for path in portal.expected()}
    assert stored_before <= stored_after == expected
    assert sorted(line["url"] for line in lines) == sorted(expected)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        statuses = [row[0] for row in conn.execute("select status from crawls order by id")]
        outbox = conn.execute("select count(*) from jsonl_outbox").fetchone()[0]
    assert statuses[-1] == "finished" and outbox == 0
    assert all(s in ("interrupted", "finished") for s in statuses[:-1])


def stored_count(work) -> int:
    if not (work / "archive.db").exists():
        return 0
    with sqlite3.connect(f"file:{work / 'archive.db'}?mode=ro", uri=True) as conn:
        try:
            return conn.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.OperationalError:  # schema not created yet
            return 0


def test_resumed_crawl_continues_instead_of_starting_over(tmp_path):
    portal = build_portal("webplus", n_articles=40)
    articles = set(portal.expected())
    with ReplicaServer([portal], delay=0.1) as server:
        base = server.url(portal)
        proc = start_crawl(base, portal, tmp_path)
        site = url_site_id(base + portal.start_path)
        queue = tmp_path / "archive.db.jobs" / site / "requests.queue"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            stored_count(tmp_path) >= 12 and queue.is_dir() and any(queue.iterdir())
        ):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        result = run_cli(*crawl_command(base, portal)[3:], "--json", cwd=tmp_path, timeout=180)
        hits = server.hits(portal)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)[0]["status"] == "finished"
    assert stored_count(tmp_path) == len(articles)
    # Only what was in flight or not yet committed at the kill is fetched a second time: two
    # requests in the downloader, a batch of three uncommitted rows, and the responses the scraper
    # held for extraction (a loaded machine holds two or three there).
    fetched_twice = sum(max(0, hits[path] - 1) for path in articles)
    assert fetched_twice <= 8, {path: hits[path] for path in articles if hits[path] > 1}


def test_a_second_crawl_on_the_same_archive_refuses_clearly(tmp_path):
    portal = build_portal("vsb", n_articles=40)
    with ReplicaServer([portal], delay=0.05) as server:
        base = server.url(portal)
        first = start_crawl(
            base, portal, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        time.sleep(0.8)
        second = run_cli(*crawl_command(base, portal)[3:], cwd=tmp_path)
        out, err = first.communicate(timeout=180)
    assert second.returncode != 0
    assert "being written by another crawl" in second.stderr
    assert first.returncode == 0, err[-3000:]
    stored, lines = check_archive(tmp_path)
    assert len(stored) == len(lines) == len(portal.expected())
