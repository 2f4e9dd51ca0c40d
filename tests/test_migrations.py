"""Migrations ``1xx``: an archive made before them opens, is upgraded, and its rows are indexed;
the human views flatten credits, captions and monthly counts."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from conftest_archive import ARTICLES, ZH_COOPERATION, fill, make_archive

from newscrawler.archive.migrations import MIGRATIONS
from newscrawler.archive.search import search
from newscrawler.archive.store import open_archive

OURS = ("101_cjk_search", "102_views", "103_export_cursors")


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return make_archive(tmp_path)


def old_archive(path: Path) -> None:
    """An archive as a version without migrations 1xx made it, holding :data:`ARTICLES`: written
    by today's write path, then stripped of what those migrations add."""
    fill(path)
    db = sqlite_utils.Database(path)
    for view in ("credits_flat", "captions_flat", "articles_per_month", "article_catalog"):
        db.execute(f"drop view {view}")
    for trigger in ("articles_search_ai", "articles_search_au", "articles_search_ad"):
        db.execute(f"drop trigger {trigger}")
    db.execute("drop table articles_search")
    db.execute("drop view articles_search_text")  # and what 320 adds to the search index
    db.execute("drop table articles_search_pending")
    db.execute("drop table export_cursors")
    db.execute("delete from _migrations where name like '1%' or name = '320_search_without_copy'")
    db.conn.commit()
    db.close()


def test_migrations_1xx_are_registered_in_order():
    names = [name for name, _ in MIGRATIONS]
    assert [n for n in names if n.startswith("1")] == list(OURS)


def test_old_archive_is_upgraded_and_its_articles_become_searchable(tmp_path):
    path = tmp_path / "old.db"
    old_archive(path)
    assert "articles_search" not in sqlite_utils.Database(path).table_names()
    db = open_archive(path)
    applied = {row["name"] for row in db["_migrations"].rows}
    assert set(OURS) <= applied
    assert [hit.url for hit in search(db, "合作")] == [ZH_COOPERATION["url"]]
    assert db["articles_search"].count == len(ARTICLES)


def test_reopening_applies_nothing_twice(archive_path):
    db = open_archive(archive_path)
    assert db.execute("select count(*) from _migrations").fetchone()[0] == len(MIGRATIONS)


def test_credits_flat_has_one_row_per_person(archive_path):
    db = open_archive(archive_path)
    rows = list(
        db.query(
            "select role, label, name from credits_flat where url = ? order by position",
            [ZH_COOPERATION["url"]],
        )
    )
    assert rows == [
        {"role": "author", "label": "撰稿", "name": "张三"},
        {"role": "photographer", "label": "摄影", "name": "李四"},
        {"role": "photographer", "label": "摄影", "name": "王五"},
    ]


def test_captions_flat_has_one_row_per_caption(archive_path):
    db = open_archive(archive_path)
    assert list(db.query("select url, image_url, text from captions_flat")) == [
        {
            "url": ZH_COOPERATION["url"],
            "image_url": "https://news.ustb.edu.cn/img/1.jpg",
            "text": "签约仪式现场",
        }
    ]


def test_articles_per_month_counts_dated_articles_per_site(archive_path):
    db = open_archive(archive_path)
    assert [tuple(r.values()) for r in db.query("select * from articles_per_month")] == [
        ("ustb-en", "2023-03", 1),
        ("ustb-en", "2023-07", 1),
        ("ustb-zh", "2023-03", 1),
        ("ustb-zh", "2023-04", 1),
        ("ustb-zh", "2023-05", 1),
    ]


def test_article_catalog_adds_year_and_month(archive_path):
    db = open_archive(archive_path)
    row = db.execute(
        "select year, month from article_catalog where url = ?", [ZH_COOPERATION["url"]]
    ).fetchone()
    assert row == ("2023", "2023-03")
