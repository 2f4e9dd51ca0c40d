"""The reference article: every version of newscrawler must extract it exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawler.archive.store import open_archive, row_to_item
from newscrawler.extraction import extract_article
from newscrawler.profiles import load_profile
from tests.conftest import LOCAL, run_cli

EXPECTED = json.loads(
    (
        Path(__file__).parent / "reference" / "ustb-en-digital-transformation.expected.json"
    ).read_text(encoding="utf-8")
)
REFERENCE_PATH = "/info/1091/5462.htm"
# url, image_url and views are unknown in the text-only reference; checked separately below.
EXACT_FIELDS = ("site", "title", "body", "credits", "topics", "published", "language")


@pytest.fixture(scope="module")
def extracted(portals):
    reply = portals["ustb-en"].response(REFERENCE_PATH)
    assert reply.status == 200
    url = "https://en.ustb.edu.cn" + REFERENCE_PATH
    return extract_article(url, reply.body, load_profile("ustb-en"), content_type="text/html")


@pytest.mark.parametrize("field", EXACT_FIELDS)
def test_reference_field_is_extracted_exactly(extracted, field):
    assert extracted.item[field] == EXPECTED[field]


def test_reference_captions_are_tied_to_their_images(extracted):
    captions = extracted.item["captions"]
    assert [c["text"] for c in captions] == [c["text"] for c in EXPECTED["captions"]]
    assert all(c["image_url"].startswith("https://en.ustb.edu.cn/__local/") for c in captions)
    assert [c["image_url"] for c in captions] == extracted.item["images"][: len(captions)]


def test_reference_views_come_from_the_vsb_click_counter(extracted):
    assert extracted.item["views"] is None
    assert extracted.views_url.startswith(
        "https://en.ustb.edu.cn/system/resource/code/news/click/dynclicks.jsp?clickid=5462"
    )


def test_reference_article_is_archived_exactly_by_a_crawl(portals, replica, tmp_path):
    portal = portals["ustb-en"]
    base = replica.url(portal)
    result = run_cli(
        "crawl", "ustb-en", "--start-url", base + portal.start_path, *LOCAL, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with open_archive(tmp_path / "archive.db") as db:
        row = row_to_item(db["articles"].get(base + REFERENCE_PATH))
    for field in EXACT_FIELDS:
        assert row[field] == EXPECTED[field], field
    assert [c["text"] for c in row["captions"]] == [c["text"] for c in EXPECTED["captions"]]
    assert row["views"] == portal.expected()[REFERENCE_PATH]["views"]
    assert isinstance(row["views"], int)
