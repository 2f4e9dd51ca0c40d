"""WARC capture in cluster mode: workers send every exchange through the item stream, the
ingester writes the WARC files and links the rows — with a real redis-server, real worker and
ingester processes (or a real Ingester over a real archive), replica portals over real HTTP."""

# ruff: noqa: F811  (the redis_url fixture is imported, then named by the tests)
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis

from newscrawler import reasons
from newscrawler.archive.store import Archive, open_archive
from newscrawler.capture.version import EXTRACTOR_VERSION
from newscrawler.capture.warc import CaptureWriter, Exchange, read_payload_record, read_record
from newscrawler.cluster.capture import capture_record
from newscrawler.cluster.ingest import Ingester
from newscrawler.cluster.stream import ItemStream
from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import warc_index
from tests.redis_server import redis_url  # noqa: F401 (fixture)
from tests.test_cluster import enqueue_all, spawn, worker_args


def crawl(redis_url, work: Path, portal, server, *worker_flags: str) -> None:
    prefix = f"c{time.time_ns()}"
    enqueue_all(redis_url, prefix, [portal], server, work)
    workers = [spawn(*worker_args(redis_url, prefix), *worker_flags, cwd=work) for _ in range(2)]
    ingester = spawn(
        "ingest", "--redis", redis_url, "--prefix", prefix, "--idle-exit", "6", cwd=work
    )
    for proc in workers:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()[-2000:]
    assert ingester.wait(timeout=60) == 0, ingester.stderr.read()[-2000:]


def test_a_cluster_crawl_links_every_version_to_its_record_in_the_ingesters_warc(
    redis_url,
    tmp_path,
):
    portal = build_portal("vsb", n_articles=12, seed=3)
    with ReplicaServer([portal], delay=0.01) as server:
        base = server.url(portal)
        crawl(redis_url, tmp_path, portal, server)
    warc = tmp_path / "archive.db.warc"
    files = sorted(warc.glob("*.warc.gz"))
    assert files and not list(warc.glob("*.open"))
    records = [r for f in files for r in warc_index(f)]
    responses = {r["warc-target-uri"] for r in records if r["warc-type"] == "response"}
    assert base + "/robots.txt" in responses  # Scrapy's own request is captured too
    assert base + portal.start_path in responses  # listings, not only articles
    assert {"200", "404"} <= {r.get("http:status") for r in records}
    for path in files:
        assert (
            subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)]).returncode == 0
        )
    profile = profile_for_url(base + portal.start_path, "vsb")
    with open_archive(tmp_path / "archive.db") as db:
        versions = list(db.query("select * from article_versions"))
    assert {v["url"] for v in versions} == {base + path for path in portal.expected()}
    for version in versions:
        assert version["extractor_version"] == EXTRACTOR_VERSION
        record = read_record(warc, version["warc_file"], version["warc_offset"])
        assert record.warc_headers["WARC-Record-ID"] == version["warc_record_id"]
        assert record.record_type == "response" and record.url == version["url"]
        content_type = dict(record.http_headers).get("Content-Type")
        again = extract_article(record.url, record.payload, profile, content_type=content_type).item
        for field in ("title", "body", "published", "content_hash"):
            assert again[field] == version[field], (version["url"], field)
    assert_media_rows_resolve_to_their_records(tmp_path)


def assert_media_rows_resolve_to_their_records(work: Path) -> None:
    """Every media row names the record (in the ingester's WARC files) holding its bytes."""
    with open_archive(work / "archive.db") as db:
        media = list(db.query("select * from media"))
    assert media  # the replica's articles have images
    warc = work / "archive.db.warc"
    for row in media:
        record = read_record(warc, row["warc_file"], row["warc_offset"])
        assert record.warc_headers["WARC-Record-ID"] == row["warc_record_id"]
        assert record.url == row["media_url"]
        payload = read_payload_record(warc, row["warc_file"], row["warc_offset"]).payload
        assert hashlib.sha256(payload).hexdigest() == row["sha256"]


def test_a_second_cluster_crawl_writes_revisits_for_unchanged_pages(redis_url, tmp_path):
    # The ingester's writer holds the capture index of the archive's WARC files, so an exchange
    # a worker sends again with the same payload becomes a revisit record, not a second copy.
    portal = build_portal("vsb", n_articles=6, seed=5)
    with ReplicaServer([portal], delay=0.01) as server:
        base = server.url(portal)
        crawl(redis_url, tmp_path, portal, server, "--no-media")
        warc = tmp_path / "archive.db.warc"
        first = set(warc.glob("*.warc.gz"))
        crawl(redis_url, tmp_path, portal, server, "--no-media")
    second = sorted(set(warc.glob("*.warc.gz")) - first)
    assert second  # the second ingester session starts a file of its own
    records = [r for f in second for r in warc_index(f)]
    revisits = {r["warc-target-uri"] for r in records if r["warc-type"] == "revisit"}
    assert {base + path for path in portal.expected()} <= revisits
    assert not [r for r in records if r["warc-type"] == "response" and r["warc-target-uri"]
                in revisits]  # fmt: skip


def test_workers_with_no_warc_send_no_captures(redis_url, tmp_path):
    portal = build_portal("wordpress", n_articles=6, seed=4)
    with ReplicaServer([portal], delay=0.01) as server:
        crawl(redis_url, tmp_path, portal, server, "--no-warc")
    assert not (tmp_path / "archive.db.warc").exists()
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("select warc_file, warc_offset, warc_record_id from article_versions")
        links = rows.fetchall()
    assert links and all(link == (None, None, None) for link in links)


# -- the ingester's side, step by step, on a real Redis stream and a real archive ---------------

BASE = "http://127.0.0.1:9"


class Setup:
    """A stream, an archive and a WARC directory for one test; one article of a vsb replica."""

    def __init__(self, redis_url: str, work: Path) -> None:
        self.stream = ItemStream(Redis.from_url(redis_url), prefix=f"i{time.time_ns()}")
        self.stream.ensure_group()
        self.archive = Archive.open(work / "archive.db")
        self.work = work
        portal = build_portal("vsb", n_articles=5, seed=2)
        path = next(iter(portal.expected()))
        reply = portal.response(path, BASE)
        self.url = BASE + path
        self.exchange = Exchange(
            url=self.url, method="GET", request_headers=[("User-Agent", "test")], status=200,
            reason="OK", response_headers=list(reply.headers.items()), body=reply.body,
        )  # fmt: skip
        profile = profile_for_url(BASE + portal.start_path, "vsb")
        content_type = reply.headers.get("Content-Type")
        self.item = extract_article(self.url, reply.body, profile, content_type=content_type).item

    def ingester(self, consumer: str) -> Ingester:
        writer = CaptureWriter(self.work / "archive.db.warc")
        return Ingester(
            self.archive, self.stream, self.work / "archive.jsonl", consumer, warc=writer
        )

    def send(self, *, capture: bool = True) -> tuple[str | None, str]:
        """A worker's entries for the article: its capture (unless ``capture`` is false) and the
        item naming it; returns their entry ids."""
        record = capture_record(self.exchange)
        capture_id = self.stream.add({"kind": "capture", "captures": [record]}) if capture else None
        item = {**self.item, "site": "t", "kind": "article", "warc_file": None,
                "warc_offset": None, "warc_record_id": record["key"]}  # fmt: skip
        return capture_id, self.stream.add(item)

    def version(self) -> dict:
        rows = list(self.archive.db.query("select * from article_versions"))
        assert len(rows) == 1
        return rows[0]

    def responses(self) -> list[dict]:
        files = sorted((self.work / "archive.db.warc").glob("*.warc.gz"))
        return [r for f in files for r in warc_index(f) if r["warc-type"] == "response"]


def test_an_ingester_killed_between_warc_write_and_commit_leaves_no_dangling_reference(
    redis_url,
    tmp_path,
):
    setup = Setup(redis_url, tmp_path)
    setup.send()
    killed = setup.ingester("killed")
    entries = setup.stream.read("killed", count=10, block=0.1)
    # The kill point: the captures are written and fsynced, nothing is committed or acknowledged.
    killed._write_captures([e for e in entries if e.item["kind"] == "capture"])
    assert not list(setup.archive.db.query("select * from article_versions"))
    after = setup.ingester("after")  # cuts and closes the file the killed one left open
    assert after.step(block=0.1, reclaim_after=0) == 2
    after.finish()
    version = setup.version()
    warc = tmp_path / "archive.db.warc"
    record = read_record(warc, version["warc_file"], version["warc_offset"])
    assert record.warc_headers["WARC-Record-ID"] == version["warc_record_id"]
    # The killed ingester's copy is whole and indexed, so the redelivered capture is written as
    # a revisit of it: the row reaches the payload through the revisit, and no copy is wasted.
    assert record.record_type == "revisit" and record.url == setup.url
    original = read_payload_record(warc, version["warc_file"], version["warc_offset"])
    assert original.url == setup.url and original.payload == setup.exchange.body
    assert [r["warc-target-uri"] for r in setup.responses()] == [setup.url]
    assert setup.stream.waiting() == {"queued": 0, "pending": 0}


def test_an_article_waits_while_its_capture_is_pending_with_a_killed_ingester(
    redis_url,
    tmp_path,
):
    setup = Setup(redis_url, tmp_path)
    capture_id, item_id = setup.send()
    assert [e.id for e in setup.stream.read("killed", count=1, block=0.1)] == [capture_id]
    ingester = setup.ingester("after")
    # The item is read first; its capture is someone else's pending entry: it is left for later.
    assert ingester.step(block=0.1, reclaim_after=60) == 1
    assert not list(setup.archive.db.query("select * from article_versions"))
    assert setup.stream.waiting()["pending"] == 2
    # Once the capture can be claimed, both are stored, linked.
    assert ingester.step(block=0.1, reclaim_after=0) == 2
    ingester.finish()
    version = setup.version()
    record = read_record(tmp_path / "archive.db.warc", version["warc_file"], version["warc_offset"])
    assert record.warc_headers["WARC-Record-ID"] == version["warc_record_id"]
    assert ingester.done.unlinked == 0 and setup.stream.waiting()["pending"] == 0


def test_an_article_whose_capture_never_came_is_stored_without_a_link(redis_url, tmp_path):
    setup = Setup(redis_url, tmp_path)
    setup.send(capture=False)
    ingester = setup.ingester("only")
    assert ingester.step(block=0.1, reclaim_after=60) == 1
    version = setup.version()
    assert (version["warc_file"], version["warc_offset"], version["warc_record_id"]) == (
        None, None, None,
    )  # fmt: skip
    assert ingester.done.unlinked == 1


def test_an_unreadable_capture_is_counted_and_skipped(redis_url, tmp_path):
    setup = Setup(redis_url, tmp_path)
    setup.stream.add({"kind": "capture", "captures": [{"key": "k", "body": "not base64!"}]})
    ingester = setup.ingester("only")
    assert ingester.step(block=0.1, reclaim_after=60) == 1
    ingester.finish()
    assert ingester.done.bad_captures == 1 and ingester.done.records == 0
    assert setup.stream.waiting() == {"queued": 0, "pending": 0}


def test_a_malformed_stream_item_is_dropped_and_counted_and_the_rest_stored(redis_url, tmp_path):
    # A foreign or damaged entry (no content_hash; media without URLs) must neither stop the
    # ingester nor stay in the stream to stop every ingester after it.
    setup = Setup(redis_url, tmp_path)
    bare = {k: v for k, v in setup.item.items() if k != "content_hash"}
    setup.stream.add({**bare, "site": "t", "kind": "article", "url": BASE + "/a.htm"})
    setup.stream.add({**setup.item, "site": "t", "kind": "article", "url": BASE + "/b.htm",
                      "media": [{"kind": "image"}]})  # fmt: skip
    setup.send()
    ingester = setup.ingester("only")
    assert ingester.step(block=0.1, reclaim_after=60) == 4
    ingester.finish()
    assert setup.version()["url"] == setup.url  # the well-formed article is stored
    dropped = ingester.done.stats["t"][reasons.stat_key("malformed_item")]
    assert dropped == 2
    assert setup.stream.waiting() == {"queued": 0, "pending": 0}


def test_no_row_names_an_open_warc_file_while_a_killed_ingester_waits(redis_url, tmp_path):
    """Killed right after a commit: every WARC file a row names exists, closed, before any
    restart (the batch's file is closed before its rows are committed)."""
    setup = Setup(redis_url, tmp_path)
    setup.send()
    killed = setup.ingester("killed")
    assert killed.step(block=0.1, reclaim_after=0) == 2  # then SIGKILL: no finish(), no close
    named = {setup.version()["warc_file"]}
    named |= {r[0] for r in setup.archive.db.execute("select warc_file from media")}
    warc = tmp_path / "archive.db.warc"
    assert named and all((warc / name).is_file() for name in named if name)
    assert not list(warc.glob("*.open"))
