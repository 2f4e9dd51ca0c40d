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
