"""Credit lines: what counts as one, how labels map to roles, how names split."""

from __future__ import annotations

from newscrawler.extraction.credits import Credit, parse_credit_fields, parse_credit_line


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
