"""The selector prefilter: what a selector needs, and that skipping never changes a result."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from parsel import Selector

from newscrawler.extraction import generic
from newscrawler.extraction.decoding import decode_html
from newscrawler.extraction.selectors import AttributeIndex, PageSelector, requirements
from newscrawler.profiles import FAMILIES, load_preset
from newscrawler.profiles.loader import compile_selector

FIXTURES = Path(__file__).parent / "fixtures"


def _css(selector: str) -> str:
    return compile_selector(selector, "test")


def test_needs_of_compiled_css_selectors() -> None:
    assert requirements(_css(".entry-content")) == (
        (("class", ""),),
        (("class", "entry-content"),),
    )
    assert (("rel", "category"),) in requirements(_css("a[rel~=category]"))
    assert requirements(_css("meta[property='article:published_time']")) == (
        (("property", "article:published_time"),),
    )
    assert requirements(_css("#vsb_content")) == ((("id", "vsb_content"),),)


def test_an_or_of_needs_is_one_clause() -> None:
    xpath = "//meta[@name='pubdate' or @name='PubDate']/@content"
    assert requirements(xpath) == ((("name", "pubdate"), ("name", "PubDate")),)


@pytest.mark.parametrize(
    "xpath",
    [
        "//a[@x='y'] | //b",  # a union: either side may match
        "//*[not(@class='x')]",  # a negation
        "//a[@x='y'] = 'z'",  # a comparison answers false, not nothing
        "count(//a[@x='y'])",  # a number
        "string(//*[@id='x'])",  # a string
        "//a[@x=$value]",  # a variable
        "//a[.//b[@c='d']]",  # a need inside a nested path
        "//a[@x='y' or position() = 1]",  # an alternative that is not a need
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' a b ')]",  # spaces joined
    ],
)
def test_no_need_is_read_where_it_would_not_hold(xpath: str) -> None:
    assert requirements(xpath) == ()


def test_skipped_only_where_nothing_matches() -> None:
    html = "<html><body><div class='post  entry-content'><p id='x'>Text</p></div></body></html>"
    page = PageSelector(text=html)
    index = AttributeIndex(page.root)
    assert index.may_match(_css(".entry-content"))
    assert not index.may_match(_css(".article-body"))
    assert not index.may_match("//meta[@property='og:title']/@content")
    assert page.xpath(_css(".article-body")).getall() == []
    assert page.xpath(_css(".entry-content p::text")).getall() == ["Text"]
    # a selector found under the page evaluates every query itself
    (div,) = page.xpath(_css(".entry-content"))
    assert div.xpath("string(.)").get() == "Text"
    assert page.xpath("count(//*[@class='none'])").get() == "0.0"
    # a query asked again is answered as before, in a list of its own
    first, again = page.xpath("//p"), page.xpath("//p")
    assert first is not again and first.getall() == again.getall() == ['<p id="x">Text</p>']
    first.clear()
    assert page.xpath("//p").getall() == ['<p id="x">Text</p>']


def _real_pages() -> list[tuple[str, str]]:
    pages = sorted(FIXTURES.glob("*/*/page.html"))
    assert pages, "no fixture pages"
    return [(str(p.relative_to(FIXTURES)), decode_html(p.read_bytes())) for p in pages]


def _all_selectors() -> list[str]:
    selectors = {
        x for family in FAMILIES for xs in load_preset(family).selectors.values() for x in xs
    }
    selectors.update(generic.META_TITLE + generic.META_PUBLISHED + generic.ARTICLE_CONTAINERS)
    selectors.update(generic.SITE_NAME_METAS + (generic.TIME_ELEMENTS,))
    return sorted(selectors)


def test_same_results_as_parsel_on_real_pages() -> None:
    """Every preset and generic selector on every saved university page: the prefiltered
    selector answers exactly what parsel answers, and the prefilter does skip selectors."""
    selectors = _all_selectors()
    skipped = matched = 0
    for name, html in _real_pages():
        ours, theirs = PageSelector(text=html), Selector(text=html)
        index = AttributeIndex(ours.root)
        for xpath in selectors:
            got, want = ours.xpath(xpath).getall(), theirs.xpath(xpath).getall()
            assert got == want, (name, xpath)
            skipped += not index.may_match(xpath)
            matched += bool(want)
    assert matched and skipped > len(selectors)  # many selectors never walked a page


def test_page_parse_is_parsels() -> None:
    """The same tree as parsel's for every saved page, of lxml.html's element classes; XML
    and JSON texts are read by parsel itself."""
    for name, html in _real_pages():
        ours, theirs = PageSelector(text=html), Selector(text=html)
        assert ours.type == theirs.type == "html"
        assert isinstance(ours.root, lxml_html.HtmlElement), name
        assert etree.tostring(ours.root) == etree.tostring(theirs.root), name
        assert ours.xpath("//body//text()").getall() == theirs.xpath("//body//text()").getall()
    xml = '<?xml version="1.0"?><rss><item><title>A</title></item></rss>'
    assert PageSelector(text=xml).type == Selector(text=xml).type == "xml"
    assert PageSelector(text='{"a": 1}').type == "json"
