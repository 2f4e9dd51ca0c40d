"""Every fault ends honestly: a full disk, a hung crawl and a signal, settings that prevent
progress, a run whose process is gone. Real processes, a real filesystem that fills (a small
tmpfs, mounted by the test: root only), real HTTP replicas."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli
from tests.misbehaving import GOOD_ARTICLE


def crawl_args(base: str, portal, *extra: str) -> list[str]:
    return ["crawl", "--url", base + portal.start_path, "--cms", portal.family, *LOCAL, *extra]


def archive_facts(db: Path) -> tuple[str, list[str]]:
    conn = sqlite3.connect(db)
    try:
        check = conn.execute("pragma integrity_check").fetchone()[0]
        urls = [r[0] for r in conn.execute("select url from articles")]
    finally:
        conn.close()
    return check, urls


def tmpfs(tmp_path: Path, size: str):
    """A tmpfs of ``size`` (mount's notation) under ``tmp_path``, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)])
    if done.returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs: room for a new archive (its migrations write about 3.5 MB of WAL),
    too small for a 120-article crawl with its WARC files."""
    yield from tmpfs(tmp_path, "6m")


@pytest.fixture
def tiny_disk(tmp_path):
    """A 300 kB tmpfs: too small for a new archive's migrations."""
    yield from tmpfs(tmp_path, "300k")


def test_a_disk_too_full_to_create_the_archive_is_exit_1_naming_the_cause(tiny_disk):
    result = run_cli("crawl", "--url", "http://127.0.0.1:9/news/", *LOCAL, cwd=tiny_disk)
    assert result.returncode == 1, result.stderr
    assert "the archive could not be written: database or disk is full" in result.stderr
    assert "rollback" not in result.stderr and "Traceback" not in result.stderr


def test_full_disk_fails_the_run_promptly_and_the_next_run_completes(small_disk):
    portal = build_portal("vsb", n_articles=120)
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        started = time.monotonic()
        full = run_cli(*crawl_args(base, portal, "--json"), cwd=small_disk, timeout=90)
        elapsed = time.monotonic() - started
        assert full.returncode == 1, full.stderr
        [row] = json.loads(full.stdout)
        assert (row["status"], row["reason"]) == ("failed", "disk_full")
        assert "disk_full" in full.stderr
        assert elapsed < 60
        check, stored = archive_facts(small_disk / "archive.db")
        assert check == "ok"
        print(f"full disk: failed after {elapsed:.1f} s, exit 1, {len(stored)} of 120 stored")
        # Room again: the next ordinary run stores every article, none twice.
        subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
        again = run_cli(*crawl_args(base, portal, "--json"), cwd=small_disk)
        assert again.returncode == 0, again.stderr
        check, urls = archive_facts(small_disk / "archive.db")
        assert check == "ok"
        assert len(urls) == len(set(urls)) == 120
        assert set(stored) <= set(urls)
        print(f"full disk, next run: exit 0, {len(urls) - len(stored)} more stored, 120 in all")
        lines = (small_disk / "archive.jsonl").read_text().splitlines()
        assert sorted(json.loads(line)["url"] for line in lines) == sorted(urls)
        # No WARC file is left open, and the killed-by-disk run is not shown as running.
        assert not list((small_disk / "archive.db.warc").glob("*.open"))
        runs = json.loads(run_cli("runs", "--json", cwd=small_disk).stdout)
        # The failed run says `failed` when the full disk still let its status be written,
        # `interrupted` (its process gone) when it did not: never `running`.
        assert runs[0]["status"] == "finished" and runs[1]["status"] in ("failed", "interrupted")


def test_settings_that_prevent_progress_are_refused(tmp_path):
    for setting in ("CONCURRENT_REQUESTS_PER_DOMAIN=0", "NEWSCRAWLER_BATCH_SIZE=0"):
        result = run_cli(
            "crawl", "--url", "http://127.0.0.1:9/news.htm", "-s", setting, cwd=tmp_path
        )
        assert result.returncode == 2
        assert setting.split("=")[0] in result.stderr and "never progress" in result.stderr
    result = run_cli("crawl", "--url", "http://127.0.0.1:9/n.htm", "-s", "DOWNLOAD_TIMEOUT=x",
                     cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2 and "not a number" in result.stderr
    assert not (tmp_path / "archive.db").exists()


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawler", *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for_pages(db: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if db.exists():
            try:
                conn = sqlite3.connect(db)
                if conn.execute("select count(*) from crawls").fetchone()[0]:
                    return
            except sqlite3.Error:
                pass
            finally:
                conn.close()
        time.sleep(0.1)
    raise AssertionError("the crawl never started")


def test_first_sigterm_ends_a_stuck_crawl_and_runs_shows_a_dead_one(tmp_path):
    """A portal that never answers (each request hangs for 12 s): one SIGTERM ends the crawl
    within seconds as interrupted. Then a crawl killed with SIGKILL is shown interrupted by
    `runs`, not running."""
    portal = build_portal("vsb", n_articles=12)
    with ReplicaServer([portal], delay=12) as server:
        base = server.url(portal)
        args = crawl_args(base, portal, "--json", "-s", "NEWSCRAWLER_SHUTDOWN_GRACE=2")
        proc = _start(args, tmp_path)
        _wait_for_pages(tmp_path / "archive.db", time.monotonic() + 30)
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        out, err = proc.communicate(timeout=30)
        print(f"SIGTERM of a hung crawl: ended in {time.monotonic() - started:.1f} s")
        assert time.monotonic() - started < 8
        assert proc.returncode == 1, err
        [row] = json.loads(out)
        assert (row["status"], row["reason"]) == ("interrupted", "shutdown")
        runs = json.loads(run_cli("runs", "--json", cwd=tmp_path).stdout)
        assert runs[0]["status"] == "interrupted"

        killed = _start(args, tmp_path)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            conn = sqlite3.connect(tmp_path / "archive.db")
            running = conn.execute("select count(*) from crawls where status = 'running'")
            n = running.fetchone()[0]
            conn.close()
            if n:
                break
            time.sleep(0.1)
        live = json.loads(run_cli("runs", "--json", cwd=tmp_path).stdout)
        assert live[0]["status"] == "running"
        killed.kill()
        killed.communicate()
        dead = json.loads(run_cli("runs", "--json", cwd=tmp_path).stdout)
        assert (dead[0]["status"], dead[0]["reason"]) == ("interrupted", "killed")


def _stored(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _serve_replica(port: int, articles: int) -> tuple[subprocess.Popen, str]:
    """`newscrawler replica serve` in its own process (killed to make the portal die)."""
    proc = _start(["replica", "serve", "vsb", "--port", str(port), "--articles", str(articles)],
                  Path.cwd())  # fmt: skip
    line = proc.stdout.readline()
    start = next(word for word in line.split() if word.startswith("http://"))
    return proc, start


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_portal_dying_mid_crawl_is_partial_and_the_next_ordinary_run_fetches_the_rest(tmp_path):
    """The replica's process is killed once 10 articles are stored (connection refused from then
    on): the run ends partial, exit 1, counting what it could not fetch; with the portal back,
    an ordinary run (no --full) stores every article and every image the first one missed."""
    port = _free_port()
    server, start = _serve_replica(port, 80)
    args = ["crawl", "--url", start, "--cms", "vsb", *LOCAL, "--json",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "NEWSCRAWLER_BATCH_SIZE=5"]  # fmt: skip
    db = tmp_path / "archive.db"
    proc = _start(args, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _stored(db, "select count(*) from articles")[0][0] >= 10:
                    break
            except sqlite3.Error:
                pass
            time.sleep(0.05)
    finally:
        server.kill()
        server.communicate()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    [row] = json.loads(out)
    assert (row["status"], row["reason"]) == ("partial", "unfetched")
    assert row["unfetched"] > 0 and "not fetched" in row["note"]
    assert "connection_refused" in row["error_reasons"]
    first = {url for (url,) in _stored(db, "select url from articles")}
    print(f"portal died: {row['status']}, exit 1, {len(first)} of 80 stored,"
          f" unfetched {row['unfetched']}, errors {row['error_reasons']}")  # fmt: skip
    assert 10 <= len(first) < 80
    assert _stored(db, "pragma integrity_check") == [("ok",)]

    server, again = _serve_replica(port, 80)
    try:
        assert again == start
        result = run_cli(*args, cwd=tmp_path)
    finally:
        server.kill()
        server.communicate()
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["status"] == "finished"
    urls = {url for (url,) in _stored(db, "select url from articles")}
    assert len(urls) == 80 and first <= urls
    assert _stored(db, "select url from articles where unfetched != '[]'") == []
    # Every image of every article is in the media table: none waits for --full.
    wanted = _stored(
        db, "select a.url, j.value from articles a, json_each(a.images) j"
        " except select article_url, media_url from media",
    )  # fmt: skip
    assert wanted == []
    assert _stored(db, "select count(*) from media")[0][0] > 0
    print(f"portal died, next ordinary run: finished, exit 0, {len(urls) - len(first)} more"
          " stored, 80 in all, every image in media")  # fmt: skip


class _RateLimitingHandler(BaseHTTPRequestHandler):
    """A listing of three articles. The first request for article 1 gets 429 Retry-After: 3,
    for article 2 503 with Retry-After as an HTTP date 2 s ahead; article 3 always gets 429
    asking for an hour. Every request's time is logged."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        log = self.server.log
        seen = sum(1 for _, path, _ in log if path == self.path)
        now = time.time()
        if self.path == "/xwzx.htm":
            links = "".join(
                f"<li><a href='/info/1/{n}.htm'>第{n}篇</a><span>2024-05-01</span></li>"
                for n in (1, 2, 3)
            )
            status, body, headers = 200, f"<html><body><ul>{links}</ul></body></html>", {}
        elif self.path == "/info/1/1.htm" and not seen:
            status, body, headers = 429, "slow down", {"Retry-After": "3"}
        elif self.path == "/info/1/2.htm" and not seen:
            when = formatdate(now + 2, usegmt=True)  # whole seconds: 1-2 s ahead
            self.server.named = parsedate_to_datetime(when).timestamp()
            status, body, headers = 503, "busy", {"Retry-After": when}
        elif self.path == "/info/1/3.htm":
            status, body, headers = 429, "come back in an hour", {"Retry-After": "3600"}
        elif self.path in ("/info/1/1.htm", "/info/1/2.htm"):
            status, body, headers = 200, GOOD_ARTICLE.replace("好文章", self.path), {}
        else:
            status, body, headers = 404, "not found", {}
        log.append((now, self.path, status))
        self._send(status, body.encode(), **headers)


def test_retry_after_is_honoured_capped_and_429s_slow_the_portal(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RateLimitingHandler)
    server.daemon_threads = True
    server.log = []
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = run_cli(
            "crawl", "--url", base + "/xwzx.htm", "--cms", "vsb", *LOCAL, "--json",
            "-s", "ROBOTSTXT_OBEY=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s", "NEWSCRAWLER_RETRY_AFTER_MAX=60", cwd=tmp_path,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    log = server.log
    print("Retry-After, one crawl:", [(round(t - log[0][0], 2), p, s) for t, p, s in sorted(log)])
    assert result.returncode == 1, result.stderr
    [row] = json.loads(result.stdout)
    assert (row["status"], row["reason"]) == ("partial", "unfetched")
    assert json.loads(row["error_reasons"]) == {"rate_limited": 1}
    # After each Retry-After, nothing reached the portal before the time it named.
    for path, wait in (("/info/1/1.htm", 3.0), ("/info/1/2.htm", None)):
        said = next(t for t, p, status in log if p == path and status != 200)
        until = said + wait if wait else server.named
        later = [t for t, _, _ in log if t > said]
        assert later and min(later) >= until - 0.05, (path, said, until, sorted(log))
    # Article 3 asked for an hour, over the cap: asked once, given up, not waited for.
    assert [s for _, p, s in log if p == "/info/1/3.htm"] == [429]
    assert {u for (u,) in _stored(tmp_path / "archive.db", "select url from articles")} == {
        base + "/info/1/1.htm",
        base + "/info/1/2.htm",
    }
    # Two 429s: the portal's delay went 0 -> 1 s -> 2 s for the rest of the run (0.5-1.5x
    # jitter): the requests after the second 429 are at least 1 s apart.
    second = sorted(t for t, _, s in log if s == 429)[1]
    after = sorted(t for t, _, _ in log if t > second)
    gaps = [b - a for a, b in zip(after, after[1:], strict=False)]
    assert gaps and min(gaps) >= 0.9, log


class _BombHandler(BaseHTTPRequestHandler):
    """A listing of two articles: a good one whose image is a 10 kB gzip body that inflates to
    10 MB, and an article that is such a body itself."""

    protocol_version = "HTTP/1.1"
    BOMB = gzip.compress(b"<html><body>" + b" " * 10_000_000 + b"</body></html>")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if self.path == "/xwzx.htm":
            links = "".join(
                f"<li><a href='/info/1/{n}.htm'>第{n}篇</a><span>2024-05-01</span></li>"
                for n in (1, 2)
            )
            status, body = 200, f"<html><body><ul>{links}</ul></body></html>".encode()
        elif self.path == "/info/1/1.htm":
            image = "<p><img src='/img/bomb.png' alt='bomb'></p></div>"
            status, body = 200, GOOD_ARTICLE.replace("</div>", image, 1).encode()
        elif self.path in ("/info/1/2.htm", "/img/bomb.png"):
            status, body = 200, self.BOMB
            headers["Content-Encoding"] = "gzip"
            if self.path.endswith(".png"):
                headers["Content-Type"] = "image/png"
        else:
            status, body = 404, b"not found"
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def test_a_gzip_bomb_is_counted_too_large_as_a_page_and_as_an_image(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BombHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = run_cli(
            "crawl", "--url", base + "/xwzx.htm", "--cms", "vsb", *LOCAL, "--json",
            "-s", "DOWNLOAD_MAXSIZE=1000000", "-s", "NEWSCRAWLER_MEDIA_MAX_SIZE=1000000",
            cwd=tmp_path,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["status"] == "finished"
    assert json.loads(row["error_reasons"]) == {"too_large": 1}
    assert json.loads(row["skipped_reasons"]) == {"media_too_large": 1}
    urls = {u for (u,) in _stored(tmp_path / "archive.db", "select url from articles")}
    assert urls == {base + "/info/1/1.htm"}
    assert _stored(tmp_path / "archive.db", "select media_url from media") == []
