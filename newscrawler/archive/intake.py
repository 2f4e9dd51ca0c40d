"""The intake: how an extracted item becomes archive rows, whichever path brings it.

Three steps, the same for a single-machine crawl (the Scrapy pipelines), the cluster's ingester
and ``reextract``, each a thin adapter over them:

1. :func:`prepare` checks an item against the schema (:mod:`newscrawler.schema`) and repairs
   what can be repaired, or names the reason (:mod:`newscrawler.reasons`) it is dropped for;
2. :func:`store` writes prepared items and page checks with :meth:`Archive.store`;
3. and counts what the archive decided into the caller's stats (:func:`tally`).

Stats are any object with Scrapy's ``inc_value(key, count=1, start=0)``: the crawl's stats
collector, or a :class:`CounterStats` over a ``Counter`` (the ingester's per-site counters).
Keys written: the reasons an item is dropped for (``missing_<key>``, ``malformed_item``,
``duplicate_content``, counted by :func:`newscrawler.reasons.count`), ``newscrawler/bad_value/<key>`` (a value of
the wrong shape, stored as empty), ``newscrawler/bad_date`` (a date not in ISO 8601, stored as
``None``), ``newscrawler/empty_field/<site>/<key>``, ``newscrawler/<status>`` per archive
decision (new, changed, unchanged, gone), ``newscrawler/stored`` and
``newscrawler/filled/<key>`` per watched field the stored article has.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, Protocol

import sqlite_utils

from newscrawler import reasons, stat_keys
from newscrawler.archive.store import Archive, Stored
from newscrawler.schema import WATCHED_FIELDS, Place, fields_at, is_filled

logger = logging.getLogger(__name__)

_KEYS = fields_at(Place.KEY)


class Stats(Protocol):
    """Where outcomes are counted: Scrapy's stats collector has this method."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


class CounterStats:
    """A ``Counter`` as :class:`Stats` (``counter`` is filled in place)."""

    def __init__(self, counter: Counter[str]) -> None:
        self.counter = counter

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.counter[key] += count


def prepare(item: MutableMapping[str, Any], stats: Stats) -> str | None:
    """Check ``item`` (an article item: a mapping with the schema's item keys) against the
    schema; returns the reason it is dropped for, counted in ``stats``, or ``None``.

    Dropped: a required key without non-empty text (``missing_<key>``, the first one in schema
    order); no ``content_hash``, or ``media`` entries without a URL (``malformed_item``: a
    damaged or foreign item). Repaired in place, the article kept: a value of the wrong shape
    (logged, ``bad_value/<key>``) and a malformed date (logged, ``bad_date``) become empty;
    an empty or missing key gets its kind's empty value (``[]`` for a list, else ``None``),
    counted ``empty_field/<site>/<key>``.
    """
    url = item.get("url")
    for field in _KEYS:
        value = item.get(field.name)
        if field.required and not (isinstance(value, str) and value.strip()):
            return _count_drop(stats, f"missing_{field.name}", url)
    flaw = _malformed(item)
    if flaw is not None:
        return _count_drop(stats, "malformed_item", url, flaw)
    for field in _KEYS:
        value = item.get(field.name)
        if value is None:
            continue
        if not field.kind.accepts(value):
            logger.warning(
                "bad %s %r on %s: not %s, stored as empty",
                field.name, value, url, field.kind.json_doc(),
            )  # fmt: skip
            stats.inc_value(stat_keys.BAD_VALUE + field.name)
            item[field.name] = None
        elif not field.kind.well_formed(value):
            logger.warning("bad date %r on %s: stored as None", value, url)
            stats.inc_value(stat_keys.BAD_DATE)
            item[field.name] = None
    for field in _KEYS:
        if item.get(field.name) in (None, []):
            item[field.name] = field.kind.empty()
            stats.inc_value(f"{stat_keys.EMPTY_FIELD}{item.get('site')}/{field.name}")
    return None


def _count_drop(stats: Stats, reason: str, url: Any, detail: str = "") -> str:
    reasons.count(stats, reason)
    logger.warning("dropped %s: %s%s", url, reason, f" ({detail})" if detail else "")
    return reason


def _malformed(item: Mapping[str, Any]) -> str | None:
    """What makes an item unstorable beyond its required text fields (a foreign or damaged
    item: the extractor's always pass), or None."""
    if not isinstance(item.get("content_hash"), str) or not item["content_hash"]:
        return "no content_hash"
    media = item.get("media") or []
    if not isinstance(media, list) or not all(
        isinstance(m, Mapping) and isinstance(m.get("url"), str) for m in media
    ):
        return "media entries without a url"
    return None


def store(
    archive: Archive,
    articles: Sequence[Mapping[str, Any]],
    checks: Sequence[Mapping[str, Any]] = (),
    *,
    stats: Callable[[Mapping[str, Any]], Stats],
    then: Callable[[sqlite_utils.Database], None] | None = None,
    revised: bool = False,
) -> Stored:
    """Store prepared ``articles`` and page ``checks`` in one transaction
    (:meth:`Archive.store`, which also takes ``then`` and ``revised``), then :func:`tally`
    each one into ``stats(item)``: the stats an item's or check's outcome is counted in.
    Raises ``sqlite3.Error`` when the batch cannot be written (nothing of it is, nothing is
    counted)."""
    stored = archive.store(articles, checks, then=then, revised=revised)
    tally(stored, articles, checks, stats)
    return stored


def tally(
    stored: Stored,
    articles: Sequence[Mapping[str, Any]],
    checks: Sequence[Mapping[str, Any]],
    stats: Callable[[Mapping[str, Any]], Stats],
) -> None:
    """Count what the archive decided (``stored``) for each of ``articles`` and ``checks``.

    A duplicate counts the dropped reason ``duplicate_content``; a stored article its status,
    ``stored`` and ``filled/<key>`` for each watched field it has; a check ``unchanged`` (304)
    or ``gone`` (404/410 of an article not gone before)."""
    for item, status in zip(articles, stored.statuses, strict=True):
        sink = stats(item)
        if status == "duplicate":
            reasons.count(sink, "duplicate_content")
            continue
        sink.inc_value(stat_keys.OUTCOMES[status])
        sink.inc_value(stat_keys.STORED)
        for name in WATCHED_FIELDS:
            if is_filled(item.get(name)):
                sink.inc_value(stat_keys.FILLED + name)
    for check, outcome in zip(checks, stored.check_outcomes, strict=True):
        if outcome is not None:
            stats(check).inc_value(stat_keys.OUTCOMES[outcome])
