"""Raw capture (WARC): what it costs a crawl, what it weighs on disk, what revisits save, and how
fast stored captures re-extract.

One replica portal answers after a fixed latency (``--latency``, as real portals do). In the same
run, as separate processes with the same politeness-off settings:

1. ``newscrawler crawl --no-warc`` — the baseline — and ``newscrawler crawl`` with capture on,
   each into a fresh archive, alternated ``--repeat`` times (the best of each is kept):
   articles/s, CPU ms per article, and the on/off throughput ratio;
2. WARC bytes on disk (records and their CDXJ index) per article and per response;
3. the same crawl again with ``--full`` on the capture-on archive (every page re-fetched, all
   unchanged): bytes written by crawl 2 against crawl 1, and the revisit records it wrote;
4. ``reextract`` over the archive's captures (in this process, extraction and reading only, after
   a warm-up): articles/s.

    python3 benchmarks/capture.py [--articles 300] [--latency 0.02] [--page-kb 50] [--family vsb]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.crawl_bench import FAST_SETTINGS, Measured, run_measured  # noqa: E402
from newscrawler.archive.reextract import reextract  # noqa: E402
from newscrawler.archive.store import Archive  # noqa: E402
from newscrawler.capture.index import IndexEntry  # noqa: E402
from newscrawler.replica import ReplicaServer, build_portal  # noqa: E402


def crawl(url: str, family: str, db: Path, settings: dict[str, str], *extra: str) -> Measured:
    """``newscrawler crawl`` of the portal into ``db`` as a measured child process: pages only
    (``--no-media``; benchmarks/media_bench.py weighs images and attachments)."""
    sets = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    cmd = [
        sys.executable, "-m", "newscrawler", "crawl", "--url", url, "--cms", family,
        "--db", str(db), "--jsonl", str(db.with_suffix(".jsonl")), "--json", "--no-media",
        *extra, *sets,
    ]  # fmt: skip
    done = run_measured(cmd, db.with_suffix(".log"))
    if done.exit_code:
        sys.exit(f"crawl failed ({done.exit_code}); see {db.with_suffix('.log')}")
    return done


def archived(done: Measured) -> int:
    rows = json.loads(done.stdout)
    return sum(int(r.get(k) or 0) for r in rows for k in ("new", "changed", "unchanged"))


def warc_files(directory: Path, names: set[str] | None = None) -> dict[str, float]:
    """Bytes of WARC files and of their indexes in ``directory`` (only ``names``, if given),
    and the response and revisit records those list."""
    figures = {"warc": 0.0, "index": 0.0, "responses": 0.0, "revisits": 0.0}
    for path in directory.glob("*.warc.gz"):
        if names is not None and path.name not in names:
            continue
        index = path.with_name(path.name + ".cdxj")
        figures["warc"] += path.stat().st_size
        figures["index"] += index.stat().st_size
        for line in index.read_text(encoding="utf-8").splitlines(keepends=True):
            kind = IndexEntry.parse(line).record_type
            figures["revisits" if kind == "revisit" else "responses"] += 1
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", default="vsb")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per answer")
    parser.add_argument(
        "--page-kb", type=int, default=50, help="page weight (as benchmarks/run.py)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="crawls of each kind (best kept)")
    args = parser.parse_args()
    portal = build_portal(args.family, n_articles=args.articles, page_kb=args.page_kb)
    settings = {**FAST_SETTINGS, "NEWSCRAWLER_MAX_LISTING_PAGES": str(args.articles)}
    with (
        ReplicaServer([portal], delay=args.latency) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        work, url = Path(tmp), server.url(portal) + portal.start_path
        runs: dict[str, list[tuple[Measured, int]]] = {"off": [], "on": []}
        for n in range(args.repeat):
            for kind in ("off", "on"):
                db = work / f"{kind}-{n}.db"
                extra = ("--no-warc",) if kind == "off" else ()
                done = crawl(url, portal.family, db, settings, *extra)
                runs[kind].append((done, archived(done)))
        off, off_articles = min(runs["off"], key=lambda r: r[0].seconds)
        on, on_articles = min(runs["on"], key=lambda r: r[0].seconds)
        db = work / f"on-{runs['on'].index((on, on_articles))}.db"
        warcs = Path(f"{db}.warc")
        first_names = {p.name for p in warcs.glob("*.warc.gz")}
        first = warc_files(warcs)
        again = crawl(url, portal.family, db, settings, "--full")
        second = warc_files(warcs, {p.name for p in warcs.glob("*.warc.gz")} - first_names)

        with Archive.open(db) as archive:
            reextract(archive, warcs, dry_run=True)  # warm-up: imports, profile, caches
            started = time.perf_counter()
            outcome = reextract(archive, warcs, dry_run=True)
            seconds = time.perf_counter() - started

    rate_off, rate_on = off_articles / off.seconds, on_articles / on.seconds
    print(
        f"{args.family} replica, {args.articles} articles of {args.page_kb} KB, "
        f"{args.latency * 1000:.0f} ms per answer, best of {args.repeat} crawls each"
    )
    print(f"{'crawl':<12} {'archived':>8} {'wall s':>7} {'articles/s':>10} {'CPU ms/article':>14}")
    for name, done, count in (("capture off", off, off_articles), ("capture on", on, on_articles)):
        print(
            f"{name:<12} {count:>8} {done.seconds:>7.1f} {count / done.seconds:>10.1f} "
            f"{1000 * done.cpu_seconds / max(1, count):>14.1f}"
        )
    print(f"throughput ratio on/off: {rate_on / rate_off:.2f}x")
    responses = first["responses"] + first["revisits"]
    print(
        f"WARC on disk, crawl 1: {first['warc'] / 1e6:.2f} MB + index {first['index'] / 1e6:.2f}"
        f" MB = {(first['warc'] + first['index']) / on_articles / 1024:.1f} KiB per article, "
        f"{first['warc'] / responses / 1024:.1f} KiB per response ({responses:.0f} responses)"
    )
    print(
        f"crawl 2 (--full, nothing changed, {again.seconds:.1f} s): "
        f"{second['warc'] / 1e6:.2f} MB written, {second['revisits']:.0f} revisit and "
        f"{second['responses']:.0f} response records: "
        f"{second['warc'] / first['warc']:.2f}x the bytes of crawl 1"
    )
    print(
        f"reextract: {outcome.examined} articles in {seconds:.2f} s = "
        f"{outcome.examined / seconds:.0f} articles/s ({outcome.unreadable} unreadable)"
    )


if __name__ == "__main__":
    main()
