"""Pipelines on real Scrapy crawler objects and real SQLite files (no engine needed)."""

from __future__ import annotations

import json
import logging

import pytest
from newscrawler.pipelines.archive import ArchivePipeline
from newscrawler.pipelines.dedup import DeduplicatePipeline
from newscrawler.pipelines.jsonlines import JsonLinesPipeline
from newscrawler.pipelines.validate import ValidatePipeline
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawler.archive.jsonl import repair_partial_line
from newscrawler.archive.store import item_line, open_archive
from newscrawler.crawl.runlog_extension import RunLogExtension
from newscrawler.crawl.spiders.portal import PortalSpider
from newscrawler.extraction import content_hash
from newscrawler.items import ArticleItem
from newscrawler.profiles import profile_for_url


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
    """One crawl run's pipelines and run log, opened and closed as the engine would, for a run
    whose listing pages gave article links."""

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
        self.crawler.stats.set_value("newscrawler/listing_pages", 1)
        self.crawler.stats.set_value("newscrawler/article_links", 1)
        self.run_log = RunLogExtension.from_crawler(self.crawler)
        self.stages = [
            cls.from_crawler(self.crawler)
            for cls in (ValidatePipeline, DeduplicatePipeline, ArchivePipeline, JsonLinesPipeline)
        ]

    def __enter__(self):
        for stage in self.stages:
            if hasattr(stage, "open_spider"):
                stage.open_spider()
        self.crawler.signals.send_catch_log(signals.spider_opened, spider=self.crawler.spider)
        return self

    def feed(self, *items):
        """Items that passed every stage; the archive decides their status when it writes."""
        self.fed = getattr(self, "fed", [])
        for item in items:
            try:
                for stage in self.stages:
                    item = stage.process_item(item)
                self.fed.append(item)
            except DropItem as exc:
                self.fed.append(f"dropped: {exc}")
        return self

    def statuses(self):
        return [
            i if isinstance(i, str) else i.get("archive_status", "not stored") for i in self.fed
        ]

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
        run.feed(article(**{missing: "  "}))
    (result,) = run.statuses()
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
        run.feed(article(published="2022-02-30"))
    assert run.statuses() == ["new"]
    assert "bad date" in caplog.text
    assert run.stat("newscrawler/bad_date") == 1
    with open_archive(tmp_path / "archive.db") as db:
        assert next(db["articles"].rows)["published"] is None


def test_same_url_twice_in_one_run_is_stored_once(tmp_path):
    with Run(tmp_path) as run:
        run.feed(article(), article())
    assert run.statuses()[1].startswith("dropped: duplicate_url")
    with open_archive(tmp_path / "archive.db") as db:
        assert db["articles"].count == 1
    assert len(jsonl_lines(tmp_path)) == 1


def test_same_content_under_two_urls_is_stored_once_within_and_across_runs(tmp_path):
    main, copy, later = (f"https://news.example.edu.cn/info/{n}/{n}.htm" for n in (1, 9, 7))
    with Run(tmp_path) as run:
        run.feed(article(url=main), article(url=copy))
    assert run.statuses() == ["new", "not stored"]
    assert run.stat("newscrawler/dropped/duplicate_content") == 1
    with Run(tmp_path) as run:
        run.feed(article(url=later))
    assert run.statuses() == ["not stored"]
    with open_archive(tmp_path / "archive.db") as db:
        assert [r["url"] for r in db["articles"].rows] == [main]
        aliases = {r["url"]: r["article_url"] for r in db["article_aliases"].rows}
    # The other URLs are remembered, so the next crawl knows them without fetching them.
    assert aliases == {copy: main, later: main}
    assert len(jsonl_lines(tmp_path)) == 1


def test_changed_article_becomes_a_new_version_and_history_is_kept(tmp_path):
    with Run(tmp_path) as run:
        run.feed(article())
    assert run.statuses() == ["new"]
    with Run(tmp_path) as run:
        run.feed(article(fetched_at="2026-11-26T00:00:00+00:00", views=12))
    assert run.statuses() == ["unchanged"]
    with Run(tmp_path) as run:
        run.feed(article(body="第一段（修订）。", fetched_at="2026-11-27T00:00:00+00:00", views=15))
    assert run.statuses() == ["changed"]
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
    assert lines[0]["credits"] == [{"role": "author", "label": "撰稿", "name": "张三"}]
    assert lines[0]["topics"] == ["学校要闻"] and lines[0]["views"] == 10


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


def test_article_changed_back_keeps_every_version(tmp_path):
    bodies = ["甲版本。", "乙版本。", "甲版本。"]
    for day, body in enumerate(bodies, start=1):
        with Run(tmp_path) as run:
            run.feed(article(body=body, fetched_at=f"2026-11-0{day}T00:00:00+00:00"))
    assert run.statuses() == ["changed"]
    with open_archive(tmp_path / "archive.db") as db:
        versions = [
            r["body"] for r in db.query("select body from article_versions order by version")
        ]
        assert db["articles"].get(article()["url"])["version"] == 3
    assert versions == bodies
    assert [line["body"] for line in jsonl_lines(tmp_path)] == bodies


def test_unchanged_article_still_gets_corrected_metadata(tmp_path):
    with Run(tmp_path) as run:
        run.feed(article(published="2021-01-01", topics=["wrong"]))
    with Run(tmp_path) as run:  # a fixed profile: same text, right date and topic
        run.feed(
            article(
                published="2022-08-24", topics=["学校要闻"], fetched_at="2026-11-26T00:00:00+00:00"
            )
        )
    assert run.statuses() == ["unchanged"]
    with open_archive(tmp_path / "archive.db") as db:
        row = db["articles"].get(article()["url"])
    assert (row["published"], row["topics"]) == ("2022-08-24", '["学校要闻"]')
    assert row["version"] == 1 and row["last_seen"] == "2026-11-26T00:00:00+00:00"


def test_two_crawls_in_one_process_sharing_an_archive_store_each_article_once(tmp_path):
    one, two = Run(tmp_path, batch_size=1000), Run(tmp_path, batch_size=1000)
    with one, two:
        one.feed(article(body="版本一。"))
        two.feed(article(body="版本二。"))  # same URL, other content, before either flushed
        shared = "https://b.edu/info/2/2.htm"
        one.feed(article(url="https://a.edu/info/1/1.htm", title="同一篇", body="同文。"))
        two.feed(article(url=shared, title="同一篇", body="同文。"))
    with open_archive(tmp_path / "archive.db") as db:
        versions = list(
            db.query(
                "select version, body from article_versions where url = ? order by version",
                [article()["url"]],
            )
        )
        stored = [r["url"] for r in db.query("select url from articles order by url")]
    assert versions == [{"version": 1, "body": "版本二。"}, {"version": 2, "body": "版本一。"}]
    assert stored == ["https://a.edu/info/1/1.htm", article()["url"]] or stored == [
        shared,
        article()["url"],
    ]
    lines = jsonl_lines(tmp_path)
    assert sorted((line["url"], line["body"]) for line in lines) == sorted(
        [(article()["url"], "版本一。"), (article()["url"], "版本二。"), (stored[0], "同文。")]
    )


def test_a_batch_that_cannot_be_written_fails_the_run_loudly_not_silently(tmp_path, caplog):
    with Run(tmp_path) as run:
        with open_archive(tmp_path / "archive.db") as db, db.conn:
            db.execute(
                "create trigger refuse before insert on articles begin select raise(abort, 'disk full'); end"
            )
        run.feed(article())
    assert run.statuses() == ["not stored"]
    assert run.stat("newscrawler/errors/store_failed") == 1
    assert "could not store 1 items" in caplog.text
    with open_archive(tmp_path / "archive.db") as db:
        crawl = next(db["crawls"].rows)
        assert db["jsonl_outbox"].count == 0
    assert (crawl["status"], crawl["reason"], crawl["complete"]) == ("failed", "store_failed", 0)


def test_a_jsonl_file_that_cannot_be_written_keeps_its_lines_for_the_next_run(tmp_path):
    (tmp_path / "archive.jsonl").mkdir()  # not writable as a file
    with Run(tmp_path) as run:
        run.feed(article())
    assert run.stat("newscrawler/errors/jsonl_failed") == 1
    with open_archive(tmp_path / "archive.db") as db:
        assert db["jsonl_outbox"].count == 1  # committed, waiting for the file
        crawl = next(db["crawls"].rows)
    assert (crawl["status"], crawl["reason"]) == ("failed", "jsonl_failed")
    (tmp_path / "archive.jsonl").rmdir()
    with Run(tmp_path):
        pass
    assert [line["url"] for line in jsonl_lines(tmp_path)] == [article()["url"]]


def test_an_unchanged_article_fetched_without_a_date_keeps_its_archived_date(tmp_path):
    with Run(tmp_path) as run:
        run.feed(article())
    with Run(tmp_path) as run:  # the portal's new template hides date and topics
        run.feed(article(published=None, topics=[], fetched_at="2026-11-26T00:00:00+00:00"))
    assert run.statuses() == ["unchanged"]
    with open_archive(tmp_path / "archive.db") as db:
        row = db["articles"].get(article()["url"])
        shares = dict(db.execute("select field, filled from crawl_fields where crawl_id = 2"))
    assert (row["published"], row["topics"]) == ("2022-08-24", '["学校要闻"]')
    assert row["last_seen"] == "2026-11-26T00:00:00+00:00"
    # The run itself saw no date: that is what redesign detection compares.
    assert shares["published"] == 0 and shares["topics"] == 0 and shares["title"] == 1
