"""Listing evidence and learned templates in the archive (migration 310): written by
:meth:`Archive.store` in the article's transaction, one row per distinct piece of evidence, one
row per template version, every version row naming its template version."""

from __future__ import annotations

import json
import sqlite3

import pytest
import sqlite_utils
from conftest_archive import ARTICLES, EN_WORKSHOP, article, fill, versions_as_table

from newscrawler.archive.store import Archive, open_archive
from newscrawler.archive.templates import stored_evidence, stored_template
from newscrawler.cluster.ingest import Ingester
from newscrawler.cluster.stream import ItemStream
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.template import FieldRule, SiteTemplate
from tests.redis_server import redis_url  # noqa: F401 (fixture)

URL = "https://news.example.edu.cn/info/1091/1.htm"
LISTED = ListingEvidence(
    title="学校召开年度工作会议…",
    published="2024-01-09",
    column="学校要闻",
    listing_url="https://news.example.edu.cn/xxyw.htm",
)
FED = ListingEvidence(title="学校召开年度工作会议", source="feed", listing_url="https://x/feed/")


def template(body_path: str = "//div[@class='v_news_content']", version: int = 1) -> SiteTemplate:
    return SiteTemplate(
        site="ustb-en",
        version=version,
        learned_from=[f"https://news.example.edu.cn/info/1091/{i}.htm" for i in range(5)],
        fields={
            "title": FieldRule("//h1", 1.0, ["学校召开年度工作会议"]),
            "body": FieldRule(body_path, 0.8, ["会议总结了过去一年的工作"]),
        },
        furniture=["0123456789abcdef"],
    )


def evidence_rows(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "select url, source, title, published, column_name, listing_url, first_seen"
            " from listing_evidence order by rowid"
        )
    )


def test_an_archive_from_before_310_is_upgraded(tmp_path):
    path = tmp_path / "old.db"
    fill(path)
    db = sqlite_utils.Database(path)
    versions_as_table(db)
    db.execute("drop table listing_evidence")
    db.execute("drop table site_templates")
    for table in ("articles", "article_versions"):
        db.execute(f"alter table {table} drop column template_version")
    db.execute("delete from _migrations where name = '310_evidence_and_templates'")
    db.conn.commit()
    db.close()

    upgraded = open_archive(path)
    assert {"listing_evidence", "site_templates"} <= set(upgraded.table_names())
    assert "template_version" in upgraded["article_versions"].columns_dict
    assert (
        upgraded.execute(
            "select count(*) from article_versions where template_version is null"
        ).fetchone()[0]
        == upgraded["article_versions"].count
        > 0
    )
    assert upgraded.execute(
        "select 1 from _migrations where name = '310_evidence_and_templates'"
    ).fetchone()
    upgraded.close()
    # What it now stores, it stores like a new archive.
    with Archive.open(path) as archive:
        archive.store([article(URL, title="t", body="b", listing_evidence=[LISTED.to_dict()])])
        assert [r["column_name"] for r in evidence_rows(archive.db)] == ["学校要闻"]


def test_one_row_per_distinct_evidence_and_a_later_crawl_adds_what_is_new(tmp_path):
    first = article(
        URL, title="学校召开年度工作会议", body="正文", fetched_at="2024-01-10T08:00:00+00:00"
    )
    with Archive.open(tmp_path / "a.db") as archive:
        archive.store([first | {"listing_evidence": [LISTED.to_dict(), FED.to_dict()]}])
        # The next crawl sees the article again: on another listing page (same evidence, not
        # stored twice), and in a second column (new evidence).
        moved = ListingEvidence(**{**LISTED.to_dict(), "listing_url": "https://x/xxyw/2.htm"})
        other = ListingEvidence(**{**LISTED.to_dict(), "column": "媒体报道"})
        later = first | {"fetched_at": "2024-02-01T08:00:00+00:00"}
        stored = archive.store([later | {"listing_evidence": [moved.to_dict(), other.to_dict()]}])
        assert stored.statuses == ["unchanged"]
        rows = evidence_rows(archive.db)
        assert [(r["source"], r["column_name"], r["first_seen"][:10]) for r in rows] == [
            ("listing", "学校要闻", "2024-01-10"),
            ("feed", None, "2024-01-10"),
            ("listing", "媒体报道", "2024-02-01"),
        ]
        assert rows[0]["listing_url"] == LISTED.listing_url  # the first sighting is kept
        assert rows[0]["title"] == "学校召开年度工作会议…" and rows[0]["published"] == "2024-01-09"
        # What re-extraction reads back: the evidence stored by a version's fetch.
        conn = archive.db.conn
        assert stored_evidence(conn, URL, "2024-01-10T08:00:00+00:00") == (LISTED, FED)
        assert len(stored_evidence(conn, URL)) == 3


def test_evidence_of_a_duplicate_url_is_the_archived_articles(tmp_path):
    copy = {**EN_WORKSHOP, "url": EN_WORKSHOP["url"] + "?copy"}
    with Archive.open(tmp_path / "a.db") as archive:
        archive.store([EN_WORKSHOP])
        stored = archive.store([copy | {"listing_evidence": [LISTED.to_dict()]}])
        assert stored.statuses == ["duplicate"]
        assert [r["url"] for r in evidence_rows(archive.db)] == [EN_WORKSHOP["url"]]


def test_a_page_check_adds_its_evidence(tmp_path):
    with Archive.open(tmp_path / "a.db") as archive:
        archive.store(ARTICLES[:1])
        check = {
            "url": ARTICLES[0]["url"], "site": "ustb-zh", "status": 304,
            "fetched_at": "2024-03-01T00:00:00+00:00", "listing_evidence": [FED.to_dict()],
        }  # fmt: skip
        archive.store([], [check])
        assert [(r["url"], r["source"]) for r in evidence_rows(archive.db)] == [
            (ARTICLES[0]["url"], "feed")
        ]


def test_template_documents_are_stored_once_per_version_and_named_by_version_rows(tmp_path):
    learned = template()
    other = template("//div[@id='content']")  # learned apart, also proposing version 1
    one = article(URL, title="a", body="b", template_version=1, template=learned.to_dict())
    two = article(URL.replace("1.htm", "2.htm"), title="c", body="d", template_version=1)
    three = article(URL.replace("1.htm", "3.htm"), title="e", body="f", template_version=1)
    with Archive.open(tmp_path / "a.db") as archive:
        archive.store([one, two | {"template": learned.to_dict()}])
        archive.store([three | {"template": other.to_dict()}])
        db = archive.db
        rows = list(db.query("select * from site_templates order by version"))
        assert [(r["site"], r["version"], r["pages"]) for r in rows] == [
            ("ustb-en", 1, 5),
            ("ustb-en", 2, 5),
        ]
        assert SiteTemplate.from_json(rows[0]["document"]) == learned
        assert json.loads(rows[1]["document"])["version"] == 2
        assert stored_template(db.conn, "ustb-en") == SiteTemplate.from_json(rows[1]["document"])
        assert stored_template(db.conn, "ustb-en", 1) == learned
        versions = dict(db.execute("select url, template_version from article_versions"))
        assert versions == {one["url"]: 1, two["url"]: 1, three["url"]: 2}
        # A template learned again identically keeps its version.
        assert archive.store_template(template(version=7)) == 1
        assert db["site_templates"].count == 2


def test_an_unreadable_template_document_is_ignored_not_fatal(tmp_path, caplog):
    item = article(URL, title="a", body="b", template_version=1, template={"fields": 3})
    with Archive.open(tmp_path / "a.db") as archive:
        assert archive.store([item]).statuses == ["new"]
        assert archive.db["site_templates"].count == 0
        assert archive.db.execute("select template_version from articles").fetchone() == (None,)
    assert "unreadable template document" in caplog.text


def test_the_cluster_ingester_stores_evidence_and_templates(tmp_path, redis_url):  # noqa: F811
    from redis import Redis

    stream = ItemStream(Redis.from_url(redis_url), prefix="evidence")
    item = article(URL, title="标题", body="正文", template_version=1)
    stream.add(
        item
        | {
            "kind": "article",
            "listing_evidence": [LISTED.to_dict()],
            "template": template().to_dict(),
        }
    )
    with Archive.open(tmp_path / "a.db") as archive:
        ingester = Ingester(archive, stream, tmp_path / "a.jsonl", "ingester-1")
        assert ingester.step(block=0.1) == 1
        ingester.finish()
        assert [r["column_name"] for r in evidence_rows(archive.db)] == ["学校要闻"]
        assert stored_template(archive.db.conn, "ustb-en") == template()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("select template_version from article_versions").fetchall() == [(1,)]


def test_profile_columns_name_start_urls(tmp_path):
    from newscrawler.profiles import ProfileError
    from newscrawler.profiles.loader import load_profile_file

    good = tmp_path / "good.toml"
    good.write_text(
        'cms = "vsb"\nstart_urls = ["https://a.edu.cn/xxyw.htm", "https://a.edu.cn/mtbd.htm"]\n'
        '[columns]\n"https://a.edu.cn/xxyw.htm" = "学校要闻"\n'
    )
    profile = load_profile_file(good)
    assert profile.columns == {"https://a.edu.cn/xxyw.htm": "学校要闻"}
    moved = profile.with_start_urls(["http://127.0.0.1:8000/xxyw.htm"])
    assert moved.columns == {}
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'cms = "vsb"\nstart_urls = ["https://a.edu.cn/xxyw.htm"]\n'
        '[columns]\n"https://a.edu.cn/other.htm" = "学校要闻"\n"https://a.edu.cn/xxyw.htm" = 3\n'
    )
    with pytest.raises(ProfileError) as raised:
        load_profile_file(bad)
    message = str(raised.value)
    assert "'https://a.edu.cn/other.htm' is not one of start_urls" in message
    assert "must be a non-empty string, got 3" in message
