"""Publication dates as portals print them, and the rules that keep wrong dates out."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from newscrawler.extraction import extract_article
from newscrawler.extraction.dates import parse_date
from newscrawler.profiles import profile_for_url


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("August 24,2022", "2022-08-24"),
        ("发布时间：2022/8/24 10:30", "2022-08-24T10:30:00+08:00"),
        ("2022年08月24日", "2022-08-24"),
        ("24 Aug 2022", "2022-08-24"),
        ("Le 06 Novembre 2019", "2019-11-06"),
        ("发布日期： 9/17/2004 5:54:13 PM", "2004-09-17T17:54:13+08:00"),
        ("06/02/2022", "2022-02-06"),
        ("9/17/2004", "2004-09-17"),
    ],
)
def test_printed_forms_parse_to_iso(printed: str, iso: str) -> None:
    assert parse_date(printed, "+08:00") == iso


def test_a_date_after_the_fetch_is_never_the_publication_date() -> None:
    assert parse_date("2031-01-01 见 2020-05-04", None, date(2025, 1, 1)) == "2020-05-04"


def _published(html: str) -> str | None:
    url = "https://example.edu/news/1.html"
    fetched = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return extract_article(url, html, profile_for_url(url), fetched_at=fetched).item["published"]


PROSE = "<p>" + "这是一段足够长的正文，用来让文本密度找到文章所在的位置，而不是侧栏。" * 4 + "</p>"


def test_a_date_in_a_sidebar_list_is_not_the_article_date() -> None:
    html = (
        "<html><body><div class='sidebar'><ul><li>2023-05-01 旧闻</li></ul></div>"
        f"<div class='main'><div class='info'>2023-09-10</div><div class='text'>{PROSE}</div></div>"
        "</body></html>"
    )
    assert _published(html) == "2023-09-10"


def test_a_meta_tag_time_gives_the_day_only() -> None:
    html = (
        "<html><head><meta name='PubDate' content='2023-09-10 19:02'></head>"
        f"<body><div class='text'>{PROSE}</div></body></html>"
    )
    assert _published(html) == "2023-09-10"


def _item(html: str, url: str = "https://news.example.edu.cn/a/1.htm", **kw) -> dict:
    fetched = kw.pop("fetched", datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc))
    return extract_article(url, html, profile_for_url(url), fetched_at=fetched).item


@pytest.mark.parametrize(
    ("stamp", "day"),
    [("2024-04-19T17:30:00Z", "2024-04-20"), ("2024-04-20T01:30:00+08:00", "2024-04-20")],
)
def test_a_zoned_timestamp_gives_the_portals_local_day(stamp: str, day: str) -> None:
    html = (
        f"<html><head><meta property='article:published_time' content='{stamp}'></head>"
        f"<body><div class='text'>{PROSE}</div></body></html>"
    )
    assert _item(html)["published"] == day


def test_a_printed_time_with_a_zone_is_converted_to_the_portals_zone() -> None:
    assert parse_date("2024-04-19T17:30:00Z", "+08:00") == "2024-04-20T01:30:00+08:00"
    assert parse_date("2024-04-19T17:30:00Z") == "2024-04-19T17:30:00+00:00"


@pytest.mark.parametrize(
    ("printed", "day"),
    [("发布时间：2小时前", "2024-06-01"), ("发布时间：昨天 10:00", "2024-05-31"),
     ("Posted 3 days ago", "2024-05-29")],
)  # fmt: skip
def test_a_labelled_relative_date_counts_back_from_the_fetch(printed: str, day: str) -> None:
    html = f"<html><body><div><h1>学校新闻标题</h1><p>{printed}</p><div class='text'>{PROSE}</div></div></body></html>"
    item = _item(html, fetched=datetime(2024, 6, 1, 3, 0, tzinfo=timezone.utc))
    assert item["published"] == day
    assert item["extraction"]["published"] == "metadata-line:before"


def test_the_date_in_the_url_is_used_when_the_page_prints_none() -> None:
    html = f"<html><body><div class='text'>{PROSE}</div></body></html>"
    item = _item(html, url="https://blogs.example.edu/x/2016/02/09/a-post/")
    assert (item["published"], item["extraction"]["published"]) == ("2016-02-09", "url")
    assert _item(html, url="https://jwc.example.edu.cn/2022/0824/c1a2/page.htm")["published"] == (
        "2022-08-24"
    )


@pytest.mark.parametrize(
    "furniture",
    ["<div class='foot'>网站更新时间：2024-01-02</div>",
     "<div class='copy'>Copyright © 2024-01-02 某某大学</div>",
     "<p>2024年1月2日，学校召开了新学期的第一次全体教职工大会，部署了全年的工作。</p>"],
)  # fmt: skip
def test_footer_copyright_and_prose_dates_are_never_the_articles(furniture: str) -> None:
    html = (
        "<html><body><div class='article'><h1>图书馆延长开放时间</h1>"
        f"<div class='content'>{PROSE}{furniture}</div></div></body></html>"
    )
    item = _item(html)
    assert item["published"] is None
    assert "published" not in item["extraction"]


def test_a_labelled_date_right_after_the_body_is_read() -> None:
    html = (
        "<html><body><div class='article'><h1>图书馆延长开放时间</h1>"
        f"<div class='content'>{PROSE}</div><p>发布日期：2023-10-08</p></div></body></html>"
    )
    item = _item(html)
    assert (item["published"], item["extraction"]["published"]) == (
        "2023-10-08",
        "metadata-line:after",
    )


def test_a_printed_time_takes_its_zone_from_the_pages_timestamp() -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2024-11-06T23:51:00-07:00'>"
        "</head><body><article><h1>New lab opens</h1><ul><li>November 6, 2024</li><li>11:51 pm</li>"
        f"</ul><div class='text'>{PROSE}</div></article></body></html>"
    )
    fetched = datetime(2024, 12, 1, tzinfo=timezone.utc)
    item = _item(html, url="https://news.example.edu/lab", fetched=fetched)
    assert item["published"] == "2024-11-06T23:51:00-07:00"


def test_the_date_of_a_related_story_teaser_is_not_the_articles() -> None:
    teaser = (
        "<div class='views-row'><article class='node--view-mode-teaser'><h3><a href='/n/2'>Other"
        "</a></h3><time datetime='2024-10-17T12:00:00Z'>October 17, 2024</time></article></div>"
    )
    html = (
        "<html><body><article><h1 class='page-title'>New lab opens</h1>"
        f"<div class='field--name-body'>{PROSE}</div><section class='related'>{teaser}</section>"
        "</article></body></html>"
    )
    url = "https://news.example.edu/news/new-lab"
    assert extract_article(url, html, profile_for_url(url, "drupal")).item["published"] is None


def test_a_date_in_a_cms_property_comment_is_machine_readable_evidence() -> None:
    html = (
        "<html><body><div class='text'>"
        f"{PROSE}<!--enpproperty <date>2022-02-13 00:00:00:0</date><author></author>-->"
        "</div></body></html>"
    )
    item = _item(html, fetched=datetime(2022, 3, 1, tzinfo=timezone.utc))
    assert (item["published"], item["extraction"]["published"]) == (
        "2022-02-13",
        "generic:cms-comment",
    )


def test_navigation_inside_a_metadata_line_gives_no_date() -> None:
    html = (
        "<html><body><div><h1>学校新闻标题</h1><div><span class='side-nav'><a href='/a'>"
        f"12/01/2004 - 01/01/2005</a></span></div><div class='text'>{PROSE}</div></div></body></html>"
    )
    assert _item(html)["published"] is None
