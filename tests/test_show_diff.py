"""``newscrawler show URL --diff``: what changed between two versions of an article, from a
re-crawl of a revised replica page over real HTTP and from an archive file with edited fields."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from conftest_archive import ZH_COOPERATION, ZH_MEETING, make_archive, store

from newscrawler.cli import cli
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, run_cli

CORRECTION = "A correction was added to this story."


def show(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["show", *map(str, args)])


def test_a_revised_page_recrawled_shows_its_new_paragraph(tmp_path):
    portal = build_portal("wordpress", n_articles=6)
    target = next(iter(portal.expected()))
    with ReplicaServer([portal]) as server:
        base = server.url(portal)
        crawl = ("crawl", "--url", base + portal.start_path, "--cms", portal.family, *LOCAL)
        assert run_cli(*crawl, cwd=tmp_path).returncode == 0
        portal.revise(target, CORRECTION)
        again = run_cli(*crawl, "-s", "NEWSCRAWLER_RECHECK_AFTER=0", "--json", cwd=tmp_path)
        assert json.loads(again.stdout)[0]["changed"] == 1, again.stderr[-2000:]
    db = tmp_path / "archive.db"
    shown = show(base + target, "--diff", "--json", "--db", db)
    assert shown.exit_code == 0, shown.output
    diff = json.loads(shown.stdout)
    assert (diff["from"], diff["to"], diff["fields"]) == (1, 2, {})
    assert [line for line in diff["body"] if line[:1] in "+-"] == [f"+{CORRECTION}"]
    text = show(base + target, "--diff", "--db", db)
    assert text.exit_code == 0 and "version 1 (" in text.stdout
    assert f"  + {CORRECTION}" in text.stdout.split("body, by paragraph")[1]


def test_changed_fields_are_listed_old_and_new_and_a_first_version_has_nothing_to_compare(
    tmp_path: Path,
):
    path = make_archive(tmp_path)
    edited = {
        **ZH_COOPERATION,
        "title": "北京科技大学与企业签署合作协议",
        "topics": ["学校要闻", "合作交流"],
        "fetched_at": "2024-03-01T08:00:00+00:00",
        "content_hash": "edited-title",
    }
    assert store(path, edited) == ["changed"]
    diff = json.loads(show(ZH_COOPERATION["url"], "--diff", "--json", "--db", path).stdout)
    assert diff["fields"] == {
        "title": {"old": ZH_COOPERATION["title"], "new": edited["title"]},
        "topics": {"old": ["学校要闻"], "new": ["学校要闻", "合作交流"]},
    }
    assert diff["body"] == []
    text = show(ZH_COOPERATION["url"], "--diff", "--db", path)
    assert f"title\n  - {ZH_COOPERATION['title']}\n  + {edited['title']}" in text.stdout
    first = show(ZH_MEETING["url"], "--diff", "--version", "1", "--db", path)
    assert first.exit_code == 0 and "is its first: nothing to compare" in first.stdout
    first_json = json.loads(
        show(ZH_MEETING["url"], "--diff", "--version", "1", "--json", "--db", path).stdout
    )
    assert (first_json["from"], first_json["to"], first_json["body"]) == (None, 1, [])
