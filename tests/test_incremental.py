"""Incremental re-crawls, history and 'gone' articles, over real HTTP against replica portals."""

from __future__ import annotations

import json
import time

from newscrawler.archive.store import open_archive
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, read_jsonl, run_cli


def crawl(base, portal, work, *extra):
    result = run_cli(
        "crawl", "--url", base + portal.start_path, "--cms", portal.family, *LOCAL, "--json",
        *extra, cwd=work,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)[0]


def test_recrawl_of_unchanged_portal_stops_at_known_articles(tmp_path):
    portal = build_portal("webplus", n_articles=60)
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        first = crawl(base, portal, tmp_path)
        after_first = server.hits(portal)
        second = crawl(base, portal, tmp_path)
        second_only = server.hits(portal) - after_first
    assert first["new"] == len(portal.expected())
    assert (second["new"], second["changed"]) == (0, 0)
    # Only the first listing page(s) are read again; no known article is fetched.
    assert sum(second_only.values()) <= 0.2 * sum(after_first.values()), second_only
    assert [p for p in second_only if p.endswith("/page.htm")] == [
        portal.path_of(portal.missing_number)
    ]


def test_full_recrawl_refetches_everything_and_finds_it_unchanged(tmp_path):
    portal = build_portal("vsb")
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        crawl(base, portal, tmp_path)
        full = crawl(base, portal, tmp_path, "--full")
    assert (full["new"], full["changed"], full["unchanged"]) == (0, 0, len(portal.expected()))


def test_due_article_is_rechecked_conditionally_and_changes_become_versions(tmp_path):
    portal = build_portal("wordpress")
    target = next(iter(portal.expected()))
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        crawl(base, portal, tmp_path)
        with open_archive(tmp_path / "archive.db") as db:
            first_seen = {r["url"]: r["last_seen"] for r in db["articles"].rows}
        portal.revise(target, "A correction was added to this story.")
        time.sleep(1.1)  # so that a re-check shows as a later time
        # recheck_after=0s: every known article is due, re-checked with If-None-Match.
        second = crawl(base, portal, tmp_path, "-s", "NEWSCRAWLER_RECHECK_AFTER=0")
        not_modified = server.not_modified(portal)
    n = len(portal.expected())
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 1, n - 1)
    # The unchanged ones were answered 304 (the server saw a matching If-None-Match) ...
    assert sorted(not_modified) == sorted(p for p in portal.expected() if p != target)
    with open_archive(tmp_path / "archive.db") as db:
        rechecked = {
            r["url"]: max(r["last_seen"], r["checked_at"] or "") for r in db["articles"].rows
        }
        row = db["articles"].get(base + target)
        versions = list(
            db.query(
                "select version, body from article_versions where url = ? order by version",
                [base + target],
            )
        )
    # ... and the archive recorded the re-check.
    assert all(rechecked[url] > seen for url, seen in first_seen.items())
    assert row["version"] == 2 and row["body"].endswith("A correction was added to this story.")
    assert [v["version"] for v in versions] == [1, 2]
    assert not versions[0]["body"].endswith("A correction was added to this story.")
    lines = read_jsonl(tmp_path / "archive.jsonl")
    assert len(lines) == n + 1 and lines[-1]["url"] == base + target


def test_article_that_now_answers_404_is_marked_gone_never_deleted(tmp_path):
    portal = build_portal("drupal")
    target = next(iter(portal.expected()))
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        crawl(base, portal, tmp_path)
        portal.remove(target)
        second = crawl(base, portal, tmp_path, "-s", "NEWSCRAWLER_RECHECK_AFTER=0")
        before_third = server.hits(portal)
        third = crawl(base, portal, tmp_path)  # default re-check age: nothing is due
        third_hits = server.hits(portal) - before_third
    assert second["gone"] == 1
    # Gone is recorded once, and a gone article is not fetched again until it is due.
    assert third["gone"] == 0 and third_hits[target] == 0
    with open_archive(tmp_path / "archive.db") as db:
        row = db["articles"].get(base + target)
        assert db["articles"].count == len(portal.expected())
    assert row["gone_at"] is not None and row["title"]


def test_a_run_cut_short_makes_the_next_one_walk_every_listing_page(tmp_path):
    portal = build_portal("vsb", n_articles=40)
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        first = crawl(base, portal, tmp_path, "-s", "NEWSCRAWLER_MAX_LISTING_PAGES=1")
        # Only page 1 was read; page 1's articles are now known, the rest are not.
        second = crawl(base, portal, tmp_path, "-s", "NEWSCRAWLER_STOP_AFTER_KNOWN=1")
        third = crawl(base, portal, tmp_path, "-s", "NEWSCRAWLER_STOP_AFTER_KNOWN=1")
    assert first["complete"] == 0 and 0 < first["new"] < len(portal.expected())
    # A complete-looking first page does not stop the walk: the first run never got further.
    assert first["new"] + second["new"] == len(portal.expected())
    assert second["complete"] == 1
    assert third["new"] == 0 and third["pages"] < second["pages"]
