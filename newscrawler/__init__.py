"""newscrawler: a faithful, queryable archive of university news portals."""

from __future__ import annotations

__version__ = "0.1.0"

#: The software's name and version: the User-Agent's product token, a WARC file's ``software``.
SOFTWARE = f"newscrawler/{__version__}"


def user_agent(contact: str) -> str:
    """The User-Agent header of every request: ``newscrawler/VERSION (+CONTACT)``, ``contact``
    being the URL or mail address of whoever runs the crawl (``NEWSCRAWLER_CONTACT``)."""
    return f"{SOFTWARE} (+{contact})"
