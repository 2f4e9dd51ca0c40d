"""Making Chinese (and Japanese kana) text searchable with FTS5's ``unicode61`` tokenizer.

``unicode61`` splits on spaces and punctuation only, so a run of Chinese characters becomes one
long token and ``学校`` never matches inside it; the ``trigram`` tokenizer cannot match two-character
words. Instead the search index stores a copy of the text with a zero-width space (U+200B, a
separator for ``unicode61``) on both sides of every CJK character: each character becomes a token
while English words stay whole (and unstemmed). A query turns each CJK run into a phrase of its
characters, which FTS5 matches only where they are adjacent — i.e. as the original substring.

The spacing exists twice: in Python (registered as the SQL function ``nc_space_cjk`` on every
connection newscrawler opens, which indexes rows), and as a pure SQL expression for queries typed
into Datasette's canned search, which has no Python function. Both read the same :data:`RANGES`.
"""

from __future__ import annotations

import re

#: Code point ranges (inclusive) treated as one token per character.
RANGES: tuple[tuple[int, int], ...] = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x323AF),  # Extensions B-H
)

#: Zero-width space: invisible in snippets, a token separator for ``unicode61``.
SEPARATOR = "\u200b"

#: Characters per chunk when SQL walks a text (SQLite's ``substr`` counts characters from the
#: start of the string, so walking a long text one character at a time would be quadratic).
_CHUNK = 32


_CJK_RUN = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in RANGES) + "]+")


def _space_run(match: re.Match[str]) -> str:
    # One join per run of CJK characters: ten times faster than a substitution per character.
    return SEPARATOR + (SEPARATOR * 2).join(match.group()) + SEPARATOR


def space_cjk(text: str) -> str:
    """``text`` with :data:`SEPARATOR` around every CJK character (the indexed form)."""
    return _CJK_RUN.sub(_space_run, text)


def unspace(text: str) -> str:
    """The indexed form back to the text as written (for snippets)."""
    return text.replace(SEPARATOR, "")


def _sequence_sql(length: str) -> str:
    """A JSON array of ``length`` zeros, so ``json_each`` yields keys 0..length-1.

    Triggers may not use ``WITH RECURSIVE``; ``json_each`` is the loop SQLite allows there.
    """
    return f"'[' || rtrim(replace(hex(zeroblob({length})), '00', '0,'), ',') || ']'"


def space_cjk_sql(expr: str) -> str:
    """An SQL expression equal to :func:`space_cjk` applied to the SQL expression ``expr``.

    Text without any CJK character is returned as is (a cheap ``GLOB``), so English articles cost
    nothing extra to index. Otherwise the text is cut into chunks of ``_CHUNK`` characters, each
    chunk into characters, and the characters are concatenated in order with separators added.
    """
    is_cjk_sql = " or ".join(f"unicode(c) between {low} and {high}" for low, high in RANGES)
    char_class = "".join(f"{chr(low)}-{chr(high)}" for low, high in RANGES)
    chunks = (
        f"(select json_group_array(substr({expr}, k.key * {_CHUNK} + 1, {_CHUNK}))"
        f" from json_each({_sequence_sql(f'(length({expr}) + {_CHUNK - 1}) / {_CHUNK}')}) as k)"
    )
    return (
        f"(case when {expr} glob '*[{char_class}]*' then ("
        f"select group_concat(case when {is_cjk_sql}"
        f" then char({ord(SEPARATOR)}) || c || char({ord(SEPARATOR)}) else c end, '')"
        f" from (select substr(chunk.value, s.key + 1, 1) as c"
        f" from json_each({chunks}) as chunk, json_each({_sequence_sql('length(chunk.value)')}) as s)"
        f") else {expr} end)"
    )
