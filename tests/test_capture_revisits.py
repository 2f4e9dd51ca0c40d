"""Crawls of the same portal in later runs: unchanged pages become revisit records that lead to
the first capture, and every re-fetch of an archived article is a page check linked to its
capture."""

from __future__ import annotations

import json
import sqlite3

from newscrawler.capture.index import CaptureIndex, IndexEntry
from newscrawler.capture.version import EXTRACTOR_VERSION
from newscrawler.capture.warc import read_payload_record, read_record
from tests.conftest import LOCAL, run_cli
from tests.wacz_check import validate_wacz

PROFILE = """\
name = "Revisit test portal"
cms = "vsb"
language = "zh"
start_urls = ["{start}"]
{selectors}
"""
#: A wrong title rule: the breadcrumb instead of the headline.
WRONG = '[selectors]\ntitle = [".posis"]\n'


def rows(db, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(sql))


def test_later_runs_write_revisits_and_link_every_recheck_to_its_capture(
    tmp_path, portals, replica, monkeypatch
):
    portal = portals["vsb"]
    base = replica.url(portal)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    profile = profiles / "revisit.toml"
    profile.write_text(PROFILE.format(start=base + portal.start_path, selectors=WRONG))
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(profiles))
    db, warcs = tmp_path / "archive.db", tmp_path / "archive.db.warc"

    first = run_cli("crawl", "revisit", *LOCAL, cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    first_files = set(warcs.glob("*.warc.gz"))
    first_bytes = sum(p.stat().st_size for p in first_files)
    articles = {r["url"]: r for r in rows(db, "select * from articles")}
    assert articles and not rows(db, "select * from page_checks")  # nothing was re-fetched yet

    # The rule is fixed and everything fetched again: same pages, different extraction.
    profile.write_text(PROFILE.format(start=base + portal.start_path, selectors=""))
    second = run_cli("crawl", "revisit", "--full", *LOCAL, cwd=tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    second_files = set(warcs.glob("*.warc.gz")) - first_files
    second_bytes = sum(p.stat().st_size for p in second_files)
    assert second_bytes < first_bytes * 0.7  # payloads are not stored twice

    index = CaptureIndex.load(warcs)
    index_lengths = {
        entry.record_id: entry.length
        for path in warcs.glob("*.cdxj")
        for entry in map(IndexEntry.parse, path.read_text().splitlines(keepends=True))
    }
    changed = rows(db, "select * from article_versions where version = 2")
    assert {r["url"] for r in changed} == set(articles)
    for version in changed:
        record = read_record(warcs, version["warc_file"], version["warc_offset"])
        assert record.record_type == "revisit"
        first_length = index_lengths[articles[version["url"]]["warc_record_id"]]
        assert index_lengths[version["warc_record_id"]] < first_length / 3
        assert record.warc_headers["WARC-Record-ID"] == version["warc_record_id"]
        original = read_payload_record(warcs, version["warc_file"], version["warc_offset"], index)
        assert original.warc_headers["WARC-Record-ID"] == articles[version["url"]]["warc_record_id"]
        assert version["title"] in original.payload.decode("gbk")
    checks = rows(db, "select * from page_checks order by url")
    assert [(c["url"], c["status"], c["outcome"]) for c in checks] == [
        (url, 200, "changed") for url in sorted(articles)
    ]
    assert {c["warc_record_id"] for c in checks} == {v["warc_record_id"] for v in changed}
    assert {c["extractor_version"] for c in checks} == {EXTRACTOR_VERSION}

    url = sorted(articles)[0]
    title = rows(db, f"select title from articles where url = '{url}'")[0]["title"]
    raw = run_cli("show", url, "--raw", cwd=tmp_path)
    assert raw.returncode == 0, raw.stderr
    assert f"<h1>{title}</h1>" in raw.stdout
    dry = run_cli("reextract", "--site", "revisit", "--dry-run", "--json", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)
    assert summary["examined"] == len(articles) and summary["unreadable"] == 0
    assert summary["changed"] == 0
    export = run_cli("export", "-o", "out.wacz", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    validate_wacz(tmp_path / "out.wacz")

    # A conditional re-check: the replica answers 304, each answer captured and linked.
    third = run_cli("crawl", "revisit", *LOCAL, "-s", "NEWSCRAWLER_RECHECK_AFTER=0", cwd=tmp_path)
    assert third.returncode == 0, third.stderr[-2000:]
    not_modified = rows(db, "select * from page_checks where status = 304 order by url")
    assert [c["url"] for c in not_modified] == sorted(articles)
    for check in not_modified:
        assert check["outcome"] == "unchanged" and check["extractor_version"] is None
        record = read_record(warcs, check["warc_file"], check["warc_offset"])
        assert record.status == 304 and record.url == check["url"]
        assert record.warc_headers["WARC-Record-ID"] == check["warc_record_id"]
    checked = rows(db, "select checked_at, fetched_at from articles")
    assert all(r["checked_at"] and r["checked_at"] >= r["fetched_at"] for r in checked)


def test_the_crawls_of_one_process_share_one_writer_and_cut_none_of_each_others_files(
    tmp_path, portals, replica, monkeypatch
):
    # `crawl A B` runs both crawls at once in one process: one WARC file is written for both,
    # and no crawl's start cuts back the file the other is writing.
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for family in ("vsb", "webplus"):
        portal = portals[family]
        start = replica.url(portal) + portal.start_path
        text = PROFILE.format(start=start, selectors="").replace('"vsb"', f'"{family}"')
        (profiles / f"shared-{family}.toml").write_text(text)
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(profiles))
    done = run_cli("crawl", "shared-vsb", "shared-webplus", *LOCAL, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    warcs = tmp_path / "archive.db.warc"
    assert len(list(warcs.glob("*.warc.gz"))) == 1 and not list(warcs.glob("*.open"))
    assert "cut back" not in (tmp_path / "archive.db.log").read_text(encoding="utf-8")
    sites = rows(tmp_path / "archive.db", "select distinct site from articles")
    assert {s["site"] for s in sites} == {"shared-vsb", "shared-webplus"}
    versions = rows(tmp_path / "archive.db", "select * from article_versions")
    for version in versions:
        record = read_record(warcs, version["warc_file"], version["warc_offset"])
        assert record.warc_headers["WARC-Record-ID"] == version["warc_record_id"]
