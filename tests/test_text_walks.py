"""Text helpers that replace an XPath evaluation per element: same answers, on real pages."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from parsel import Selector

from newscrawler.extraction.decoding import decode_html
from newscrawler.extraction.text import collapse, elements_printing, outside, visible_text

FIXTURES = Path(__file__).parent / "fixtures"
_XPATH_TEXT = etree.XPath(".//text()[not(ancestor::script)]", smart_strings=False)


def _roots() -> list[tuple[str, etree._Element]]:
    pages = sorted(FIXTURES.glob("*/*/page.html"))
    assert pages, "no fixture pages"
    return [
        (str(p.relative_to(FIXTURES)), Selector(text=decode_html(p.read_bytes())).root)
        for p in pages
    ]


def _holders(root: etree._Element) -> set[etree._Element]:
    return {a for script in root.iter("script") for a in script.iterancestors()}


def test_collapse_takes_every_space_a_page_uses() -> None:
    assert collapse(" a\u00a0\u3000b\u200bc\ufeff\n\td \u2028") == "a b c d"
    assert collapse("\u200b\ufeff ") == ""


def test_visible_text_is_the_text_outside_scripts() -> None:
    small = Selector(text="<div>a<script>var x;</script>b<p>c<!-- d -->e</p></div>").root
    div = small.find(".//div")
    assert visible_text(div, _holders(small), {}) == "abce"
    checked = 0
    for name, root in _roots():
        holders, known = _holders(root), {}
        for el in root.iter():
            if isinstance(el.tag, str):
                assert visible_text(el, holders, known) == "".join(_XPATH_TEXT(el)), name
                checked += 1
    assert checked > 1000


def _printing_by_xpath(root: etree._Element, text: str) -> list[etree._Element]:
    return [
        node
        for node in root.iterfind(".//body//*")
        if isinstance(node.tag, str)
        and node.tag not in ("script", "style", "title", "option")
        and collapse("".join(_XPATH_TEXT(node))) == text
    ]


def test_elements_printing_finds_what_an_xpath_per_element_finds() -> None:
    found = 0
    for name, root in _roots():
        headings = [collapse(h.text_content()) for h in root.iter("h1", "h2", "title", "a")]
        for text in [*headings[:6], "no element prints this", ""]:
            expected = _printing_by_xpath(root, text)
            assert list(elements_printing(root, text)) == expected, (name, text)
            found += len(expected)
    assert found > 0


def _grow(noise: set[etree._Element], el: etree._Element) -> None:
    """A noise rule of the kind the furniture walks apply: a list, or a heading with the
    siblings after it."""
    if el.tag in ("ul", "nav", "form"):
        noise.add(el)
    elif el.tag in ("h2", "h3"):
        noise.update([el, *el.itersiblings()])


def test_outside_skips_what_an_ancestor_walk_skips() -> None:
    compared = 0
    for name, root in _roots():
        body = root.find("body")
        if body is None:
            continue
        by_ancestors: set[etree._Element] = set()
        kept_by_ancestors = []
        for el in body.iterdescendants():
            if any(a in by_ancestors for a in el.iterancestors()):
                continue
            kept_by_ancestors.append(el)
            _grow(by_ancestors, el)
        by_walk: set[etree._Element] = set()
        kept_by_walk = []
        for el in outside(body, by_walk):
            kept_by_walk.append(el)
            _grow(by_walk, el)
        assert kept_by_walk == kept_by_ancestors, name
        assert by_walk == by_ancestors, name
        compared += len(kept_by_walk) < sum(1 for _ in body.iterdescendants())
    assert compared > 0  # on some page the rule did cover elements
