"""Stable identity: `crawl --url … --id NAME`, a profile's `id`, the warning when a profile's start
URL is archived under another id, and `newscrawler sites rename OLD NEW` (one transaction)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from newscrawler.archive.identity import RenameError, rename_site
from newscrawler.archive.store import open_archive
from newscrawler.extraction.template import SiteTemplate
from newscrawler.profiles import ProfileError, load_profile, url_site_id
from newscrawler.replica import ReplicaServer, build_portal
from tests.conftest import LOCAL, REPO, run_cli


def counts(db_path) -> dict[str, tuple[int, int]]:
    with open_archive(db_path) as db:
        sites = {
            r[0] for r in db.execute("select site from crawls union select site from articles")
        }
        return {
            s: (
                db.execute("select count(*) from articles where site = ?", [s]).fetchone()[0],
                db.execute("select count(*) from crawls where site = ?", [s]).fetchone()[0],
            )
            for s in sites
        }


def test_a_url_crawl_becomes_a_profile_without_a_new_site(tmp_path):
    portal = build_portal("vsb")
    with ReplicaServer([portal]) as server:
        url = server.url(portal) + portal.start_path
        slug = url_site_id(url)
        first = run_cli("crawl", "--url", url, "--cms", "vsb", *LOCAL, cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        articles = len(portal.expected())
        assert counts(tmp_path / "archive.db") == {slug: (articles, 1)}
        # A profile of the same portal under an id of its own: the crawl says where the
        # articles are and how to merge them.
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "example.toml").write_text(
            f'id = "example"\ncms = "vsb"\nstart_urls = ["{url}"]\n'
        )
        second = run_cli(
            "crawl", "example", "--profiles", str(tmp_path / "mine"), *LOCAL, cwd=tmp_path
        )
        assert second.returncode == 0, second.stderr
        assert (
            f"Warning: example: its start URL was crawled before as site {slug} ({articles} "
            f"articles); to keep them under one id run `newscrawler sites rename {slug} example"
        ) in second.stderr
        rename = run_cli("sites", "rename", slug, "example", cwd=tmp_path)
        assert rename.returncode == 0, rename.stderr
        assert rename.stdout.startswith(
            f"{slug} merged into example: {articles} articles, 1 crawls, "
        ), rename.stdout
        # The crawl's listing evidence and learned template move with its articles.
        assert ", 1 site_templates" in rename.stdout and " listing_evidence" in rename.stdout
        assert counts(tmp_path / "archive.db") == {"example": (articles, 2)}
        third = run_cli(
            "crawl", "example", "--profiles", str(tmp_path / "mine"), *LOCAL, cwd=tmp_path
        )
        assert third.returncode == 0 and "Warning" not in third.stderr
        row = third.stdout.splitlines()[2].split()
        assert row[1] == "example" and row[5] == "0"  # new: 0, the archive knew them all
        # --id names a --url crawl's site from the start.
        named = run_cli(
            "crawl", "--url", url, "--cms", "vsb", "--id", "example", *LOCAL, cwd=tmp_path
        )
        assert named.returncode == 0 and named.stdout.splitlines()[2].split()[1] == "example"
    assert counts(tmp_path / "archive.db") == {"example": (articles, 4)}


def test_a_profile_is_warned_of_a_url_crawl_that_was_given_its_own_id(tmp_path):
    portal = build_portal("vsb")
    with ReplicaServer([portal]) as server:
        url = server.url(portal) + portal.start_path
        first = run_cli(
            "crawl", "--url", url, "--cms", "vsb", "--id", "testu", *LOCAL, cwd=tmp_path
        )
        assert first.returncode == 0, first.stderr
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "testuni.toml").write_text(f'cms = "vsb"\nstart_urls = ["{url}"]\n')
        second = run_cli(
            "crawl", "testuni", "--profiles", str(tmp_path / "mine"), *LOCAL, cwd=tmp_path
        )
    assert second.returncode == 0, second.stderr
    assert (
        f"Warning: testuni: its start URL was crawled before as site testu "
        f"({len(portal.expected())} articles)"
    ) in second.stderr


def test_rename_bad_input_is_exit_2(tmp_path):
    db_path = tmp_path / "archive.db"
    with open_archive(db_path) as db, db.conn:
        db["crawls"].insert({"site": "a", "status": "finished"})
    for args, message in (
        (("nope", "b"), "no site 'nope'"),
        (("a", "a"), "already the site's id"),
        (("a", "b/c"), "must be a string of letters"),
    ):
        done = run_cli("sites", "rename", *args, cwd=tmp_path)
        assert done.returncode == 2 and message in done.stderr, done.stderr
    assert (
        run_cli(
            "sites", "rename", "a", "b", "--db", str(tmp_path / "none.db"), cwd=tmp_path
        ).returncode
        == 2
    )
    done = run_cli("crawl", "--id", "x", "ustb-en", cwd=tmp_path)
    assert done.returncode == 2 and "--id" in done.stderr


def test_a_rename_is_one_transaction(tmp_path):
    db_path = tmp_path / "archive.db"
    with open_archive(db_path) as db, db.conn:
        db["articles"].insert({"url": "http://a.edu/1", "site": "old", "title": "t"}, alter=True)
        db["crawls"].insert({"site": "old", "status": "finished"})
        # Another tool's trigger makes the second table's update fail half-way through.
        db.execute(
            "create trigger refuse before update on crawls begin"
            " select raise(abort, 'refused'); end"
        )
    with open_archive(db_path) as db:
        with pytest.raises(sqlite3.IntegrityError):
            rename_site(db, "old", "new")
        assert db.execute("select site from articles").fetchall() == [("old",)]
        with pytest.raises(RenameError):
            rename_site(db, "missing", "new")


def test_a_profile_is_found_by_its_id_key_as_well_as_its_file_name(tmp_path):
    (tmp_path / "mine.toml").write_text(
        'id = "news.a.edu-xwzx-xxyw"\ncms = "vsb"\nstart_urls = ["https://news.a.edu/xwzx/xxyw.htm"]\n'
    )
    assert load_profile("news.a.edu-xwzx-xxyw", own=[tmp_path]).source == str(
        tmp_path / "mine.toml"
    )
    assert load_profile("mine", own=[tmp_path]).id == "news.a.edu-xwzx-xxyw"
    with pytest.raises(ProfileError, match="no site profile 'other'"):
        load_profile("other", own=[tmp_path])


def _template(site: str, version: int, marker: str) -> str:
    return SiteTemplate(site=site, version=version, learned_from=[marker]).to_json()


def test_a_merge_renumbers_the_old_sites_templates_after_the_new_ones(tmp_path):
    db_path = tmp_path / "archive.db"
    with open_archive(db_path) as db, db.conn:
        for site, url in (("old", "http://a.edu/1"), ("new", "http://a.edu/2")):
            db["articles"].insert(
                {"url": url, "site": site, "title": "t", "template_version": 1, "version": 1},
                alter=True,
            )
            db.execute(  # a view since migration 340: written with SQL
                "insert into article_versions (url, version, template_version) values (?, 1, 1)",
                [url],
            )
            db["site_templates"].insert(
                {"site": site, "version": 1, "document": _template(site, 1, site), "pages": 5}
            )
    with open_archive(db_path) as db:
        done = rename_site(db, "old", "new")
        assert done.merged and done.rows["site_templates"] == 1
        stored = {
            v: SiteTemplate.from_json(d)
            for v, d in db.execute(
                "select version, document from site_templates where site = 'new'"
            )
        }
        assert sorted(stored) == [1, 2]
        assert stored[2].site == "new" and stored[2].version == 2
        assert stored[2].learned_from == ["old"]  # the old site's template, renumbered
        versions = dict(db.execute("select url, template_version from articles").fetchall())
        assert versions == {"http://a.edu/1": 2, "http://a.edu/2": 1}
        versions = dict(db.execute("select url, template_version from article_versions").fetchall())
        assert versions == {"http://a.edu/1": 2, "http://a.edu/2": 1}


def test_a_url_crawl_whose_id_is_a_profiles_with_other_start_urls_is_refused(tmp_path):
    portal = build_portal("vsb")
    with ReplicaServer([portal]) as server:
        listing = server.url(portal) + portal.start_path
        home = server.url(portal) + "/"
        site = url_site_id(home)  # what `add` names a profile of this home page
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "p.toml").write_text(
            f'id = "{site}"\ncms = "vsb"\nstart_urls = ["{listing}"]\nevery = "1h"\n'
        )
        mine = ("--profiles", str(tmp_path / "mine"), *LOCAL)
        refused = run_cli("crawl", "--url", home, *mine, cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        assert f"site id {site}, the id of the profile {tmp_path / 'mine' / 'p.toml'}" in (
            refused.stderr
        )
        assert f"`newscrawler crawl {site}`" in refused.stderr and "--id NEW" in refused.stderr
        # Nothing was written: no run joined the profile's history, so it stays due.
        assert not (tmp_path / "archive.db").exists()
        due = run_cli("crawl", "--due", *mine, "--json", cwd=tmp_path)
        assert due.returncode == 0, due.stderr
        assert [r["site"] for r in json.loads(due.stdout)] == [site]
        # Enqueued for a cluster, the same --url is refused before Redis is asked anything.
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "NEWSCRAWLER_PROFILES": str(tmp_path / "mine"),
        }
        enqueue = subprocess.run(
            [sys.executable, "-m", "newscrawler", "enqueue", "--url", home,
             "--redis", "redis://127.0.0.1:1/0"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert enqueue.returncode == 2, enqueue.stderr
        assert f"`newscrawler enqueue {site}`" in enqueue.stderr and "Redis" not in enqueue.stderr
        # An id given on purpose is the person's choice: the listing joins the profile's site.
        joined = run_cli("crawl", "--url", listing, "--id", site, *mine, "--json", cwd=tmp_path)
        assert joined.returncode == 0, joined.stderr
        assert json.loads(joined.stdout)[0]["site"] == site
        # A --url whose id is a profile's with that same start URL is that profile: no refusal.
        (tmp_path / "mine" / "q.toml").write_text(
            f'id = "{url_site_id(listing)}"\ncms = "vsb"\nstart_urls = ["{listing}"]\n'
        )
        same = run_cli("crawl", "--url", listing, *mine, "--json", cwd=tmp_path)
        assert same.returncode == 0, same.stderr
