"""The run log as a library: status decisions, redesign detection against earlier good runs, and
old archives' run rows (real SQLite files, no crawl needed)."""

from __future__ import annotations

import json

import pytest
import sqlite_utils
from scrapy.utils.test import get_crawler

from newscrawler.archive.migrations import MIGRATIONS
from newscrawler.archive.runlog import (
    FieldWatch,
    RunLog,
    advice,
    dropped_fields,
    judge,
)
from newscrawler.archive.store import Archive, open_archive
from newscrawler.crawl.runlog_extension import RunLogExtension
from newscrawler.schema import WATCHED_FIELDS
from newscrawler.stat_keys import ARTICLE_LINKS, FILLED, LISTING_PAGES, STORED

#: A run whose listings gave links, before anything is stored.
LISTED = {LISTING_PAGES: 2, ARTICLE_LINKS: 10}


def stats(articles: int, **filled: int) -> dict[str, int]:
    """Stats of a run that stored ``articles``, each watched field filled in all of them unless
    given (``published=3``: 3 of them had a date)."""
    out = {**LISTED, STORED: articles, "newscrawler/new": articles}
    for name in WATCHED_FIELDS:
        out[FILLED + name] = filled.get(name, articles)
    return out


def run(path, site: str, run_stats: dict, reason: str = "finished") -> dict:
    with Archive.open(path) as archive:
        log = RunLog(archive, site)
        log.start()
        return log.finish(run_stats, reason)


@pytest.mark.parametrize(
    ("run_stats", "reason", "expected"),
    [
        ({**LISTED}, "finished", ("finished", None)),
        ({}, "finished", ("failed", "start_urls_failed")),
        ({LISTING_PAGES: 3, ARTICLE_LINKS: 0}, "finished", ("empty", "no_article_links")),
        (
            {**LISTED, "newscrawler/errors/store_failed": 4},
            "store_failed",
            ("failed", "store_failed"),
        ),
        # A JSON Lines failure during the last flush, after Scrapy closed the spider as finished.
        ({**LISTED, "newscrawler/errors/jsonl_failed": 1}, "finished", ("failed", "jsonl_failed")),
        ({**LISTED}, "shutdown", ("interrupted", "shutdown")),
        ({**LISTED}, "closespider_timeout", ("failed", "closespider_timeout")),
        # Page errors are counted and reported; they do not fail a run.
        ({**LISTED, "newscrawler/errors/http_404": 3}, "finished", ("finished", None)),
    ],
)
def test_a_run_is_judged_by_what_it_did(run_stats, reason, expected):
    verdict = judge(run_stats, reason, degraded=[])
    assert (verdict.status, verdict.reason) == expected


def test_a_field_that_was_filled_and_drops_below_half_ends_the_run_degraded(tmp_path):
    path = tmp_path / "archive.db"
    for _ in range(2):
        assert run(path, "a", stats(50, published=49, views=10))["status"] == "finished"
    # Views were rare anyway (20%): their absence is not news. Dates fell from 98% to 10%.
    row = run(path, "a", stats(20, published=2, views=0))
    assert (row["status"], json.loads(row["degraded_fields"])) == ("degraded", ["published"])
    # Another site's history is its own.
    assert run(path, "b", stats(20, published=2))["status"] == "finished"
    # The next run compares with the good runs, not the degraded one: still degraded...
    assert run(path, "a", stats(20, published=3))["status"] == "degraded"
    # ... until the profile is fixed.
    assert run(path, "a", stats(20, published=19))["status"] == "finished"


def test_a_moderate_drop_or_too_few_articles_judge_nothing(tmp_path):
    path = tmp_path / "archive.db"
    run(path, "a", stats(50, published=50))
    assert run(path, "a", stats(20, published=11))["status"] == "finished"  # 55% of 100%
    assert run(path, "a", stats(3, published=0))["status"] == "finished"  # 3 articles say little


def test_a_failed_run_is_no_baseline(tmp_path):
    path = tmp_path / "archive.db"
    run(path, "a", stats(5, published=0))  # the site showed no dates
    failed = run(path, "a", {**stats(50, published=50), "newscrawler/errors/store_failed": 1})
    assert failed["status"] == "failed"
    assert run(path, "a", stats(20, published=0))["status"] == "finished"


def test_runs_that_stored_nothing_do_not_push_the_good_runs_out_of_the_baseline(tmp_path):
    path = tmp_path / "archive.db"
    run(path, "a", stats(50, published=50))
    for _ in range(6):
        run(path, "a", stats(0))  # every page answered 304 Not Modified
    assert run(path, "a", stats(20, published=0))["status"] == "degraded"


def test_a_run_left_running_is_found_killed_by_the_next_one(tmp_path):
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        RunLog(archive, "a").start()  # the process dies here
    run(path, "a", stats(5))
    with open_archive(path) as db:
        rows = [(r["status"], r["reason"]) for r in db.query("select * from crawls order by id")]
    assert rows == [("interrupted", "killed"), ("finished", None)]


def test_an_archive_from_before_run_reasons_keeps_its_failures_readable(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    db.conn.create_function("nc_space_cjk", 1, str)
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    for name, step in MIGRATIONS:
        if name < "2":  # what the archive had before run reasons
            step(db)
            db["_migrations"].insert({"name": name, "applied_at": "2025-01-01T00:00:00+00:00"})
    db["crawls"].insert_all(
        [
            {"site": "a", "status": "failed: store_failed"},
            {"site": "a", "status": "finished"},
        ]
    )
    db.close()
    with open_archive(path) as db:
        rows = [(r["status"], r["reason"]) for r in db.query("select * from crawls order by id")]
    assert rows == [("failed", "store_failed"), ("finished", None)]


def test_the_thresholds_are_scrapy_settings(tmp_path):
    crawler = get_crawler(
        settings_dict={
            "NEWSCRAWLER_DB": str(tmp_path / "archive.db"),
            "NEWSCRAWLER_FIELD_BASELINE": "0.6",
            "NEWSCRAWLER_FIELD_DROP": "0.9",
            "NEWSCRAWLER_FIELD_MIN_ARTICLES": "2",
            "NEWSCRAWLER_FIELD_RUNS": "1",
        }
    )
    watch = RunLogExtension.from_crawler(crawler).watch
    assert watch == FieldWatch(baseline=0.6, drop=0.9, min_articles=2, runs=1)
    # With them, a drop from 70% to 60% of the articles counts.
    assert dropped_fields(5, {"views": 3}, {"views": (10, 7)}, watch) == ["views"]
    assert dropped_fields(5, {"views": 3}, {"views": (10, 7)}) == []


def test_only_a_run_that_is_not_plainly_finished_gets_advice():
    assert advice({"site": "a", "status": "finished", "capped": 1}) is None
    empty = advice({"site": "a", "status": "empty"}, ["http://x.edu/about.htm"])
    assert "Is http://x.edu/about.htm a listing page" in empty
    failed = advice({"site": "a", "status": "failed", "reason": "jsonl_failed"})
    assert failed.startswith("a: failed: jsonl_failed — the JSON Lines file could not be written")


def test_a_run_keeps_how_many_articles_each_discovery_source_alone_found(tmp_path):
    found = {
        "newscrawler/discovery/listing_only": 3,
        "newscrawler/discovery/feed_only": 7,
        "newscrawler/discovery/both": 40,
    }
    row = run(tmp_path / "archive.db", "a", {**stats(50), **found})
    assert json.loads(row["discovery"]) == {"both": 40, "feed_only": 7, "listing_only": 3}
