"""The benchmark harness keeps working: one tiny run end to end (figures are not asserted)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("trafilatura", reason="the benchmark compares with trafilatura")


def test_tiny_benchmark_run_writes_every_figure(tmp_path):
    server = "nginx" if shutil.which("nginx") else "python"
    # fmt: off
    cmd = [
        sys.executable, str(ROOT / "benchmarks" / "run.py"),
        "--crawl-size", "60", "--sizes", "30,60", "--page-kb", "30", "--server", server,
        "--extraction-pages", "10", "--storage-items", "100", "--archive-rows", "2000",
        "--cache", str(tmp_path / "cache"), "--workdir", str(tmp_path / "work"),
        "--results", str(tmp_path / "results"),
    ]
    # fmt: on
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    figures = {f["key"]: f for f in results["figures"]}
    for key in (
        "crawl.ratio",
        "extraction.speedup",
        "storage.ratio",
        "storage.growth",
        "incremental.pages",
        "incremental.time",
        "memory.crawl.growth",
    ):
        assert figures[key]["value"] is not None, key
    assert set(results["exit_codes"].values()) == {0}
    assert figures["crawl.ours.articles_per_s"]["value"] > 0
    assert "crawl throughput ours/bare" in done.stdout
