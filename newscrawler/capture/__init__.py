"""Raw capture: every HTTP exchange the crawl makes, kept as WARC records (ISO 28500, WARC 1.1).

``warc`` writes and reads the files; ``middleware`` is the Scrapy downloader middleware that feeds it.
"""
