"""Export throughput and peak memory at 10k and 100k synthetic articles.

Each export runs in a fresh Python process that reports its own peak RSS (``ru_maxrss``), so the
figures are those of one ``newscrawler export`` run. Memory should be flat between sizes: exports
stream rows (JSON Lines, CSV) or write fixed-size Parquet row groups.

Usage: python benchmarks/export_bench.py [--sizes 10000 100000] [--workdir DIR]
Prints a table and writes benchmarks/results/export_bench.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawler.archive import now_iso
from newscrawler.archive.migrations import VERSION_COLUMNS
from newscrawler.archive.store import open_archive

RESULTS = Path(__file__).parent / "results" / "export_bench.json"
FORMATS = ("jsonl", "csv", "parquet")

_CHILD = """
import json, resource, sys, time
from newscrawler.cli import cli
start = time.perf_counter()
try:
    cli.main(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
          file=sys.stderr)
"""

_EN = "Researchers at the university presented results of a joint project with partners. " * 18
_ZH = "学校与多家企业签署战略合作协议，双方将在人才培养、科学研究等方面开展合作。" * 16


def synthetic(i: int) -> dict:
    """Article ``i``: four in five English (~1.5 kB body), one in five Chinese (~600 chars)."""
    zh = i % 5 == 0
    month = f"20{15 + i % 10:02d}-{1 + i % 12:02d}"
    fetched = "2024-01-10T08:00:00+00:00"
    return {
        "url": f"https://news.example.edu/{month}/{i:07d}.htm",
        "site": f"site-{i % 7}",
        "title": f"{'学校新闻' if zh else 'University news'} {i}",
        "body": (_ZH if zh else _EN) + f"\n\n#{i}",
        "captions": json.dumps(
            [{"image_url": f"https://news.example.edu/{i}.jpg", "text": "Caption"}]
        ),
        "images": json.dumps([f"https://news.example.edu/{i}.jpg"]),
        "credits": json.dumps([{"role": "author", "label": "Draft", "name": f"Writer {i % 50}"}]),
        "topics": json.dumps(["University News", f"Topic {i % 9}"]),
        "published": f"{month}-{1 + i % 28:02d}",
        "views": i % 1000,
        "language": "zh" if zh else "en",
        "fetched_at": fetched,
        "content_hash": f"{i:064x}",
        "first_seen": fetched,
        "last_seen": fetched,
        "version": 1,
    }


def build(path: Path, size: int) -> float:
    """An archive of ``size`` synthetic articles (indexed by the real triggers); seconds taken."""
    start = time.perf_counter()
    db = open_archive(path)
    batch = 5000
    for first in range(0, size, batch):
        rows = [synthetic(i) for i in range(first, min(size, first + batch))]
        with db.conn:
            db["articles"].insert_all(rows)
            db["article_versions"].insert_all({k: r.get(k) for k in VERSION_COLUMNS} for r in rows)
    db.close()
    return time.perf_counter() - start


def measure(db: Path, fmt: str, out: Path) -> dict:
    args = ["export", "--db", str(db), "-f", fmt, "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", type=Path, help="keep the archives here (default: temp)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = options.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for size in options.sizes:
            db = work / f"bench-{size}.db"
            db.unlink(missing_ok=True)
            built = build(db, size)
            print(f"built {size} articles in {built:.1f}s ({db.stat().st_size / 1e6:.0f} MB)")
            for fmt in FORMATS:
                out = work / f"bench-{size}.{fmt}"
                run = measure(db, fmt, out)
                results.append(
                    {
                        "articles": size,
                        "format": fmt,
                        "seconds": round(run["seconds"], 2),
                        "articles_per_second": round(size / run["seconds"]),
                        "output_mb": round(out.stat().st_size / 1e6, 1),
                        "peak_rss_mb": round(run["peak_rss_mb"], 1),
                    }
                )
                out.unlink()
    header = ("articles", "format", "seconds", "articles_per_second", "output_mb", "peak_rss_mb")
    print("  ".join(f"{h:>19}" for h in header))
    for row in results:
        print("  ".join(f"{row[h]:>19}" for h in header))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": now_iso(),
                "python": platform.python_version(),
                "machine": platform.machine(),
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
