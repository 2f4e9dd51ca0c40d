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
