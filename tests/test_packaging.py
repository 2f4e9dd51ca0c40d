"""What `pip install .` puts in site-packages (only the `newscrawler` package), and a checkout
that is not installed at all: `cd checkout && scrapy crawl portal ...` finds its pipelines and
exports."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import zipfile

from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import REPO

#: Run in the checkout: forget any installed newscrawler (an editable install's finder, a path
#: holding another copy), say where the two top-level packages come from, then `scrapy crawl`.
UNINSTALLED_CRAWL = textwrap.dedent(
    """
    import os, sys

    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path[:] = [p for p in sys.path if not os.path.isdir(os.path.join(p or ".", "newscrawler"))]
    from scrapy.cmdline import execute

    sys.argv = ["scrapy", *sys.argv[1:]]
    import scrapy.utils.conf

    scrapy.utils.conf.init_env()  # what `scrapy` does: the project's folder onto sys.path
    import newscrawler.exports, newscrawler.pipelines

    print("FROM", newscrawler.pipelines.__file__, newscrawler.exports.__file__, flush=True)
    execute()
    """
)


def test_the_wheel_installs_pipelines_and_exports_inside_the_project_namespace(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("newscrawler-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"newscrawler"}
    assert "newscrawler/pipelines/archive.py" in names
    assert "newscrawler/exports/wacz.py" in names
    assert "newscrawler/profiles/presets/vsb.toml" in names


def test_an_uninstalled_checkout_crawls_with_its_own_pipelines(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(
        REPO, checkout,
        ignore=shutil.ignore_patterns(".git", "tests", "benchmarks", "build", "*.egg-info", "__pycache__", "*.db*"),
    )  # fmt: skip
    portal = build_portal("webplus")
    db = tmp_path / "archive.db"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    with ReplicaServer([portal]) as server:
        proc = subprocess.run(
            [sys.executable, "-c", UNINSTALLED_CRAWL, "crawl", "portal",
             "-a", f"url={server.url(portal) + portal.start_path}", "-a", "cms=webplus",
             "-s", f"NEWSCRAWLER_DB={db}", "-s", f"NEWSCRAWLER_JSONL={tmp_path / 'out.jsonl'}",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "NEWSCRAWLER_PROFILE_POLITENESS=False", "-s", "LOG_LEVEL=WARNING"],
            cwd=checkout, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split()[:3] == [
        "FROM",
        str(checkout / "pipelines" / "__init__.py"),
        str(checkout / "exports" / "__init__.py"),
    ]
    with sqlite3.connect(db) as conn:
        urls = {url for (url,) in conn.execute("select url from articles")}
        (status,) = conn.execute("select status from crawls").fetchone()
    assert urls == {server.url(portal) + path for path in portal.expected()}
    assert status == "finished"
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == len(urls)
