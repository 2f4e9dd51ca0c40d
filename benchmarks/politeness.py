"""Request gaps a portal sees: crawl a replica with a profile's ``download_delay`` at the project's
default settings (AutoThrottle on, Scrapy's 0.5-1.5x jitter) and print the gaps between request
arrivals at the server.

    python3 benchmarks/politeness.py --delay 2.5 --pages 12
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawler.replica import ReplicaServer, build_portal  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=2.5, help="profile download_delay (s)")
    parser.add_argument("--pages", type=int, default=12, help="pages crawled before stopping")
    args = parser.parse_args()
    portal = build_portal("wordpress", n_articles=40)
    with tempfile.TemporaryDirectory() as work, ReplicaServer([portal]) as server:
        profiles = Path(work, "profiles")
        profiles.mkdir()
        (profiles / "polite.toml").write_text(
            f'cms = "wordpress"\nstart_urls = ["{server.url(portal)}{portal.start_path}"]\n'
            f"[crawl]\ndownload_delay = {args.delay}\n"
        )
        subprocess.run(
            [sys.executable, "-m", "newscrawler", "crawl", "polite",
             "-s", f"CLOSESPIDER_PAGECOUNT={args.pages}", "-s", "CONCURRENT_REQUESTS=2",
             "-s", "LOG_LEVEL=WARNING"],
            cwd=work,
            env={**os.environ, "PYTHONPATH": str(ROOT), "NEWSCRAWLER_PROFILES": str(profiles)},
            capture_output=True,
            check=False,
        )  # fmt: skip
        arrivals = [started for started, _, _ in server.request_log(portal)]
    gaps = [b - a for a, b in pairwise(arrivals)]
    if not gaps:
        sys.exit("the crawl made fewer than two requests")
    print(
        f"download_delay {args.delay} s, {len(arrivals)} requests: gaps min {min(gaps):.2f} s,"
        f" mean {sum(gaps) / len(gaps):.2f} s, max {max(gaps):.2f} s"
    )


if __name__ == "__main__":
    main()
