"""``extract --learn-from`` on a site saved as directories (``news/<slug>/index.html`` served
as ``/news/<slug>/``), and its warning when the folder holds no listing page."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newscrawler.cli import cli

NORTHVALE = Path(__file__).parent / "portals" / "breaker" / "northvale-news"
HOST = "https://northvale-news.example.edu.cn"


def learn(folder: Path, url: str, page: Path) -> tuple[dict, str]:
    result = CliRunner().invoke(
        cli, ["extract", "--learn-from", str(folder), "--url", url, str(page)]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_directory_links_find_their_saved_index_pages() -> None:
    expected = json.loads((NORTHVALE / "expected.json").read_text(encoding="utf-8"))
    for path, want in expected["articles"].items():
        item, log = learn(NORTHVALE, HOST + path, NORTHVALE / path.strip("/") / "index.html")
        assert "2 listing pages gave evidence of 7 articles" in log
        assert "warning" not in log
        assert item["title"] == want["title"], path
        assert item["published"] == want["published"], path
        assert item["body"].startswith(want["body_first"]), path


def test_a_folder_without_a_listing_page_is_warned_about(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.html").write_text(
            f"<html><head><title>Story {i}</title></head><body><h1>Story number {i}</h1>"
            f"<p>{'A paragraph of the story. ' * 12}</p></body></html>",
            encoding="utf-8",
        )
    item, log = learn(tmp_path, "https://a.example.edu/0.html", tmp_path / "0.html")
    assert item["title"] == "Story number 0"
    assert "warning: no listing page" in log
