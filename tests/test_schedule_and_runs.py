"""Scheduling (`crawl --due`), the run log (`runs`) and the Scrapy-native entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from click.testing import CliRunner

from newscrawler import reasons
from newscrawler.archive.store import open_archive
from newscrawler.cli import cli
from newscrawler.crawl.runner import due_profiles
from newscrawler.profiles import load_profile_file
from tests.conftest import REPO


def iso(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) - delta).isoformat(timespec="seconds")


def add_run(db_path, site, status, started_ago, seconds=30, **counts):
    with open_archive(db_path) as db, db.conn:
        db["crawls"].insert(
            {
                "site": site,
                "started_at": iso(started_ago),
                "finished_at": iso(started_ago - timedelta(seconds=seconds)),
                "status": status,
                "dropped_reasons": json.dumps(counts.pop("dropped_reasons", {})),
                "error_reasons": json.dumps(counts.pop("error_reasons", {})),
                "skipped_reasons": json.dumps(counts.pop("skipped_reasons", {})),
                **counts,
            }
        )


def profile(tmp_path, name, every):
    path = tmp_path / f"{name}.toml"
    schedule = f'every = "{every}"\n' if every else ""
    path.write_text(f'cms = "vsb"\nstart_urls = ["https://{name}.edu.cn/"]\n{schedule}')
    return load_profile_file(path)


def test_a_site_is_due_when_its_last_run_that_did_its_job_is_older_than_its_schedule(tmp_path):
    db = tmp_path / "archive.db"
    never, recent, old, failed, empty, degraded, unscheduled = (
        profile(tmp_path, "never", "6h"),
        profile(tmp_path, "recent", "6h"),
        profile(tmp_path, "old", "6h"),
        profile(tmp_path, "failed", "6h"),
        profile(tmp_path, "empty", "6h"),
        profile(tmp_path, "degraded", "6h"),
        profile(tmp_path, "unscheduled", None),
    )
    add_run(db, "recent", "finished", timedelta(hours=1))
    add_run(db, "old", "finished", timedelta(hours=7))
    add_run(db, "failed", "finished", timedelta(hours=8))
    add_run(db, "failed", "failed", timedelta(hours=1), reason="start_urls_failed")
    add_run(db, "empty", "empty", timedelta(hours=1), reason="no_article_links")
    # Done, with fields missing: reported, not crawled again before its time.
    add_run(db, "degraded", "degraded", timedelta(hours=1), degraded_fields='["published"]')
    due = due_profiles([never, recent, old, failed, empty, degraded, unscheduled], db)
    assert [p.id for p in due] == ["never", "old", "failed", "empty"]


def test_crawl_due_with_nothing_due_does_nothing(tmp_path):
    db = tmp_path / "archive.db"
    add_run(db, "ustb-en", "finished", timedelta(minutes=5))
    result = CliRunner().invoke(cli, ["crawl", "ustb-en", "--due", "--db", str(db)])
    assert result.exit_code == 0
    assert "nothing is due" in result.output
    with open_archive(db) as archive:
        assert archive["crawls"].count == 1


def test_runs_shows_recent_runs_with_duration_status_reasons_and_failures(tmp_path):
    db = tmp_path / "archive.db"
    add_run(db, "ustb-en", "finished", timedelta(hours=3), seconds=42, pages=30, new=12, capped=1,
            error_reasons={"http_404": 1}, skipped_reasons={"offsite": 2},
            discovery='{"feed_only": 4}')  # fmt: skip
    add_run(db, "whu-news", "failed", timedelta(hours=2), seconds=5, reason="start_urls_failed",
            error_reasons={"connection_refused": 3})  # fmt: skip
    add_run(db, "xafa-news", "degraded", timedelta(hours=1), degraded_fields='["published"]')
    result = CliRunner().invoke(cli, ["runs", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["site"], r["status"], r["note"]) for r in rows] == [
        ("xafa-news", "degraded", "fields dropped: published"),
        ("whu-news", "failed", "start_urls_failed: connection refused"),
        ("ustb-en", "finished", "capped"),
    ]
    degraded, failed, capped = rows
    assert degraded["degraded_fields"] == ["published"]
    assert failed["reason_description"] == reasons.describe("start_urls_failed") != ""
    assert capped["duration_s"] == 42.0 and capped["capped"] is True
    assert capped["error_reasons"] == {"http_404": 1} and capped["skipped_reasons"] == {
        "offsite": 2
    }
    assert [(r["kind"], r["name"], r["count"]) for r in capped["reasons"]] == [
        ("errors", "http_404", 1),
        ("skipped", "offsite", 2),
    ]
    assert all(r["description"] for r in capped["reasons"] + failed["reasons"])
    table = CliRunner().invoke(cli, ["runs", "--db", str(db), "--site", "ustb-en"]).output
    assert "ustb-en" in table and "whu-news" not in table
    assert "http_404=1 offsite=2" in table and "capped" in table
    table = CliRunner().invoke(cli, ["runs", "--db", str(db)]).output
    assert "fields dropped: published" in table and "start_urls_failed" in table


def test_runs_on_a_missing_archive_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["runs", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no archive" in result.output


def test_scrapy_list_shows_the_portal_spider():
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["portal"]


def test_user_agent_names_the_contact_given_on_the_command_line(tmp_path):
    from newscrawler.replica import ReplicaServer, build_portal
    from tests.conftest import LOCAL, run_cli

    portal = build_portal("wordpress")
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        result = run_cli(
            "crawl", "--url", start, "--cms", "wordpress", *LOCAL,
            "-s", "NEWSCRAWLER_CONTACT=mailto:archive@example.edu", "-s", "LOG_LEVEL=DEBUG", "-v",
            cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'USER_AGENT': 'newscrawler/0.1.0 (+mailto:archive@example.edu)'" in result.stderr


def test_profile_politeness_applies_unless_the_command_line_sets_it(tmp_path):
    import time

    from newscrawler.replica import ReplicaServer, build_portal
    from tests.conftest import run_cli

    portal = build_portal("drupal", n_articles=5)
    fast = ["-s", "AUTOTHROTTLE_ENABLED=False", "--json"]
    timings = {}
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        for name, extra in (
            ("polite", []),  # the drupal preset: 1 s between requests to the portal's host
            ("told", ["-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]),
        ):
            began = time.monotonic()
            result = run_cli(
                "crawl", "--url", start, "--cms", "drupal", *fast, *extra, "--db", f"{name}.db",
                cwd=tmp_path,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-2000:]
            timings[name] = time.monotonic() - began
    # About 15 requests one second apart, against the same requests with no delay: the margin is
    # wide on purpose, this checks which setting won, not how fast a machine is.
    assert timings["polite"] > 6 and timings["told"] < timings["polite"] / 2, timings
