"""Shared fixtures: replica portals served over real HTTP, and the CLI run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscrawler.replica import FAMILIES, ReplicaServer, build_portal

REPO = Path(__file__).resolve().parent.parent

#: A replica is local: no politeness delays, quiet logs.
LOCAL = [
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "NEWSCRAWLER_PROFILE_POLITENESS=False",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "-s", "LOG_LEVEL=WARNING",
]  # fmt: skip


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> CliResult:
    """Run ``newscrawler ARGS`` in a fresh Python process (its own Twisted reactor)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "newscrawler", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def portals():
    """One replica portal per family (default size), keyed by family."""
    return {family: build_portal(family) for family in FAMILIES}


@pytest.fixture(scope="session")
def replica(portals):
    with ReplicaServer(list(portals.values())) as server:
        yield server


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def warc_index(path: Path) -> list[dict]:
    """``warcio index`` of the WARC file ``path`` (run as its own command-line tool): one dict
    per record with ``warc-type``, ``warc-target-uri`` and ``http:status``."""
    done = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", "-f",
         "warc-type,warc-target-uri,http:status", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [json.loads(line) for line in done.stdout.splitlines()]
