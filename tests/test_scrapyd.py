"""Deploying to Scrapyd, the Scrapy job server: a real scrapyd on 127.0.0.1, a real
``scrapyd-deploy`` through scrapy.cfg, a crawl of a replica portal scheduled over the HTTP API."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from newscrawler.archive.store import open_archive
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import REPO

pytest.importorskip("scrapyd")
SCRAPYD_DEPLOY = shutil.which("scrapyd-deploy")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\npoll_interval = 0.5\nmax_proc = 2\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=home,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            api(base, "daemonstatus.json")
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("scrapyd did not start")
            time.sleep(0.2)
    yield base, home
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.skipif(SCRAPYD_DEPLOY is None, reason="scrapyd-client is not installed")
def test_deploy_schedule_and_find_the_articles_in_the_archive(scrapyd, tmp_path):
    base, home = scrapyd
    project = tmp_path / "project"
    shutil.copytree(
        REPO, project,
        ignore=shutil.ignore_patterns(".git", "tests", "benchmarks", "build", "*.egg-info", "__pycache__", "*.db*"),
    )  # fmt: skip
    cfg = (project / "scrapy.cfg").read_text().replace("http://127.0.0.1:6800/", f"{base}/")
    (project / "scrapy.cfg").write_text(cfg)
    deploy = subprocess.run(
        [SCRAPYD_DEPLOY, "-v", "1"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    listed = api(base, "listspiders.json?project=newscrawler")
    assert listed.get("spiders") == ["portal"], listed

    portal = build_portal("webplus")
    db = tmp_path / "archive.db"
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        job = api(
            base,
            "schedule.json",
            [
                ("project", "newscrawler"),
                ("spider", "portal"),
                ("url", start),
                ("cms", "webplus"),
                ("setting", f"NEWSCRAWLER_DB={db}"),
                ("setting", f"NEWSCRAWLER_JSONL={tmp_path / 'archive.jsonl'}"),
                ("setting", "DOWNLOAD_DELAY=0"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
                ("setting", "NEWSCRAWLER_PROFILE_POLITENESS=False"),
            ],  # fmt: skip
        )
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 120
        while True:
            jobs = api(base, "listjobs.json?project=newscrawler")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            assert time.monotonic() < deadline, jobs
            time.sleep(0.5)
    log = next((home / "logs").rglob("*.log")).read_text()
    with open_archive(db) as archive:
        urls = {row["url"] for row in archive["articles"].rows}
        (crawl,) = list(archive["crawls"].rows)
    assert urls == {server.url(portal) + path for path in portal.expected()}, log[-3000:]
    assert crawl["status"] == "finished"
