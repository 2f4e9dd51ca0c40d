"""Every reason a page is skipped, an error is counted, an item is dropped or a run ends badly,
declared once with what it means.

A reason's ``kind`` says where it is counted: the Scrapy stat ``newscrawler/<kind>/<name>`` for
``errors``, ``skipped`` and ``dropped`` (the ``crawls`` table keeps them as ``error_reasons``,
``skipped_reasons`` and ``dropped_reasons``), or the ``crawls.reason`` column for ``run`` reasons,
which say why a run's status is what it is. A name ending in ``_*`` is a family: ``http_404``,
``http_503`` are both ``http_*``.

Components count through :func:`count`, which refuses a name that is not declared here, so the
same failure always gets the same name and ``runs``, the report and the docs can explain it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet import error as tx_error
from twisted.web.client import ResponseFailed

from newscrawler import stat_keys

#: Kinds counted as Scrapy stats, in the order ``runs`` and the report list them.
COUNTED_KINDS = tuple(stat_keys.REASON_PREFIXES)


@dataclass(frozen=True)
class Reason:
    name: str
    kind: str  # "errors", "skipped", "dropped" or "run"
    description: str
    #: A counted error that ends the run as ``failed`` (going on would only fail again).
    fatal: bool = False

    @property
    def is_family(self) -> bool:
        return self.name.endswith("_*")

    def matches(self, name: str) -> bool:
        if self.is_family:
            return re.fullmatch(re.escape(self.name[:-1]) + r"\w+", name) is not None
        return name == self.name


def _declare(*reasons: Reason) -> dict[str, Reason]:
    return {reason.name: reason for reason in reasons}


REASONS: dict[str, Reason] = _declare(
    # -- errors: a page that could not be fetched or read -----------------------------------------
    Reason("timeout", "errors", "the server did not answer within DOWNLOAD_TIMEOUT, after retries"),
    Reason(
        "too_large",
        "errors",
        "the answer was larger than DOWNLOAD_MAXSIZE (as sent, or once decompressed: a gzip bomb)",
    ),
    Reason(
        "connection_failed", "errors", "the connection broke or the answer was cut short (reset)"
    ),
    Reason("connection_refused", "errors", "the server refused the connection (nothing listens)"),
    Reason("dns_lookup", "errors", "the host name could not be resolved"),
    Reason("unsupported_scheme", "errors", "the URL's scheme cannot be downloaded"),
    Reason("download_failed", "errors", "the download failed in another way (the log names it)"),
    Reason("http_*", "errors", "the server answered with this HTTP status (5xx after retries)"),
    Reason("redirect_loop", "errors", "a redirect led back into its own chain"),
    Reason(
        "rate_limited",
        "errors",
        "a 429 or 503 asked to wait longer than NEWSCRAWLER_RETRY_AFTER_MAX: given up,"
        " fetched again next run",
    ),
    Reason("not_html", "errors", "the answer is not an HTML page (a PDF, an image...)"),
    Reason("undecodable", "errors", "the page's bytes decode in none of the charsets it declares"),
    Reason("parse_*", "errors", "reading the page raised this exception (the log has the page)"),
    Reason("views_unreadable", "errors", "the view counter answered without a number"),
    Reason("views_unavailable", "errors", "the view counter could not be fetched; article kept"),
    Reason(
        "media_unavailable",
        "errors",
        "an image or attachment could not be fetched (404, timeout...); the article is kept",
    ),
    Reason(
        "store_failed",
        "errors",
        "a batch could not be written to the archive (disk full, locked or damaged file);"
        " its articles are fetched again next run",
        fatal=True,
    ),
    Reason(
        "jsonl_failed",
        "errors",
        "the JSON Lines file could not be written; its lines wait in the archive's outbox",
        fatal=True,
    ),
    Reason(
        "warc_failed",
        "errors",
        "a WARC record could not be written (an I/O error, a read-only folder)",
        fatal=True,
    ),
    Reason(
        "disk_full",
        "errors",
        "the disk holding the archive, its JSON Lines or WARC files is full (or over quota):"
        " the crawl stopped; what was committed before is kept",
        fatal=True,
    ),
    # -- skipped: a decision not to fetch ---------------------------------------------------------
    Reason("ignored_request", "skipped", "not fetched: robots.txt forbids it, or a middleware"),
    Reason("offsite", "skipped", "not fetched: outside the portal's domains, or not http(s)"),
    Reason(
        "trap_suspected",
        "skipped",
        "a listing walk stopped: several pages in a row gave no new article links",
    ),
    Reason(
        "feed_unreadable",
        "skipped",
        "a sitemap or feed could not be read as XML (its articles are found by listings only)",
    ),
    Reason(
        "media_too_large",
        "skipped",
        "an image or attachment larger than NEWSCRAWLER_MEDIA_MAX_SIZE was not fetched",
    ),
    # -- dropped: an item not stored --------------------------------------------------------------
    Reason("missing_*", "dropped", "the article lacks this required field"),
    Reason("duplicate_url", "dropped", "the same URL was reached twice in one run"),
    Reason(
        "malformed_item",
        "dropped",
        "an item lacks its content_hash or has media without URLs (a damaged or foreign item)",
    ),
    Reason(
        "duplicate_content",
        "dropped",
        "the same content is archived under another URL; this URL is kept as its alias",
    ),
    # -- run: why a run ended as it did -----------------------------------------------------------
    Reason("start_urls_failed", "run", "no start URL could be fetched as a listing page"),
    Reason(
        "no_article_links",
        "run",
        "the listing pages gave no article links: a wrong --cms, or not a listing page",
    ),
    Reason("fields_dropped", "run", "fields the site's articles used to have are now mostly empty"),
    Reason(
        "unfetched",
        "run",
        "the portal did not deliver some pages, view counters or media (down, timeouts, 5xx,"
        " 429): the run is partial; the next run fetches them again",
    ),
    Reason("shutdown", "run", "stopped by a signal (Ctrl-C, SIGTERM)"),
    Reason("killed", "run", "the process died before the run could finish (SIGKILL, power loss)"),
    Reason("cancelled", "run", "the crawl was cancelled before it finished"),
    Reason(
        "redis_data_lost",
        "run",
        "the cluster's Redis lost its data (restarted without persistence, or flushed): queued"
        " requests and items not yet ingested are gone; `enqueue --resume` seeds the sites again",
    ),
    Reason("closespider_*", "run", "a CLOSESPIDER_* limit ended the run early"),
)


class UnknownReason(ValueError):
    """A reason name that is not declared in :data:`REASONS`."""


def lookup(name: str) -> Reason:
    """The declared reason (or family) of ``name``; raises :class:`UnknownReason`."""
    found = REASONS.get(name)
    if found is not None and not found.is_family:
        return found
    for reason in REASONS.values():
        if reason.is_family and reason.matches(name):
            return reason
    raise UnknownReason(f"reason {name!r} is not declared in newscrawler.reasons")


def describe(name: str) -> str:
    """A person's explanation of ``name`` ("" for an undeclared one, e.g. from an old run)."""
    try:
        return lookup(name).description
    except UnknownReason:
        return ""


def stat_key(name: str) -> str:
    """The Scrapy stats key a counted reason is kept under: ``newscrawler/<kind>/<name>``."""
    reason = lookup(name)
    if reason.kind not in COUNTED_KINDS:
        raise UnknownReason(f"{name!r} is a run reason, not counted in stats")
    return stat_keys.REASON_PREFIXES[reason.kind] + name


class _Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def count(stats: _Stats, name: str, value: int = 1) -> None:
    """Add ``value`` to the stat of reason ``name`` (declared, else :class:`UnknownReason`)."""
    stats.inc_value(stat_key(name), value)


def counted(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Reason counts in a stats mapping, by kind: ``{"errors": {"timeout": 2}, ...}``."""
    out: dict[str, dict[str, int]] = {kind: {} for kind in COUNTED_KINDS}
    for key, value in stats.items():
        parts = key.split("/")
        if len(parts) == 3 and parts[0] == "newscrawler" and parts[1] in out:
            out[parts[1]][parts[2]] = int(value)
    return out


#: Download failures by exception class (Scrapy's own and the Twisted ones it may pass on).
_DOWNLOAD_FAILURES: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), "timeout"),
    ((DownloadCancelledError,), "too_large"),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), "connection_refused"),
    ((CannotResolveHostError, tx_error.DNSLookupError), "dns_lookup"),
    ((UnsupportedURLSchemeError,), "unsupported_scheme"),
    (
        (
            DownloadFailedError,
            ResponseDataLossError,
            ResponseFailed,
            tx_error.ConnectionLost,
            tx_error.ConnectionDone,
            tx_error.ConnectError,
        ),
        "connection_failed",
    ),
)


def download_failure(exc: BaseException) -> str:
    """The reason for a failed download: by the exception's class, so Scrapy's wrapped exception
    (``DownloadConnectionRefusedError``) and Twisted's (``ConnectionRefusedError``) get one name."""
    for classes, name in _DOWNLOAD_FAILURES:
        if isinstance(exc, classes):
            return name
    return "download_failed"


#: Errors of a passing cause: the portal down or overloaded, not the page itself.
_PASSING = frozenset(
    {"timeout", "connection_failed", "connection_refused", "dns_lookup", "rate_limited"}
)


def is_passing(name: str) -> bool:
    """True for an error reason that another try may well not meet: the portal down, refusing
    connections, timing out, or answering 429, 502, 503 or 504 (overloaded, or its gateway cut
    off; a 500 is a broken page, not a passing state); what failed so is fetched again by the
    next run."""
    return name in _PASSING or name in ("http_429", "http_502", "http_503", "http_504")


def is_decompression_bomb(exc: BaseException) -> bool:
    """True for the ``IgnoreRequest`` Scrapy raises when a response's body grows past
    ``DOWNLOAD_MAXSIZE`` while it is decompressed (a gzip bomb): a ``too_large`` answer, not a
    decision not to fetch."""
    return isinstance(exc, IgnoreRequest) and isinstance(
        exc.__cause__, _DecompressionMaxSizeExceeded
    )


def parse_failure(exc: BaseException) -> str:
    """The reason for an exception raised while reading a page: the exception's own declared
    ``reason`` attribute (e.g. ``undecodable``), else ``parse_<ExceptionClass>``."""
    own = getattr(exc, "reason", None)
    if isinstance(own, str) and own in REASONS:
        return own
    return f"parse_{type(exc).__name__}"
