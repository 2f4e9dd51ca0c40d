"""Bad input on the command line: one line saying what is wrong and what to do, exit code 2,
no traceback, and nothing written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.archive.store import open_archive
from newscrawler.cli import cli
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli

BAD_ID_PROFILE = 'id = 5\ncms = "vsb"\nstart_urls = ["https://news.example.edu.cn/xwzx.htm"]\n'


def make_archive(path: Path) -> Path:
    """A small real archive with one crawl of ``ustb-en`` and enough rows to span many pages."""
    with open_archive(path) as db:
        db["crawls"].insert({"site": "ustb-en", "started_at": "2024-01-01T00:00:00+00:00"})
        db["articles"].insert_all(
            {"url": f"https://a.edu/{i}", "site": "ustb-en", "title": f"t{i}", "body": "x" * 500}
            for i in range(200)
        )
    return path


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A working folder with a good archive, a text file posing as one, a truncated archive and
    a folder holding a profile whose id is a number."""
    monkeypatch.chdir(tmp_path)
    make_archive(tmp_path / "good.db")
    (tmp_path / "text.db").write_text("id,title\n1,hello\n", encoding="utf-8")
    truncated = make_archive(tmp_path / "cut.db")
    os.truncate(truncated, truncated.stat().st_size // 2)
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "bad-id.toml").write_text(BAD_ID_PROFILE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["runs", "--db", "text.db"], "text.db is not a SQLite archive"),
        (["search", "hello", "--db", "text.db"], "text.db is not a SQLite archive"),
        (["export", "--db", "text.db", "-o", "out.csv"], "text.db is not a SQLite archive"),
        (["crawl", "ustb-en", "--db", "text.db"], "text.db is not a SQLite archive"),
        (["runs", "--db", "cut.db"], "cut.db is truncated"),
        (["crawl", "ustb-en", "--db", "cut.db"], "cut.db is truncated"),
        (["report", "--db", "cut.db", "-o", "r.html"], "cut.db is truncated"),
        (["crawl", "ustb-en", "--db", "nowhere/archive.db"], "folder nowhere does not exist"),
        (["crawl", "ustb-en", "--db", "/proc/archive.db"], "/proc/archive.db"),
        (["crawl", "ustb-en", "--jsonl", "nowhere/a.jsonl"], "folder nowhere does not exist"),
        (["crawl", "--url", "notaurl"], "'notaurl' is not an http(s) URL"),
        (["crawl", "--url", "file:///etc/passwd"], "'file:///etc/passwd' is not an http(s) URL"),
        (
            ["crawl", "ustb-en", "--start-url", "file:///etc/passwd"],
            "--start-url: 'file:///etc/passwd' is not an http(s) URL",
        ),
        (["crawl", "bad-id"], "key 'id': must be a string"),
        (["export", "--db", "good.db", "--site", "nope", "-o", "o.jsonl"], "no site 'nope'"),
        (["search", "t1", "--db", "good.db", "--site", "nope"], "no site 'nope' in good.db"),
        (["runs", "--db", "good.db", "--site", "nope"], "(sites there: ustb-en)"),
        (["runs", "--db", "none.db"], "no archive at none.db"),
        (["search", " ", "--db", "good.db"], "empty search query"),
    ],
)
def test_bad_input_is_one_clear_line_exit_2_and_nothing_written(work, monkeypatch, args, message):
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(work / "profiles"))
    before = files_in(work)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert files_in(work) == before


@pytest.mark.parametrize("sites", [["ustb-en"], ["--all"], ["--due"]])
def test_crawl_url_with_sites_is_refused_rather_than_crawling_only_the_url(work, sites):
    before = files_in(work)
    result = CliRunner().invoke(cli, ["crawl", *sites, "--url", "http://127.0.0.1:1/x.htm"])
    assert result.exit_code == 2, result.output
    assert "--url crawls one portal without a profile" in result.output
    assert files_in(work) == before


def test_a_real_process_prints_no_traceback_for_a_file_posing_as_an_archive(tmp_path):
    (tmp_path / "archive.db").write_bytes(b"PK\x03\x04 not a database at all")
    result = run_cli("search", "word", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: archive.db is not a SQLite archive: pass --db with a newscrawler archive, "
        "or a new file name to start one"
    ]
    assert result.stdout == ""


def test_a_damaged_archive_is_one_line_and_leaves_no_half_written_export(tmp_path):
    damaged = make_archive(tmp_path / "archive.db")  # a whole file, with garbage inside
    with damaged.open("r+b") as fh:
        for offset in range(3 * 4096, damaged.stat().st_size, 3 * 4096):
            fh.seek(offset)
            fh.write(b"\xde\xad" * 1000)
    before = files_in(tmp_path)
    result = run_cli("export", "-o", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: the archive cannot be used: database disk image is malformed (check --db names "
        "a newscrawler archive; restore a damaged one from a backup)"
    ]
    assert files_in(tmp_path) == before


def test_a_read_only_archive_is_refused_before_the_crawl(tmp_path):
    db = make_archive(tmp_path / "archive.db")
    db.chmod(0o444)
    before = files_in(tmp_path)
    # root may write to any file: drop that privilege from the command then.
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv to drop the override of file modes")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "newscrawler", "crawl", "--url",
         "http://127.0.0.1:9/x.htm", "--db", str(db), *LOCAL],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "archive.db is read-only" in proc.stderr and "Traceback" not in proc.stderr
    assert files_in(tmp_path) == before


def test_one_invalid_profile_is_reported_and_the_others_still_listed(tmp_path, monkeypatch):
    (tmp_path / "bad-id.toml").write_text(BAD_ID_PROFILE, encoding="utf-8")
    (tmp_path / "mine.toml").write_text(
        'cms = "vsb"\nstart_urls = ["https://news.example.edu.cn/xwzx.htm"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(tmp_path))
    result = CliRunner().invoke(cli, ["sites"])
    assert result.exit_code == 2
    assert "skipped an invalid profile" in result.output and "bad-id.toml" in result.output
    assert "mine " in result.output and "ustb-en" in result.output
    assert "Traceback" not in result.output


def test_crawl_due_skips_an_invalid_profile_and_crawls_the_others(tmp_path):
    portal = build_portal("vsb", n_articles=5)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "bad-id.toml").write_text(BAD_ID_PROFILE + 'every = "1h"\n', encoding="utf-8")
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        (profiles / "mine.toml").write_text(
            f'cms = "vsb"\nevery = "1h"\nstart_urls = ["{start}"]\n', encoding="utf-8"
        )
        proc = subprocess.run(
            [sys.executable, "-m", "newscrawler", "crawl", "--due", "mine", "bad-id", *LOCAL],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWLER_PROFILES": str(profiles)},
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "skipped an invalid profile" in proc.stderr and "bad-id.toml" in proc.stderr
    assert "Traceback" not in proc.stderr
    with open_archive(tmp_path / "archive.db") as db:
        assert db.execute("select count(*) from articles where site = 'mine'").fetchone()[0] == 5


def test_crawl_all_reports_invalid_profiles_and_crawls_the_valid_one(tmp_path):
    from newscrawler.profiles.loader import SITES_DIR

    profiles = tmp_path / "profiles"
    profiles.mkdir()
    # Every bundled profile is hidden by an invalid one of the same name (so nothing goes to the
    # internet); only "mine" is valid.
    bundled = sorted(p.name for p in SITES_DIR.iterdir() if p.name.endswith(".toml"))
    for name in bundled:
        (profiles / name).write_text('cms = "vsb"\nstart_urls = ["x"]\n', encoding="utf-8")
    portal = build_portal("vsb", n_articles=5)
    with ReplicaServer([portal]) as server:
        start = server.url(portal) + portal.start_path
        (profiles / "mine.toml").write_text(
            f'cms = "vsb"\nstart_urls = ["{start}"]\n', encoding="utf-8"
        )
        proc = subprocess.run(
            [sys.executable, "-m", "newscrawler", "crawl", "--all", "--json", *LOCAL],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWLER_PROFILES": str(profiles)},
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.count("Error: skipped an invalid profile") == len(bundled)
    assert "Traceback" not in proc.stderr
    (row,) = json.loads(proc.stdout)
    assert (row["site"], row["status"], row["new"]) == ("mine", "finished", 5)
