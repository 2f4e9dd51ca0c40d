"""The generic chain: the body found by text density, without boilerplate, captions as captions."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url

URL = "https://example.org/story.html"
PARAS = [
    "The council met on Monday, and after a long debate, it approved the new budget for schools.",
    "Teachers, parents and students attended the meeting, which lasted more than four hours.",
    "The vote, taken late in the evening, was seven to two, with one member abstaining.",
]


def _item(html: str) -> dict:
    fetched = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return extract_article(URL, html, profile_for_url(URL), fetched_at=fetched).item


def test_text_density_keeps_prose_and_leaves_out_navigation_and_cookie_notices() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<div class='cookie-consent'><p>We use cookies, and by browsing, you accept them, "
        "as described in our policy, which you can read.</p></div>"
        "<div class='l-sidebar-fixed l-article-body'>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "<ul class='related'><li><a href='/a'>Another story</a></li></ul></div></body></html>"
    )
    item = _item(html)
    assert item["body"] == "\n\n".join(PARAS)
    assert item["extraction"]["body"] == "generic:text-density"


def test_figcaption_is_a_caption_not_body_text() -> None:
    html = (
        "<html><body><article itemprop='articleBody'>"
        f"<p>{PARAS[0]}</p><figure><img src='/p.jpg'><figcaption>The council chamber</figcaption>"
        f"</figure><p>{PARAS[1]}</p></article></body></html>"
    )
    item = _item(html)
    assert item["captions"] == [
        {"image_url": "https://example.org/p.jpg", "text": "The council chamber"}
    ]
    assert "council chamber" not in item["body"]


@pytest.mark.parametrize(
    "caption",
    [
        "New York Islanders' Brock Nelson (29) puts the game-winning overtime goal behind the "
        "Pittsburgh Penguins goaltender during an NHL hockey game in Pittsburgh, Tuesday, Nov. 19, "
        "2019. The Islanders won 5-4. (AP Photo/Gene J. Puskar)",
        "Functional areas of the module: (1) private crew quarters, (2) exercise, (3) hygiene and "
        "waste, (4) dining and wardroom, (5) workstation. " * 5 + "Credit: ESA",
    ],
)
def test_a_caption_element_longer_than_a_line_is_a_caption_not_body_text(caption: str) -> None:
    html = (
        "<html><body><article itemprop='articleBody'>"
        f"<p>{PARAS[0]}</p><figure><img src='/p.jpg'><figcaption>{caption}</figcaption>"
        f"</figure><p>{PARAS[1]}</p></article></body></html>"
    )
    item = _item(html)
    assert item["captions"] == [{"image_url": "https://example.org/p.jpg", "text": caption.strip()}]
    assert item["body"] == "\n\n".join(PARAS[:2])


def test_undeclared_gbk_page_is_decoded() -> None:
    text = "学校召开了新学期工作会议，全体教师参加了会议，会议总结了上学期的工作。" * 3
    html = f"<html><body><div class='content'><p>{text}</p></div></body></html>".encode("gbk")
    assert _item(html)["body"] == text


CN_URL = "http://news.example.edu.cn/a/1.htm"
ZH_TEXT = "学校召开了新学期工作会议，全体教师参加了会议，会议总结了上学期的工作。" * 2
ZH = f"<p>{ZH_TEXT}</p>"


def _cn(html: str, url: str = CN_URL) -> dict:
    fetched = datetime(2024, 6, 1, tzinfo=timezone.utc)
    return extract_article(url, html, profile_for_url(url), fetched_at=fetched).item


@pytest.mark.parametrize(
    ("title_tag", "title"),
    [("2023-2024学年第一学期校历发布", "2023-2024学年第一学期校历发布"),
     ("Self-driving shuttle trial begins", "Self-driving shuttle trial begins"),
     ("图书馆延长开放时间-某某大学新闻网", "图书馆延长开放时间"),
     ("图书馆延长开放时间 | Library News", "图书馆延长开放时间")],
)  # fmt: skip
def test_a_title_tag_loses_only_a_site_suffix(title_tag: str, title: str) -> None:
    page = f"<html><head><title>{title_tag}</title></head><body>{ZH}</body></html>"
    assert _cn(page)["title"] == title


def test_a_table_of_links_stays_in_the_body() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td><a href='/cg/{i}.htm'>成果{i}</a></td></tr>" for i in (1, 2)
    )
    html = f"<html><body><h1>名单公示</h1><div class='content'>{ZH}<table>{rows}</table>{ZH}</div></body></html>"
    assert _cn(html)["body"].split("\n\n")[1:3] == ["1 成果1", "2 成果2"]


def test_a_table_holding_only_links_is_a_box_of_other_stories_not_body() -> None:
    """Rows of linked headlines under a box label (``热门：``, ``本周推荐：``), each cell nothing
    but links and a short label: the portal's box of other stories inside the text."""
    row = (
        "<tr><td><b><a href='/licai/'>理财</a>：</b><a href='/a/1.htm'>银行还款是怎么算出来的</a></td>"
        "<td>·<a href='/a/2.htm'>托起的千点能走多远</a></td></tr>"
    )
    box = f"<table><tr><td><b>本周推荐：</b></td><td>&nbsp;</td></tr>{row}</table>"
    html = f"<html><body><h1>名单公示</h1><div class='content'>{ZH}{box}{ZH}</div></body></html>"
    assert _cn(html)["body"].split("\n\n") == [ZH_TEXT, ZH_TEXT]


def test_a_related_heading_that_links_its_first_story_on_its_line_is_not_body() -> None:
    """``延伸阅读：<a>first story</a>`` then paragraphs that are each a link: the box of other
    stories, the heading line included."""
    related = "".join(f"<p>　　<a href='/a/{i}.htm'>另一条新闻标题第{i}条</a></p>" for i in (2, 3))
    html = (
        f"<html><body><h1>名单公示</h1><div class='content'>{ZH}{ZH}"
        "<p>　　<font color='#ff0033'>延伸阅读：<a href='/a/1.htm'>另一条新闻标题第1条</a></font></p>"
        f"{related}</div></body></html>"
    )
    assert _cn(html)["body"].split("\n\n") == [ZH_TEXT, ZH_TEXT]


def test_a_table_linking_files_stays_in_the_body() -> None:
    cells = "".join(f"<tr><td><a href='/f/{i}.docx'>申报表{i}</a></td></tr>" for i in (1, 2))
    html = f"<html><body><h1>通知</h1><div class='content'>{ZH}<table>{cells}</table></div></body></html>"
    assert "申报表1" in _cn(html)["body"]


def test_icons_are_not_images_and_the_attachment_line_stays() -> None:
    html = (
        f"<html><body><div class='content'>{ZH}<p><img src='/_ueditor/themes/default/images/icon_doc.gif'>"
        "<a href='/f/a.docx'>附件：名单.docx</a></p><p><img src='/i/s.png' width='16' height='16'>"
        "</p></div></body></html>"
    )
    item = _cn(html)
    assert item["images"] == [] and item["captions"] == []
    assert item["body"].endswith("附件：名单.docx")


def test_text_inside_inline_buttons_is_part_of_the_sentence() -> None:
    html = (
        "<html><body><div class='content'><p>As professor "
        "<button class='sidenote'>Thomas Malone,</button> who studies work, said on Monday, the "
        "field keeps changing, and, as always, teams matter most of all.</p></div></body></html>"
    )
    assert "professor Thomas Malone, who studies" in _item(html)["body"]


@pytest.mark.parametrize(
    "furniture",
    ["<div class='post-primary-category'><a href='/section/x'>College News</a></div>",
     "<div class='more_info'><span>For more info</span> <span>Sara Brown</span> "
     "<span>Senior Editor</span></div>"],
)  # fmt: skip
def test_category_labels_and_contact_boxes_are_not_body(furniture: str) -> None:
    html = f"<html><body><div class='entry-content'>{furniture}<p>{PARAS[0]}</p><p>{PARAS[1]}</p></div></body></html>"
    assert _item(html)["body"] == "\n\n".join(PARAS[:2])


ARTICLE = f"<h1>学校召开教学工作会议</h1><div class='content'>{ZH}</div>"


@pytest.mark.parametrize(
    ("page", "topics", "step"),
    [
        (f"<head><META Name='ColumnName' Content='学生通知'></head><body>{ARTICLE}</body>",
         ["学生通知"], "generic:cms-meta"),
        (f"<body><div class='crumbs'>首页 > 通知公告 > 学生通知 > 正文</div>{ARTICLE}</body>",
         ["学生通知"], "generic:breadcrumb"),
        (f"<body><div>当前位置：<a href='/'>首页</a> >> <a href='/x'>学校要闻</a> >> 正文</div>{ARTICLE}"
         "</body>", ["学校要闻"], "generic:breadcrumb"),
        (f"<body><table><tr><td><span>■ </span><span>纪检监察</span></td></tr><tr><td>{ARTICLE}"
         "</td></tr></table></body>", ["纪检监察"], "generic:column-heading"),
    ],
)  # fmt: skip
def test_topics_from_column_meta_breadcrumb_text_or_column_heading(
    page: str, topics: list[str], step: str
) -> None:
    item = _cn(f"<html>{page}</html>")
    assert (item["topics"], item["extraction"]["topics"]) == (topics, step)


def test_category_links_of_related_cards_are_not_topics() -> None:
    card = (
        "<div class='card'><ul class='post-categories'><li><a rel='category tag' href='/c/b'>Other</a>"
        "</li></ul><h3><a href='/other'>Another story</a></h3></div>"
    )
    html = (
        "<html><body><article><ul class='post-categories'><li><a rel='category tag' href='/c/a'>"
        f"Research</a></li></ul><h1>New lab opens</h1><div class='entry-content'><p>{PARAS[0]}</p>"
        f"</div></article><section>{card}{card}</section></body></html>"
    )
    url = "https://news.example.edu/2024/05/new-lab/"
    item = extract_article(url, html, profile_for_url(url, "wordpress")).item
    assert item["topics"] == ["Research"]


def test_extraction_names_only_steps_that_produced_a_value() -> None:
    item = _cn(f"<html><body>{ARTICLE}</body></html>")
    assert set(item["extraction"]) == {"title", "body", "url", "language"}


def test_the_extraction_package_imports_without_scrapy() -> None:
    code = (
        "import sys; sys.modules['scrapy'] = None\n"
        "import newscrawler.extraction as e\n"
        "print(e.extract_article('http://a.example/x', '<p>x</p>', "
        "__import__('newscrawler.profiles').profiles.load_preset('auto')).item['body'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "x"


@pytest.mark.parametrize("printed", ["2638 views", "浏览：2638", "2638次浏览"])
def test_a_view_count_printed_beside_the_headline_is_read(printed: str) -> None:
    html = (
        f"<html><body><div><h1>学校召开教学工作会议</h1><p>{printed}</p>"
        f"<div class='content'>{ZH}</div></div></body></html>"
    )
    assert _cn(html)["views"] == 2638


def test_images_right_after_the_text_field_are_article_images() -> None:
    html = (
        f"<html><body><div class='article'><h1>学校召开教学工作会议</h1><div class='entry'>"
        f"<div class='wp_articlecontent'>{ZH}</div></div><img src='/p/1.png'><img src='/p/2.png'>"
        "</div><div class='foot'>版权所有</div></body></html>"
    )
    url = "http://art.example.edu.cn/2024/0101/c1a2/page.htm"
    item = extract_article(url, html, profile_for_url(url, "webplus")).item
    assert item["images"] == [
        "http://art.example.edu.cn/p/1.png",
        "http://art.example.edu.cn/p/2.png",
    ]


def test_a_menu_item_marked_current_is_not_a_breadcrumb() -> None:
    menu = "<ul class='menu'><li class='current-menu-item'>Home News About</li></ul>"
    assert _cn(f"<html><body>{menu}{ARTICLE}</body></html>")["topics"] == []


@pytest.mark.parametrize("separator", [">", ">>", "/", "»", "->", "-->", "=>"])
def test_a_breadcrumb_printed_as_text_gives_its_last_section(separator: str) -> None:
    crumbs = f"<div class='location'>首页 {separator} 新闻中心 {separator} 学校要闻</div>"
    item = _cn(f"<html><body>{crumbs}{ARTICLE}</body></html>")
    assert (item["topics"], item["extraction"]["topics"]) == (["学校要闻"], "generic:breadcrumb")


@pytest.mark.parametrize(
    "header",
    [
        "<p>Saturday, September 10th, 2005 10:56 am</p><p>播客热潮迅速蔓延</p>",
        "<p>播客热潮迅速蔓延</p><p>2005-09-10 星期六</p>",
    ],
)
def test_the_headline_and_date_line_printed_again_atop_the_text_are_not_body(header: str) -> None:
    """A blog theme prints the date and the post's title inside the text container, under a
    ``<title>`` of ``Blog » Headline``."""
    html = (
        "<html><head><title>多维博客 » 播客热潮迅速蔓延</title></head><body>"
        f"<div class='content'>{header}{ZH}{ZH}</div></body></html>"
    )
    assert _cn(html)["body"].split("\n\n") == [ZH_TEXT, ZH_TEXT]


def test_a_date_that_opens_a_sentence_stays_in_the_text() -> None:
    line = "2005年9月10日，学校召开了新学期工作会议，全体教师参加。"
    html = f"<html><body><h1>通知</h1><div class='content'><p>{line}</p>{ZH}</div></body></html>"
    assert _cn(html)["body"].split("\n\n")[0] == line


def test_the_reprints_original_title_line_is_not_body() -> None:
    html = (
        "<html><body><h1>于欢出狱的一天</h1><div class='content'>"
        f"<p>原标题：刺死辱母者于欢的罪与悔</p>{ZH}<p>原标题为《宇航员之死》的课文入选教材。</p></div></body></html>"
    )
    assert _cn(html)["body"].split("\n\n") == [ZH_TEXT, "原标题为《宇航员之死》的课文入选教材。"]


def test_a_tag_link_a_sentence_runs_through_is_part_of_the_text() -> None:
    sentence = (
        "Radiation is a key hazard of deep <a class='textTag' href='/tags/space'>space travel</a>,"
        " but the crew will spend most of the cruise inside shielded pods."
    )
    html = (
        "<html><body><h1>Hibernating astronauts</h1><div class='article-main'>"
        f"<p>{PARAS[0]}</p><p>{sentence}</p>"
        "<p>Tags: <a class='tag' href='/tags/esa'>ESA</a>, <a class='tag' href='/tags/mars'>Mars</a></p>"
        "</div></body></html>"
    )
    body = _item(html)["body"].split("\n\n")
    assert body[1] == (
        "Radiation is a key hazard of deep space travel, but the crew will spend most of the"
        " cruise inside shielded pods."
    )
    assert "ESA" not in body[-1] and "Mars" not in body[-1]


def test_a_kicker_and_the_headline_printed_again_atop_the_text_are_header() -> None:
    html = (
        "<html><head><title>Cells That Taste Danger</title></head><body>"
        "<div class='content'><p>immunology</p><p>Cells That Taste Danger</p>"
        "<p>November 15, 2019</p>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>"
    )
    assert _item(html)["body"] == "\n\n".join(PARAS)


def test_short_opening_lines_stay_when_no_headline_follows_them() -> None:
    html = (
        "<html><head><title>Cells That Taste Danger</title></head><body><h1>Cells That Taste Danger</h1>"
        "<div class='content'><p>Dear colleagues,</p>" + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</div></body></html>"
    )  # fmt: skip
    assert _item(html)["body"].split("\n\n")[0] == "Dear colleagues,"


@pytest.mark.parametrize(
    ("trail", "section"),
    [("<a href='/'>网站首页</a> <span>-></span> <a>正文</a>", "施教区范围"),
     ("<a href='/'>网站首页</a> <span>-></span> <a href='/xw.htm'>学校要闻</a>", "学校要闻")],
)  # fmt: skip
def test_a_breadcrumb_box_printing_its_column_heading_before_the_label_gives_the_section(
    trail: str, section: str
) -> None:
    crumbs = f"<div class='position'><h2>施教区范围</h2><span>当前位置：</span>{trail}</div>"
    item = _cn(f"<html><body>{crumbs}{ARTICLE}</body></html>")
    assert (item["topics"], item["extraction"]["topics"]) == ([section], "generic:breadcrumb")


def test_tag_links_printed_after_the_text_in_the_articles_box_are_its_topics() -> None:
    html = (
        f"<html><body><article><h1>New lab opens</h1><div class='body'><p>{PARAS[0]}</p>"
        f"<p>{PARAS[1]}</p></div><div class='field--name-field-tags'><div>Tags</div>"
        "<a href='/t/41'>Engineering</a> <a href='/t/57'>Sustainability</a></div>"
        "<div class='related'><div class='card'><h3><a href='/other'>Another story</a></h3>"
        "<div class='tags'><a href='/t/9'>Sport</a></div></div></div></article>"
        "<div class='terms'><a href='/terms'>Terms of Use</a></div></body></html>"
    )
    item = _item(html)
    assert (item["topics"], item["extraction"]["topics"]) == (
        ["Engineering", "Sustainability"],
        "generic:terms-after-body",
    )


def test_tag_links_after_the_text_outside_any_box_of_the_article_are_not_its_topics() -> None:
    html = (
        f"<html><body><h1>New lab opens</h1><div class='body'><p>{PARAS[0]}</p>"
        f"<p>{PARAS[1]}</p></div><div class='tags'><a href='/t/1'>Popular</a></div></body></html>"
    )
    assert _item(html)["topics"] == []


@pytest.mark.parametrize(
    ("trail", "topics"),
    [
        ("<a href='/'>Home</a> &gt; <a href='/news/'>News</a> &gt; <a href='/news/cl/'>Campus "
         "Life</a> &gt; 学校召开教学工作会议", ["Campus Life"]),  # the article's own title last
        ("<a href='/'>首页</a> » <a href='/xw/'>新闻中心</a> » <a href='/xw/xxyw/'>学校要闻</a>",
         ["学校要闻"]),
        ("<a href='/'>Home</a> | <a href='/about/'>About</a> | <a href='/news/'>News</a>", []),
        ("<a href='/'>首页</a> <a href='/xw/'>新闻中心</a> <a href='/jx/'>教学科研</a>", []),
    ],
)  # fmt: skip
def test_a_trail_of_links_from_home_is_a_breadcrumb_whatever_it_is_named(
    trail: str, topics: list[str]
) -> None:
    html = f"<html><body><div id='trail'>{trail}</div>{ARTICLE}</body></html>"
    assert _cn(html)["topics"] == topics


@pytest.mark.parametrize(
    "crumbs",
    [
        "<div class='dqwz'>首页 | 学院新闻 | 正文</div>",
        "<div class='location'>当前位置：<a href='/'>首页</a>｜<a href='/xw/'>学院新闻</a></div>",
        "<div class='bar'><a href='/'>首页</a> | <a href='/xw/'>学院新闻</a> | 正文</div>",
    ],
)
def test_a_breadcrumb_with_bars_between_its_sections_gives_its_last_section(crumbs: str) -> None:
    item = _cn(f"<html><body>{crumbs}{ARTICLE}</body></html>")
    assert (item["topics"], item["extraction"]["topics"]) == (["学院新闻"], "generic:breadcrumb")


def test_what_is_left_of_a_breadcrumb_without_its_links_is_not_a_column_heading() -> None:
    """``<a>学院主页</a> | <a>学院新闻</a> | 正文``: the text around the links is ``| | 正文``."""
    crumbs = "<div><a href='/'>学院主页</a> | <a href='/xw/'>学院新闻</a> | 正文</div>"
    assert _cn(f"<html><body><div>{crumbs}{ARTICLE}</div></body></html>")["topics"] == []


def test_a_heading_the_breadcrumb_names_as_a_section_is_a_column_not_the_headline() -> None:
    """``<title>`` and ``<h2>`` name the column; the headline is a paragraph named ``tit``."""
    html = (
        "<html><head><title>学院新闻-东湖理工学院</title></head><body>"
        "<div class='dqwz'>首页 | 学院新闻 | 正文</div><div class='main'><h2>学院新闻</h2>"
        "<p class='tit'>学校召开教学工作会议</p><p class='info'>发布日期：2024年3月12日</p>"
        f"<div class='content'>{ZH}</div></div></body></html>"
    )
    item = _cn(html)
    assert (item["title"], item["topics"]) == ("学校召开教学工作会议", ["学院新闻"])


def test_a_dashed_subtitle_under_the_headline_is_not_the_headline() -> None:
    """``<title>`` names only the site: the headline is the line above the body, not the
    ``——…`` subtitle between them."""
    html = (
        "<html><head><title>新闻网</title></head><body><div class='news_title'>学校召开教学工作会议"
        "</div><div class='news_sub'>——校长出席会议并讲话</div><div class='news_info'>作者：王明 "
        f"发布时间：2024-03-12</div><div class='news_text'>{ZH}</div></body></html>"
    )
    assert _cn(html)["title"] == "学校召开教学工作会议"


@pytest.mark.parametrize("title_tag", ["东湖理工学院欢迎您", "欢迎访问东湖理工学院"])
def test_a_title_tag_greeting_the_visitor_names_only_the_site(title_tag: str) -> None:
    html = (
        f"<html><head><title>{title_tag}</title></head><body><table><tr><td class='titlestyle1'>"
        "学校召开教学工作会议</td></tr><tr><td>2024-03-12 10:30</td></tr><tr><td class='nr'>"
        f"{ZH}</td></tr></table></body></html>"
    )
    assert _cn(html)["title"] == "学校召开教学工作会议"


def test_a_quotation_centred_under_a_centred_photo_is_text_not_its_caption() -> None:
    quote = "“Very talented people! Super fun and entertaining, we would come again!”"
    html = (
        "<html><body><article itemprop='articleBody'>"
        f"<p>{PARAS[0]}</p><p style='text-align: center;'><img src='/p.jpg'></p>"
        f"<p style='text-align: center;'>{quote}</p><p>{PARAS[1]}</p></article></body></html>"
    )
    item = _item(html)
    assert (item["captions"], item["body"]) == ([], "\n\n".join([PARAS[0], quote, PARAS[1]]))


ESSAY = "文化革命是一场有着极为广泛的群众参与的政治运动，如何理解这种广泛的群众参与，就成为理解文革的一个重要内容。"


def test_a_name_alone_under_the_headline_printed_again_is_the_essays_author_not_text() -> None:
    html = (
        "<html><head><title>显示</title></head><body><p align='center'><strong>比赛革命的革命"
        f"</strong></p><hr><div class='t'><p>比赛革命的革命</p><p>胡平</p><p>——对文化革命的政治心理学分析</p>"
        f"<p>{ESSAY}</p><p>{ZH_TEXT}</p></div></body></html>"
    )
    item = _cn(html)
    assert [(c["role"], c["name"]) for c in item["credits"]] == [("author", "胡平")]
    assert "胡平" not in item["body"] and "政治心理学分析" not in item["body"]


@pytest.mark.parametrize(
    "cells",
    [
        ["党员承诺表", "姓名", "孙文明", "任教学科"],  # a table's cells
        ["教学工作会议纪要", "前言", ESSAY],  # a section heading
        ["学院简介", "计算机学院", ESSAY],  # a unit
    ],
)
def test_a_short_line_that_is_no_byline_stays_in_the_body(cells: list[str]) -> None:
    html = "<html><body><div class='t'>" + "".join(f"<p>{c}</p>" for c in [*cells, ZH_TEXT])
    item = _cn(html + "</div></body></html>")
    assert item["credits"] == [] and all(c in item["body"] for c in cells)


def test_an_events_time_printed_in_the_text_is_text_not_the_articles_date() -> None:
    """A lecture notice's rows: ``时间 …3:30-4:30`` is when the lecture is, not a date line."""
    rows = [
        "演讲者 周晓康",
        "时间 2024年1月4日（周四下午）3:30-4:30",
        "地点 江湾校区二号交叉学科楼A7007",
    ]
    html = (
        "<html><body><h1>学术讲座：数据科学前沿</h1><div class='info'>发布时间：2023-12-28</div>"
        "<div class='content'>" + "".join(f"<p>{r}</p>" for r in rows) + f"{ZH}</div></body></html>"
    )
    item = _cn(html)
    assert item["body"].split("\n\n")[:3] == rows
    assert item["published"][:10] == "2023-12-28"


def test_a_short_centred_label_under_a_photo_is_its_caption_even_when_the_photo_is_not_centred() -> (
    None
):
    label = "沈浩，上海帜讯信息技术股份有限公司 CEO"
    html = (
        f"<html><body><h1>校友访谈</h1><div class='wp_articlecontent'><p><img src='/p/1.jpg'></p>"
        f"<p style='text-align:center;'>{label}</p>{ZH}</div></body></html>"
    )
    item = _cn(html)
    assert [c["text"] for c in item["captions"]] == [label]
    assert label not in item["body"]


def test_a_centred_sentence_under_a_photo_that_is_not_centred_stays_text() -> None:
    line = "学校召开了新学期工作会议，全体教师参加了会议。"
    html = (
        f"<html><body><h1>校友访谈</h1><div class='wp_articlecontent'><p><img src='/p/1.jpg'></p>"
        f"<p style='text-align:center;'>{line}</p>{ZH}</div></body></html>"
    )
    item = _cn(html)
    assert item["captions"] == [] and item["body"].startswith(line)


@pytest.mark.parametrize(
    "line",
    [
        "<p>Posted in <a href='/c/research'>Research</a>, <a href='/c/campus'>Campus</a></p>",
        "<div class='post-meta'>Filed under: <a href='/c/research'>Research</a> | "
        "<a href='/c/campus'>Campus</a> | May 2, 2024</div>",
    ],
)
def test_every_topic_of_a_posted_in_or_barred_filed_under_line_is_a_topic(line: str) -> None:
    html = f"<html><body><div class='story'><h1>New lab opens</h1><div class='body'><p>{PARAS[0]}</p><p>{PARAS[1]}</p></div>{line}</div></body></html>"
    assert _item(html)["topics"] == ["Research", "Campus"]
