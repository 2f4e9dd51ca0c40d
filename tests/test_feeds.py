"""Atom feeds: ``export -f atom`` writes a file, ``serve`` answers the same feed over HTTP; both
read back with feedparser and checked against Atom 1.0's required elements."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from conftest_archive import EN_COOPERATION, ZH_CAMPUS, ZH_COOPERATION, ZH_MEETING, make_archive
from lxml import etree
from test_serve import served, server  # noqa: F401 (fixtures: newscrawler serve over HTTP)

from newscrawler.cli import cli

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return make_archive(tmp_path)


def export(path: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["export", "--db", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def check_atom(document: bytes) -> feedparser.FeedParserDict:
    """Well-formed Atom 1.0 with what RFC 4287 requires of a feed and its entries; parsed."""
    root = etree.fromstring(document)  # raises on XML that is not well-formed
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_export_atom_per_site_newest_first_with_the_current_version(archive_path, tmp_path):
    out = tmp_path / "ustb-zh.atom"  # the suffix chooses the format
    result = CliRunner().invoke(
        cli, ["export", "--db", str(archive_path), "--site", "ustb-zh", "--newest", "2",
              "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "exported 2 articles as atom" in result.stderr
    feed = check_atom(out.read_bytes())
    assert feed.feed.title == "News from ustb-zh"
    assert [e.link for e in feed.entries] == [ZH_MEETING["url"], ZH_CAMPUS["url"]]
    meeting = feed.entries[0]
    assert meeting.id == ZH_MEETING["url"] and meeting.title == ZH_MEETING["title"]
    assert "部署了新一年的任务" in meeting.content[0].value  # the edited, current version
    assert meeting.updated == "2024-02-01T08:00:00+00:00"
    # A date without a time is midnight where the portal is (a .cn host: +08:00), not in UTC.
    assert meeting.published == "2023-05-02T00:00:00+08:00"
    assert [t.term for t in meeting.tags] == ["学校要闻"]


def test_export_atom_per_topic_keeps_authors_times_and_paragraphs(archive_path):
    feed = check_atom(export(archive_path, "-f", "atom", "--topic", "University News"))
    (entry,) = feed.entries
    assert entry.link == EN_COOPERATION["url"]
    assert entry.published == "2023-03-20T09:30:00+08:00"
    assert [a.name for a in entry.authors] == ["Li Wei"]
    assert entry.content[0].value == (
        "<p>The university signed a cooperation agreement with partners.</p>"
        "<p>Students will benefit.</p>"
    )
    assert feed.feed.title == "News from every archived site on University News"


def test_an_empty_selection_is_a_valid_feed_and_the_feed_id_is_stable(archive_path):
    empty = check_atom(export(archive_path, "-f", "atom", "--site", "ustb-en", "--topic", "无"))
    assert empty.entries == []
    again = check_atom(export(archive_path, "-f", "atom", "--topic", "无", "--site", "ustb-en"))
    assert empty.feed.id == again.feed.id == "urn:newscrawler:feed:site=ustb-en;topic=%E6%97%A0"


def test_newest_belongs_to_atom_and_a_cursor_does_not(archive_path):
    for args in (["-f", "csv", "--newest", "3"], ["-f", "atom", "--cursor", "x"]):
        result = CliRunner().invoke(cli, ["export", "--db", str(archive_path), *args])
        assert result.exit_code == 2 and "Error" in result.output


def feed_url(base: str, **params: str | list[str]) -> str:
    return f"{base}/archive/-/feed.atom?{urllib.parse.urlencode(params, doseq=True)}"


def test_serve_answers_the_feed_export_writes_over_http(server, tmp_path):  # noqa: F811
    with urllib.request.urlopen(feed_url(server, site="ustb-zh", newest="2"), timeout=10) as r:
        assert r.headers["Content-Type"].startswith("application/atom+xml")
        served_feed = check_atom(r.read())
    archive = make_archive(tmp_path)
    exported = check_atom(export(archive, "-f", "atom", "--site", "ustb-zh", "--newest", "2"))
    assert served_feed.feed.id == exported.feed.id
    assert [(e.id, e.content[0].value) for e in served_feed.entries] == [
        (e.id, e.content[0].value) for e in exported.entries
    ]
    with urllib.request.urlopen(feed_url(server, topic=["学校要闻"]), timeout=10) as r:
        assert {e.link for e in check_atom(r.read()).entries} == {
            ZH_COOPERATION["url"], ZH_MEETING["url"]
        }  # fmt: skip
    with urllib.request.urlopen(feed_url(server, site="nowhere"), timeout=10) as r:
        assert check_atom(r.read()).entries == []


def test_serve_refuses_a_bad_newest_with_400(server):  # noqa: F811
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(feed_url(server, newest="many"), timeout=10)
    assert answer.value.code == 400


def test_a_date_without_a_time_takes_the_offset_its_site_prints_with_times():
    from io import BytesIO

    from exports import atom

    def row(n: int, published: str) -> dict:
        url = f"http://127.0.0.1:8300/news/{n}.html"
        return {"url": url, "site": "lakeside", "title": f"Story {n}", "body": "Text.",
                "published": published, "fetched_at": "2024-06-01T00:00:00+00:00"}  # fmt: skip

    out = BytesIO()
    atom.write([row(1, "2024-05-29"), row(2, "2024-05-28T10:00:00+09:00")], out)
    first, second = check_atom(out.getvalue()).entries
    assert first.published == "2024-05-29T00:00:00+09:00"
    assert second.published == "2024-05-28T10:00:00+09:00"
    out = BytesIO()
    atom.write([row(1, "2024-05-29")], out)  # nothing says where the portal is: UTC
    assert check_atom(out.getvalue()).entries[0].published == "2024-05-29T00:00:00+00:00"
