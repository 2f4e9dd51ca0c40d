"""Resuming from a job directory (Scrapy ``JOBDIR``) without trusting what a killed run left.

Scrapy keeps two things there: the duplicate filter's seen-set (``requests.seen``) and the
request queue (``requests.queue/``). Neither survives SIGKILL honestly. The seen-set records a
request when it is *scheduled*, so after a kill it holds requests that were never fetched, and a
resumed run would filter them out forever. The disk queues write their state (``active.json``,
queuelib's ``info.json``) only when they are closed, so after a kill the queue files are stale or
half-written and a resumed run pops old records, or none.

So in this project the archive and the re-walked listings decide what is still to fetch (a run
after an interrupted one walks every listing page, see the portal spider), and the job directory
only carries a queue that was closed cleanly (Ctrl-C once, SIGTERM, a finished run), with the
list of the requests that run made:

- :class:`RunOnlyDupeFilter` filters duplicates within one run and persists nothing.
- :class:`ResumableScheduler` keeps a cleanly closed queue and discards one that was not. A run
  that leaves requests in its queue also writes ``requests.made``: the fingerprint of every
  request it scheduled, ``dont_filter`` ones (listing pages) included. Scrapy lets the requests in
  progress finish before it closes the queue, so each of them was fetched or is still queued; the
  resumed run, which reads the file only with that queue, does not schedule them again. Without
  it, the re-walked listings fetch every listing page a second time, and the article pages still
  queued twice (the second copy then dropped as ``duplicate_url``).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request

from newscrawler import stat_keys

logger = logging.getLogger(__name__)

#: Written by Scrapy's scheduler when it closes its disk queue; absent after a kill.
QUEUE_STATE = "active.json"
#: The requests made by a run that left a queue: one fingerprint (hex) a line, in the job
#: directory beside ``requests.queue``.
MADE = "requests.made"


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

    With a kept queue, the requests the last run made (:data:`MADE`, their number counted as
    ``newscrawler/resume/carried``) are not scheduled again, each refusal counted as
    ``newscrawler/resume/already_requested``. Three kinds pass: start requests (the start pages
    show what was published since, and a run is judged by the listings it read), and retries and
    redirects of this run's own requests.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Fingerprints of the requests the last run made (empty unless its queue was kept).
        self.carried: set[str] = set()
        #: Fingerprints of the requests this run scheduled (with a job directory only).
        self.made: set[str] = set()

    def open(self, spider: Any) -> Any:
        kept = False
        if self.dqdir:
            queue = Path(self.dqdir)
            kept = (queue / QUEUE_STATE).exists()
            if not kept and any(queue.iterdir()):
                logger.warning(
                    "discarding the request queue in %s: the last run did not close it (killed);"
                    " the listings are walked again instead",
                    queue,
                )
                assert self.stats is not None
                self.stats.set_value(stat_keys.RESUME_QUEUE_DISCARDED, 1)
                shutil.rmtree(queue)
                queue.mkdir()
        result = super().open(spider)
        if self.dqdir:
            made = Path(self.dqdir).parent / MADE
            if kept and made.exists():
                self.carried = set(made.read_text(encoding="ascii").split())
                assert self.stats is not None
                self.stats.set_value(stat_keys.RESUME_CARRIED, len(self.carried))
            made.unlink(missing_ok=True)
            (Path(self.dqdir) / QUEUE_STATE).unlink(missing_ok=True)
        return result

    def enqueue_request(self, request: Request) -> bool:
        if not self.dqdir:
            return super().enqueue_request(request)
        fingerprint = self._fingerprint(request)
        if fingerprint in self.carried and not _exempt(request):
            assert self.stats is not None
            self.stats.inc_value(stat_keys.RESUME_ALREADY_REQUESTED)
            return False
        scheduled = super().enqueue_request(request)
        if scheduled:
            self.made.add(fingerprint)
        return scheduled

    def close(self, reason: str) -> Any:
        """Write :data:`MADE` when the disk queue keeps requests for the next run, before the
        queue's state (so a kill in between leaves a queue that is discarded). Requests in the
        memory queue (those that cannot be serialized) end with this run: they are left out, so
        the next run may make them again."""
        if self.dqdir and self.dqs is not None and len(self.dqs):
            lost = set()
            while (request := self.mqs.pop()) is not None:
                lost.add(self._fingerprint(request))
            made = Path(self.dqdir).parent / MADE
            partial = made.with_suffix(".partial")
            partial.write_text(
                "".join(f"{fp}\n" for fp in (self.made | self.carried) - lost), encoding="ascii"
            )
            partial.replace(made)
        return super().close(reason)

    def _fingerprint(self, request: Request) -> str:
        assert self.crawler is not None
        return self.crawler.request_fingerprinter.fingerprint(request).hex()


def _exempt(request: Request) -> bool:
    """A start request, or a retry or redirect (Scrapy's middlewares count those in ``meta``)."""
    meta = request.meta
    return bool(
        meta.get("is_start_request") or meta.get("retry_times") or meta.get("redirect_times")
    )
