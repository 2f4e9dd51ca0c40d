"""Every Scrapy stats key newscrawler writes, named once with what it counts.

A key ending in ``/`` is a family: the key written is the prefix and a name (a field, a kind, a
reason). Components import the names from here and never spell a key by hand
(``tests/test_stat_keys.py`` checks both ways). Why a page was skipped, an error counted or an
item dropped is a reason (:mod:`newscrawler.reasons`), counted under :data:`REASON_PREFIXES`.
"""

from __future__ import annotations

#: Every key and family prefix, with what it counts.
KEYS: dict[str, str] = {}


def _key(key: str, meaning: str) -> str:
    KEYS[key] = meaning
    return key


# -- discovery: listings, sitemaps, feeds --------------------------------------------------------
LISTING_PAGES = _key("newscrawler/listing_pages", "listing pages fetched and parsed")
ARTICLE_LINKS = _key("newscrawler/article_links", "article links found on listings and feeds")
LISTINGS_INCOMPLETE = _key(
    "newscrawler/listings_incomplete", "1: not every listing page was walked"
)
LISTINGS_CAPPED = _key("newscrawler/listings_capped", "1: the listing-page cap stopped a walk")
LISTING_STOPPED_AT_KNOWN = _key(
    "newscrawler/listing_stopped_at_known",
    "listing walks stopped after stop_after_known known articles in a row",
)
DISCOVERY = _key(
    "newscrawler/discovery/",
    "+ listing_only, feed_only, both: articles by source; + KIND_unavailable: robots.txt, "
    "sitemaps and feeds that could not be fetched",
)
KNOWN_SKIPPED = _key(
    "newscrawler/known_skipped", "archived articles not re-requested (younger than recheck_after)"
)
UNFETCHED = _key("newscrawler/unfetched", "pages, counters, media not fetched for a passing cause")
UNFETCHED_RETRIED = _key(
    "newscrawler/unfetched_retried",
    "archived articles whose counter or media was unfetched, requested again",
)

# -- learned templates ------------------------------------------------------------------------------
TEMPLATE_HELD = _key(
    "newscrawler/template/held", "detail pages held unextracted until the template is learned"
)
TEMPLATE_LEARNED = _key("newscrawler/template/learned", "templates learned during the run")
TEMPLATE_RELEARNED = _key(
    "newscrawler/template/relearned", "templates learned again after a redesign"
)

# -- media --------------------------------------------------------------------------------------------
MEDIA_FETCHED = _key("newscrawler/media/fetched", "media files fetched")
MEDIA_BYTES = _key("newscrawler/media/bytes", "bytes of media fetched")
MEDIA_KNOWN_SKIPPED = _key(
    "newscrawler/media/known_skipped", "media files not fetched: already archived"
)

# -- politeness -----------------------------------------------------------------------------------
RETRY_AFTER_WAITS = _key("newscrawler/retry_after/waits", "waits a Retry-After header asked for")
RETRY_AFTER_SECONDS = _key(
    "newscrawler/retry_after/seconds", "seconds waited for Retry-After headers"
)
RATE_LIMIT_SLOWED = _key("newscrawler/rate_limit/slowed", "429 answers that doubled a slot's delay")
RATE_FLOOR = _key("newscrawler/rate_limit/floor/", "+ slot: the delay a rate limit raised it to")

# -- resuming a run (JOBDIR) ----------------------------------------------------------------------
RESUME_QUEUE_DISCARDED = _key(
    "newscrawler/resume/queue_discarded",
    "1: a killed run's request queue was discarded (listings walked again)",
)
RESUME_CARRIED = _key(
    "newscrawler/resume/carried", "requests the interrupted run had made, carried over"
)
RESUME_ALREADY_REQUESTED = _key(
    "newscrawler/resume/already_requested", "requests not made again: the interrupted run made them"
)

# -- items and the archive ------------------------------------------------------------------------
BAD_VALUE = _key("newscrawler/bad_value/", "+ field: values of the wrong shape, stored empty")
BAD_DATE = _key("newscrawler/bad_date", "dates that are not ISO 8601, stored empty")
EMPTY_FIELD = _key("newscrawler/empty_field/", "+ site/field: items without that field")
#: Archive outcomes by the status :meth:`newscrawler.archive.store.Archive.store` gives.
OUTCOMES = {
    "new": _key("newscrawler/new", "articles archived for the first time"),
    "changed": _key("newscrawler/changed", "articles archived with a new version"),
    "unchanged": _key("newscrawler/unchanged", "articles fetched (or 304) with the same content"),
    "gone": _key("newscrawler/gone", "archived articles that answered 404 or 410"),
}
STORED = _key(
    "newscrawler/stored", "articles the archive stored or confirmed (new, changed, unchanged)"
)
FILLED = _key("newscrawler/filled/", "+ field: of the stored articles, how many had the field")
JSONL_LINES = _key("newscrawler/jsonl_lines", "lines appended to the JSON Lines file")
JSONL_RECOVERED = _key(
    "newscrawler/jsonl_recovered", "lines a crashed run committed, appended at start"
)
JSONL_REPAIRED = _key("newscrawler/jsonl_repaired", "times a half-written last line was repaired")
RUN_UNWRITTEN = _key(
    "newscrawler/run_unwritten", "the run's crawls row, when the archive could not take it"
)

# -- raw capture (WARC) ---------------------------------------------------------------------------
WARC_RECORDS = _key("newscrawler/warc/records", "response records written to WARC files")
WARC_REVISITS = _key("newscrawler/warc/revisits", "of those, revisit records (same payload)")
WARC_BYTES = _key("newscrawler/warc/bytes", "bytes written to WARC files")
WARC_COMMITS = _key(
    "newscrawler/warc/commits", "group commits of WARC records (flushed and indexed)"
)
WARC_REPAIRED = _key(
    "newscrawler/warc/repaired", "WARC files an interrupted crawl left open, cut back and closed"
)
WARC_CAPTURED = _key("newscrawler/warc/captured", "responses a cluster worker streamed for capture")
WARC_CAPTURED_BYTES = _key("newscrawler/warc/captured_bytes", "bytes of those responses")

# -- the cluster ----------------------------------------------------------------------------------
STREAMED = _key("newscrawler/streamed", "items a cluster worker streamed to the ingester")
CLUSTER_WAITED_MS = _key(
    "newscrawler/cluster/waited_ms", "milliseconds a worker waited for a portal's shared slot"
)
CLUSTER_PAUSED = _key(
    "newscrawler/cluster/paused",
    "Retry-After pauses this worker set on a portal's shared slot (every worker waits them out)",
)

#: Reason counts, one family per counted kind, in the order ``runs`` and the report list them.
REASON_PREFIXES = {
    kind: _key(f"newscrawler/{kind}/", f"+ reason: {kind} by reason (newscrawler.reasons)")
    for kind in ("errors", "skipped", "dropped")
}
