"""Atom feeds in Datasette: ``/<database>/-/feed.atom``, the feed ``newscrawler export -f atom``
writes, served live from the archive; and the home page ``/`` leads to the articles table.

Query parameters, as the export's options: ``site`` and ``topic`` (repeatable; none means any)
and ``newest`` (entries, default :data:`newscrawler.exports.atom.NEWEST`), e.g.
``/archive/-/feed.atom?site=ustb-en&topic=Research&newest=20``. A bad ``newest`` answers 400.

Why not the datasette-atom plugin (a canned query with ``atom_*`` columns): its feed cannot be
the export's (no categories, no publication date, the query's title as the feed's), and a
selection with no article answers 500 (it takes the newest ``updated`` of no rows). Here both
paths share one writer, :func:`newscrawler.exports.atom.write`.

``newscrawler serve`` registers this module as a Datasette plugin (:func:`register`).
"""

from __future__ import annotations

import io
import sqlite3
import sys
from typing import Any

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from newscrawler.exports import atom, selection
from newscrawler.exports.selection import Selection

#: The feed's path under a database.
ROUTE = r"^/(?P<database>[^/]+)/-/feed\.atom$"


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(ROUTE, feed), (r"^/$", home)]


async def home(datasette: Any) -> Response:
    """A redirect to the articles table of the (first) archive served."""
    for name, database in datasette.databases.items():
        if not database.is_memory and await database.table_exists("articles"):
            return Response.redirect(datasette.urls.table(name, "articles"))
    return Response.text("no archive is served", status=404)


async def feed(datasette: Any, request: Any) -> Response:
    """The Atom feed of the request's selection, or 404 (no such database) / 400 (bad newest)."""
    name = request.url_vars["database"]
    try:
        database = datasette.get_database(name)
    except KeyError:
        return Response.text(f"no database {name}", status=404)
    sites = tuple(request.args.getlist("site"))
    topics = tuple(request.args.getlist("topic"))
    newest_arg = request.args.get("newest") or str(atom.NEWEST)
    if not newest_arg.isdigit() or int(newest_arg) < 1:
        return Response.text("newest must be a whole number of entries, 1 or more", status=400)
    newest = int(newest_arg)

    def build(conn: sqlite3.Connection) -> bytes:
        out = io.BytesIO()
        rows = selection.rows(sqlite_utils.Database(conn), Selection(sites=sites, topics=topics))
        atom.write(rows, out, newest=newest, sites=sites, topics=topics)
        return out.getvalue()

    body = await database.execute_fn(build)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def register() -> None:
    """Make this module a plugin of the Datasette started in this process (once)."""
    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name="newscrawler-feeds")
