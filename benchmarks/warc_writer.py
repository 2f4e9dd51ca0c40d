"""The WARC writer alone: CPU, wall time and bytes per record for real pages, made durable.

    python3 benchmarks/warc_writer.py --pages DIR [--limit 600] [--batch 64]

Writes each ``*.htm``/``*.html`` file under ``DIR`` (e.g. a static dump of a replica portal made
by ``serve.py``, in ``~/.cache/newscrawler-bench``) as a response record pair and makes them
durable as the crawl does: in batches of ``--batch`` with one ``fsync`` each (group commit). An
older checkout's writer, which has no ``prepare``, is driven as its middleware drove it: write,
flush and ``fsync`` per record — so running this file with ``PYTHONPATH`` pointing at an older
checkout gives the before figure. CPU time is the process's (all threads).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from newscrawler.capture.warc import CaptureWriter, Exchange


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    files = sorted(p for p in args.pages.rglob("*.htm*") if p.is_file())[: args.limit]
    exchanges = [
        Exchange(
            f"http://127.0.0.1/{i}",
            "GET",
            [("User-Agent", "bench")],
            200,
            "OK",
            [("Content-Type", "text/html")],
            path.read_bytes(),
        )  # fmt: skip
        for i, path in enumerate(files)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        writer = CaptureWriter(tmp)
        writer.open()
        cpu, wall = time.process_time(), time.perf_counter()
        if hasattr(writer, "prepare"):
            for start in range(0, len(exchanges), args.batch):
                writer.commit([writer.prepare(e) for e in exchanges[start : start + args.batch]])
        else:  # an older writer: one fsync per record
            for exchange in exchanges:
                writer.write(exchange)
                os.fsync(writer.flush())
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        writer.close()
        size = sum(p.stat().st_size for p in Path(tmp).glob("*.warc.gz"))
    n = len(exchanges)
    print(
        f"{n} records of {sum(len(e.body) for e in exchanges) / n / 1024:.1f} KiB:"
        f" CPU {1000 * cpu / n:.2f} ms/record, wall {1000 * wall / n:.2f} ms/record,"
        f" {size / n / 1024:.1f} KiB/record on disk"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
