"""Images and attachments: fetched after their article, captured to WARC, listed in ``media``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import sqlite_utils
from conftest_archive import fill, versions_as_table

from newscrawler.archive.store import open_archive
from newscrawler.capture.warc import read_record
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, run_cli
from tests.spider_run import crawl_stats
from tests.static_site import StaticSite

#: Settings of a local crawl as ``-s`` pairs for :func:`crawl_stats`.
LOCAL_SETTINGS = dict(pair.split("=", 1) for pair in LOCAL[1::2])


def _is_media(path: str) -> bool:
    return path.endswith((".jpg", ".pdf"))


def _media_rows(work: Path) -> list[dict]:
    with open_archive(work / "archive.db") as db:
        return list(db.query("select * from media order by article_url, media_url"))


def _crawl(work: Path, base: str, portal, *extra: str) -> dict:
    result = run_cli(
        "crawl", "--url", base + portal.start_path, "--cms", "webplus", *LOCAL, "--json", *extra,
        cwd=work,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)[0]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A WebPlus replica (images, captions, PDF attachments) crawled twice into one archive, the
    second time with --full: (portal, base URL, work dir, server, media hits after each run)."""
    portal = build_portal("webplus", n_articles=12, seed=3)
    work = tmp_path_factory.mktemp("media")
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        first = _crawl(work, base, portal)
        hits_first = {p: n for p, n in server.hits(portal).items() if _is_media(p)}
        second = _crawl(work, base, portal, "--full")
        hits_second = {p: n for p, n in server.hits(portal).items() if _is_media(p)}
    return portal, base, work, (first, second), (hits_first, hits_second)


def test_every_image_and_attachment_of_every_article_has_a_row(crawled):
    portal, base, work, _, _ = crawled
    wanted = {
        (base + path, base + media, kind)
        for path, item in portal.expected().items()
        for media, kind in [
            *((image, "image") for image in item["images"]),
            *((a["url"], "attachment") for a in item["attachments"]),
        ]
    }
    rows = {(r["article_url"], r["media_url"], r["kind"]) for r in _media_rows(work)}
    assert {kind for _, _, kind in wanted} == {"image", "attachment"}
    assert rows == wanted


def test_media_rows_hold_the_served_bytes_sha256_and_caption(crawled):
    portal, base, work, _, _ = crawled
    captions = {
        base + c["image_url"]: c["text"]
        for item in portal.expected().values()
        for c in item["captions"]
    }
    for row in _media_rows(work):
        served = portal.response(row["media_url"].removeprefix(base))
        assert row["sha256"] == hashlib.sha256(served.body).hexdigest()
        assert row["bytes"] == len(served.body)
        assert row["mime"] == served.headers["Content-Type"]
        assert row["caption"] == captions.get(row["media_url"])


def test_media_rows_point_at_the_warc_record_carrying_the_bytes(crawled):
    portal, base, work, _, _ = crawled
    for row in _media_rows(work):
        record = read_record(work / "archive.db.warc", row["warc_file"], row["warc_offset"])
        assert record.record_type == "response"
        assert record.url == row["media_url"]
        assert record.warc_headers["WARC-Record-ID"] == row["warc_record_id"]
        assert hashlib.sha256(record.payload).hexdigest() == row["sha256"]


def test_each_media_file_is_fetched_once_and_not_again_by_a_second_crawl(crawled):
    _, _, _, runs, (hits_first, hits_second) = crawled
    assert hits_first and set(hits_first.values()) == {1}
    assert hits_second == hits_first  # --full re-fetched every article, but no media file
    assert all(run["status"] == "finished" for run in runs)


def test_attachments_are_item_fields_in_the_archive_and_the_exports(crawled):
    portal, base, work, _, _ = crawled
    with open_archive(work / "archive.db") as db:
        stored = {
            r["url"]: json.loads(r["attachments"]) for r in db.query("select * from articles")
        }
    for path, item in portal.expected().items():
        assert stored[base + path] == [
            {"url": base + a["url"], "title": a["title"]} for a in item["attachments"]
        ]
    result = run_cli("export", "-f", "csv", "-o", "out.csv", cwd=work)
    assert result.returncode == 0, result.stderr
    header = (work / "out.csv").read_text("utf-8").splitlines()[0].split(",")
    assert "attachments" in header


def test_media_csv_export_has_one_line_per_media_row(crawled):
    _, _, work, _, _ = crawled
    result = run_cli("export", "-f", "media-csv", "-o", "media.csv", cwd=work)
    assert result.returncode == 0, result.stderr
    lines = (work / "media.csv").read_text("utf-8").splitlines()
    assert lines[0].startswith("article_url,media_url,kind,mime,bytes,sha256")
    assert len(lines) == 1 + len(_media_rows(work))


def test_too_large_attachment_is_skipped_and_counted(tmp_path):
    portal = build_portal("webplus", n_articles=12, seed=3)
    attachments = sum(len(i["attachments"]) for i in portal.expected().values())
    with ReplicaServer([portal]) as server:
        stats = crawl_stats(
            tmp_path,
            {"url": server.url(portal) + portal.start_path, "cms": "webplus"},
            {**LOCAL_SETTINGS, "NEWSCRAWLER_MEDIA_MAX_SIZE": "20000"},  # images < 8 KB, PDFs 30+
        )
    assert attachments and stats["newscrawler/skipped/media_too_large"] == attachments
    kinds = {row["kind"] for row in _media_rows(tmp_path)}
    assert kinds == {"image"}
    assert stats["newscrawler/new"] == len(portal.expected())


def test_no_media_fetches_no_file(tmp_path):
    portal = build_portal("webplus", n_articles=12, seed=4)
    with ReplicaServer([portal]) as server:
        run = _crawl(tmp_path, server.url(portal), portal, "--no-media")
        hits = server.hits(portal)
    assert run["status"] == "finished" and run["new"] == len(portal.expected())
    assert not [path for path in hits if _is_media(path)]
    assert _media_rows(tmp_path) == []


ARTICLE = """<html><head><meta charset='utf-8'><title>{title}</title></head><body>
<div class='v_news_content'><p>{title}的正文第一段，内容完整。</p>
<p><img src='{image}'></p><p>第二段。</p></div><p>发布时间：2024-05-01</p></body></html>"""


@pytest.fixture
def site_with_bad_media(tmp_path):
    """A portal of two articles: one with an image on another host, one with an image the server
    does not have (404)."""
    root = tmp_path / "site"
    (root / "info" / "1").mkdir(parents=True)
    (root / "xwzx.htm").write_text(
        "<html><head><meta charset='utf-8'></head><body><ul>"
        "<li><a href='/info/1/1.htm'>第一篇</a><span>2024-05-01</span></li>"
        "<li><a href='/info/1/2.htm'>第二篇</a><span>2024-05-01</span></li>"
        "</ul></body></html>",
        "utf-8",
    )
    pages = {
        "1.htm": ARTICLE.format(title="外站图片", image="http://elsewhere.example.org/a.jpg"),
        "2.htm": ARTICLE.format(title="缺失图片", image="/images/missing.jpg"),
    }
    for name, html in pages.items():
        (root / "info" / "1" / name).write_text(html, "utf-8")
    with StaticSite(root) as site:
        yield site, tmp_path / "work"


def test_offsite_image_is_refused_and_missing_one_counted_and_the_run_finishes(
    site_with_bad_media,
):
    site, work = site_with_bad_media
    work.mkdir()
    stats = crawl_stats(work, {"url": site.url + "/xwzx.htm", "cms": "vsb"}, LOCAL_SETTINGS)
    assert stats["newscrawler/skipped/offsite"] == 1
    assert stats["newscrawler/errors/media_unavailable"] == 1
    assert stats["newscrawler/new"] == 2 and stats["finish_reason"] == "finished"
    assert _media_rows(work) == []


def test_an_archive_from_before_media_gets_empty_attachments_and_a_media_table(tmp_path):
    path = tmp_path / "old.db"
    fill(path)
    db = sqlite_utils.Database(path)  # strip what 301_media adds, as an older version made it
    versions_as_table(db)
    for table in ("articles", "article_versions"):
        db.execute(f"alter table {table} drop column attachments")
    db.execute("drop table media")
    db.execute("delete from _migrations where name = '301_media'")
    db.conn.commit()
    db.close()
    with open_archive(path) as db:
        assert {r["attachments"] for r in db.query("select attachments from articles")} == {"[]"}
        assert {r["attachments"] for r in db.query("select attachments from article_versions")} == {
            "[]"
        }
        assert db["media"].count == 0
        assert db.execute("select 1 from _migrations where name = '301_media'").fetchone()
