"""The archive's schema migrations, numbered and applied in order, each once per archive.

``0xx`` make the tables the schema defines; ``1xx`` serve the data team (Chinese-aware search,
views, export cursors); ``2xx`` the run log (run status and reasons, per-run field shares);
``30x`` what a crawl keeps beside the text (images and attachments, page checks); ``31x``
listing evidence and learned templates; ``32x``-``34x`` the archive's size and the cost of keeping
it searchable. :func:`migrate` runs the pending ones when any command opens an archive
(:func:`newscrawler.archive.store.open_archive`), so an old archive is upgraded in place, and
:func:`add_schema_columns` adds the columns of fields added to :mod:`newscrawler.schema` since.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from newscrawler.archive import now_iso
from newscrawler.archive.cjk import space_cjk_sql
from newscrawler.schema import (
    LISTING_EVIDENCE_COLUMNS,
    PAGE_CHECK_COLUMNS,
    SITE_TEMPLATE_COLUMNS,
    Place,
    fields_at,
)

ARTICLE_COLUMNS: dict[str, type] = {f.name: f.kind.sqlite_type for f in fields_at(Place.ARTICLES)}

#: What ``article_versions`` keeps of each distinct content of an article.
VERSION_COLUMNS = tuple(f.name for f in fields_at(Place.VERSIONS))
#: ``article_versions`` column -> SQLite type, from the schema.
VERSION_COLUMN_TYPES: dict[str, type] = {
    f.name: f.kind.sqlite_type for f in fields_at(Place.VERSIONS)
}


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["articles"].create(ARTICLE_COLUMNS, pk="url", if_not_exists=True)
    db["articles"].create_index(["site"], if_not_exists=True)
    db["articles"].create_index(["content_hash"], if_not_exists=True)
    db["articles"].create_index(["published"], if_not_exists=True)
    db["article_versions"].create(
        VERSION_COLUMN_TYPES,
        pk=("url", "version"),
        if_not_exists=True,
    )
    db["article_versions"].create_index(["url", "content_hash"], unique=True, if_not_exists=True)
    db["view_counts"].create(
        {"url": str, "fetched_at": str, "views": int}, pk=("url", "fetched_at"), if_not_exists=True
    )
    db["crawls"].create(
        {
            "id": int,
            "site": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "pages": int,
            "new": int,
            "changed": int,
            "unchanged": int,
            "gone": int,
            "dropped": int,
            "errors": int,
            "dropped_reasons": str,
            "error_reasons": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["crawls"].create_index(["site", "started_at"], if_not_exists=True)
    if "articles_fts" not in db.table_names():
        db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61")


def _m002_incremental(db: sqlite_utils.Database) -> None:
    """HTTP validators for conditional re-fetches (columns ``etag``, ``last_modified``, added by
    :func:`add_schema_columns`), and the JSON Lines outbox.

    The outbox holds the JSON line of each new or changed article, written in the same transaction
    as the article, so the JSON Lines file can be brought up to date exactly once after a crash.
    """
    db["articles"].create_index(["site", "last_seen"], if_not_exists=True)
    db["jsonl_outbox"].create({"id": int, "line": str}, pk="id", if_not_exists=True)


def _m003_history_and_aliases(db: sqlite_utils.Database) -> None:
    """History that can return to an earlier content, URL aliases, re-check times, run completeness.

    - ``article_versions`` no longer forbids the same content twice for one URL: an article
      changed A -> B -> A has three versions.
    - ``article_aliases``: URLs that lead to an archived article under another URL (the same
      story posted in two sections, a redirect, a ``rel=canonical``), so they count as known.
    - ``articles.checked_at`` (added by :func:`add_schema_columns`): when the page was last
      re-checked (304, or found gone), so a gone article is not due again at every run.
    - ``crawls.complete``: whether the run walked every listing it meant to (a run that was cut
      short makes the next one walk all listing pages).
    - The ``articles_fts`` update trigger fires only when title or body change, not on every
      ``last_seen`` update.
    """
    db.execute("drop index if exists idx_article_versions_url_content_hash")
    db["article_versions"].create_index(["url", "content_hash"], if_not_exists=True)
    if "complete" not in db["crawls"].columns_dict:
        db["crawls"].add_column("complete", int)
    db["article_aliases"].create({"url": str, "article_url": str}, pk="url", if_not_exists=True)
    db.execute("drop trigger if exists articles_au")
    db.execute(
        "create trigger articles_au after update of title, body on articles begin"
        " insert into articles_fts(articles_fts, rowid, title, body)"
        " values ('delete', old.rowid, old.title, old.body);"
        " insert into articles_fts(rowid, title, body) values (new.rowid, new.title, new.body); end"
    )


def _execute_all(db: sqlite_utils.Database, *statements: str) -> None:
    """Run statements one by one (``executescript`` would commit the migration's transaction)."""
    for statement in statements:
        db.execute(statement)


def m101_cjk_search(db: sqlite_utils.Database) -> None:
    """``articles_search``: title and body with CJK characters as single tokens.

    Rows are indexed by newscrawler's writers (the archive pipeline, and every open of the archive
    for writing indexes rows that are missing), with the Python function ``nc_space_cjk``: doing
    the spacing in SQL triggers cost 11 ms per Chinese article, in Python 0.5 ms. Triggers only
    drop the index entry of a row whose title or body another tool changed, or that was deleted,
    so a stale entry never matches. The table keeps its own copy of the indexed text so
    ``snippet()`` works; ``articles_fts`` (plain ``unicode61``) stays for tools that expect what
    ``sqlite-utils enable-fts`` makes. (Migration ``320_search_without_copy`` replaces the table
    with one that keeps no copy.)
    """
    _execute_all(
        db,
        "create virtual table articles_search using fts5("
        " title, body, tokenize = 'unicode61 remove_diacritics 2')",
        "create trigger articles_search_au after update of title, body on articles begin"
        " delete from articles_search where rowid = old.rowid; end",
        "create trigger articles_search_ad after delete on articles begin"
        " delete from articles_search where rowid = old.rowid; end",
        "insert into articles_search(rowid, title, body)"
        " select rowid, nc_space_cjk(title), nc_space_cjk(body) from articles",
    )


def m102_views(db: sqlite_utils.Database) -> None:
    """Views answering the common questions without JSON functions.

    ``credits_flat`` and ``captions_flat`` have one row per credited person / caption;
    ``articles_per_month`` counts dated articles per site and month (``YYYY-MM``);
    ``article_catalog`` is ``articles`` without the long text plus ``year`` and ``month``, for
    browsing and faceting (Datasette cannot facet on an expression).
    """
    _execute_all(
        db,
        """
        create view credits_flat as
            select a.url, a.site, a.published, c.key + 1 as position,
                   json_extract(c.value, '$.role') as role, json_extract(c.value, '$.label') as label,
                   json_extract(c.value, '$.name') as name
            from articles a, json_each(coalesce(a.credits, '[]')) c
        """,
        """
        create view captions_flat as
            select a.url, a.site, a.published, c.key + 1 as position,
                   json_extract(c.value, '$.image_url') as image_url, json_extract(c.value, '$.text') as text
            from articles a, json_each(coalesce(a.captions, '[]')) c
        """,
        """
        create view articles_per_month as
            select site, substr(published, 1, 7) as month, count(*) as articles
            from articles
            where published is not null
            group by site, month
            order by site, month
        """,
        """
        create view article_catalog as
            select url, site, title, published,
                   substr(published, 1, 4) as year, substr(published, 1, 7) as month,
                   language, topics, views, version, first_seen, last_seen, gone_at
            from articles
        """,
    )


def m103_export_cursors(db: sqlite_utils.Database) -> None:
    """``export_cursors``: where each named export stopped (see ``newscrawler.exports.cursors``)."""
    db["export_cursors"].create(
        {"name": str, "position": int, "exported_at": str, "articles": int},
        pk="name",
        if_not_exists=True,
    )


def m201_run_status(db: sqlite_utils.Database) -> None:
    """Run status with its reason, the capped flag, skip reasons and per-run field shares.

    - ``crawls.status`` is one word (``finished``, ``failed``, ``empty``, ``degraded``,
      ``interrupted``, ``running``) and ``crawls.reason`` says why (a ``newscrawler.reasons``
      name); earlier ``failed: REASON`` rows are split into the two.
    - ``crawls.capped``: 1 when the listing-page cap stopped a walk.
    - ``crawls.skipped_reasons``: JSON ``{reason: count}`` of pages not fetched on purpose.
    - ``crawls.degraded_fields``: JSON list of the fields whose share dropped in a degraded run.
    - ``crawls.discovery``: JSON ``{listing_only, feed_only, both}``: articles found only by the
      listings, only by a sitemap or feed, or by both.
    - ``crawl_fields``: per run and watched item field, how many stored articles had it
      (``filled``) of how many the run stored (``articles``) — what redesign detection compares.
    """
    crawls = db["crawls"]
    for column, kind in (
        ("reason", str),
        ("capped", int),
        ("skipped_reasons", str),
        ("degraded_fields", str),
        ("discovery", str),
    ):
        if column not in crawls.columns_dict:
            crawls.add_column(column, kind)
    db.execute(
        "update crawls set reason = substr(status, 9), status = 'failed'"
        " where status like 'failed: %'"
    )
    db["crawl_fields"].create(
        {"crawl_id": int, "field": str, "articles": int, "filled": int},
        pk=("crawl_id", "field"),
        foreign_keys=[("crawl_id", "crawls", "id")],
        if_not_exists=True,
    )


#: ``media`` columns: one row per (article, image or attachment) fetched.
MEDIA_COLUMNS: dict[str, type] = {
    "article_url": str,
    "media_url": str,
    "kind": str,
    "mime": str,
    "bytes": int,
    "sha256": str,
    "caption": str,
    "fetched_at": str,
    "warc_file": str,
    "warc_offset": int,
    "warc_record_id": str,
}


def m301_media(db: sqlite_utils.Database) -> None:
    """Images and attachments: ``articles.attachments`` and the ``media`` table.

    - ``attachments`` (JSON list of ``{url, title}``) on ``articles`` and ``article_versions``;
      rows stored before hold ``[]`` (a list field's empty value), so a re-extraction that finds
      no attachment does not count as a change.
    - ``media``: one row per (article URL, media URL), the payload's ``sha256``, ``bytes`` and
      ``mime``, the image's ``caption`` and the WARC record holding the payload. Indexed by
      media URL (a URL already archived is not fetched again) and by sha256.
    """
    for table in ("articles", "article_versions"):
        if "attachments" not in db[table].columns_dict:
            db[table].add_column("attachments", str)
        db.execute(f"update {table} set attachments = '[]' where attachments is null")
    db["media"].create(MEDIA_COLUMNS, pk=("article_url", "media_url"), if_not_exists=True)
    db["media"].create_index(["media_url"], if_not_exists=True)
    db["media"].create_index(["sha256"], if_not_exists=True)


def m302_page_checks(db: sqlite_utils.Database) -> None:
    """``page_checks``: one row per re-fetch of an archived article, linked to its capture
    (columns from :data:`newscrawler.schema.PAGE_CHECK_COLUMNS`). Archives made before it have
    no rows for their earlier re-checks; ``articles.checked_at`` still holds the latest."""
    db["page_checks"].create(
        {"id": int, **{c.name: c.kind.sqlite_type for c in PAGE_CHECK_COLUMNS}},
        pk="id",
        if_not_exists=True,
    )
    db["page_checks"].create_index(["url", "fetched_at"], if_not_exists=True)


def m310_evidence_and_templates(db: sqlite_utils.Database) -> None:
    """Listing evidence and learned templates (issue 17).

    - ``listing_evidence`` (columns :data:`newscrawler.schema.LISTING_EVIDENCE_COLUMNS`): one
      row per distinct piece of evidence of an article (same url, source, title, date and column:
      one row, the first ``listing_url`` kept), so a later crawl adds only what is new.
    - ``site_templates`` (columns :data:`newscrawler.schema.SITE_TEMPLATE_COLUMNS`): every
      version of every site's learned template, old ones kept for old captures.
    - ``template_version`` on ``articles`` and ``article_versions``: the template version each
      content was extracted with; rows stored before hold ``NULL`` (extracted without one).
    """
    for table in ("articles", "article_versions"):
        if "template_version" not in db[table].columns_dict:
            db[table].add_column("template_version", int)
    db["listing_evidence"].create(
        {c.name: c.kind.sqlite_type for c in LISTING_EVIDENCE_COLUMNS}, if_not_exists=True
    )
    db.execute(
        "create unique index if not exists listing_evidence_distinct on listing_evidence(url,"
        " source, ifnull(title, ''), ifnull(published, ''), ifnull(column_name, ''))"
    )
    db["site_templates"].create(
        {c.name: c.kind.sqlite_type for c in SITE_TEMPLATE_COLUMNS},
        pk=("site", "version"),
        if_not_exists=True,
    )


def m330_unfetched_runs(db: sqlite_utils.Database) -> None:
    """``crawls.unfetched``: how many pages, view counters and media files a run could not fetch
    for a passing cause (the portal down, timeouts, 5xx, 429); such a run is ``partial``. Earlier
    runs hold ``NULL``: not counted then."""
    if "unfetched" not in db["crawls"].columns_dict:
        db["crawls"].add_column("unfetched", int)


def m320_search_without_copy(db: sqlite_utils.Database) -> None:
    """``articles_search`` without its own copy of the text, kept current row by row.

    The table of ``101_cjk_search`` stored the spaced title and body beside the index: with a
    zero-width space around each CJK character, a copy three times the size of the Chinese text
    (5.2 KB of the 15.9 KB an article cost, measured on the benchmark portal). Now:

    - ``articles_search`` is an external-content FTS5 table over the view
      ``articles_search_text`` (the articles' title and body, spaced in SQL): ``snippet()``
      works in any SQLite, Datasette included, and reads the text only for the rows it shows;
    - the index is written with the Python spacing (:func:`newscrawler.archive.search.index_pending`),
      for the articles listed in ``articles_search_pending``, which triggers fill: a new row,
      a row whose title or body changed (its entry is dropped at once, so it never matches
      stale text). Opening an archive indexes the pending rows only, never the whole table, so
      a re-crawl's time and memory do not grow with the archive;
    - a deleted article's entry is dropped by a trigger.

    Existing archives are re-indexed once here. The pages the old copy held become free pages:
    ``VACUUM`` gives them back to the file system.
    """
    spaced_old_title, spaced_old_body = space_cjk_sql("old.title"), space_cjk_sql("old.body")
    indexed = "exists (select 1 from articles_search_docsize d where d.id = old.rowid)"
    drop_entry = (
        "insert into articles_search(articles_search, rowid, title, body)"
        f" select 'delete', old.rowid, {spaced_old_title}, {spaced_old_body} where {indexed};"
    )
    # Not "insert or ignore": an outer statement's conflict policy (an upsert's) overrides it.
    pend = (
        "insert into articles_search_pending(id) select new.rowid"
        " where not exists (select 1 from articles_search_pending p where p.id = new.rowid);"
    )
    _execute_all(
        db,
        "drop trigger if exists articles_search_au",
        "drop trigger if exists articles_search_ad",
        "drop table if exists articles_search",
        "create view articles_search_text as select rowid as id,"
        f" {space_cjk_sql('title')} as title, {space_cjk_sql('body')} as body from articles",
        "create virtual table articles_search using fts5(title, body,"
        " content = 'articles_search_text', content_rowid = 'id',"
        " tokenize = 'unicode61 remove_diacritics 2')",
        "create table articles_search_pending (id integer primary key)",
        f"create trigger articles_search_ai after insert on articles begin {pend} end",
        "create trigger articles_search_au after update of title, body on articles"
        " when old.title is not new.title or old.body is not new.body begin"
        f" {drop_entry} {pend} end",
        "create trigger articles_search_ad after delete on articles begin"
        f" {drop_entry}"
        " delete from articles_search_pending where id = old.rowid; end",
        "insert into articles_search(rowid, title, body)"
        " select rowid, nc_space_cjk(title), nc_space_cjk(body) from articles",
    )


#: The ``article_versions`` columns a version shares with its article's current row instead of
#: holding a copy, while the two are equal (the text: 2.5 of the 3.1 KB a version row holds; and
#: since migration ``344_versions_share_hash`` the content hash).
SHARED_VERSION_COLUMNS = ("title", "body", "credits", "captions", "images", "content_hash")
#: The shared columns before migration ``344_versions_share_hash``.
_SHARED_TEXT = SHARED_VERSION_COLUMNS[:5]
#: The table behind the ``article_versions`` view (migration ``340_versions_share_text``).
VERSIONS_DATA = "article_versions_data"


def _equal_to(row: str, other: str) -> str:
    """SQL: the shared columns of ``row`` equal (``is``) those of ``other``."""
    return " and ".join(f"{row}.{c} is {other}.{c}" for c in SHARED_VERSION_COLUMNS)


def create_versions_view(db: sqlite_utils.Database) -> None:
    """(Re)create the ``article_versions`` view over :data:`VERSIONS_DATA` and the triggers that
    keep a shared row exact, from the data table's columns as they are now (a column added to
    the schema later is added to the table, then this runs again).

    A row of :data:`VERSIONS_DATA` with ``shared = 1`` holds ``NULL`` in the columns of
    :data:`SHARED_VERSION_COLUMNS`: they are those of the article's row in ``articles``, which
    the view shows. Before an article's text changes (or the article is deleted, or its URL
    changes) its shared versions take back a copy of the old text; a version whose text equals
    the article's current text shares it again. Writes through the view (insert, update,
    delete) go to the table with the same rule, so tools that write ``article_versions`` keep
    working.
    """
    columns = [c for c in db[VERSIONS_DATA].columns_dict if c != "shared"]
    shown = ", ".join(
        f"case when v.shared then a.{c} else v.{c} end as {c}"
        if c in SHARED_VERSION_COLUMNS
        else f"v.{c} as {c}"
        for c in columns
    )
    kept = ", ".join(f"{c} = old.{c}" for c in SHARED_VERSION_COLUMNS)
    cleared = ", ".join(f"{c} = null" for c in SHARED_VERSION_COLUMNS)
    changed = " or ".join(f"old.{c} is not new.{c}" for c in ("url", *SHARED_VERSION_COLUMNS))
    same = _equal_to("new", "old")
    shares = f"exists (select 1 from articles a where a.url = new.url and {_equal_to('a', 'new')})"
    insert_values = ", ".join(
        f"case when s.shared then null else new.{c} end" if c in SHARED_VERSION_COLUMNS
        else f"new.{c}"
        for c in columns
    )  # fmt: skip
    update_set = ", ".join(
        f"{c} = case when shared and {same} then null else new.{c} end"
        if c in SHARED_VERSION_COLUMNS
        else f"{c} = new.{c}"
        for c in columns
    )
    unshare = f"update {VERSIONS_DATA} set {kept}, shared = 0 where url = old.url and shared = 1;"
    _execute_all(
        db,
        "drop view if exists article_versions",
        "drop trigger if exists article_versions_insert",
        "drop trigger if exists article_versions_update",
        "drop trigger if exists article_versions_delete",
        "drop trigger if exists articles_versions_unshare",
        "drop trigger if exists articles_versions_unshare_deleted",
        f"create view article_versions as select {shown} from {VERSIONS_DATA} v"
        " left join articles a on v.shared = 1 and a.url = v.url",
        "create trigger article_versions_insert instead of insert on article_versions begin"
        f" insert into {VERSIONS_DATA} ({', '.join(columns)}, shared)"
        f" select {insert_values}, s.shared from (select {shares} as shared) s; end",
        "create trigger article_versions_update instead of update on article_versions begin"
        f" update {VERSIONS_DATA} set {update_set}, shared = shared and {same}"
        " where url = old.url and version = old.version; end",
        "create trigger article_versions_delete instead of delete on article_versions begin"
        f" delete from {VERSIONS_DATA} where url = old.url and version = old.version; end",
        "create trigger articles_versions_unshare after update of"
        f" {', '.join(('url', *SHARED_VERSION_COLUMNS))} on articles when {changed} begin"
        f" {unshare}"
        f" update {VERSIONS_DATA} set {cleared}, shared = 1 where url = new.url and shared = 0"
        f" and {_equal_to(VERSIONS_DATA, 'new')}; end",
        f"create trigger articles_versions_unshare_deleted before delete on articles begin {unshare} end",
    )


def m340_versions_share_text(db: sqlite_utils.Database) -> None:
    """``article_versions`` without a second copy of each article's current text.

    Every version row held the whole content, so the current one repeated the article's row in
    ``articles`` (4.0 of the 11.2 KB an article cost on the benchmark portal, one per article
    in an archive that was crawled once). Now the rows live in :data:`VERSIONS_DATA`, where a
    version whose text equals its article's current text holds ``NULL`` there and
    ``shared = 1``; ``article_versions`` is a view showing every version whole, as before, and
    writes through it keep working (:func:`create_versions_view`). The index on
    ``(url, content_hash)``, which no query used, is dropped.

    Existing rows are moved once here; ``VACUUM`` gives the freed pages back to the file system.
    """
    types = {row[1]: row[2] or "TEXT" for row in db.execute("pragma table_info(article_versions)")}
    columns = list(types)
    definitions = ", ".join(f"[{c}] {types[c]}" for c in columns)
    moved = ", ".join(
        f"case when v.shared then null else v.{c} end" if c in SHARED_VERSION_COLUMNS
        else f"v.{c}"
        for c in columns
    )  # fmt: skip
    _execute_all(
        db,
        f"create table {VERSIONS_DATA} ({definitions}, shared integer not null default 0,"
        " primary key (url, version))",
        # rowids kept: export cursors stand on them; shared text left out as the rows are
        # copied, so the new table's pages are full ones
        f"insert into {VERSIONS_DATA} (rowid, {', '.join(columns)}, shared)"
        f" select v.old_rowid, {moved}, v.shared from (select *, o.rowid as old_rowid,"
        f" exists (select 1 from articles a where a.url = o.url and {_equal_to('a', 'o')})"
        " as shared from article_versions o) v",
        "drop table article_versions",
    )
    create_versions_view(db)


def m341_lean_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that held what another structure already holds.

    - ``view_counts`` becomes a ``WITHOUT ROWID`` table keyed by ``(url, fetched_at)``: its rows
      are its key and one number, so the table and its primary-key index held the same bytes
      twice (235 bytes per article at 10,000 articles, now about 100);
    - ``idx_articles_site`` is dropped: ``idx_articles_site_last_seen`` starts with ``site`` and
      answers every query the narrower one did.
    """
    _execute_all(
        db,
        "create table view_counts_keyed (url text not null, fetched_at text not null,"
        " views integer, primary key (url, fetched_at)) without rowid",
        "insert or ignore into view_counts_keyed (url, fetched_at, views)"
        " select url, fetched_at, views from view_counts where url is not null"
        " and fetched_at is not null",
        "drop table view_counts",
        "alter table view_counts_keyed rename to view_counts",
        "drop index if exists idx_articles_site",
    )


def m342_extraction_steps(db: sqlite_utils.Database) -> None:
    """``extraction`` stored once per distinct mapping, not in every article row.

    Every row of ``articles`` held the JSON of how each field was extracted (about 260 bytes),
    nearly always one of a handful of mappings per site. Now ``extraction_steps`` holds each
    distinct mapping once (``id``, ``steps``: the same JSON text), ``articles.extraction_id``
    points at it, and the view ``article_extraction`` shows each article's mapping as the
    column ``extraction`` did. Existing rows are moved once here and the column is dropped;
    ``VACUUM`` gives the freed space back to the file system.
    """
    _execute_all(
        db,
        "create table if not exists extraction_steps"
        " (id integer primary key, steps text not null unique)",
    )
    columns = db["articles"].columns_dict
    if "extraction_id" not in columns:
        db["articles"].add_column("extraction_id", int)
    if "extraction" in columns:
        _execute_all(
            db,
            "insert or ignore into extraction_steps(steps)"
            " select distinct extraction from articles where extraction is not null",
            "update articles set extraction_id = (select s.id from extraction_steps s"
            " where s.steps = articles.extraction) where extraction is not null",
            "alter table articles drop column extraction",
        )
    _execute_all(
        db,
        "drop view if exists article_extraction",
        "create view article_extraction as select a.url, a.site, s.steps as extraction"
        " from articles a left join extraction_steps s on s.id = a.extraction_id",
    )


#: What makes a piece of listing evidence distinct (with the article's ``url``): a missing value
#: and ``''`` are the same.
EVIDENCE_DISTINCT = ("source", "title", "published", "column_name")


def m343_evidence_by_url(db: sqlite_utils.Database) -> None:
    """``listing_evidence`` kept distinct by a trigger over an index on ``url``, not by a unique
    index over nearly every column.

    That index held a second copy of each row's url, source, title, date and column (250 of the
    470 bytes an article's evidence cost at 10,000 articles on the benchmark portal, its pages
    half full: portals list the newest URL first). Now an index on ``url`` (about 100 bytes)
    finds an article's few rows, and the trigger ``listing_evidence_distinct`` skips a row
    equal to one of them (``RAISE(IGNORE)``: the row is not inserted, the statement goes on),
    so whatever writes the table keeps one row per distinct piece of evidence, the first kept.
    """
    same = " and ".join(f"ifnull(e.{c}, '') = ifnull(new.{c}, '')" for c in EVIDENCE_DISTINCT)
    _execute_all(
        db,
        "drop index if exists listing_evidence_distinct",
        "create index if not exists listing_evidence_url on listing_evidence(url)",
        "create trigger if not exists listing_evidence_distinct before insert on listing_evidence"
        " when exists (select 1 from listing_evidence e where e.url = new.url and"
        f" {same}) begin select raise(ignore); end",
    )


def m344_versions_share_hash(db: sqlite_utils.Database) -> None:
    """A version that shares its article's text shares its ``content_hash`` too.

    The hash of a shared version is its article's (the same text): 64 characters kept twice,
    about 70 of the 420 bytes ``article_versions_data`` cost per article at 10,000 articles on
    the benchmark portal. A shared row whose hash is not its article's (a hash computed by
    another extractor version) takes back a copy of the text and stops sharing; the others
    hold ``NULL`` there, and the view shows the article's hash, as it shows its text.
    """
    current = "(select a.{c} from articles a where a.url = {t}.url)"
    copied = ", ".join(f"{c} = {current.format(c=c, t=VERSIONS_DATA)}" for c in _SHARED_TEXT)
    _execute_all(
        db,
        # (a row moved by 340 after this migration was written holds NULL already)
        f"update {VERSIONS_DATA} set {copied}, shared = 0 where shared = 1 and content_hash"
        f" is not null and content_hash is not {current.format(c='content_hash', t=VERSIONS_DATA)}",
        f"update {VERSIONS_DATA} set content_hash = null where shared = 1",
    )
    create_versions_view(db)


#: Numbered schema migrations, applied in order, each once (recorded in ``_migrations``).
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_incremental", _m002_incremental),
    ("003_history_and_aliases", _m003_history_and_aliases),
    ("101_cjk_search", m101_cjk_search),
    ("102_views", m102_views),
    ("103_export_cursors", m103_export_cursors),
    ("201_run_status", m201_run_status),
    ("301_media", m301_media),
    ("302_page_checks", m302_page_checks),
    ("310_evidence_and_templates", m310_evidence_and_templates),
    ("320_search_without_copy", m320_search_without_copy),
    ("330_unfetched_runs", m330_unfetched_runs),
    ("340_versions_share_text", m340_versions_share_text),
    ("341_lean_indexes", m341_lean_indexes),
    ("342_extraction_steps", m342_extraction_steps),
    ("343_evidence_by_url", m343_evidence_by_url),
    ("344_versions_share_hash", m344_versions_share_hash),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, then :func:`add_schema_columns`; returns the names applied and
    the columns added.

    Each runs in a write-locked transaction that first checks it is still pending, so two
    processes opening an old archive at once apply it once between them.
    """
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        db.conn.execute("begin immediate")
        try:
            if not db.execute("select 1 from _migrations where name = ?", [name]).fetchone():
                step(db)
                db["_migrations"].insert({"name": name, "applied_at": now_iso()})
                applied.append(name)
            db.conn.execute("commit")
        except BaseException:
            # A commit the disk refused (SQLITE_FULL, SQLITE_IOERR) is rolled back by SQLite
            # itself: a second rollback would raise and hide the cause.
            if db.conn.in_transaction:
                db.conn.execute("rollback")
            raise
    return applied + add_schema_columns(db)


def _missing_columns(db: sqlite_utils.Database) -> list[tuple[str, str, type]]:
    wanted = {
        "articles": ARTICLE_COLUMNS,
        "article_versions": VERSION_COLUMN_TYPES,
    }
    return [
        (table, column, kind)
        for table, columns in wanted.items()
        for column, kind in columns.items()
        if column not in db[table].columns_dict
    ]


def _stored_table(db: sqlite_utils.Database, table: str) -> str:
    """The table holding ``table``'s rows: ``article_versions`` is a view over
    :data:`~newscrawler.VERSIONS_DATA` once migration 340 has run."""
    if table == "article_versions" and db[VERSIONS_DATA].exists():
        return VERSIONS_DATA
    return table


def add_schema_columns(db: sqlite_utils.Database) -> list[str]:
    """Add the columns of schema fields an archive lacks; returns their names (``table.column``).

    This is how a field added to :mod:`newscrawler.schema` reaches existing archives: checked at
    every open (a look at two tables' columns), each addition recorded in ``_migrations`` as
    ``add table.column``. Rows stored before hold ``NULL`` there: the value was never extracted.
    """
    if not _missing_columns(db):
        return []
    db.conn.execute("begin immediate")
    try:
        missing = _missing_columns(db)
        for table, column, kind in missing:
            db[_stored_table(db, table)].add_column(column, kind)
            db["_migrations"].insert({"name": f"add {table}.{column}", "applied_at": now_iso()})
        if any(_stored_table(db, table) != table for table, _, _ in missing):
            create_versions_view(db)
        db.conn.execute("commit")
    except BaseException:
        db.conn.execute("rollback")
        raise
    return [f"{table}.{column}" for table, column, _ in missing]


