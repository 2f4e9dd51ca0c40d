"""Crawl and export figures: ``newscrawler crawl``, the bare baseline and ``newscrawler export``.

Each runs as a child process so its wall time includes everything a user waits for, and its peak
RSS and CPU time (from ``wait4``) are its own: CPU time per page stays meaningful when other work
shares the machine, wall time does not. The same politeness-off settings go to both crawlers.
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

#: Politeness off (as ``newscrawler.crawl.runner.LOCAL_SETTINGS``), for both crawlers alike.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "NEWSCRAWLER_PROFILE_POLITENESS": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "CONCURRENT_ITEMS": "8",  # the project's setting; the baseline gets it too
    "LOG_LEVEL": "WARNING",
    # The baseline fetches no images or attachments; media cost is measured by media_bench.py.
    "NEWSCRAWLER_MEDIA": "False",
}


@dataclass(frozen=True)
class Measured:
    """Wall time, CPU time, peak RSS and output of one child process."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    stdout: str


@dataclass(frozen=True)
class CrawlRun:
    """What one crawl process did and cost."""

    seconds: float
    cpu_seconds: float
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


def run_measured(cmd: list[str], log: Path) -> Measured:
    """Run ``cmd`` from the repository root; stderr goes to ``log``."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    out = log.with_suffix(".out")
    with out.open("wb") as stdout, log.open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, cwd=ROOT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    return Measured(
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        process.returncode,
        out.read_text(encoding="utf-8"),
    )


def run_newscrawler(
    url: str,
    family: str,
    db: Path,
    jsonl: Path,
    settings: dict[str, str],
    log: Path,
    prefix: tuple[str, ...] = (),
) -> CrawlRun:
    """``newscrawler crawl --url URL --cms FAMILY`` into ``db``; the same command re-crawls.

    ``prefix`` wraps the command (``py-spy record -o ... --`` to profile it).
    """
    cmd = [
        sys.executable, "-m", "newscrawler", "crawl", "--url", url, "--cms", family,
        "--db", str(db), "--jsonl", str(jsonl), "--json", *_setting_args(settings),
    ]  # fmt: skip
    done = run_measured([*prefix, *cmd], log)
    rows = json.loads(done.stdout) if done.stdout.strip() else []
    pages = sum(int(r.get("pages") or 0) for r in rows)
    articles = sum(int(r.get(k) or 0) for r in rows for k in ("new", "changed", "unchanged"))
    return CrawlRun(
        done.seconds, done.cpu_seconds, pages, articles, done.peak_rss_mb, done.exit_code
    )


def run_baseline(
    url: str, family: str, settings: dict[str, str], log: Path, media: bool = False
) -> CrawlRun:
    """The bare Scrapy spider of :mod:`benchmarks.baseline_spider` over the same portal
    (``media``: fetching the images and documents of detail pages too)."""
    stats_path = log.with_suffix(".stats.json")
    cmd = [
        sys.executable, str(ROOT / "benchmarks" / "baseline_spider.py"), "--url", url,
        "--cms", family, "--stats", str(stats_path), *_setting_args(settings),
        *(["--media"] if media else []),
    ]  # fmt: skip
    done = run_measured(cmd, log)
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    pages = int(stats.get("response_received_count", 0))
    articles = int(stats.get("baseline/detail_pages", 0))
    return CrawlRun(
        done.seconds, done.cpu_seconds, pages, articles, done.peak_rss_mb, done.exit_code
    )


def export_available() -> bool:
    """Whether this checkout has ``newscrawler export`` (built under issue 5)."""
    probe = subprocess.run(
        [sys.executable, "-m", "newscrawler", "export", "--help"], cwd=ROOT, capture_output=True
    )
    return probe.returncode == 0


def run_export(db: Path, output: Path, log: Path) -> Measured:
    """``newscrawler export --db DB -o OUTPUT`` (format from the suffix)."""
    cmd = [sys.executable, "-m", "newscrawler", "export", "--db", str(db), "-o", str(output)]
    return run_measured(cmd, log)
