"""A run says what happened: failed, empty, capped, degraded — over real HTTP, with the real
Scrapy engine and the real command line."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

from newscrawler.archive.store import open_archive
from newscrawler.replica import ReplicaServer, build_portal
from newscrawler.replica.families import FAMILIES
from newscrawler.replica.portal import Portal
from tests.conftest import LOCAL, REPO, read_jsonl, run_cli
from tests.misbehaving import MisbehavingPortal

#: No retries: a failing start URL fails at once.
FAST = [*LOCAL, "-s", "RETRY_TIMES=0"]


def crawls(work) -> list[dict]:
    with open_archive(work / "archive.db") as db:
        return list(db.query("select * from crawls order by id"))


def runs_json(work) -> list[dict]:
    result = run_cli("runs", "--json", cwd=work)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_start_url_that_cannot_be_fetched_fails_the_run_with_a_non_zero_exit(tmp_path):
    port = closed_port()
    start = f"http://127.0.0.1:{port}/news/list.htm"
    result = run_cli("crawl", "--url", start, "--cms", "vsb", *FAST, "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    (row,) = json.loads(result.stdout)
    assert (row["status"], row["reason"], row["note"]) == (
        "failed",
        "start_urls_failed",
        f"start_urls_failed: connection refused by 127.0.0.1:{port}",
    )
    assert (
        f"failed: connection refused by 127.0.0.1:{port} — no start URL could be fetched"
        in result.stderr
    )
    # One name for a refused connection, whichever layer raised it.
    assert json.loads(row["error_reasons"]) == {"connection_refused": 1}
    (run,) = runs_json(tmp_path)
    assert run["status"] == "failed" and "could be fetched" in run["reason_description"]


def test_a_start_url_answering_404_fails_the_run(tmp_path):
    with MisbehavingPortal() as portal:
        result = run_cli(
            "crawl", "--url", portal.url + "/no-such-list.htm", *FAST, "--json", cwd=tmp_path
        )
    assert result.returncode == 1
    (row,) = json.loads(result.stdout)
    assert (row["status"], row["reason"]) == ("failed", "start_urls_failed")
    assert json.loads(row["error_reasons"]) == {"http_404": 1}


def test_a_typoed_setting_name_is_warned_with_the_name_it_resembles(tmp_path):
    with MisbehavingPortal() as portal:
        result = run_cli(
            "crawl", "--url", portal.url + "/no-such-list.htm", *FAST,
            "-s", "DOWNLOAD_DELAYY=5", "-s", "NOSUCHSETTING=1", cwd=tmp_path,
        )  # fmt: skip
    assert (
        "Warning: -s DOWNLOAD_DELAYY: no setting of Scrapy or newscrawler has this name"
        " (did you mean DOWNLOAD_DELAY?)"
    ) in result.stderr
    assert "-s NOSUCHSETTING: no setting" in result.stderr
    assert "RETRY_TIMES" not in result.stderr  # a real setting is not warned about


def test_a_page_with_no_article_links_makes_an_empty_run_with_a_hint(tmp_path):
    with MisbehavingPortal() as portal:
        start = portal.url + "/about.htm"
        result = run_cli("crawl", "--url", start, "--cms", "vsb", *FAST, cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "empty" in result.stdout and "no_article_links" in result.stdout
    assert f"Is {start} a listing page" in result.stderr
    assert "Wrong --cms? Try --cms auto." in result.stderr
    (row,) = crawls(tmp_path)
    assert (row["status"], row["reason"], row["complete"]) == ("empty", "no_article_links", 0)


def test_an_empty_auto_run_points_to_add_instead_of_suggesting_auto_again(tmp_path):
    with MisbehavingPortal() as portal:
        start = portal.url + "/about.htm"
        result = run_cli("crawl", "--url", start, "--cms", "auto", *FAST, cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"Is {start} a listing page" in result.stderr
    assert "Try --cms auto" not in result.stderr
    assert "newscrawler add URL --dry-run" in result.stderr


def test_a_run_stopped_by_the_listing_cap_says_capped(tmp_path):
    portal = build_portal("vsb", n_articles=12)
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        result = run_cli(
            "crawl", "--url", start, "--cms", "vsb", *FAST,
            "-s", "NEWSCRAWLER_MAX_LISTING_PAGES=1",
            cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    header, _, summary = result.stdout.splitlines()[:3]
    assert header.split()[-1] == "note" and summary.split()[-1] == "capped"
    (run,) = runs_json(tmp_path)
    assert (run["status"], run["capped"], run["note"]) == ("finished", True, "capped")
    assert 0 < run["new"] < len(portal.expected())
    table = run_cli("runs", cwd=tmp_path).stdout
    assert "capped" in table


class RedesignedPortal(Portal):
    """A replica portal whose article template can lose its credit lines, as a portal does
    after a redesign the profile does not know yet. (Not the date: the archived listing rows
    still give it, so a page that stops printing its date keeps it.)"""

    credits_shown = True

    def _article(self, number: int):
        article = super()._article(number)
        if not self.credits_shown:  # the names are no longer printed
            article.byline = [dataclasses.replace(c, names=[""]) for c in article.byline]
            article.footer = []
        return article

    def redesign(self) -> None:
        self.credits_shown = False
        self.article.cache_clear()


def test_a_run_where_a_field_stops_being_filled_ends_degraded_naming_it(tmp_path):
    n = 12
    portal = RedesignedPortal(FAMILIES["vsb"](0, n), n)
    recheck = ["-s", "NEWSCRAWLER_RECHECK_AFTER=0"]  # every known article is fetched again
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        args = ["crawl", "--url", start, "--cms", "vsb", *FAST, *recheck, "--json"]
        first = run_cli(*args, cwd=tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        again = run_cli(*args, cwd=tmp_path)  # nothing changed: still finished
        assert again.returncode == 0, again.stderr[-2000:]
        portal.redesign()
        after = run_cli(*args, cwd=tmp_path)
    assert [json.loads(r.stdout)[0]["status"] for r in (first, again)] == ["finished"] * 2
    # Degraded is done (exit 0, not due again), but says which field to look at.
    assert after.returncode == 0, after.stdout
    (row,) = json.loads(after.stdout)
    assert (row["status"], row["note"]) == ("degraded", "fields dropped: credits")
    assert "fields dropped: credits — the portal's pages changed" in after.stderr
    assert "fix the site profile" not in again.stderr
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        shares = conn.execute(
            "select c.status, f.filled, f.articles from crawl_fields f"
            " join crawls c on c.id = f.crawl_id where f.field = 'credits' order by c.id"
        ).fetchall()
    # Every replica article has credits. The run between stored nothing (every page answered
    # 304 Not Modified), so it judges nothing; after the redesign every page changed.
    assert shares == [("finished", 12, 12), ("finished", 0, 0), ("degraded", 0, 12)]
    newest = runs_json(tmp_path)[0]
    assert (newest["status"], newest["degraded_fields"]) == ("degraded", ["credits"])
    report = tmp_path / "report.html"
    result = run_cli("report", "-o", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = report.read_text(encoding="utf-8")
    assert '<b class="status-degraded">degraded</b> (fields dropped: credits)' in html


def test_a_jsonl_file_that_cannot_be_written_fails_the_run_and_keeps_its_lines(tmp_path):
    portal = build_portal("wordpress", n_articles=12)
    jsonl = tmp_path / "archive.jsonl"
    written = tmp_path / "written.jsonl"
    with ReplicaServer([portal], delay=0.1) as server:
        start = server.url(portal) + portal.start_path
        args = ["crawl", "--url", start, "--cms", "wordpress", *FAST, "--json"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", *args, "-s", "NEWSCRAWLER_BATCH_SIZE=1",
             "--jsonl", str(jsonl)],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (jsonl.exists() and jsonl.stat().st_size):
            time.sleep(0.02)
        # Mid-run, the file's place is taken by a folder: the next append fails (what was
        # written so far moves aside, so the test can count it).
        while not jsonl.is_dir():
            jsonl.rename(written) if not written.exists() else _append(jsonl, written)
            try:
                jsonl.mkdir()
            except FileExistsError:
                continue
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, err[-2000:]
        (row,) = json.loads(out)
        assert (row["status"], row["reason"]) == ("failed", "jsonl_failed")
        assert "JSON Lines file could not be written" in err  # the summary's advice
        assert "could not write JSON Lines" in (tmp_path / "archive.db.log").read_text()
        with open_archive(tmp_path / "archive.db") as db:
            stored = db["articles"].count
            waiting = db["jsonl_outbox"].count
        before = len(read_jsonl(written))
        assert waiting > 0 and before + waiting == stored  # committed, waiting for the file
        jsonl.rmdir()
        retry = run_cli(*args, "--jsonl", str(jsonl), cwd=tmp_path)
    assert retry.returncode == 0, retry.stderr[-2000:]
    lines = [line["url"] for line in read_jsonl(written) + read_jsonl(jsonl)]
    with open_archive(tmp_path / "archive.db") as db:
        assert db["jsonl_outbox"].count == 0
        archived = {row["url"] for row in db["articles"].rows}
    assert len(lines) == len(set(lines)) and set(lines) == archived  # each line once, none lost


def _append(source, target) -> None:
    """Move the lines of ``source`` to the end of ``target``."""
    with open(target, "ab") as out:
        out.write(source.read_bytes())
    source.unlink()


def test_a_run_stopped_by_a_signal_is_interrupted_and_not_done(tmp_path):
    portal = build_portal("vsb", n_articles=30)
    with ReplicaServer([portal], delay=0.2) as server:
        start = server.url(portal) + portal.start_path
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", "--url", start, "--cms", "vsb",
             *FAST, "--json"],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not hits_articles(server, portal):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy closes the spider gracefully
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err[-2000:]
    (row,) = json.loads(out)
    assert (row["status"], row["reason"], row["complete"]) == ("interrupted", "shutdown", 0)


def hits_articles(server: ReplicaServer, portal: Portal) -> bool:
    """True once the crawl has asked for an article page."""
    articles = set(portal.article_paths())
    return any(path in articles for path in server.hits(portal))
