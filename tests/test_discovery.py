"""First crawls archive the whole portal: every listing page is walked (the page cap only guards
against traps), pagination traps are stopped, and sitemaps and feeds find articles that no
listing shows. Real engine, replica portals over real HTTP."""

from __future__ import annotations

import sqlite3

import pytest

from newscrawler.extraction.listing import is_detail_url
from newscrawler.profiles import profile_for_url
from newscrawler.replica import ReplicaServer, build_portal
from newscrawler.replica.feeds import SOURCES
from tests.hostile import TrapPortal
from tests.spider_run import crawl_stats

LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NEWSCRAWLER_PROFILE_POLITENESS": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
}


def archived(work) -> set[str]:
    with sqlite3.connect(work / "archive.db") as conn:
        return {row[0] for row in conn.execute("select url from articles")}


def crawl(portal, base, work, **settings):
    spider = {"url": base + portal.start_path, "cms": portal.family}
    return crawl_stats(work, spider, {**LOCAL, **settings}, timeout=300)


def test_first_crawl_archives_a_2000_article_portal(tmp_path):
    portal = build_portal("wordpress", n_articles=2000)
    assert len(portal.listing_paths()) == 400  # eight times the old 50-page limit
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        stats = crawl(portal, base, tmp_path)
    assert archived(tmp_path) == {base + path for path in portal.expected()}
    assert stats["newscrawler/listing_pages"] == 400
    assert "newscrawler/listings_capped" not in stats
    assert "newscrawler/skipped/trap_suspected" not in stats


def test_reaching_the_listing_cap_is_reported_as_capped(tmp_path):
    portal = build_portal("wordpress", n_articles=60)
    with ReplicaServer([portal]) as server:
        stats = crawl(portal, server.url(portal), tmp_path, NEWSCRAWLER_MAX_LISTING_PAGES=3)
    assert stats["newscrawler/listing_pages"] == 3
    assert stats["newscrawler/listings_capped"] == 1
    assert stats["newscrawler/listings_incomplete"] == 1
    assert len(archived(tmp_path)) < 60


def test_infinite_pagination_is_stopped_as_a_suspected_trap(tmp_path):
    with TrapPortal() as trap:
        stats = crawl_stats(
            tmp_path, {"url": trap.url + "/news/list.htm?page=1", "cms": "webplus"}, LOCAL
        )
        listings = [path for path in trap.requests if path.startswith("/news/list.htm")]
    assert stats["newscrawler/skipped/trap_suspected"] == 1
    assert len(archived(tmp_path)) == 3
    # Each walk stops 5 pages (trap_after) deep into pages without a new article link.
    assert max(int(path.rsplit("=", 1)[1]) for path in listings) <= 1 + 5 * 5
    assert "newscrawler/listings_capped" not in stats


@pytest.mark.parametrize("source", SOURCES)
def test_articles_no_listing_shows_are_found_in_sitemaps_and_feeds(tmp_path, source):
    portal = build_portal("wordpress", n_articles=30, publish=(source,), unlisted=4)
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        stats = crawl(portal, base, tmp_path)
    assert archived(tmp_path) == {base + path for path in portal.expected()}
    # The listings also link a robots-disallowed, a missing and a failing article.
    listed, broken = portal.listed, 3
    # From a sitemap, which lists every page of a site, only URLs of the family's article shape
    # are taken as articles (the replica files one listed article under another shape).
    profile = profile_for_url(base + portal.start_path, "wordpress")
    in_both = (
        sum(is_detail_url(base + path, profile) for path in portal.article_paths()[:listed])
        if source in ("robots", "sitemap.xml")
        else 5
    )
    assert stats["newscrawler/discovery/feed_only"] == 4
    assert stats["newscrawler/discovery/both"] == in_both
    assert stats["newscrawler/discovery/listing_only"] == listed - in_both + broken
    assert stats["newscrawler/article_links"] == 30 + broken


def test_missing_sitemaps_and_feeds_are_no_errors(tmp_path):
    portal = build_portal("wordpress", n_articles=12)
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        stats = crawl(portal, base, tmp_path)
        hits = server.hits(portal)
    assert hits["/sitemap.xml"] == 1 and hits["/feed/"] == 1  # probed once, both 404
    assert stats["newscrawler/discovery/sitemap_unavailable"] == 1
    assert stats["newscrawler/discovery/feed_unavailable"] == 1
    errors = {k: v for k, v in stats.items() if k.startswith("newscrawler/errors/")}
    assert errors == {"newscrawler/errors/http_404": 1, "newscrawler/errors/http_500": 1}
    assert "newscrawler/discovery/feed_only" not in stats
