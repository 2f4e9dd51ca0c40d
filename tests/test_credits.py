"""Credit lines: what counts as one, how labels map to roles, how names split."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawler.extraction import extract_article
from newscrawler.extraction.credits import Credit, credits_of_fields, parse_credit_line
from newscrawler.extraction.metalines import split_fields
from newscrawler.profiles import profile_for_url


def parse_credit_fields(text: str) -> list[Credit]:
    """Credits found anywhere in a metadata line such as ``作者：谷慧文 来源：海洋生命学院 发布时间：…``."""
    return credits_of_fields(split_fields(text))


def test_english_labels_normalize_to_roles() -> None:
    assert parse_credit_line("Draft: GUO Qiuju") == [Credit("author", "Draft", "GUO Qiuju")]
    assert parse_credit_line("Revision: CHENG Mingyuan") == [
        Credit("editor", "Revision", "CHENG Mingyuan")
    ]


def test_several_names_in_one_field_give_one_entry_each() -> None:
    assert [c.name for c in parse_credit_line("摄影：张三 李四")] == ["张三", "李四"]


def test_bracketed_line_with_several_fields_splits_on_the_separator() -> None:
    credits = parse_credit_line("（责任编辑：邢书磊 / 编发：问帼倩 / 图片来源：科研创作处）")
    assert [(c.role, c.label, c.name) for c in credits] == [
        ("editor", "责任编辑", "邢书磊"),
        ("editor", "编发", "问帼倩"),
        ("photographer", "图片来源", "科研创作处"),
    ]


def test_a_sentence_mentioning_an_editor_is_not_a_credit_line() -> None:
    assert parse_credit_line("编辑部的同事们在会上介绍了今年的工作安排和下一步的计划。") is None
    assert parse_credit_line("By the way, the event was a success") is None


def test_metadata_line_yields_credits_between_other_fields() -> None:
    credits = parse_credit_fields("作者：谷慧文 来源：海洋生命学院 发布时间：2024-09-25")
    assert [(c.role, c.name) for c in credits] == [("author", "谷慧文"), ("source", "海洋生命学院")]


def test_the_posting_account_is_credited_with_role_other() -> None:
    assert parse_credit_fields("发布者：季彦斐 发布时间：2022-09-30") == [
        Credit("other", "发布者", "季彦斐")
    ]


def test_two_roles_with_slashes_on_one_line_are_two_people() -> None:
    assert parse_credit_line("（文/张明 图/周婷）") == [
        Credit("author", "文", "张明"),
        Credit("photographer", "图", "周婷"),
    ]


def _credits(html: str, url: str = "https://news.example.edu/2024/05/story/") -> list[dict]:
    fetched = datetime(2024, 6, 1, tzinfo=timezone.utc)
    return extract_article(url, html, profile_for_url(url), fetched_at=fetched).item["credits"]


TEXT = (
    "<p>"
    + "The new lab opened on Monday, and students and staff toured it for hours. " * 3
    + "</p>"
)


@pytest.mark.parametrize(
    "byline",
    [
        "<p class='byline'>By <a href='/people/ann'>Ann Lee</a></p>",
        "<span itemprop='author'><a href='/people/ann'>Ann Lee</a></span>",
        "<p><a rel='author' href='/people/ann'>Ann Lee</a></p>",
    ],
)
def test_an_english_byline_under_the_title_credits_the_author(byline: str) -> None:
    html = f"<html><body><article><h1>New lab opens</h1>{byline}<div class='text'>{TEXT}</div></article></body></html>"
    assert [(c["role"], c["name"]) for c in _credits(html)] == [("author", "Ann Lee")]


def test_json_ld_and_meta_authors_are_bylines_too() -> None:
    ld = '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ann Lee"}]}'
    html = (
        f"<html><head><script type='application/ld+json'>{ld}</script>"
        "<meta name='author' content='Bob Roe'></head>"
        f"<body><div class='text'>{TEXT}</div></body></html>"
    )
    assert [c["name"] for c in _credits(html)] == ["Ann Lee"]
    assert [c["name"] for c in _credits(html.replace(ld, "{}"))] == ["Bob Roe"]


def test_authors_of_related_story_cards_are_not_credited() -> None:
    html = (
        f"<html><body><article><h1>New lab opens</h1><div class='text'>{TEXT}</div></article>"
        "<div class='related'><div class='card'><h3><a href='/other'>Other story</a></h3>"
        "<span itemprop='author'>Carl Poe</span></div></div></body></html>"
    )
    assert _credits(html) == []


def test_a_label_then_a_space_then_a_chinese_name_is_a_credit_line() -> None:
    assert parse_credit_line("（通讯员 邱敏）") == [Credit("author", "通讯员", "邱敏")]


def test_previous_and_next_links_after_the_body_are_not_credits() -> None:
    html = (
        f"<html><body><div class='article'><h1>New lab opens</h1><div class='text'>{TEXT}</div>"
        "<p>责任编辑：胡磊</p><p>上一条：哲学学院举行讲座</p></div></body></html>"
    )
    assert _credits(html) == [{"role": "editor", "label": "责任编辑", "name": "胡磊"}]


def test_the_teacher_who_guided_a_students_piece_is_credited() -> None:
    """A school site's student essay ends ``指导老师：NAME`` (a credit of no known role)."""
    prose = "秋天到了，校园里的银杏叶黄了，同学们在树下读书、画画，笑声传得很远很远。" * 3
    html = f"""<html><head><title>秋天的校园_实验小学</title></head><body>
    <div class="nav"><a href="/">首页</a></div><div class="essay"><h2>秋天的校园</h2>
    <div class="when">2024-10-12</div><div class="words"><p>{prose}</p><p>{prose}</p>
    <p>指导教师：林晓</p></div></div></body></html>"""
    url = "https://www.sy-school.example.cn/zw/2024/1012.html"
    item = extract_article(
        url,
        html,
        profile_for_url(url, "auto"),
        fetched_at=datetime(2025, 1, 1, tzinfo=timezone.utc),
    ).item
    assert item["credits"] == [{"role": "other", "label": "指导教师", "name": "林晓"}]
    assert "指导教师" not in item["body"]


def test_a_one_character_label_before_a_description_labels_a_figure_not_a_person() -> None:
    """``图：校史馆展厅`` under a picture says what it shows; ``图：林晓`` credits a photographer."""
    assert parse_credit_line("图：校史馆展厅") is None
    assert parse_credit_line("图：林晓") == [Credit("photographer", "图", "林晓")]
    assert parse_credit_line("供图：校史馆展厅") == [Credit("photographer", "供图", "校史馆展厅")]


@pytest.mark.parametrize(
    ("line", "label", "names"),
    [
        ("本报记者 葛灵丹", "本报记者", ["葛灵丹"]),
        ("□ 本报记者 葛灵丹 萧潇", "本报记者", ["葛灵丹", "萧潇"]),
        ("(信报记者 蔡雪婧)", "信报记者", ["蔡雪婧"]),
        ("新京报记者 彭冲 山东冠县报道", "新京报记者", ["彭冲"]),
        ("河南商报记者马俊峰/文", "河南商报记者", ["马俊峰"]),
    ],
)
def test_a_reporter_named_after_their_outlet_is_credited(
    line: str, label: str, names: list[str]
) -> None:
    assert parse_credit_line(line) == [Credit("author", label, n) for n in names]


def test_a_sentence_about_the_papers_reporter_is_not_a_credit_line() -> None:
    assert parse_credit_line("本报记者在广汽商用车项目的有关负责人处了解到") is None


def test_a_credit_in_brackets_closing_the_last_paragraph_is_a_credit_not_text() -> None:
    last = "积极推进工业企业绿色化、智能化改造，推动云南工业高质量发展。"
    html = (
        "<html><body><h1>绿色制造名单公布</h1><div class='content'>"
        "<p>省工业和信息化厅公布了新一批绿色制造名单，全省共有四十家企业入选，数量创历年新高。</p>"
        f"<p>{last}（记者 胡晓蓉）</p></div></body></html>"
    )
    url = "http://news.example.cn/a/1.htm"
    fetched = datetime(2024, 1, 1, tzinfo=timezone.utc)
    item = extract_article(url, html, profile_for_url(url), fetched_at=fetched).item
    assert item["body"].split("\n\n")[-1] == last
    assert item["credits"] == [{"role": "author", "label": "记者", "name": "胡晓蓉"}]


def test_brackets_after_a_word_mid_sentence_stay_in_the_text() -> None:
    line = "他在会上介绍了经验（记者 胡晓蓉）"
    html = f"<html><body><h1>会议</h1><div class='content'><p>{'学校召开会议，总结经验。' * 4}</p><p>{line}</p></div></body></html>"
    url = "http://news.example.cn/a/2.htm"
    item = extract_article(url, html, profile_for_url(url)).item
    assert item["body"].split("\n\n")[-1] == line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("本文作者：王瑞琳", [Credit("author", "本文作者", "王瑞琳")]),
        ("本文来源：上海复旦大学校友会", [Credit("source", "本文来源", "上海复旦大学校友会")]),
        ("本文编辑：李楠", [Credit("editor", "本文编辑", "李楠")]),
    ],
)
def test_labels_naming_this_article_are_credit_labels(line: str, expected: list[Credit]) -> None:
    assert parse_credit_line(line) == expected


@pytest.mark.parametrize(
    "line", ["本文作者：复旦大学中文系学生 王瑞琳", "作者：计算机学院2021级本科生 王瑞琳"]
)
def test_a_description_before_the_authors_name_is_not_a_name(line: str) -> None:
    assert [c.name for c in parse_credit_line(line) or []] == ["王瑞琳"]


def test_two_short_names_after_a_label_stay_two_people() -> None:
    assert [c.name for c in parse_credit_line("摄影：张三 李四") or []] == ["张三", "李四"]


def test_a_bracket_or_icon_glyph_beside_a_source_is_not_a_name() -> None:
    """Sohu-style ``来源：[ 国际金融报 ]`` followed by an icon font glyph (a private-use
    character): the source only."""
    assert parse_credit_fields("来源：[ 国际金融报 ] \ue5c2") == [
        Credit("source", "来源", "国际金融报")
    ]


@pytest.mark.parametrize("line", ["作者：赵  培", "作者：赵\u3000培", "摄影：王  伟、李  娜"])
def test_a_two_character_name_padded_with_a_space_is_one_person(line: str) -> None:
    names = [c.name for c in parse_credit_fields(line)]
    assert names == (["王伟", "李娜"] if "、" in line else ["赵培"])


def test_the_affiliation_after_a_colon_following_the_name_is_not_a_name() -> None:
    """Journal pages print ``作者: 赵  培：北京物资学院，北京`` (the name, then its institution)."""
    assert parse_credit_fields("作者: 赵  培：北京物资学院，北京") == [
        Credit("author", "作者", "赵培")
    ]


def test_a_reporter_line_under_a_news_brand_with_a_supplied_photo_credits_both() -> None:
    """``顶端新闻·河南商报记者马俊峰/文受访者供图``: the app's brand before the paper, the photo
    supplied by the interviewee after the text credit."""
    assert parse_credit_line("顶端新闻·河南商报记者马俊峰/文受访者供图") == [
        Credit("author", "河南商报记者", "马俊峰"),
        Credit("photographer", "供图", "受访者"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("转载来源：计苑菁英", [Credit("source", "转载来源", "计苑菁英")]),
        ("▼内容来源：复旦大学微信公众号", [Credit("source", "内容来源", "复旦大学微信公众号")]),
    ],
)
def test_labels_naming_where_a_reprint_comes_from_are_source_labels(
    line: str, expected: list[Credit]
) -> None:
    assert parse_credit_line(line) == expected


@pytest.mark.parametrize("line", ["供稿｜秘书处", "供稿 | 秘书处"])
def test_a_bar_between_a_credit_label_and_its_name_separates_them(line: str) -> None:
    assert parse_credit_line(line) == [Credit("author", "供稿", "秘书处")]


def test_a_bar_between_two_labels_is_a_menu_not_a_credit() -> None:
    assert parse_credit_fields("图片 | 视频") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("谢晶供稿", [Credit("author", "供稿", "谢晶")]),
        ("学生会 供图", [Credit("photographer", "供图", "学生会")]),
    ],
)
def test_a_name_printed_before_its_credit_label_is_credited(
    line: str, expected: list[Credit]
) -> None:
    assert parse_credit_line(line) == expected


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("来源：中共复旦大学第十五次代表大会 专题网", "中共复旦大学第十五次代表大会 专题网"),
        ("转载来源：复旦FVL 公众号", "复旦FVL 公众号"),
    ],
)
def test_a_space_inside_a_sources_name_does_not_split_it(line: str, name: str) -> None:
    assert [c.name for c in parse_credit_fields(line)] == [name]


def test_a_person_named_with_an_honorific_under_a_figure_is_its_subject_not_its_photographer() -> (
    None
):
    """``图 付雁同志`` under a portrait: the picture shows comrade Fu Yan."""
    assert parse_credit_line("图 付雁同志") is None


@pytest.mark.parametrize(
    "line",
    [
        "BUSINESS.SOHU.COM 2004年7月16日08:19 [ 黄宇 ]\ue5c2  来源：[ 国际金融报 ]\ue5c2",
        "2004年7月16日08:19 【黄宇】 来源：国际金融报",
    ],
)
def test_a_name_in_brackets_between_the_date_and_the_source_is_the_author(line: str) -> None:
    assert parse_credit_fields(line) == [
        Credit("author", "Author", "黄宇"),
        Credit("source", "来源", "国际金融报"),
    ]


def test_a_bracketed_column_name_without_a_date_before_the_source_is_not_an_author() -> None:
    assert parse_credit_fields("【学院新闻】 来源：国际金融报") == [
        Credit("source", "来源", "国际金融报")
    ]


def test_a_bar_after_a_one_character_figure_label_opens_a_caption_not_a_credit() -> None:
    assert parse_credit_line("图｜如此这般，可获全胜") is None


def test_a_line_without_fields_credits_nobody() -> None:
    assert credits_of_fields([]) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("排版｜新媒体中心 向林冰", [Credit("editor", "排版", "向林冰")]),
        (
            "文案 | 郑惠元 俞晓瑜",
            [Credit("author", "文案", "郑惠元"), Credit("author", "文案", "俞晓瑜")],
        ),
        ("头图｜宣传部", [Credit("photographer", "头图", "宣传部")]),
        ("采访者：单弋", [Credit("author", "采访者", "单弋")]),
    ],
)
def test_the_credit_block_closing_a_reposted_wechat_article_is_credits(
    line: str, expected: list[Credit]
) -> None:
    assert parse_credit_line(line) == expected


def test_a_unit_before_a_persons_name_is_where_they_work_not_a_name() -> None:
    assert [c.name for c in parse_credit_line("排版 | 新媒体中心 祁昊") or []] == ["祁昊"]
    # Two units, or a unit and its office, stay what they are.
    assert [c.name for c in parse_credit_line("摄影：研究生院 研究生工作部") or []] == [
        "研究生院",
        "研究生工作部",
    ]
    assert [c.name for c in parse_credit_line("供稿：计算机学院 工会") or []] == [
        "计算机学院",
        "工会",
    ]


@pytest.mark.parametrize(
    "byline",
    [
        "<span class='author'><a href='/people/ann-lee'>Ann Lee</a></span>",
        "<div class='post-byline'>By Ann Lee</div>",
        "<div class='article-info__authors'><a class='author-link'>Ann Lee</a></div>",
        "<p class='contributor'>Ann Lee</p>",
    ],
)
def test_a_bare_name_in_an_element_the_theme_names_for_the_byline_is_the_author(
    byline: str,
) -> None:
    html = (
        f"<html><body><article><h1>New lab opens</h1>{byline}<div class='text'>{TEXT}</div>"
        "</article><div class='related'><div class='card'><h3><a href='/other'>Other story</a>"
        "</h3><span class='author'>Carl Poe</span></div></div></body></html>"
    )
    assert [(c["role"], c["name"]) for c in _credits(html)] == [("author", "Ann Lee")]


@pytest.mark.parametrize(
    "element",
    [
        "<div class='articleAuthor'>发布时间：2024-03-15</div>",  # a labelled field, not a name
        "<div class='author'>all posts</div>",  # a phrase, not a name
        "<footer><span class='author'>Theme Author</span></footer>",  # the theme's own credit
        "<div class='authority'>Ann Lee</div>",  # ``authority`` does not say author
    ],
)
def test_an_element_named_author_that_prints_no_byline_credits_nobody(element: str) -> None:
    html = f"<html><body><article><h1>New lab opens</h1><div class='text'>{TEXT}</div></article>{element}</body></html>"
    assert _credits(html) == []


@pytest.mark.parametrize(
    ("line", "label"),
    [("Posted by Ann Lee on May 2, 2024", "by"), ("By Ann Lee on 2 May 2024", "By")],
)
def test_on_between_a_bylines_name_and_its_date_belongs_to_the_date(line: str, label: str) -> None:
    assert parse_credit_fields(line) == [Credit("author", label, "Ann Lee")]


def test_degrees_after_a_bylines_name_are_not_more_people() -> None:
    assert parse_credit_fields("Written by Rachael Link, MS, RD") == [
        Credit("author", "Written by", "Rachael Link")
    ]
    # Agencies credited beside a photographer are credited.
    assert [c.name for c in parse_credit_fields("Photo: K. Retherford, SWRI")] == [
        "K. Retherford",
        "SWRI",
    ]


@pytest.mark.parametrize(
    "line",
    ["Ann Lee | May 2, 2024", "May 2, 2024 &middot; Ann Lee, Office of Communications"],
)
def test_a_persons_name_beside_the_date_under_the_headline_is_the_byline(line: str) -> None:
    html = f"<html><body><article><h1>New lab opens</h1><p class='meta'>{line}</p><div class='text'>{TEXT}</div></article></body></html>"
    assert [(c["role"], c["name"]) for c in _credits(html)] == [("author", "Ann Lee")]


@pytest.mark.parametrize(
    "line",
    [
        "Office of Communications | May 2, 2024",
        "Campus News | May 2, 2024",
        "Research | May 2, 2024",
    ],
)
def test_a_desk_or_section_beside_the_date_is_not_a_byline(line: str) -> None:
    html = f"<html><body><article><h1>New lab opens</h1><p class='meta'>{line}</p><div class='text'>{TEXT}</div></article></body></html>"
    assert _credits(html) == []


@pytest.mark.parametrize(
    "link",
    ["<a href='/author/ann-lee/'>Ann Lee</a>", "<a href='/blog/?author=102'>太小心</a>"],
)
def test_a_link_to_the_authors_page_outside_the_text_names_the_author(link: str) -> None:
    html = (
        f"<html><body><table><tr><td class='profile'>{link}</td><td><h1>New lab opens</h1>"
        f"<div class='text'>{TEXT}<p>Read <a href='/author/bo-yu/'>Bo Yu</a> on labs.</p></div>"
        "</td></tr></table></body></html>"
    )
    name = link.split(">")[1].split("<")[0]
    assert [(c["role"], c["name"]) for c in _credits(html)] == [("author", name)]


def test_a_link_to_another_writers_page_inside_the_text_credits_nobody() -> None:
    html = (
        f"<html><body><h1>New lab opens</h1><div class='text'>{TEXT}"
        "<p>Read <a href='/author/bo-yu/'>Bo Yu</a> on labs.</p></div></body></html>"
    )
    assert _credits(html) == []


def test_a_members_page_linked_after_by_names_the_forum_poster_in_lower_case() -> None:
    html = (
        f"<html><body><h1>New lab opens</h1><div class='text'>{TEXT}</div><p>〓 发布时间 "
        "2005/03/15 22:36:13 by <a href='user.php?lookuserid=373742'>duscha</a> 〓</p>"
        "<p><a href='user.php?lookuserid=1'>admin</a></p></body></html>"
    )
    assert [(c["role"], c["name"]) for c in _credits(html)] == [("author", "duscha")]


def test_a_members_page_linked_without_by_before_it_credits_nobody() -> None:
    html = (
        f"<html><body><h1>New lab opens</h1><div class='text'>{TEXT}</div>"
        "<p>Online now: <a href='user.php?lookuserid=1'>admin</a></p></body></html>"
    )
    assert _credits(html) == []
