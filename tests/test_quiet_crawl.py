"""What a person sees: a quiet crawl (progress line on a terminal, log in a file beside the
archive, -v for the log on stderr), and a replica portal served from the command line."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import pytest

from newscrawler.cli.progress import progress_text
from newscrawler.profiles import url_site_id
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli


@pytest.fixture(scope="module")
def vsb():
    portal = build_portal("vsb", n_articles=8)
    with ReplicaServer([portal]) as server:
        yield server.url(portal) + portal.start_path


def test_crawl_is_quiet_and_logs_to_a_file_beside_the_archive(tmp_path, vsb):
    result = run_cli("crawl", "--url", vsb, "--cms", "vsb", *LOCAL, "-s", "LOG_LEVEL=INFO",
                     cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    header, rule, row = result.stdout.splitlines()
    assert header.split()[:3] == ["finished_at", "site", "status"] and set(rule) <= {"-", " "}
    finished_at, *cells = row.split()
    assert datetime.fromisoformat(finished_at).tzinfo is not None  # each row starts with a time
    assert cells[:3] == [url_site_id(vsb), "finished", "8"]
    log = (tmp_path / "archive.db.log").read_text(encoding="utf-8")
    assert "Spider opened" in log and "Spider closed (finished)" in log


def test_verbose_crawl_shows_the_log_on_stderr_and_keeps_the_file(tmp_path, vsb):
    result = run_cli("crawl", "--url", vsb, "--cms", "vsb", *LOCAL, "-s", "LOG_LEVEL=INFO", "-v",
                     "--json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Spider opened" in result.stderr and "Spider closed (finished)" in result.stderr
    assert json.loads(result.stdout)[0]["new"] == 8
    assert "Spider opened" in (tmp_path / "archive.db.log").read_text(encoding="utf-8")


def test_a_terminal_sees_a_live_progress_line_then_the_summary(tmp_path):
    portal = build_portal("webplus", n_articles=20)
    with ReplicaServer([portal], delay=0.1) as server:
        start = server.url(portal) + portal.start_path
        controller, terminal = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", "--url", start, "--cms", "webplus",
             *LOCAL, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "NEWSCRAWLER_BATCH_SECONDS=0.5"],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"},
            stdin=terminal, stdout=terminal, stderr=terminal,
        )  # fmt: skip
        os.close(terminal)
        screen = read_until_exit(controller, proc)
    assert proc.returncode == 0, screen[-2000:]
    assert "crawling 1 site:" in screen and "pages/s" in screen
    assert " articles read (" in screen and " changed), " in screen and " errors, " in screen
    assert max(int(n) for n in re.findall(r"(\d+) pages,", screen)) > 0  # it moved
    # New articles are counted as their batches are stored, not only in the summary.
    assert max(int(n) for n in re.findall(r"\((\d+) new,", screen)) > 0
    assert "finished" in screen.split("pages/s")[-1]  # the summary comes after the line
    assert "[scrapy" not in screen  # the log went to the file
    assert (tmp_path / "archive.db.log").stat().st_size > 0


def test_without_a_terminal_a_timestamped_progress_line_goes_to_stderr_every_interval(tmp_path):
    portal = build_portal("webplus", n_articles=20)
    with ReplicaServer([portal], delay=0.1) as server:
        start = server.url(portal) + portal.start_path
        result = run_cli("crawl", "--url", start, "--cms", "webplus", *LOCAL, "--json",
                         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                         "-s", "NEWSCRAWLER_PROGRESS_INTERVAL=0.5",
                         "-s", "NEWSCRAWLER_BATCH_SECONDS=0.5", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)[0]
    assert summary["new"] == 20  # stdout stays the summary alone
    line = re.compile(
        r"(\S+) crawling 1 site: (\d+) pages?, \d+ articles? read \((\d+) new, \d+ changed\),"
        r" \d+ errors?, [\d.]+ pages/s"
    )
    lines = result.stderr.splitlines()
    matches = [m for m in map(line.fullmatch, lines) if m]
    assert len(matches) >= 2 and len(matches) == len(lines), result.stderr
    # Each line starts with the time as the summary's rows do (UTC, ISO 8601 to the second).
    iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
    assert iso.fullmatch(summary["finished_at"]) and all(iso.fullmatch(m[1]) for m in matches)
    counts = [(int(m[2]), int(m[3])) for m in matches]
    assert counts == sorted(counts) and counts[-1][0] > 0
    assert 0 < max(new for _, new in counts) <= 20  # new articles counted while the crawl ran


def test_the_progress_line_counts_in_the_singular_and_says_what_new_counts():
    one = {"pages": 1, "articles": 1, "new": 1, "changed": 0, "errors": 1}
    assert progress_text(one, 1, 2.0) == (
        "crawling 1 site: 1 page, 1 article read (1 new, 0 changed), 1 error, 0.5 pages/s"
    )
    many = {"pages": 46, "articles": 12, "new": 3, "changed": 1, "errors": 0}
    assert progress_text(many, 2, 10.0) == (
        "crawling 2 sites: 46 pages, 12 articles read (3 new, 1 changed), 0 errors, 4.6 pages/s"
    )


def read_until_exit(fd: int, proc: subprocess.Popen, timeout: float = 120) -> str:
    """Everything a process wrote to its terminal, once it has exited."""
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the process closed its side
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


def test_replica_serve_prints_a_start_url_that_serves_a_portal_until_ctrl_c(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawler", "replica", "serve", "webplus", "--articles", "7"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        start_url = proc.stdout.readline().strip()
        assert start_url.startswith("http://127.0.0.1:"), proc.stderr.read()
        with urllib.request.urlopen(start_url, timeout=30) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Type"].startswith("text/html")
        result = run_cli("crawl", "--url", start_url, "--cms", "webplus", *LOCAL, "--json",
                         cwd=tmp_path)  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        assert json.loads(result.stdout)[0]["new"] == 7
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err
    assert f"newscrawler crawl --url {start_url} --cms webplus" in err


def test_replica_serve_refuses_a_taken_port(tmp_path):
    portal = build_portal("vsb")
    with ReplicaServer([portal]) as server:
        port = server.url(portal).rsplit(":", 1)[1]
        result = run_cli("replica", "serve", "vsb", "--port", port, cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and f"port {port} is taken" in result.stderr
    assert "Traceback" not in result.stderr
