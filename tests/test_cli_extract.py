"""`newscrawler extract`: the item of one saved page, no network."""

import json
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.replica import FAMILIES, ReplicaServer, build_portal

FIXTURE = Path(__file__).parent / "fixtures" / "whu-news" / "detail-45084-xzwd-zhujiao"


def test_extract_prints_the_item_of_a_saved_page_with_its_profile():
    meta = json.loads((FIXTURE / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(
        cli, ["extract", "--site", "whu-news", "--url", meta["url"], str(FIXTURE / "page.html")]
    )
    assert result.exit_code == 0, result.output
    item = json.loads(result.output)
    assert (item["title"], item["published"]) == (expected["title"], expected["published"])
    assert item["views_url"].startswith("https://news.whu.edu.cn/system/resource/code/news/click/")


def test_extract_refuses_a_site_and_a_family_together():
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            "--site",
            "whu-news",
            "--cms",
            "vsb",
            "--url",
            "https://x.edu/",
            str(FIXTURE / "page.html"),
        ],
    )
    assert result.exit_code == 2 and "not both" in result.output


SZYZ = Path(__file__).parent / "fixtures" / "szyz-vsb"
SCHOOL = "https://www.example-school.cn/"


def extract(page: Path, url: str, *args: str):
    return CliRunner().invoke(cli, ["extract", "--url", url, *args, str(page)])


def test_extract_on_a_real_listing_page_warns_and_exits_3_with_the_item_all_the_same():
    result = extract(SZYZ / "xwzx-tzgg.htm", SCHOOL + "xwzx/tzgg.htm", "--cms", "vsb")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["title"] == "通知公告"  # the column's name, not an article's
    assert "looks like a listing page, not an article" in result.stderr
    article = extract(SZYZ / "info-1065-10702.htm", SCHOOL + "info/1065/10702.htm", "--cms", "vsb")
    assert article.exit_code == 0 and article.stderr == ""


def test_extract_tells_every_replica_listing_page_from_its_articles(tmp_path):
    """Saved over real HTTP, as a person saves pages: the first listing page of each family's
    replica, and every article page (the undated one ends with a related-stories list too)."""
    for family in FAMILIES:
        portal = build_portal(family, n_articles=8)
        args = ("--site", "ustb-en") if family == "ustb-en" else ("--cms", family)
        with ReplicaServer([portal]) as server:
            base = server.url(portal)
            pages = [(p, True) for p in portal.listing_paths()[:1]]
            pages += [(p, False) for p in portal.expected()]
            for path, is_listing in pages:
                saved = tmp_path / "page.html"
                with urllib.request.urlopen(base + path, timeout=10) as answer:
                    saved.write_bytes(answer.read())
                result = extract(saved, base + path, *args)
                assert result.exit_code == (3 if is_listing else 0), (family, path, result.stderr)
                assert json.loads(result.stdout)["url"]
