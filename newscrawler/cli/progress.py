"""What a person sees while crawls run: quiet by default.

Scrapy's log goes to a file beside the archive (``archive.db.log``; ``-v`` shows it on stderr
too), and when stdout is a terminal a live line counts pages, articles read, new and changed
articles stored, errors and the rate. When it is not (cron, a pipe), the same counts go to stderr
every ``NEWSCRAWLER_PROGRESS_INTERVAL`` seconds (default 60; 0: none), so a long run shows it is
alive, each line starting with the time as the summary's lines do. The summary table is printed
by the command once the crawls end.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from newscrawler import reasons, stat_keys
from newscrawler.cli.output import say
from newscrawler.crawl.runner import run_crawls
from newscrawler.profiles import SiteProfile

#: Seconds between two updates of the progress line.
REFRESH = 0.5


def log_file(settings: Settings) -> str:
    """Where Scrapy's log of a run goes: ``-s LOG_FILE=...`` if given, else ``<archive>.log``."""
    return settings.get("LOG_FILE") or f"{settings.get('NEWSCRAWLER_DB')}.log"


def run_quietly(
    profiles: list[SiteProfile],
    settings: Settings,
    *,
    verbose: bool = False,
    full: bool = False,
    resume: bool = False,
) -> list[dict[str, Any]]:
    """:func:`~newscrawler.crawl.runner.run_crawls` with the log in :func:`log_file` (appended; also
    on stderr when ``verbose``) and a live progress line when stdout is a terminal.

    Returns the ``crawls`` rows as ``run_crawls`` does.
    """
    settings.set("LOG_FILE", log_file(settings), priority="cmdline")
    every = settings.getfloat("NEWSCRAWLER_PROGRESS_INTERVAL", 60)
    with _live_line(sys.stdout.isatty(), every) as line, _log_to_stderr(settings, verbose):
        return run_crawls(profiles, settings, full=full, resume=resume, watch=line.watch)


class ProgressLine:
    """Totals over running crawlers, shown in a rich ``Live`` line refreshed by the reactor, or
    without one (``live`` None) printed on stderr as a timestamped line every ``every`` seconds
    (never when ``every`` is 0)."""

    def __init__(self, live: Live | None, every: float = 0) -> None:
        self.live = live
        self.every = every
        self.crawlers: list[Crawler] = []
        self.started = time.monotonic()

    def watch(self, crawlers: list[Crawler]) -> None:
        """Start refreshing the line from these crawlers' stats."""
        if self.live is None and self.every <= 0:
            return
        from twisted.internet import reactor, task

        self.crawlers = crawlers
        self.started = time.monotonic()
        loop = task.LoopingCall(self.refresh)
        if self.live is None:
            reactor.callWhenRunning(loop.start, self.every, now=False)
        else:
            reactor.callWhenRunning(loop.start, REFRESH, now=True)
        reactor.addSystemEventTrigger("before", "shutdown", lambda: loop.running and loop.stop())

    def totals(self) -> dict[str, int]:
        """Pages fetched, articles read, new and changed articles stored (the archive commits in
        batches, so these lag a little), errors: summed over the crawlers so far."""
        sums = {"pages": 0, "articles": 0, "new": 0, "changed": 0, "errors": 0}
        for crawler in self.crawlers:
            try:
                stats = dict(crawler.stats.get_stats())
            except (RuntimeError, AttributeError):  # this crawl has not started yet
                continue
            sums["pages"] += stats.get("response_received_count", 0)
            sums["articles"] += stats.get("item_scraped_count", 0)
            sums["new"] += stats.get(stat_keys.OUTCOMES["new"], 0)
            sums["changed"] += stats.get(stat_keys.OUTCOMES["changed"], 0)
            sums["errors"] += sum(reasons.counted(stats)["errors"].values())
        return sums

    def render(self) -> Text:
        text = progress_text(self.totals(), len(self.crawlers), time.monotonic() - self.started)
        return Text(text, no_wrap=True, overflow="ellipsis")

    def refresh(self) -> None:
        if self.live is not None:
            self.live.update(self.render(), refresh=True)
        else:
            say(self.render().plain)


def progress_text(totals: dict[str, int], sites: int, seconds: float) -> str:
    """The progress line: ``crawling 2 sites: 46 pages, 12 articles read (3 new, 1 changed),
    0 errors, 1.2 pages/s``. New and changed are the summary's: articles new to the archive, and
    archived articles stored with a new version."""
    rate = totals["pages"] / max(seconds, 1e-6)
    return (
        f"crawling {_count(sites, 'site')}: {_count(totals['pages'], 'page')}, "
        f"{_count(totals['articles'], 'article')} read ({totals['new']} new, "
        f"{totals['changed']} changed), {_count(totals['errors'], 'error')}, {rate:.1f} pages/s"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@contextmanager
def _live_line(on_terminal: bool, every: float) -> Iterator[ProgressLine]:
    if not on_terminal:
        yield ProgressLine(None, every)
        return
    live = Live(Text("starting..."), console=Console(), auto_refresh=False, transient=True)
    with live:
        yield ProgressLine(live)


@contextmanager
def _log_to_stderr(settings: Settings, verbose: bool) -> Iterator[None]:
    """With ``verbose``, Scrapy's log lines on stderr as well as in the log file."""
    if not verbose:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)  # Live's proxy, when a line is shown
    handler.setFormatter(
        logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
    )
    handler.setLevel(settings.get("LOG_LEVEL"))
    logging.root.addHandler(handler)
    try:
        yield
    finally:
        logging.root.removeHandler(handler)
