"""One intake: an article with a malformed date, and one without a required field, are treated the same
whichever path stores them — a single-machine crawl's pipelines, the cluster's ingester on a real
Redis stream, or ``reextract`` over real WARC captures — and each path counts the same stats."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timezone

import pytest
from redis import Redis

from newscrawler import reasons
from newscrawler.archive import intake
from newscrawler.archive.reextract import reextract
from newscrawler.archive.store import Archive, open_archive
from newscrawler.capture.warc import CaptureWriter, Exchange
from newscrawler.cluster.ingest import Ingester
from newscrawler.cluster.stream import ItemStream
from newscrawler.extraction import content_hash, extract_article
from newscrawler.profiles import profile_for_url
from newscrawler.replica import build_portal
from tests.redis_server import redis_url  # noqa: F401 (fixture)
from tests.test_pipelines import Run

BASE = "http://127.0.0.1:9"
#: Matches the form of an ISO day, but there is no 30 February.
BAD_DATE = "2022-02-30"
MISSING = reasons.stat_key("missing_title")


def replica_items() -> tuple[dict, dict]:
    """Two articles of a vsb replica as the extractor reads them: the first given a malformed
    date, the second without its title."""
    portal = build_portal("vsb", n_articles=5, seed=3)
    profile = profile_for_url(BASE + portal.start_path, "vsb")
    items = []
    for path in list(portal.expected())[:2]:
        reply = portal.response(path, BASE)
        extracted = extract_article(
            BASE + path, reply.body, profile, content_type=reply.headers.get("Content-Type")
        )
        items.append({**extracted.item, "site": "t"})
    dated, untitled = items
    dated["published"] = BAD_DATE
    untitled["title"] = ""
    return dated, untitled


def assert_treated_alike(db_path, dated_url: str, untitled_url: str, stats) -> None:
    """The dated article stored without its date, the untitled one not stored, both counted."""
    with open_archive(db_path) as db:
        stored = {r["url"]: r for r in db.query("select url, published, title from articles")}
    assert dated_url in stored and stored[dated_url]["published"] is None
    assert stored[dated_url]["title"]
    assert untitled_url not in stored
    assert stats("newscrawler/bad_date") == 1
    assert stats(MISSING) == 1


def test_the_crawl_pipelines_repair_the_date_and_drop_the_untitled(tmp_path, caplog):
    dated, untitled = replica_items()
    with Run(tmp_path) as run:
        run.feed(dict(dated), dict(untitled))
    assert run.statuses() == ["new", f"dropped: missing title: {untitled['url']}"]
    assert_treated_alike(
        tmp_path / "archive.db", dated["url"], untitled["url"], lambda k: run.stat(k) or 0
    )
    assert f"bad date '{BAD_DATE}'" in caplog.text


def test_the_cluster_ingester_repairs_the_date_and_drops_the_untitled(
    redis_url,  # noqa: F811
    tmp_path,
    caplog,
):
    dated, untitled = replica_items()
    stream = ItemStream(Redis.from_url(redis_url), prefix=f"in{time.time_ns()}")
    stream.ensure_group()
    for item in (dated, untitled):
        stream.add({**item, "kind": "article"})
    with Archive.open(tmp_path / "archive.db") as archive:
        ingester = Ingester(archive, stream, tmp_path / "archive.jsonl", "only")
        assert ingester.step(block=0.1, reclaim_after=60) == 2
        ingester.finish()
    counted = ingester.done.stats["t"]
    assert_treated_alike(tmp_path / "archive.db", dated["url"], untitled["url"], counted.get)
    assert counted["newscrawler/stored"] == counted["newscrawler/new"] == 1
    assert counted["newscrawler/filled/published"] == 0  # the repaired date is no date
    assert stream.waiting() == {"queued": 0, "pending": 0}  # the dropped entry is acknowledged
    assert f"bad date '{BAD_DATE}'" in caplog.text


DATELESS = (
    "<html><head><meta charset=utf-8><title>校园新闻标题</title></head><body><div class=article>"
    "<h1>校园新闻标题</h1><div class=content><p>第一段正文，讲述了学校的一件事情，内容足够长以便"
    "被识别为正文。</p><p>第二段正文，继续讲述这件事情的经过和结果。</p></div></div></body></html>"
).encode()
EMPTY = b"<html><head><meta charset=utf-8></head><body></body></html>"


def capture(writer: CaptureWriter, url: str, body: bytes):
    return writer.write(
        Exchange(
            url=url, method="GET", request_headers=[("User-Agent", "test")], status=200,
            reason="OK", response_headers=[("Content-Type", "text/html; charset=utf-8")],
            body=body,
        )
    )  # fmt: skip


def archived(url: str, where, title: str) -> dict:
    """An article as an older extractor archived it, linked to its capture ``where``."""
    item = {
        "url": url, "site": "t", "title": title, "body": "旧的正文。", "published": None,
        "language": "zh", "topics": [], "credits": [], "captions": [], "images": [],
        "attachments": [], "views": None, "fetched_at": "2026-01-02T00:00:00+00:00",
        "warc_file": where.filename, "warc_offset": where.offset,
        "warc_record_id": where.record_id,
        "listing_evidence": [
            {"title": title, "published": BAD_DATE, "source": "listing",
             "listing_url": BASE + "/news/"},
        ],
    }  # fmt: skip
    item["content_hash"] = content_hash(item)
    return item


def test_reextract_repairs_the_date_and_keeps_the_archived_version_of_the_untitled(tmp_path):
    # The listing printed a day that does not exist beside a page that shows no date of its own:
    # the extractor takes the listed day; the intake stores it as no date, as a crawl would.
    # A capture that reads as an empty page now has no body (its title is the one listed): the
    # archived version is kept.
    warc = tmp_path / "archive.db.warc"
    writer = CaptureWriter(warc)
    writer.open()
    dated_url, untitled_url = BASE + "/news/a.htm", BASE + "/news/b.htm"
    dated_at, untitled_at = (
        capture(writer, dated_url, DATELESS),
        capture(writer, untitled_url, EMPTY),
    )
    writer.close()
    with Archive.open(tmp_path / "archive.db") as archive:
        archive.store(
            [archived(dated_url, dated_at, "旧标题"), archived(untitled_url, untitled_at, "旧")]
        )
        outcome = reextract(archive, warc, cms="auto")
    assert (outcome.examined, outcome.changed) == (2, 1)
    assert outcome.dropped == {"missing_body": 1}
    assert any(p.startswith(untitled_url) and "missing_body" in p for p in outcome.problems)
    with open_archive(tmp_path / "archive.db") as db:
        rows = {
            r["url"]: r for r in db.query("select url, title, published, version from articles")
        }
    assert rows[dated_url] == {
        "url": dated_url, "title": "校园新闻标题", "published": None, "version": 2,
    }  # fmt: skip
    assert rows[untitled_url]["title"] == "旧" and rows[untitled_url]["version"] == 1
    assert outcome.stats["newscrawler/bad_date"] == 1
    assert outcome.stats[reasons.stat_key("missing_body")] == 1
    assert outcome.stats["newscrawler/changed"] == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"url": None}, "missing_url"),
        ({"body": " \n "}, "missing_body"),
        ({"content_hash": None}, "malformed_item"),
        ({"media": [{"kind": "image"}]}, "malformed_item"),
    ],
)
def test_prepare_names_the_registered_reason_an_item_is_dropped_for(change, reason):
    dated, _ = replica_items()
    counted: Counter[str] = Counter()
    assert intake.prepare(dated | change, intake.CounterStats(counted)) == reason
    assert counted == {reasons.stat_key(reason): 1}


def test_tally_counts_each_outcome_in_the_stats_of_its_own_site(tmp_path):
    dated, untitled = replica_items()
    other = {**untitled, "title": "另一篇", "site": "u"}
    other["content_hash"] = content_hash(other)
    copy = {**dated, "url": BASE + "/copy.htm"}
    per_site: dict[str, Counter[str]] = {"t": Counter(), "u": Counter()}
    at = datetime(2026, 1, 3, tzinfo=timezone.utc).isoformat()
    with Archive.open(tmp_path / "archive.db") as archive:
        for item in (dated, other, copy):
            assert intake.prepare(item, intake.CounterStats(Counter())) is None
        intake.store(
            archive, [dated, other, copy],
            stats=lambda item: intake.CounterStats(per_site[item["site"]]),
        )  # fmt: skip
        gone = [{"url": other["url"], "site": "u", "status": 404, "fetched_at": at}]
        for _ in range(2):  # found gone twice: counted once
            intake.store(
                archive, [], gone, stats=lambda item: intake.CounterStats(per_site[item["site"]])
            )
    assert per_site["t"]["newscrawler/new"] == 1
    assert per_site["t"][reasons.stat_key("duplicate_content")] == 1
    assert per_site["t"]["newscrawler/stored"] == 1
    assert per_site["t"]["newscrawler/filled/published"] == 0
    assert per_site["t"]["newscrawler/filled/body"] == 1
    assert per_site["u"]["newscrawler/new"] == per_site["u"]["newscrawler/gone"] == 1
