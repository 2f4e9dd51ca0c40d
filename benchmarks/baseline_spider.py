"""The baseline for crawl throughput: bare Scrapy walking the same portal, doing nothing else.

It starts where ``newscrawler crawl --url URL --cms FAMILY`` starts, follows the links the
family's preset calls listing pages and detail pages (its ``listing_patterns`` and
``detail_patterns``, matched on every ``<a href>`` of a listing page), fetches the detail pages and
drops them: no extraction, no items, no archive. Like newscrawler it fetches, for each detail page,
the live view counter the family's hooks find on it (the preset's ``hooks``: VSB's
``dynclicks.jsp?clickid=N`` URL, WebPlus's ``WP_VisitCount`` ``url``; see
:mod:`newscrawler.extraction.hooks`), so both crawlers fetch the same responses. With ``--media`` it
also fetches the images and documents the detail pages link to (``<img src>``, ``<a href>`` ending
in a media suffix), as newscrawler does with media on. It runs with the project's settings and the
same ``-s`` overrides, so the ratio of the two crawls' throughput is what newscrawler adds on top of
Scrapy::

    python3 benchmarks/baseline_spider.py --url http://127.0.0.1:8080/xwzx/xxyw.htm --cms vsb \\
        -s DOWNLOAD_DELAY=0 --stats stats.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from newscrawler.crawl.runner import parse_setting_overrides, project_settings
from newscrawler.extraction.hooks import hooks_for
from newscrawler.profiles import SiteProfile, profile_for_url
from newscrawler.replica.media import MEDIA_TYPES

#: What a detail page's links must end with to be fetched as media (``--media``).
MEDIA_SUFFIXES = tuple(MEDIA_TYPES)


class BaselineSpider(scrapy.Spider):
    """Listing pages -> more listing pages and detail pages; detail pages -> their view counter
    (and, with ``media``, their images and documents)."""

    name = "baseline"

    def __init__(self, profile: SiteProfile, media: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.profile = profile
        self.hooks = hooks_for(profile.hooks)
        self.media = media
        self.start_urls = list(profile.start_urls)
        self.allowed_domains = list(profile.allowed_domains)

    def _matches(self, url: str, patterns: tuple[Any, ...]) -> bool:
        return any(p.search(url) for p in patterns)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href)
            if self._matches(url, self.profile.detail_patterns):
                yield scrapy.Request(url, callback=self.parse_detail)
            elif self._matches(url, self.profile.listing_patterns):
                yield scrapy.Request(url, callback=self.parse)

    def parse_detail(self, response: Response) -> Iterator[scrapy.Request]:
        """Fetched, counted and dropped; its view counter is fetched (and dropped) too, and with
        ``media`` the images and documents it links to."""
        self.crawler.stats.inc_value("baseline/detail_pages")
        counter, _printed = self.hooks.views(response.text, response, response.url)
        if counter:
            yield scrapy.Request(counter, callback=self.parse_counter, dont_filter=True)
        if not self.media:
            return
        for link in response.xpath("//img/@src | //a/@href").getall():
            url = response.urljoin(link)
            if url.lower().endswith(MEDIA_SUFFIXES):
                yield scrapy.Request(url, callback=self.parse_media)

    def parse_counter(self, response: Response) -> None:
        self.crawler.stats.inc_value("baseline/view_counters")

    def parse_media(self, response: Response) -> None:
        self.crawler.stats.inc_value("baseline/media_files")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="start URL (a listing page)")
    parser.add_argument("--cms", required=True, help="CMS family whose URL patterns to follow")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--stats", type=Path, help="write Scrapy's final stats here as JSON")
    parser.add_argument(
        "--media", action="store_true", help="also fetch the images and documents detail pages link"
    )
    args = parser.parse_args(argv)
    settings = project_settings(
        "unused.db",
        "unused.jsonl",
        # Nothing of ours but the spider: no pipelines, no run log, no WARC capture.
        {
            **parse_setting_overrides(args.settings),
            "ITEM_PIPELINES": {},
            "NEWSCRAWLER_WARC": False,
            "EXTENSIONS": {"newscrawler.crawl.runlog_extension.RunLogExtension": None},
        },
    )
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(BaselineSpider)
    process.crawl(crawler, profile=profile_for_url(args.url, args.cms), media=args.media)
    process.start()
    if args.stats:
        args.stats.write_text(json.dumps(crawler.stats.get_stats(), default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
