"""Running crawls in this process: several site profiles, one Scrapy process, one archive."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawler.archive import Archive, open_archive, row_to_item
from newscrawler.profiles import SiteProfile
from newscrawler.runlog import DONE, note

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


def due_profiles(profiles: list[SiteProfile], db_path: str | Path) -> list[SiteProfile]:
    """Profiles with a schedule (``every``) whose last run that did its job (``finished``, or
    ``degraded``: done, but with fields missing) is older than it. A failed or empty run is not
    done: the site stays due."""
    now = datetime.now(timezone.utc)
    with open_archive(db_path) as db:
        last = dict(
            db.execute(
                f"select site, max(finished_at) from crawls where status in ({_in(DONE)})"
                " group by site",
                DONE,
            ).fetchall()
        )
    return [
        p
        for p in profiles
        if p.every
        and (
            last.get(p.id) is None
            or now - datetime.fromisoformat(last[p.id]) >= timedelta(seconds=p.every)
        )
    ]


def _in(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def run_crawls(
    profiles: list[SiteProfile], settings: Settings, *, full: bool = False, resume: bool = False
) -> list[dict[str, Any]]:
    """Crawl every profile (concurrently, in one Twisted reactor) and return their ``crawls`` rows,
    each with ``articles`` (how many the archive now holds for that site) and ``note`` (why a
    run is not plainly finished, see :func:`newscrawler.runlog.note`).

    The archive is held for writing throughout: raises
    :class:`newscrawler.archive_lock.ArchiveBusy` before crawling when another process writes it.

    ``full`` walks and fetches everything instead of stopping at known articles; ``resume`` keeps
    each site's request queue in a job directory beside the archive, so a killed crawl started
    again with ``resume`` continues where it stopped.
    """
    from newscrawler.spiders.portal import PortalSpider

    db_path = settings.get("NEWSCRAWLER_DB")
    with Archive.open(db_path) as archive:
        db = archive.db
        last_id = db.execute("select coalesce(max(id), 0) from crawls").fetchone()[0]
        process = CrawlerProcess(settings)
        for profile in profiles:
            crawler = process.create_crawler(PortalSpider)
            if resume:
                crawler.settings.set(
                    "JOBDIR", str(job_dir(db_path, profile.id)), priority="cmdline"
                )
            process.crawl(crawler, profile=profile, full=full)
        process.start()
        totals = dict(db.execute("select site, count(*) from articles group by site").fetchall())
        rows = [
            {**row_to_item(r), "articles": totals.get(r["site"], 0)}
            for r in db.query("select * from crawls where id > ? order by id", [last_id])
        ]
    return [{**row, "note": note(row)} for row in rows]
