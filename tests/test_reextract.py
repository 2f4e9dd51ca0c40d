"""Re-extraction from stored WARC captures: an extraction fix reaches archived articles offline."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import LOCAL, run_cli

PROFILE = """\
name = "Reextract test portal"
cms = "vsb"
language = "zh"
start_urls = ["{start}"]
{selectors}
"""
#: A wrong title rule, as a profile might have had: the breadcrumb instead of the headline.
WRONG = '[selectors]\ntitle = [".posis"]\n'


def test_a_fixed_rule_reaches_archived_articles_through_reextract(
    tmp_path, portals, replica, monkeypatch
):
    portal = portals["vsb"]
    start = replica.url(portal) + portal.start_path
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    profile = profiles / "reex.toml"
    profile.write_text(PROFILE.format(start=start, selectors=WRONG))
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(profiles))
    crawl = run_cli("crawl", "reex", *LOCAL, cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    db = tmp_path / "archive.db"
    with sqlite3.connect(db) as conn:
        wrong = dict(conn.execute("select url, title from articles"))
    assert wrong and all(">>" in title or "首页" in title for title in wrong.values())
    lines_before = len((tmp_path / "archive.jsonl").read_text().splitlines())

    profile.write_text(PROFILE.format(start=start, selectors=""))  # the rule is fixed
    dry = run_cli("reextract", "--site", "reex", "--dry-run", "--json", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)
    assert summary["changed"] == len(wrong) and summary["fields"]["title"] == len(wrong)
    assert summary["fields"]["body"] == 0 and summary["unreadable"] == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from article_versions").fetchone()[0] == len(wrong)

    done = run_cli("reextract", "--site", "reex", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = {base_path: want["title"] for base_path, want in portal.expected().items()}
    base = replica.url(portal)
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        titles = {r["url"]: r["title"] for r in conn.execute("select url, title from articles")}
        latest = list(conn.execute("select * from article_versions where version = 2"))
        first = {
            r["url"]: r for r in conn.execute("select * from article_versions where version = 1")
        }
    assert titles == {base + path: title for path, title in expected.items()}
    assert len(latest) == len(wrong)
    for row in latest:
        assert row["revision"] == "reextract"
        assert row["extractor_version"]
        assert row["warc_record_id"] == first[row["url"]]["warc_record_id"]  # same capture
        assert row["body"] == first[row["url"]]["body"]
    lines = (tmp_path / "archive.jsonl").read_text().splitlines()
    assert len(lines) == lines_before + len(wrong)  # the corrections reach downstream once

    again = run_cli("reextract", "--site", "reex", "--json", cwd=tmp_path)
    assert json.loads(again.stdout)["changed"] == 0  # nothing left to correct


def test_a_missing_capture_is_a_counted_skip(tmp_path, portals, replica):
    portal = portals["webplus"]
    start = replica.url(portal) + portal.start_path
    crawl = run_cli("crawl", "--url", start, "--cms", "webplus", *LOCAL, cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    for warc in (tmp_path / "archive.db.warc").iterdir():
        warc.unlink()
    result = run_cli("reextract", "--cms", "webplus", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["examined"] == summary["unreadable"] > 0
    assert "skipped" in result.stderr and "Traceback" not in result.stderr
