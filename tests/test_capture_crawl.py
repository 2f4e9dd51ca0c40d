"""A crawl keeps every exchange in WARC files; the archive packs them as a WACZ for replay."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.request import urlopen

import pytest

from newscrawler.archive.store import open_archive
from tests.conftest import LOCAL, run_cli, warc_index
from tests.wacz_check import validate_wacz


@pytest.fixture(scope="module")
def captured(portals, replica, tmp_path_factory):
    """The vsb replica crawled once with capture on: (work dir, base URL, portal)."""
    portal = portals["vsb"]
    base = replica.url(portal)
    work = tmp_path_factory.mktemp("capture")
    result = run_cli("crawl", "--url", base + portal.start_path, "--cms", "vsb", *LOCAL, cwd=work)
    assert result.returncode == 0, result.stderr[-2000:]
    return work, base, portal


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_fetched_page_has_a_response_and_a_request_record(captured):
    work, base, _ = captured
    files = sorted((work / "archive.db.warc").glob("*.warc.gz"))
    assert files, "no WARC file written"
    records = [r for f in files for r in warc_index(f)]
    responses = {r["warc-target-uri"] for r in records if r["warc-type"] == "response"}
    requests = {r["warc-target-uri"] for r in records if r["warc-type"] == "request"}
    assert responses == requests
    with open_archive(work / "archive.db") as db:
        articles = {row["url"] for row in db.query("select url from articles")}
    assert articles and articles <= responses
    assert base + "/robots.txt" in responses
    statuses = {r.get("http:status") for r in records if r["warc-type"] == "response"}
    assert {"200", "404", "500"} <= statuses  # error answers are kept too
    for path in files:
        check = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True
        )
        assert check.returncode == 0


def test_wacz_export_validates_and_lists_the_articles_as_pages(captured):
    work, _, _ = captured
    result = run_cli("export", "-o", "out.wacz", cwd=work)
    assert result.returncode == 0, result.stderr
    validate_wacz(work / "out.wacz")
    with zipfile.ZipFile(work / "out.wacz") as wacz:
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        cdx = gzip.decompress(wacz.read("indexes/index.cdx.gz")).decode()
    with open_archive(work / "archive.db") as db:
        articles = {row["url"] for row in db.query("select url from articles")}
    assert {p["url"] for p in pages[1:]} == articles
    assert all(p["ts"].endswith("Z") for p in pages[1:])
    assert all(url.split("//", 1)[1].split("/", 1)[1] in cdx for url in articles)


def test_wacz_export_without_captures_is_a_clear_error(tmp_path, portals, replica):
    portal = portals["wordpress"]
    start = replica.url(portal) + portal.start_path
    crawl = run_cli(
        "crawl", "--url", start, "--cms", "wordpress", *LOCAL, "-s", "NEWSCRAWLER_WARC=False",
        cwd=tmp_path,
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert not (tmp_path / "archive.db.warc").exists()
    result = run_cli("export", "-o", "out.wacz", cwd=tmp_path)
    assert result.returncode == 1
    assert "no WARC files" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.wacz").exists()


def pywb_bin() -> Path | None:
    """Where pywb's ``wb-manager`` and ``wayback`` are: ``$PYWB_BIN`` or the PATH (pywb pins
    old libraries, so .ci/run installs it in a venv of its own and sets ``PYWB_BIN``)."""
    configured = os.environ.get("PYWB_BIN")
    if configured and (Path(configured) / "wayback").exists():
        return Path(configured)
    found = shutil.which("wayback")
    return Path(found).parent if found else None


def test_pywb_replays_an_archived_article_from_the_wacz(captured):
    bin_dir = pywb_bin()
    if bin_dir is None:
        pytest.skip("pywb is not installed (set PYWB_BIN to a venv's bin with pywb)")
    work, _, _ = captured
    assert run_cli("export", "-o", "replay.wacz", cwd=work).returncode == 0
    home = work / "pywb"
    home.mkdir()
    subprocess.run(
        [bin_dir / "wb-manager", "init", "news"], cwd=home, check=True, capture_output=True
    )
    subprocess.run(
        [bin_dir / "wb-manager", "add", "--unpack-wacz", "news", work / "replay.wacz"],
        cwd=home, check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [bin_dir / "wayback", "-p", str(port), "-b", "127.0.0.1"],
        cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with open_archive(work / "archive.db") as db:
            url, title = db.execute(
                "select url, title from articles order by url limit 1"
            ).fetchone()
        body = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urlopen(f"http://127.0.0.1:{port}/news/2000id_/{url}", timeout=5) as answer:
                    body = answer.read()
                break
            except OSError:
                time.sleep(0.2)
        assert title in body.decode("gbk", errors="replace")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_version_resolves_to_its_record_and_re_extracts_to_the_stored_item(captured):
    from newscrawler.capture.version import EXTRACTOR_VERSION
    from newscrawler.capture.warc import read_record
    from newscrawler.extraction import extract_article
    from newscrawler.profiles import profile_for_url

    work, base, portal = captured
    profile = profile_for_url(base + portal.start_path, "vsb")
    with open_archive(work / "archive.db") as db:
        versions = list(db.query("select * from article_versions"))
    assert versions
    for version in versions:
        assert version["extractor_version"] == EXTRACTOR_VERSION
        record = read_record(work / "archive.db.warc", version["warc_file"], version["warc_offset"])
        assert record.warc_headers["WARC-Record-ID"] == version["warc_record_id"]
        assert record.record_type == "response" and record.url == version["url"]
        content_type = dict(record.http_headers).get("Content-Type")
        again = extract_article(record.url, record.payload, profile, content_type=content_type).item
        for field in ("title", "body", "published", "content_hash"):
            assert again[field] == version[field], (version["url"], field)


def test_show_prints_the_item_its_versions_and_the_raw_capture(captured):
    work, base, portal = captured
    with open_archive(work / "archive.db") as db:
        url, title = db.execute("select url, title from articles order by url limit 1").fetchone()
    shown = run_cli("show", url, "--json", cwd=work)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["article"]["title"] == title
    assert [v["version"] for v in data["versions"]] == [1]
    raw = run_cli("show", url, "--raw", cwd=work)
    assert raw.returncode == 0, raw.stderr
    assert f"<h1>{title}</h1>" in raw.stdout  # decoded from the page's own charset (GBK)
    missing = run_cli("show", base + "/nowhere.htm", cwd=work)
    assert missing.returncode == 2 and "not in" in missing.stderr
