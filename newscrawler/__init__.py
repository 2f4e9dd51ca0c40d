"""newscrawler: a faithful, queryable archive of university news portals."""

__version__ = "0.1.0"
