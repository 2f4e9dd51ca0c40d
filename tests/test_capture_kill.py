"""SIGKILL during capture, with real crawl processes: no archive row ever points at a missing or
partial WARC record, the next start cuts what a kill left half-written and brings the capture
index back in line, and re-runs archive everything exactly once.

Kill points are judged by watching the WARC directory and the archive (not the clock), so they
hold on a loaded machine: during the listings (a listing captured, no article stored yet), in
the middle of the articles, the moment the WARC file grows (right after records are written,
before their rows can be committed), and during a run of conditional re-checks.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from newscrawler.capture.index import IndexEntry, index_path
from newscrawler.capture.warc import (
    OPEN_SUFFIX,
    _complete_prefix,
    close_abandoned,
    payload_digest,
    read_payload_record,
    read_record,
)
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli

ARTICLES = 18


def crawl(base: str, portal, work: Path, *extra: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "newscrawler", "crawl", "--url", base + portal.start_path,
        "--cms", portal.family, *LOCAL, "-s", "CONCURRENT_REQUESTS=2",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "NEWSCRAWLER_BATCH_SIZE=3", *extra,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def query(work: Path, sql: str) -> list[tuple]:
    if not (work / "archive.db").exists():
        return []
    with sqlite3.connect(f"file:{work / 'archive.db'}?mode=ro", uri=True) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # tables not created yet
            return []


def indexed_urls(warcs: Path) -> list[str]:
    """URLs of the records the capture indexes list now (an index being written included)."""
    urls = []
    for path in warcs.glob("*.cdxj"):
        for line in path.read_text().splitlines(keepends=True):
            if line.endswith("\n"):
                urls.append(IndexEntry.parse(line).url)
    return urls


def wait_for(proc: subprocess.Popen, ready: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"the crawl ended before the kill point: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "the kill point was never reached"
        time.sleep(0.005)


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool]) -> None:
    wait_for(proc, ready)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()


def finish(proc: subprocess.Popen) -> None:
    assert proc.wait(timeout=120) == 0, proc.stderr.read()[-3000:]
    proc.stderr.close()


def warc_grows(warcs: Path) -> Callable[[], bool]:
    """True from the moment the file being written is larger than when this was called."""

    def size() -> int:
        return sum(p.stat().st_size for p in warcs.glob(f"*{OPEN_SUFFIX}"))

    start = size()
    return lambda: size() > start


def assert_references_resolve(work: Path) -> None:
    """Every version row and page check names a whole record, with the payload it was made
    from (its digest verified), even while the killed run's file is still ``.open``."""
    warcs = work / "archive.db.warc"
    references = query(
        work,
        "select warc_file, warc_offset, warc_record_id from article_versions union all"
        " select warc_file, warc_offset, warc_record_id from page_checks",
    )
    for filename, offset, record_id in references:
        record = read_record(warcs, filename, offset)
        assert record.warc_headers["WARC-Record-ID"] == record_id
        assert record.record_type in ("response", "revisit")
        payload = read_payload_record(warcs, filename, offset).payload
        assert payload_digest(payload) == record.warc_headers["WARC-Payload-Digest"]


def assert_files_whole_and_indexed(warcs: Path) -> None:
    """After a start: nothing left ``.open`` by a kill, every file made of whole records, and
    every index listing exactly its file's response and revisit records."""
    files = sorted(warcs.glob("*.warc.gz"))
    assert files
    for path in files:
        if (path.parent / (path.name + OPEN_SUFFIX)).exists():
            continue
        assert _complete_prefix(path) == path.stat().st_size
        entries = [IndexEntry.parse(li) for li in index_path(path).read_text().splitlines(True)]
        for entry in entries:
            record = read_record(warcs, entry.filename, entry.offset)
            assert record.warc_headers["WARC-Record-ID"] == entry.record_id
        check = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "index", "-f", "warc-type", str(path)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        kinds = check.stdout.count('"response"') + check.stdout.count('"revisit"')
        assert kinds == len(entries), path.name


def test_sigkill_during_capture_leaves_no_dangling_reference_and_loses_nothing(tmp_path):
    portal = build_portal("vsb", n_articles=ARTICLES)
    articles = set(portal.expected())
    warcs = tmp_path / "archive.db.warc"

    def stored() -> int:
        return sum(n for (n,) in query(tmp_path, "select count(*) from articles"))

    with ReplicaServer([portal], delay=0.03) as server:
        base = server.url(portal)
        expected = {base + path for path in articles}

        # 1. During the listings: a listing captured, no article stored yet.
        proc = crawl(base, portal, tmp_path)
        kill_when(
            proc,
            lambda: (
                any(u.startswith(base + "/xwzx/") for u in indexed_urls(warcs)) and stored() == 0
            ),
        )
        assert_references_resolve(tmp_path)

        # 2. In the middle of the articles.
        proc = crawl(base, portal, tmp_path)
        kill_when(proc, lambda: stored() >= ARTICLES // 3)
        assert_files_whole_and_indexed(warcs)  # the first kill's file was cut and indexed
        assert_references_resolve(tmp_path)
        assert stored() < ARTICLES

        # 3. Right after records are written, before their rows can be committed.
        proc = crawl(base, portal, tmp_path)
        wait_for(proc, lambda: stored() > ARTICLES // 3 and bool(list(warcs.glob("*.open"))))
        kill_when(proc, warc_grows(warcs))
        assert stored() < ARTICLES
        assert_references_resolve(tmp_path)

        # The re-run archives everything, once.
        finish(crawl(base, portal, tmp_path))
        assert_files_whole_and_indexed(warcs)
        assert_references_resolve(tmp_path)
        assert {u for (u,) in query(tmp_path, "select url from articles")} == expected
        assert query(tmp_path, "select count(*), max(version) from article_versions") == [
            (ARTICLES, 1)
        ]
        lines = (tmp_path / "archive.jsonl").read_text().splitlines()
        assert len(lines) == ARTICLES

        # 4. During conditional re-checks (304 answers, each a page check linked to a record).
        recheck = ("-s", "NEWSCRAWLER_RECHECK_AFTER=0")
        proc = crawl(base, portal, tmp_path, *recheck)
        kill_when(proc, lambda: bool(query(tmp_path, "select 1 from page_checks limit 1")))
        assert_references_resolve(tmp_path)
        finish(crawl(base, portal, tmp_path, *recheck))
    assert_files_whole_and_indexed(warcs)
    assert_references_resolve(tmp_path)
    checked = {u for (u,) in query(tmp_path, "select url from page_checks where status = 304")}
    assert checked == expected
    assert query(tmp_path, "select count(*) from article_versions") == [(ARTICLES,)]
    assert len((tmp_path / "archive.jsonl").read_text().splitlines()) == ARTICLES


def test_a_dead_crawls_open_warc_file_is_closed_by_the_next_reader_a_live_ones_is_not(tmp_path):
    """A crawl's ``.open`` file is locked while it writes: a reader (``export --format wacz``)
    leaves it alone while the crawl lives; after a SIGKILL the reader closes it, so no version
    row names a file that is not closed, and the WACZ packs its records."""
    portal = build_portal("vsb", n_articles=ARTICLES)
    warcs = tmp_path / "archive.db.warc"

    def named_files() -> set[str]:
        return {f for (f,) in query(tmp_path, "select distinct warc_file from article_versions")}

    with ReplicaServer([portal], delay=0.03) as server:
        base = server.url(portal)
        proc = crawl(base, portal, tmp_path)
        wait_for(proc, lambda: bool(named_files()) and bool(list(warcs.glob(f"*{OPEN_SUFFIX}"))))
        [live] = warcs.glob(f"*{OPEN_SUFFIX}")
        # Another process finds the file locked by its live writer: nothing is closed.
        assert close_abandoned(warcs) == []
        assert live.exists()
        kill_when(proc, lambda: len(named_files() & {live.name.removesuffix(OPEN_SUFFIX)}) > 0)
        [left] = warcs.glob(f"*{OPEN_SUFFIX}")
        named = named_files()
        killed_at = sum(n for (n,) in query(tmp_path, "select count(*) from articles"))
        assert left.name.removesuffix(OPEN_SUFFIX) in named  # a row names a file not closed

        wacz = tmp_path / "out.wacz"
        done = run_cli("export", "--format", "wacz", "-o", str(wacz), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "cut back and closed" in done.stderr
        assert list(warcs.glob(f"*{OPEN_SUFFIX}")) == []
        assert all((warcs / name).exists() for name in named_files())
        assert_files_whole_and_indexed(warcs)
        assert_references_resolve(tmp_path)
        with zipfile.ZipFile(wacz) as packed:
            assert f"archive/{left.name.removesuffix(OPEN_SUFFIX)}" in packed.namelist()

        finish(crawl(base, portal, tmp_path))
    assert {u for (u,) in query(tmp_path, "select url from articles")} == {
        base + path for path in portal.expected()
    }
    assert query(tmp_path, "select count(*) from article_versions") == [(ARTICLES,)]
    print(f"SIGKILL mid-capture at {killed_at} stored: export closed {left.name}; next run"
          f" exit 0, {ARTICLES} of {ARTICLES} stored once")  # fmt: skip
