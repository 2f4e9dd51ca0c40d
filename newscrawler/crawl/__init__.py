"""The crawl: the Scrapy spiders, middlewares, throttle, job state and settings, the run log
extension, and running crawls in this process."""
