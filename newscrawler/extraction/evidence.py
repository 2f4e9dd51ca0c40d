"""What the crawl knows about an article before reading it: listing evidence.

A listing row that links an article says how the portal lists it: the link's text (the title as
listed, possibly cut with ``…``), the date printed in the row, and the column the row sits in.
Sitemaps and feeds say what they carry (a title, a date). Extraction takes these as inputs, so an
article's fields can be confirmed or supplied by the portal's own listing (issue 17).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Where a piece of evidence was read.
SOURCES = ("listing", "sitemap", "feed", "profile")


@dataclass(frozen=True)
class ListingEvidence:
    """One listing row (or sitemap/feed entry) that links an article.

    ``title``: the link's text as listed, whitespace collapsed (may end with ``…`` or ``...`` when
    the portal cut it); ``published``: the ISO date (``YYYY-MM-DD``) printed in the row;
    ``column``: the column the article is listed in (the listing page's heading or breadcrumb, or
    the profile's name for that start URL); ``source``: one of :data:`SOURCES`; ``listing_url``:
    the page the row was read from. Every field may be ``None`` where the row does not show it.
    """

    title: str | None = None
    published: str | None = None
    column: str | None = None
    source: str = "listing"
    listing_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the archive stores it as one JSON object per row)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListingEvidence:
        """The inverse of :meth:`to_dict`; unknown keys are ignored (older or newer rows)."""
        known = {k: data.get(k) for k in ("title", "published", "column", "listing_url")}
        return cls(source=str(data.get("source") or "listing"), **known)
