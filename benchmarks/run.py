"""newscrawler benchmarks: what newscrawler costs on top of Scrapy, measured in one run.

    python3 benchmarks/run.py                      # vsb, crawl 10k articles, RSS at 2k and 10k
    python3 benchmarks/run.py --sizes 10000,100000 --family wordpress   # ~1 h: RSS at 100k

Serves replica portals with nginx, then measures, against baselines in the same run: crawl
throughput (vs a bare Scrapy spider), extraction cost (vs trafilatura), storage throughput (vs a
bare sqlite-utils insert, and on a 1M-article archive), an incremental re-crawl, and peak RSS of
crawl and export at two portal sizes. Prints a table; writes benchmarks/results/<stamp>.json and
latest.json (the table compares with the previous latest.json). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import big_archive, crawl_bench, extraction_bench, storage_bench  # noqa: E402
from benchmarks.report import Figure, figure, load_previous, save, table  # noqa: E402
from benchmarks.serve import PortalSpec, nginx_available, serve  # noqa: E402
from newscrawler.extraction import extract_article  # noqa: E402
from newscrawler.profiles import FAMILIES, profile_for_url  # noqa: E402

DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newscrawler-bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--family", choices=FAMILIES, default="vsb", help="CMS family of the portal"
    )
    parser.add_argument(
        "--crawl-size",
        type=int,
        default=10_000,
        help="articles of the portal crawled by both crawlers, then re-crawled",
    )
    parser.add_argument(
        "--sizes",
        default="2000,10000",
        help="portal sizes (comma-separated) crawled by newscrawler for peak RSS; the crawl-size "
        "run is reused for its own size",
    )
    parser.add_argument("--page-kb", type=int, default=50, help="page weight (30-80 is realistic)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--extraction-pages", type=int, default=200)
    parser.add_argument("--storage-items", type=int, default=3000)
    parser.add_argument("--archive-rows", type=int, default=1_000_000, help="pre-filled archive")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="static dumps, big archive"
    )
    parser.add_argument("--workdir", type=Path, help="keep crawl archives and logs here")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--profile", action="store_true", help="record the first newscrawler crawl with py-spy"
    )
    return parser.parse_args(argv)


def crawl_stage(args: argparse.Namespace, server: str, work: Path, stamp: str) -> dict[str, Any]:
    """Crawl figures at ``--crawl-size``, plus the pages the other stages reuse."""
    size = args.crawl_size
    settings = {**crawl_bench.FAST_SETTINGS, "NEWSCRAWLER_MAX_LISTING_PAGES": str(size)}
    spec = PortalSpec(args.family, size, args.page_kb, args.seed)
    db, jsonl = work / f"crawl-{size}.db", work / f"crawl-{size}.jsonl"
    prefix: tuple[str, ...] = ()
    if args.profile:
        svg = args.results / f"{stamp}-crawl.svg"
        prefix = ("py-spy", "record", "-r", "100", "-o", str(svg), "--")
    with serve(spec, server, args.cache, work) as (url, portal):
        print(f"[crawl] {size} articles at {url}", flush=True)
        base = crawl_bench.run_baseline(url, args.family, settings, work / "baseline.log")
        first = crawl_bench.run_newscrawler(
            url, args.family, db, jsonl, settings, work / "first.log", prefix
        )
        again = crawl_bench.run_newscrawler(
            url, args.family, db, jsonl, settings, work / "again.log"
        )
        print("[extraction] ours vs trafilatura", flush=True)
        base_url = url[: url.index("/", len("http://"))]
        extraction = extraction_bench.measure(portal, base_url, args.extraction_pages)
        profile = profile_for_url(url, args.family)
        samples = [
            extract_article(u, body, profile).item
            for u, body in extraction_bench.sample_pages(portal, base_url, 50)
        ]
    return {
        "size": size,
        "db": db,
        "baseline": base,
        "first": first,
        "again": again,
        "extraction": extraction,
        "samples": samples,
    }


def memory_stage(args: argparse.Namespace, server: str, work: Path) -> dict[int, Any]:
    """newscrawler's peak RSS crawling each size other than the crawl stage's."""
    out = {}
    for size in (s for s in args.sizes if s != args.crawl_size):
        settings = {**crawl_bench.FAST_SETTINGS, "NEWSCRAWLER_MAX_LISTING_PAGES": str(size)}
        spec = PortalSpec(args.family, size, args.page_kb, args.seed)
        db, jsonl = work / f"crawl-{size}.db", work / f"crawl-{size}.jsonl"
        with serve(spec, server, args.cache, work) as (url, _portal):
            print(f"[memory] crawling {size} articles", flush=True)
            out[size] = {
                "db": db,
                "crawl": crawl_bench.run_newscrawler(
                    url, args.family, db, jsonl, settings, work / f"crawl-{size}.log"
                ),
            }
    return out


def export_rss(dbs: dict[int, Path], work: Path) -> dict[int, crawl_bench.Measured] | None:
    """Peak RSS of ``newscrawler export`` (JSON Lines) of each crawled archive, if it exists."""
    if not crawl_bench.export_available():
        return None
    print("[export] newscrawler export of each archive", flush=True)
    return {
        size: crawl_bench.run_export(db, work / f"export-{size}.jsonl", work / f"export-{size}.log")
        for size, db in dbs.items()
    }


def _growth(what: str, runs: dict[int, Any]) -> list[Figure]:
    """Peak RSS per size, and largest / smallest against the sub-linear bar (sqrt of the sizes)."""
    out = [
        figure(f"memory.{what}.{n}", f"{what} peak RSS {n}", run.peak_rss_mb, "MB", f"{run.seconds:.0f} s")
        for n, run in runs.items()
    ]  # fmt: skip
    if len(runs) > 1:
        small, big = min(runs), max(runs)
        r = big / small
        out.append(
            figure(
                f"memory.{what}.growth",
                f"{what} RSS {big}/{small}",
                runs[big].peak_rss_mb / runs[small].peak_rss_mb,
                "x",
                f"sizes x{r:.0f}",
                f"<= {math.sqrt(r):.2f} (sub-linear)",
                lambda v: v <= math.sqrt(r),
            )
        )
    return out


def figures(
    args: argparse.Namespace,
    crawl: dict[str, Any],
    storage: dict[str, Any],
    memory: dict[int, Any],
    exports: dict[int, crawl_bench.Measured] | None,
) -> list[Figure]:
    """Every measured figure with its target."""
    base, first, again = crawl["baseline"], crawl["first"], crawl["again"]
    ext = crawl["extraction"]
    size = crawl["size"]
    ratio = first.articles_per_s / base.articles_per_s if base.articles else None
    out = [
        figure(
            "crawl.baseline.articles_per_s",
            f"crawl {size}: bare Scrapy",
            base.articles_per_s,
            "articles/s",
            f"{base.pages_per_s:.0f} pages/s, {1000 * base.cpu_seconds / max(base.articles, 1):.1f} CPU ms/article",
        ),
        figure(
            "crawl.ours.articles_per_s",
            f"crawl {size}: newscrawler",
            first.articles_per_s,
            "articles/s",
            f"{first.pages_per_s:.0f} pages/s, {1000 * first.cpu_seconds / max(first.articles, 1):.1f} CPU ms/article",
        ),
        figure(
            "crawl.ratio",
            "crawl throughput ours/bare",
            ratio,
            "x",
            f"wall {first.seconds:.0f} s vs {base.seconds:.0f} s",
            ">= 0.85",
            lambda v: v >= 0.85,
        ),
        figure(
            "extraction.ours.median_ms",
            "extraction ours",
            ext["ours"]["median_ms"],
            "ms/page",
            f"p95 {ext['ours']['p95_ms']:.2f} ms, {ext['pages']} pages",
        ),
    ]
    if ext["trafilatura"] is not None:
        out += [
            figure(
                "extraction.trafilatura.median_ms",
                "extraction trafilatura",
                ext["trafilatura"]["median_ms"],
                "ms/page",
                f"p95 {ext['trafilatura']['p95_ms']:.2f} ms",
            ),
            figure(
                "extraction.speedup",
                "extraction speed-up",
                ext["speedup"],
                "x",
                "trafilatura median / ours",
                ">= 3",
                lambda v: v >= 3,
            ),
        ]
    else:
        out.append(
            figure(
                "extraction.speedup",
                "extraction speed-up",
                None,
                "x",
                "trafilatura not installed",
                ">= 3",
            )
        )
    rows, tenth = f"{args.archive_rows:,}", f"{args.archive_rows // 10:,}"
    out += [
        figure("storage.bare.items_per_s", "storage bare insert_all", storage["bare_items_per_s"], "items/s"),
        figure("storage.ours.items_per_s", "storage ours, empty archive", storage["ours_items_per_s"], "items/s"),
        figure("storage.ratio", "storage ours/bare", storage["ratio"], "x", f"{storage['items']} items", ">= 0.7", lambda v: v >= 0.7),
        figure("storage.ours_tenth.items_per_s", f"storage ours, {tenth}-row archive", storage["ours_tenth_items_per_s"], "items/s"),
        figure("storage.ours_big.items_per_s", f"storage ours, {rows}-row archive", storage["ours_big_items_per_s"], "items/s"),
        figure("storage.growth_from_empty", f"storage cost/item {rows} vs empty", storage["growth_from_empty"], "x", "first step: see README"),
        figure("storage.growth", f"storage cost/item {rows} vs {tenth}", storage["growth"], "x", "archive x10", "<= 1.25 (no growth)", lambda v: v <= 1.25),
        figure(
            "incremental.pages",
            "re-crawl pages / first crawl",
            again.pages / first.pages if first.pages else None,
            "x",
            f"{again.pages} of {first.pages} pages",
            "<= 0.05",
            lambda v: v <= 0.05,
        ),
        figure(
            "incremental.time",
            "re-crawl time / first crawl",
            again.seconds / first.seconds,
            "x",
            f"{again.seconds:.1f} s of {first.seconds:.1f} s",
            "<= 0.10",
            lambda v: v <= 0.10,
        ),
    ]  # fmt: skip
    crawls = {size: first, **{n: m["crawl"] for n, m in memory.items()}}
    out += _growth("crawl", {n: crawls[n] for n in sorted(crawls) if n in args.sizes})
    if exports is None:
        out.append(
            figure("memory.export", "export peak RSS", None, "MB", "newscrawler export missing")
        )
    else:
        out += _growth("export", exports)
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.sizes = sorted(int(s) for s in str(args.sizes).split(","))
    server = args.server
    if server == "auto":
        server = "nginx" if nginx_available() else "python"
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newscrawler-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"newscrawler benchmark: {args.family}, sizes {args.sizes}, {args.page_kb} KB pages, {server} server, work dir {work}", flush=True)  # fmt: skip

    crawl = crawl_stage(args, server, work, stamp)
    print(f"[storage] {args.storage_items} items; {args.archive_rows:,}-row archive", flush=True)
    storage = storage_bench.measure(
        crawl["samples"],
        args.storage_items,
        work,
        lambda rows, dest: big_archive.archive_with(rows, dest, args.cache),
        args.archive_rows,
    )
    memory = memory_stage(args, server, work)
    dbs = {crawl["size"]: crawl["db"], **{n: m["db"] for n, m in memory.items()}}
    dbs = {n: dbs[n] for n in sorted(dbs) if n in args.sizes}
    exports = export_rss(dbs, work)

    figs = figures(args, crawl, storage, memory, exports)
    previous = load_previous(args.results)
    total = time.perf_counter() - started
    print()
    print(table(figs, previous))
    run = {
        "stamp": stamp,
        "seconds": total,
        "command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
        "settings": {k: v for k, v in vars(args).items() if k not in ("cache", "workdir", "results")},
        "server": server,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
        "exit_codes": {"baseline": crawl["baseline"].exit_code, "first": crawl["first"].exit_code, "again": crawl["again"].exit_code},
    }  # fmt: skip
    path = save(args.results, stamp, run, figs)
    print(f"\n{total:.0f} s in all; results in {path} (and latest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
