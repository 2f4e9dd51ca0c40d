"""The columns every export format writes, in order, with what each means.

One list serves the writers, the Datasette metadata and the documentation test, so a column
cannot be added to one without the others noticing.
"""

from __future__ import annotations

#: Export column -> meaning. The order is the column order of CSV and Parquet and the key order
#: of each JSON Lines object.
COLUMNS: dict[str, str] = {
    "url": "Canonical URL of the article page; the article's identity.",
    "site": "Id of the site profile that produced it (e.g. ustb-en).",
    "title": "Headline as a reader sees it.",
    "body": "Article text, paragraphs separated by a blank line.",
    "published": "Publication date, ISO 8601 (2022-08-24, or with time and offset).",
    "language": "BCP 47 language code (en, zh).",
    "topics": "Category / topic labels (list of strings).",
    "credits": "People and organisations credited (list of {role, label, name}).",
    "captions": "Captioned images in order (list of {image_url, text}).",
    "images": "Absolute URLs of the images in the body, in order (list of strings).",
    "views": "View count shown on the page at the last fetch, if any.",
    "content_hash": "sha256 of the normalized title, body, captions and credits.",
    "fetched_at": "UTC time of the last fetch.",
    "first_seen": "UTC time the article was first archived.",
    "last_seen": "UTC time the article was last seen by a crawl.",
    "changed_at": "UTC time the current content (version) was first fetched.",
    "version": "Number of the current content version (1 = never changed).",
    "gone_at": "UTC time the article was found gone from its site, else empty.",
}

#: Columns holding lists (JSON arrays in JSON Lines, lists in Parquet, flattened in CSV).
LIST_COLUMNS = ("topics", "credits", "captions", "images")
