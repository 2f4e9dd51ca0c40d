"""Distributed crawling: throughput with 1, 2 and 4 workers, and machines for 3,000 portals.

Replica portals answer after a fixed latency (``--latency``, as real portals do: the crawl is I/O
bound), each portal's politeness is the cluster's (``--delay`` between request starts per portal,
``--concurrency`` in flight), and one ingester writes the archive. For each worker count the
script starts a fresh redis-server, enqueues every portal, runs the workers and the ingester as
real processes, and reports articles archived per second (wall time from the first worker's start
to the ingester's last commit) and CPU seconds per article (workers + ingester, from ``wait4``).
The baseline is the same crawl with one worker: the speed-up column is against it.

Then it estimates the machines needed to re-check 3,000 portals every day from the measured CPU
per article and the politeness delay (``--daily-pages`` pages per portal per day).

With capture on (the default; ``--no-warc`` turns it off) it also reports the WARC bytes the
ingester wrote per article archived.

    python3 benchmarks/cluster.py [--portals 6] [--articles 40] [--latency 0.05] [--no-warc]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawler.replica import ReplicaServer, build_portal  # noqa: E402

FAMILIES = ("vsb", "webplus", "wordpress", "drupal")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def cli(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawler", *args], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def cpu_of(proc: subprocess.Popen) -> float:
    """Wait for ``proc``; its user + system CPU seconds."""
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_utime + usage.ru_stime


def run(workers: int, portals, server, args, work: Path) -> dict[str, float]:
    redis, url = start_redis(work)
    try:
        for portal in portals:
            cli("enqueue", "--url", server.url(portal) + portal.start_path, "--cms",
                portal.family, "--redis", url, cwd=work).wait()  # fmt: skip
        sets = ["-s", f"NEWSCRAWLER_CLUSTER_DELAY={args.delay}",
                "-s", f"NEWSCRAWLER_CLUSTER_CONCURRENCY={args.concurrency}",
                "-s", f"CONCURRENT_REQUESTS={args.worker_concurrency}",
                "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
        started = time.monotonic()
        if args.no_warc:
            sets.append("--no-warc")
        procs = [cli("worker", "--redis", url, "--idle-exit", "3", *sets, cwd=work)
                 for _ in range(workers)]  # fmt: skip
        ingester = cli("ingest", "--redis", url, "--db", "bench.db", "--idle-exit", "3", cwd=work)
        cpu = sum(cpu_of(p) for p in procs)
        cpu += cpu_of(ingester)
        with sqlite3.connect(work / "bench.db") as db:
            articles = db.execute("select count(*) from articles").fetchone()[0]
        # The idle waits (workers and ingester) are not crawling: take them off the wall time.
        wall = time.monotonic() - started - 3 - 3
        warc = sum(f.stat().st_size for f in (work / "bench.db.warc").glob("*.warc.gz"))
        return {"articles": articles, "wall": wall, "cpu": cpu, "warc": warc}
    finally:
        redis.terminate()
        redis.wait()
        (work / "bench.db").unlink(missing_ok=True)
        for extra in work.glob("bench.*"):
            if extra.is_dir():
                shutil.rmtree(extra)
            else:
                extra.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", type=int, default=6)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per answer")
    parser.add_argument(
        "--delay", type=float, default=0.1, help="seconds between a portal's requests"
    )
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument(
        "--worker-concurrency",
        type=int,
        default=16,
        help="requests in flight per worker (CONCURRENT_REQUESTS)",
    )
    parser.add_argument(
        "--no-warc", action="store_true", help="workers send no WARC captures (worker --no-warc)"
    )
    parser.add_argument(
        "--daily-pages",
        type=int,
        default=60,
        help="pages a portal costs per daily re-check (listings + new articles)",
    )
    parser.add_argument(
        "--portal-delay",
        type=float,
        default=1.0,
        help="a real portal's politeness delay, for the estimate",
    )
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not installed (Debian package redis-server)")
    portals = [build_portal(FAMILIES[i % len(FAMILIES)], n_articles=args.articles, seed=i)
               for i in range(args.portals)]  # fmt: skip
    expected = sum(len(p.expected()) for p in portals)
    rows = []
    with ReplicaServer(portals, delay=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.workers.split(",")):
            rows.append((n, run(n, portals, server, args, Path(tmp))))
    base = rows[0][1]["articles"] / rows[0][1]["wall"]
    print(
        f"{args.portals} portals x {args.articles} articles ({expected} to archive), "
        f"{args.latency * 1000:.0f} ms per answer, {args.delay} s between a portal's requests, "
        f"{args.concurrency} in flight per portal, WARC capture {'off' if args.no_warc else 'on'}"
    )
    print(f"{'workers':>7} {'archived':>8} {'wall s':>7} {'articles/s':>10} {'speed-up':>8} "
          f"{'CPU ms/article':>14} {'WARC KB/article':>15}")  # fmt: skip
    for n, r in rows:
        rate = r["articles"] / r["wall"]
        print(f"{n:>7} {r['articles']:>8} {r['wall']:>7.1f} {rate:>10.1f} {rate / base:>8.2f}x "
              f"{1000 * r['cpu'] / max(1, r['articles']):>14.1f} "
              f"{r['warc'] / 1024 / max(1, r['articles']):>15.1f}")  # fmt: skip
    cpu_ms = min(1000 * r["cpu"] / max(1, r["articles"]) for _, r in rows)
    pages = 3000 * args.daily_pages
    cpu_hours = pages * cpu_ms / 1000 / 3600
    polite_hours = args.daily_pages * args.portal_delay / 3600
    print()
    print(
        f"Estimate for 3,000 portals re-checked daily, {args.daily_pages} pages each "
        f"({pages:,} pages a day):"
    )
    print(
        f"  CPU: {pages:,} x {cpu_ms:.0f} ms = {cpu_hours:.1f} CPU-hours a day "
        f"= {cpu_hours / 24:.2f} cores busy all day"
    )
    print(
        f"  politeness: one portal needs {polite_hours * 60:.1f} min a day at "
        f"{args.portal_delay} s per request; portals run side by side, so this bounds a "
        f"portal's own crawl time, not the cluster's"
    )
    print(
        f"  => {max(1, round(cpu_hours / 24 / 1.5 + 0.49))} machine(s) of 2 cores at 75% "
        f"(workers), plus one ingester"
    )


if __name__ == "__main__":
    main()
