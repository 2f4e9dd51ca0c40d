"""Pipelines on real Scrapy crawler objects and real SQLite files (no engine needed)."""

from __future__ import annotations

import json
import logging

import pytest
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawler.archive import item_line, open_archive
from newscrawler.extraction import content_hash
from newscrawler.items import ArticleItem
from newscrawler.profiles import profile_for_url
from newscrawler.spiders.portal import PortalSpider
from pipelines.archive import ArchivePipeline
from pipelines.dedup import DeduplicatePipeline
from pipelines.jsonlines import JsonLinesPipeline, repair_partial_line
from pipelines.validate import ValidatePipeline


def article(url="https://news.example.edu.cn/info/1/1.htm", **fields) -> ArticleItem:
    item = {
        "url": url,
        "site": "example",
        "title": "标题",
        "body": "第一段。\n\n第二段。",
        "captions": [],
        "images": [],
        "credits": [{"role": "author", "label": "撰稿", "name": "张三"}],
        "topics": ["学校要闻"],
        "published": "2022-08-24",
        "views": 10,
        "language": "zh",
        "fetched_at": "2026-11-25T00:00:00+00:00",
        "extraction": {},
        **fields,
    }
    item["content_hash"] = content_hash(item)
    return ArticleItem(**item)


class Run:
    """One crawl run's pipelines, opened and closed as the engine would."""

    def __init__(self, tmp_path, batch_size=100):
        self.crawler = get_crawler(
            PortalSpider,
            {
                "NEWSCRAWLER_DB": str(tmp_path / "archive.db"),
                "NEWSCRAWLER_JSONL": str(tmp_path / "archive.jsonl"),
                "NEWSCRAWLER_BATCH_SIZE": batch_size,
                "NEWSCRAWLER_PROFILE_POLITENESS": False,
            },
        )
        self.crawler.spider = self.crawler._create_spider(
            profile=profile_for_url("https://news.example.edu.cn/", "vsb")
        )
        self.crawler.stats.open_spider()
        self.stages = [
            cls.from_crawler(self.crawler)
            for cls in (ValidatePipeline, DeduplicatePipeline, ArchivePipeline, JsonLinesPipeline)
        ]

    def __enter__(self):
        for stage in self.stages:
            if hasattr(stage, "open_spider"):
                stage.open_spider()
        return self

    def feed(self, *items):
        results = []
        for item in items:
            try:
                for stage in self.stages:
                    item = stage.process_item(item)
                results.append(item["archive_status"])
            except DropItem as exc:
                results.append(f"dropped: {exc}")
        return results

    def __exit__(self, *exc):
        for stage in reversed(self.stages):
            if hasattr(stage, "close_spider"):
                stage.close_spider()
        self.crawler.signals.send_catch_log(
            signals.spider_closed, spider=self.crawler.spider, reason="finished"
        )

    def stat(self, key):
        return self.crawler.stats.get_value(key)


def jsonl_lines(tmp_path):
    path = tmp_path / "archive.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("missing", ["title", "body"])
def test_item_without_title_or_body_is_dropped_with_a_counted_reason(tmp_path, missing):
    with Run(tmp_path) as run:
        (result,) = run.feed(article(**{missing: "  "}))
    assert result.startswith(f"dropped: missing {missing}")
    assert run.stat(f"newscrawler/dropped/missing_{missing}") == 1
    with open_archive(tmp_path / "archive.db") as db:
        assert db["articles"].count == 0
        crawl = next(db["crawls"].rows)
    assert crawl["dropped"] == 1
    assert json.loads(crawl["dropped_reasons"]) == {f"missing_{missing}": 1}


def test_bad_date_is_kept_as_none_with_a_warning(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with Run(tmp_path) as run:
        assert run.feed(article(published="2022-02-30")) == ["new"]
    assert "bad date" in caplog.text
    assert run.stat("newscrawler/bad_date") == 1
    with open_archive(tmp_path / "archive.db") as db:
        assert next(db["articles"].rows)["published"] is None


def test_same_url_twice_in_one_run_is_stored_once(tmp_path):
    with Run(tmp_path) as run:
        assert run.feed(article(), article())[1].startswith("dropped: duplicate_url")
    with open_archive(tmp_path / "archive.db") as db:
        assert db["articles"].count == 1
    assert len(jsonl_lines(tmp_path)) == 1


def test_same_content_under_two_urls_is_stored_once_within_and_across_runs(tmp_path):
    with Run(tmp_path) as run:
        first, second = run.feed(article(), article(url="https://news.example.edu.cn/info/9/9.htm"))
    assert first == "new" and second.startswith("dropped: duplicate_content")
    with Run(tmp_path) as run:
        (again,) = run.feed(article(url="https://news.example.edu.cn/info/7/7.htm"))
    assert again.startswith("dropped: duplicate_content")
    with open_archive(tmp_path / "archive.db") as db:
        assert db["articles"].count == 1


def test_changed_article_becomes_a_new_version_and_history_is_kept(tmp_path):
    with Run(tmp_path) as run:
        assert run.feed(article()) == ["new"]
    with Run(tmp_path) as run:
        assert run.feed(article(fetched_at="2026-11-26T00:00:00+00:00", views=12)) == ["unchanged"]
    with Run(tmp_path) as run:
        revised = article(body="第一段（修订）。", fetched_at="2026-11-27T00:00:00+00:00", views=15)
        assert run.feed(revised) == ["changed"]
    with open_archive(tmp_path / "archive.db") as db:
        row = next(db["articles"].rows)
        versions = list(db.query("select version, body from article_versions order by version"))
        views = [r["views"] for r in db.query("select views from view_counts order by fetched_at")]
        crawls = list(db.query("select new, changed, unchanged from crawls order by id"))
    assert row["version"] == 2 and row["body"] == "第一段（修订）。"
    assert row["first_seen"] == "2026-11-25T00:00:00+00:00"
    assert row["last_seen"] == "2026-11-27T00:00:00+00:00"
    assert versions == [
        {"version": 1, "body": "第一段。\n\n第二段。"},
        {"version": 2, "body": "第一段（修订）。"},
    ]
    assert views == [10, 12, 15]
    assert crawls == [
        {"new": 1, "changed": 0, "unchanged": 0},
        {"new": 0, "changed": 0, "unchanged": 1},
        {"new": 0, "changed": 1, "unchanged": 0},
    ]
    lines = jsonl_lines(tmp_path)
    assert [line["body"] for line in lines] == ["第一段。\n\n第二段。", "第一段（修订）。"]
    assert "archive_status" not in lines[0] and "extraction" not in lines[0]


def test_jsonl_lines_follow_committed_batches(tmp_path):
    with Run(tmp_path, batch_size=2) as run:
        run.feed(article(url="https://a.edu/info/1/1.htm", title="一"))
        assert not (tmp_path / "archive.jsonl").exists() or jsonl_lines(tmp_path) == []
        run.feed(article(url="https://a.edu/info/1/2.htm", title="二"))
        assert [line["title"] for line in jsonl_lines(tmp_path)] == ["一", "二"]
        run.feed(article(url="https://a.edu/info/1/3.htm", title="三"))
    assert [line["title"] for line in jsonl_lines(tmp_path)] == ["一", "二", "三"]


def test_partial_last_line_is_cut_before_appending(tmp_path):
    path = tmp_path / "archive.jsonl"
    path.write_bytes(b'{"url": "a"}\n{"url": "b", "tit')
    assert repair_partial_line(path) is True
    assert path.read_bytes() == b'{"url": "a"}\n'
    assert repair_partial_line(path) is False
    path.write_bytes(b'{"url": "only half')
    assert repair_partial_line(path) is True
    assert path.read_bytes() == b""


def test_jsonl_is_completed_exactly_once_after_a_crash_mid_append(tmp_path):
    with Run(tmp_path) as run:
        run.feed(article(url="https://a.edu/info/1/1.htm", title="一"))
    # The state a SIGKILL can leave: two committed lines still in the outbox, the first of them
    # already appended, the second only half written.
    third = item_line(dict(article(url="https://a.edu/info/1/3.htm", title="三")))
    fourth = item_line(dict(article(url="https://a.edu/info/1/4.htm", title="四")))
    with open_archive(tmp_path / "archive.db") as db, db.conn:
        db["jsonl_outbox"].insert_all([{"line": third}, {"line": fourth}])
    with (tmp_path / "archive.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(third + fourth[: len(fourth) // 2])
    with Run(tmp_path) as run:
        pass
    assert [line["title"] for line in jsonl_lines(tmp_path)] == ["一", "三", "四"]
    assert run.stat("newscrawler/jsonl_repaired") == 1
    assert run.stat("newscrawler/jsonl_recovered") == 1
    with open_archive(tmp_path / "archive.db") as db:
        assert db["jsonl_outbox"].count == 0
