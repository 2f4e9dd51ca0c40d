"""Date kinds met on unseen Chinese pages: a reprint's closing source line dates the article (to
the month when only the issue's month is printed), and a site header's "today" date is not the
article's."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from newscrawler.extraction import extract_article
from newscrawler.extraction.dates import month_date, reprint_issue
from newscrawler.profiles import profile_for_url
from newscrawler.schema import is_valid_iso

URL = "http://www.example.com/wj/show.asp?id=65"
FETCHED = datetime(2024, 1, 1, tzinfo=timezone.utc)
_PROSE = "共产党的犬儒主义也就走到了它的极点。这是本文要说明的道理，它并不复杂，也无需更多的论证。"
REPRINT_PAGE = """<html><head><meta charset="utf-8"><title>从权力到暴力</title></head><body>
<table><tr><td><a href="/">首页</a> <a href="/wj/">文摘</a></td></tr></table>
<h3>从权力到暴力</h3>
<p>{prose}<br>{prose}<br>{prose}<br>
&nbsp;&nbsp;&nbsp;{closing}</p><hr size="1"></body></html>"""


def _item(html: str, url: str = URL) -> dict[str, Any]:
    return extract_article(
        url, html.encode(), profile_for_url(url, "auto"), fetched_at=FETCHED
    ).item


@pytest.mark.parametrize(
    ("closing", "published"),
    [
        ("——《北京之春》1998年3月号", "1998-03"),
        ("（原载《人民日报》2005年3月1日）", "2005-03-01"),
        ("—— 摘自《读者》2003年11月", "2003-11"),
    ],
)
def test_a_reprints_source_line_dates_the_article_at_the_precision_printed(
    closing: str, published: str
) -> None:
    item = _item(REPRINT_PAGE.format(prose=_PROSE, closing=closing))
    assert item["published"] == published
    assert item["extraction"]["published"] == "reprint-source"
    assert "《" not in item["body"]  # the source line is metadata, not article text


def test_a_publication_named_in_a_sentence_is_not_a_source_line() -> None:
    sentence = "他在《北京之春》1998年3月号上读到了这篇文章，并写信给编辑部表示赞同。"
    assert reprint_issue(sentence) is None
    item = _item(REPRINT_PAGE.format(prose=_PROSE, closing=sentence))
    assert item["published"] is None
    assert sentence in item["body"]


@pytest.mark.parametrize(
    ("text", "month"),
    [("1998年3月号", "1998-03"), ("1996年6月", "1996-06"), ("1998-03", "1998-03")],
)
def test_a_month_printed_alone_is_an_iso_month(text: str, month: str) -> None:
    assert month_date(text) == month
    assert is_valid_iso(month)


@pytest.mark.parametrize("text", ["1998年13月号", "2030年1月号", "1998年3月3日", "3月号"])
def test_what_is_not_a_past_month_gives_none(text: str) -> None:
    assert month_date(text, FETCHED.date()) is None


def test_only_real_months_are_valid_iso() -> None:
    assert not is_valid_iso("1998-13")
    assert not is_valid_iso("1998-3-")


def test_the_site_headers_today_date_is_not_the_posts_date() -> None:
    html = """<html><head><meta charset="utf-8"><title>博客 » 播客热潮迅速蔓延</title></head><body>
    <table><tr><td><a href="/">博客首页</a></td>
    <td align="right"><span class="px1">2006年12月27日（京港台时间）</span></td></tr></table>
    <table><tr><td width="180"><ul><li><a href="/a">存档</a></li></ul></td><td>
    <p><img src="/i/dot.gif" width="13" height="13"> Saturday, September 10th, 2005 &nbsp; 10:56 am</p>
    <p align="center"><font size="5">播客热潮迅速蔓延</font></p>
    <p>{p}</p><p>{p}</p><p>{p}</p></td></tr></table></body></html>""".replace("{p}", _PROSE)
    assert (_item(html)["published"] or "")[:10] == "2005-09-10"


def test_the_pages_own_date_beats_the_date_of_the_original_it_reprints() -> None:
    html = REPRINT_PAGE.format(prose=_PROSE, closing="（原载《人民日报》2005年3月1日）").replace(
        "<title>", '<meta property="article:published_time" content="2023-05-06"><title>'
    )
    assert _item(html)["published"] == "2023-05-06"


def test_a_labelled_month_dates_the_article_to_the_month() -> None:
    html = REPRINT_PAGE.format(prose=_PROSE, closing="发布时间：2005年3月")
    assert _item(html)["published"] == "2005-03"
