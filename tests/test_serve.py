"""``newscrawler serve``: Datasette over real HTTP on 127.0.0.1, and once in headless Chromium."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from chromium import dump_dom, needs_chromium
from click.testing import CliRunner
from conftest_archive import EN_COOPERATION, ZH_COOPERATION, ZH_MEETING, fill

from newscrawler.cli import cli
from newscrawler.reports.datasette_metadata import QUERIES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Base URL of ``newscrawler serve`` running on an archive of the sample articles, and the
    first two lines it printed on stderr."""
    path = tmp_path_factory.mktemp("serve") / "archive.db"
    fill(path)
    port = free_port()
    command = "from newscrawler.cli import cli; cli()"
    proc = subprocess.Popen(
        [sys.executable, "-c", command, "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts Datasette slowly
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()  # reading stderr of a running server would never end
                    pytest.fail(f"datasette did not start: {proc.communicate()[1].decode()}")
                time.sleep(0.2)
        banner = proc.stderr.readline().decode() + proc.stderr.readline().decode()
        yield base, banner
    finally:
        os.kill(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(served: tuple[str, str]) -> str:
    return served[0]


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def path(base: str, page: str, **params: str) -> str:
    return f"{base}/archive/{page}?{urllib.parse.urlencode(params)}"


def test_search_query_finds_chinese_words(server):
    rows = get(path(server, "search.json", q="合作", _shape="array"))
    assert [row["url"] for row in rows] == [ZH_COOPERATION["url"]]
    assert "战略[合作]协议" in rows[0]["snippet"]


def test_search_query_ranks_title_hits_first_and_keeps_words_whole(server):
    rows = get(path(server, "search.json", q="学校", _shape="array"))
    assert [row["url"] for row in rows] == [ZH_MEETING["url"], ZH_COOPERATION["url"]]
    assert get(path(server, "search.json", q="cooperat", _shape="array")) == []


def test_articles_table_has_english_full_text_search(server):
    data = get(path(server, "articles.json", _search="cooperation", _shape="objects"))
    assert [row["url"] for row in data["rows"]] == [EN_COOPERATION["url"]]


def test_article_catalog_is_faceted_by_site_topics_and_year(server):
    facets = get(path(server, "article_catalog.json"))["facet_results"]
    counts = {name: {r["value"]: r["count"] for r in f["results"]} for name, f in facets.items()}
    assert counts["site"] == {"ustb-zh": 3, "ustb-en": 2}
    assert counts["year"] == {"2023": 5}
    assert counts["topics"]["学校要闻"] == 2


def test_tables_and_columns_are_described(server):
    data = get(f"{server}/-/metadata.json")
    tables = data["databases"]["archive"]["tables"]
    assert "url" in tables["articles"]["columns"]
    html = urllib.request.urlopen(f"{server}/archive/articles", timeout=10).read().decode()
    assert "Canonical URL of the article page" in html


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs(server, name):
    assert isinstance(get(path(server, f"{name}.json", q="x", name="", _shape="array")), list)


def test_canned_queries_answer_archivists_questions(server):
    months = get(path(server, "articles_per_site_per_month.json", _shape="array"))
    assert {"site": "ustb-zh", "month": "2023-04", "articles": 1} in months
    (changed,) = get(path(server, "body_changed.json", _shape="array"))
    assert (changed["url"], changed["versions"]) == (ZH_MEETING["url"], 2)
    latest = get(path(server, "latest_changes.json", _shape="array"))[0]
    assert (latest["url"], latest["change"]) == (ZH_MEETING["url"], "changed")
    people = get(path(server, "credits_by_person.json", name="李", _shape="array"))
    assert [(p["name"], p["role"]) for p in people] == [("李四", "photographer")]


@needs_chromium
def test_search_page_shows_a_hit_in_a_browser(server):
    dom = dump_dom(path(server, "search", q="合作"))
    assert ZH_COOPERATION["title"] in dom
    assert "战略[合作]协议" in dom


def test_serve_prints_the_address_of_the_articles_table_where_the_home_page_leads(served):
    base, banner = served
    assert f"Open {base}/archive/articles " in banner
    assert f"{base}/archive/-/feed.atom?" in banner
    with urllib.request.urlopen(f"{base}/", timeout=10) as answer:  # follows the redirect
        assert answer.url == f"{base}/archive/articles"
        assert "Canonical URL of the article page" in answer.read().decode()


def test_print_metadata_is_json_for_a_hand_run_datasette(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--print-metadata"])
    assert result.exit_code == 0
    assert "search" in json.loads(result.output)["databases"]["x"]["queries"]
