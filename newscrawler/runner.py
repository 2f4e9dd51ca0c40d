"""Running crawls in this process: several site profiles, one Scrapy process, one archive."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawler.archive import Archive, open_archive, row_to_item
from newscrawler.profiles import SiteProfile
from newscrawler.runlog import note

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
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawler.settings")
    settings = get_project_settings()
    settings.set("NEWSCRAWLER_DB", str(db), priority="cmdline")
    settings.set("NEWSCRAWLER_JSONL", str(jsonl), priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


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
    more failures in a row back off (:mod:`newscrawler.health`)."""
    from newscrawler.health import site_state

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
    run is not plainly finished, see :func:`newscrawler.runlog.note`).

    The archive is held for writing throughout: raises
    :class:`newscrawler.archive_lock.ArchiveBusy` before crawling when another process writes it.

    ``full`` walks and fetches everything instead of stopping at known articles; ``resume`` keeps
    each site's request queue in a job directory beside the archive, so a killed crawl started
    again with ``resume`` continues where it stopped. ``watch`` is called with the crawlers
    just before the reactor starts (e.g. to show their stats as they run).
    """
    from newscrawler.spiders.portal import PortalSpider

    db_path = settings.get("NEWSCRAWLER_DB")
    with Archive.open(db_path) as archive:
        db = archive.db
        last_id = db.execute("select coalesce(max(id), 0) from crawls").fetchone()[0]
        process = CrawlerProcess(settings)
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
        totals = dict(db.execute("select site, count(*) from articles group by site").fetchall())
        rows = [
            {**row_to_item(r), "articles": totals.get(r["site"], 0)}
            for r in db.query("select * from crawls where id > ? order by id", [last_id])
        ]
    starts = {p.id: p.start_urls for p in profiles}
    timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
    return [{**row, "note": note(row, starts.get(row["site"], ()), timeout)} for row in rows]
