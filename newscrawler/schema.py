"""The article schema, defined once: every field of the item and every column of ``articles``.

Each :class:`Field` says what its value is (its :class:`Kind`), what it means, and where it
appears (:class:`Place`), and the rules that hold for it: how ``content_hash`` covers it, what
an unchanged article does with its stored value, whether the run log watches it and whether a
re-extraction that reads it differently makes a new version. Everything else is derived from
:data:`FIELDS`: the Scrapy item class (:mod:`newscrawler.items`), ``content_hash``
(:mod:`newscrawler.extraction.article`), the archive's columns and lists and the columns a
migration adds (:mod:`newscrawler.archive.store`), validation (:mod:`newscrawler.archive.intake`), the export
formats (``exports``), the report's completeness table, the Datasette column descriptions and
the tables of ``docs/archive.md`` (``python3 -m newscrawler.reports.schema_docs``).

Adding a field to the item is one entry here plus the extraction that fills it (see
``docs/design.md``, "Adding a field").
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class Place(enum.Enum):
    """Where a field appears."""

    #: A field of the Scrapy item (:class:`newscrawler.items.ArticleItem`).
    ITEM = "item"
    #: A key of the article item's contract: JSON Lines carries it and validation checks it.
    KEY = "key"
    #: A column of the ``articles`` table.
    ARTICLES = "articles"
    #: A column of ``article_versions`` (kept for every distinct content of an article).
    VERSIONS = "versions"
    #: A column of every export format, in schema order.
    EXPORT = "export"


#: An item key that is stored, versioned and exported.
CONTENT = frozenset(Place)
#: An item key that is stored and exported, but describes the page rather than its content.
PAGE = CONTENT - {Place.VERSIONS}


class Form(enum.Enum):
    """The forms a value takes."""

    TEXT = "text"
    INTEGER = "integer"
    #: A list of strings.
    LIST = "list"
    #: A list of objects, each with (at least) the members :attr:`Kind.keys`, strings or null.
    RECORDS = "records"
    #: An object of any shape.
    MAPPING = "mapping"


@dataclass(frozen=True)
class Kind:
    """The shape of a value: its :class:`Form`; for records, the members of each entry
    (``keys``) and those CSV writes, joined by ``:`` (``csv_keys``)."""

    form: Form
    keys: tuple[str, ...] = ()
    csv_keys: tuple[str, ...] = ()
    #: A text that must be an ISO 8601 date (:func:`is_valid_iso`).
    iso_date: bool = False

    @property
    def is_list(self) -> bool:
        return self.form in (Form.LIST, Form.RECORDS)

    @property
    def is_json(self) -> bool:
        """Stored in SQLite as JSON text."""
        return self.form in (Form.LIST, Form.RECORDS, Form.MAPPING)

    @property
    def sqlite_type(self) -> type:
        return int if self.form is Form.INTEGER else str

    def empty(self) -> list[Any] | None:
        """The value of a field the page does not have: ``[]`` for lists, else ``None``."""
        return [] if self.is_list else None

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` (not ``None``) has this shape."""
        if self.form is Form.TEXT:
            return isinstance(value, str)
        if self.form is Form.INTEGER:
            return isinstance(value, int) and not isinstance(value, bool)
        if self.form is Form.LIST:
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        if self.form is Form.RECORDS:
            return isinstance(value, list) and all(
                isinstance(entry, dict)
                and all(
                    k in entry and (entry[k] is None or isinstance(entry[k], str))
                    for k in self.keys
                )
                for entry in value
            )
        return isinstance(value, dict)

    def well_formed(self, value: Any) -> bool:
        """Whether ``value`` (of this shape, not ``None``) is well formed: a date kind's value
        must be an ISO 8601 date; any other value is."""
        return not self.iso_date or is_valid_iso(value)

    def filled_sql(self, column: str) -> str:
        """SQL condition "the row has a value in ``column``": as
        :func:`is_filled`, an empty text or JSON list is no value."""
        if self.is_list:
            return f"coalesce({column}, '[]') != '[]'"
        return f"coalesce({column}, '') != ''"

    def csv_entry(self, entry: Any) -> list[Any]:
        """The parts CSV writes of one list entry (joined by ``:``)."""
        return [entry.get(k) for k in self.csv_keys] if self.form is Form.RECORDS else [entry]

    # -- how the documentation describes it --------------------------------------------------
    def json_doc(self) -> str:
        if self.form is Form.RECORDS:
            return f"array of `{{{', '.join(self.keys)}}}`"
        return {
            Form.TEXT: "string",
            Form.INTEGER: "integer",
            Form.LIST: "array of strings",
            Form.MAPPING: "object",
        }[self.form]

    def csv_doc(self) -> str:
        if self.form is Form.LIST:
            return "joined with ` \\| `"
        if self.form is Form.RECORDS:
            return f"`{':'.join(self.csv_keys)}` of each entry, joined with ` \\| `"
        return self.form.value


def is_valid_iso(value: str) -> bool:
    """True when ``value`` is an ISO 8601 date, date-time or month (``1998-03``, when the page
    prints only the month) this project writes."""
    try:
        if len(value) == 7:
            return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value))
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def is_filled(value: Any) -> bool:
    """True for a value a reader would count as present (not None, "", [] or {})."""
    return value is not None and value != "" and value != [] and value != {}


TEXT = Kind(Form.TEXT)
#: A date: text in ISO 8601 (a malformed one is stored as ``None``).
ISO_DATE = Kind(Form.TEXT, iso_date=True)
INTEGER = Kind(Form.INTEGER)
TEXT_LIST = Kind(Form.LIST)
MAPPING = Kind(Form.MAPPING)


def records(*keys: str, csv: tuple[str, ...]) -> Kind:
    """A list of objects with the members ``keys``; CSV writes the members ``csv``."""
    return Kind(Form.RECORDS, keys=keys, csv_keys=csv)


@dataclass(frozen=True)
class Hashed:
    """How ``content_hash`` covers a field: its text with whitespace collapsed (``collapse``) or
    as it is; for records, only the members ``members`` of each entry (one member: the entry
    stands for its value; several: for the list of their values)."""

    collapse: bool = False
    members: tuple[str, ...] = ()


class Refresh(enum.Enum):
    """What an archived article whose content hash is unchanged does, when fetched again, with
    a column of the item."""

    #: Keeps the stored value (identity, and content the hash covers).
    KEEP = "keep"
    #: Takes the newest fetch's value.
    TAKE = "take"
    #: Takes the newest fetch's value unless it has none (``None``, ``""`` or ``[]``): a fixed
    #: profile corrects the value, a redesign the profile does not know yet (a ``degraded`` run)
    #: cannot erase it.
    KEEP_WHEN_EMPTY = "keep when empty"


@dataclass(frozen=True)
class Field:
    """One field.

    ``required``: an item without a non-empty value is not an article (dropped by validation).
    ``nullable``: the value may be ``None`` (the page, or the archive, has none); a list is
    never ``None``, its empty value is ``[]``.
    ``hashed``: how ``content_hash`` covers the value (``None``: it does not).
    ``refresh``: what an archived article whose hash is unchanged does with the stored value.
    ``watched``: the share of articles a run fills it in is compared with earlier runs (redesign
    detection, the ``crawl_fields`` table).
    ``revised``: a re-extraction that reads it differently writes a new version.
    ``report``: the label of the field in the report's completeness table (``None``: not shown).
    """

    name: str
    kind: Kind
    doc: str
    places: frozenset[Place]
    required: bool = False
    nullable: bool = False
    hashed: Hashed | None = None
    refresh: Refresh = Refresh.TAKE
    watched: bool = False
    revised: bool = False
    report: str | None = None

    def at(self, place: Place) -> bool:
        return place in self.places


_STORED_ITEM = frozenset({Place.ITEM, Place.ARTICLES})
_ARCHIVE = frozenset({Place.ARTICLES, Place.EXPORT})
#: Where the item came from: the raw capture and the extractor, kept per version.
_CAPTURE = frozenset({Place.ITEM, Place.ARTICLES, Place.VERSIONS})

#: Every field, in order: the item's keys (in export column order), then what the crawl carries
#: along with an item, then what the archive adds.
FIELDS: tuple[Field, ...] = (
    Field(
        "url",
        TEXT,
        "Canonical URL of the article page: absolute, without fragment or tracking parameters, "
        "scheme and host in lower case; the page's rel=canonical when it is on the same site. "
        "The article's identity in the archive.",
        CONTENT,
        required=True,
        refresh=Refresh.KEEP,
    ),
    Field("site", TEXT, "Id of the site profile that produced the article (e.g. ustb-en).", PAGE),
    Field(
        "title",
        TEXT,
        "The headline as a reader sees it, whitespace collapsed, without a site-name suffix.",
        CONTENT,
        required=True,
        hashed=Hashed(collapse=True),
        refresh=Refresh.KEEP,
        watched=True,
        revised=True,
        report="title",
    ),
    Field(
        "body",
        TEXT,
        "The article text in reading order, one paragraph per block, blocks separated by a blank "
        "line. Leaves out banners, navigation, the title, captions, credit lines, metadata lines, "
        "share widgets and related-news lists.",
        CONTENT,
        required=True,
        hashed=Hashed(),
        refresh=Refresh.KEEP,
        watched=True,
        revised=True,
        report="body",
    ),
    Field(
        "published",
        ISO_DATE,
        "Publication date, ISO 8601: 2022-08-24, or 2022-08-24T09:30:00+08:00 when the page "
        "gives a time, or 1998-03 when it prints only the month (a magazine issue).",
        CONTENT,
        nullable=True,
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        revised=True,
        report="date",
    ),
    Field(
        "language",
        TEXT,
        "BCP 47 language code of the article (en, zh).",
        CONTENT,
        nullable=True,
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        revised=True,
        report="language",
    ),
    Field(
        "topics",
        TEXT_LIST,
        "Category or topic labels shown for the article; where it shows none, the section it is "
        "filed under (the last breadcrumb section).",
        CONTENT,
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        revised=True,
        report="topics",
    ),
    Field(
        "credits",
        records("role", "label", "name", csv=("role", "name")),
        "One entry per person or organisation credited, in page order: label is the role as "
        "printed (撰稿, Draft), role its normalized form (author, editor, reviewer, photographer, "
        "translator, source, other).",
        CONTENT,
        hashed=Hashed(members=("role", "name")),
        refresh=Refresh.KEEP,
        watched=True,
        revised=True,
        report="credits",
    ),
    Field(
        "captions",
        records("image_url", "text", csv=("text",)),
        "Each captioned image in the article, in order: the image's absolute URL (or null) and "
        "the caption text.",
        CONTENT,
        # Only the texts are hashed: a caption's image URL is refreshed, kept when empty.
        hashed=Hashed(collapse=True, members=("text",)),
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        revised=True,
        report="captions",
    ),
    Field(
        "images",
        TEXT_LIST,
        "Absolute URLs of all images in the article body, in order.",
        CONTENT,
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        revised=True,
        report="images",
    ),
    Field(
        "attachments",
        records("url", "title", csv=("url",)),
        "Files the article links as its attachments (附件：… lines, .pdf .doc(x) .xls(x) .ppt(x) "
        ".zip .rar .7z links, WebPlus sudyfile-attr, VSB download.jsp), in page order: absolute "
        "URL and title (the link text, or the file name when the link only says 下载). The "
        "attachment line stays in body.",
        CONTENT,
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        revised=True,
        report="attachments",
    ),
    Field(
        "views",
        INTEGER,
        "View count the page showed at the last fetch, where it shows one.",
        PAGE,
        nullable=True,
        refresh=Refresh.KEEP_WHEN_EMPTY,
        watched=True,
        report="views",
    ),
    Field(
        "content_hash",
        TEXT,
        "sha256 (hex) of the normalized title, body, caption texts and credits: equal hashes "
        "mean the same content (views and fetch time do not count).",
        CONTENT,
        refresh=Refresh.KEEP,
        revised=True,
    ),
    Field("fetched_at", TEXT, "UTC time of the last fetch, ISO 8601.", CONTENT),
    Field(
        "extraction",
        MAPPING,
        "How each field was extracted: field -> the profile selector, preset or fallback step "
        "that produced it.",
        frozenset({Place.ITEM}),
    ),
    Field(
        "extraction_id",
        INTEGER,
        "How each field was extracted: the id of the row of extraction_steps holding the item's "
        "extraction mapping (field -> step) as JSON, each distinct mapping stored once; the "
        "view article_extraction shows it per article.",
        frozenset({Place.ARTICLES}),
        nullable=True,
    ),
    Field(
        "etag",
        TEXT,
        "HTTP ETag of the last fetch, for conditional re-fetches.",
        _STORED_ITEM,
        nullable=True,
    ),
    Field(
        "last_modified",
        TEXT,
        "HTTP Last-Modified of the last fetch, for conditional re-fetches.",
        _STORED_ITEM,
        nullable=True,
    ),
    Field(
        "fetched_url",
        TEXT,
        "The URL as linked, when the article's own URL differs (recorded as an alias).",
        frozenset({Place.ITEM}),
        nullable=True,
    ),
    Field(
        "media",
        records(
            "url",
            "kind",
            "mime",
            "bytes",
            "sha256",
            "caption",
            "fetched_at",
            "warc_file",
            "warc_offset",
            "warc_record_id",
            csv=(),
        ),
        "The article's images and attachments as the crawl fetched them (or found them already "
        "archived), for the media table: url, kind (image or attachment), mime, bytes, sha256, "
        "caption, fetched_at and the WARC location (warc_file, warc_offset, warc_record_id: the "
        "file's capture, a response record or a revisit of an identical earlier one).",
        frozenset({Place.ITEM}),
    ),
    Field(
        "unfetched",
        TEXT_LIST,
        "What the crawl could not fetch for the article for a passing cause (the portal down, a "
        "timeout, a 5xx or 429): views (its view counter), media (images or attachments). The "
        "next run fetches such an article again to retry them; [] when nothing is missing.",
        _STORED_ITEM,
    ),
    Field(
        "archive_status",
        TEXT,
        "What the archive made of the item: new, changed or unchanged (set once stored).",
        frozenset({Place.ITEM}),
        nullable=True,
    ),
    Field(
        "warc_file",
        TEXT,
        "WARC file (in the archive's WARC directory) holding the raw HTTP response this content "
        "was extracted from.",
        _CAPTURE,
        nullable=True,
    ),
    Field(
        "warc_offset",
        INTEGER,
        "Byte offset of that response (or revisit) record in the WARC file.",
        _CAPTURE,
        nullable=True,
    ),
    Field(
        "warc_record_id",
        TEXT,
        "WARC-Record-ID of that record.",
        _CAPTURE,
        nullable=True,
    ),
    Field(
        "extractor_version",
        TEXT,
        "Version of the extractor (package version + digest of its rules) that produced the item.",
        _CAPTURE,
        nullable=True,
    ),
    Field(
        "template_version",
        INTEGER,
        "Version of the site's learned template (table site_templates) the content was extracted "
        "with; null when it was extracted without one.",
        _CAPTURE,
        nullable=True,
    ),
    Field(
        "listing_evidence",
        records("title", "published", "column", "source", "listing_url", csv=()),
        "What the crawl knew of the article before reading it: one entry per listing row, "
        "sitemap or feed entry that linked it (the title as listed, the date printed beside it, "
        "the column it sits in, the source: listing, sitemap, feed or profile, and the page it was "
        "read from), for the listing_evidence table and extraction.",
        frozenset({Place.ITEM}),
    ),
    Field(
        "template",
        MAPPING,
        "The learned template document the item was extracted with, when the crawl learned it "
        "(SiteTemplate.to_dict()): the archive stores it in site_templates once per version.",
        frozenset({Place.ITEM}),
        nullable=True,
    ),
    Field(
        "revision",
        TEXT,
        "Why this version was written: crawl (a fetch found new content) or reextract (the "
        "extractor of extractor_version read the stored capture differently).",
        frozenset({Place.VERSIONS}),
        nullable=True,
    ),
    Field("first_seen", TEXT, "UTC time the article was first archived.", _ARCHIVE),
    Field("last_seen", TEXT, "UTC time the article was last seen by a crawl.", _ARCHIVE),
    Field(
        "changed_at",
        TEXT,
        "UTC time the current content (version) was first fetched.",
        frozenset({Place.EXPORT}),
    ),
    Field(
        "version",
        INTEGER,
        "Number of the current content version (1 = never changed).",
        _ARCHIVE | {Place.VERSIONS},
    ),
    Field(
        "gone_at",
        TEXT,
        "UTC time the article was found gone from its site, else null.",
        _ARCHIVE,
        nullable=True,
    ),
    Field(
        "checked_at",
        TEXT,
        "UTC time the page was last re-checked without a new copy (304, or found gone).",
        frozenset({Place.ARTICLES}),
        nullable=True,
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class Column:
    """A column of a table that is not made of item fields: ``name``, :class:`Kind`, meaning."""

    name: str
    kind: Kind
    doc: str


#: ``page_checks``: one row per re-fetch of an archived article (its answer linked to its
#: capture), written in the same transaction as the rest of the batch.
PAGE_CHECK_COLUMNS: tuple[Column, ...] = (
    Column("url", TEXT, "The archived article's URL."),
    Column(
        "status",
        INTEGER,
        "HTTP status of the answer: 200 (a full copy came back), 304 (not modified), 404 or 410.",
    ),
    Column(
        "outcome",
        TEXT,
        "What the archive made of it: unchanged, changed (a new version was written) or gone.",
    ),
    Column("fetched_at", TEXT, "UTC time of the fetch."),
    Column(
        "warc_file",
        TEXT,
        "WARC file holding the answer (a response, or a revisit record when the payload was the "
        "same as the last capture); null when capture was off.",
    ),
    Column("warc_offset", INTEGER, "Byte offset of that record in the WARC file."),
    Column("warc_record_id", TEXT, "WARC-Record-ID of that record."),
    Column(
        "extractor_version",
        TEXT,
        "Version of the extractor that read the answer (a 200); null for a 304, 404 or 410, "
        "which nothing is extracted from.",
    ),
)


#: ``listing_evidence``: one row per distinct piece of evidence of an article (a listing row,
#: sitemap or feed entry that linked it), written with the article.
LISTING_EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("url", TEXT, "The archived article's URL."),
    Column("site", TEXT, "Id of the site profile whose crawl found it."),
    Column("source", TEXT, "Where it was read: listing, sitemap, feed or profile."),
    Column(
        "title",
        TEXT,
        "The article's title as listed (the link's text; may end with … where the portal cut "
        "it), or null.",
    ),
    Column("published", TEXT, "The date printed beside the link (ISO 8601), or null."),
    Column(
        "column_name",
        TEXT,
        "The column the article is listed in (the listing page's heading or breadcrumb, or the "
        "profile's name for that start URL), or null.",
    ),
    Column("listing_url", TEXT, "The page the evidence was first read from."),
    Column("first_seen", TEXT, "UTC time of the fetch that first stored this evidence."),
)

#: ``site_templates``: one row per learned template version of a site.
SITE_TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("site", TEXT, "Id of the site profile."),
    Column("version", INTEGER, "1, 2, … per site; a re-learned template is a new version."),
    Column(
        "document",
        TEXT,
        "The template as JSON (SiteTemplate.to_json()): the pages it was learned from, each "
        "field's rule (an XPath) with its agreement and examples, the furniture fingerprints.",
    ),
    Column("learned_at", TEXT, "UTC time the template was learned."),
    Column("pages", INTEGER, "How many captured detail pages it was learned from."),
)


def fields_at(place: Place) -> tuple[Field, ...]:
    """The fields that appear at ``place``, in schema order."""
    return tuple(f for f in FIELDS if f.at(place))


def names_at(place: Place) -> tuple[str, ...]:
    """The names of :func:`fields_at` ``place``."""
    return tuple(f.name for f in fields_at(place))


#: The article item's keys (the contract), in order: what JSON Lines carries.
ITEM_KEYS = names_at(Place.KEY)
#: Item keys an item must have, as non-empty text.
REQUIRED = tuple(f.name for f in fields_at(Place.KEY) if f.required)
#: Columns stored as JSON text.
JSON_COLUMNS = tuple(f.name for f in fields_at(Place.ARTICLES) if f.kind.is_json)
#: Fields ``content_hash`` covers, with how it covers each.
HASHED: dict[str, Hashed] = {f.name: f.hashed for f in FIELDS if f.hashed is not None}
#: Columns an article whose content hash is unchanged still takes from the newest fetch.
REFRESHED = tuple(
    f.name for f in fields_at(Place.ARTICLES) if f.at(Place.ITEM) and f.refresh is not Refresh.KEEP
)
#: Of :data:`REFRESHED`, those that keep their archived value when the new fetch has none.
KEPT_WHEN_EMPTY = tuple(f.name for f in FIELDS if f.refresh is Refresh.KEEP_WHEN_EMPTY)
#: Item keys whose share of filled values is watched per run (identity and bookkeeping keys are
#: always filled and left out).
WATCHED_FIELDS = tuple(f.name for f in fields_at(Place.KEY) if f.watched)
#: Version columns that are content: a re-extraction that changes one of them is a new version.
REVISED_COLUMNS = tuple(f.name for f in fields_at(Place.VERSIONS) if f.revised)
#: Report label -> SQL condition "the article has it", in report order.
COMPLETENESS: dict[str, str] = {
    f.report: f.kind.filled_sql(f.name) for f in FIELDS if f.report is not None
}
