"""Kinds of page that learning a portal's template got wrong, each shown by a small hand-made
portal of its own template (none is a copy of a replica portal, which are kept for measuring):

- a home-grown layout whose metadata line under the headline (``时间：… | 来源：… | 作者：…``)
  is a bare ``<div>`` among bare ``<div>`` siblings: the line is learned by its label, and its
  source and author are credited;
- a table-and-``<font>`` layout with no id or class on any element of the article: rules are
  learned from presentational attributes (``style``, ``align``, ``size``...), and a page that
  prints no date takes none from the related-news rows beside it;
- an English custom CMS with a category link over the headline, a ``By NAME | Month D, YYYY``
  byline, a credit line joined by middle dots and a ``Tags: a, b`` line after the body: topics
  are the category and the tags as printed, credits every name.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import Any

from newscrawler.extraction import extract_article
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.learning import LearningPage, learn_template
from newscrawler.extraction.template import SiteTemplate
from newscrawler.profiles import load_preset

FETCHED = datetime(2026, 1, 1, tzinfo=timezone.utc)
PARA = "学院召开专题会议，围绕人才培养和科学研究深入交流，与会人员结合工作实际作了发言，会议明确了下一阶段的重点任务。"
PROSE = (
    "The new observatory opened to students this week, and the department says it will run "
    "twice as many night sessions each term as it could before the telescope arrived."
)
NAMES = ["张明", "李华", "王芳", "赵强", "陈静", "刘洋"]
UNITS = ["教务处", "学生处", "科研处", "团委", "图书馆", "研究生院"]
HEADLINES = [
    "举办教学研讨会",
    "召开科研工作会",
    "开展志愿服务",
    "举行开学典礼",
    "举办读书分享会",
    "召开座谈会",
]
CATEGORIES = ["Science", "Campus", "Science", "Arts", "Science", "Campus"]
WRITERS = ["Maria Lopez", "Tom Hale", "Ana Ruiz", "Li Wei", "Omar Said", "Eva Berg"]
SHOOTERS = ["Sam Reed", "Joy Tan", "Ben Cole", "Ira Moss", "Liv Dahl", "Max Lund"]
TAGS = [["space", "students"], ["housing"], ["space", "grants"], ["music"], ["stars"], ["dining"]]


def _learned(pages: list[tuple[str, str]]) -> SiteTemplate:
    return learn_template("kinds", [LearningPage(url, html) for url, html in pages])


def _item(url: str, html: str, template: SiteTemplate | None) -> dict[str, Any]:
    profile = load_preset("auto")
    return extract_article(url, html, profile, fetched_at=FETCHED, template=template).item


# A bare <div> metadata line under a bare <div> headline -----------------------------------------
def _div_page(n: int) -> tuple[str, str]:
    html = f"""<html><head><title>东湖学院</title></head><body>
    <div class="head"><img src="/logo.png" alt="东湖学院"><a href="/">首页</a> <a href="/xw/">新闻</a></div>
    <div class="wrap"><div class="side"><h3>学院新闻</h3><a href="/xw/">学院新闻</a></div>
    <div class="detail">
    <div><b>计算机学院{HEADLINES[n]}（{n}）</b></div>
    <div>时间：2025-0{n + 1}-1{n} | 来源：{UNITS[n]} | 作者：{NAMES[n]} | 浏览：[{100 + n}]</div>
    <div class="txt"><p>{PARA}</p><p>{PARA[n:]}</p></div>
    <div>上一篇：<a href="/xw/{n + 1}.htm">其他新闻</a></div>
    </div></div>
    <div class="foot">版权所有 东湖学院 地址：湖北省武汉市东湖路1号</div></body></html>"""
    return f"https://www.dhxy.example.cn/xw/{n}.htm", html


def test_a_bare_div_metadata_line_is_learned_by_its_label_and_credits_its_author() -> None:
    pages = [_div_page(n) for n in range(6)]
    template = _learned(pages)
    assert "contains(., '时间')" in template.fields["meta_line"].path
    for n, (url, html) in enumerate(pages):
        item = _item(url, html, template)
        assert item["credits"] == [
            {"role": "source", "label": "来源", "name": UNITS[n]},
            {"role": "author", "label": "作者", "name": NAMES[n]},
        ]
        assert item["published"] == f"2025-0{n + 1}-1{n}"


# A table-and-font layout with no id or class on the article ----------------------------------
def _table_page(n: int, dated: bool = True) -> tuple[str, str]:
    date_row = (
        f'<tr><td align="left" height="24">日期：2024年3月{n + 1}日</td></tr>' if dated else ""
    )
    related = "".join(
        f'<tr><td><a href="/news/{k}.html">{UNITS[k]}新闻{k}</a></td><td>2024-02-2{k}</td></tr>'
        for k in range(3)
    )
    html = f"""<html><head><title>西江职业技术学院</title></head><body bgcolor="#ffffff">
    <table width="960" align="center"><tr><td><img src="/top.jpg"></td></tr>
    <tr><td><a href="/">首页</a> | <a href="/news/">新闻动态</a></td></tr></table>
    <table width="960" align="center"><tr><td width="200" valign="top"><font size="4">新闻动态</font></td>
    <td valign="top" width="760"><table width="96%">
    <tr><td align="center"><font size="5" color="#990000">{UNITS[n]}{HEADLINES[n]}</font></td></tr>
    {date_row}
    <tr><td style="font-size:15px;line-height:30px"><p>{PARA}</p><p>{PARA[n:]}{n}</p></td></tr>
    <tr><td><table width="100%"><tr><td><b>相关新闻</b></td></tr>{related}</table></td></tr>
    </table></td></tr></table>
    <table width="960" align="center"><tr><td>Copyright 西江职业技术学院 粤ICP备000001号</td></tr></table>
    </body></html>"""
    return f"https://www.xjzy.example.cn/news/{10 + n}.html", html


def test_a_layout_naming_nothing_is_learned_from_its_presentational_attributes() -> None:
    pages = [_table_page(n) for n in range(6)]
    template = _learned(pages)
    assert {"title", "published", "body"} <= set(template.fields)
    assert "@size='5'" in template.fields["title"].path
    for n, (url, html) in enumerate(pages):
        item = _item(url, html, template)
        assert item["title"] == f"{UNITS[n]}{HEADLINES[n]}"
        assert item["published"] == f"2024-03-{n + 1:02d}"
        assert item["extraction"]["body"] == "template:body"


def test_an_undated_page_takes_no_date_from_the_related_news_rows() -> None:
    template = _learned([_table_page(n) for n in range(6)])
    url, html = _table_page(2, dated=False)
    item = _item(url, html, template)
    assert item["title"] == f"{UNITS[2]}{HEADLINES[2]}"
    assert item["published"] is None


# An English byline, a category over the headline, tags after the body ---------------------------
def _story_page(n: int) -> tuple[str, str]:
    tags = ", ".join(f'<a href="/topics/{t}">{t}</a>' for t in TAGS[n])
    html = f"""<html><head><title>Observatory opens its doors, story {n} | Lakeshore College News</title></head><body>
    <nav class="top"><a href="/">Lakeshore College</a> <a href="/news">News</a></nav>
    <div class="content"><div class="eyebrow"><a class="cat-link" href="/c/{CATEGORIES[n]}">{CATEGORIES[n]}</a></div>
    <h2 class="headline">Observatory opens its doors, story {n}</h2>
    <div class="dateline">By <a href="/people/{n}">{WRITERS[n]}</a> | March {n + 3}, 2024</div>
    <div class="text"><p>{PROSE}</p><p>{PROSE} Story {n}.</p></div>
    <p class="endnote">Photo: {SHOOTERS[n]} &middot; Editor: Kim Park</p>
    <p class="labels">Tags: {tags}</p>
    <div class="more"><h3>More stories</h3><span class="kicker">Science</span>
    <a href="/s/{n + 1}">Another story</a></div></div>
    <footer>Lakeshore College, 1 Lake Road</footer></body></html>"""
    return f"https://news.lakeshore.example.edu/s/{n}", html


def test_an_english_byline_category_and_tags_give_every_credit_and_topic() -> None:
    pages = [_story_page(n) for n in range(6)]
    template = _learned(pages)
    for n, (url, html) in enumerate(pages):
        for used in (None, template):
            item = _item(url, html, used)
            assert item["title"] == f"Observatory opens its doors, story {n}"
            assert item["published"] == f"2024-03-{n + 3:02d}"
            assert item["topics"] == [CATEGORIES[n], *TAGS[n]]
            assert [(c["role"], c["name"]) for c in item["credits"]] == [
                ("author", WRITERS[n]),
                ("photographer", SHOOTERS[n]),
                ("editor", "Kim Park"),
            ]


# A view counter inside the metadata line; captions in paragraphs under their pictures ----------
PICTURES = ["合影留念", "学生代表发言", "专家作报告", "参观交流", "签约仪式", "会议现场"]


def _counter_page(n: int) -> tuple[str, str]:
    first, second = PICTURES[n], PICTURES[(n + 1) % len(PICTURES)]
    html = f"""<html><head><title>西岭学院</title></head><body>
    <div id="top"><a href="/">首页</a> <a href="/news/">新闻中心</a></div>
    <div id="main">
    <div style="font-size:20px;text-align:center;">物理学院{HEADLINES[n]}（{n}）</div>
    <div style="text-align:center;">发布时间：2024-0{n + 1}-0{n + 2}　作者：{NAMES[n]}　点击：[{300 + n}]</div>
    <div id="content"><p>{PARA}</p>
    <p align="center"><img src="/up/{n}a.jpg"></p><p align="center">{first}</p>
    <p>{PARA[n:]}</p>
    <p align="center"><img src="/up/{n}b.jpg"></p><p align="center">{second}</p>
    </div>
    </div><div id="foot">版权所有 西岭学院</div></body></html>"""
    return f"https://www.xl.example.cn/news/show.asp?id={n}", html


def test_a_learned_views_rule_on_the_metadata_line_reads_the_count_not_the_dates_year() -> None:
    pages = [_counter_page(n) for n in range(6)]
    template = _learned(pages)
    assert "views" in template.fields  # the rule locates the whole line (date, author, counter)
    for n, (url, html) in enumerate(pages):
        item = _item(url, html, template)
        assert item["views"] == 300 + n
        assert item["extraction"]["views"] == "template:views"


def test_a_learned_caption_rule_gives_each_caption_the_picture_printed_above_it() -> None:
    pages = [_counter_page(n) for n in range(6)]
    template = _learned(pages)
    assert "captions" in template.fields
    for n, (url, html) in enumerate(pages):
        item = _item(url, html, template)
        assert [(c["image_url"], c["text"]) for c in item["captions"]] == [
            (f"https://www.xl.example.cn/up/{n}a.jpg", PICTURES[n]),
            (f"https://www.xl.example.cn/up/{n}b.jpg", PICTURES[(n + 1) % len(PICTURES)]),
        ]
        assert item["extraction"]["captions"] == "template:captions"


# A portal of a known family (VSB markers) whose headline and column sit in its own elements ------
def _family_page(n: int) -> tuple[str, str]:
    html = f"""<html><head><title>化学学院</title></head><body>
    <div class="top"><a href="/">首页</a> <a href="/xyxw.htm">学院新闻</a> <a href="/tzgg.htm">通知公告</a></div>
    <div class="main"><div class="lanmu">学院新闻</div>
    <form name="_newscontent_fromname">
    <div class="bt">化学学院{HEADLINES[n]}（{n}）</div>
    <div class="sj">发布时间：2024-0{n + 1}-1{n}</div>
    <div class="v_news_content"><p>{PARA}</p><p>{PARA[n:]}</p><p>撰稿：{NAMES[n]}</p></div>
    </form></div><div class="foot">版权所有 化学学院</div></body></html>"""
    return f"https://hx.example.edu.cn/info/1012/{100 + n}.htm", html


def _family_template() -> tuple[list[tuple[str, str]], SiteTemplate]:
    pages = [_family_page(n) for n in range(6)]
    evidence = [
        (ListingEvidence(f"化学学院{HEADLINES[n]}（{n}）", f"2024-0{n + 1}-1{n}", "学院新闻"),)
        for n in range(6)
    ]
    learned = learn_template(
        "kinds", [LearningPage(u, h, e) for (u, h), e in zip(pages, evidence, strict=True)]
    )
    return pages, learned


def test_on_a_family_page_widely_agreeing_title_and_topics_rules_win_over_the_preset() -> None:
    pages, template = _family_template()
    assert {"title", "topics", "credits", "published"} <= set(template.fields)
    for n, (url, html) in enumerate(pages):
        item = _item(url, html, template)
        assert item["extraction"]["title"] == "template:title"
        assert item["extraction"]["topics"] == "template:topics"
        assert item["title"] == f"化学学院{HEADLINES[n]}（{n}）"
        assert item["topics"] == ["学院新闻"]
        # the learned credit and date rules do not decide on a family page; the preset's read does
        assert item["extraction"]["credits"] == "body-lines"
        assert not item["extraction"]["published"].startswith("template:")
        assert item["credits"] == [{"role": "author", "label": "撰稿", "name": NAMES[n]}]


def test_on_a_family_page_a_learned_rule_agreeing_on_fewer_pages_does_not_decide() -> None:
    pages, template = _family_template()
    weak = {
        name: dataclasses.replace(rule, agreement=0.8) for name, rule in template.fields.items()
    }
    url, html = pages[0]
    item = _item(url, html, dataclasses.replace(template, fields=weak))
    assert not any(step.startswith("template:") for step in item["extraction"].values())
