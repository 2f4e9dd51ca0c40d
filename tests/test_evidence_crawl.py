"""The crawl side of listing evidence and learned templates, end to end: the real engine crawls
replica portals over HTTP into a real archive.

The template learner is the real one (``newscrawler.extraction.learning``); what is tested here
is the plumbing: pages held until the template is learned, released when the spider goes idle,
the template stored and used, evidence recorded at discovery.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from newscrawler.extraction.template import FieldRule, SiteTemplate
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import run_cli
from tests.spider_run import crawl_stats

LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NEWSCRAWLER_PROFILE_POLITENESS": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}

PROFILE = """\
name = "Evidence test portal"
cms = "vsb"
language = "zh"
start_urls = ["{start}"]

[columns]
"{start}" = "学校要闻"
"""


def rows(work, query: str) -> list[sqlite3.Row]:
    with sqlite3.connect(work / "archive.db") as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(query))


@pytest.fixture(scope="module")
def vsb():
    portal = build_portal("vsb", n_articles=12)
    with ReplicaServer([portal]) as server:
        yield portal, server.url(portal)


@pytest.fixture(scope="module")
def crawled(vsb, tmp_path_factory):
    """The VSB replica crawled by a profile naming its start URL's column; MIN_PAGES 5."""
    portal, base = vsb
    work = tmp_path_factory.mktemp("evidence")
    profiles = work / "profiles"
    profiles.mkdir()
    (profiles / "evi.toml").write_text(PROFILE.format(start=base + portal.start_path))
    stats = crawl_stats(
        work, {"site": "evi"}, LOCAL, env={"NEWSCRAWLER_PROFILES": str(profiles)}, timeout=300
    )
    return portal, base, work, stats, profiles


def test_every_article_has_its_listing_evidence(crawled):
    portal, base, work, stats, _ = crawled
    expected = {base + path: want for path, want in portal.expected().items()}
    archived = {r["url"] for r in rows(work, "select url from articles")}
    assert archived == set(expected)
    evidence = rows(work, "select * from listing_evidence where source in ('listing', 'profile')")
    by_url: dict[str, list[sqlite3.Row]] = {}
    for row in evidence:
        by_url.setdefault(row["url"], []).append(row)
    assert set(by_url) == archived
    for url, found in by_url.items():
        assert {r["column_name"] for r in found} == {"学校要闻"}, url
        assert all(r["site"] == "evi" and r["listing_url"].startswith(base) for r in found)
        # the row's title and date, as the replica lists them
        listed = [r for r in found if r["source"] == "listing"]
        day = (expected[url]["published"] or "")[:10] or None  # an undated article: none listed
        assert listed and listed[0]["published"] == day, url
        assert expected[url]["title"].startswith(listed[0]["title"].rstrip("…."))


def test_the_template_is_learned_from_the_first_pages_and_every_article_uses_it(crawled):
    _, _, work, stats, _ = crawled
    templates = rows(work, "select * from site_templates")
    assert [(t["site"], t["version"], t["pages"]) for t in templates] == [("evi", 1, 5)]
    learned = SiteTemplate.from_json(templates[0]["document"])
    assert learned.learned_from == sorted(learned.learned_from)
    assert stats["newscrawler/template/held"] >= 5
    assert stats["newscrawler/template/learned"] == 1
    versions = {r["template_version"] for r in rows(work, "select * from article_versions")}
    assert versions == {1}


def test_reextract_reproduces_the_crawl_from_its_captures(crawled, monkeypatch):
    _, _, work, _, profiles = crawled
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(profiles))
    result = run_cli("reextract", "--site", "evi", "--dry-run", "--json", cwd=work)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["examined"] > 0 and summary["unreadable"] == 0
    assert summary["changed"] == 0, summary["fields"]


def test_template_show_prints_the_stored_template(crawled):
    _, _, work, _, _ = crawled
    text = run_cli("template", "show", "evi", cwd=work)
    assert text.returncode == 0, text.stderr
    assert "template evi v1" in text.stdout and "from 5 pages" in text.stdout
    as_json = json.loads(run_cli("template", "show", "evi", "--json", cwd=work).stdout)
    assert as_json["fields"]["title"]["path"] in text.stdout
    assert f"furniture: {len(as_json['furniture'])} repeated blocks" in text.stdout
    assert as_json["version"] == 1 and as_json["pages"] == 5
    missing = run_cli("template", "show", "evi", "--version", "9", cwd=work)
    assert missing.returncode == 2 and "no template version 9 of 'evi'" in missing.stderr


def test_a_site_with_a_stored_template_uses_it_from_the_start(crawled, tmp_path):
    portal, base, work, _, profiles = crawled
    stats = crawl_stats(
        work,
        {"site": "evi", "full": "1"},
        LOCAL,
        env={"NEWSCRAWLER_PROFILES": str(profiles)},
        timeout=300,
    )
    assert "newscrawler/template/held" not in stats
    assert "newscrawler/template/learned" not in stats
    assert len(rows(work, "select * from site_templates")) == 1


def test_fewer_articles_than_min_pages_are_all_stored(vsb, tmp_path):
    """The spider goes idle holding fewer pages than a template needs: it extracts them all,
    without a template (too few pages to tell furniture from text)."""
    portal, base = vsb
    spider = {"url": base + portal.start_path, "cms": "vsb"}
    stats = crawl_stats(
        tmp_path, spider, {**LOCAL, "NEWSCRAWLER_TEMPLATE_MIN_PAGES": 100}, timeout=300
    )
    archived = {r["url"] for r in rows(tmp_path, "select url from articles")}
    assert archived == {base + path for path in portal.expected()}
    assert rows(tmp_path, "select * from site_templates") == []
    assert stats["newscrawler/template/held"] >= len(archived)
    assert {r["template_version"] for r in rows(tmp_path, "select * from articles")} == {None}
    assert stats["finish_reason"] == "finished"


def test_with_learning_off_nothing_is_held(vsb, tmp_path):
    portal, base = vsb
    spider = {"url": base + portal.start_path, "cms": "vsb"}
    settings = {**LOCAL, "NEWSCRAWLER_TEMPLATES": False}
    stats = crawl_stats(tmp_path, spider, settings, timeout=300)
    assert "newscrawler/template/held" not in stats
    assert {r["url"] for r in rows(tmp_path, "select url from articles")} == {
        base + path for path in portal.expected()
    }
    assert rows(tmp_path, "select * from site_templates") == []


def test_feed_titles_are_recorded_as_evidence(tmp_path):
    portal = build_portal("wordpress", n_articles=12, publish=("wp-feed",), unlisted=2)
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        spider = {"url": base + portal.start_path, "cms": "wordpress"}
        crawl_stats(tmp_path, spider, LOCAL, timeout=300)
    expected = {base + path: want["title"] for path, want in portal.expected().items()}
    fed = rows(tmp_path, "select * from listing_evidence where source = 'feed'")
    assert len(fed) >= 2  # the unlisted ones at least, which only the feed knows
    for row in fed:
        assert row["title"] == expected[row["url"]]
        assert row["listing_url"] == base + "/feed/"


def test_a_stored_template_is_written_as_an_editable_profile(tmp_path):
    from newscrawler.archive.store import Archive
    from newscrawler.profiles.loader import load_profile_file

    learned = SiteTemplate(
        site="ustb-en",
        version=1,
        learned_from=[f"https://en.ustb.edu.cn/info/{i}.htm" for i in range(5)],
        fields={
            "title": FieldRule("//div[@class='headline']", 1.0, ["A headline"]),
            "published": FieldRule("//span[@class='date']", 0.8, ["2024-05-01"]),
            "meta_line": FieldRule("//p[@class='meta']", 0.6, ["Author: A"]),
            "captions": FieldRule("//figcaption", 0.4, ["A caption"]),
        },
    )
    with Archive.open(tmp_path / "archive.db") as archive:
        assert archive.store_template(learned) == 1
    out = tmp_path / "ustb-en.toml"
    result = run_cli("template", "show", "ustb-en", "--write-profile", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    profile = load_profile_file(out)
    assert profile.cms == "vsb" and profile.start_urls == (
        "https://en.ustb.edu.cn/news/university_news.htm",
    )
    # The profile's own title and date selectors are kept; the metadata line is learned.
    assert "//div[@class='headline']" not in profile.xpaths("title")
    assert profile.xpaths("published")[0].startswith("//ul[contains(@class, 'arti-meta')]")
    assert profile.xpaths("meta") == ("//p[@class='meta']",)
    assert "captions" not in profile.selectors
    assert "# learned: found on 60% of the pages" in out.read_text()
    # A site without a profile file needs its start URL.
    with Archive.open(tmp_path / "archive.db") as archive:
        archive.store_template(SiteTemplate(**{**learned.__dict__, "site": "adhoc"}))
    refused = run_cli("template", "show", "adhoc", "--write-profile", str(out), cwd=tmp_path)
    assert refused.returncode == 2 and "--start-url" in refused.stderr
    made = run_cli(
        "template", "show", "adhoc", "--write-profile", str(tmp_path / "adhoc.toml"),
        "--start-url", "https://adhoc.edu.cn/news.htm", "--cms", "vsb", cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert load_profile_file(tmp_path / "adhoc.toml").xpaths("title") == (
        "//div[@class='headline']",
    )


def test_a_template_is_learned_from_the_archives_captures(crawled):
    from newscrawler.archive.templates import NotEnoughPages, learn_from_archive, learner

    _, _, work, _, _ = crawled
    with sqlite3.connect(work / "archive.db") as conn:
        learned = learn_from_archive(conn, work / "archive.db.warc", "evi", learner(), pages=8)
        archived = {r[0] for r in conn.execute("select url from articles")}
        with pytest.raises(NotEnoughPages, match="nobody: 0 captured detail pages"):
            learn_from_archive(conn, work / "archive.db.warc", "nobody", learner())
    assert learned.version == 2  # version 1 is stored
    assert len(learned.learned_from) == 8 and set(learned.learned_from) <= archived
    assert learned.learned_from == sorted(learned.learned_from)
    assert learned.fields["title"].agreement == 1.0


def test_template_learn_stores_a_new_version(crawled):
    _, _, work, _, _ = crawled
    result = run_cli("template", "learn", "evi", "--pages", "10", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "template evi v" in result.stdout
    assert len(rows(work, "select * from site_templates")) >= 1
    unknown = run_cli("template", "learn", "nobody", cwd=work)
    assert unknown.returncode == 2
