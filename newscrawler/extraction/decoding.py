"""Page bytes to text: the charset that decodes the bytes, never text full of U+FFFD."""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

#: Tried, in order, when neither the header nor the page names a charset that decodes the bytes.
FALLBACK_ENCODINGS = ("utf-8", "gb18030")
#: As browsers do: a page labelled with a legacy Chinese charset is read as its superset.
#: Broken characters tolerated in a page otherwise valid in its charset (and at most 1 in 500).
MAX_BROKEN = 50
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ascii": "cp1252"}
_LATIN1 = re.compile(r"^(latin[-_]?1|iso[-_]?8859[-_]?1|us-ascii|ascii|cp1252|windows-1252)$", re.I)


class UndecodableError(ValueError):
    """No charset decodes the page: the header's, the page's own, UTF-8 and GB18030 all fail.

    The crawl counts such a page as ``undecodable`` (this class's ``reason``) and skips it.
    """

    reason = "undecodable"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _SUPERSET.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Page bytes to text.

    Candidates in order: the byte-order mark, the HTTP header's charset, the page's own
    ``<meta charset>``, then UTF-8 and GB18030 (old Chinese pages declare nothing). The first that
    decodes the bytes without error wins, so bytes invalid in the header's charset but valid in
    the page's declared one use the declared one. A Latin-1-style label decodes anything, so it
    is tried only after the others. When none decodes every byte, the first that fails on at
    most :data:`MAX_BROKEN` characters (and 1 in 500) is used, those shown as U+FFFD. Raises
    :class:`UndecodableError` when no charset decodes the bytes.
    """
    bom, mark = read_bom(body)
    if bom and mark:
        text = _strict(body[len(mark) :], bom)
        if text is None:
            raise UndecodableError(
                f"the page's bytes are not valid {bom} despite its byte-order mark"
            )
        return text
    declared = [
        _codec(http_content_type_encoding(content_type) if content_type else None),
        _codec(html_body_declared_encoding(body)),
    ]
    strict = [e for e in declared if e and not _LATIN1.match(e)]
    lenient = [e for e in declared if e and _LATIN1.match(e)]
    tried: list[str] = []
    for encoding in [*strict, *FALLBACK_ENCODINGS, *lenient]:
        if encoding in tried:
            continue
        tried.append(encoding)
        text = _strict(body, encoding)
        if text is not None:
            return text
    # A stray broken character in an otherwise valid page is shown as U+FFFD, as browsers do;
    # a page where a charset fails more than that is not text in that charset.
    for encoding in tried:
        text = body.decode(encoding, errors="replace")
        broken = text.count("\ufffd")
        if broken <= MAX_BROKEN and broken <= len(text) / 500:
            return text
    raise UndecodableError(f"no charset decodes the page (tried {', '.join(tried)})")
