"""The capture benchmark runs end to end on a tiny portal and prints every figure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_capture_benchmark_prints_every_figure_and_the_revisit_saving():
    cmd = [
        sys.executable, str(ROOT / "benchmarks" / "capture.py"),
        "--articles", "12", "--repeat", "1", "--page-kb", "20", "--latency", "0",
    ]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert re.search(r"capture off +12 ", out) and re.search(r"capture on +12 ", out)
    assert re.search(r"throughput ratio on/off: \d+\.\d\dx", out)
    assert re.search(r"KiB per article, \d+\.\d KiB per response", out)
    saving = re.search(r"(\d+) revisit and (\d+) response records: (\d+\.\d+)x", out)
    assert saving and int(saving[1]) > 0 and float(saving[3]) < 1
    assert re.search(r"reextract: 12 articles in .* articles/s \(0 unreadable\)", out)
