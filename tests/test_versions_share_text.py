"""Migration 340: ``article_versions`` shows every version whole while the current text is kept
once, in ``articles`` (a version equal to it shares it); old archives are moved over intact."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from conftest_archive import ARTICLES, ZH_MEETING, article, fill, store, versions_as_table

from newscrawler.archive.migrations import (
    SHARED_VERSION_COLUMNS,
    VERSIONS_DATA,
    add_schema_columns,
    create_versions_view,
)
from newscrawler.archive.store import Archive, open_archive

URL = "https://news.example.edu.cn/info/1001/1.htm"
A = article(
    URL,
    title="学校召开工作会议",
    body="会议总结了工作。",
    credits=[{"role": "author", "name": "李明"}],
)
B = article(
    URL, title="学校召开工作会议", body="会议部署了新任务。", fetched_at="2024-02-01T08:00:00+00:00"
)
A_AGAIN = A | {"fetched_at": "2024-03-01T08:00:00+00:00"}


def versions(db: sqlite_utils.Database, url: str = URL) -> list[dict]:
    return [
        {c: row[c] for c in ("version", *SHARED_VERSION_COLUMNS)}
        for row in db.query("select * from article_versions where url = ? order by version", [url])
    ]


def stored_shares(db: sqlite_utils.Database, url: str = URL) -> list[tuple[int, int, str | None]]:
    return db.execute(
        f"select version, shared, body from {VERSIONS_DATA} where url = ? order by version", [url]
    ).fetchall()


def test_the_current_version_shares_the_articles_text_and_the_view_shows_it_whole(tmp_path):
    path = tmp_path / "a.db"
    store(path, A)
    with open_archive(path) as db:
        current = db["articles"].get(URL)
        assert versions(db) == [{"version": 1} | {c: current[c] for c in SHARED_VERSION_COLUMNS}]
        assert versions(db)[0]["body"] == A["body"]
        assert stored_shares(db) == [(1, 1, None)]


def test_a_change_gives_the_old_version_its_text_back_and_a_return_shares_it_again(tmp_path):
    path = tmp_path / "a.db"
    assert store(path, A, B, A_AGAIN) == ["new", "changed", "changed"]
    with open_archive(path) as db:
        assert [v["body"] for v in versions(db)] == [A["body"], B["body"], A["body"]]
        assert versions(db)[1]["credits"] == "[]"
        assert versions(db)[0]["credits"] == versions(db)[2]["credits"] != "[]"
        # A -> B -> A: the two versions equal to the current text share it, B keeps its own.
        assert stored_shares(db) == [(1, 1, None), (2, 0, B["body"]), (3, 1, None)]


def test_writes_through_the_view_and_deleted_articles_keep_every_version_whole(tmp_path):
    path = tmp_path / "a.db"
    store(path, A, B)
    with Archive.open(path) as archive, archive.db.conn:
        db = archive.db
        before = versions(db)
        db.execute("update article_versions set template_version = 7 where url = ?", [URL])
        assert versions(db) == before
        assert stored_shares(db) == [(1, 0, A["body"]), (2, 1, None)]
        db.execute("update article_versions set body = 'edited' where version = 2")
        assert stored_shares(db) == [(1, 0, A["body"]), (2, 0, "edited")]
        db.execute("update article_versions set body = ? where version = 2", [B["body"]])
        db.execute("delete from articles where url = ?", [URL])
        assert [v["body"] for v in versions(db)] == [A["body"], B["body"]]
        assert [s for _, s, _ in stored_shares(db)] == [0, 0]
        db.execute("delete from article_versions where version = 1")
        assert [v["version"] for v in versions(db)] == [2]


def test_an_archive_from_before_340_is_moved_over_with_every_version_unchanged(tmp_path):
    path = tmp_path / "old.db"
    fill(path)
    db = sqlite_utils.Database(path)
    versions_as_table(db)
    db.conn.commit()
    whole = db.execute("select * from article_versions order by url, version").fetchall()
    rowids = db.execute("select rowid, url, version from article_versions order by 1").fetchall()
    assert db["article_versions"].count == len(ARTICLES) + 1 and not db[VERSIONS_DATA].exists()
    db.close()

    with open_archive(path) as upgraded:
        assert (
            upgraded.execute("select * from article_versions order by url, version").fetchall()
            == whole
        )
        # Export cursors stand on version rowids: the rows keep theirs.
        assert (
            upgraded.execute(
                f"select rowid, url, version from {VERSIONS_DATA} order by 1"
            ).fetchall()
            == rowids
        )
        shared = upgraded.execute(f"select sum(shared) from {VERSIONS_DATA}").fetchone()[0]
        assert shared == len(ARTICLES)  # ZH_MEETING's first version differs from its article
        assert [v["body"] for v in versions(upgraded, ZH_MEETING["url"])][0] == ZH_MEETING["body"]
    # And it is written like a new archive.
    assert store(path, A, B) == ["new", "changed"]
    with open_archive(path) as db:
        assert stored_shares(db) == [(1, 0, A["body"]), (2, 1, None)]


def test_a_schema_field_new_to_an_archive_reaches_the_table_behind_the_view(tmp_path: Path):
    path = tmp_path / "a.db"
    store(path, A)
    with open_archive(path) as db:
        db.execute("drop view article_versions")
        db.execute(f"alter table {VERSIONS_DATA} drop column template_version")
        create_versions_view(db)
        assert "template_version" not in db["article_versions"].columns_dict
        assert add_schema_columns(db) == ["article_versions.template_version"]
        assert "template_version" in db[VERSIONS_DATA].columns_dict
        assert versions(db)[0]["body"] == A["body"]
    assert store(path, B) == ["changed"]


def test_a_shared_version_shares_its_hash_and_an_archive_from_before_344_is_moved_over(tmp_path):
    path = tmp_path / "a.db"
    other = ZH_MEETING["url"]
    assert store(path, A, B, ZH_MEETING) == ["new", "changed", "new"]
    with open_archive(path) as db:
        assert db.execute(
            f"select version, content_hash is null from {VERSIONS_DATA} where url = ?"
            " order by version",
            [URL],
        ).fetchall() == [(1, 0), (2, 1)]
        expected = versions(db)
        assert [v["content_hash"] for v in expected] == [A["content_hash"], B["content_hash"]]
        # As 340 left it: a shared row holds its hash; one holds a hash that is not its article's.
        with db.conn:
            db.execute(
                f"update {VERSIONS_DATA} set content_hash = ? where url = ? and version = 2",
                ["x", URL],
            )
            db.execute(
                f"update {VERSIONS_DATA} set content_hash = ? where url = ?",
                [ZH_MEETING["content_hash"], other],
            )
            db.execute("delete from _migrations where name = '344_versions_share_hash'")
    with open_archive(path) as db:
        assert stored_shares(db) == [(1, 0, A["body"]), (2, 0, B["body"])]
        assert versions(db) == [expected[0], expected[1] | {"content_hash": "x"}]
        assert db.execute(
            f"select shared, content_hash from {VERSIONS_DATA} where url = ?", [other]
        ).fetchall() == [(1, None)]
        assert versions(db, other)[0]["content_hash"] == ZH_MEETING["content_hash"]
