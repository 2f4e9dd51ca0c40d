"""``credits``: who wrote, edited, reviewed, photographed or supplied the article.

Chain: labelled credits in page order (the metadata lines under the title — the learned
template's ``credits`` and ``meta_line`` rules locate them where the portal has a template — the body's credit
lines, credits in captions, the lines after the body), with the co-authors JSON-LD names beside
a printed author; else a byline: JSON-LD ``author``, ``itemprop=author``, ``rel=author``, an
element the theme names for its byline (``<span class="author">``), the ``author`` meta, a link
to the author's page outside the text, a person's name printed without a label beside the date
under the headline, a member's page linked after "by" or a poster label (forums: the user name,
lower case and all). A furniture block (a line repeated on every page of the portal) is never read
for credits: the page's anatomy leaves such lines out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from newscrawler.extraction import generic
from newscrawler.extraction.credits import Credit, credits_of_fields, plausible_name, split_names
from newscrawler.extraction.text import collapse
from newscrawler.extraction.vocabulary import (
    AUTHOR_WORDS,
    CJK_CHAR,
    NAME_PARTICLES,
    ORGANISATION_WORDS,
    PAGE_FRAME_WORDS,
)

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage

#: Where an author byline is printed when no labelled line gives one, most trusted first; an
#: element the theme names for its byline comes after these (:func:`_class_named_bylines`).
BYLINE_SOURCES = (
    ("generic:itemprop-author", "//*[@itemprop='author']"),
    ("generic:rel-author", "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"),
)
#: Parts of the class words in :data:`AUTHOR_WORDS`, any case of their first letter (``Author``,
#: ``ByLine``): which classes holding one name a byline is decided by its words.
_AUTHOR_CLASS_PARTS = ("uthor", "yline", "riter", "ontributor")
#: Links to an author's page (``/author/jane-roe/``, ``?author=102``): a byline's name where
#: nothing names the byline itself, outside the text (which may link other writers' pages).
AUTHOR_PAGE_LINK = (
    "//a[contains(@href, '/author/') or contains(@href, '?author=') or contains(@href, '&author=')]"
)


#: Links to a forum or blog member's page (``user.php?lookuserid=…``, ``/member/…``,
#: ``space.php?uid=…``): the poster's name where "by" or a poster label is printed before it.
USER_PAGE_LINK = (
    "//a[contains(@href, 'user.php') or contains(@href, '/user/') or contains(@href, '/member/')"
    " or contains(@href, 'uid=') or contains(@href, 'userid=') or contains(@href, 'space.php')]"
)
#: What a forum prints before its poster's name (``发布时间 … by duscha``, ``作者：``, ``楼主：``).
_POSTED_BY = re.compile(r"(?:\bby|作者|发表者|发帖人|楼主)\s*[:：]?\s*$", re.I)


def resolve(page: ArticlePage) -> list[dict[str, str]]:
    """``[{"role", "label", "name"}]`` in page order, each credit once."""
    seen: set[Credit] = set()
    before: list[Credit] = []
    after: list[Credit] = []
    learned = False
    for line in page.meta_lines:
        for credit in credits_of_fields(line.fields):
            if credit not in seen:  # the same byline printed twice (header and footer)
                seen.add(credit)
                learned = learned or line.learned
                (before if line.where == "before" else after).append(credit)
    # The same credit printed twice (a photo credit under each of its captions) is one.
    labelled = list(dict.fromkeys([*before, *page.content.credits, *after]))
    if labelled:
        step = "metadata-lines" if before or after else "body-lines"
        step = "template:credits" if learned else step
        return page.record("credits", step, _with_co_authors(page, labelled))
    names, step = _byline(page)
    if names:
        return page.record("credits", step, _authors(names))
    return []


def _with_co_authors(page: ArticlePage, credits: list[Credit]) -> list[dict[str, str]]:
    """``credits`` with the authors the article's JSON-LD names beside a printed author (a
    byline that prints the first of several ``author`` entries): placed after that author,
    labelled ``Author``. JSON-LD that names none of the printed authors (a CMS account) adds
    nobody."""
    names = [n for obj in page.json_ld_articles for n in _json_ld_names(obj.get("author"))]
    printed = [i for i, c in enumerate(credits) if c.role == "author" and c.name in names]
    result = [c.as_dict() for c in credits]
    if printed:
        known = {c.name for c in credits}
        extra = _authors([n for n in dict.fromkeys(names) if n not in known])
        result[printed[-1] + 1 : printed[-1] + 1] = extra
    return result


def _byline(page: ArticlePage) -> tuple[list[str], str]:
    """Author names of a byline and the step that found them (``[]`` when none)."""
    for obj in page.json_ld_articles:
        names = _json_ld_names(obj.get("author"))
        if names:
            return names, "generic:json-ld-author"
    sources = [
        (step, lambda x=xpath: [n.root for n in page.sel.xpath(x)])
        for step, xpath in BYLINE_SOURCES
    ]
    sources.append(("generic:author-class", lambda: _class_named_bylines(page)))
    for step, find in sources:  # each looked for only when the ones before found nobody
        for node in find():
            if page.in_teaser(node) or not _names_a_byline(node, step):
                continue
            inner = node.xpath(".//*[@itemprop='name']")
            text = collapse((inner or [node])[0].text_content())
            names = list(split_names(re.sub(r"^by\s+", "", text, flags=re.I)))
            if names and all(plausible_name(n) for n in names):
                if step == "generic:author-class" and not _a_bare_byline(text, names):
                    continue
                return names, step
    meta = collapse(page.sel.xpath("//meta[@name='author']/@content").get() or "")
    names = split_names(meta)
    if names and all(plausible_name(n) for n in names) and not meta.startswith("http"):
        return names, "generic:meta-author"
    for node in page.sel.xpath(AUTHOR_PAGE_LINK):
        link = node.root
        text = collapse(link.text_content())
        region = page.region.value
        inside_text = region is not None and (link is region or region in link.iterancestors())
        if inside_text or page.in_teaser(link) or not _outside_the_frame(link):
            continue
        if text and plausible_name(text) and _a_bare_byline(text, [text]):
            return [text], "generic:author-page-link"
    name = _name_beside_the_date(page)
    if name:
        return [name], "generic:name-beside-date"
    for node in page.sel.xpath(USER_PAGE_LINK):
        link = node.root
        text = collapse(link.text_content())
        if _POSTED_BY.search(_text_before(link)) and text and plausible_name(text):
            return [text], "generic:posted-by-user"
    return [], "none"


def _text_before(link: Any) -> str:
    """The text printed right before ``link`` in its parent (``… 22:36:13 by ``)."""
    previous = link.getprevious()
    if previous is not None:
        return previous.tail or ""
    parent = link.getparent()
    return (parent.text or "") if parent is not None else ""


def _name_beside_the_date(page: ArticlePage) -> str | None:
    """A person's name printed without a label beside the date in the line under the headline
    (``Jane Roe | May 2, 2025``, ``May 2, 2025 · Jane Roe, Office of Communications``): the
    byline as English news themes print it. Latin names only, two to four words each
    capitalised, none an organisation's word (:data:`ORGANISATION_WORDS`); the line holds a
    date, and no other unlabelled text."""
    for line in page.meta_lines:
        if line.where != "before" or any(f.label for f in line.fields):
            continue
        values = [f.value for f in line.fields if f.value]
        dated = [v for v in values if page.date(v)]
        others = [v for v in values if v not in dated]
        if len(dated) != 1 or len(others) != 1:
            continue
        name = re.sub(r"^by\s+", "", others[0].split(",")[0].strip(), flags=re.I)
        words = name.split()
        if (
            2 <= len(words) <= 4
            and not CJK_CHAR.search(name)
            and all(re.fullmatch(r"[A-Z][\w'.-]*", w) or w in NAME_PARTICLES for w in words)
            and not {w.lower() for w in words} & ORGANISATION_WORDS
            and plausible_name(name)
        ):
            return name
    return None


def _class_named_bylines(page: ArticlePage) -> list[Any]:
    """Elements whose class may name a byline (:data:`_AUTHOR_CLASS_PARTS`), in page order: a
    loop over the elements, faster than the XPath ``contains()`` of each part."""
    found = []
    for el in page.sel.root.iter(etree.Element):
        classes = el.get("class")
        if classes and any(part in classes for part in _AUTHOR_CLASS_PARTS):
            found.append(el)
    return found


def _names_a_byline(node: Any, step: str) -> bool:
    """For an element found by its class: one whose class or id words name a byline
    (:data:`AUTHOR_WORDS`: ``author``, not ``authority``), outside the page's frame (a footer's
    or sidebar's ``author`` box, :data:`PAGE_FRAME_WORDS`)."""
    if step != "generic:author-class":
        return True
    if not generic.class_words(node) & AUTHOR_WORDS:
        return False
    return _outside_the_frame(node)


def _outside_the_frame(node: Any) -> bool:
    """Not inside the page's frame: its footer, sidebars and menus (:data:`PAGE_FRAME_WORDS`)."""
    return not any(
        a.tag in ("footer", "aside", "nav") or generic.class_words(a) & PAGE_FRAME_WORDS
        for a in node.iterancestors()
    )


def _a_bare_byline(text: str, names: list[str]) -> bool:
    """The text of an element named for the byline prints names only (``By Maria Alvarez``):
    not a labelled field (``发布时间：…``, ``Текст: …``, which the metadata lines read by their
    labels), and each Latin name capitalised word by word (``Ludwig van Beethoven``, not
    ``all posts``)."""
    if re.search(r"[:：]", text):
        return False
    return all(
        CJK_CHAR.search(name) or all(w[:1].isupper() or w in NAME_PARTICLES for w in name.split())
        for name in names
    )


def _authors(names: list[str]) -> list[dict[str, str]]:
    return [Credit("author", "Author", name).as_dict() for name in names]


def _json_ld_names(author: Any) -> list[str]:
    people = author if isinstance(author, list) else [author]
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and plausible_name(collapse(name)):
            names.append(collapse(name))
    return names
