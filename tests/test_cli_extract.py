"""`newscrawler extract`: the item of one saved page, no network."""

import json
from pathlib import Path

from click.testing import CliRunner

from newscrawler.cli import cli

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
