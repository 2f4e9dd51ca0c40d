"""`--resume` after SIGKILL loses nothing, on a portal big and slow enough for Scrapy's job state
(seen-set, disk queue) to reach the disk before each kill.

The real `python -m newscrawler crawl ... --resume` process is killed when the archive holds 25%,
50% and 75% of the portal's articles (judged by polling the archive, not the clock), started
again each time, and finally left to finish: every article must then be archived exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time

from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import run_cli
from tests.test_crash_safety import check_archive, crawl_command, start_crawl, stored_count

ARTICLES = 200
KILL_AT = (0.25, 0.5, 0.75)
#: Seconds the replica waits before each answer: a slow portal.
LATENCY = 0.03


def wait_until_stored(work, proc, wanted: int, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while stored_count(work) < wanted and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def test_sigkill_at_several_points_then_resume_archives_every_article_exactly_once(tmp_path):
    portal = build_portal("vsb", n_articles=ARTICLES)
    figures = []
    with ReplicaServer([portal], delay=LATENCY) as server:
        base = server.url(portal)
        for share in KILL_AT:
            proc = start_crawl(base, portal, tmp_path)
            wait_until_stored(tmp_path, proc, int(share * ARTICLES))
            # A crawl that ends before the kill point stopped short: it lost articles.
            assert proc.poll() is None, (
                f"the crawl finished with {stored_count(tmp_path)} of {ARTICLES} articles"
                f" before the {share:.0%} kill point (after {figures})"
            )
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            stored, _ = check_archive(tmp_path)
            figures.append((f"killed at {share:.0%}", len(stored)))
            assert len(stored) < ARTICLES
        resumed = run_cli(*crawl_command(base, portal)[3:], "--json", cwd=tmp_path, timeout=120)
        figures.append(("after resume", stored_count(tmp_path)))
        again = run_cli(*crawl_command(base, portal)[3:], "--json", cwd=tmp_path, timeout=120)
        figures.append(("after a second resume", stored_count(tmp_path)))
    print("articles archived:", ", ".join(f"{what}: {n}" for what, n in figures))
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert again.returncode == 0, again.stderr[-3000:]
    stored, lines = check_archive(tmp_path)
    expected = {base + path for path in portal.expected()}
    assert stored == expected, f"{len(expected - stored)} articles never archived"
    # Exactly once: one JSON line and one version per article, and the last run found nothing new.
    assert sorted(line["url"] for line in lines) == sorted(expected)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = conn.execute("select count(*), count(distinct url) from article_versions")
        assert versions.fetchone() == (ARTICLES, ARTICLES)
    assert json.loads(again.stdout)[0]["new"] == 0


def test_queue_of_a_cleanly_stopped_run_is_kept_and_a_killed_runs_is_discarded(tmp_path):
    portal = build_portal("webplus", n_articles=60)
    with ReplicaServer([portal], delay=LATENCY) as server:
        base = server.url(portal)
        # SIGTERM once: Scrapy stops gracefully and writes its queue's state.
        proc = start_crawl(base, portal, tmp_path)
        wait_until_stored(tmp_path, proc, 10)
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=60) is not None
        (site_jobs,) = (tmp_path / "archive.db.jobs").iterdir()  # the --url site's own folder
        queue = site_jobs / "requests.queue"
        assert (queue / "active.json").exists(), "a cleanly stopped run left no queue state"
        # The next run consumes that state: were it killed now, its queue would not be trusted.
        proc = start_crawl(base, portal, tmp_path)
        wait_until_stored(tmp_path, proc, 30)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert not (queue / "active.json").exists() and any(queue.iterdir())
        resumed = run_cli(*crawl_command(base, portal)[3:], "--json", cwd=tmp_path, timeout=120)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    stored, lines = check_archive(tmp_path)
    assert stored == {base + path for path in portal.expected()}
    assert len(lines) == len(stored)


def test_resume_after_ctrl_c_fetches_no_page_twice_and_drops_nothing(tmp_path):
    """Ctrl-C once, then the same command: the resumed run takes the queue and skips every request
    the first run made, so together they fetch what one clean crawl fetches, plus the start page
    (read again for what was published since)."""
    portal = build_portal("vsb", n_articles=30)
    with ReplicaServer([portal], delay=LATENCY) as server:
        base = server.url(portal)
        proc = start_crawl(base, portal, tmp_path)
        wait_until_stored(tmp_path, proc, 10)
        os.kill(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) is not None
        first = stored_count(tmp_path)
        assert 10 <= first < 30
        resumed = run_cli(*crawl_command(base, portal)[3:], "--json", cwd=tmp_path, timeout=120)
        hits = server.hits(portal)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    (row,) = json.loads(resumed.stdout)
    assert (row["status"], row["dropped"], row["new"]) == ("finished", 0, 30 - first)
    failing = portal.path_of(portal.error_number)  # always answers 500: retried
    twice = {t: n for t, n in hits.items() if n > 1 and t not in (failing, "/robots.txt")}
    assert twice == {portal.start_path: 2}
    stored, lines = check_archive(tmp_path)
    assert stored == {base + path for path in portal.expected()}
    assert len(lines) == len(stored)
