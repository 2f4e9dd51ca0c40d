"""Credit lines (``Draft: GUO Qiuju``, ``撰稿：张三 摄影：李四``, ``By Jane Doe``) parsed into people.

A line counts as a credit line only when it is made of nothing but label + names, so a sentence
that merely mentions an editor stays in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawler.extraction.text import collapse, display_length

#: Printed label -> normalized role. Longer labels are matched first.
LABELS: dict[str, str] = {}
for _role, _labels in {
    "author": "撰稿 撰文 文字 作者 记者 通讯员 实习生 学生记者 供稿 采写 图文 文 Draft Written_by Writer "
    "Author Authors By Text Reporter Story Words",
    "editor": "责任编辑 编发 编辑 责编 主编 编校 校对 Revision Revised_by Editor Editors Edited_by Editing",
    "reviewer": "审核 审稿 审校 初审 复审 终审 签发 Review Reviewer Reviewed_by Approved_by",
    "photographer": "图片来源 摄影 摄像 图片 供图 照片 图 摄 Photo Photos Photo_by Photos_by Photography "
    "Photographer Image Images",
    "translator": "翻译 译 Translator Translated_by Translation",
    "source": "稿件来源 信息来源 来源 转自 Source From",
    # The CMS account that posted the page: a credit, but not of a known role.
    "other": "发布者 发布人 发稿人",
}.items():
    for _label in _labels.split():
        LABELS[_label.replace("_", " ")] = _role

_LABEL_ALT = "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
# A label followed by a colon, a slash (文/张三) or, for "By"-style English labels, a space.
_LABEL = re.compile(
    rf"(?:(?<=^)|(?<=[\s（(【\[|｜丨,，;；]))(?P<label>{_LABEL_ALT})\s*(?P<sep>[:：/|｜丨]|\s(?=[A-Z\u4e00-\u9fff]))",
    re.I,
)
_ANY_LABEL = re.compile(
    rf"(?:(?<=\s)|(?<=[（(【\[|｜丨,，;；]))(?P<label>{_LABEL_ALT}|[\u4e00-\u9fff]{{1,6}}|[A-Z][a-z]+)\s*(?P<sep>[:：])"
)
_NAME_SPLIT_CJK = re.compile(r"[\s、，,;；/|｜丨]+|(?<=[\u4e00-\u9fff])和(?=[\u4e00-\u9fff])")
_NAME_SPLIT_LATIN = re.compile(r"\s*(?:[,;、，；/|｜丨&]|\band\b)\s*")
_BRACKETS = re.compile(r"^[（(【\[]\s*(.*?)\s*[）)】\]]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_LINE = 120  # display width; credit lines are short


@dataclass(frozen=True)
class Credit:
    role: str
    label: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "label": self.label, "name": self.name}


def _canonical_label(printed: str) -> str:
    for label in LABELS:
        if label.lower() == printed.lower():
            return label
    return printed


def _split_names(names: str) -> list[str]:
    names = names.strip(" ：:。.;；,，")
    splitter = _NAME_SPLIT_CJK if _CJK.search(names) else _NAME_SPLIT_LATIN
    return [n for n in (part.strip(" ：:。.") for part in splitter.split(names)) if n]


def _plausible_name(name: str) -> bool:
    if re.search(r"[:：\d]", name):
        return False
    if _CJK.search(name):
        return len(name) <= 20 and not re.search(r"[。！？]", name)
    words = name.split()
    return 0 < len(words) <= 6 and not name.endswith(("?", "!"))


def parse_credit_line(line: str) -> list[Credit] | None:
    """People credited on ``line``, or None when the line is not purely a credit line."""
    text = collapse(line)
    bracketed = _BRACKETS.match(text)
    if bracketed:
        text = bracketed.group(1)
    if not text or display_length(text) > _MAX_LINE:
        return None
    first = _LABEL.match(text)
    if not first:
        return None
    # After a known label, any short "标签：" starts another credit (unknown labels: role other).
    matches = [first, *(m for m in _ANY_LABEL.finditer(text, first.end()))]
    credits: list[Credit] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        label = _canonical_label(match.group("label"))
        names = _split_names(text[match.end() : end])
        if match.group("sep").isspace() and not all(
            n[:1].isupper() or _CJK.match(n) for n in names
        ):
            return None  # "By the way ..." is prose, not a byline
        if not names or not all(_plausible_name(n) for n in names):
            return None
        credits.extend(Credit(LABELS.get(label, "other"), label, name) for name in names)
    return credits


def parse_credit_fields(text: str) -> list[Credit]:
    """Credits found anywhere in a metadata line such as ``作者：谷慧文 来源：海洋生命学院 发布时间：…``.

    Unlike :func:`parse_credit_line`, other fields may sit between the credits; each label's
    value runs to the next label of any kind (credit or not).
    """
    text = collapse(text)
    found: list[Credit] = []
    stops = list(re.finditer(r"(?:^|\s)[^\s：:]{1,8}[：:]", text))
    for match in _LABEL.finditer(text):
        if match.group("sep") not in (":", "："):
            continue
        end = min((s.start() for s in stops if s.start() >= match.end()), default=len(text))
        label = _canonical_label(match.group("label"))
        names = [n for n in _split_names(text[match.end() : end]) if _plausible_name(n)]
        found.extend(Credit(LABELS[label], label, name) for name in names)
    return found
