"""One generic spider for every portal: the site profile says where to go and what to read.

    scrapy crawl portal -a site=ustb-en
    scrapy crawl portal -a url=https://news.example.edu.cn/xwzx.htm -a cms=vsb [-a full=1]

Listing pages (start URLs and their pagination) yield detail requests; detail pages go through
the pure extraction stage; a view counter that the CMS loads by script is fetched as one more
request. Every failure ends as a counted, logged skip of that page.

Incremental by default: an article already in the archive is not fetched again until its site's
``recheck_after`` age, and then with a conditional request (ETag / Last-Modified); a listing's
pagination is not followed once ``stop_after_known`` known articles were seen in a row (news
listings are newest first, so the rest is known too). ``full=1`` walks and fetches everything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawler import __version__
from newscrawler.extraction import extract_article, extract_listing
from newscrawler.extraction.urls import canonicalize
from newscrawler.items import ArticleItem, PageCheck
from newscrawler.known import KnownArticles, utc_now
from newscrawler.middlewares import OffsiteRequest, RedirectLoop
from newscrawler.profiles import SiteProfile, load_profile, profile_for_url

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")

#: Download failures by exception name -> the reason counted in stats and the ``crawls`` table.
FAILURE_REASONS = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadCancelledError": "too_large",
    "ResponseFailed": "connection_failed",
    "DownloadFailedError": "connection_failed",
    "ConnectionLost": "connection_failed",
    "ConnectionDone": "connection_failed",
    "ConnectionRefusedError": "connection_refused",
    "DNSLookupError": "dns_lookup",
}


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        site: str | None = None,
        url: str | None = None,
        cms: str = "auto",
        start_url: str | None = None,
        profile: SiteProfile | None = None,
        full: str | bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if profile is None:
            if site:
                profile = load_profile(site)
            elif url:
                profile = profile_for_url(url, cms)
            else:
                raise ValueError("give -a site=PROFILE_ID or -a url=START_URL [-a cms=FAMILY]")
        if start_url:
            profile = profile.with_start_urls(start_url.split(","))
        self.profile = profile
        self.site_id = profile.id
        self.allowed_domains = list(profile.allowed_domains)
        self.listing_pages = 0
        self.full = str(full).lower() in ("1", "true", "yes")
        # Requests are not filtered by Scrapy's duplicate filter: with a job directory it
        # remembers requests a killed run never finished. This run's own set, and the archive,
        # decide what is fetched.
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not crawler.settings.frozen and crawler.settings.getbool(
            "NEWSCRAWLER_PROFILE_POLITENESS", True
        ):
            # The profile's delay and concurrency apply to its own hosts only, unless the run
            # sets them itself (`-s DOWNLOAD_DELAY=...`): the command line has the last word.
            slot = {
                key: spider.profile.crawl[profile_key]
                for key, profile_key, setting in (
                    ("delay", "download_delay", "DOWNLOAD_DELAY"),
                    ("concurrency", "concurrency", "CONCURRENT_REQUESTS_PER_DOMAIN"),
                )
                if crawler.settings.getpriority(setting) < SETTINGS_PRIORITIES["cmdline"]
            }
            slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
            for domain in spider.profile.allowed_domains if slot else ():
                slots.setdefault(domain, slot)
            crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if (
            not crawler.settings.frozen
            and crawler.settings.getpriority("USER_AGENT") <= SETTINGS_PRIORITIES["project"]
        ):
            # Built here, not in settings.py, so `-s NEWSCRAWLER_CONTACT=...` reaches the header.
            contact = crawler.settings.get("NEWSCRAWLER_CONTACT")
            crawler.settings.set(
                "USER_AGENT", f"newscrawler/{__version__} (+{contact})", priority="spider"
            )
        spider.known = KnownArticles(crawler.settings.get("NEWSCRAWLER_DB"))
        # After a run that was cut short, walk every listing page (known articles are still not
        # fetched): what that run never reached is found.
        spider.walk_all = spider.full or spider.known.last_run_incomplete(spider.site_id)
        return spider

    def closed(self, reason: str) -> None:
        self.known.close()

    def crawl_setting(self, key: str) -> int:
        """A profile ``[crawl]`` value, or the run-wide override ``NEWSCRAWLER_<KEY>`` (e.g.
        ``-s NEWSCRAWLER_RECHECK_AFTER=0``; durations in seconds)."""
        override = self.crawler.settings.get(f"NEWSCRAWLER_{key.upper()}")
        return int(override) if override not in (None, "") else int(self.profile.crawl[key])

    @property
    def recheck_after(self) -> int:
        """Seconds before a known article is due again."""
        return self.crawl_setting("recheck_after")

    @property
    def max_listing_pages(self) -> int:
        """Listing pages walked in all: the per-start-URL limit times the start URLs."""
        return self.crawl_setting("max_listing_pages") * max(1, len(self.profile.start_urls))

    async def start(self) -> AsyncIterator[Any]:
        for url in self.profile.start_urls:
            request = self._listing_request(url)
            if request:
                yield request

    def _listing_request(self, url: str, known_run: int = 0) -> scrapy.Request | None:
        if url in self.requested:
            return None
        self.requested.add(url)
        self.listing_pages += 1
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            meta={"known_run": known_run, "listing": True},
            dont_filter=True,
        )

    def _listing_incomplete(self, why: str, url: str) -> None:
        """This run will not have walked every listing page: the next one walks them all."""
        self.crawler.stats.set_value("newscrawler/listings_incomplete", 1)
        logger.warning("listing not fully walked (%s): %s", why, url)

    def _article_requests(self, urls: list[str], known_run: int) -> tuple[list[Any], int]:
        """Requests for the listing's articles, and the count of known ones in a row at its end."""
        requests, now = [], utc_now()
        for url in urls:
            if url in self.requested:
                known_run += 1
                continue
            self.requested.add(url)
            known = None if self.full else self.known.get(url)
            if known is None:
                known_run = 0
                requests.append(
                    scrapy.Request(url, callback=self.parse_article, errback=self.on_error)
                )
                continue
            known_run += 1
            if not known.due(self.recheck_after, now):
                self.crawler.stats.inc_value("newscrawler/known_skipped")
                continue
            headers = {}
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            requests.append(
                scrapy.Request(
                    url,
                    callback=self.parse_article,
                    errback=self.on_error,
                    headers=headers,
                    meta={
                        "handle_httpstatus_list": [304, 404, 410],
                        "recheck": True,
                        "archived_url": known.url,
                    },
                    dont_filter=True,
                )
            )
        return requests, known_run

    def _is_html(self, response: Response) -> bool:
        content_type = response.headers.get(b"Content-Type", b"text/html").lower()
        if any(t in content_type for t in HTML_TYPES) and isinstance(response, TextResponse):
            return True
        self.crawler.stats.inc_value("newscrawler/errors/not_html")
        logger.warning("skipped %s: not HTML (%s)", response.url, content_type.decode("latin-1"))
        return False

    # -- callbacks ------------------------------------------------------------------------------
    def parse_listing(self, response: Response) -> Iterator[Any]:
        if not self._is_html(response):
            self._listing_incomplete("not HTML", response.url)
            return
        self.crawler.stats.inc_value("newscrawler/listing_pages")
        listing = extract_listing(response.url, response.text, self.profile)
        requests, known_run = self._article_requests(
            listing.articles, response.meta.get("known_run", 0)
        )
        yield from requests
        if not self.walk_all and known_run >= self.crawl_setting("stop_after_known"):
            self.crawler.stats.inc_value("newscrawler/listing_stopped_at_known")
            return
        # Incremental crawls walk the 'next' chain so they can stop early; full crawls fan out.
        follow = [listing.next_page] if listing.next_page and not self.walk_all else []
        for url in follow or [listing.next_page, *listing.pages]:
            if not url or url in self.requested:
                continue
            if self.listing_pages >= self.max_listing_pages:
                self._listing_incomplete("max_listing_pages reached", url)
                break
            yield self._listing_request(url, known_run)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        if response.meta.get("recheck") and response.status in (304, 404, 410):
            yield PageCheck(
                url=response.meta["archived_url"],
                site=self.site_id,
                status=response.status,
                fetched_at=utc_now().isoformat(timespec="seconds"),
            )
            return
        if not self._is_html(response):
            return
        if not self.full and not response.meta.get("recheck") and self.known.get(response.url):
            # Queued twice across a kill and resume: already stored by then.
            self.crawler.stats.inc_value("newscrawler/known_skipped")
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        # Off the reactor thread: lxml releases the GIL while it parses, so a second core helps.
        result = await asyncio.to_thread(
            extract_article, response.url, response.body, self.profile, content_type=content_type
        )
        item = ArticleItem(
            **result.item,
            fetched_url=canonicalize(response.meta.get("redirect_urls", [response.url])[0]),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        if result.views_url:
            yield scrapy.Request(
                result.views_url,
                callback=self.parse_views,
                errback=self.views_failed,
                cb_kwargs={"item": item},
                meta={"views_counter": True},
                dont_filter=True,
            )
        else:
            yield item

    def parse_views(self, response: Response, item: ArticleItem) -> Iterator[Any]:
        text = response.text if isinstance(response, TextResponse) else ""
        digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
        if digits:
            item["views"] = int(digits[0])
        else:
            self.crawler.stats.inc_value("newscrawler/errors/views_unreadable")
        yield item

    def views_failed(self, failure: Failure) -> Iterator[Any]:
        """The article is kept without a fresh view count when its counter cannot be read (or is
        outside the portal: counted as ``skipped/offsite`` where it was refused)."""
        if not failure.check(OffsiteRequest):
            self.crawler.stats.inc_value("newscrawler/errors/views_unavailable")
        yield failure.request.cb_kwargs["item"]

    def on_error(self, failure: Failure) -> None:
        """Count and log a page that could not be fetched, by a reason a person can read."""
        request = failure.request
        if failure.check(OffsiteRequest):
            return  # counted and logged where it was refused
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(RedirectLoop):
            reason = "redirect_loop"
        elif failure.check(IgnoreRequest):
            # robots.txt or an offsite redirect: a decision, not an error
            self.crawler.stats.inc_value("newscrawler/skipped/ignored_request")
            logger.info("not fetched %s: %s", request.url, failure.value)
            return
        else:
            name = type(failure.value).__name__
            reason = FAILURE_REASONS.get(name, name)
        self.crawler.stats.inc_value(f"newscrawler/errors/{reason}")
        logger.warning("skipped %s: %s (%s)", request.url, reason, failure.getErrorMessage())
        if request.meta.get("listing"):
            self._listing_incomplete(reason, request.url)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
