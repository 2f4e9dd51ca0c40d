"""Page bytes to text: the charset that decodes them, a clear error when none does."""

from __future__ import annotations

import pytest

from newscrawler.extraction import UndecodableError, decode_html, extract_article
from newscrawler.profiles import load_preset

TEXT = "学校召开2024年教学工作会议"


def test_bytes_invalid_in_the_header_charset_use_the_pages_declared_one() -> None:
    page = f'<html><head><meta charset="gbk"></head><body>{TEXT}</body></html>'.encode("gbk")
    assert TEXT in decode_html(page, "text/html; charset=utf-8")


def test_the_header_charset_wins_when_it_decodes_the_bytes() -> None:
    page = f'<html><head><meta charset="gbk"></head><body>{TEXT}</body></html>'.encode()
    assert TEXT in decode_html(page, "text/html; charset=utf-8")


def test_an_undeclared_page_is_tried_as_utf8_then_gb18030() -> None:
    assert TEXT in decode_html(f"<p>{TEXT}</p>".encode("gb18030"))


def test_a_few_broken_characters_do_not_lose_the_page() -> None:
    page = ("<p>" + TEXT * 40 + "</p>").encode("gbk") + b"\xff<p>end</p>"
    text = decode_html(page, "text/html; charset=gbk")
    assert text.count("\ufffd") == 1 and TEXT in text


def test_a_page_no_charset_decodes_raises_a_clear_error() -> None:
    page = b'<html><head><meta charset="gbk"></head><body><h1>\xff\xfe\xff</h1><p>\xff\xff</p></body></html>'
    with pytest.raises(UndecodableError, match="no charset decodes"):
        decode_html(page, "text/html; charset=utf-8")
    with pytest.raises(UndecodableError):
        extract_article("http://news.example.edu.cn/info/1/1.htm", page, load_preset("vsb"))
