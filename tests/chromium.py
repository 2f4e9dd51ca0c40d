"""Headless Chromium for the browser tests (Debian's ``chromium`` package; skipped without it)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)


def run(*args: str, timeout: float = 60) -> str:
    """Run headless Chromium with a throw-away profile; returns its stdout."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    return done.stdout


def dump_dom(url: str) -> str:
    """The page's DOM after it loaded."""
    return run("--dump-dom", url)


def screenshot(url: str, path: Path, size: str = "1000,1400") -> Path:
    run(f"--screenshot={path}", f"--window-size={size}", url)
    return path
