"""The main job on the bundled default: `newscrawler demo` works offline, and twice, in an
archive of its own."""

from __future__ import annotations

import json
import socket

from newscrawler.archive.store import open_archive
from newscrawler.replica import FAMILIES
from tests.conftest import read_jsonl, run_cli


def test_demo_archives_every_replica_portal_and_a_second_run_adds_nothing(tmp_path):
    first = run_cli("demo", "--json", cwd=tmp_path, timeout=180)
    assert first.returncode == 0, first.stderr[-3000:]
    rows = json.loads(first.stdout)
    assert {r["site"] for r in rows} == {f"demo-{f}" for f in FAMILIES}
    assert all(r["status"] == "finished" and r["new"] == r["articles"] == 12 for r in rows)
    second = json.loads(run_cli("demo", "--json", cwd=tmp_path, timeout=180).stdout)
    assert [(r["new"], r["changed"], r["articles"]) for r in second] == [(0, 0, 12)] * len(rows)
    with open_archive(tmp_path / "demo.db") as db:
        assert db["articles"].count == 12 * len(FAMILIES)
    assert len(read_jsonl(tmp_path / "demo.jsonl")) == 12 * len(FAMILIES)


def test_demo_never_touches_the_archive_a_real_crawl_uses(tmp_path):
    result = run_cli("demo", "--port", "0", cwd=tmp_path, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "archive.db").exists() and not (tmp_path / "archive.jsonl").exists()
    assert (tmp_path / "demo.db").exists() and (tmp_path / "demo.db.log").exists()
    assert result.stderr == ""  # quiet: Scrapy's log is in demo.db.log


def test_demo_names_its_archive_and_the_commands_to_try_next(tmp_path):
    result = run_cli("demo", "--db", "d.db", "--jsonl", "d.jsonl", "--port", "0", cwd=tmp_path,
                     timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "demo-ustb-en" in result.stdout and "Archive: d.db" in result.stdout
    assert (tmp_path / "d.jsonl").stat().st_size > 0
    steps = result.stdout.split("Next, try:")[1]
    for command in ("search", "runs", "export", "report", "serve", "replica university", "add"):
        assert f"newscrawler {command} " in steps
    assert "--db d.db" in steps
    # The suggested commands work on the demo's archive.
    search = run_cli("search", "学校", "--db", "d.db", "--json", cwd=tmp_path)
    assert search.returncode == 0 and json.loads(search.stdout)
    runs = run_cli("runs", "--db", "d.db", "--site", "demo-vsb", "--json", cwd=tmp_path)
    assert [r["site"] for r in json.loads(runs.stdout)] == ["demo-vsb"]
    (feed,) = [line.split()[1:] for line in steps.splitlines() if "-f atom" in line]
    exported = run_cli(*feed, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "exported 12 articles as atom" in exported.stderr
    assert (tmp_path / "demo-vsb.atom").read_bytes().count(b"<entry>") == 12


def test_demo_refuses_a_taken_port_rather_than_archive_the_portals_under_new_urls(tmp_path):
    """On other ports every URL would differ from the last run's: all new, not incremental."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("demo", "--port", str(port), cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"port {port} is taken" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "demo.jsonl").exists()
