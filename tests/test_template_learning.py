"""In-crawl template learning as logic (``newscrawler.archive.templates.TemplateLearning``): pages held
until the template is learned, released sorted, a redesign learned again; and what sitemaps and
feeds say of their entries. Fast: no crawl (the crawl tests are in ``test_evidence_crawl.py``)."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawler.archive.templates import REDESIGN_AFTER, HeldPage, TemplateLearning, rule_hits
from newscrawler.crawl.discovery import feed_evidence, sitemap_evidence
from newscrawler.extraction import learning

LEARNER = (learning.learn_template, learning.LearningPage)
NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)


def page(n: int, layout: str = "<h1>Headline {n}</h1>") -> HeldPage:
    html = f"<html><body>{layout.format(n=n)}<p>text</p></body></html>"
    return HeldPage(f"https://a.edu.cn/info/{n:03d}.htm", html, (), NOW)


def test_pages_are_held_until_min_pages_then_released_sorted_with_the_template():
    learning = TemplateLearning("a", None, LEARNER, min_pages=3)
    assert learning.holding
    assert learning.hold(page(9)) == [] and learning.hold(page(2)) == []
    released = learning.hold(page(5))
    assert [p.url[-7:] for p in released] == ["002.htm", "005.htm", "009.htm"]
    assert not learning.holding
    assert learning.template.learned_from == [p.url for p in released]
    assert learning.document()["version"] == 1


def test_one_held_page_is_released_without_a_template():
    learning = TemplateLearning("a", None, LEARNER, min_pages=5)
    learning.hold(page(1))
    assert [p.url for p in learning.release()] == [page(1).url]
    assert learning.template is None and not learning.holding  # this crawl extracts without one


def test_no_learner_holds_nothing():
    assert not TemplateLearning("a", None, None).holding


def test_a_redesign_is_learned_again_as_the_next_version():
    learning = TemplateLearning("a", None, LEARNER, min_pages=2)
    learning.hold(page(1))
    learning.hold(page(2))
    first = learning.template
    for n in range(3, 3 + REDESIGN_AFTER - 1):  # the rule keeps finding the headline
        assert not learning.observe(page(n), rule_hits(first, page(n).html))
    # The portal is redesigned: no <h1>, no <title> — the headline rule finds nothing.
    redesigned = [
        page(n, "<div class='t'>Headline {n}</div>") for n in range(100, 100 + REDESIGN_AFTER)
    ]
    relearned = [learning.observe(p, rule_hits(first, p.html)) for p in redesigned]
    assert relearned.count(True) == 1
    assert learning.template.version == 2 and learning.document()["version"] == 2
    # Learned from the newest pages (as many as a template needs), all of the new layout.
    assert learning.template.learned_from == [p.url for p in redesigned[-2:]]
    assert relearned.index(True) == len(redesigned) - 1


def test_feeds_and_news_sitemaps_give_title_and_date():
    rss = (
        b"<rss><channel><item><title> A  title </title><link>/info/1.htm</link>"
        b"<pubDate>Tue, 03 Jun 2008 11:05:30 GMT</pubDate></item>"
        b"<item><link>/info/2.htm</link></item></channel></rss>"
    )
    found = feed_evidence(rss, "https://a.edu.cn/feed/")
    assert list(found) == ["https://a.edu.cn/info/1.htm"]  # an entry saying nothing is left out
    (evidence,) = found.values()
    assert (evidence.title, evidence.published, evidence.source) == (
        "A title",
        "2008-06-03",
        "feed",
    )
    assert evidence.listing_url == "https://a.edu.cn/feed/"
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://a.edu.cn/info/3.htm</loc><lastmod>2024-05-01</lastmod></url>"
        b"<url><loc>https://a.edu.cn/info/4.htm</loc><news:news><news:title>News</news:title>"
        b"<news:publication_date>2024-01-02T10:00:00+08:00</news:publication_date></news:news>"
        b"</url></urlset>"
    )
    found = sitemap_evidence(sitemap, "https://a.edu.cn/sitemap.xml")
    assert {u: (e.title, e.published) for u, e in found.items()} == {
        "https://a.edu.cn/info/4.htm": ("News", "2024-01-02")  # lastmod is no publication date
    }
