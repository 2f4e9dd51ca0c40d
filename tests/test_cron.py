"""A cron job that tells the truth: the README's cron line under `env -i`, profiles found through
newscrawler.toml, bundled examples skipped, timestamped summaries, failures with their cause,
back-off and `newscrawler health` — against replica portals over real HTTP."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest

from newscrawler.archive.store import open_archive
from newscrawler.profiles import list_profiles
from newscrawler.replica import ReplicaServer, build_portal
from newscrawler.reports.health import BACKOFF_CAP, retry_delay, site_state
from tests.conftest import LOCAL, REPO, run_cli
from tests.test_schedule_and_runs import add_run

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 ")
LOCAL_TOML = """
[settings]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
NEWSCRAWLER_PROFILE_POLITENESS = false
LOG_LEVEL = "WARNING"
"""


def readme_cron_line() -> str:
    """The command of the README's crawl cron line (after the five time fields)."""
    text = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"```cron\n(.*?crawl --due.*?)\n```", text, re.S)
    assert block, "the README has a cron block with `crawl --due`"
    return block.group(1).split(None, 5)[5]


def console_script(path) -> None:
    """What pip writes as a virtual environment's `newscrawler` script (a Python shebang and the
    entry point), importing this checkout."""
    path.write_text(
        f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(REPO)!r})\n"
        "from newscrawler.cli import cli\nsys.exit(cli())\n"
    )
    path.chmod(0o755)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_profile(folder, site_id, url, every="1h") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{site_id}.toml").write_text(
        f'cms = "vsb"\nstart_urls = ["{url}"]\nevery = "{every}"\n'
    )


def test_the_readme_cron_line_works_under_env_i(tmp_path):
    portal = build_portal("vsb")
    srv = tmp_path / "srv"
    (srv / ".venv" / "bin").mkdir(parents=True)
    console_script(srv / ".venv" / "bin" / "newscrawler")
    (srv / "newscrawler.toml").write_text('profiles = ["profiles"]\n' + LOCAL_TOML)
    command = readme_cron_line().replace("/srv/news", str(srv))
    with ReplicaServer([portal]) as server:
        write_profile(srv / "profiles", "mine", server.url(portal) + portal.start_path)
        first = subprocess.run(["env", "-i", "/bin/sh", "-c", command], timeout=120)
        second = subprocess.run(["env", "-i", "/bin/sh", "-c", command], timeout=120)
    assert first.returncode == 0 and second.returncode == 0
    log = (srv / "crawl.log").read_text()
    lines = log.splitlines()
    summary = [line for line in lines if " mine " in line]
    assert len(summary) == 1 and STAMP.match(summary[0] + " ") and " finished " in summary[0]
    assert STAMP.match(lines[-1]) and lines[-1].endswith("nothing is due")  # the second run
    with open_archive(srv / "archive.db") as db:
        sites = {r[0] for r in db.execute("select site from crawls")}
        articles = db.execute("select count(*) from articles").fetchone()[0]
    assert sites == {"mine"}  # the person's profile; no bundled example was crawled
    assert articles == len(portal.expected())  # every article (broken cases aside)


def test_the_readme_says_how_to_print_the_checkouts_script_path(tmp_path):
    text = " ".join((REPO / "README.md").read_text("utf-8").split())
    command = re.search(r"use that path \(`([^`]+)` there prints it\)", text)
    assert command, "the cron section says how to print the quick start's script path"
    printed = subprocess.run(
        ["/bin/sh", "-c", command[1]], cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert printed.stdout == f"{tmp_path}/.venv/bin/newscrawler\n", printed.stderr


def test_bundled_profiles_are_examples_that_all_and_due_skip(tmp_path):
    bundled = list_profiles(own=[])
    assert bundled and not any(p.enabled for p in bundled)
    sites = run_cli("sites", "--json", cwd=tmp_path)
    assert {r["enabled"] for r in json.loads(sites.stdout)} == {False}
    portal = build_portal("wordpress")
    with ReplicaServer([portal]) as server:
        write_profile(tmp_path / "mine", "mine", server.url(portal) + portal.start_path)
        (tmp_path / "mine" / "mine.toml").write_text(
            (tmp_path / "mine" / "mine.toml").read_text().replace("vsb", "wordpress")
        )
        done = run_cli("crawl", "--all", "--profiles", str(tmp_path / "mine"), *LOCAL, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [line.split()[1] for line in done.stdout.splitlines()[2:]] == ["mine"]
    assert "--include-examples" in run_cli("crawl", "--help", cwd=tmp_path).stdout


def test_a_failure_names_its_cause_and_a_failing_site_backs_off(tmp_path):
    refused = closed_port()
    hang = socket.socket()  # accepts connections, never answers: a timeout
    hang.bind(("127.0.0.1", 0))
    hang.listen(8)
    stop = threading.Event()
    try:
        profiles = tmp_path / "profiles"
        write_profile(profiles, "refused", f"http://127.0.0.1:{refused}/xwzx/xxyw.htm")
        write_profile(profiles, "nodns", "http://news.example.invalid/xwzx/xxyw.htm")
        write_profile(profiles, "silent", f"http://127.0.0.1:{hang.getsockname()[1]}/x.htm")
        (tmp_path / "newscrawler.toml").write_text(
            'profiles = ["profiles"]\n'
            + LOCAL_TOML
            + "DOWNLOAD_TIMEOUT = 2\nRETRY_ENABLED = false\nROBOTSTXT_OBEY = false\n"
        )
        first = run_cli("crawl", "--due", cwd=tmp_path)
    finally:
        stop.set()
        hang.close()
    assert first.returncode == 1
    notes = {line.split()[1]: line for line in first.stdout.splitlines()[2:]}
    assert all(STAMP.match(line) for line in notes.values())
    assert f"start_urls_failed: connection refused by 127.0.0.1:{refused}" in notes["refused"]
    assert "start_urls_failed: DNS lookup failed for news.example.invalid" in notes["nodns"]
    assert "start_urls_failed: timed out after 2 s" in notes["silent"]
    assert f"refused: failed: connection refused by 127.0.0.1:{refused}" in first.stderr
    # One failure: due again at once. Two in a row: not before `every` (1h) has passed.
    second = run_cli("crawl", "refused", "--due", cwd=tmp_path)
    assert second.returncode == 1 and "refused" in second.stdout
    third = run_cli("crawl", "refused", "--due", cwd=tmp_path)
    assert third.returncode == 0 and third.stderr.rstrip().endswith("nothing is due")
    health = run_cli("health", "--json", cwd=tmp_path)
    assert health.returncode == 1
    states = {s["site"]: s for s in json.loads(health.stdout)}
    refused_state = states["refused"]
    assert refused_state["state"] == "failing" and refused_state["failing_streak"] == 2
    due = datetime.fromisoformat(refused_state["next_due"])
    last = datetime.fromisoformat(refused_state["last_run"])
    assert due - last == timedelta(hours=1)
    assert "connection refused" in refused_state["last_note"]
    assert set(states) == {"refused", "nodns", "silent"}  # no bundled example


def test_health_exit_codes_and_table(tmp_path):
    portal = build_portal("vsb")
    profiles = tmp_path / "profiles"
    (tmp_path / "newscrawler.toml").write_text('profiles = ["profiles"]\n' + LOCAL_TOML)
    with ReplicaServer([portal]) as server:
        write_profile(profiles, "good", server.url(portal) + portal.start_path)
        assert run_cli("crawl", "good", cwd=tmp_path).returncode == 0
    health = run_cli("health", cwd=tmp_path)
    assert health.returncode == 0, health.stdout + health.stderr
    row = health.stdout.splitlines()[2].split()
    assert row[:2] == ["good", "ok"] and row[2].startswith(
        datetime.now(timezone.utc).strftime("%Y")
    )
    write_profile(profiles, "down", f"http://127.0.0.1:{closed_port()}/x.htm")
    assert run_cli("crawl", "down", cwd=tmp_path).returncode == 1
    health = run_cli("health", cwd=tmp_path)
    assert health.returncode == 1
    assert any(line.split()[:2] == ["down", "failing"] for line in health.stdout.splitlines())
    assert run_cli("health", "--db", str(tmp_path / "none.db"), cwd=tmp_path).returncode == 2


def test_health_reports_fields_whose_fill_rate_dropped(tmp_path):
    db_path = tmp_path / "archive.db"
    for ago, published in ((5, 10), (4, 10), (3, 10), (1, 2)):
        add_run(db_path, "site", "finished", timedelta(hours=ago))
        with open_archive(db_path) as db, db.conn:
            crawl = db.execute("select max(id) from crawls").fetchone()[0]
            db["crawl_fields"].insert_all(
                [
                    {"crawl_id": crawl, "field": "published", "articles": 10, "filled": published},
                    {"crawl_id": crawl, "field": "title", "articles": 10, "filled": 10},
                ]
            )
    with open_archive(db_path) as db:
        state = site_state(db, "site", 3600)
    assert state.state == "degraded"
    assert state.dropped_fields == [{"field": "published", "before": 1.0, "now": 0.2}]


@pytest.mark.parametrize(
    ("streak", "delay"),
    [(0, timedelta(0)), (1, timedelta(0)), (2, timedelta(hours=6)), (3, timedelta(hours=12)),
     (4, timedelta(hours=24)), (7, timedelta(days=7)), (40, BACKOFF_CAP)],
)  # fmt: skip
def test_retry_delay_doubles_per_failure_and_is_capped(streak, delay):
    assert retry_delay(6 * 3600, streak) == delay


def test_bad_config_and_profile_folders_are_bad_input(tmp_path):
    (tmp_path / "newscrawler.toml").write_text('profiles = ["nowhere"]\n')
    done = run_cli("crawl", "--due", cwd=tmp_path)
    assert done.returncode == 2 and "nowhere" in done.stderr and "does not exist" in done.stderr
    (tmp_path / "newscrawler.toml").write_text("colour = 1\n")
    done = run_cli("health", cwd=tmp_path)
    assert done.returncode == 2 and "unknown key 'colour'" in done.stderr
    (tmp_path / "newscrawler.toml").unlink()
    done = run_cli("crawl", "--all", "--profiles", str(tmp_path / "missing"), cwd=tmp_path)
    assert done.returncode == 2
