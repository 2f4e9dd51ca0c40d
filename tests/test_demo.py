"""The main job on the bundled default: `newscrawler demo` works offline, and twice."""

from __future__ import annotations

import json

from newscrawler.archive import open_archive
from newscrawler.replica import FAMILIES
from tests.conftest import read_jsonl, run_cli


def test_demo_archives_every_replica_portal_and_a_second_run_adds_nothing(tmp_path):
    first = run_cli("demo", "--json", cwd=tmp_path, timeout=180)
    assert first.returncode == 0, first.stderr[-3000:]
    rows = json.loads(first.stdout)
    assert {r["site"] for r in rows} == {
        "ustb-en" if f == "ustb-en" else f"demo-{f}" for f in FAMILIES
    }
    assert all(r["status"] == "finished" and r["new"] == r["articles"] == 12 for r in rows)
    second = json.loads(run_cli("demo", "--json", cwd=tmp_path, timeout=180).stdout)
    assert [(r["new"], r["changed"], r["articles"]) for r in second] == [(0, 0, 12)] * len(rows)
    with open_archive(tmp_path / "archive.db") as db:
        assert db["articles"].count == 12 * len(FAMILIES)
    assert len(read_jsonl(tmp_path / "archive.jsonl")) == 12 * len(FAMILIES)


def test_demo_table_names_the_archive_and_how_to_query_it(tmp_path):
    result = run_cli("demo", "--db", "d.db", "--jsonl", "d.jsonl", cwd=tmp_path, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ustb-en" in result.stdout and "Archive: d.db" in result.stdout
    assert (tmp_path / "d.jsonl").stat().st_size > 0
