"""Migrations 341 and 342 and the page size: what the archive keeps twice is kept once; an
archive made before is moved over with every row."""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils
from conftest_archive import ARTICLES, article, fill

from newscrawler.archive.store import PAGE_SIZE, Archive, open_archive

TEMPLATE_STEPS = {"body": "template:body", "title": "template:title", "url": "fetched-url"}
GENERIC_STEPS = {"body": "generic:text-density", "title": "generic:h1", "url": "fetched-url"}


def schema_sql(db: sqlite_utils.Database, name: str) -> str | None:
    row = db.execute("select sql from sqlite_master where name = ?", [name]).fetchone()
    return row[0] if row else None


def test_an_archive_from_before_341_keeps_its_view_counts_and_loses_the_site_index(tmp_path):
    path = tmp_path / "old.db"
    fill(path)
    db = sqlite_utils.Database(path)
    # As migrations before 341 left it: a rowid table beside its key's index, and idx_articles_site.
    db.execute("alter table view_counts rename to view_counts_new")
    db.execute(
        "create table view_counts (url text, fetched_at text, views integer,"
        " primary key (url, fetched_at))"
    )
    db.execute("insert into view_counts select * from view_counts_new")
    db.execute("drop table view_counts_new")
    db.execute("create index idx_articles_site on articles(site)")
    db.execute("delete from _migrations where name = '341_lean_indexes'")
    db.conn.commit()
    counts = db.execute("select * from view_counts order by url, fetched_at").fetchall()
    assert counts and "without rowid" not in schema_sql(db, "view_counts")
    db.close()

    with open_archive(path) as upgraded:
        assert upgraded.execute("select * from view_counts order by 1, 2").fetchall() == counts
        assert "without rowid" in schema_sql(upgraded, "view_counts")
        assert schema_sql(upgraded, "idx_articles_site") is None
        plan = upgraded.execute(
            "explain query plan select count(*) from articles where site = 'ustb-zh'"
        ).fetchall()
        assert "idx_articles_site_last_seen" in plan[0][-1]
        sites = dict(upgraded.execute("select site, count(*) from articles group by site"))
        assert sum(sites.values()) == len(ARTICLES)


def test_a_new_archive_has_large_pages_and_an_existing_one_keeps_its_own(tmp_path):
    fresh = tmp_path / "new.db"
    with open_archive(fresh) as db:
        assert db.execute("pragma page_size").fetchone()[0] == PAGE_SIZE
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("pragma page_size = 4096")
        conn.execute("create table t (x)")
    conn.close()
    with open_archive(old) as db:
        assert db.execute("pragma page_size").fetchone()[0] == 4096
        assert db["articles"].count == 0


def extraction_of(db: sqlite_utils.Database) -> dict[str, dict | None]:
    return {
        url: None if steps is None else json.loads(steps)
        for url, steps in db.execute("select url, extraction from article_extraction")
    }


def test_each_distinct_extraction_is_stored_once_and_read_per_article(tmp_path):
    items = [
        article(f"https://news.example.edu.cn/{i}.htm", title=f"t{i}", body=f"b{i}", extraction=s)
        for i, s in enumerate([TEMPLATE_STEPS, GENERIC_STEPS, TEMPLATE_STEPS, None])
    ]
    with Archive.open(tmp_path / "a.db") as archive:
        archive.store(items[:2])
        archive.store(items[2:])
        db = archive.db
        assert db["extraction_steps"].count == 2
        assert "extraction" not in db["articles"].columns_dict
        assert extraction_of(db) == {item["url"]: item["extraction"] for item in items}
        # A re-fetch with the same content takes the newest fetch's extraction, as other columns.
        later = items[0] | {"extraction": GENERIC_STEPS, "fetched_at": "2024-03-01T08:00:00+00:00"}
        assert archive.store([later]).statuses == ["unchanged"]
        assert extraction_of(db)[later["url"]] == GENERIC_STEPS
        assert db["extraction_steps"].count == 2


def test_an_archive_from_before_342_keeps_every_articles_extraction(tmp_path):
    path = tmp_path / "old.db"
    fill(path)
    db = sqlite_utils.Database(path)
    # As migrations before 342 left it: the mapping's JSON in every article row.
    db.execute("drop view article_extraction")
    db.execute("drop table extraction_steps")
    db.execute("alter table articles drop column extraction_id")
    db.execute("alter table articles add column extraction text")
    urls = [url for (url,) in db.execute("select url from articles order by url")]
    old = {url: [TEMPLATE_STEPS, GENERIC_STEPS, None][i % 3] for i, url in enumerate(urls)}
    for url, steps in old.items():
        value = None if steps is None else json.dumps(steps, ensure_ascii=False)
        db.execute("update articles set extraction = ? where url = ?", [value, url])
    db.execute("delete from _migrations where name = '342_extraction_steps'")
    db.conn.commit()
    db.close()

    with open_archive(path) as upgraded:
        assert "extraction" not in upgraded["articles"].columns_dict
        assert upgraded["extraction_steps"].count == 2
        assert extraction_of(upgraded) == old
        assert upgraded["articles"].count == len(ARTICLES)


EVIDENCE = "url, site, source, title, published, column_name, listing_url, first_seen"


def test_an_archive_from_before_343_keeps_its_evidence_and_one_row_per_distinct_piece(tmp_path):
    path = tmp_path / "old.db"
    fill(path)
    db = sqlite_utils.Database(path)
    # As migrations before 343 left it: a unique index over the distinct columns.
    db.execute("drop trigger listing_evidence_distinct")
    db.execute("drop index listing_evidence_url")
    db.execute(
        "create unique index listing_evidence_distinct on listing_evidence(url, source,"
        " ifnull(title, ''), ifnull(published, ''), ifnull(column_name, ''))"
    )
    url = ARTICLES[0]["url"]
    old = [
        (url, "ustb-zh", "listing", "合作", None, "媒体报道", "https://x/2.htm", "t1"),
        (url, "ustb-zh", "feed", None, None, None, "https://x/feed", "t1"),
    ]
    db.conn.executemany(f"insert into listing_evidence ({EVIDENCE}) values ({_marks(8)})", old)
    db.execute("delete from _migrations where name = '343_evidence_by_url'")
    db.conn.commit()
    db.close()

    with open_archive(path) as upgraded:
        assert upgraded.execute(f"select {EVIDENCE} from listing_evidence").fetchall() == old
        assert schema_sql(upgraded, "listing_evidence_distinct").startswith("CREATE TRIGGER")
        plan = upgraded.execute(
            "explain query plan select * from listing_evidence where url = ?", [url]
        ).fetchall()
        assert "listing_evidence_url" in plan[0][-1]
        # Whatever writes the table: the same evidence ('' or null alike) is skipped, the rest kept.
        same = (url, "ustb-zh", "listing", "合作", "", "媒体报道", "https://x/3.htm", "t2")
        new = (url, "ustb-zh", "listing", "合作", "2024-01-08", "媒体报道", "https://x/3.htm", "t2")
        with upgraded.conn:
            upgraded.conn.executemany(
                f"insert into listing_evidence ({EVIDENCE}) values ({_marks(8)})", [same, new]
            )
        assert upgraded.execute(
            f"select {EVIDENCE} from listing_evidence order by rowid"
        ).fetchall() == [*old, new]


def _marks(n: int) -> str:
    return ", ".join("?" * n)
