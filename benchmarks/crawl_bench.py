"""Crawl figures: ``newscrawler crawl`` and the bare baseline, each in its own process.

Each crawl runs as a child process so its wall time includes everything a user waits for and its
peak RSS (from ``wait4``) is its own. The same politeness-off settings go to both crawlers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Politeness off (as ``newscrawler.runner.LOCAL_SETTINGS``), for both crawlers alike.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "NEWSCRAWLER_PROFILE_POLITENESS": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "WARNING",
}


@dataclass(frozen=True)
class CrawlRun:
    """What one crawl process did and cost."""

    seconds: float
    pages: int  # HTTP responses received (listings, details, counters, robots.txt)
    articles: int  # detail pages fetched (baseline) or articles archived (newscrawler)
    peak_rss_mb: float
    exit_code: int

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds


def _setting_args(settings: dict[str, str]) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def _run(cmd: list[str], log: Path) -> tuple[float, float, int, str]:
    """Run ``cmd``; (wall seconds, peak RSS MB, exit code, stdout). stderr goes to ``log``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = log.with_suffix(".out")
    with out.open("wb") as stdout, log.open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, cwd=ROOT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    return seconds, usage.ru_maxrss / 1024, process.returncode, out.read_text(encoding="utf-8")


def run_newscrawler(
    url: str, family: str, db: Path, jsonl: Path, settings: dict[str, str], log: Path
) -> CrawlRun:
    """``newscrawler crawl --url URL --cms FAMILY`` into ``db``; the same command re-crawls."""
    cmd = [
        sys.executable, "-m", "newscrawler", "crawl", "--url", url, "--cms", family,
        "--db", str(db), "--jsonl", str(jsonl), "--json", *_setting_args(settings),
    ]  # fmt: skip
    seconds, rss, code, stdout = _run(cmd, log)
    rows = json.loads(stdout) if stdout.strip() else []
    pages = sum(int(r.get("pages") or 0) for r in rows)
    articles = sum(int(r.get(k) or 0) for r in rows for k in ("new", "changed", "unchanged"))
    return CrawlRun(seconds, pages, articles, rss, code)


def run_baseline(url: str, family: str, settings: dict[str, str], log: Path) -> CrawlRun:
    """The bare Scrapy spider of :mod:`benchmarks.baseline_spider` over the same portal."""
    stats_path = log.with_suffix(".stats.json")
    cmd = [
        sys.executable, str(ROOT / "benchmarks" / "baseline_spider.py"), "--url", url,
        "--cms", family, "--stats", str(stats_path), *_setting_args(settings),
    ]  # fmt: skip
    seconds, rss, code, _stdout = _run(cmd, log)
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    pages = int(stats.get("response_received_count", 0))
    return CrawlRun(seconds, pages, int(stats.get("baseline/detail_pages", 0)), rss, code)
