"""Storage cost: items/s through our pipelines vs a bare ``sqlite_utils`` ``insert_all``.

The items are real extraction results of the benchmark portal's pages, copied under new URLs with
a distinguishing line in the body (so every one is new content, as in a first crawl). Our side
runs the project's ``ITEM_PIPELINES`` in order (validate -> dedup -> SQLite -> JSON Lines), opened
and closed as the engine does (as ``tests/test_pipelines.py`` drives them); the bare side inserts
the same rows into an empty table. Ours is run twice: on an empty archive and on one already
holding a million articles, so a per-item cost that grows with the archive shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import scrapy
import sqlite_utils
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

from newscrawler.archive.store import item_to_row
from newscrawler.crawl.runner import project_settings
from newscrawler.extraction import content_hash
from newscrawler.items import ArticleItem


class BenchSpider(scrapy.Spider):
    """Stands in for the portal spider: the pipelines only read its ``site_id``."""

    name = "bench"
    site_id = "bench.example.edu.cn"


def fresh(*paths: Path) -> None:
    """Remove earlier runs' files (SQLite's ``-wal`` and ``-shm`` too)."""
    for path in paths:
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            name.unlink(missing_ok=True)


def make_items(samples: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` distinct items cycling over ``samples`` (each a real extracted item)."""
    items = []
    for i in range(n):
        item = dict(samples[i % len(samples)])
        item["url"] = f"https://bench.example.edu.cn/info/{i}.htm"
        item["body"] = f"{item['body']}\n\n({i})"
        item["content_hash"] = content_hash(item)
        items.append(item)
    return items


def _pipelines(db: Path, jsonl: Path) -> tuple[Any, list[Any]]:
    """A crawler with its spider and the project's item pipelines, in their configured order."""
    settings = project_settings(db, jsonl, {"NEWSCRAWLER_PROFILE_POLITENESS": False})
    order = settings.getwithbase("ITEM_PIPELINES")
    # The project's own settings only: the engine-level ones (reactor) need a running crawl.
    ours = {k: v for k, v in settings.copy_to_dict().items() if k.startswith("NEWSCRAWLER_")}
    crawler = get_crawler(BenchSpider, ours)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    stages = [
        build_from_crawler(load_object(path), crawler)
        for path, _ in sorted(order.items(), key=lambda kv: kv[1])
        if _ is not None
    ]
    return crawler, stages


def ours_seconds(items: list[dict[str, Any]], db: Path, jsonl: Path) -> float:
    """Seconds to store ``items`` through the pipelines into the archive at ``db`` (flush included)."""
    crawler, stages = _pipelines(db, jsonl)
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    for stage in stages:
        if hasattr(stage, "open_spider"):
            stage.open_spider()
    batch = [ArticleItem(**item) for item in items]
    start = time.perf_counter()
    for item in batch:
        try:
            for stage in stages:
                item = stage.process_item(item)
        except DropItem:
            continue
    for stage in reversed(stages):
        if hasattr(stage, "close_spider"):
            stage.close_spider()
    crawler.signals.send_catch_log(signals.spider_closed, spider=crawler.spider, reason="finished")
    return time.perf_counter() - start


def bare_seconds(items: list[dict[str, Any]], db: Path) -> float:
    """Seconds for ``sqlite_utils`` to ``insert_all`` the same rows into a new table."""
    rows = [item_to_row(item) for item in items]
    database = sqlite_utils.Database(db)
    start = time.perf_counter()
    database["articles"].insert_all(rows, pk="url", batch_size=100)
    seconds = time.perf_counter() - start
    database.close()
    return seconds


def measure(
    samples: list[dict[str, Any]],
    n: int,
    workdir: Path,
    archive: Callable[[int, Path], Path],
    rows: int,
) -> dict[str, Any]:
    """Items/s of the bare insert and of ours on archives of 0, ``rows // 10`` and ``rows`` rows.

    ``archive(rows, path)`` puts a pre-filled archive at ``path``. Growth is judged from a tenth
    of ``rows`` to ``rows``: from an empty archive the first step up is expected (random-keyed
    indexes such as ``content_hash`` stop fitting in a few pages, so each row dirties pages of its
    own), and past that a cost that grows with the archive shows.
    """
    items = make_items(samples, n)
    names = ("bare.db", "empty.db", "empty.jsonl", "tenth.db", "tenth.jsonl", "big.db", "big.jsonl")
    fresh(*(workdir / name for name in names))
    bare = n / bare_seconds(items, workdir / "bare.db")
    empty = n / ours_seconds(items, workdir / "empty.db", workdir / "empty.jsonl")
    tenth_db = archive(rows // 10, workdir / "tenth.db")
    tenth = n / ours_seconds(items, tenth_db, workdir / "tenth.jsonl")
    big_db = archive(rows, workdir / "big.db")
    big = n / ours_seconds(items, big_db, workdir / "big.jsonl")
    return {
        "items": n,
        "bare_items_per_s": bare,
        "ours_items_per_s": empty,
        "ours_tenth_items_per_s": tenth,
        "ours_big_items_per_s": big,
        "ratio": empty / bare,
        "growth_from_empty": empty / big,  # cost per item, big archive / empty one
        "growth": tenth / big,  # cost per item, big archive / one a tenth its size
    }
