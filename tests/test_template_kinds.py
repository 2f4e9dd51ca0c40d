"""Kinds of fault found by the hand-written unseen-template pages (tests/fixtures/unseen), each
reduced to a minimal page: what a template prints between the headline and the body (a captioned
hero/featured image, a standfirst field, a page builder's category bar), a ``<time>`` stamp in UTC
shown in local time, ``<noun> by`` credit labels, a caption in a table cell, and JSON-LD co-authors."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url

FETCHED = datetime(2024, 6, 1, tzinfo=timezone.utc)
URL = "https://news.example.edu/2024/05/lab"
TEXT = (
    "The new chemistry laboratory opened this week with room for sixty students, and the "
    "department says it will double the number of hands-on sessions it can run each term."
)
IMG = "https://news.example.edu/files/lab.jpg"


def _item(html: str, cms: str = "auto", url: str = URL) -> dict[str, Any]:
    return extract_article(url, html.encode(), profile_for_url(url, cms), fetched_at=FETCHED).item


def _page(between: str, head: str = "", body_class: str = "story-body") -> str:
    return f"""<html><head><title>New lab opens</title>{head}</head><body>
    <header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
    <main><div class="col"><div class="w"><h1>New lab opens</h1></div>{between}
    <div class="w"><div class="{body_class}"><p>{TEXT}</p><p>{TEXT}</p><p>Last words here.</p>
    </div></div></div></main><footer>&copy; 2024 Example University</footer></body></html>"""


# Lead media between headline and body ------------------------------------------------------------
@pytest.mark.parametrize(
    "figure",
    [
        f'<div class="w"><figure><img src="{IMG}" width="900"><figcaption>Students at the new '
        "benches. Photo by Ann Lee</figcaption></figure></div>",
        f'<div class="field--name-field-hero-image"><img src="{IMG}" width="900"></div>'
        '<div class="field--name-field-hero-caption">Students at the new benches. '
        "(Photo: Ann Lee)</div>",
    ],
    ids=["featured-figure", "hero-field-and-caption-field"],
)
def test_a_captioned_lead_image_above_the_body_is_the_articles(figure: str) -> None:
    item = _item(_page(figure))
    assert item["images"] == [IMG]
    assert [c["image_url"] for c in item["captions"]] == [IMG]
    assert item["captions"][0]["text"].startswith("Students at the new benches.")
    assert item["credits"] == [{"role": "photographer", "label": "Photo", "name": "Ann Lee"}]


@pytest.mark.parametrize("caption", ["", "<figcaption>.</figcaption>"])
def test_an_uncaptioned_featured_image_is_the_themes_thumbnail_not_an_article_image(
    caption: str,
) -> None:
    item = _item(
        _page(f'<div class="w"><figure><img src="{IMG}" width="900">{caption}</figure></div>')
    )
    assert item["images"] == [] and item["captions"] == []


def test_a_standfirst_field_above_the_body_opens_the_body() -> None:
    lead = "A bigger room for practical chemistry."
    item = _item(_page(f'<div class="field--name-field-subtitle">{lead}</div>'))
    assert item["body"].split("\n\n")[0] == lead
    assert item["body"].split("\n\n")[-1] == "Last words here."


def test_share_bar_between_headline_and_body_gives_no_image() -> None:
    bar = '<div class="share-buttons"><img src="/img/facebook-share-large.png" width="90"></div>'
    assert _item(_page(bar))["images"] == []


# Page-builder category bar beside the headline's widget ------------------------------------------
def test_category_links_in_a_widget_beside_the_headline_are_the_topics() -> None:
    bar = (
        '<div class="w post-info"><span class="post-info__terms-list">'
        '<a href="/category/science/">Science</a>, <a href="/category/campus/">Campus</a>'
        "</span></div>"
    )
    html = _page("").replace(
        '<div class="col"><div class="w">', f'<div class="col">{bar}<div class="w">'
    )
    assert _item(html)["topics"] == ["Science", "Campus"]


def test_a_column_heading_of_separators_alone_is_no_topic() -> None:
    html = _page("").replace('<div class="col">', '<div class="col"><div>, ,</div>')
    assert _item(html)["topics"] == []


# A <time> stamp in UTC shown in local time -------------------------------------------------------
def _drupal(stamp: str, shown: str) -> str:
    return f"""<html><head><title>New lab opens</title></head><body><article class="node">
    <h1 class="page-title">New lab opens</h1><div class="node__meta">By Office of News,
    <time datetime="{stamp}">{shown}</time></div><div class="node__content">
    <div class="field--name-body"><p>{TEXT}</p><p>{TEXT}</p></div></div></article></body></html>"""


def test_a_utc_stamp_shown_in_local_time_gives_the_printed_date() -> None:
    html = _drupal("2024-04-17T01:30:00Z", "Tue, 04/16/2024 - 21:30")
    assert (
        _item(html, "drupal", "https://www.example.edu/news/new-lab")["published"] == "2024-04-16"
    )


def test_a_stamp_whose_time_is_printed_keeps_its_time() -> None:
    html = _drupal("2024-04-16T09:30:00-04:00", "April 16, 2024 9:30 am")
    item = _item(html, "drupal", "https://www.example.edu/news/new-lab")
    assert item["published"] == "2024-04-16T09:30:00-04:00"


# Credit labels ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Story by Helen Marsh | Photos by Owen Pritchard",
         [("author", "Story by", "Helen Marsh"), ("photographer", "Photos by", "Owen Pritchard")]),
        ("Words by Helen Marsh | Photographs by Owen Pritchard",
         [("author", "Words by", "Helen Marsh"),
          ("photographer", "Photographs by", "Owen Pritchard")]),
    ],
)  # fmt: skip
def test_noun_by_credit_labels_keep_the_printed_label(
    line: str, expected: list[tuple[str, str, str]]
) -> None:
    html = _page(f'<p class="byline">{line}</p>')
    credits = [(c["role"], c["label"], c["name"]) for c in _item(html)["credits"]]
    assert credits == expected


# Caption in a table cell ------------------------------------------------------------------------
def test_a_caption_cell_under_the_photo_cell_is_its_caption() -> None:
    table = (
        f'<table align="right"><tr><td><img src="{IMG}" width="250" height="180"></td></tr>'
        '<tr><td class="caption">Benches in the new lab.</td></tr></table>'
    )
    html = _page("").replace(f"<p>{TEXT}</p><p>{TEXT}</p>", f"<p>{TEXT}</p>{table}<p>{TEXT}</p>")
    item = _item(html)
    assert item["captions"] == [{"image_url": IMG, "text": "Benches in the new lab."}]
    assert "Benches in the new lab." not in item["body"]


# JSON-LD co-authors -----------------------------------------------------------------------------
def _json_ld(*names: str) -> str:
    authors = [{"@type": "Person", "name": n} for n in names]
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "author": authors}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_co_authors_follow_the_printed_byline() -> None:
    html = _page('<p class="byline">By Jane Doe</p>', head=_json_ld("Jane Doe", "Marcus Lee"))
    assert _item(html)["credits"] == [
        {"role": "author", "label": "By", "name": "Jane Doe"},
        {"role": "author", "label": "Author", "name": "Marcus Lee"},
    ]


def test_json_ld_that_names_no_printed_author_adds_nobody() -> None:
    html = _page('<p class="byline">By Jane Doe</p>', head=_json_ld("Web Team Account"))
    assert _item(html)["credits"] == [{"role": "author", "label": "By", "name": "Jane Doe"}]


# Chinese credit trailers and info lines of newer templates --------------------------------------
ZH_URL = "http://news.example.edu.cn/info/1017/2001.htm"
ZH_TEXT = (
    "学校召开新学期工作会议，全面部署本学期各项重点工作，校领导和各单位负责人参加会议并发言讨论。"
    * 3
)


def _zh(info: str, trailer: str = "") -> str:
    return f"""<html><head><title>学校召开新学期工作会议</title></head><body>
    <div class="nav"><a href="/">首页</a></div><div class="main"><h1>学校召开新学期工作会议</h1>
    <div class="info">{info}</div><div class="v_news_content"><p>{ZH_TEXT}</p><p>{ZH_TEXT}</p>
    <p>{trailer}</p></div></div><div class="footer">版权所有 2024</div></body></html>"""


@pytest.mark.parametrize(
    ("trailer", "expected"),
    [
        ("供稿单位：学生工作处　撰稿人：张三　摄影：李四",
         [("author", "供稿单位", "学生工作处"), ("author", "撰稿人", "张三"),
          ("photographer", "摄影", "李四")]),
        ("一审：张三　二审：李四　三审：王五",
         [("reviewer", "一审", "张三"), ("reviewer", "二审", "李四"), ("reviewer", "三审", "王五")]),
        ("文字/张三 图片/李四 视频/王五",
         [("author", "文字", "张三"), ("photographer", "图片", "李四"),
          ("photographer", "视频", "王五")]),
        ("审核人：赵六",
         [("reviewer", "审核人", "赵六")]),
    ],
)  # fmt: skip
def test_credit_trailers_of_newer_chinese_templates(
    trailer: str, expected: list[tuple[str, str, str]]
) -> None:
    item = _item(_zh("发布时间：2024-03-12", trailer), url=ZH_URL)
    assert [(c["role"], c["label"], c["name"]) for c in item["credits"]] == expected
    assert trailer not in item["body"]


def test_the_unit_that_posted_a_page_is_an_other_credit() -> None:
    item = _item(_zh("【发布单位：教务处】【发布时间：2024-03-12】【阅读次数：321】"), url=ZH_URL)
    assert item["credits"] == [{"role": "other", "label": "发布单位", "name": "教务处"}]
    assert (item["published"], item["views"]) == ("2024-03-12", 321)


@pytest.mark.parametrize(
    ("printed", "views"), [("<1234>", 1234), ("[56]", 56), ("（78）", 78), ("次", None)]
)
def test_a_view_count_printed_in_brackets_is_the_count(printed: str, views: int | None) -> None:
    item = _item(_zh(f"发布时间：2024-03-12　阅读：{printed}"), url=ZH_URL)
    assert item["views"] == views
