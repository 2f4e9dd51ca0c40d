"""The image and attachment files a replica portal serves: deterministic bytes per path.

Any path ending in an image or document suffix answers with bytes derived from the path alone
(a few KB for an image, tens of KB for a document), so a crawl's media rows can be checked
against what was served without storing anything.
"""

from __future__ import annotations

import hashlib

#: suffix -> (Content-Type, size range in bytes as (smallest, spread))
MEDIA_TYPES: dict[str, tuple[str, tuple[int, int]]] = {
    ".jpg": ("image/jpeg", (2_000, 6_000)),
    ".jpeg": ("image/jpeg", (2_000, 6_000)),
    ".png": ("image/png", (2_000, 6_000)),
    ".gif": ("image/gif", (500, 1_000)),
    ".pdf": ("application/pdf", (30_000, 30_000)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (30_000, 30_000),
    ),
    ".zip": ("application/zip", (30_000, 30_000)),
}


def media_file(path: str) -> tuple[str, bytes] | None:
    """``(content type, body)`` of the file at ``path``, or None when it is no media path."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix not in MEDIA_TYPES:
        return None
    content_type, (smallest, spread) = MEDIA_TYPES[suffix]
    seed = hashlib.sha256(path.encode("utf-8")).digest()
    size = smallest + int.from_bytes(seed[:4], "big") % spread
    blocks = (size + 31) // 32
    body = b"".join(hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range(blocks))
    return content_type, body[:size]
