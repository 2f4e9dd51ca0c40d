"""Which needles occur in a page: the C library's search answers as ``needle in text``."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawler.extraction import substrings
from newscrawler.extraction.decoding import decode_html
from newscrawler.extraction.substrings import occurring
from newscrawler.profiles import FAMILIES, load_preset

FIXTURES = Path(__file__).parent / "fixtures"
NEEDLES = [
    *(m for family in FAMILIES for m in load_preset(family).detect),
    "当前位置",
    "发布时间",
    "</html>",
    "\u00a0",
    "é",
    "",
    "never printed on any page \u2603",
]


def _texts() -> list[str]:
    pages = sorted(FIXTURES.glob("*/*/page.html"))
    assert pages, "no fixture pages"
    return [decode_html(p.read_bytes()) for p in pages]


def test_same_answer_as_python_on_real_pages() -> None:
    found = 0
    for text in _texts():
        expected = [n for n in NEEDLES if n in text]
        assert occurring(text, NEEDLES) == expected
        found += len(expected)
    assert found > len(_texts())  # some markers do occur


def test_characters_are_never_matched_inside_other_characters() -> None:
    # "é" is C3 A9 in UTF-8; "é" and "é" must not match across the two characters "Ã©".
    assert occurring("Ã©tude", ["é", "Ã©"]) == ["Ã©"]
    assert occurring("a\udcff b", ["\udcff", " b", "c"]) == ["\udcff", " b"]


def test_without_the_c_library(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    with_c = [occurring(t, NEEDLES) for t in texts]
    monkeypatch.setattr(substrings, "_MEMMEM", None)
    assert [occurring(t, NEEDLES) for t in texts] == with_c
