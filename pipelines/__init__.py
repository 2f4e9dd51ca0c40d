"""Item pipelines: validate -> deduplicate -> archive (SQLite) -> JSON Lines.

Each stage is one small Scrapy component configured by ``NEWSCRAWLER_*`` settings. None of them
parses HTML: they receive finished items from the extraction stage.
"""
