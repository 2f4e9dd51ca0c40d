"""Running a worker: the project's settings turned into a scrapy-redis crawler."""

from __future__ import annotations

import sys
from typing import Any

from scrapy.crawler import CrawlerProcess

from newscrawler.cluster.resilience import client_params
from newscrawler.crawl.runner import project_settings, set_user_agent

#: What makes a crawler a cluster worker (``-s`` overrides still win).
WORKER_SETTINGS: dict[str, Any] = {
    "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
    "SCHEDULER_QUEUE_CLASS": "newscrawler.cluster.queue.LeasedQueue",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
    # Politeness is the cluster's (SharedSlotMiddleware), not each process's.
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NEWSCRAWLER_PROFILE_POLITENESS": False,
    # Retry-After pauses and 429 slow-downs too: kept in Redis for every worker.
    "NEWSCRAWLER_RATE_LIMITS_SHARED": True,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    # Workers write no SQLite and no WARC: items and captures go to the stream from the spider,
    # no pipelines, no run log.
    "ITEM_PIPELINES": {},
    "NEWSCRAWLER_DB": "",
}


def worker_settings(redis_url: str, prefix: str, idle_exit: int, overrides: dict[str, Any]):
    settings = project_settings("", "", {**WORKER_SETTINGS, **overrides})
    set_user_agent(settings, "cmdline")
    settings.set("REDIS_URL", redis_url, priority="cmdline")
    # Commands wait out a Redis restart or a short outage (newscrawler.cluster.resilience).
    settings.set(
        "REDIS_PARAMS", {**settings.getdict("REDIS_PARAMS"), **client_params()}, priority="cmdline"
    )
    settings.set("NEWSCRAWLER_REDIS_PREFIX", prefix, priority="cmdline")
    settings.set("SCHEDULER_QUEUE_KEY", f"{prefix}:requests", priority="cmdline")
    settings.set("SCHEDULER_DUPEFILTER_KEY", f"{prefix}:dupefilter", priority="cmdline")
    settings.set("MAX_IDLE_TIME_BEFORE_CLOSE", idle_exit, priority="cmdline")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["newscrawler.crawl.runlog_extension.RunLogExtension"] = None  # the ingester keeps it
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    # Nearest the downloader: it sees every response first (a retry or redirect further up
    # would otherwise hide it) and holds its lease only while the request is on the wire.
    middlewares["newscrawler.cluster.middleware.SharedSlotMiddleware"] = 990
    # The cluster's slots bound a portal's concurrency; the per-process bound would only make a
    # worker queue requests behind its own.
    middlewares["newscrawler.crawl.middlewares.SlotConcurrencyMiddleware"] = None
    # Captures go to the ingester through the stream; it writes the WARC files.
    middlewares["newscrawler.capture.middleware.WarcCaptureMiddleware"] = None
    middlewares["newscrawler.cluster.capture.StreamCaptureMiddleware"] = 970
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    return settings


def run_worker(redis_url: str, prefix: str, idle_exit: int, overrides: dict[str, Any]) -> None:
    """Crawl from the shared queue until idle for ``idle_exit`` seconds (0: until stopped);
    exits 1 when Redis lost the cluster's data."""
    from newscrawler.cluster.spider import ClusterSpider

    process = CrawlerProcess(worker_settings(redis_url, prefix, idle_exit, overrides))
    crawler = process.create_crawler(ClusterSpider)
    process.crawl(crawler, prefix=prefix)
    process.start()
    if crawler.stats.get_value("finish_reason") == "redis_data_lost":
        sys.exit(1)
