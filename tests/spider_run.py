"""Run the portal spider in a fresh process (its own Twisted reactor) and read its Scrapy stats.

The crawl is the real one — project settings, the real engine, real HTTP, a real archive — and
the stats it ends with are printed as JSON, so tests can check counters (``newscrawler/...``) that
the command line does not show.

    python -m tests.spider_run '{"spider": {"url": ..., "cms": "vsb"}, "settings": {...}}'
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def crawl_stats(
    work: Path,
    spider: dict[str, Any],
    settings: dict[str, Any] | None = None,
    project: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> dict[str, Any]:
    """Crawl with ``spider`` arguments into ``work/archive.db``; the run's final stats.

    ``settings`` are set as on the command line (``-s``), ``project`` as a project's settings.py
    would (below the profile's politeness values)."""
    job = {"spider": spider, "settings": settings or {}, "project": project or {}}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.spider_run", json.dumps(job)],
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(job: dict[str, Any]) -> None:
    from scrapy.crawler import CrawlerProcess

    from newscrawler.crawl.runner import project_settings
    from newscrawler.crawl.spiders.portal import PortalSpider

    settings = project_settings("archive.db", "archive.jsonl", job["settings"])
    for name, value in job["project"].items():
        settings.set(name, value, priority="project")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, **job["spider"])
    process.start()
    print(json.dumps(crawler.stats.get_stats(), default=str))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
