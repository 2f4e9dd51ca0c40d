"""Draft the truth of a sample of a real site's article pages, to be checked by reading each page.

The values come from an XPath written by hand for each site (below), then a person reads every
page and corrects what the draft got wrong (``OVERRIDES``); ``benchmarks/truth/<site>.json`` is
what was kept. As in the project's items, credit lines printed in the text (``撰稿：付雁，摄影：李俊毅``)
and captions are not body; credit lines and a caption's ``（摄影：…）`` are credits. A first
paragraph that repeats the headline is not body.

Example:
    python benchmarks/truth/draft.py ../shared/corpus/sites fudan-cs > /tmp/fudan-cs.json
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from itertools import zip_longest
from pathlib import Path
from typing import Any

from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script

from benchmarks.split import corpus_half  # noqa: E402

PER_HALF = 15
#: site -> stand-in URL base, the hand-written XPaths, and the columns that hold no articles (staff
#: profiles, menus, forms, the items of an equipment evaluation ``B1``…``B17``)
SITES: dict[str, dict[str, Any]] = {
    "fudan-cs": {
        "base": "https://cs.fudan.edu.cn/",
        "title": '//h1[@class="arti_title"]',
        "published": '//span[@class="arti_update"]',
        "topics": '//li[@class="col_title"]',
        "body": '//div[@class="wp_articlecontent"]//*[self::p or self::table or self::h1 or self::h2 '
        'or self::h3 or self::h4 or self::li][not(ancestor::p or ancestor::table or ancestor::li)]',
        "skip": {"师资队伍", "培养方案", "省部级科研平台", "校级科研平台", "大图切换", "二维码", ""},
    },
    "szyz-vsb": {
        "base": "https://www.example-school.cn/",
        "title": '//div[contains(@class,"art-tit")]/h3',
        "published": '//div[contains(@class,"art-tit")]/p/span[starts-with(normalize-space(.),"发布日期")]',
        "topics": '//div[contains(@class,"position")]//h2',
        "body": '//div[@class="v_news_content"]//*[self::p or self::table or self::h1 or self::h2 or '
        'self::h3 or self::h4 or self::li][not(ancestor::p or ancestor::table or ancestor::li)]',
        "skip": {"每周菜谱", "体育课表", "学生近视率", "建库", "建网", "建队伍", "建机制", "常规管理",
                 "优秀毕业生"},
        "skip_pattern": r"^B\d",
    },
}  # fmt: skip
#: label (as printed) -> role, for the credit lines these sites print after the text
ROLES = {
    "撰稿": "author", "供稿": "author", "作者": "author", "文": "author", "整理": "author",
    "摄影": "photographer", "图": "photographer", "文章来源": "source", "来源": "source",
    "编辑": "editor", "责任编辑": "editor", "审核": "reviewer", "指导老师": "other",
    "本文作者": "author", "采访": "author",
}  # fmt: skip
#: file -> what reading the page corrected: ``credits`` replaced, ``cut`` (text removed from the
#: end of the body: a credit printed inside the last paragraph), ``paragraphs`` (texts that are
#: body, not the caption of the image above them: a verse, a sub-heading, a form's first line)
OVERRIDES: dict[str, dict[str, Any]] = {
    # "本文作者：复旦大学中文系学生 王瑞琳": the name is 王瑞琳, the rest describes her
    "11-94-c35229a463252-page.html": {"credits": [
        {"role": "author", "label": "本文作者", "name": "王瑞琳"},
        {"role": "source", "label": "文章来源", "name": "上海复旦大学校友会"},
    ]},
    # "图：复旦大学展区" numbers a figure ("Figure:"), it credits no photographer
    "bc-a3-c24256a703651-page.html": {"credits": []},
    # the first line of a four-line verse under a photo, a form's first line, a table's title
    "04-95-c24261a328853-page.html": {"paragraphs": ["对于运动的传统定义似乎是赛场上的奔跑、投射或是大汗淋漓"]},
    # "采访、作者：吕昌泽": one credit, two labels of one role; a sub-heading under a photo
    "1c-58-c35229a466008-page.html": {
        "paragraphs": ["青葱：多学科融合的复旦岁月"],
        "credits": [
            {"role": "author", "label": "采访、作者", "name": "吕昌泽"},
            {"role": "author", "label": "整理", "name": "单晓玥"},
        ],
    },
    "info-1217-8441.htm": {"paragraphs": ["姓名：邵春燕"]},
    "info-1217-8461.htm": {"paragraphs": ["姓名：贾海瑛"]},
    "info-1222-7701.htm": {"paragraphs": ["国家二级心理咨询师"]},
    "info-1152-4111.htm": {"paragraphs": ["初二（5）班 初二（7）班"]},
    "info-1151-4091.htm": {"paragraphs": ["2019-2020学年班级包干区一览表"]},
    "info-1148-3921.htm": {
        "cut": "（指导老师：陈星旋）",
        "credits": [{"role": "other", "label": "指导老师", "name": "陈星旋"}],
    },
}  # fmt: skip
_STOPS = ("。", "！", "？", "!", "?")
_LABELS = "|".join(sorted(ROLES, key=len, reverse=True))
_CREDIT_LINE = re.compile(rf"^[（(]?({_LABELS})[、：:/]")
_PART = re.compile(rf"((?:{_LABELS})(?:、(?:{_LABELS}))*)[：:/]\s*([^，,；;。（）()：:]+)")


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def text_of(nodes: list[Selector]) -> str:
    return clean(" ".join(t for node in nodes for t in node.xpath(".//text()").getall()))


def credits_of(line: str) -> list[dict[str, str]]:
    """``撰稿、摄影：杨柳`` -> author 杨柳 and photographer 杨柳 (one entry per label and name)."""
    out = []
    for labels, names in _PART.findall(line.strip("（）() ")):
        for label in labels.split("、"):
            for name in re.split(r"[ 、]+", names.strip()):
                if name:
                    out.append({"role": ROLES[label], "label": label, "name": name})
    return out


def read_body(
    nodes: list[Selector], keep: frozenset[str] = frozenset()
) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Paragraphs, captions and credits of the text's blocks, in page order. A caption is the
    short text (at most 40 characters, not a sentence ending in 。) in a block holding an image or
    right after one; a credit line is a short block that starts with a credit label; a caption's
    ``（摄影：…）`` credits its photographer. Texts in ``keep`` are paragraphs whatever they look
    like (what reading the page showed)."""
    paragraphs, captions, credits = [], [], []
    after_image = False
    for node in nodes:
        text, image = text_of([node]), bool(node.xpath(".//img"))
        if not text:
            after_image = image or after_image
            continue
        if text in keep:
            paragraphs.append(text)
        elif _CREDIT_LINE.match(text) and len(text) <= 60:
            credits += credits_of(text)
        elif (image or after_image) and len(text) <= 40 and not text.endswith(_STOPS):
            captions.append(text)
            credits += [
                c for part in re.findall(r"[（(]([^（）()]+)[）)]", text) for c in credits_of(part)
            ]
        else:
            paragraphs.append(text)
        after_image = False
    return paragraphs, captions, credits


def draft(site: str, root: Path) -> list[dict[str, Any]]:
    spec = SITES[site]
    rows = [
        r for r in csv.DictReader((root / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
    ]
    pages = []
    for row in sorted((r for r in rows if r["kind"] == "detail"), key=lambda r: r["file"]):
        html = (root / row["file"]).read_text("utf-8-sig", errors="replace")
        sel = Selector(text=html)
        title = text_of(sel.xpath(spec["title"]))
        topic = text_of(sel.xpath(spec["topics"]))
        date = re.search(r"(\d{4})[.-](\d{2})[.-](\d{2})", text_of(sel.xpath(spec["published"])))
        fix = OVERRIDES.get(row["file"], {})
        paragraphs, captions, credits = read_body(
            sel.xpath(spec["body"]), frozenset(fix.get("paragraphs", ()))
        )
        if paragraphs and paragraphs[0] == title:
            paragraphs = paragraphs[1:]
        if fix.get("cut") and paragraphs[-1].endswith(fix["cut"]):
            paragraphs[-1] = paragraphs[-1].removesuffix(fix["cut"]).strip()
        credits = fix.get("credits", credits)
        body = "\n\n".join(paragraphs)
        skipped = topic in spec["skip"] or re.match(spec.get("skip_pattern", "$^"), topic)
        if skipped or not title or len(body) < 40:
            continue
        pages.append(
            {
                "file": row["file"],
                "half": corpus_half(row["file"]),
                "url": spec["base"] + row["path"],
                "title": title,
                "published": "-".join(date.groups()) if date else None,
                "topics": [topic] if topic else [],
                "credits": credits,
                "captions": captions,
                "body": body,
                "body_first": paragraphs[0],
                "body_last": paragraphs[-1],
            }
        )
    return pages


def sample(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``PER_HALF`` pages of each half, taken in turn from each column (so all columns show)."""
    chosen = []
    for half in ("tuning", "checking"):
        by_column: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for page in pages:
            if page["half"] == half:
                by_column[page["topics"][0]].append(page)
        picked = [
            p for row in zip_longest(*(by_column[c] for c in sorted(by_column))) for p in row if p
        ]
        chosen += picked[:PER_HALF]
    return chosen


def document(site: str, corpus: Path) -> dict[str, Any]:
    """The truth file of ``site``: where its pages are, how the values were written, the pages."""
    return {
        "site": site,
        "corpus": f"sites/{site}",
        "method": (
            "drafted by benchmarks/truth/draft.py (hand-written XPaths of this site), then every "
            "page read and the draft corrected where it was wrong (OVERRIDES in draft.py); "
            "unlabelled sign-offs stay in the body, labelled credit lines after the text are credits"
        ),
        "pages": sample(draft(site, corpus / site)),
    }


if __name__ == "__main__":
    corpus, site = Path(sys.argv[1]), sys.argv[2]
    print(json.dumps(document(site, corpus), ensure_ascii=False, indent=1))
