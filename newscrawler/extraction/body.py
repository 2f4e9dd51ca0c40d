"""The article region read as a reader sees it: paragraphs, captions tied to their images,
images, and the credit and metadata lines printed inside the text."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from newscrawler.extraction import generic
from newscrawler.extraction.credits import (
    Credit,
    caption_credits,
    closing_credit,
    credits_of_fields,
    parse_credit_line,
)
from newscrawler.extraction.dates import reprint_issue
from newscrawler.extraction.metalines import split_fields
from newscrawler.extraction.text import (
    collapse,
    display_length,
    image_source,
    is_hidden,
    segments_of,
)
from newscrawler.extraction.urls import absolute
from newscrawler.extraction.vocabulary import (
    CAPTION_TEXT,
    CHINESE_PERSON_NAME,
    FOOTER_DETAIL,
    FURNITURE_LINE,
    LEAD_SKIP_WORDS,
    ORGANISATION_UNIT,
    PAGER_TEXT,
    SECTION_WORDS,
    SITE_IMPRINT,
    SITE_NAME,
    STANDFIRST_WORDS,
    TIME_SPAN,
    TOOLBAR_TEXT,
)

#: A printed count (``1,234``).
INT = re.compile(r"\d[\d,]*")


def printed_count(value: str) -> int | None:
    """The count a views field prints (``1,234``; in brackets, ``<1234>``, ``[56]``, ``（78）``),
    None when it starts with no number (``次``, a script left empty)."""
    number = INT.match(value.strip("<>[]【】()（） "))
    return int(number.group().replace(",", "")) if number else None


#: A paragraph that is one quotation (``“…”``, ``"…"``, ``「…」``, ``『…』``).
_QUOTATION = re.compile(r"“[^“”]*”|\"[^\"]*\"|「[^「」]*」|『[^『』]*』")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_CAPTION_MAX = 160  # display width: a caption is a line, not a paragraph


@dataclass
class BodyParts:
    """The article region read: text blocks, captions ``{image_url, text}``, image URLs, and
    what lines inside the text said (credits, dates, topics, a view count, and the issue dates
    of reprint source lines such as ``——《北京之春》1998年3月号``)."""

    blocks: list[str]
    captions: list[dict[str, Any]]
    images: list[str]
    credits: list[Credit]
    dates: list[str]
    topics: list[str]
    views: int | None
    issues: list[str] = dataclasses.field(default_factory=list)


def _is_caption(text: str, seg: Any, image: Any) -> bool:
    """A caption is one line (:data:`_CAPTION_MAX`), or any length inside an element named for
    it (``figcaption``, ``.caption``: a news agency's caption with its photo credit, a diagram's
    legend)."""
    too_long = not seg.captionish and display_length(collapse(text)) > _CAPTION_MAX
    if too_long or parse_credit_line(text):
        return False
    if not seg.captionish and _QUOTATION.fullmatch(collapse(text)):
        return False  # ``“Very talented people!”`` under a photo: a quoted voice, not a caption
    return (
        seg.captionish
        or seg.block == image.block
        or (seg.centered and image.centered)
        or (seg.centered and _a_label(text))
        or bool(CAPTION_TEXT.search(collapse(text)))
    )


#: Widest (display width) a centred label under a photo is (``沈浩，上海帜讯信息技术股份有限公司 CEO``).
_LABEL_MAX = 60


def _a_label(text: str) -> bool:
    """A centred line under a photo that names what it shows rather than saying something: short
    (:data:`_LABEL_MAX`), no sentence inside or at its end. Its image need not be centred too
    (an editor centres the caption, the theme places the photo)."""
    line = collapse(text)
    return display_length(line) <= _LABEL_MAX and not re.search(r"[。！？!?；;]|\.$|\.\s", line)


def _read_lines(raw: str, body: BodyParts) -> list[str]:
    """Lines of one paragraph that are article text; credit and metadata lines go to ``body``."""
    kept: list[str] = []
    for line in raw.split("\n"):
        text = collapse(line)
        if not text:
            continue
        if FURNITURE_LINE.match(text) or TOOLBAR_TEXT.match(text) or PAGER_TEXT.search(text):
            continue  # a pointer to other pages, a print/close bar or a pager, in the text
        issue = reprint_issue(text)
        if issue:
            body.issues.append(issue)  # ``——《北京之春》1998年3月号``: where and when it appeared
            continue
        people = parse_credit_line(text)
        closing = None if people else closing_credit(text)
        if closing:
            text, people = closing[0], None  # ``…发展。（记者 胡晓蓉）``: the text, then its credit
            body.credits.extend(closing[1])
        fields = split_fields(text) if display_length(text) <= 80 and not people else []
        if people:
            body.credits.extend(people)
        elif (
            fields
            and fields[0].role in ("topic", "views", "published")
            and all(f.role in ("topic", "views", "published", "source", "other") for f in fields)
            and not any(f.role == "published" and TIME_SPAN.search(f.value) for f in fields)
        ):
            for field in fields:
                if field.role == "topic" and field.value:
                    body.topics.append(field.value)
                elif field.role == "views":
                    count = printed_count(field.value)
                    body.views = body.views if count is None else count
                elif field.role == "published":
                    body.dates.append(field.value)
            body.credits.extend(credits_of_fields(fields))
        else:
            kept.append(text)
    return kept


def read_body(root: Any, page_url: str, skip: frozenset = frozenset()) -> BodyParts:
    """Split the body element into paragraphs, captions tied to images, credits and metadata.

    A caption under a paragraph of several images belongs to the first of them (the fixtures'
    rule), so images met in the same block without text between keep the first as target. A
    credit in brackets at the end of a caption (``图为…（摄影：李明）``) is a credit too.
    """
    body = BodyParts([], [], [], [], [], [], None)
    blocks: dict[tuple[int, int], list[str]] = {}
    last_image = None
    image_pending = False
    for seg in segments_of(root, skip):
        if seg.kind == "image":
            src = absolute(page_url, seg.src)
            if src:
                body.images.append(src)
                same_run = image_pending and last_image and last_image[0].block == seg.block
                if not same_run:
                    last_image = (seg, src)
                image_pending = True
            continue
        if (
            last_image
            and (image_pending or seg.captionish)
            and _is_caption(seg.text, seg, last_image[0])
        ):
            text = collapse(seg.text)
            body.captions.append({"image_url": last_image[1], "text": text})
            body.credits.extend(caption_credits(text))
            image_pending = False
            continue
        image_pending = False
        # Two or more <br> in a row end a paragraph (portals use them instead of <p>).
        for part, raw in enumerate(_PARAGRAPH_BREAK.split(seg.text)):
            kept = _read_lines(raw, body)
            if kept:
                blocks.setdefault((seg.block, part), []).append(" ".join(kept))
    paragraphs = [collapse(" ".join(parts)) for parts in blocks.values()]
    body.blocks, author = _opening_byline(_without_imprint([p for p in paragraphs if p]))
    body.credits[:0] = author
    return body


#: How wide (display width) a line before the text is to be the headline printed again.
_HEADLINE_WIDTH = (8, 60)
#: The least width of the paragraph after a byline: prose, not a table's next cell.
_PROSE_WIDTH = 40


def _opening_byline(blocks: list[str]) -> tuple[list[str], list[Credit]]:
    """``blocks`` without the byline under the headline printed again, and its author: a second
    line of only a Chinese name (two or three characters, :data:`CHINESE_PERSON_NAME`; not a
    section word such as ``前言``, not a unit's name) after a short first one, with prose or a
    subtitle after it, as essays and forum posts print their author (``比赛革命的革命 / 胡平 / ——…``). A subtitle
    line right after it (``——对文化革命的政治心理学分析``) goes too: it belongs to the title. A
    name first of all is the headline of a profile, not a byline."""
    if len(blocks) < 3 or not _HEADLINE_WIDTH[0] <= display_length(blocks[0]) <= _HEADLINE_WIDTH[1]:
        return blocks, []
    after = blocks[2]
    if not after.startswith("——") and display_length(after) < _PROSE_WIDTH:
        return blocks, []  # a table's cells (``姓名 / 孙文明 / 任教学科``), not a byline
    name = blocks[1].replace(" ", "").replace("\u3000", "")
    if (
        not CHINESE_PERSON_NAME.fullmatch(name)
        or SECTION_WORDS.match(name)
        or ORGANISATION_UNIT.search(name)
        or SITE_NAME.search(name)
    ):
        return blocks, []
    rest = blocks[2:]
    if len(rest) > 1 and rest[0].startswith("——"):
        rest = rest[1:]
    return blocks[:1] + rest, [Credit("author", "Author", name)]


#: Widest (display width) a closing block of the text that prints the site's imprint is.
_IMPRINT_MAX = 400


def _without_imprint(blocks: list[str]) -> list[str]:
    """``blocks`` without the closing ones that print the site's imprint (:data:`SITE_IMPRINT`:
    a copyright notice, an ICP number) with a footer's details beside it (:data:`FOOTER_DETAIL`:
    registration, address, telephone, a row of links): the site's footer inside the text's own
    box (a table cell or a ``<div>`` holding text and footer), not the article. A copyright line
    alone stays: a wire story prints its own (``© Reuters``). At most the last two blocks are
    read; one longer than a footer stays."""
    kept = list(blocks)
    for _ in range(2):
        last = kept[-1] if len(kept) >= 2 else ""
        if display_length(last) > _IMPRINT_MAX or not (
            SITE_IMPRINT.search(last) and FOOTER_DETAIL.search(last)
        ):
            break
        kept.pop()
    return kept


def images_after(body_root: Any, page_url: str) -> list[str]:
    """Article images printed right after the body element, before any other text (themes that
    put the photos below the text field): following siblings of the body element and of its three
    nearest ancestors, outside boilerplate; icons excluded."""
    found: list[str] = []
    node = body_root
    for _ in range(4):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style"):
                continue
            if generic.is_boilerplate(sibling) or collapse(sibling.text_content()):
                return found
            images = [sibling] if sibling.tag == "img" else list(sibling.iter("img"))
            for img in images:
                src = image_source(img)
                url = absolute(page_url, src) if src else None
                if url:
                    found.append(url)
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return found


@dataclass
class LeadParts:
    """What a template prints between the headline and the body element: the lead image(s) with
    their captions (a featured/hero image field) and a standfirst field."""

    images: list[str]
    captions: list[dict[str, Any]]
    credits: list[Credit]
    standfirst: list[str]


def lead_parts(headline: Any, body_root: Any, page_url: str) -> LeadParts:
    """The lead image, its caption and a standfirst printed between the headline and the body.
    A lead image without a caption is the listing thumbnail the theme repeats, not an article
    photo: only captioned ones are kept.

    Reads the preceding siblings of the body element and of its ancestors (up to four levels),
    back to the box that holds the headline, outside boilerplate, share bars and teaser boxes.
    An image's caption is a ``figcaption`` or an element named caption in its box, else the next
    sibling named caption. Icons are not images. Empty when there is no headline element.
    """
    parts = LeadParts([], [], [], [])
    if headline is None or body_root is None:
        return parts
    between: list[Any] = []
    node = body_root
    for _ in range(4):
        level, reached = [], False
        for sibling in node.itersiblings(preceding=True):
            if sibling is headline or headline in sibling.iterdescendants():
                reached = True  # the headline's box: what lies between ends here
                break
            level.append(sibling)
        between = level[::-1] + between
        if reached:
            break
        node = node.getparent()
        if node is None or node.tag in ("body", "html") or headline in node.iterdescendants():
            break
    pending: tuple[str, Any] | None = None
    for el in between:
        if not isinstance(el.tag, str) or el.tag in ("script", "style") or is_hidden(el):
            continue
        if generic.is_boilerplate(el) or generic.class_words(el) & LEAD_SKIP_WORDS:
            continue
        words = generic.class_words(el)
        images = [el] if el.tag == "img" else list(el.iter("img"))
        urls = [u for u in (absolute(page_url, image_source(i)) for i in images) if u]
        if urls:
            inner = _caption_inside(el)
            if inner:
                _add_caption(parts, urls[0], inner)
                pending = None
            else:
                pending = (urls[0], el)
            continue
        text = collapse(el.text_content())
        if pending and words & {"caption", "figcaption", "credit"} and _CAPTION_WORD.search(text):
            _add_caption(parts, pending[0], text)
        elif words & STANDFIRST_WORDS and text and display_length(text) <= 400:
            parts.standfirst.append(text)
        pending = None
    return parts


#: A caption says something: a word, not a lone ``.`` left by an empty caption field.
_CAPTION_WORD = re.compile(r"[^\W\d_]{2}")


def _caption_inside(el: Any) -> str | None:
    for child in el.iter():
        if isinstance(child.tag, str) and (
            child.tag == "figcaption" or generic.class_words(child) & {"caption", "wp-caption-text"}
        ):
            text = collapse(child.text_content())
            if _CAPTION_WORD.search(text) and display_length(text) <= 2 * _CAPTION_MAX:
                return text
    return None


def _add_caption(parts: LeadParts, url: str, text: str) -> None:
    parts.images.append(url)
    parts.captions.append({"image_url": url, "text": text})
    parts.credits.extend(caption_credits(text))
