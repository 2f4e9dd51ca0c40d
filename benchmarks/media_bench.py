"""Media bytes per article: one replica portal crawled twice, with media fetching and with
``--no-media``, each into a fresh archive.

    python3 benchmarks/media_bench.py [--articles 300] [--family webplus --family vsb]

Prints one JSON line per crawl: articles stored, media rows (and attachments among them), media
payload bytes per article (``media.bytes``), WARC bytes on disk per article, and wall time. The
replica serves synthetic files (images 2-8 KB, documents 30-60 KB, see
``newscrawler/replica/media.py``), so the bytes say what the archive keeps per file and per
article on such a portal, not what a real portal weighs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawler.replica import ReplicaServer, build_portal

LOCAL = [
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "NEWSCRAWLER_PROFILE_POLITENESS=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "-s", "LOG_LEVEL=WARNING",
]  # fmt: skip


def crawl(base: str, start: str, family: str, work: Path, *extra: str) -> dict:
    """One crawl of the portal into ``work``; its figures."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "newscrawler", "crawl", "--url", base + start, "--cms", family,
         *LOCAL, "--json", *extra],
        cwd=work, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    run = json.loads(done.stdout)[0]
    with sqlite3.connect(work / "archive.db") as db:
        rows, payload, attachments = db.execute(
            "select count(*), coalesce(sum(bytes), 0), coalesce(sum(kind = 'attachment'), 0)"
            " from media"
        ).fetchone()
    warc = sum(f.stat().st_size for f in (work / "archive.db.warc").glob("*.warc.gz"))
    articles = run["new"]
    return {
        "family": family,
        "media": not extra,
        "articles": articles,
        "status": run["status"],
        "seconds": round(seconds, 1),
        "media_rows": rows,
        "attachments": attachments,
        "media_bytes_per_article": round(payload / articles),
        "warc_bytes_per_article": round(warc / articles),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--family", action="append", dest="families")
    args = parser.parse_args()
    for family in args.families or ["webplus", "vsb"]:
        portal = build_portal(family, n_articles=args.articles)
        with ReplicaServer([portal]) as server:
            for extra in ((), ("--no-media",)):
                with tempfile.TemporaryDirectory() as work:
                    figures = crawl(
                        server.url(portal), portal.start_path, family, Path(work), *extra
                    )
                print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
