"""Archive rows from a fixed set of replica crawls, for showing that a refactoring changes nothing.

Usage: ``python3 -m tests.replica_rows OUT.json``. It serves replica portals over real HTTP and
writes, to ``OUT.json``, the rows of every archive table (sorted, replica ports replaced by
``PORT``) after:

- ``crawl``: a single-machine crawl of every family's portal, then one with ``--full`` after
  an article of each was revised and another removed (new, changed, unchanged, gone);
- ``reextract``: a crawl with a wrong title rule, then ``reextract`` after the rule is fixed;
- ``cluster``: one worker and the ingester over a real ``redis-server`` (skipped, and said so in
  the output, when ``redis-server`` is not installed).

Run it on two commits and compare the files (``cmp``, or ``diff`` of the pretty-printed JSON).
Left out, as they differ from run to run: fetch and bookkeeping times, WARC file names, offsets
and record ids, capture keys (random), the extractor version (a digest of the extraction code),
the run log's timings, a learned template's document (its examples are the pages fetched
first) and the full-text indexes' internal tables (their layout follows the order of writes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli
from tests.redis_server import free_port

CRAWLED = ("vsb", "webplus", "wordpress", "drupal")
#: Columns left out: they differ from one run to the next.
VARYING = re.compile(
    r"(_at|_seen|^warc_.*|^extractor_version|^id|^crawl_id|^started|^finished|^duration.*"
    r"|^pid|^host|^ingested.*|^learned.*|^rate.*|^elapsed.*|^key|^document|^extraction_id)$"
)
#: Tables left out: the full-text indexes' internals.
INTERNAL = ("sqlite_", "articles_fts", "articles_search_")
#: A replica's port, in URLs and in the site ids made of them.
PORT = re.compile(r"127\.0\.0\.1([:-])\d+")
REEX_PROFILE = """\
name = "Replica rows reextract portal"
cms = "vsb"
language = "zh"
start_urls = ["{start}"]
{selectors}
"""


def dump(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows without :data:`VARYING` columns, sorted; ports replaced."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        names = [
            r[0]
            # article_extraction: each article's extraction map (its id follows the writes)
            for r in conn.execute(
                "select name from sqlite_master where type = 'table' or name = 'article_extraction'"
            )
            if not r[0].startswith(INTERNAL)
        ]
        for name in sorted(names):
            rows = []
            for row in conn.execute(f"select * from [{name}]"):
                kept = {
                    k: row[k].hex() if isinstance(row[k], bytes) else row[k]
                    for k in row.keys()  # noqa: SIM118 (a Row iterates its values)
                    if not VARYING.search(k)
                }
                rows.append(
                    json.loads(PORT.sub(r"127.0.0.1\1PORT", json.dumps(kept, ensure_ascii=False)))
                )
            tables[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return tables


def _ok(result: Any, what: str) -> None:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stderr[-3000:]}")


def crawl(work: Path, server: ReplicaServer, portals: list[Any]) -> Path:
    """Crawl every portal; then, with one article revised and one removed per portal, again
    with ``--full`` (changed, gone, and unchanged articles re-fetched)."""
    for again in ((), ("--full",)):
        for portal in portals:
            if again:
                paths = portal.article_paths()
                portal.revise(paths[0], "A paragraph added after the first crawl.")
                portal.remove(paths[-1])
            start = server.url(portal) + portal.start_path
            args = ("crawl", "--url", start, "--cms", portal.family, *again, *LOCAL)
            _ok(run_cli(*args, cwd=work), "crawl")
    return work / "archive.db"


def reextract(work: Path, server: ReplicaServer, portal: Any) -> Path:
    profiles = work / "profiles"
    profiles.mkdir()
    profile = profiles / "reex.toml"
    start = server.url(portal) + portal.start_path
    profile.write_text(
        REEX_PROFILE.format(start=start, selectors='[selectors]\ntitle = [".posis"]')
    )
    os.environ["NEWSCRAWLER_PROFILES"] = str(profiles)
    try:
        _ok(run_cli("crawl", "reex", *LOCAL, cwd=work), "crawl with a wrong rule")
        profile.write_text(REEX_PROFILE.format(start=start, selectors=""))
        _ok(run_cli("reextract", "--site", "reex", cwd=work), "reextract")
    finally:
        del os.environ["NEWSCRAWLER_PROFILES"]
    return work / "archive.db"


def cluster(work: Path, server: ReplicaServer, portals: list[Any]) -> Path | None:
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    port = free_port()
    redis = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        time.sleep(0.5)
        for portal in portals:
            start = server.url(portal) + portal.start_path
            _ok(run_cli("enqueue", "--url", start, "--cms", portal.family, "--redis", url,
                        "--prefix", "rows", cwd=work), "enqueue")  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "worker", "--redis", url, "--prefix", "rows",
             "--idle-exit", "3", "-s", "NEWSCRAWLER_CLUSTER_DELAY=0",
             "-s", "NEWSCRAWLER_CLUSTER_CONCURRENCY=1", "-s", "LOG_LEVEL=WARNING"],
            cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        ingest = run_cli("ingest", "--redis", url, "--prefix", "rows", "--idle-exit", "6",
                         cwd=work, timeout=300)  # fmt: skip
        if worker.wait(timeout=120) != 0:
            raise SystemExit(f"worker failed:\n{worker.stderr.read()[-3000:]}")
        _ok(ingest, "ingest")
    finally:
        redis.terminate()
        redis.wait(timeout=10)
    return work / "archive.db"


def main(out: str) -> None:
    portals = [build_portal(f, n_articles=12, seed=i) for i, f in enumerate(CRAWLED)]
    result: dict[str, Any] = {}
    with ReplicaServer(portals) as server, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("crawl", "reextract", "cluster"):
            (root / name).mkdir()
        result["crawl"] = dump(crawl(root / "crawl", server, portals))
        result["reextract"] = dump(reextract(root / "reextract", server, portals[0]))
        db = cluster(root / "cluster", server, portals[:3])
        result["cluster"] = dump(db) if db else "skipped: redis-server is not installed"
    Path(out).write_text(
        json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    counts = {
        k: {t: len(r) for t, r in v.items()} for k, v in result.items() if isinstance(v, dict)
    }
    print(json.dumps(counts))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python3 -m tests.replica_rows OUT.json")
    main(sys.argv[1])
