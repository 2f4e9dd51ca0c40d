"""Running crawls in this process: several site profiles, one Scrapy process, one archive."""

from __future__ import annotations

import difflib
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.utils.project import get_project_settings

from newscrawler import stat_keys, user_agent
from newscrawler.archive import now_iso
from newscrawler.archive.runlog import note
from newscrawler.archive.store import Archive, open_archive, row_to_item
from newscrawler.profiles import SiteProfile

logger = logging.getLogger(__name__)

#: Settings that make a crawl of a local replica fast: no delays, no throttling.
LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NEWSCRAWLER_PROFILE_POLITENESS": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


def project_settings(
    db: str | Path, jsonl: str | Path, overrides: dict[str, Any] | None = None
) -> Settings:
    """The project's Scrapy settings with the archive paths and ``-s`` overrides applied."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawler.crawl.settings")
    settings = get_project_settings()
    settings.set("NEWSCRAWLER_DB", str(db), priority="cmdline")
    settings.set("NEWSCRAWLER_JSONL", str(jsonl), priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


#: Numeric settings a crawl cannot progress without, and the least value each may take: a
#: concurrency of 0 never sends a request, a batch of 0 never stores, a timeout of 0 fails all.
#: ``(name, least, integer)``; a value under the least (or not a number) is refused at start.
CHECKED_SETTINGS: tuple[tuple[str, float, bool], ...] = (
    ("CONCURRENT_REQUESTS", 1, True),
    ("CONCURRENT_REQUESTS_PER_DOMAIN", 1, True),
    ("CONCURRENT_REQUESTS_PER_IP", 0, True),
    ("CONCURRENT_ITEMS", 1, True),
    ("NEWSCRAWLER_BATCH_SIZE", 1, True),
    ("DOWNLOAD_TIMEOUT", 0.001, False),
    ("DOWNLOAD_DELAY", 0, False),
    ("DOWNLOAD_MAXSIZE", 0, True),
    ("RETRY_TIMES", 0, True),
    ("AUTOTHROTTLE_TARGET_CONCURRENCY", 0.001, False),
    ("AUTOTHROTTLE_MAX_DELAY", 0, False),
    ("NEWSCRAWLER_MAX_LISTING_PAGES", 1, True),
    ("NEWSCRAWLER_STOP_AFTER_KNOWN", 1, True),
    ("NEWSCRAWLER_RECHECK_AFTER", 0, True),
    ("NEWSCRAWLER_RETRY_AFTER_MAX", 0, False),
    ("NEWSCRAWLER_SHUTDOWN_GRACE", 0, False),
)


def set_user_agent(settings: Settings, priority: str) -> None:
    """Set ``USER_AGENT`` from ``NEWSCRAWLER_CONTACT`` (:func:`newscrawler.user_agent`) at
    ``priority``, unless the user set ``USER_AGENT`` themselves (it then replaces the header).
    Built when the crawl starts, not in settings.py, so ``-s NEWSCRAWLER_CONTACT=...`` reaches it."""
    if settings.getpriority("USER_AGENT") <= SETTINGS_PRIORITIES["project"]:
        settings.set(
            "USER_AGENT", user_agent(settings.get("NEWSCRAWLER_CONTACT")), priority=priority
        )


def setting_problems(settings: Settings) -> list[str]:
    """What is wrong with ``settings`` for a crawl (one line each; empty when nothing is): a
    value of :data:`CHECKED_SETTINGS` that is not a number or under its least value."""
    problems = []
    for name, least, integer in CHECKED_SETTINGS:
        raw = settings.get(name)
        if raw is None or raw == "":
            continue
        try:
            value = int(raw) if integer else float(raw)
        except (TypeError, ValueError):
            kind = "a whole number" if integer else "a number"
            problems.append(f"{name}={raw!r} is not {kind}")
            continue
        if value < least:
            problems.append(
                f"{name}={raw} is below {least:g}: the crawl could never progress"
                if least
                else f"{name}={raw} is negative"
            )
    return problems


def unknown_setting_names(names: Iterable[str]) -> dict[str, str | None]:
    """Of ``names`` (``-s`` overrides), those that neither Scrapy's defaults, newscrawler's
    settings module nor any component of the project (one reading a setting with a default of its
    own, such as ``NEWSCRAWLER_SHUTDOWN_GRACE``) name, each with the closest known name (or None):
    a typo'd ``DOWNLOAD_DELAY`` would otherwise be ignored without a word. Scrapy accepts any
    name (third-party components read their own), so the caller warns rather than refuses."""
    from scrapy.settings import default_settings

    from newscrawler.crawl import settings as ours

    known = {n for module in (default_settings, ours) for n in dir(module) if n.isupper()}
    unknown = [name for name in names if name not in known]
    if unknown:
        known |= _named_in_sources()
    return {
        name: next(iter(difflib.get_close_matches(name, known, n=1)), None)
        for name in unknown
        if name not in known
    }


def _named_in_sources() -> set[str]:
    """Every quoted upper-case name in the sources of newscrawler and its pipelines and exports:
    the settings its components read (with defaults of their own)."""
    root = Path(__file__).resolve().parent
    files = [*root.rglob("*.py")]
    for package in ("pipelines", "exports"):
        files += (root.parent / package).glob("*.py")
    return {
        name
        for path in files
        for name in re.findall(
            r"[\"']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[\"']", path.read_text("utf-8")
        )
    }


def parse_setting_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings (as ``scrapy crawl -s``) to a dict; a malformed one is an error."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"expected NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def job_dir(db_path: str | Path, site_id: str) -> Path:
    """Where a resumable crawl of ``site_id`` keeps its queue (Scrapy ``JOBDIR``)."""
    return Path(f"{db_path}.jobs") / site_id


def due_profiles(
    profiles: list[SiteProfile], db_path: str | Path, now: datetime | None = None
) -> list[SiteProfile]:
    """Profiles with a schedule (``every``) that are due at ``now`` (default: the current time):
    never crawled, or their last run that did its job (``finished``, or ``degraded``: done, but
    with fields missing) is older than ``every``. A failed or empty run leaves the site due once;
    more failures in a row back off (:mod:`newscrawler.reports.health`)."""
    from newscrawler.reports.health import site_state

    now = now or datetime.now(timezone.utc)
    with open_archive(db_path) as db:
        states = {p.id: site_state(db, p.id, p.every, now) for p in profiles if p.every}
    return [
        p
        for p in profiles
        if p.id in states and datetime.fromisoformat(states[p.id].next_due or "") <= now
    ]


def run_crawls(
    profiles: list[SiteProfile],
    settings: Settings,
    *,
    full: bool = False,
    resume: bool = False,
    watch: Callable[[list[Crawler]], None] | None = None,
) -> list[dict[str, Any]]:
    """Crawl every profile (concurrently, in one Twisted reactor) and return their ``crawls`` rows,
    each with ``articles`` (how many the archive now holds for that site) and ``note`` (why a
    run is not plainly finished, see :func:`newscrawler.archive.runlog.note`).

    The archive is held for writing throughout: raises
    :class:`newscrawler.archive.lock.ArchiveBusy` before crawling when another process writes it.

    ``full`` walks and fetches everything instead of stopping at known articles; ``resume`` keeps
    each site's request queue in a job directory beside the archive, so a killed crawl started
    again with ``resume`` continues where it stopped. ``watch`` is called with the crawlers
    just before the reactor starts (e.g. to show their stats as they run).
    """
    from newscrawler.crawl.spiders.portal import PortalSpider

    db_path = settings.get("NEWSCRAWLER_DB")
    with Archive.open(db_path) as archive:
        db = archive.db
        last_id = db.execute("select coalesce(max(id), 0) from crawls").fetchone()[0]
        process = _Process(settings)
        crawlers = []
        for profile in profiles:
            crawler = process.create_crawler(PortalSpider)
            if resume:
                crawler.settings.set(
                    "JOBDIR", str(job_dir(db_path, profile.id)), priority="cmdline"
                )
            process.crawl(crawler, profile=profile, full=full)
            crawlers.append(crawler)
        if watch is not None:
            watch(crawlers)
        process.start()
        rows = _settle(db, last_id, crawlers)
    starts = {p.id: p.start_urls for p in profiles}
    timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
    return [{**row, "note": note(row, starts.get(row["site"], ()), timeout)} for row in rows]


def _settle(db: Any, last_id: int, crawlers: list[Crawler]) -> list[dict[str, Any]]:
    """The ``crawls`` rows of the runs after ``last_id``, once the reactor stopped: a row whose
    status could not be written (a full disk) is written again if it can be, else reported as
    judged; a row still ``running`` (a crawl forced to stop) becomes ``interrupted``."""
    judged = {
        row["id"]: row
        for row in (c.stats.get_value(stat_keys.RUN_UNWRITTEN) for c in crawlers if c.stats)
        if row is not None
    }
    try:
        with db.conn:
            for crawl_id, row in judged.items():
                db["crawls"].update(crawl_id, {k: v for k, v in row.items() if k != "site"})
            db.execute(
                "update crawls set status = 'interrupted', reason = 'shutdown', finished_at = ?"
                " where id > ? and status = 'running'",
                [now_iso(), last_id],
            )
    except sqlite3.Error as exc:
        logger.error("could not write the runs' status to the archive: %s", exc)
    totals = dict(db.execute("select site, count(*) from articles group by site").fetchall())
    rows = []
    for r in db.query("select * from crawls where id > ? order by id", [last_id]):
        row = {**row_to_item(r), **judged.get(r["id"], {})}
        if row["status"] == "running":
            row.update(status="interrupted", reason="shutdown")
        rows.append({**row, "articles": totals.get(r["site"], 0)})
    return rows


class _Process(CrawlerProcess):
    """Scrapy's process, whose first SIGTERM or Ctrl-C ends the crawls for certain: a graceful
    stop (pipelines flush, runs are judged ``interrupted``), forced after
    ``NEWSCRAWLER_SHUTDOWN_GRACE`` seconds (default 10) when something it waits on never ends.
    A forced stop loses the unflushed batch (fetched again next run); the run is still marked
    ``interrupted``."""

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor

        super()._signal_shutdown(signum, frame)
        grace = self.settings.getfloat("NEWSCRAWLER_SHUTDOWN_GRACE", 10.0)
        reactor.callFromThread(reactor.callLater, grace, self._force_stop, grace)

    def _force_stop(self, grace: float) -> None:
        logger.warning("the crawl did not stop within %s s of the signal: stopping it now", grace)
        self._stop_reactor()
