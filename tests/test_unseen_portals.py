"""Portals of templates no extraction rule has seen (``newscrawler.replica.UNSEEN``), and the fixed
split of every corpus into a tuning and a checking half (``benchmarks/split.py``).

Each unseen portal is served over real HTTP and crawled by the real Scrapy engine with ``--cms
auto`` into a real archive. What the crawl must do today, before anything is learned: walk every
listing page and store every article once (nothing else). Whether the fields are right is
measured by ``benchmarks/accuracy.py`` (section "after learning"), not asserted here.
"""

from __future__ import annotations

import importlib.util
import urllib.request
from pathlib import Path

import pytest

from newscrawler.archive.store import open_archive
from newscrawler.replica import UNSEEN, ReplicaServer, build_portal
from tests.conftest import LOCAL, run_cli

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("split", REPO / "benchmarks" / "split.py")
split = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(split)

ARTICLES = 30


@pytest.fixture(scope="module")
def served():
    portals = {name: build_portal(name, n_articles=ARTICLES) for name in UNSEEN}
    with ReplicaServer(list(portals.values())) as server:
        yield portals, server


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_unseen_portal_serves_listings_and_articles_over_http(served, name: str) -> None:
    portals, server = served
    portal = portals[name]
    base = server.url(portal)
    assert portal.pages >= 3  # pagination to walk
    for path in [*portal.listing_paths(), *portal.article_paths()[:3]]:
        with urllib.request.urlopen(base + path, timeout=10) as reply:
            assert reply.status == 200
            body = reply.read().decode(portal.encoding)
        assert "</html>" in body
    article = portal.article(portal._number(0))
    with urllib.request.urlopen(base + portal.article_paths()[0], timeout=10) as reply:
        assert article.title in reply.read().decode(portal.encoding)


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_crawl_with_cms_auto_walks_every_listing_page_and_stores_every_article_once(
    served, name: str, tmp_path
) -> None:
    portals, server = served
    portal = portals[name]
    base = server.url(portal)
    result = run_cli(
        "crawl", "--url", base + portal.start_path, "--cms", "auto", *LOCAL, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    hits = server.hits(portal)
    assert all(hits[path] >= 1 for path in portal.listing_paths()), hits
    with open_archive(tmp_path / "archive.db") as db:
        urls = [row["url"] for row in db["articles"].rows]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(base + path for path in portal.expected())


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_unseen_portal_is_deterministic_and_of_no_known_family(name: str) -> None:
    first, second = build_portal(name, n_articles=ARTICLES), build_portal(name, n_articles=ARTICLES)
    assert first.layout.cms == "auto"
    assert first.expected() == second.expected()
    path = first.article_paths()[5]
    assert first.response(path).body == second.response(path).body
    expected = first.expected()
    assert len(expected) == ARTICLES
    assert len({item["title"] for item in expected.values()}) == ARTICLES
    lengths = sorted(len(item["body"]) for item in expected.values())
    assert lengths[-1] > 4 * lengths[0]  # short notices and long reports
    assert any(item["captions"] for item in expected.values())


def test_unseen_listing_prints_some_titles_cut_with_an_ellipsis() -> None:
    for name in UNSEEN:
        portal = build_portal(name, n_articles=ARTICLES)
        listings = "".join(
            portal.response(p).body.decode(portal.encoding) for p in portal.listing_paths()
        )
        assert "…" in listings or "..." in listings, name


def test_corpus_half_is_fixed_by_the_sha1_of_the_name() -> None:
    # sha1("a") starts 0x86 (even), sha1("b") 0xe9 (odd): fixed forever, whatever the machine
    assert split.corpus_half("a") == "tuning"
    assert split.corpus_half("b") == "checking"
    names = [f"page-{i}.html" for i in range(400)]
    first = [split.corpus_half(n) for n in names]
    assert first == [split.corpus_half(n) for n in names]
    assert 150 < first.count("tuning") < 250  # about half each
