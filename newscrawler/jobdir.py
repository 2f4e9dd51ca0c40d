"""Resuming from a job directory (Scrapy ``JOBDIR``) without trusting what a killed run left.

Scrapy keeps two things there: the duplicate filter's seen-set (``requests.seen``) and the
request queue (``requests.queue/``). Neither survives SIGKILL honestly. The seen-set records a
request when it is *scheduled*, so after a kill it holds requests that were never fetched, and a
resumed run would filter them out forever. The disk queues write their state (``active.json``,
queuelib's ``info.json``) only when they are closed, so after a kill the queue files are stale or
half-written and a resumed run pops old records, or none.

So in this project the archive and the re-walked listings decide what is still to fetch (a run
after an interrupted one walks every listing page, see the portal spider), and the job directory
only carries a queue that was closed cleanly (Ctrl-C once, SIGTERM, a finished run):

- :class:`RunOnlyDupeFilter` filters duplicates within one run and persists nothing.
- :class:`ResumableScheduler` keeps a cleanly closed queue and discards one that was not.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter

logger = logging.getLogger(__name__)

#: Written by Scrapy's scheduler when it closes its disk queue; absent after a kill.
QUEUE_STATE = "active.json"


class RunOnlyDupeFilter(RFPDupeFilter):
    """Scrapy's fingerprint filter, kept in memory for one run even when ``JOBDIR`` is set."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunOnlyDupeFilter:
        return cls(
            None,
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )


class ResumableScheduler(Scheduler):
    """Scrapy's scheduler, resuming only from a disk queue that was closed cleanly.

    The queue's state file is consumed when the queue is opened, so its presence at the next
    start means the last run closed the queue; without it the queue directory is emptied and the
    run starts from its start URLs (counted as ``newscrawler/resume/queue_discarded``).
    """

    def open(self, spider: Any) -> Any:
        if self.dqdir:
            queue = Path(self.dqdir)
            if not (queue / QUEUE_STATE).exists() and any(queue.iterdir()):
                logger.warning(
                    "discarding the request queue in %s: the last run did not close it (killed);"
                    " the listings are walked again instead",
                    queue,
                )
                assert self.stats is not None
                self.stats.set_value("newscrawler/resume/queue_discarded", 1)
                shutil.rmtree(queue)
                queue.mkdir()
        result = super().open(spider)
        if self.dqdir:
            (Path(self.dqdir) / QUEUE_STATE).unlink(missing_ok=True)
        return result
