"""Nothing leaves the portal: a hostile portal's links, counters, pagination and redirects that
point at local files, other schemes or another host are refused and counted, over real HTTP."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from newscrawler.crawl.scope import portal_ports, refusal
from newscrawler.crawl.settings import REMOTE_CONTROL_ENABLED, TELNETCONSOLE_ENABLED
from newscrawler.extraction.urls import registrable_domain
from newscrawler.profiles import ProfileError
from newscrawler.profiles.loader import load_profile_file
from tests.hostile import Elsewhere, HostilePortal, _ElsewhereHandler, _Served, article_path
from tests.spider_run import crawl_stats

LOCAL = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING"}


def test_hostile_portal_cannot_send_the_crawler_elsewhere_or_into_local_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("4242")
    with Elsewhere() as elsewhere, HostilePortal(elsewhere, str(secret)) as portal:
        stats = crawl_stats(
            tmp_path, {"url": portal.url + "/news/list.htm", "cms": "webplus"}, LOCAL
        )
        asked_elsewhere = list(elsewhere.requests)
    assert asked_elsewhere == []
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        views = dict(conn.execute("select url, views from articles"))
    real = {portal.url + article_path(n) for n in (1, 2, 3, 5, 6, 7)}
    assert set(views) == real  # the article redirecting offsite is not archived
    # Counters outside the portal were never read: no view count but the portal's own.
    assert views == {url: (70 if url.endswith(article_path(7)) else None) for url in real}
    # Counters (file x2, ftp, other host), the redirect, the next and a numbered page on the
    # other host, a sitemap there (in robots.txt), an article there in the portal's sitemap and a
    # feed there announced by the listing. The listing's offsite article link is no article link
    # at all (listing extraction keeps same-site links only), and a data: counter never becomes a
    # URL to fetch.
    assert stats["newscrawler/skipped/offsite"] == 10
    assert stats["newscrawler/skipped/feed_unreadable"] == 1
    assert "newscrawler/errors/views_unavailable" not in stats


@pytest.mark.parametrize(
    ("url", "domains", "sibling", "allowed"),
    [
        ("https://news.example.edu.cn/a.htm", ["news.example.edu.cn"], False, True),
        ("http://www.news.example.edu.cn/a.htm", ["news.example.edu.cn"], False, True),
        ("http://counter.example.edu.cn/c.jsp", ["news.example.edu.cn"], False, False),
        ("http://counter.example.edu.cn/c.jsp", ["news.example.edu.cn"], True, True),
        ("http://other.edu.cn/c.jsp", ["news.example.edu.cn"], True, False),
        ("http://127.0.0.2:8080/c", ["127.0.0.1"], True, False),
        ("file:///dev/zero", ["news.example.edu.cn"], True, False),
        ("data:text/plain,1", ["news.example.edu.cn"], True, False),
        ("ftp://news.example.edu.cn/x", ["news.example.edu.cn"], False, False),
        ("http://news.example.edu.cn/", [], False, False),
    ],
)
def test_scope_rule(url, domains, sibling, allowed):
    assert (refusal(url, domains, sibling_hosts=sibling) is None) is allowed


def test_registrable_domain_works_offline_from_the_bundled_suffix_list():
    assert registrable_domain("news.ustb.edu.cn") == "ustb.edu.cn"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


def test_no_remote_way_into_a_running_crawl():
    assert TELNETCONSOLE_ENABLED is False and REMOTE_CONTROL_ENABLED is False


def test_no_request_flag_lets_a_request_out_of_the_portal():
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from newscrawler.crawl.middlewares import OffsiteRequest, PortalScopeMiddleware

    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="portal", allowed_domains=["news.example.edu.cn"])
    crawler.spider.download_slot = "portal:news"
    guard = PortalScopeMiddleware.from_crawler(crawler)
    for request in (
        Request("https://elsewhere.example.org/a", dont_filter=True),
        Request("https://elsewhere.example.org/b", meta={"allow_offsite": True}),
        Request("https://counter.example.edu.cn/c"),  # a sibling host, but no view counter
        Request("file:///etc/passwd", meta={"views_counter": True}),
    ):
        with pytest.raises(OffsiteRequest):
            guard.process_request(request)
    assert crawler.stats.get_value("newscrawler/skipped/offsite") == 4
    counter = Request("https://counter.example.edu.cn/c", meta={"views_counter": True})
    page = Request("https://www.news.example.edu.cn/p", dont_filter=True)
    for request in (counter, page):
        assert guard.process_request(request) is None
        assert request.meta["download_slot"] == "portal:news"


class _OtherPort(_Served):
    """Another server on the portal's own host (127.0.0.1), on another port."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__("127.0.0.1", _ElsewhereHandler)


def test_another_port_of_the_portals_host_is_outside_the_portal(tmp_path):
    """The hostile portal's offsite links all point at 127.0.0.1 on another port: an article, a
    pager, a sitemap, a feed, a counter. None is fetched; only the portal's own are archived."""
    secret = tmp_path / "secret.txt"
    secret.write_text("4242")
    with _OtherPort() as other, HostilePortal(other, str(secret)) as portal:
        assert urlsplit(other.url).hostname == urlsplit(portal.url).hostname
        stats = crawl_stats(
            tmp_path, {"url": portal.url + "/news/list.htm", "cms": "webplus"}, LOCAL
        )
        asked_elsewhere = list(other.requests)
    assert asked_elsewhere == []
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = {row[0] for row in conn.execute("select url from articles")}
    assert urls == {portal.url + article_path(n) for n in (1, 2, 3, 5, 6, 7)}
    assert stats["newscrawler/skipped/offsite"] >= 10


@pytest.mark.parametrize(
    ("url", "ports", "allowed"),
    [
        ("http://127.0.0.1:18401/a.htm", portal_ports(["http://127.0.0.1:18401/"]), True),
        ("http://127.0.0.1:18402/a.htm", portal_ports(["http://127.0.0.1:18401/"]), False),
        ("http://127.0.0.1:18402/a.htm", portal_ports(["http://127.0.0.1:18401/"], [18402]), True),
        ("https://news.example.edu.cn/a", portal_ports(["http://news.example.edu.cn/"]), True),
        ("http://news.example.edu.cn:80/a", portal_ports(["https://news.example.edu.cn/"]), True),
        ("http://news.example.edu.cn:8080/a", portal_ports(["http://news.example.edu.cn/"]), False),
    ],
)
def test_the_portal_is_its_host_and_port(url, ports, allowed):
    domains = [urlsplit(url).hostname]
    assert (refusal(url, domains, ports=ports) is None) is allowed
    # A robots.txt or counter on another port is not a "sibling host" either.
    assert (refusal(url, domains, ports=ports, sibling_hosts=True) is None) is allowed


def test_a_profile_may_allow_other_ports(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('id = "p"\ncms = "vsb"\nstart_urls = ["http://a.edu.cn/"]\nports = [8080]\n')
    assert load_profile_file(path).ports == (8080,)
    path.write_text('id = "p"\ncms = "vsb"\nstart_urls = ["http://a.edu.cn/"]\nports = ["x"]\n')
    with pytest.raises(ProfileError, match="ports"):
        load_profile_file(path)
