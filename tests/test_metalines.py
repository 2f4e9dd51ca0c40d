"""Metadata lines split into labelled fields whatever printed them."""

from __future__ import annotations

import pytest

from newscrawler.extraction.metalines import Field, split_fields
from newscrawler.extraction.vocabulary import role_of


def test_several_roles_on_one_line_split_on_their_labels() -> None:
    assert split_fields("（文/张明 图/周婷）") == [
        Field("文", "author", "张明"),
        Field("图", "photographer", "周婷"),
    ]


def test_bar_separated_fields_keep_an_empty_value_empty() -> None:
    assert split_fields("来源: | 发布时间: 2018-05-17 | 浏览次数: 2168") == [
        Field("来源", "source", ""),
        Field("发布时间", "published", "2018-05-17"),
        Field("浏览次数", "views", "2168"),
    ]


def test_english_labels_separated_by_a_space_keep_their_printed_case() -> None:
    assert split_fields("Posted on September 23, 2024 by Clemson News") == [
        Field("Posted on", "published", "September 23, 2024"),
        Field("by", "author", "Clemson News"),
    ]


def test_a_name_running_into_a_date_stops_at_the_date() -> None:
    assert split_fields("by Jane Doe January 20, 2025") == [
        Field("by", "author", "Jane Doe"),
        Field("", "", "January 20, 2025"),
    ]


def test_text_before_the_first_label_is_an_unlabelled_field() -> None:
    assert split_fields("January 20th, 2025 by JWU") == [
        Field("", "", "January 20th, 2025"),
        Field("by", "author", "JWU"),
    ]


@pytest.mark.parametrize("line", ["By the way, it rained", "http://example.edu/a 很好"])
def test_prose_and_urls_are_not_labelled(line: str) -> None:
    assert [f.role for f in split_fields(line)] == [""]


def test_an_unknown_label_with_a_colon_is_a_field_of_role_other() -> None:
    assert split_fields("字号：大 中 小") == [Field("字号", "other", "大 中 小")]


@pytest.mark.parametrize(
    ("label", "role"),
    [("责任编辑", "editor"), ("BY", "author"), ("Photo", "photographer"), ("点击", "views"),
     ("栏目", "topic"), ("发表于", "published"), ("网址", "other")],
)  # fmt: skip
def test_every_label_has_one_role(label: str, role: str) -> None:
    assert role_of(label) == role


@pytest.mark.parametrize("label", ["图/文", "文/图"])
def test_a_compound_text_and_photo_label_credits_one_person(label: str) -> None:
    # "图/文 王一": one person did both; the halves are not two labels with "文" as a name.
    assert split_fields(f"（{label} 王一　编辑 陈三）") == [
        Field(label, "author", "王一"),
        Field("编辑", "editor", "陈三"),
    ]


def test_labels_joined_by_a_comma_share_the_value() -> None:
    """``撰稿、摄影：杨柳``: one person wrote and photographed; two labels of one role credit once."""
    assert [(f.role, f.value) for f in split_fields("文字、图片：林晓 审核：周敏")] == [
        ("author", "林晓"),
        ("photographer", "林晓"),
        ("reviewer", "周敏"),
    ]
    assert [(f.label, f.value) for f in split_fields("采访、作者：林晓")] == [("作者", "林晓")]
    assert [f.value for f in split_fields("来源：学院、学生处")] == ["学院、学生处"]
