"""Crawling on several machines: workers share a Redis queue (scrapy-redis), per-portal
politeness slots and an item stream; one ingester writes the archive."""
