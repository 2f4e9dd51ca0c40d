"""Datasette metadata for an archive: what each table and column means, facets, search, and the
canned queries archivists ask for. ``newscrawler serve`` passes it to Datasette; ``newscrawler
serve --print-metadata`` prints it for people who run Datasette themselves."""

from __future__ import annotations

from typing import Any

from newscrawler.archive.cjk import SEPARATOR, space_cjk_sql
from newscrawler.archive.search import BODY_WEIGHT, SNIPPET_TOKENS, TITLE_WEIGHT
from newscrawler.schema import LISTING_EVIDENCE_COLUMNS, SITE_TEMPLATE_COLUMNS, Place, fields_at

_ARTICLE_COLUMNS = {f.name: f.doc for f in fields_at(Place.ARTICLES)}

#: The query of :func:`newscrawler.archive.search.match_expression` in SQL: each word of ``:q`` a
#: quoted phrase with its CJK characters spaced, all ANDed.
_MATCH = (
    "'\"' || replace(replace("
    + space_cjk_sql("trim(:q)")
    + ", '\"', '\"\"'), ' ', '\" \"') || '\"'"
)

SEARCH_SQL = f"""select a.site, a.published, a.title,
  replace(snippet(articles_search, -1, '[', ']', '…', {SNIPPET_TOKENS}), char({ord(SEPARATOR)}), '') as snippet,
  a.url
from articles_search join articles a on a.rowid = articles_search.rowid
where articles_search match {_MATCH}
order by bm25(articles_search, {TITLE_WEIGHT}, {BODY_WEIGHT}), a.url
limit 100"""

QUERIES: dict[str, dict[str, str]] = {
    "search": {
        "title": "Search articles (Chinese and English)",
        "description": "Every word must match; Chinese words match as written (学校, 合作), "
        "English words whole, without stemming. [Brackets] mark the matches.",
        "sql": SEARCH_SQL,
    },
    "articles_per_site_per_month": {
        "title": "Articles per site per month",
        "description": "Dated articles only; a month missing from a site's list had none.",
        "sql": "select site, month, articles from articles_per_month order by site, month",
    },
    "latest_changes": {
        "title": "Latest changes",
        "description": "The newest article versions stored: new articles and changed contents.",
        "sql": """select v.fetched_at, case when v.version = 1 then 'new' else 'changed' end as change,
  v.version, a.site, v.title, v.url
from article_versions v join articles a on a.url = v.url
order by v.fetched_at desc, v.url
limit 200""",
    },
    "body_changed": {
        "title": "Articles whose body changed",
        "description": "Articles with more than one distinct body among their stored versions.",
        "sql": """select a.site, a.title, count(distinct v.body) as bodies, count(*) as versions,
  min(v.fetched_at) as first_fetched, max(v.fetched_at) as last_changed, a.url
from article_versions v join articles a on a.url = v.url
group by v.url
having count(distinct v.body) > 1
order by last_changed desc, a.url""",
    },
    "credits_by_person": {
        "title": "Credits by person",
        "description": "How often each person is credited, in which role; filter by part of a name.",
        "sql": """select name, role, count(distinct url) as articles, min(published) as first,
  max(published) as last, group_concat(distinct site) as sites
from credits_flat
where :name = '' or name like '%' || :name || '%'
group by name, role
order by articles desc, name, role""",
    },
}

TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per article (canonical URL), its current content. Lists are "
        "JSON arrays. Search here matches English words; use the 'search' query for Chinese.",
        "columns": _ARTICLE_COLUMNS,
        "facets": ["site", {"array": "topics"}, "language"],
        "sort_desc": "published",
        "label_column": "title",
        "fts_table": "articles_fts",
        "fts_pk": "rowid",
    },
    "article_catalog": {
        "description": "Articles without their text, with year and month: browse and facet.",
        "columns": {"year": "Publication year.", "month": "Publication month, YYYY-MM."},
        "facets": ["site", {"array": "topics"}, "year"],
        "sort_desc": "published",
        "label_column": "title",
    },
    "article_versions": {
        "description": "Every content an article has had; never overwritten.",
        "columns": {
            "version": "1 for the first content, +1 per change.",
            "fetched_at": "UTC time this content was first fetched.",
        },
        "facets": ["version"],
        "sort_desc": "fetched_at",
    },
    "view_counts": {
        "description": "View counts over time, one row per fetch that showed one.",
        "sort_desc": "fetched_at",
    },
    "crawls": {
        "description": "One row per crawl run with its counts.",
        "columns": {
            "status": "finished, failed, empty, degraded, interrupted or running.",
            "reason": "Why the status (newscrawler/reasons.py), e.g. start_urls_failed.",
            "capped": "1 when the listing-page cap stopped a walk.",
            "degraded_fields": "Fields whose share dropped sharply in a degraded run (JSON).",
            "pages": "Responses received.",
            "new": "Articles archived for the first time.",
            "changed": "Articles whose content changed (a new version).",
            "unchanged": "Articles seen again with the same content.",
            "gone": "Articles found gone from the site.",
            "dropped": "Items rejected by validation or deduplication.",
            "errors": "Failed requests and extraction errors.",
        },
        "facets": ["site", "status"],
        "sort_desc": "started_at",
    },
    "crawl_fields": {
        "description": "Per run and item field: how many of the articles the run stored had it.",
        "columns": {
            "articles": "Articles the run stored or confirmed (new, changed, unchanged).",
            "filled": "Of those, how many had the field.",
        },
        "facets": ["field"],
    },
    "credits_flat": {
        "description": "One row per person or organisation credited on an article.",
        "columns": {
            "position": "Order on the page, from 1.",
            "role": "Normalized role: author, editor, reviewer, photographer, translator, source, other.",
            "label": "The role as printed (撰稿, 摄影, Draft).",
            "name": "Person or organisation.",
        },
        "facets": ["role", "site"],
    },
    "captions_flat": {
        "description": "One row per captioned image.",
        "columns": {"position": "Order in the article, from 1."},
        "facets": ["site"],
    },
    "articles_per_month": {
        "description": "Dated articles per site and month (YYYY-MM).",
        "facets": ["site"],
    },
    "media": {
        "description": "One row per image or attachment of an article, fetched by the crawl; the "
        "file itself is in the WARC record named here.",
        "columns": {
            "article_url": "The article that shows or links the file.",
            "media_url": "Absolute URL of the file.",
            "kind": "image or attachment.",
            "mime": "Content-Type of the answer, without parameters.",
            "bytes": "Size of the payload in bytes.",
            "sha256": "sha256 (hex) of the payload: equal values mean the same file.",
            "caption": "The image's caption in the article, if it has one.",
            "fetched_at": "UTC time the file was fetched.",
            "warc_file": "WARC file (in the archive's WARC directory) holding the response.",
            "warc_offset": "Byte offset of that response record in the WARC file.",
            "warc_record_id": "WARC-Record-ID of that record.",
        },
        "facets": ["kind", "mime"],
        "sort_desc": "fetched_at",
    },
    "listing_evidence": {
        "description": "What listing rows, sitemaps and feeds said of each article before it was "
        "read (one row per distinct piece of evidence).",
        "columns": {c.name: c.doc for c in LISTING_EVIDENCE_COLUMNS},
        "facets": ["site", "source", "column_name"],
    },
    "site_templates": {
        "description": "Each site's learned templates, every version kept (a JSON document: "
        "each field's rule, its agreement, the furniture).",
        "columns": {c.name: c.doc for c in SITE_TEMPLATE_COLUMNS},
        "facets": ["site"],
    },
    "extraction_steps": {
        "description": "Each distinct extraction mapping once (field -> the step that produced "
        "it, JSON); articles.extraction_id points here.",
    },
    "article_extraction": {
        "description": "How each article's fields were extracted: its extraction mapping "
        "(field -> the profile selector, preset or fallback step, JSON).",
        "facets": ["site", "extraction"],
    },
    "export_cursors": {
        "description": "Where each named export (newscrawler export --cursor NAME) stopped.",
    },
    "_migrations": {"description": "Schema migrations applied to this archive, in order."},
    # Internal: the Chinese-aware index (use the 'search' query), the JSON Lines hand-off, and
    # the rows behind the article_versions view (the current text left out: it is the article's).
    "article_versions_data": {"hidden": True},
    "articles_search": {"hidden": True},
    "articles_search_pending": {"hidden": True},
    "articles_search_text": {"hidden": True},
    "jsonl_outbox": {"hidden": True},
}


def metadata(database: str) -> dict[str, Any]:
    """Metadata for an archive Datasette names ``database`` (its file name without suffix)."""
    return {
        "title": "newscrawler archive",
        "description": "University news articles crawled by newscrawler.",
        "databases": {database: {"tables": TABLES, "queries": QUERIES}},
    }
