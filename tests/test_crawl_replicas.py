"""End to end: the real Scrapy engine crawls replica portals over HTTP into a real archive.

Each family's replica has three or more listing pages, a dozen articles, captions, credits and
view counters, a 404 link, a page that always answers 500, a robots.txt-disallowed link, an article
with no date and an article reachable by two URLs. The archive's rows are checked field by field
against what the replica says each article holds.
"""

from __future__ import annotations

import json

import pytest

from newscrawler.archive.store import open_archive, row_to_item
from newscrawler.replica import FAMILIES
from tests.conftest import LOCAL, read_jsonl, run_cli

FIELDS = (
    "title",
    "body",
    "captions",
    "images",
    "credits",
    "topics",
    "published",
    "views",
    "language",
    "attachments",
)


def crawl_args(family: str, start: str) -> list[str]:
    if family == "ustb-en":
        return ["crawl", "ustb-en", "--start-url", start]
    return ["crawl", "--url", start, "--cms", family]


@pytest.fixture(scope="module", params=list(FAMILIES))
def crawled(request, portals, replica, tmp_path_factory):
    """Each family crawled twice into a fresh archive, the second time with --full so that every
    article is fetched again: (family, portal, base, archive dir, runs)."""
    family = request.param
    portal = portals[family]
    base = replica.url(portal)
    work = tmp_path_factory.mktemp(family)
    runs = []
    for extra in ([], ["--full"]):
        args = crawl_args(family, base + portal.start_path)
        result = run_cli(*args, *LOCAL, "--json", *extra, cwd=work)
        assert result.returncode == 0, result.stderr[-3000:]
        runs.append(json.loads(result.stdout))
    return family, portal, base, work, runs


def absolute(base: str, expected: dict) -> dict:
    out = dict(expected)
    out["url"] = base + expected["url"]
    out["images"] = [base + p for p in expected["images"]]
    out["attachments"] = [{**a, "url": base + a["url"]} for a in expected["attachments"]]
    out["captions"] = [
        {**c, "image_url": base + c["image_url"] if c["image_url"] else None}
        for c in expected["captions"]
    ]
    return out


def archived(work) -> dict[str, dict]:
    with open_archive(work / "archive.db") as db:
        return {r["url"]: row_to_item(r) for r in db["articles"].rows}


def test_every_article_is_archived_once_and_nothing_else(crawled):
    family, portal, base, work, _ = crawled
    rows = archived(work)
    assert sorted(rows) == sorted(base + path for path in portal.expected())


@pytest.mark.parametrize("field", FIELDS)
def test_archived_field_equals_what_the_page_says(crawled, field):
    family, portal, base, work, _ = crawled
    rows = archived(work)
    mismatches = {
        path: (rows.get(base + path, {}).get(field), absolute(base, want)[field])
        for path, want in portal.expected().items()
        if rows.get(base + path, {}).get(field) != absolute(base, want)[field]
    }
    assert not mismatches


def test_crawl_rows_count_new_unchanged_and_errors(crawled):
    family, portal, base, work, runs = crawled
    first, second = runs[0][0], runs[1][0]
    n = len(portal.expected())
    assert (first["status"], first["new"], first["changed"]) == ("finished", n, 0)
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 0, n)
    reasons = json.loads(first["error_reasons"])
    assert reasons.get("http_404") == 1 and reasons.get("http_500") == 1
    assert first["errors"] == sum(reasons.values())


def test_rerun_adds_nothing_to_the_jsonl(crawled):
    family, portal, base, work, _ = crawled
    lines = read_jsonl(work / "archive.jsonl")
    assert len(lines) == len(portal.expected())
    assert len({line["url"] for line in lines}) == len(lines)


def test_robots_disallowed_and_broken_pages_are_never_stored(crawled, replica):
    family, portal, base, work, _ = crawled
    hits = replica.hits(portal)
    assert not [path for path in hits if path.startswith("/private")]
    assert hits["/robots.txt"] >= 1
