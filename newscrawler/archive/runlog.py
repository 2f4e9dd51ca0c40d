"""The run log: one ``crawls`` row per run, saying honestly how the run went.

A run's ``status`` is one of:

- ``running`` while it runs;
- ``finished``: it did its job;
- ``failed``: it could not (``reason``: ``start_urls_failed``, ``store_failed``, ``jsonl_failed``,
  or the Scrapy close reason that ended it);
- ``empty``: listing pages were read but gave no article links (``no_article_links``);
- ``degraded``: it finished, but item fields the site's articles used to have are now mostly
  empty (``degraded_fields``): the portal's template changed, the profile needs fixing;
- ``partial``: it ran to its end, but the portal did not deliver some pages, view counters or
  media for a passing cause (``unfetched``: down, timeouts, 5xx, 429; ``crawls.unfetched``
  counts them): the next run fetches them again (and walks every listing page);
- ``interrupted``: stopped by a signal (``shutdown``) or killed (``killed``, found by the next run).

``capped`` is set beside any status when the listing-page cap stopped a walk. Reasons are names
from :mod:`newscrawler.reasons`. Counts come from the run's Scrapy stats (keys below and in
``newscrawler.reasons``); :class:`RunLog` is plain Python so any writer of the archive can keep
a run log, the Scrapy extension in :mod:`newscrawler.crawl.runlog_extension` is one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newscrawler import reasons, stat_keys
from newscrawler.archive import now_iso
from newscrawler.archive.store import Archive
from newscrawler.schema import WATCHED_FIELDS

#: Statuses that count as done for scheduling (``crawl --due``).
DONE = ("finished", "degraded")

#: ``crawls`` columns holding ``{reason: count}`` as JSON, by the reasons' kind.
REASON_COLUMNS = {
    "errors": "error_reasons",
    "skipped": "skipped_reasons",
    "dropped": "dropped_reasons",
}


@dataclass(frozen=True)
class FieldWatch:
    """When a field counts as dropped: it was filled in at least ``baseline`` of the articles the
    site's last ``runs`` finished runs stored, and this run has it in under ``drop`` times that
    share. Runs storing fewer than ``min_articles`` (this one, or the baseline runs together)
    are not judged."""

    baseline: float = 0.8
    drop: float = 0.5
    min_articles: int = 5
    runs: int = 5


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str | None = None
    degraded: list[str] = field(default_factory=list)


def field_counts(stats: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
    """(articles stored, {field: articles having it}) from a run's stats."""
    return int(stats.get(stat_keys.STORED, 0)), {
        name: int(stats.get(stat_keys.FILLED + name, 0)) for name in WATCHED_FIELDS
    }


def dropped_fields(
    articles: int,
    filled: Mapping[str, int],
    baseline: Mapping[str, tuple[int, int]],
    watch: FieldWatch = FieldWatch(),
) -> list[str]:
    """Fields whose share fell sharply: ``baseline`` maps field -> (articles, filled) summed
    over the previous good runs."""
    if articles < watch.min_articles:
        return []
    out = []
    for name, (before_articles, before_filled) in baseline.items():
        if before_articles < watch.min_articles:
            continue
        before = before_filled / before_articles
        now = filled.get(name, 0) / articles
        if before >= watch.baseline and now < before * watch.drop:
            out.append(name)
    return sorted(out)


def judge(stats: Mapping[str, Any], close_reason: str, degraded: list[str]) -> Verdict:
    """The status of a run from its stats, Scrapy's close reason and its dropped fields."""
    fatal = [
        name
        for name, n in reasons.counted(stats)["errors"].items()
        if n and reasons.lookup(name).fatal
    ]
    if fatal:
        return Verdict("failed", sorted(fatal)[0])
    if close_reason == "shutdown":
        return Verdict("interrupted", "shutdown")
    if close_reason != "finished":
        return Verdict("failed", close_reason)
    if not stats.get(stat_keys.LISTING_PAGES):
        return Verdict("failed", "start_urls_failed")
    if not stats.get(stat_keys.ARTICLE_LINKS):
        return Verdict("empty", "no_article_links")
    if stats.get(stat_keys.UNFETCHED):
        return Verdict("partial", "unfetched")
    if degraded:
        return Verdict("degraded", "fields_dropped", degraded)
    return Verdict("finished")


def failure_cause(
    row: Mapping[str, Any], start_urls: Sequence[str] = (), timeout: float | None = None
) -> str | None:
    """Why a run whose start URLs all failed failed, as a person says it: ``DNS lookup failed for
    news.example.edu.cn``, ``connection refused by 127.0.0.1:8000``, ``timed out after 180 s``,
    ``HTTP 503``; None when the row is no such failure or counted no download error.
    ``start_urls``: where the run started (for the host); ``timeout``: ``DOWNLOAD_TIMEOUT``, s."""
    if row.get("reason") != "start_urls_failed":
        return None
    errors = row.get("error_reasons") or "{}"
    errors = json.loads(errors) if isinstance(errors, str) else dict(errors)
    if not errors:
        return None
    name = max(sorted(errors), key=lambda n: errors[n])  # the commonest error
    parts = [urlsplit(u) for u in start_urls]
    hosts = ", ".join(dict.fromkeys(p.hostname or "" for p in parts))
    netlocs = ", ".join(dict.fromkeys(p.netloc for p in parts))
    if name == "dns_lookup":
        return f"DNS lookup failed for {hosts}" if hosts else "DNS lookup failed"
    if name == "connection_refused":
        return f"connection refused by {netlocs}" if netlocs else "connection refused"
    if name == "timeout":
        return f"timed out after {timeout:g} s" if timeout else "timed out"
    if name.startswith("http_"):
        return f"HTTP {name[5:]} from {netlocs}" if netlocs else f"HTTP {name[5:]}"
    return f"{name}: {reasons.describe(name) or 'see the log'}"


def note(
    row: Mapping[str, Any], start_urls: Sequence[str] = (), timeout: float | None = None
) -> str:
    """A short note on a ``crawls`` row for tables: why it is not plainly finished (with the
    cause of a failure, see :func:`failure_cause`)."""
    parts = []
    if row.get("status") == "degraded":
        fields = row.get("degraded_fields") or "[]"
        fields = json.loads(fields) if isinstance(fields, str) else fields
        parts.append("fields dropped: " + ", ".join(fields))
    elif row.get("status") == "partial":
        parts.append(f"{row.get('unfetched') or 0} not fetched")
    elif row.get("reason"):
        cause = failure_cause(row, start_urls, timeout)
        parts.append(f"{row['reason']}: {cause}" if cause else str(row["reason"]))
    if row.get("capped"):
        parts.append("capped")
    return "; ".join(parts)


def advice(
    row: Mapping[str, Any],
    start_urls: Sequence[str] = (),
    timeout: float | None = None,
    cms: str | None = None,
) -> str | None:
    """One line telling a person what a run that is not plainly finished means and what to do
    (None for a finished run). ``start_urls``: where the run started, for the empty-run hint and
    the failure's cause; ``timeout``: ``DOWNLOAD_TIMEOUT`` in seconds; ``cms``: the family the
    run used (an ``auto`` run is not told to try ``auto``)."""
    status, reason, site = row.get("status"), row.get("reason"), row.get("site")
    if status == "empty":
        where = ", ".join(start_urls) or "the start URL"
        if cms == "auto":
            fix = (
                " A home page or an article is not: `newscrawler add URL --dry-run` finds the"
                " site's news columns."
            )
        else:
            fix = " Wrong --cms? Try --cms auto."
        return (
            f"{site}: the listing pages gave no article links. Is {where} a listing page (a list"
            f" of news with links to the articles)?{fix}"
        )
    if status == "degraded":
        return (
            f"{site}: {note(row)} — the portal's pages changed; fix the site profile's selectors"
            " (check one page with `newscrawler extract`)."
        )
    if status == "partial":
        return (
            f"{site}: partial: {row.get('unfetched') or 0} pages, view counters or media were"
            " not delivered (the portal down or overloaded?); the next run fetches them again."
        )
    if status in ("failed", "interrupted") and reason:
        cause = failure_cause(row, start_urls, timeout)
        if cause:
            return f"{site}: {status}: {cause} — {reasons.describe(reason)}."
        return f"{site}: {status}: {reason} — {reasons.describe(reason) or 'see the log'}."
    return None


def row_reasons(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The counted reasons of a ``crawls`` row, each ``{kind, name, count, description}``
    (kinds in :data:`newscrawler.reasons.COUNTED_KINDS` order, names sorted)."""
    out = []
    for kind in reasons.COUNTED_KINDS:
        counts = json.loads(row.get(REASON_COLUMNS[kind]) or "{}")
        out += [
            {"kind": kind, "name": name, "count": n, "description": reasons.describe(name)}
            for name, n in sorted(counts.items())
        ]
    return out


class RunLog:
    """The ``crawls`` row of one run of ``site`` in ``archive``: :meth:`start`, then :meth:`finish`.

    ``archive`` holds the write lock, so a row of the site still ``running`` when a run starts
    belongs to a run that was killed: it is marked ``interrupted`` (``killed``).
    """

    def __init__(self, archive: Archive, site: str, watch: FieldWatch = FieldWatch()) -> None:
        self.db = archive.db
        self.site = site
        self.watch = watch
        self.crawl_id: int | None = None
        #: The judged row, set by :meth:`finish` (even when writing it failed).
        self.row: dict[str, Any] | None = None

    def start(self) -> int:
        """Insert the run's ``running`` row; returns its id."""
        with self.db.conn:
            self.db.execute(
                "update crawls set status = 'interrupted', reason = 'killed'"
                " where status = 'running' and site = ?",
                [self.site],
            )
            self.crawl_id = (
                self.db["crawls"]
                .insert({"site": self.site, "started_at": now_iso(), "status": "running"})
                .last_pk
            )
        return self.crawl_id

    def baseline(self) -> dict[str, tuple[int, int]]:
        """Field -> (articles, filled) summed over the site's last good runs before this one."""
        rows = self.db.execute(
            "select f.field, sum(f.articles), sum(f.filled) from crawl_fields f where f.crawl_id in"
            " (select c.id from crawls c where c.site = ? and c.status = 'finished' and c.id < ?"
            "  and exists (select 1 from crawl_fields g where g.crawl_id = c.id and g.articles > 0)"
            "  order by c.id desc limit ?)"
            " group by f.field",
            [self.site, self.crawl_id, self.watch.runs],
        ).fetchall()
        return {name: (articles, filled) for name, articles, filled in rows}

    def finish(self, stats: Mapping[str, Any], close_reason: str) -> dict[str, Any]:
        """Judge the run from its Scrapy ``stats`` and ``close_reason``, write its row and its
        field shares, and return the row. When the row cannot be written (``sqlite3.Error``: a
        full disk), it is raised and the judged row is still in :attr:`row`."""
        if self.crawl_id is None:
            raise RuntimeError("finish() before start()")
        articles, filled = field_counts(stats)
        verdict = judge(
            stats, close_reason, dropped_fields(articles, filled, self.baseline(), self.watch)
        )
        counted = reasons.counted(stats)
        row = {
            "finished_at": now_iso(),
            "status": verdict.status,
            "reason": verdict.reason,
            "degraded_fields": json.dumps(verdict.degraded) if verdict.degraded else None,
            "capped": int(bool(stats.get(stat_keys.LISTINGS_CAPPED))),
            "discovery": json.dumps(
                {
                    key[len(stat_keys.DISCOVERY) :]: int(value)
                    for key, value in sorted(stats.items())
                    if key.startswith(stat_keys.DISCOVERY)
                }
            ),
            "complete": int(
                verdict.status in DONE and not stats.get(stat_keys.LISTINGS_INCOMPLETE)
            ),
            "pages": int(stats.get("response_received_count", 0)),
            **{status: int(stats.get(key, 0)) for status, key in stat_keys.OUTCOMES.items()},
            "dropped": sum(counted["dropped"].values()),
            "errors": sum(counted["errors"].values()),
            "unfetched": int(stats.get(stat_keys.UNFETCHED, 0)),
            **{
                column: json.dumps(counted[kind], sort_keys=True)
                for kind, column in REASON_COLUMNS.items()
            },
        }
        self.row = {"id": self.crawl_id, "site": self.site, **row}
        with self.db.conn:
            self.db["crawls"].update(self.crawl_id, row)
            self.db["crawl_fields"].insert_all(
                [
                    {"crawl_id": self.crawl_id, "field": name, "articles": articles, "filled": n}
                    for name, n in filled.items()
                ],
                replace=True,
            )
        return {"id": self.crawl_id, "site": self.site, **row}
