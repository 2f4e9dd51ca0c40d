"""VSB (Boda site-group CMS) quirks: the ``_showDynClicks`` view counter and the attachment
download endpoint ``/system/_content/download.jsp`` (the file name is only in the link text)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from newscrawler.extraction.urls import absolute

#: The attachment download endpoint.
DOWNLOAD = "/system/_content/download.jsp"
_DYNCLICKS = re.compile(r"_showDynClicks\(\s*[\"'](\w+)[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")


def views(html: str, sel: Any, url: str) -> tuple[str | None, list[str]]:
    """The ``dynclicks.jsp`` URL that the page's ``_showDynClicks(kind, owner, id)`` script
    fetches the live count from (or None), and no printed count (the script prints it)."""
    match = _DYNCLICKS.search(html)
    if not match:
        return None, []
    kind, owner, clickid = match.groups()
    counter = absolute(
        url,
        "/system/resource/code/news/click/dynclicks.jsp"
        f"?clickid={clickid}&owner={owner}&clicktype={kind}",
    )
    return counter, []


def is_download(url: str) -> bool:
    """True for the download endpoint."""
    return urlsplit(url).path.lower().endswith(DOWNLOAD)
