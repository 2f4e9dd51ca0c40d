"""Three kinds of fault found on pages the extractor had never seen: an English caption's photo
credit, the text of a machine-readable date element read as a credit, and a site-name heading
taken for the topic or the title."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url

FETCHED = datetime(2024, 6, 1, tzinfo=timezone.utc)
EN_URL = "https://news.example.edu/2024/05/fair"
ZH_URL = "http://news.example.edu.cn/info/1/2.htm"
EN_TEXT = (
    "The engineering fair drew more than two hundred students from across the region this "
    "week, and judges said the projects were the strongest in years."
)
ZH_TEXT = (
    "学校召开新学期工作会议，全面部署本学期各项重点工作，校领导和各单位负责人参加会议并发言讨论。"
    * 3
)


def _item(url: str, html: str, cms: str = "auto") -> dict[str, Any]:
    return extract_article(url, html.encode(), profile_for_url(url, cms), fetched_at=FETCHED).item


def _captioned(caption: str) -> str:
    return f"""<html><head><title>Fair draws record crowd</title></head><body>
    <article><h1>Fair draws record crowd</h1><p class="date">May 1, 2024</p>
    <div class="content"><p>{EN_TEXT}</p>
    <figure><img src="/img/fair.jpg" width="800" height="500"><figcaption>{caption}</figcaption>
    </figure><p>{EN_TEXT}</p><p>{EN_TEXT}</p></div></article></body></html>"""


# a. English caption photo credit -----------------------------------------------------------------
@pytest.mark.parametrize(
    "caption",
    [
        "Students test a robot arm at the fair. Photo by Tom Lee",
        "Students test a robot arm at the fair. Photo: Tom Lee",
        "Students test a robot arm at the fair (Photo/Tom Lee)",
        "Students test a robot arm at the fair. Photo courtesy of Tom Lee",
        "Students test a robot arm at the fair. (Photo by Tom Lee)",
    ],
)
def test_an_english_caption_credits_its_photographer(caption: str) -> None:
    item = _item(EN_URL, _captioned(caption))
    assert item["credits"] == [{"role": "photographer", "label": "Photo", "name": "Tom Lee"}]
    assert item["captions"] == [
        {"image_url": "https://news.example.edu/img/fair.jpg", "text": caption}
    ]


@pytest.mark.parametrize(
    "caption",
    [
        "Photo: students and judges at the fair",
        "A photo booth drew long lines at the fair",
        "The team poses for a group photo by the lake",
    ],
)
def test_a_caption_that_only_mentions_a_photo_credits_no_one(caption: str) -> None:
    item = _item(EN_URL, _captioned(caption))
    assert item["credits"] == []
    assert item["captions"][0]["text"] == caption


def test_a_chinese_caption_still_credits_its_photographer() -> None:
    html = f"""<html><head><meta charset="utf-8"><title>学校召开新学期工作会议</title></head><body>
    <div class="article"><h1>学校召开新学期工作会议</h1><div class="content"><p>{ZH_TEXT}</p>
    <p style="text-align:center"><img src="/img/a.jpg" width="600" height="400"></p>
    <p style="text-align:center">图为会议现场（摄影：李明）</p><p>{ZH_TEXT}</p></div></div></body></html>"""
    assert _item(ZH_URL, html)["credits"] == [
        {"role": "photographer", "label": "摄影", "name": "李明"}
    ]


# b. text inside a machine-readable date element ------------------------------------------------
@pytest.mark.parametrize(
    "date_element",
    [
        '<time datetime="2024-05-01T09:00:00+08:00">发布</time>',
        '<time datetime="2024-05-01">发布<br>2024-05-01</time>',
        '<span itemprop="datePublished" content="2024-05-01">发布</span>',
        '<time datetime="2024-05-01">发布</time> 2024-05-01',
    ],
)
@pytest.mark.parametrize("cms", ["auto", "vsb"])
def test_text_of_a_date_element_never_becomes_a_credit(date_element: str, cms: str) -> None:
    html = f"""<html><head><meta charset="utf-8"><title>学校召开新学期工作会议</title></head><body>
    <div class="article"><h1>学校召开新学期工作会议</h1>
    <div class="info">来源：新闻中心 {date_element}</div>
    <div class="content"><p>{ZH_TEXT}</p><p>{ZH_TEXT}</p></div></div></body></html>"""
    item = _item(ZH_URL, html, cms)
    assert item["credits"] == [{"role": "source", "label": "来源", "name": "新闻中心"}]
    assert item["published"][:10] == "2024-05-01"


def test_a_labelled_date_inside_a_date_element_still_dates_the_article() -> None:
    html = f"""<html><head><meta charset="utf-8"><title>学校召开新学期工作会议</title></head><body>
    <div class="article"><h1>学校召开新学期工作会议</h1>
    <div class="info">作者：张明 <time datetime="2024-05-02">发布时间：2024年5月1日</time></div>
    <div class="content"><p>{ZH_TEXT}</p><p>{ZH_TEXT}</p></div></div></body></html>"""
    item = _item(ZH_URL, html)
    assert item["credits"] == [{"role": "author", "label": "作者", "name": "张明"}]
    assert item["published"] == "2024-05-01"


# c. a site-name heading ------------------------------------------------------------------------
ARTICLE = f"""<h2>学校召开新学期工作会议</h2><div class="info">发布时间：2024-05-01</div>
<div class="content"><p>{ZH_TEXT}</p><p>{ZH_TEXT}</p></div>"""


@pytest.mark.parametrize(
    ("head", "site"),
    [
        ("", '<div id="header"><h1>某某大学新闻网</h1></div>'),
        ("", '<div class="top"><div class="logo"><h1>某某大学新闻网</h1></div></div>'),
        ("", '<div class="top"><a href="/"><h1>某某大学新闻网</h1></a></div>'),
        (
            "",
            '<header><h1>某某大学新闻网</h1><ul class="nav"><li><a href="/xw">新闻</a></li></ul></header>',
        ),
        (
            '<meta property="og:site_name" content="某某大学 新闻网">',
            "<div><h1>某某大学新闻网</h1></div>",
        ),
    ],
)
def test_a_site_name_heading_is_neither_the_title_nor_the_topic(head: str, site: str) -> None:
    html = f"""<html><head><meta charset="utf-8">{head}</head><body>{site}
    <div class="main">{ARTICLE}</div></body></html>"""
    item = _item(ZH_URL, html)
    assert item["title"] == "学校召开新学期工作会议"
    assert item["topics"] == []


def test_a_heading_equal_to_the_title_suffix_is_not_the_column() -> None:
    html = f"""<html><head><meta charset="utf-8"><title>学校召开新学期工作会议-某某大学新闻网</title>
    </head><body><div class="top"><h1>某某大学新闻网</h1></div>
    <div class="main">{ARTICLE}</div></body></html>"""
    item = _item(ZH_URL, html)
    assert (item["title"], item["topics"]) == ("学校召开新学期工作会议", [])


def test_a_column_heading_above_the_headline_is_still_the_topic() -> None:
    html = f"""<html><head><meta charset="utf-8"><title>学校召开新学期工作会议-学校要闻-某某大学</title>
    </head><body><div id="header"><h1>某某大学</h1></div>
    <div class="main"><h3>学校要闻</h3>{ARTICLE}</div></body></html>"""
    item = _item(ZH_URL, html)
    assert (item["title"], item["topics"]) == ("学校召开新学期工作会议", ["学校要闻"])


def test_the_articles_own_header_heading_is_its_title() -> None:
    html = f"""<html><head><title>Fair draws record crowd - Example College</title></head><body>
    <div class="masthead"><a href="/"><h1>Example College</h1></a></div>
    <article class="masthead-empty"><header class="header"><h1>Fair draws record crowd</h1>
    <p class="date">May 1, 2024</p></header><section><p>{EN_TEXT}</p><p>{EN_TEXT}</p></section>
    </article></body></html>"""
    assert _item(EN_URL, html)["title"] == "Fair draws record crowd"


def test_a_photographer_credited_under_every_caption_is_credited_once() -> None:
    figure = '<figure><img src="/img/{n}.jpg" width="800" height="500"><figcaption>View {n}. Photo: Tom Lee</figcaption></figure>'
    html = f"""<html><head><title>Fair draws record crowd</title></head><body>
    <article><h1>Fair draws record crowd</h1><div class="content"><p>{EN_TEXT}</p>
    {figure.format(n=1)}<p>{EN_TEXT}</p>{figure.format(n=2)}<p>{EN_TEXT}</p></div></article></body></html>"""
    item = _item(EN_URL, html)
    assert len(item["captions"]) == 2
    assert item["credits"] == [{"role": "photographer", "label": "Photo", "name": "Tom Lee"}]


def test_a_date_label_before_a_date_element_keeps_its_value() -> None:
    html = f"""<html><head><title>Fair draws record crowd</title></head><body>
    <article><h1>Fair draws record crowd</h1><p class="byline">By Jane Doe</p>
    <span class="timestamp">Published <time datetime="2019-11-20T04:26:50Z">11:26 pm EST, Tuesday,
    November 19, 2019</time></span><div class="content"><p>{EN_TEXT}</p><p>{EN_TEXT}</p></div>
    </article></body></html>"""
    item = _item(EN_URL, html)
    assert item["published"][:10] == "2019-11-19"  # the day printed, not the UTC day
    assert item["credits"] == [{"role": "author", "label": "By", "name": "Jane Doe"}]
