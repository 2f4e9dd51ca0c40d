"""The search index is kept current row by row (migration ``320_search_without_copy``): a new or
changed article is searchable at once, opening an archive indexes only what changed since, other
tools' edits never leave a stale match, and the index keeps no copy of the text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from conftest_archive import ARTICLES, ZH_COOPERATION, article, make_archive, store

from newscrawler.archive.search import index_pending, match_expression, search
from newscrawler.archive.store import Archive, open_archive


def urls(db: sqlite_utils.Database, query: str) -> list[str]:
    return [hit.url for hit in search(db, query)]


def filler(n: int, start: int = 0) -> list[tuple]:
    return [
        (f"https://old.example.edu/{i}.htm", "old", f"旧闻 {i}", f"第{i}篇存档文章。", f"h{i}")
        for i in range(start, start + n)
    ]


def add_rows(path: Path, rows: list[tuple]) -> None:
    """Rows added by another tool: plain sqlite3, without newscrawler's SQL functions."""
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "insert into articles(url, site, title, body, content_hash) values (?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()


def steps_to_index_pending(path: Path) -> int:
    """SQLite VM steps (in units of 100) :func:`index_pending` takes on the archive at ``path``."""
    db = open_archive(path)
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 100)
    with db.conn:
        index_pending(db)
    db.conn.set_progress_handler(None, 0)
    db.close()
    return steps[0]


def test_a_stored_article_is_searchable_at_once(tmp_path):
    path = make_archive(tmp_path)
    new = article("https://news.example.edu/1.htm", title="量子计算研讨会", body="专家齐聚。")
    with Archive.open(path) as archive:
        assert archive.store([new]).statuses == ["new"]
        assert urls(archive.db, "量子") == [new["url"]]
        changed = {**new, "body": "学者齐聚一堂。", "content_hash": "changed"}
        assert archive.store([changed]).statuses == ["changed"]
        assert urls(archive.db, "专家") == []  # the old text no longer matches
        assert urls(archive.db, "学者") == [new["url"]]


def test_opening_an_archive_indexes_only_the_rows_added_since(tmp_path):
    small, big = tmp_path / "small", tmp_path / "big"
    for directory, rows in ((small, 200), (big, 4000)):
        directory.mkdir()
        add_rows(make_archive(directory), filler(rows))
        with Archive.open(directory / "archive.db") as archive:  # indexes the added rows
            assert urls(archive.db, "存档")[:1]
            assert archive.db["articles_search_pending"].count == 0
    # Nothing pending: the work of opening is the same for 200 rows as for 4,000.
    assert steps_to_index_pending(small / "archive.db") == steps_to_index_pending(
        big / "archive.db"
    )
    add_rows(big / "archive.db", filler(3, start=10_000))
    with Archive.open(big / "archive.db") as archive:
        assert urls(archive.db, "第10001篇") == ["https://old.example.edu/10001.htm"]


def test_another_tools_edit_or_delete_never_leaves_a_stale_match(tmp_path):
    path = make_archive(tmp_path)
    with sqlite3.connect(path) as conn:  # no nc_space_cjk here: the triggers space in SQL
        conn.execute(
            "update articles set body = '全新的正文。' where url = ?", [ZH_COOPERATION["url"]]
        )
    conn.close()
    db = open_archive(path)
    assert urls(db, "人才") == []  # dropped at once, before any newscrawler command ran
    with Archive.open(path) as archive:
        assert urls(archive.db, "正文") == [ZH_COOPERATION["url"]]
        with sqlite3.connect(path) as conn:
            conn.execute("delete from articles where url = ?", [ZH_COOPERATION["url"]])
        conn.close()
        assert urls(archive.db, "正文") == []


def test_the_index_keeps_no_copy_of_the_text_and_snippets_still_work(tmp_path):
    path = make_archive(tmp_path)
    db = open_archive(path)
    assert "articles_search_content" not in db.table_names()
    (hit,) = search(db, "合作", limit=1)
    assert "[合作]" in hit.snippet and "\u200b" not in hit.snippet
    # The snippet's text comes from the view, spaced in SQL: it works where the Python function
    # is missing (Datasette, the sqlite3 shell).
    with sqlite3.connect(path) as conn:
        (snippet,) = conn.execute(
            "select snippet(articles_search, -1, '[', ']', '…', 40) from articles_search"
            " where articles_search match ?",
            [match_expression("合作")],
        ).fetchone()
    conn.close()
    assert "战略[合作]协议" in snippet.replace("\u200b", "")


def test_an_archive_made_with_the_copying_index_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    store(path, *ARTICLES)
    db = sqlite_utils.Database(path)
    for name in ("articles_search_ai", "articles_search_au", "articles_search_ad"):
        db.execute(f"drop trigger {name}")
    db.execute("drop view articles_search_text")
    db.execute("drop table articles_search")
    db.execute("drop table articles_search_pending")
    db.execute("create virtual table articles_search using fts5(title, body)")
    db.execute(
        "insert into articles_search(rowid, title, body) select rowid, title, body from articles"
    )
    db.execute("delete from _migrations where name = '320_search_without_copy'")
    db.conn.commit()
    db.close()
    migrated = open_archive(path)
    assert "articles_search_content" not in migrated.table_names()
    assert urls(migrated, "合作") == [ZH_COOPERATION["url"]]
    assert migrated["articles_search_docsize"].count == len(ARTICLES)
