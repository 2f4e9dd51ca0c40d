"""Reading an HTML subtree as the blocks a reader sees: paragraphs, images, captions.

The walk keeps what later stages need to tell body text from captions: which block a text came
from, whether it was centred, whether it sat in a ``<figcaption>``, and where images fell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import html as lxml_html

from newscrawler.extraction.vocabulary import CAPTION_CLASS, CJK_CHAR

#: Characters ``str.split()`` does not take for whitespace that a page uses as spaces anyway.
_ZERO_WIDTH = ("\u200b", "\ufeff")

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "blockquote",
        "pre",
        "section",
        "article",
        "figure",
        "figcaption",
        "header",
        "footer",
        "center",
        "form",
        "main",
        "aside",
        "nav",
        "address",
        "hr",
        "caption",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "select",
        "input",
        "textarea",
        "svg",
        "head",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "map",
        "area",
        "link",
        "meta",
        "title",
    ]
)
_CENTER = re.compile(r"text-align\s*:\s*center", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def collapse(text: str) -> str:
    """Whitespace (including no-break and ideographic spaces, zero-width spaces and BOMs)
    collapsed to single spaces, none at either end.

    ``str.split()`` splits on exactly the characters a regular expression's ``\\s`` matches, in
    C and several times faster than a substitution; only the two zero-width characters are
    replaced first."""
    if "\u200b" in text or "\ufeff" in text:  # _spaced, inline: collapse runs on every text
        text = _spaced(text)
    return " ".join(text.split())


def _spaced(text: str) -> str:
    """``text`` with its zero-width spaces and BOMs as plain spaces."""
    for char in _ZERO_WIDTH:
        if char in text:
            text = text.replace(char, " ")
    return text


def visible_text(
    el: lxml_html.HtmlElement,
    holders: set[lxml_html.HtmlElement],
    known: dict[lxml_html.HtmlElement, str],
) -> str:
    """The text of every text node below ``el`` outside ``<script>`` elements, joined as it
    stands (what ``.//text()[not(ancestor::script)]`` selects). ``holders`` are the elements
    with a script below them (their text content counts the script's code); ``known`` keeps the
    texts of holders already read. An HTML parse gives a script no child elements, so below a
    holder only the scripts' own text is left out."""
    if el.tag == "script":
        return ""
    if el not in holders:
        return el.text_content()
    if el in known:
        return known[el]
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag != "script":
            parts.append(visible_text(child, holders, known))
        parts.append(child.tail or "")
    known[el] = text = "".join(parts)
    return text


def elements_printing(root: lxml_html.HtmlElement, text: str) -> Iterator[lxml_html.HtmlElement]:
    """The elements below ``root``'s ``<body>`` (elements named ``script``, ``style``,
    ``title`` and ``option`` aside) whose :func:`visible_text`, whitespace collapsed, is
    ``text``, in page order.

    A subtree whose whole text content is shorter than ``text`` cannot print it (collapsing
    never lengthens a text), so it is not entered, and a long text is collapsed only when it
    opens with ``text``'s first word: one walk of the page's long elements instead of an XPath
    evaluation under every element."""
    holders = {a for script in root.iter("script") for a in script.iterancestors()}
    known: dict[lxml_html.HtmlElement, str] = {}
    first_word = text.split(" ", 1)[0]
    for body in root.iterfind(".//body"):
        stack = list(reversed(body))
        while stack:
            node = stack.pop()
            if not isinstance(node.tag, str):
                continue
            whole = node.text_content()
            if len(whole) < len(text):
                continue
            stack.extend(reversed(node))
            if node.tag in ("script", "style", "title", "option"):
                continue
            own = visible_text(node, holders, known) if node in holders else whole
            if _opens_with(own, first_word) and collapse(own) == text:
                yield node


def outside(
    root: lxml_html.HtmlElement, covering: set[lxml_html.HtmlElement]
) -> Iterator[lxml_html.HtmlElement]:
    """``root``'s descendants (comments too), in page order, leaving out those with an
    ancestor in ``covering`` below ``root``. The caller may add elements to ``covering`` while
    iterating, as long as it adds only descendants of ``root`` not read yet, or the element just
    given: each element is judged when it is reached, by its parent's verdict and the parent
    itself, so no element's ancestors are walked again."""
    covered = {root: False}
    for el in root.iterdescendants():
        parent = el.getparent()
        inside = covered[parent] or parent in covering
        covered[el] = inside
        if not inside:
            yield el


def _opens_with(text: str, word: str) -> bool:
    """False only when ``collapse(text)`` cannot start with the word ``word`` (no whitespace)."""
    if any(char in text for char in _ZERO_WIDTH):
        return True  # a zero-width space may part the first word: collapse to know
    return text.lstrip().startswith(word)


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among non-space characters (0 for empty text)."""
    chars = "".join(_spaced(text).split())
    return len(CJK_CHAR.findall(chars)) / len(chars) if chars else 0.0


def display_length(text: str) -> int:
    """Length where a CJK ideograph counts as two Latin letters, so one limit fits both."""
    return len(text) + len(CJK_CHAR.findall(text))


def displays_at_least(text: str, limit: int) -> bool:
    """``display_length(collapse(text)) >= limit``, answered without collapsing a text too
    short to reach it (collapsing never lengthens, and no character counts more than twice)."""
    return 2 * len(text) >= limit and display_length(collapse(text)) >= limit


@dataclass
class Segment:
    """A run of text or one image, in reading order."""

    kind: str  # "text" or "image"
    block: int  # index of the block element it belongs to
    text: str = ""  # raw text, line breaks kept as "\n"
    src: str | None = None  # image source as written in the page
    centered: bool = False
    captionish: bool = False  # inside <figcaption> or an element whose class says caption
    figure: int | None = None  # index of the enclosing <figure>, if any


@dataclass
class _Walk:
    segments: list[Segment] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    block: int = 0
    blocks_seen: int = 0
    figures_seen: int = 0
    centered: list[bool] = field(default_factory=lambda: [False])
    captionish: list[bool] = field(default_factory=lambda: [False])
    figure: list[int | None] = field(default_factory=lambda: [None])
    skip: frozenset = frozenset()  # elements left out (a profile's ``exclude``)
    pre: int = 0  # depth of <pre> elements, where source line breaks are kept

    def add(self, text: str) -> None:
        """Source text; its line breaks render as spaces (only <br> breaks a line) outside <pre>."""
        self.buffer.append(text if self.pre else text.replace("\r", " ").replace("\n", " "))

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        if collapse(text):
            self.segments.append(
                Segment(
                    "text",
                    self.block,
                    text=text,
                    centered=self.centered[-1],
                    captionish=self.captionish[-1],
                    figure=self.figure[-1],
                )
            )


#: Image paths of editor icons and file-type glyphs, never article photos.
_ICON_SRC = re.compile(
    r"(^|/)icons?[_/-]|/_ueditor/.*?/images/|/(fileicons?|file_icons?)/|\bspacer\.gif$", re.I
)
_ICON_SIZE = 32  # pixels: an image this small in both directions is a glyph


def is_icon(el: lxml_html.HtmlElement, src: str) -> bool:
    """True for an icon (``icon_doc.gif``, ``/_ueditor/…/images/…``, at most 32×32 pixels)."""
    if _ICON_SRC.search(src):
        return True
    sizes = [el.get("width", ""), el.get("height", "")]
    numbers = [int(v) for v in (s.strip().removesuffix("px") for s in sizes) if v.isdigit()]
    return len(numbers) == 2 and max(numbers) <= _ICON_SIZE


def image_source(el: lxml_html.HtmlElement) -> str | None:
    """The image's source as written (``src``, else a lazy-loading attribute); None for an icon."""
    for attr in ("src", "data-src", "data-original", "original-src", "orisrc"):
        value = el.get(attr)
        if value and not value.startswith("data:"):
            return None if is_icon(el, value) else value.strip()
    return None


def is_hidden(el: lxml_html.HtmlElement) -> bool:
    """True for an element a reader never sees (inline ``display:none``, ``hidden``)."""
    return bool(_HIDDEN.search(el.get("style", ""))) or el.get("hidden") is not None


def _walk(el: lxml_html.HtmlElement, state: _Walk) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None or tag.lower() in SKIP_TAGS or el in state.skip or is_hidden(el):
        if el.tail:
            state.add(el.tail)
        return
    tag = tag.lower()
    # A caption is a line of its own whatever its tag (``<td class="caption">`` under the image's cell).
    is_block = tag in BLOCK_TAGS or bool(CAPTION_CLASS.search(el.get("class", "")))
    if is_block:
        state.flush()
        state.blocks_seen += 1
        parent_block = state.block
        state.block = state.blocks_seen
        style_center = bool(_CENTER.search(el.get("style", ""))) or el.get("align", "").lower() == (
            "center"
        )
        state.centered.append(state.centered[-1] or style_center or tag == "center")
        state.captionish.append(
            state.captionish[-1]
            or tag == "figcaption"
            or bool(CAPTION_CLASS.search(el.get("class", "")))
        )
        if tag == "figure":
            state.figures_seen += 1
            state.figure.append(state.figures_seen)
        else:
            state.figure.append(state.figure[-1])
    if tag == "br":
        state.buffer.append("\n")
    elif tag == "img":
        src = image_source(el)
        if src:
            state.flush()
            state.segments.append(
                Segment(
                    "image",
                    state.block,
                    src=src,
                    centered=state.centered[-1],
                    figure=state.figure[-1],
                )
            )
    elif tag in ("td", "th"):
        state.buffer.append(" ")
    state.pre += tag == "pre"
    if el.text:
        state.add(el.text)
    for child in el:
        _walk(child, state)
    state.pre -= tag == "pre"
    if is_block:
        state.flush()
        state.block = parent_block
        state.centered.pop()
        state.captionish.pop()
        state.figure.pop()
    if el.tail:
        state.add(el.tail)


def segments_of(root: lxml_html.HtmlElement, skip: frozenset = frozenset()) -> list[Segment]:
    """The text runs and images under ``root`` in reading order, leaving out ``skip``.

    Skipping instead of removing keeps the page intact for the fields read after the body.
    """
    state = _Walk(skip=skip)
    state.block = 0
    if root.text:
        state.add(root.text)
    for child in root:
        _walk(child, state)
    state.flush()
    return state.segments
