"""A portal of a template no rule was written for, crawled over HTTP with ``newscrawler crawl
--url … --cms auto``: the real learner (``newscrawler.extraction.learning``) learns its template
during the crawl from the first detail pages it holds, and every article is stored with the right
title, date and topics. The rules learned do not depend on the order pages arrive in.

The portals are the unseen replicas (``newscrawler.replica.UNSEEN``): measured on, never tuned to.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newscrawler.extraction.template import MIN_PAGES, SiteTemplate
from newscrawler.profiles.loader import load_profile_file
from newscrawler.replica import UNSEEN, ReplicaServer, build_portal
from tests.conftest import run_cli

ARTICLES = 12
LOCAL = (
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "NEWSCRAWLER_PROFILE_POLITENESS=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
)  # fmt: skip


def crawl(work: Path, url: str, *settings: str) -> None:
    result = run_cli(
        "crawl", "--url", url, "--cms", "auto", "--no-media", *LOCAL, *settings,
        cwd=work, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


def rows(work: Path, query: str) -> list[sqlite3.Row]:
    with sqlite3.connect(work / "archive.db") as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(query))


@pytest.fixture(scope="module")
def served():
    portals = {name: build_portal(name, n_articles=ARTICLES) for name in UNSEEN}
    with ReplicaServer(list(portals.values())) as server:
        yield {name: (p, server.url(p)) for name, p in portals.items()}


@pytest.mark.parametrize("name", list(UNSEEN))
def test_an_unseen_portal_is_learned_during_the_crawl_and_every_article_is_right(
    served, tmp_path, name
):
    portal, base = served[name]
    crawl(tmp_path, base + portal.start_path)
    (stored,) = rows(tmp_path, "select * from site_templates")
    template = SiteTemplate.from_json(stored["document"])
    assert stored["version"] == 1 and stored["pages"] == MIN_PAGES
    assert {"title", "published", "body"} <= set(template.fields)
    expected = {base + path: want for path, want in portal.expected().items()}
    articles = {r["url"]: r for r in rows(tmp_path, "select * from articles")}
    assert set(articles) == set(expected)
    for url, want in expected.items():
        got = articles[url]
        assert got["title"] == want["title"], url
        assert (got["published"] or "")[:10] == (want["published"] or "")[:10], url
        assert json.loads(got["topics"]) == want["topics"], url
    versions = rows(tmp_path, "select template_version from article_versions")
    assert {v["template_version"] for v in versions} == {1}
    # reextract reproduces every version from its capture, evidence and template version
    again = run_cli("reextract", "--dry-run", "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    summary = json.loads(again.stdout)
    assert summary["examined"] == len(expected) and summary["changed"] == 0, summary


def test_the_learned_rules_do_not_depend_on_crawl_order(served, tmp_path):
    portal, base = served["homegrown-table"]
    documents = []
    for concurrency in (1, 16):
        work = tmp_path / str(concurrency)
        work.mkdir()
        crawl(
            work, base + portal.start_path,
            "-s", f"CONCURRENT_REQUESTS={concurrency}",
            "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        )  # fmt: skip
        (stored,) = rows(work, "select document from site_templates")
        documents.append(json.loads(stored["document"]))
    # Which detail pages arrive first differs with the concurrency (``learned_from``, and so
    # the example values and agreements); the rules learned from them do not.
    rules = [{name: rule["path"] for name, rule in d["fields"].items()} for d in documents]
    assert rules[0] == rules[1]
    assert {"title", "published", "body"} <= set(rules[0])
    for document in documents:
        assert document["learned_from"] == sorted(document["learned_from"])


def test_template_learn_show_and_write_profile_on_a_crawled_portal(served, tmp_path):
    portal, base = served["homegrown-div"]
    crawl(tmp_path, base + portal.start_path)
    (site,) = {r["site"] for r in rows(tmp_path, "select site from articles")}
    learned = run_cli("template", "learn", site, "--pages", "12", cwd=tmp_path)
    assert learned.returncode == 0, learned.stderr[-2000:]
    shown = run_cli("template", "show", site, "--json", cwd=tmp_path)
    document = json.loads(shown.stdout)
    assert document["version"] == 2 and document["pages"] == ARTICLES
    rules = {name: rule["path"] for name, rule in document["fields"].items()}
    assert {"title", "published", "meta_line", "body"} <= set(rules)
    text = run_cli("template", "show", site, cwd=tmp_path).stdout
    assert all(path in text for path in rules.values())
    out = tmp_path / "profile.toml"
    written = run_cli(
        "template", "show", site, "--write-profile", str(out),
        "--start-url", base + portal.start_path, "--cms", "auto", cwd=tmp_path,
    )  # fmt: skip
    assert written.returncode == 0, written.stderr[-2000:]
    profile = load_profile_file(out)
    assert profile.xpaths("title") == (rules["title"],)
    assert rules["meta_line"] in profile.xpaths("meta")
