"""Metadata lines split into labelled fields, whatever the markup printed them in.

``来源: | 发布时间: 2018-05-17 | 浏览次数: 12`` is three fields (one empty), ``文/张明 图/周婷`` two,
``Posted on September 23, 2024 by Clemson News`` two. The labels and their roles come from
:mod:`newscrawler.extraction.vocabulary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawler.extraction.text import collapse
from newscrawler.extraction.vocabulary import (
    ALL_LABELS,
    CJK_RANGE,
    CREDIT_LABELS,
    CREDIT_SUFFIX_LABELS,
    LABEL_ALTERNATION,
    canonical_label,
    role_of,
)

_BOUNDARY = r"(?:(?<=^)|(?<=[\s（(【\[|｜丨,，;；、]))"
# A known label, then a colon; a slash for a credit (``文/张明``); a space before a capital, a
# digit or a CJK name (``By Jane``, ``Posted on``, ``通讯员 邱敏``). Unknown labels end in a colon.
# Labels sharing one value (``撰稿、摄影：杨柳``): each but the last ends in ``、`` before the next.
_LABEL = re.compile(
    rf"{_BOUNDARY}(?P<label>{LABEL_ALTERNATION})\s*(?P<sep>[:：](?!//)|/(?=\S)|\s+(?=(?-i:[A-Z\d])|[{CJK_RANGE}]|on\s)"
    rf"|、(?=(?:{LABEL_ALTERNATION})\s*(?:、|[:：])))"
    rf"|{_BOUNDARY}(?P<other>[{CJK_RANGE}]{{2,6}}|(?-i:[A-Z][a-z]+))\s*(?P<osep>[:：])(?!//)",
    re.I,
)
# ``|`` bars; a slash or a middle dot between spaces (``Photo: Ann Lee · Editor: Bo Yu``; a dot
# inside a transliterated name, ``约翰·史密斯``, has no spaces and stays).
_FIELD_END = re.compile(r"\s*[|｜丨]\s*|\s+[/·•]\s+")
# Where a name runs into a date (``by Clemson News September 23, 2024``), ``on`` between them
# (``Posted by Jane Roe on May 2, 2025``) belonging to the date.
_NAME_END = re.compile(
    r"\s+(?:on\s+)?(?=\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)"
)
_CREDIT_ROLES = frozenset(CREDIT_LABELS.values())
# Glyphs that decorate the start of a line (``▼内容来源：…``).
_LEAD_GLYPHS = re.compile(r"^[▼▲►▶◆◇■□◎●○★☆•\s]+")
# A whole line of one credit label, a bar and one value (``供稿｜秘书处``); after a one-character
# label a bar opens a caption (``图｜如此这般，可获全胜``).
_BARRED = re.compile(
    r"^(?P<label>"
    + "|".join(
        re.escape(label) for label in sorted(CREDIT_LABELS, key=len, reverse=True) if len(label) > 1
    )
    + r")\s*[|｜丨]\s*(?P<value>[^|｜丨]+)$",
    re.I,
)
# A whole line of names and then their credit label (``谢晶供稿``, ``学生会 供图``).
_SUFFIXED = re.compile(
    rf"^(?P<value>[{CJK_RANGE}]{{2,12}}(?:[、，,\s]+[{CJK_RANGE}]{{2,12}})*?)\s*"
    rf"(?P<label>{'|'.join(CREDIT_SUFFIX_LABELS)})$"
)
_MAX_LINE = 300  # display width: a metadata line is short


@dataclass(frozen=True)
class Field:
    """One ``label value`` pair of a metadata line.

    ``label`` is the label as printed (without its colon), ``""`` for text before the
    first label; ``role`` is a credit role, ``published``, ``views``, ``topic``, ``other`` for an
    unknown label, or ``""`` for unlabelled text; ``value`` the text up to the next label or
    ``|`` separator, stripped.
    """

    label: str
    role: str
    value: str


def split_fields(line: str) -> list[Field]:
    """The fields of one metadata line in order (empty for a line longer than a metadata line)."""
    text = _LEAD_GLYPHS.sub("", collapse(line))
    if not text or len(text) > _MAX_LINE:
        return []
    whole = _BARRED.match(text) or _SUFFIXED.match(text)
    if whole and canonical_label(whole["value"].strip()) not in ALL_LABELS:
        text = f"{whole['label']}：{whole['value'].strip()}"
    matches = []
    for match in _LABEL.finditer(text):
        label = match.group("label")
        if (
            label
            and match.group("sep").startswith("/")
            and canonical_label(label) not in (CREDIT_LABELS)
        ):
            continue  # ``日期/时间`` is not a credit
        matches.append(match)
    joined = {m.group("label") for m in matches if m.group("label") and m.group("sep") == "、"}
    fields: list[Field] = []
    head = text[: matches[0].start()] if matches else text
    fields.extend(Field("", "", part) for part in _parts(head))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        raw = text[match.end() : end]
        parts = _parts(raw) or [""]
        label = match.group("label") or match.group("other")
        role = role_of(label) if match.group("label") else "other"
        value, rest = parts[0], parts[1:]
        cut = _NAME_END.search(value) if role in _CREDIT_ROLES else None
        if cut:
            value, rest = value[: cut.start()], [value[cut.end() :], *rest]
        fields.append(Field(label, role, value))
        fields.extend(Field("", "", part) for part in rest)
    for i in range(len(fields) - 2, -1, -1):  # ``撰稿、摄影：杨柳``: the first label's value too
        if fields[i].label and not fields[i].value and fields[i].label in joined:
            if fields[i].role == fields[i + 1].role:  # ``采访、作者：X`` credits X once
                del fields[i]
            else:
                fields[i] = Field(fields[i].label, fields[i].role, fields[i + 1].value)
    return fields


def _parts(raw: str) -> list[str]:
    """Text split at ``|`` separators, each part stripped of brackets and punctuation."""
    return [
        p for p in (part.strip(" ：:。;；,，/（）()【】[]") for part in _FIELD_END.split(raw)) if p
    ]
