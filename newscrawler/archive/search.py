"""Full-text search of the archive that works for Chinese and English alike.

Queries run against ``articles_search``, an FTS5 index of title and body in the indexed form of
:mod:`newscrawler.archive.cjk` (migration ``320_search_without_copy`` in
:mod:`newscrawler.archive.migrations`). It keeps no copy of the text: its content is the view
``articles_search_text`` (the articles' text, spaced in SQL when a snippet needs it), and the
index itself is written by :func:`index_pending` with the fast Python spacing, only for the rows
that need it: triggers list new and edited articles in ``articles_search_pending``, so keeping the
index current costs work in proportion to what changed, never a pass over the whole table.
Each whitespace-separated query term becomes an FTS5 phrase, so ``学校`` matches the adjacent
characters 学 and 校 and ``cooperation`` matches that word only (no stemming); a term ending in
``*`` is a prefix search. All terms must match.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from newscrawler.archive.cjk import space_cjk, unspace

#: bm25 weights of the ``title`` and ``body`` columns: a hit in the headline counts more.
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
#: Tokens in a snippet (a CJK character is a token, so this is about 20 words or 40 characters).
SNIPPET_TOKENS = 40


def index_pending(db: sqlite_utils.Database) -> int:
    """Index the articles listed in ``articles_search_pending`` (new or edited since they were
    last indexed) and empty the list; returns the number of rows indexed.

    Needs the ``nc_space_cjk`` SQL function, which :func:`newscrawler.archive.store.open_archive`
    registers. Costs work in proportion to the pending rows, whatever the archive's size.
    """
    cursor = db.execute(
        "insert into articles_search(rowid, title, body)"
        " select a.rowid, nc_space_cjk(a.title), nc_space_cjk(a.body)"
        " from articles_search_pending p join articles a on a.rowid = p.id"
        " where not exists (select 1 from articles_search_docsize d where d.id = p.id)"
    )
    db.execute("delete from articles_search_pending")
    return cursor.rowcount


def unindex(db: sqlite_utils.Database, urls: list[str]) -> None:
    """Drop the index entries of the articles at ``urls`` (their text as stored now) and list
    them as pending, before their text is overwritten: done here with the Python spacing, the
    update trigger finds nothing indexed and skips its own, far slower, SQL spacing."""
    if not urls:
        return
    marks = ", ".join("?" for _ in urls)
    db.execute(
        "insert into articles_search(articles_search, rowid, title, body)"
        " select 'delete', a.rowid, nc_space_cjk(a.title), nc_space_cjk(a.body) from articles a"
        f" where a.url in ({marks})"
        " and exists (select 1 from articles_search_docsize d where d.id = a.rowid)",
        urls,
    )
    db.execute(
        "insert or ignore into articles_search_pending(id)"
        f" select rowid from articles where url in ({marks})",
        urls,
    )


class QueryError(ValueError):
    """The query has no searchable term."""


@dataclass(frozen=True)
class Hit:
    url: str
    site: str
    title: str
    published: str | None
    #: Relevance, higher is better: bm25 with its sign turned (SQLite's is lower-is-better), to
    #: 6 significant digits. Only comparable within one search; small archives give small values.
    score: float
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user's query (each term a quoted phrase, ANDed)."""
    phrases = []
    for term in query.split():
        prefix = term.endswith("*") and len(term) > 1
        text = term[:-1] if prefix else term
        phrase = '"' + space_cjk(text).replace('"', '""') + '"'
        phrases.append(phrase + ("*" if prefix else ""))
    if not phrases:
        raise QueryError("empty search query")
    return " ".join(phrases)


def search(
    db: sqlite_utils.Database, query: str, *, sites: tuple[str, ...] = (), limit: int = 20
) -> list[Hit]:
    """Articles matching ``query``, best first (bm25, ties broken by URL for a stable order)."""
    where, params = ["articles_search match ?"], [match_expression(query)]
    if sites:
        where.append(f"a.site in ({', '.join('?' for _ in sites)})")
        params.extend(sites)
    sql = f"""
        select a.url, a.site, a.title, a.published,
               bm25(articles_search, {TITLE_WEIGHT}, {BODY_WEIGHT}) as score,
               snippet(articles_search, -1, '[', ']', '…', {SNIPPET_TOKENS}) as snippet
        from articles_search join articles a on a.rowid = articles_search.rowid
        where {" and ".join(where)}
        order by score, a.url
        limit ?
    """
    rows = db.execute(sql, [*params, limit]).fetchall()
    return [
        Hit(url, site, title, published, _relevance(score), unspace(snippet))
        for url, site, title, published, score, snippet in rows
    ]


def _relevance(bm25: float) -> float:
    """bm25 (negative, lower is better) as a positive relevance; never ``-0.0``."""
    return float(f"{-bm25:.6g}") + 0.0
