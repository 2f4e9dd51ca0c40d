"""The fixed split of every corpus tuned on into a tuning half and a checking half (issue 17).

A page's half depends on its file name alone, never on its content or on the order the corpus is
read in, so a page stays in its half across runs, machines and corpus growth. Rules are developed
looking at the tuning half only; a change is judged by the checking half.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Literal

Half = Literal["tuning", "checking"]


def corpus_half(name: str) -> Half:
    """``"tuning"`` or ``"checking"`` for a corpus file ``name``.

    Only the last component of ``name`` counts (``"sites/fudan-cs/24248-list.html"`` and
    ``"24248-list.html"`` are in the same half): SHA-1 of its UTF-8 bytes, an even first byte is
    tuning, an odd one checking.
    """
    digest = hashlib.sha1(PurePath(name).name.encode("utf-8")).digest()
    return "tuning" if digest[0] % 2 == 0 else "checking"
