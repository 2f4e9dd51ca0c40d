"""Credits (``Draft: GUO Qiuju``, ``文/张明 图/周婷``, ``By Jane Doe``) from labelled fields.

A body line counts as a credit line only when it is made of nothing but labels and names, so a
sentence that merely mentions an editor stays in the body. A metadata line may mix credits with
other fields (``作者：谷慧文 来源：海洋生命学院 发布时间：…``): its credit fields are read alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawler.extraction.metalines import Field, split_fields
from newscrawler.extraction.text import collapse, display_length
from newscrawler.extraction.vocabulary import (
    CHINESE_PERSON_NAME,
    CJK_CHAR,
    CJK_RANGE,
    CREDIT_LABELS,
    HONORIFIC_SUFFIX,
    NAME_PARTICLES,
    ORGANISATION_UNIT,
    PERSON_DESCRIPTION,
    POST_NOMINALS,
    canonical_label,
)

CREDIT_ROLES = frozenset(CREDIT_LABELS.values())
_NAME_SPLIT_CJK = re.compile(rf"[\s、，,;；/|｜丨]+|(?<=[{CJK_RANGE}])和(?=[{CJK_RANGE}])")
#: Between the organisations a source names: a space may sit inside one (``复旦FVL 公众号``).
_SOURCE_SPLIT = re.compile(r"[、，,;；/|｜丨]+")
_NAME_SPLIT_LATIN = re.compile(r"\s*(?:[,;、，；/|｜丨&]|\band\b)\s*")
#: A two-character Chinese name padded to the width of three (``赵  培``, ``王\u3000伟``): one person.
_PADDED_NAME = re.compile(rf"(?<![{CJK_RANGE}])([{CJK_RANGE}])\s+([{CJK_RANGE}])(?![{CJK_RANGE}])")
#: A colon after the names: what follows describes them (``赵培：北京物资学院，北京``).
_DESCRIPTION_AFTER = re.compile(r"\s*[:：](?!//).*$")
#: The end of an unlabelled metadata field printing a name in brackets after the date
#: (``2004年7月16日08:19 [ 黄宇 ]`` before ``来源：…``): the author, as older portals print it.
_DATED_BRACKETED_NAME = re.compile(
    rf"\d.*?[\[【]\s*(?P<name>[{CJK_RANGE}]{{2,4}})\s*(?:[\]】][^\w\[【]*)?$"
)
_BRACKETS = re.compile(r"^[（(【\[]\s*(.*?)\s*[）)】\]]$")
_MAX_LINE = 120  # display width; credit lines are short
#: A photo credit closing an English caption (``… Photo by Tom Lee``, ``Photo: Tom Lee``,
#: ``Photo courtesy of Tom Lee``) or filling its brackets (``(Photo/Tom Lee)``).
_PHOTO_CREDIT = re.compile(
    r"(?:^|(?<=[\s.;|,]))(?P<label>(?-i:Photos?|PHOTOS?|Images?|IMAGES?))(?:\s+(?:by|courtesy\s+of)\s+|\s*[:/]\s*)"
    r"(?P<names>[^()（）:：]+?)[\s.]*$",
    re.I,
)
_CAPTION_BRACKETS = re.compile(r"[（(]([^()（）]*)[)）]")
#: A reporter named after the outlet they write for, as Chinese papers print it under or after
#: the text: ``本报记者 葛灵丹``, ``信报记者 蔡雪婧``, ``新京报记者 彭冲 山东冠县报道``,
#: ``河南商报记者马俊峰/文``: the label is the whole ``…记者``, each name a person's (2-4 characters).
#: A news brand may come first (``顶端新闻·河南商报记者…``), and who supplied or took the photos
#: after (``…/文受访者供图``).
_OUTLET_REPORTER = re.compile(
    rf"^[□■◎●·\s]*(?:[{CJK_RANGE}]{{2,8}}[·•]\s*)?"
    rf"(?P<label>(?:本报|本台|本网|本刊|本社|[{CJK_RANGE}]{{1,8}}?(?:报|社|台|网|刊))"
    rf"(?:特约|实习|见习|首席)?记者)\s*(?P<names>[{CJK_RANGE}]{{2,4}}(?:[\s、，,][{CJK_RANGE}]{{2,4}})*)"
    rf"(?:\s+[{CJK_RANGE}]{{2,12}}报道|\s*/\s*文)?"
    rf"(?:\s*(?P<supplier>[{CJK_RANGE}]{{2,8}}?)(?P<photo>供图))?$"
)
#: Sentence-closing punctuation before a credit in brackets that ends a paragraph.
_SENTENCE_END = ("。", "！", "？", "”", "」", ".", "!", "?", '"')


@dataclass(frozen=True)
class Credit:
    """One credited person or organisation: normalized ``role``, printed ``label``, ``name``."""

    role: str
    label: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "label": self.label, "name": self.name}


def split_names(names: str, role: str = "") -> list[str]:
    """``张三 李四`` / ``Jane Doe and John Roe`` -> one name each. A description printed before
    a Chinese name (``复旦大学中文系学生 王瑞琳``: who the person is; ``新媒体中心 祁昊``: the
    unit a person works in, before one or more personal names) is not a name of its own, nor one
    after a colon (``赵培：北京物资学院``: where the person works); a two-character name padded
    with a space (``赵  培``) is one name."""
    names = _DESCRIPTION_AFTER.sub("", names.strip(" ：:。.;；,，"))
    names = _PADDED_NAME.sub(r"\1\2", names)
    if role == "source" and CJK_CHAR.search(names):
        return _sources(names)
    splitter = _NAME_SPLIT_CJK if CJK_CHAR.search(names) else _NAME_SPLIT_LATIN
    found = [n for n in (part.strip(" ：:。.") for part in splitter.split(names)) if n]
    # ``Rachael Link, MS, RD``: the letters after a name are its degrees, not more people.
    found = found[:1] + [n for n in found[1:] if n.replace(".", "") not in POST_NOMINALS]
    if (
        len(found) >= 2
        and len(found[0]) > 4
        and (
            PERSON_DESCRIPTION.search(found[0])
            or ORGANISATION_UNIT.search(found[0])
            and all(_is_person(n) for n in found[1:])
        )
    ):
        return found[1:]
    return found


def _is_person(name: str) -> bool:
    """A two- or three-character Chinese name that does not name a unit (``祁昊``, not ``工会``
    after ``计算机学院``: the unit's own office)."""
    return bool(CHINESE_PERSON_NAME.fullmatch(name)) and not ORGANISATION_UNIT.search(name)


def _sources(names: str) -> list[str]:
    """The organisations of a Chinese source: split at list separators only, the words of each
    kept together where every word is a name (a stray bracket or glyph is dropped)."""
    found = []
    for part in _SOURCE_SPLIT.split(names):
        words = [w.strip(" ：:。.") for w in part.split()]
        kept = [w for w in words if w and plausible_name(w)]
        if kept:
            found.append(" ".join(kept))
    return found


def plausible_name(name: str) -> bool:
    """A person's or organisation's name, not a sentence, a date or a URL, nor a bracket or an
    icon glyph (a private-use character) with no letter in it."""
    if re.search(r"[:：\d@]", name) or not any(ch.isalpha() for ch in name):
        return False
    if CJK_CHAR.search(name):
        return len(name) <= 20 and not re.search(r"[。！？]", name)
    words = name.split()
    return 0 < len(words) <= 6 and not name.endswith(("?", "!"))


def _credits(field: Field) -> list[Credit] | None:
    """The people of one credit field, or None when its value is not a list of names."""
    names = split_names(field.value, field.role)
    if not names or not all(plausible_name(n) for n in names):
        return None
    # ``图：复旦大学展区`` labels a figure: after ``图`` or ``文`` alone a credit is a person.
    # ``图 付雁同志`` names who the figure shows.
    if len(field.label) == 1 and any(
        len(n) > 4 or HONORIFIC_SUFFIX.search(n) for n in names if CJK_CHAR.search(n)
    ):
        return None
    if not CJK_CHAR.search(field.value) and not all(n[:1].isupper() for n in names):
        return None  # "By the way ..." is prose, not a byline
    return [Credit(field.role, field.label, name) for name in names]


def parse_credit_line(line: str) -> list[Credit] | None:
    """People credited on ``line``, or None when the line is not purely a credit line.

    After a credit label, other labelled fields (``字号：…``) are credits of role ``other``.
    """
    text = collapse(line)
    bracketed = _BRACKETS.match(text)
    if bracketed:
        text = bracketed.group(1)
    if not text or display_length(text) > _MAX_LINE:
        return None
    reporter = _OUTLET_REPORTER.match(text)
    if reporter:
        label = reporter["label"]
        found = [Credit("author", label, name) for name in split_names(reporter["names"])]
        if reporter["photo"]:
            found.append(Credit("photographer", reporter["photo"], reporter["supplier"]))
        return found
    fields = split_fields(text)
    if not fields or canonical_label(fields[0].label) not in CREDIT_LABELS:
        return None  # a line opening with an unknown label (``附件：``) is not a credit line
    credits: list[Credit] = []
    for field in fields:
        if field.role not in CREDIT_ROLES | {"other"}:
            return None
        people = _credits(field)
        if people is None:
            return None
        credits.extend(people)
    return credits


def closing_credit(line: str) -> tuple[str, list[Credit]] | None:
    """A paragraph that ends with its credit in brackets after its last sentence
    (``…推动工业高质量发展。（记者 胡晓蓉）``, ``…(信报记者 蔡雪婧)``): the text before the
    brackets and the people credited; None when the line ends otherwise."""
    text = collapse(line)
    if not text.endswith((")", "）")):
        return None
    opened = max(text.rfind("("), text.rfind("（"))
    before = text[:opened].rstrip()
    if opened <= 0 or not before.endswith(_SENTENCE_END):
        return None
    people = parse_credit_line(text[opened:])
    return (before, people) if people else None


def caption_credits(caption: str) -> list[Credit]:
    """Credits a caption prints: ``图为…（摄影：李明）``, ``… (Photo/Tom Lee)``, ``… Photo by Tom Lee``,
    ``Photo: Tom Lee``, ``Photo courtesy of Tom Lee`` (role ``photographer``, label ``Photo``).
    The caption text itself is not changed."""
    found: list[Credit] = []
    for bracketed in _CAPTION_BRACKETS.findall(caption):
        found.extend(_photo_credit(bracketed) or parse_credit_line(bracketed) or [])
    if not found:
        found.extend(_photo_credit(collapse(caption)) or [])
    return found


def _photo_credit(text: str) -> list[Credit] | None:
    match = _PHOTO_CREDIT.search(text)
    if not match or display_length(match.group()) > _MAX_LINE:
        return None
    words = [w for name in split_names(match["names"]) for w in name.split()]
    if not all(w[:1].isupper() or w in NAME_PARTICLES for w in words):
        return None  # ``Photo: students at the fair`` describes, it does not credit
    label = canonical_label(match["label"])
    return _credits(Field(label, CREDIT_LABELS.get(label, "photographer"), match["names"]))


def credits_of_fields(fields: list[Field]) -> list[Credit]:
    """Credits among a metadata line's fields: those with a known credit label (other fields,
    ``上一条：…`` included, are skipped; implausible names dropped), and a name printed in
    brackets after the date just before the source (``2004年7月16日 [ 黄宇 ] 来源：…``)."""
    found: list[Credit] = []
    for i, field in enumerate(fields):
        if not field.label and i + 1 < len(fields) and fields[i + 1].role == "source":
            bracketed = _DATED_BRACKETED_NAME.search(field.value)
            if bracketed:
                found.append(Credit("author", "Author", bracketed["name"]))
        if canonical_label(field.label) in CREDIT_LABELS:
            names = [n for n in split_names(field.value, field.role) if plausible_name(n)]
            found.extend(Credit(field.role, field.label, name) for name in names)
    return found
