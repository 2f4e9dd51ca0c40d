"""Scrapy settings for newscrawler: polite defaults and the project's own ``NEWSCRAWLER_*``."""

# Polite by default: a university portal is someone else's small server. Every value here can be
# overridden per run with `-s NAME=VALUE` (both `scrapy crawl` and `newscrawler crawl`), and a
# site profile may set its own delay and concurrency (see newscrawler/profiles/).

BOT_NAME = "newscrawler"

SPIDER_MODULES = ["newscrawler.crawl.spiders"]
NEWSPIDER_MODULE = "newscrawler.crawl.spiders"

# Who we are and how to reach us. Set NEWSCRAWLER_CONTACT to a URL or mail address of the
# person running the crawl; the portal spider puts it in the User-Agent
# ("newscrawler/VERSION (+CONTACT)") so webmasters know whom to write to. Setting USER_AGENT
# yourself replaces the whole header.
NEWSCRAWLER_CONTACT = "https://github.com/newscrawler/newscrawler"

# Obey robots.txt rules.
ROBOTSTXT_OBEY = True

# Politeness: few parallel requests per portal, a delay between them, and AutoThrottle so a slow
# server gets slower traffic.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# AutoThrottle may slow a portal down, never below its profile's download_delay.
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "newscrawler.crawl.throttle.ProfileAutoThrottle": 0,
}

# Failures are retried a little, then counted and skipped. A 429 or 503 with Retry-After pauses the
# portal that long before the retry (newscrawler/crawl/throttle.py), unless it asks for more than
# NEWSCRAWLER_RETRY_AFTER_MAX seconds: then the page is given up (rate_limited) for the next run.
# Each 429 also doubles the portal's delay for the rest of the run (at most AUTOTHROTTLE_MAX_DELAY).
# Cluster workers set NEWSCRAWLER_RATE_LIMITS_SHARED: the pause and the slower pace are kept in
# Redis and hold for every worker (newscrawler/cluster/middleware.py).
NEWSCRAWLER_RETRY_AFTER_MAX = 600
NEWSCRAWLER_RATE_LIMITS_SHARED = False
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# Resuming (`--resume`, Scrapy's JOBDIR): the duplicate filter is kept for one run only and a
# request queue left by a killed run is discarded, so nothing a killed run persisted can hide an
# article it never fetched; the archive and the re-walked listings decide what is still to fetch.
# A cleanly closed queue is kept with the requests its run made, which are not made again.
SCHEDULER = "newscrawler.crawl.jobdir.ResumableScheduler"
DUPEFILTER_CLASS = "newscrawler.crawl.jobdir.RunOnlyDupeFilter"

# Cookies are not needed to read news and only make crawls less reproducible.
COOKIES_ENABLED = False

# No way into a running crawl: Scrapy's telnet console and its remote-control HTTP server (which
# runs Python code sent to it) stay off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Nothing leaves the portal: only http(s) is downloaded at all (no file://, data:, ftp:, s3:) ...
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

DOWNLOADER_MIDDLEWARES = {
    # ... and every request, dont_filter ones and redirects included, is checked against the
    # portal's domains before anything else sees it (it replaces Scrapy's offsite check, which
    # lets dont_filter requests through).
    "newscrawler.crawl.middlewares.PortalScopeMiddleware": 40,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # Scrapy's robots.txt check, fixed for requests waiting on a robots.txt still in flight.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawler.crawl.middlewares.RobotsTxtEveryWaiterMiddleware": 100,
    # Before RedirectMiddleware (600) in the response path, i.e. a higher number.
    "newscrawler.crawl.middlewares.RedirectLoopMiddleware": 650,
    # Last before the downloader: a portal's concurrency holds (even with no delay).
    "newscrawler.crawl.middlewares.SlotConcurrencyMiddleware": 950,
    # Retry-After on 429/503: a paused portal's requests wait here, the last step before the
    # wire (none slips through while it waited for its turn), and a 429/503 is seen before
    # RetryMiddleware (550) retries it.
    "newscrawler.crawl.throttle.RetryAfterMiddleware": 960,
    # Nearest the downloader: every answer as it came off the wire, into WARC files.
    "newscrawler.capture.middleware.WarcCaptureMiddleware": 970,
}

# Raw capture (newscrawler/capture/): every HTTP exchange in WARC 1.1 files, by default in
# "<NEWSCRAWLER_DB>.warc/", a new file after NEWSCRAWLER_WARC_MAX_SIZE bytes.
NEWSCRAWLER_WARC = True
NEWSCRAWLER_WARC_DIR = ""
NEWSCRAWLER_WARC_MAX_SIZE = 1_000_000_000

# Images and attachments (newscrawler/crawl/spiders/media.py): fetched after their article, through the
# portal's download slot, captured to WARC and listed in the archive's media table. A file larger
# than NEWSCRAWLER_MEDIA_MAX_SIZE bytes is skipped (counted media_too_large). `crawl --no-media`
# sets NEWSCRAWLER_MEDIA = False.
NEWSCRAWLER_MEDIA = True
NEWSCRAWLER_MEDIA_MAX_SIZE = 20 * 1024 * 1024

# Learned templates (newscrawler/archive/templates.py): a site with no stored template holds its first
# MIN_PAGES (5) detail pages, learns its template from them (newscrawler.extraction.learning),
# stores it in the archive's site_templates table and extracts every article
# with it. A site with a stored template uses its newest version. NEWSCRAWLER_TEMPLATES = False
# neither learns nor holds pages (a stored template is still used).
NEWSCRAWLER_TEMPLATES = True
NEWSCRAWLER_TEMPLATE_MIN_PAGES = 5

SPIDER_MIDDLEWARES = {
    # Next to Scrapy's HttpErrorMiddleware (50), on the spider's side of it.
    "newscrawler.crawl.middlewares.SkipCounterMiddleware": 60,
}

# The run log: each run's row in the archive's `crawls` table, with an honest status.
# The run log (status, counts, reasons of each run) sees the whole run.
EXTENSIONS["newscrawler.crawl.runlog_extension.RunLogExtension"] = 500

# Scrapy's check that a generator callback returns no value reads the callback's source and
# parses it again for almost every response: it caches by the bound method, a new object each
# time (6% of the reactor thread's CPU time in a profile of a 2,000-article crawl). The spiders'
# callbacks return no values; the check helps while writing a spider, not while running it.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Items through the pipelines at once, per response. The pipelines are synchronous, so Scrapy's
# default of 100 only costs: it starts that many asyncio tasks for every page's output (a third
# of a crawl's CPU time in a profile of a 2,000-article crawl).
CONCURRENT_ITEMS = 8

# validate -> deduplicate -> store (SQLite) -> JSON Lines
ITEM_PIPELINES = {
    "newscrawler.pipelines.validate.ValidatePipeline": 100,
    "newscrawler.pipelines.dedup.DeduplicatePipeline": 200,
    "newscrawler.pipelines.archive.ArchivePipeline": 300,
    "newscrawler.pipelines.jsonlines.JsonLinesPipeline": 400,
}

# Where the archive lives (relative paths are relative to the working directory).
NEWSCRAWLER_DB = "archive.db"
NEWSCRAWLER_JSONL = "archive.jsonl"
# Rows written per SQLite transaction, at most; a batch whose oldest row waited this many seconds
# is written at the next row.
NEWSCRAWLER_BATCH_SIZE = 100
NEWSCRAWLER_BATCH_SECONDS = 2.0
# Seconds between two progress lines on stderr when stdout is not a terminal (0: none).
NEWSCRAWLER_PROGRESS_INTERVAL = 60

# Run-wide overrides of every profile's [crawl] values (unset: each profile's own value).
# NEWSCRAWLER_MAX_LISTING_PAGES = 2000 # listing pages walked per start URL (a trap guard)
# NEWSCRAWLER_STOP_AFTER_KNOWN = 20    # known articles in a row that end an incremental listing
# NEWSCRAWLER_RECHECK_AFTER = 2592000  # seconds before a known article is re-checked

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
