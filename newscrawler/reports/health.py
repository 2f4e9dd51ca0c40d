"""Each site's health from its run log: last success, failing streak, next due time, fields
whose fill rate dropped — what ``newscrawler health`` prints and ``crawl --due`` schedules by.

**Back-off.** A run that did not do its job (``failed`` or ``empty``) starts or extends the site's
failing streak; ``interrupted`` runs (Ctrl-C, a kill) neither count nor break it. After the first
failure the site stays due (a passing network hiccup is retried at the next cron tick); after
``n >= 2`` failures in a row it is next due ``every × 2^(n-2)`` after the last failure, at most
:data:`BACKOFF_CAP` later — so a portal that is down for weeks costs one attempt a week, and a
success resets the streak.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlite_utils

from newscrawler.archive.runlog import DONE, FieldWatch, dropped_fields, note
from newscrawler.profiles import SiteProfile

#: The longest wait between two attempts of a failing site.
BACKOFF_CAP = timedelta(days=7)
#: Statuses that start or extend a failing streak.
FAILING = ("failed", "empty")

#: Health states; ``failing``, ``degraded`` and ``overdue`` make ``health`` exit 1.
UNHEALTHY = ("failing", "degraded", "overdue")
_WATCH = FieldWatch()


@dataclass
class SiteState:
    """One site's health. Times are ISO 8601 UTC strings (None: never / no schedule)."""

    site: str
    state: str  # ok, failing, degraded, overdue, never crawled
    every: int | None  # seconds between scheduled crawls, from the profile
    last_run: str | None  # when the last run ended
    last_status: str | None
    last_note: str
    last_success: str | None  # when the last run that did its job ended
    failing_streak: int  # failed or empty runs in a row since the last success
    next_due: str | None
    dropped_fields: list[dict[str, Any]] = field(default_factory=list)  # field, before, now

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def retry_delay(every: int, streak: int) -> timedelta:
    """How long after the last failure a site with ``streak`` failures in a row is due again
    (``every`` in seconds): 0 after one failure, then ``every × 2^(streak-2)``, capped."""
    if streak <= 1:
        return timedelta(0)
    seconds = every * 2 ** min(streak - 2, 64)
    return timedelta(seconds=min(seconds, BACKOFF_CAP.total_seconds()))


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _runs(db: sqlite_utils.Database, site: str) -> list[dict[str, Any]]:
    """The site's ended runs, newest first."""
    return list(
        db.query(
            "select * from crawls where site = ? and status not in ('running', 'interrupted')"
            " order by id desc",
            [site],
        )
    )


def _dropped(db: sqlite_utils.Database, site: str, watch: FieldWatch) -> list[dict[str, Any]]:
    """Fields whose fill rate in the site's last run that stored articles fell (as
    :func:`newscrawler.archive.runlog.dropped_fields` judges) against the finished runs before it."""
    stored = db.execute(
        "select c.id from crawls c where c.site = ? and exists (select 1 from crawl_fields f"
        " where f.crawl_id = c.id and f.articles > 0) order by c.id desc limit 1",
        [site],
    ).fetchone()
    if stored is None:
        return []
    last = {
        name: (articles, filled)
        for name, articles, filled in db.execute(
            "select field, articles, filled from crawl_fields where crawl_id = ?", [stored[0]]
        ).fetchall()
    }
    baseline = {
        name: (articles, filled)
        for name, articles, filled in db.execute(
            "select f.field, sum(f.articles), sum(f.filled) from crawl_fields f where f.crawl_id"
            " in (select c.id from crawls c where c.site = ? and c.status = 'finished'"
            "  and c.id < ? and exists (select 1 from crawl_fields g where g.crawl_id = c.id"
            "  and g.articles > 0) order by c.id desc limit ?) group by f.field",
            [site, stored[0], watch.runs],
        ).fetchall()
    }
    articles = max((a for a, _ in last.values()), default=0)
    names = dropped_fields(articles, {k: f for k, (_, f) in last.items()}, baseline, watch)
    return [
        {
            "field": name,
            "before": round(baseline[name][1] / baseline[name][0], 2),
            "now": round(last[name][1] / articles, 2),
        }
        for name in names
    ]


def site_state(
    db: sqlite_utils.Database,
    site: str,
    every: int | None,
    now: datetime | None = None,
    watch: FieldWatch = _WATCH,
) -> SiteState:
    """The health of ``site`` (scheduled every ``every`` seconds, None: not scheduled) in the
    archive ``db`` at ``now`` (default: the current UTC time)."""
    now = now or datetime.now(timezone.utc)
    runs = _runs(db, site)
    streak = 0
    for run in runs:
        if run["status"] in DONE:
            break
        if run["status"] in FAILING:
            streak += 1
    success = next((r for r in runs if r["status"] in DONE), None)
    last_success = _parse(success["finished_at"]) if success else None
    due: datetime | None = None
    if every:
        if streak:
            due = _parse(runs[0]["finished_at"]) + retry_delay(every, streak)
        elif last_success:
            due = last_success + timedelta(seconds=every)
        else:
            due = now
    dropped = _dropped(db, site, watch)
    if not runs:
        state = "never crawled"
    elif streak:
        state = "failing"
    elif dropped:
        state = "degraded"
    elif every and due and now - due > timedelta(seconds=every):
        state = "overdue"  # due for over a whole period: is the cron job running?
    else:
        state = "ok"
    return SiteState(
        site=site,
        state=state,
        every=every,
        last_run=runs[0]["finished_at"] if runs else None,
        last_status=runs[0]["status"] if runs else None,
        last_note=note(runs[0]) if runs else "",
        last_success=_iso(last_success),
        failing_streak=streak,
        next_due=_iso(due),
        dropped_fields=dropped,
    )


def site_states(
    db: sqlite_utils.Database, profiles: Iterable[SiteProfile], now: datetime | None = None
) -> list[SiteState]:
    """The health of each profile's site, then of every other site the archive has runs of
    (crawled with ``--url``: no schedule), sorted by site id."""
    every = {p.id: p.every for p in profiles}
    archived = [row[0] for row in db.execute("select distinct site from crawls").fetchall()]
    sites = sorted(set(every) | set(archived))
    return [site_state(db, site, every.get(site), now) for site in sites]


def dropped_text(state: SiteState) -> str:
    """``published 100%→20%, topics 90%→0%`` for a table."""
    return ", ".join(f"{d['field']} {d['before']:.0%}→{d['now']:.0%}" for d in state.dropped_fields)
