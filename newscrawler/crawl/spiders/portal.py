"""One generic spider for every portal: the site profile says where to go and what to read.

    scrapy crawl portal -a site=ustb-en
    scrapy crawl portal -a url=https://news.example.edu.cn/xwzx.htm -a cms=vsb [-a full=1]

Listing pages (start URLs and their pagination) yield detail requests; detail pages go through
the pure extraction stage; a view counter that the CMS loads by script is fetched as one more
request. Every failure ends as a counted, logged skip of that page.

Sitemaps and feeds are a second discovery source (``Sitemap:`` in robots.txt, else
``/sitemap.xml``; WordPress's ``/feed/``; feeds a listing page announces): their same-site article
URLs that are not archived yet are fetched too, so articles no listing shows are found. How many
articles each source found is counted (``newscrawler/discovery/listing_only``, ``feed_only``,
``both``).

The first crawl of a site (nothing archived for it yet) and a crawl after an interrupted one walk
every listing page. ``max_listing_pages`` is a trap guard, not a budget: a walk that reaches it
sets ``newscrawler/listings_capped``; a walk whose last ``trap_after`` listing pages gave no new
article link stops (skipped ``trap_suspected``).

Incremental by default: an article already in the archive is not fetched again until its site's
``recheck_after`` age, and then with a conditional request (ETag / Last-Modified); a listing's
pagination is not followed once ``stop_after_known`` known articles were seen in a row (news
listings are newest first, so the rest is known too). ``full=1`` walks and fetches everything.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newscrawler import reasons, stat_keys
from newscrawler.archive.known import KnownArticles, utc_now
from newscrawler.archive.templates import (
    HeldPage,
    TemplateLearning,
    learner,
    rule_hits,
)
from newscrawler.capture.middleware import capture_fields
from newscrawler.capture.version import EXTRACTOR_VERSION
from newscrawler.crawl.discovery import (
    UnreadableDocument,
    announced_feeds,
    feed_entries,
    feed_evidence,
    read_sitemap,
    robots_sitemaps,
    sitemap_body,
    sitemap_evidence,
)
from newscrawler.crawl.middlewares import OffsiteRequest, RedirectLoop
from newscrawler.crawl.runner import set_user_agent
from newscrawler.crawl.scope import portal_ports, refusal
from newscrawler.crawl.spiders.media import MediaFetching
from newscrawler.crawl.storage import StorageFailed
from newscrawler.crawl.throttle import RateLimited
from newscrawler.extraction import decode_html, extract_article, extract_listing
from newscrawler.extraction.article import resolve_family
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.listing import is_detail_url
from newscrawler.extraction.template import MIN_PAGES
from newscrawler.extraction.urls import canonicalize
from newscrawler.items import ArticleItem, PageCheck
from newscrawler.profiles import SiteProfile, load_profile, profile_for_url

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")

#: The inputs this extractor takes beyond the page (listing evidence, a learned template; a
#: listing's fallback column): given only where the function accepts them.
ARTICLE_INPUTS = frozenset(inspect.signature(extract_article).parameters) & {"evidence", "template"}
LISTING_TAKES_COLUMN = "column" in inspect.signature(extract_listing).parameters


class PortalSpider(MediaFetching, scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        site: str | None = None,
        url: str | None = None,
        cms: str = "auto",
        start_url: str | None = None,
        profile: SiteProfile | None = None,
        full: str | bool = False,
        learn: str | bool = True,
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
        self.allowed_ports = portal_ports(profile.start_urls, profile.ports)
        # One Scrapy download slot for the whole portal, whatever host a request goes to.
        self.download_slot = f"portal:{profile.id}"
        self.listing_pages = 0
        self.discovery_documents = 0
        self.full = str(full).lower() in ("1", "true", "yes")
        self.learn = str(learn).lower() in ("1", "true", "yes")
        # Listing evidence of each article URL found by this run, until its page is read.
        self.evidence: dict[str, list[ListingEvidence]] = {}
        self.releasing = False
        # Requests are not filtered by Scrapy's duplicate filter: with a job directory it
        # remembers requests a killed run never finished. This run's own set, and the archive,
        # decide what is fetched.
        self.requested: set[str] = set()
        # Article URLs found by each discovery source, and the walks stopped as traps.
        self.listed: set[str] = set()
        self.fed: set[str] = set()
        self.trapped: set[str] = set()
        # The profile articles are read with (for `auto`, the family the first listing shows).
        self.article_profile: SiteProfile | None = None
        self.media_fetched = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not crawler.settings.frozen and crawler.settings.getbool(
            "NEWSCRAWLER_PROFILE_POLITENESS", True
        ):
            # The profile's delay and concurrency apply to the portal's slot (all its hosts; see
            # PortalScopeMiddleware), unless the run sets them itself (`-s DOWNLOAD_DELAY=...`):
            # the command line has the last word.
            slot = {
                key: spider.profile.crawl[profile_key]
                for key, profile_key, setting in (
                    ("delay", "download_delay", "DOWNLOAD_DELAY"),
                    ("concurrency", "concurrency", "CONCURRENT_REQUESTS_PER_DOMAIN"),
                )
                if crawler.settings.getpriority(setting) < SETTINGS_PRIORITIES["cmdline"]
            }
            slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
            if slot:
                slots.setdefault(spider.download_slot, slot)
            crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if not crawler.settings.frozen:
            set_user_agent(crawler.settings, "spider")
        spider.known = KnownArticles(crawler.settings.get("NEWSCRAWLER_DB"))
        # The site's newest stored template from the start; else, learned from its first pages.
        learns = spider.learn and crawler.settings.getbool("NEWSCRAWLER_TEMPLATES", True)
        spider.templates = TemplateLearning(
            spider.site_id,
            spider.known.template(spider.site_id),
            learner() if learns else None,
            crawler.settings.getint("NEWSCRAWLER_TEMPLATE_MIN_PAGES", MIN_PAGES),
        )
        if spider.templates.holding:
            crawler.signals.connect(spider.release_held, signal=signals.spider_idle)
        # Walk every listing page (known articles are still not fetched) after a run that was cut
        # short, so what it never reached is found, and on a site's first crawl, so the archive
        # starts with the whole portal.
        spider.walk_all = (
            spider.full
            or spider.known.last_run_incomplete(spider.site_id)
            or not spider.known.has_site(spider.site_id)
        )
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
        """Listing pages walked in all (a trap guard): the per-start-URL limit times the start
        URLs."""
        return self.crawl_setting("max_listing_pages") * max(1, len(self.profile.start_urls))

    async def start(self) -> AsyncIterator[Any]:
        for url in self.profile.start_urls:
            request = self._listing_request(url, walk=url)
            if request:
                yield request
        # Archived articles whose view counter or media an earlier run could not fetch: fetched
        # again (whole, not conditionally) so what is missing is fetched with them.
        for url in self.known.unfetched(self.site_id):
            if url not in self.requested and self._in_scope(url):
                self.requested.add(url)
                self.crawler.stats.inc_value(stat_keys.UNFETCHED_RETRIED)
                yield scrapy.Request(
                    url,
                    callback=self.parse_article,
                    errback=self.on_error,
                    meta={"retry_unfetched": True},
                    dont_filter=True,
                )

    def _in_scope(self, url: str) -> bool:
        """True for an http(s) URL on the portal; anything else is counted and logged."""
        why = refusal(url, self.allowed_domains, ports=self.allowed_ports)
        if why is None:
            return True
        reasons.count(self.crawler.stats, "offsite")
        logger.info("not following %s: %s", url[:300], why)
        return False

    def _listing_request(
        self, url: str, known_run: int = 0, walk: str = "", barren: int = 0
    ) -> scrapy.Request | None:
        """A listing page of the walk from start URL ``walk``, after ``barren`` pages in a row
        without a new article link."""
        if url in self.requested:
            return None
        self.requested.add(url)
        self.listing_pages += 1
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            meta={"known_run": known_run, "listing": True, "walk": walk, "barren": barren},
            dont_filter=True,
        )

    def _listing_incomplete(self, why: str, url: str) -> None:
        """This run will not have walked every listing page: the next one walks them all."""
        self.crawler.stats.set_value(stat_keys.LISTINGS_INCOMPLETE, 1)
        logger.warning("listing not fully walked (%s): %s", why, url)

    def _found(self, urls: list[str], source: set[str]) -> None:
        """Record article URLs found by one discovery source (``self.listed`` or ``self.fed``)
        and keep the discovery counters current."""
        other = self.fed if source is self.listed else self.listed
        stats = self.crawler.stats
        for url in urls:
            if url in source:
                continue
            source.add(url)
            if url in other:
                stats.inc_value(stat_keys.DISCOVERY + "both")
                only = "listing_only" if other is self.listed else "feed_only"
                stats.inc_value(stat_keys.DISCOVERY + only, -1)
            else:
                only = "listing_only" if source is self.listed else "feed_only"
                stats.inc_value(stat_keys.DISCOVERY + only)
                stats.inc_value(stat_keys.ARTICLE_LINKS)

    def _note_evidence(self, url: str, evidence: ListingEvidence | None) -> None:
        """Remember what a listing row, sitemap or feed entry says of article ``url``."""
        if evidence is not None:
            self.evidence[url] = _distinct([*self.evidence.get(url, ()), evidence])

    def _evidence_of(self, url: str, meta: dict[str, Any]) -> tuple[ListingEvidence, ...]:
        """The evidence of article ``url``: what the archive holds of it (a known article), what
        its request carried (it survives a resume), and what this run found of it since — in
        the order the archive stores it, so ``reextract`` gives extraction the same."""
        carried = [ListingEvidence.from_dict(e) for e in meta.get("listing_evidence") or ()]
        stored = self.known.evidence(url)
        return _distinct([*stored, *carried, *self.evidence.pop(url, ())])

    def _article_requests(
        self, urls: list[str], known_run: int, recheck: bool = True
    ) -> tuple[list[Any], int]:
        """Requests for these articles, and the count of known ones in a row at the end of the
        list. Without ``recheck`` (sitemaps, feeds) a known article is never fetched again."""
        requests, now = [], utc_now()
        for url in urls:
            if url in self.requested:
                # Already asked for by this run: known, unless a feed found it first.
                known_run = known_run + 1 if self.full or self.known.get(url) else 0
                continue
            self.requested.add(url)
            known = None if self.full else self.known.get(url)
            evidence = [e.to_dict() for e in self.evidence.get(url, ())]
            if known is None:
                known_run = 0
                requests.append(
                    scrapy.Request(
                        url,
                        callback=self.parse_article,
                        errback=self.on_error,
                        meta={"listing_evidence": evidence},
                    )
                )
                continue
            known_run += 1
            if not recheck or not known.due(self.recheck_after, now):
                self.crawler.stats.inc_value(stat_keys.KNOWN_SKIPPED)
                self.evidence.pop(url, None)
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
                        "listing_evidence": evidence,
                    },
                    dont_filter=True,
                )
            )
        return requests, known_run

    def _is_html(self, response: Response) -> bool:
        content_type = response.headers.get(b"Content-Type", b"text/html").lower()
        if any(t in content_type for t in HTML_TYPES) and isinstance(response, TextResponse):
            return True
        reasons.count(self.crawler.stats, "not_html")
        logger.warning("skipped %s: not HTML (%s)", response.url, content_type.decode("latin-1"))
        return False

    # -- callbacks ------------------------------------------------------------------------------
    def parse_listing(self, response: Response) -> Iterator[Any]:
        if not self._is_html(response):
            self._listing_incomplete("not HTML", response.url)
            return
        self.crawler.stats.inc_value(stat_keys.LISTING_PAGES)
        if self.article_profile is None:
            self.article_profile = resolve_family(self.profile, response.text)[0]
        yield from self._discovery_requests(response.url)
        for feed in announced_feeds(response.text, response.url):
            yield from self._document_request(feed, self.parse_feed, "feed", probe=False)
        walk = response.meta.get("walk", response.url)
        column = self.profile.columns.get(walk)
        listing = extract_listing(
            response.url,
            response.text,
            self.profile,
            **({"column": column} if LISTING_TAKES_COLUMN else {}),
        )
        articles = [url for url in listing.articles if self._in_scope(url)]
        rows: dict[str, ListingEvidence] = getattr(listing, "evidence", {})
        for url in articles:
            evidence = rows.get(url)
            if evidence is None and column:
                evidence = ListingEvidence(
                    column=column, source="profile", listing_url=response.url
                )
            self._note_evidence(url, evidence)
        fresh = [url for url in articles if url not in self.listed]
        self._found(articles, self.listed)
        requests, known_run = self._article_requests(articles, response.meta.get("known_run", 0))
        yield from requests
        barren = 0 if fresh else response.meta.get("barren", 0) + 1
        trap_after = self.crawl_setting("trap_after")
        if trap_after and barren >= trap_after:
            if walk not in self.trapped:
                self.trapped.add(walk)
                reasons.count(self.crawler.stats, "trap_suspected")
                logger.warning(
                    "stopped the listing walk from %s at %s: %d pages in a row without a new"
                    " article link (a pagination trap?)",
                    walk,
                    response.url,
                    barren,
                )
            return
        if not self.walk_all and known_run >= self.crawl_setting("stop_after_known"):
            self.crawler.stats.inc_value(stat_keys.LISTING_STOPPED_AT_KNOWN)
            return
        # Incremental crawls walk the 'next' chain so they can stop early; full crawls fan out.
        follow = [listing.next_page] if listing.next_page and not self.walk_all else []
        for url in follow or [listing.next_page, *listing.pages]:
            if not url or url in self.requested or not self._in_scope(url):
                continue
            if self.listing_pages >= self.max_listing_pages:
                if not self.crawler.stats.get_value(stat_keys.LISTINGS_CAPPED):
                    self.crawler.stats.set_value(stat_keys.LISTINGS_CAPPED, 1)
                    self._listing_incomplete(
                        f"max_listing_pages ({self.max_listing_pages}) reached", url
                    )
                break
            yield self._listing_request(url, known_run, walk, barren)

    # -- sitemaps and feeds -----------------------------------------------------------------------
    def _discovery_requests(self, url: str) -> Iterator[scrapy.Request]:
        """The robots.txt of a listing page's host (for its ``Sitemap:`` lines) and, on WordPress,
        its feed; once per host."""
        origin = response_origin(url)
        yield from self._document_request(
            f"{origin}/robots.txt", self.parse_robots, "robots", probe=True
        )
        if self.article_profile is not None and self.article_profile.cms == "wordpress":
            yield from self._document_request(
                f"{origin}/feed/", self.parse_feed, "feed", probe=True
            )

    def _document_request(
        self, url: str, callback: Any, kind: str, *, probe: bool
    ) -> Iterator[scrapy.Request]:
        """One request for a robots.txt, sitemap or feed (each fetched once a run, at most
        ``max_listing_pages`` of them). A ``probe`` (a guessed location) may well be missing."""
        if url in self.requested or not self._in_scope(url):
            return
        if self.discovery_documents >= self.max_listing_pages:
            if not self.crawler.stats.get_value(stat_keys.LISTINGS_CAPPED):
                self.crawler.stats.set_value(stat_keys.LISTINGS_CAPPED, 1)
                logger.warning("not reading %s: max_listing_pages sitemaps and feeds read", url)
            return
        self.requested.add(url)
        self.discovery_documents += 1
        yield scrapy.Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            meta={"discovery": kind, "probe": probe},
            dont_filter=True,
        )

    def parse_robots(self, response: Response) -> Iterator[Any]:
        sitemaps = robots_sitemaps(response.body, response.url)
        for url in sitemaps or [f"{response_origin(response.url)}/sitemap.xml"]:
            yield from self._document_request(
                url, self.parse_sitemap, "sitemap", probe=not sitemaps
            )

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        try:
            body = sitemap_body(response, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            kind, urls = read_sitemap(body, response.url)
        except UnreadableDocument as exc:
            self._unreadable(response, exc)
            return
        if kind == "sitemapindex":
            for url in urls:
                yield from self._document_request(url, self.parse_sitemap, "sitemap", probe=False)
            return
        # A sitemap lists every page of a site: only URLs with the family's article shape count.
        profile = self.article_profile or self.profile
        yield from self._fed_articles(
            [u for u in urls if profile.detail_patterns and is_detail_url(u, profile)],
            sitemap_evidence(body, response.url),
        )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        try:
            urls = feed_entries(response.body, response.url)
            evidence = feed_evidence(response.body, response.url)
        except UnreadableDocument as exc:
            self._unreadable(response, exc)
            return
        yield from self._fed_articles(urls, evidence)

    def _fed_articles(self, urls: list[str], evidence: dict[str, ListingEvidence]) -> Iterator[Any]:
        """Requests for the articles a sitemap or feed lists, with what it says of them."""
        articles = []
        for url in urls:
            if self._in_scope(url):
                articles.append(canonicalize(url))
                self._note_evidence(articles[-1], evidence.get(url))
        self._found(articles, self.fed)
        yield from self._article_requests(articles, 0, recheck=False)[0]

    def _unreadable(self, response: Response, exc: Exception) -> None:
        """A sitemap or feed that is none: skipped quietly when its location was only guessed,
        else counted as skipped ``feed_unreadable``."""
        kind = response.meta["discovery"]
        if response.meta.get("probe"):
            logger.info("no %s at %s (%s)", kind, response.url, exc)
            return
        reasons.count(self.crawler.stats, "feed_unreadable")
        logger.warning("skipped %s: unreadable %s (%s)", response.url, kind, exc)

    def discovery_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A robots.txt, sitemap or feed that could not be fetched: missing ones are common and
        not errors of the run (listings remain the main source); counted per kind."""
        if failure.check(OffsiteRequest, StorageFailed):
            return
        request = failure.request
        kind = request.meta.get("discovery", "document")
        self.crawler.stats.inc_value(f"{stat_keys.DISCOVERY}{kind}_unavailable")
        logger.info("no %s at %s: %s", kind, request.url, failure.getErrorMessage())
        if kind == "robots":
            # No robots.txt: the conventional sitemap location is still worth a try.
            yield from self._document_request(
                f"{response_origin(request.url)}/sitemap.xml",
                self.parse_sitemap,
                "sitemap",
                probe=True,
            )

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        linked = canonicalize(response.meta.get("redirect_urls", [response.url])[0])
        if response.meta.get("recheck") and response.status in (304, 404, 410):
            yield PageCheck(
                url=response.meta["archived_url"],
                site=self.site_id,
                status=response.status,
                fetched_at=utc_now().isoformat(timespec="seconds"),
                listing_evidence=[e.to_dict() for e in self._evidence_of(linked, response.meta)],
                **capture_fields(response.meta.get("warc_record")),
            )
            return
        if not self._is_html(response):
            return
        if (
            not self.full
            and not response.meta.get("recheck")
            and not response.meta.get("retry_unfetched")
            and self.known.get(response.url)
        ):
            # Queued twice across a kill and resume: already stored by then.
            self.crawler.stats.inc_value(stat_keys.KNOWN_SKIPPED)
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        html = decode_html(response.body, content_type)
        page = HeldPage(
            url=response.url,
            html=html,
            evidence=self._evidence_of(linked, response.meta),
            fetched_at=datetime.now(timezone.utc),
            fields={
                "fetched_url": linked,
                "etag": _header(response, b"ETag"),
                "last_modified": _header(response, b"Last-Modified"),
                **capture_fields(response.meta.get("warc_record")),
            },
        )
        pages = [page]
        if self.templates.holding:
            # Captured (the WARC record is durable) but not extracted until the template is
            # learned; a kill now loses nothing the next run does not fetch again.
            pages = self.templates.hold(page)
            self.crawler.stats.inc_value(stat_keys.TEMPLATE_HELD)
        async for out in self._extracted(pages):
            yield out

    def release_held(self) -> None:
        """``spider_idle``: fewer than ``MIN_PAGES`` articles came; learn from the held ones
        (at least 2) and extract them all, keeping the spider open until they are through."""
        if self.releasing:
            raise DontCloseSpider
        if not self.templates.held:
            return
        self.releasing = True
        deferred_from_coro(self._release())
        raise DontCloseSpider

    async def _release(self) -> None:
        engine = self.crawler.engine
        try:
            async for out in self._extracted(self.templates.release()):
                if isinstance(out, scrapy.Request):
                    engine.crawl(out)
                else:
                    await engine.scraper.start_itemproc_async(out, response=None)
        finally:
            self.releasing = False

    async def _extracted(self, pages: list[HeldPage]) -> AsyncIterator[Any]:
        """The output of each page (its item, or its views or media request), extracted with
        the site's template; a page that fails is counted and skipped, not the others."""
        for page in pages:
            try:
                out = self._extract(page)
            except Exception as exc:  # as SkipCounterMiddleware does for one page
                reason = reasons.parse_failure(exc)
                reasons.count(self.crawler.stats, reason)
                logger.error("skipped %s: %s: %s", page.url, reason, exc)
                continue
            yield out

    def _extract(self, page: HeldPage) -> Any:
        """The item of ``page`` (or its views or media request), extracted on the reactor thread:
        in a thread of its own it measured slower in CPU and in wall time (each hop waits for
        the GIL; only lxml's parse releases it), 27.5-28.6 s of CPU against 22.0-23.2 s for a
        2,000-article crawl."""
        template = self.templates.template
        inputs: dict[str, Any] = {}
        if "evidence" in ARTICLE_INPUTS:
            inputs["evidence"] = page.evidence
        if template is not None and "template" in ARTICLE_INPUTS:
            inputs["template"] = template
        document = self.templates.document()
        result, hits = _extract_page(page, self.profile, inputs, template)
        if self.templates.observe(page, hits):
            self.crawler.stats.inc_value(stat_keys.TEMPLATE_RELEARNED)
        if self.templates.learned:
            self.crawler.stats.set_value(stat_keys.TEMPLATE_LEARNED, len(self.templates.learned))
        item = ArticleItem(
            **result.item,
            **page.fields,
            extractor_version=EXTRACTOR_VERSION,
            listing_evidence=[e.to_dict() for e in page.evidence],
            template_version=template.version if "template" in inputs else None,
            template=document,
            unfetched=[],
        )
        if result.views_url:
            return scrapy.Request(
                result.views_url,
                callback=self.parse_views,
                errback=self.views_failed,
                cb_kwargs={"item": item},
                meta={"views_counter": True},
                dont_filter=True,
            )
        return self.media_or_item(item)

    def parse_views(self, response: Response, item: ArticleItem) -> Iterator[Any]:
        text = response.text if isinstance(response, TextResponse) else ""
        digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
        if digits:
            item["views"] = int(digits[0])
        else:
            reasons.count(self.crawler.stats, "views_unreadable")
        yield self.media_or_item(item)

    def views_failed(self, failure: Failure) -> Iterator[Any]:
        """The article is kept without a fresh view count when its counter cannot be read (or is
        outside the portal: counted as ``skipped/offsite`` where it was refused)."""
        item = failure.request.cb_kwargs["item"]
        if not failure.check(OffsiteRequest, StorageFailed):
            reasons.count(self.crawler.stats, "views_unavailable")
            self.unfetched(item, "views", failure)
        yield self.media_or_item(item)

    def on_error(self, failure: Failure) -> None:
        """Count and log a page that could not be fetched, by a reason a person can read."""
        request = failure.request
        if failure.check(OffsiteRequest, StorageFailed):
            return  # counted and logged where it was refused
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(RedirectLoop):
            reason = "redirect_loop"
        elif failure.check(RateLimited):
            reason = "rate_limited"
        elif reasons.is_decompression_bomb(failure.value):
            reason = "too_large"
        elif failure.check(IgnoreRequest):
            # robots.txt or an offsite redirect: a decision, not an error
            reasons.count(self.crawler.stats, "ignored_request")
            logger.info("not fetched %s: %s", request.url, failure.value)
            return
        else:
            reason = reasons.download_failure(failure.value)
        reasons.count(self.crawler.stats, reason)
        if reasons.is_passing(reason):  # fetched again by the next run: the run is partial
            self.crawler.stats.inc_value(stat_keys.UNFETCHED)
        logger.warning("skipped %s: %s (%s)", request.url, reason, failure.getErrorMessage())
        if request.meta.get("listing"):
            self._listing_incomplete(reason, request.url)


def response_origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _distinct(evidence: list[ListingEvidence]) -> tuple[ListingEvidence, ...]:
    """``evidence`` without repeats of what it says (the same row seen on another listing page
    is one piece of evidence, as the archive stores it), first sighting kept."""
    seen: dict[tuple[Any, ...], ListingEvidence] = {}
    for e in evidence:
        seen.setdefault((e.source, e.title, e.published, e.column), e)
    return tuple(seen.values())


def _extract_page(
    page: HeldPage, profile: SiteProfile, inputs: dict[str, Any], template: Any
) -> tuple[Any, frozenset[str]]:
    """Extract one page, and say which of ``template``'s watched rules find their element on it
    (redesign detection), on extraction's parse of the page."""
    result = extract_article(page.url, page.html, profile, fetched_at=page.fetched_at, **inputs)
    return result, rule_hits(template, result.page.sel)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
