"""Atom 1.0: the newest selected articles as a feed a reader can follow (built with feedgen).

One ``<entry>`` per article, newest first (by ``published``, then by when its content was
archived), at most ``newest`` of them:

- ``id`` and ``link``: the article's URL; ``title``; ``content`` (HTML): the body's paragraphs;
- ``updated``: when the archive stored this content (``changed_at``);
- ``published``: the article's date; a date without a time is given as midnight in the portal's
  UTC offset — the offset its other articles print with a time, else ``+08:00`` for a ``.cn``
  host (the extraction's rule), else UTC — and a month (``1998-03``) as its first day;
- ``category``: each topic; ``author``: each credit whose role is ``author``.

The feed's ``author`` names the sites, so an entry without an author credit still has one (Atom
requires it); its ``updated`` is the newest entry's, or the time of the export when it is empty.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from html import escape
from typing import Any, BinaryIO
from urllib.parse import quote, urlsplit

from feedgen.feed import FeedGenerator

from newscrawler import __version__

#: Entries in a feed unless the caller says otherwise.
NEWEST = 50


def write(
    rows: Iterable[dict[str, Any]],
    out: BinaryIO,
    *,
    newest: int = NEWEST,
    sites: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
) -> int:
    """Write the ``newest`` of ``rows`` (export rows) as an Atom feed; returns how many entries.

    ``sites`` and ``topics`` (the selection's filters, empty meaning any) name the feed: its
    title and its ``id`` (``urn:newscrawler:feed:site=...;topic=...``, stable from one export
    to the next, so readers keep their place).
    """
    chosen = heapq.nlargest(newest, rows, key=_recency)
    feed = FeedGenerator()
    feed.id("urn:newscrawler:feed:" + ";".join(_id_parts(sites, topics)))
    feed.title(_title(sites, topics))
    names = sites or tuple(sorted({row["site"] for row in chosen}))
    feed.author({"name": ", ".join(names) or "newscrawler"})
    feed.generator("newscrawler", __version__)
    stamps = [_time(r["changed_at"]) for r in chosen if r.get("changed_at")]
    feed.updated(max(stamps) if stamps else datetime.now(timezone.utc))
    offsets = _site_offsets(chosen)
    for row in chosen:
        entry = feed.add_entry(order="append")
        entry.id(row["url"])
        entry.link(href=row["url"])
        entry.title(row.get("title") or row["url"])
        entry.updated(_time(row.get("changed_at") or row["fetched_at"]))
        if row.get("published"):
            entry.published(_time(row["published"], offsets.get(row["site"]) or _host_offset(row)))
        for topic in row.get("topics") or []:
            entry.category(term=topic)
        for credit in row.get("credits") or []:
            if credit.get("role") == "author" and credit.get("name"):
                entry.author({"name": credit["name"]})
        paragraphs = [p for p in (row.get("body") or "").split("\n") if p.strip()]
        entry.content("".join(f"<p>{escape(p.strip())}</p>" for p in paragraphs), type="html")
    out.write(feed.atom_str(pretty=True))
    return len(chosen)


def _recency(row: dict[str, Any]) -> tuple[str, str]:
    """Newest first: by ``published`` (ISO text sorts by time within one site's format), then by
    when the content was archived."""
    return (row.get("published") or "", row.get("changed_at") or "")


def _time(value: str, offset: tzinfo | None = None) -> datetime:
    """An archive time or ``published`` value as an aware datetime (in ``offset``, else UTC, when
    it has no offset of its own)."""
    if len(value) == 7:  # a month: 1998-03
        value += "-01"
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=offset or timezone.utc)


def _site_offsets(rows: Iterable[dict[str, Any]]) -> dict[str, tzinfo]:
    """Each site's UTC offset as its articles print it with a time (the first such row's)."""
    offsets: dict[str, tzinfo] = {}
    for row in rows:
        published = row.get("published") or ""
        if len(published) > 10 and row["site"] not in offsets:
            zone = datetime.fromisoformat(published.replace("Z", "+00:00")).tzinfo
            if zone is not None:
                offsets[row["site"]] = zone
    return offsets


def _host_offset(row: dict[str, Any]) -> tzinfo | None:
    """``+08:00`` for an article on a ``.cn`` host, as extraction assumes; else None."""
    host = urlsplit(row["url"]).hostname or ""
    return timezone(timedelta(hours=8)) if host.endswith(".cn") else None


def _id_parts(sites: tuple[str, ...], topics: tuple[str, ...]) -> list[str]:
    return [
        f"{name}={','.join(quote(v, safe='') for v in sorted(values))}"
        for name, values in (("site", sites), ("topic", topics))
        if values
    ] or ["all"]


def _title(sites: tuple[str, ...], topics: tuple[str, ...]) -> str:
    title = "News from " + (", ".join(sites) if sites else "every archived site")
    return title + (f" on {', '.join(topics)}" if topics else "")
