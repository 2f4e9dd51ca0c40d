"""The bare Scrapy baseline of the crawl benchmarks fetches what newscrawler fetches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("family", ["vsb", "webplus"])
def test_bare_spider_fetches_the_view_counter_of_every_detail_page(
    family, portals, replica, tmp_path
):
    stats_path = tmp_path / "stats.json"
    # fmt: off
    cmd = [
        sys.executable, str(ROOT / "benchmarks" / "baseline_spider.py"),
        "--url", replica.url(portals[family]) + portals[family].start_path, "--cms", family,
        "--stats", str(stats_path), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "LOG_LEVEL=WARNING",
    ]
    # fmt: on
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # as crawl_bench.py runs it
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    assert stats["baseline/detail_pages"] > 0
    assert stats["baseline/view_counters"] == stats["baseline/detail_pages"]
