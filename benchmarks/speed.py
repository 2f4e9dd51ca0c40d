"""Capture and extraction at the speed of bare Scrapy: each figure beside its baseline, one run.

    python3 benchmarks/speed.py --corpus ../shared/corpus          # all stages, about 25 min
    python3 benchmarks/speed.py --stages crawl --repeat 3            # one stage

Stages (``--stages``, comma-separated; all by default):

- ``crawl``: a static ``--articles``-article replica portal behind nginx, crawled alternately by
  the bare Scrapy spider (``baseline_spider.py``) and by ``newscrawler crawl --no-media`` (WARC
  capture on, the default), ``--repeat`` times: articles/s, CPU ms per article and per fetched
  response, and for each pair the throughput ratio (newscrawler ÷ bare; target: ≥ 0.85) and the
  CPU-per-response ratio (newscrawler ÷ bare, lower is better). Both fetch the same responses:
  robots.txt, every listing page, every detail page and, for each detail page, the live view
  counter its family's hooks name (VSB: ``dynclicks.jsp?clickid=N``); newscrawler also asks for
  ``/robots.txt`` once more and ``/sitemap.xml`` (sitemap discovery), a handful in all. The
  ``responses`` column counts what each fetched (the bare spider's Scrapy
  ``response_received_count``; newscrawler's response and revisit records in its WARC index).
  The bare spider only collects links and drops the pages; newscrawler also decodes and extracts
  each page, captures every response to WARC (durable before the spider sees it), stores each
  article in SQLite and writes JSON Lines.
- ``media``: the same portal dumped with its images and documents; ``newscrawler crawl`` with
  media on, alternated with the bare spider fetching the pages, view counters and the media they
  link to: CPU per fetched response, and the ratio (target: ≤ 1.3).
- ``extraction``: CPU ms per page of ``extract_article`` and of trafilatura's ``bare_extraction``
  (with metadata, as ``accuracy.py`` runs it) on the same bytes, alternated page by page, on the
  AEB and CWCED corpora and the real university pages of ``tests/fixtures`` (target: ≥ 2×).
- ``memory``: for each of ``--memory-sizes``, a first crawl of a portal of that size into a new
  archive, then the same command again (an unchanged re-crawl): the re-crawl's peak RSS (target:
  at the largest size ≤ 1.1× the smallest), and the archive's bytes per article against the
  JSON Lines file's (target: ≤ 2×), with each table's share (SQLite's ``dbstat``).

Processes are measured with ``wait4`` (CPU time is the child's own, so it means something on a
shared machine, wall time less so); ratios are taken within each alternated pair, then the median.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import accuracy, crawl_bench  # noqa: E402
from benchmarks.crawl_bench import CrawlRun  # noqa: E402
from benchmarks.serve import PortalSpec, serve  # noqa: E402
from newscrawler.capture.index import IndexEntry  # noqa: E402

DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newscrawler-bench"
STAGES = ("crawl", "media", "extraction", "memory")


def responses(db: Path) -> int:
    """HTTP responses a crawl into ``db`` captured (response and revisit records listed)."""
    count = 0
    for index in Path(f"{db}.warc").glob("*.cdxj"):
        for line in index.read_text(encoding="utf-8").splitlines(keepends=True):
            count += IndexEntry.parse(line).record_type in ("response", "revisit")
    return count


def fresh(db: Path) -> None:
    """Remove an earlier crawl's archive, its WAL, lock, JSON Lines and WARC files."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.with_suffix(".jsonl").unlink(missing_ok=True)
    warcs = Path(f"{db}.warc")
    if warcs.exists():
        for path in warcs.iterdir():
            path.unlink()
        warcs.rmdir()


def ours(url: str, family: str, db: Path, settings: dict[str, str], log: Path) -> CrawlRun:
    run = crawl_bench.run_newscrawler(url, family, db, db.with_suffix(".jsonl"), settings, log)
    if run.exit_code:
        sys.exit(f"newscrawler crawl failed ({run.exit_code}); see {log}")
    return run


def per(value: float, count: int) -> float:
    return value / count if count else float("nan")


def crawl_pairs(
    args: argparse.Namespace, work: Path, media: bool
) -> tuple[list[dict[str, float]], str]:
    """Alternated baseline / newscrawler crawls of the portal; one row per crawl."""
    settings = {
        **crawl_bench.FAST_SETTINGS,
        "NEWSCRAWLER_MAX_LISTING_PAGES": str(args.articles),
        "NEWSCRAWLER_MEDIA": str(media),
    }
    spec = PortalSpec(args.family, args.articles, args.page_kb, media=media)
    kind = "media" if media else "pages"
    rows: list[dict[str, float]] = []
    with serve(spec, "nginx", args.cache, work) as (url, _portal):
        for n in range(args.repeat):
            log = work / f"{kind}-baseline-{n}.log"
            base = crawl_bench.run_baseline(url, args.family, settings, log, media=media)
            db = work / f"{kind}-{n}.db"
            fresh(db)
            mine = ours(url, args.family, db, settings, work / f"{kind}-ours-{n}.log")
            fetched = responses(db)
            for name, run, count in (
                ("bare Scrapy", base, base.pages),
                ("newscrawler", mine, fetched),
            ):
                rows.append(
                    {
                        "rep": n,
                        "crawler": name,
                        "articles": run.articles,
                        "responses": count,
                        "seconds": run.seconds,
                        "articles_per_s": per(run.articles, run.seconds),
                        "cpu_ms_per_article": 1000 * per(run.cpu_seconds, run.articles),
                        "cpu_ms_per_response": 1000 * per(run.cpu_seconds, count),
                    }
                )
    return rows, url


def print_crawl(rows: list[dict[str, float]], title: str, target_key: str, target: str) -> None:
    """The crawls' table, then for each alternated pair the ratios newscrawler ÷ bare Scrapy of
    articles/s (higher is better) and of CPU ms per response and per article (lower is better),
    each with its median; ``target`` is printed beside ``target_key``'s."""
    print(f"\n## {title}")
    print(
        f"{'rep':>3} {'crawler':<12} {'articles':>8} {'responses':>9} {'wall s':>7}"
        f" {'art/s':>7} {'CPU ms/art':>10} {'CPU ms/resp':>11}"
    )
    for r in rows:
        print(
            f"{r['rep']:>3} {r['crawler']:<12} {r['articles']:>8} {r['responses']:>9}"
            f" {r['seconds']:>7.1f} {r['articles_per_s']:>7.1f} {r['cpu_ms_per_article']:>10.2f}"
            f" {r['cpu_ms_per_response']:>11.2f}"
        )
    pairs = list(zip(rows[::2], rows[1::2], strict=True))
    for key, better in (
        ("articles_per_s", "higher is better"),
        ("cpu_ms_per_response", "lower is better"),
        ("cpu_ms_per_article", "lower is better"),
    ):
        ratios = [mine[key] / base[key] for base, mine in pairs]
        shown = ", ".join(f"{r:.2f}" for r in ratios)
        goal = f"; {target}" if key == target_key else ""
        print(
            f"newscrawler ÷ bare Scrapy, {key}: {shown}; median {statistics.median(ratios):.2f}"
            f" ({better}{goal})"
        )


def extraction_stage(args: argparse.Namespace) -> None:
    ours_fn = accuracy.ours("auto")
    family_fn = accuracy.ours("family")
    theirs = accuracy.trafilatura_extractor()
    if theirs is None:
        print("\n## extraction: trafilatura is not installed (pip install trafilatura)")
        return
    sets = {
        "aeb": (accuracy.aeb_pages(args.corpus, args.extraction_pages), ours_fn),
        "cwced": (accuracy.cwced_pages(args.corpus, args.extraction_pages), ours_fn),
        "university": (accuracy.university_pages(args.extraction_pages), family_fn),
    }
    print("\n## extraction, CPU ms per page (median of the per-page medians; total = sum of them)")
    print(
        f"{'set':<11} {'pages':>5} {'ours':>7} {'trafil.':>7} {'×':>6} {'ours Σ':>8} {'traf Σ':>8} {'×':>6}"
    )
    for name, (pages, fn) in sets.items():
        for page in pages[:3]:  # warm-up: imports, caches, profiles
            fn(page), theirs(page)
        mine, other = [], []
        for page in pages:
            a, b = (
                _timed(fn, page, args.extraction_repeat),
                _timed(theirs, page, args.extraction_repeat),
            )
            mine.append(a)
            other.append(b)
        m, o = statistics.median(mine), statistics.median(other)
        print(
            f"{name:<11} {len(pages):>5} {m:>7.2f} {o:>7.2f} {o / m:>5.1f}x"
            f" {sum(mine):>8.0f} {sum(other):>8.0f} {sum(other) / sum(mine):>5.1f}x"
        )


def _timed(fn: Callable[[Any], Any], page: Any, repeat: int) -> float:
    """Median CPU ms (this process's, ``time.process_time``) of ``repeat`` calls of ``fn(page)``:
    CPU time, not wall time, so other processes on a shared machine do not skew it."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn(page)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def table_bytes(db: Path) -> tuple[int, int, dict[str, dict[str, int]]]:
    """Articles in the archive, bytes in use (file size less free pages), and bytes per table
    from ``dbstat``: ``{table: {structure: bytes}}``, each index under its table and each FTS5
    shadow table (``X_data``, ``X_idx``...) under its full-text table ``X``."""
    with sqlite3.connect(db) as conn:
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        pages = conn.execute("pragma page_count").fetchone()[0]
        free = conn.execute("pragma freelist_count").fetchone()[0]
        in_use = (pages - free) * conn.execute("pragma page_size").fetchone()[0]
        owner = dict(conn.execute("select name, tbl_name from sqlite_master"))
        fts = {
            name
            for name, sql in conn.execute(
                "select name, sql from sqlite_master where type = 'table'"
            )
            if sql and "using fts5" in sql.lower()
        }
        tables: dict[str, dict[str, int]] = {}
        for name, size in conn.execute("select name, sum(pgsize) from dbstat group by name"):
            table = owner.get(name, name)
            table = next((f for f in fts if table.startswith(f + "_")), table)
            tables.setdefault(table, {})[name] = size
    conn.close()
    return articles, in_use, tables


def migrate_once(db: Path) -> None:
    """Bring a kept archive to this checkout's schema before it is measured (a migration's
    one-off cost is no part of a re-crawl's)."""
    from newscrawler.archive.store import open_archive

    open_archive(db).close()


def memory_stage(args: argparse.Namespace, work: Path) -> None:
    rows = []
    for size in args.memory_sizes:
        settings = {**crawl_bench.FAST_SETTINGS, "NEWSCRAWLER_MAX_LISTING_PAGES": str(size)}
        db = work / f"memory-{size}.db"
        reused = args.reuse and db.exists()
        if reused:
            migrate_once(db)
        else:
            fresh(db)
        spec = PortalSpec(args.family, size, args.page_kb)
        # The site is named after the portal's port: a kept archive is re-crawled on its own.
        port_file = db.with_suffix(".port")
        port = int(port_file.read_text()) if reused and port_file.exists() else 0
        with serve(spec, args.server, args.cache, work, port) as (url, _):
            if reused and urlsplit(url).port != port:
                sys.exit(f"port {port} of the kept {db.name} is taken: cannot re-crawl its URLs")
            port_file.write_text(str(urlsplit(url).port))
            first = (
                None
                if reused
                else ours(url, args.family, db, settings, work / f"{db.stem}-first.log")
            )
            again = ours(url, args.family, db, settings, work / f"{db.stem}-again.log")
        with sqlite3.connect(db) as conn:
            conn.execute("pragma wal_checkpoint(truncate)")
        conn.close()
        articles, in_use, tables = table_bytes(db)
        jsonl = db.with_suffix(".jsonl").stat().st_size
        rows.append((size, first, again, articles, in_use, jsonl, tables))
    print("\n## re-crawl memory and archive size")
    print(
        f"{'size':>6} {'first s':>7} {'first MiB':>9} {'re-crawl s':>10} {'re-crawl MiB':>12}"
        f" {'archive B/art':>13} {'JSONL B/art':>11} {'×':>5}"
    )
    for size, first, again, articles, archive, jsonl, _ in rows:
        first_s, first_mib = (
            (f"{first.seconds:>7.0f}", f"{first.peak_rss_mb:>9.0f}") if first else ("—", "—")
        )
        print(
            f"{size:>6} {first_s:>7} {first_mib:>9} {again.seconds:>10.1f}"
            f" {again.peak_rss_mb:>12.0f} {archive / articles:>13.0f} {jsonl / articles:>11.0f}"
            f" {archive / jsonl:>5.2f}"
        )
    small, big = rows[0], rows[-1]
    print(
        f"re-crawl peak RSS at {big[0]} / at {small[0]}:"
        f" {big[2].peak_rss_mb / small[2].peak_rss_mb:.2f} (target ≤ 1.1)"
    )
    print(f"archive bytes ÷ JSON Lines bytes at {big[0]}: {big[4] / big[5]:.2f} (target ≤ 2)")
    size, *_, articles, _archive, _jsonl, tables = big
    print(f"bytes per article by table at {size} (dbstat; archive bytes are pages in use):")
    for table, parts in sorted(tables.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(parts.values())
        if total / articles < 1:
            continue
        detail = ", ".join(
            f"{name} {part / articles:.0f}"
            for name, part in sorted(parts.items(), key=lambda kv: -kv[1])
            if name != table
        )
        print(f"  {table:<28} {total / articles:>6.0f}" + (f"  ({detail})" if detail else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", default=",".join(STAGES), help=f"any of {','.join(STAGES)}")
    parser.add_argument("--family", default="vsb")
    parser.add_argument("--articles", type=int, default=2000, help="portal size of crawl/media")
    parser.add_argument("--page-kb", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="alternated pairs of crawls")
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument(
        "--reuse", action="store_true",
        help="memory: re-crawl the archives kept in --workdir (no first crawl; migrated first)",
    )  # fmt: skip
    parser.add_argument(
        "--server", choices=("nginx", "python"), default="nginx",
        help="memory: what serves the portal (python: the threaded replica server, no dump)",
    )  # fmt: skip
    parser.add_argument("--corpus", type=Path, default=accuracy.DEFAULT_CORPUS)
    parser.add_argument("--extraction-pages", type=int, default=None, help="per set (all)")
    parser.add_argument("--extraction-repeat", type=int, default=3, help="timings per page")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--workdir", type=Path, help="keep archives and logs here")
    args = parser.parse_args(argv)
    args.memory_sizes = [int(s) for s in args.memory_sizes.split(",")]
    stages = set(args.stages.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(f"{args.family} replica, {args.page_kb} KB pages; {os.cpu_count()} cores")
        if "crawl" in stages:
            rows, _ = crawl_pairs(args, work, media=False)
            print_crawl(
                rows, f"crawl, pages only (--no-media), {args.articles} articles",
                "articles_per_s", "target ≥ 0.85",
            )  # fmt: skip
        if "media" in stages:
            rows, _ = crawl_pairs(args, work, media=True)
            print_crawl(
                rows, f"crawl with media, {args.articles} articles",
                "cpu_ms_per_response", "target ≤ 1.3",
            )  # fmt: skip
        if "extraction" in stages:
            extraction_stage(args)
        if "memory" in stages:
            memory_stage(args, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
