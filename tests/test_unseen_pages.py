"""Hand-written pages in templates the extractor was never tuned to, against their expected items.

Each page under ``tests/fixtures/unseen/<name>/`` imitates one template variety (see its
``PROVENANCE.md``) and carries ``expected_item.json``, written by reading the page. Title, published,
credits, topics, captions, images, attachments and views must be exact; the body must start and end
with the expected paragraphs. Each page is read with its family's preset (``page.json`` ``cms``; ``auto``
for home-grown sites) and with ``cms=auto``. ``page.json`` is not ``meta.json`` on purpose: these
pages are not saved real pages, so tests/test_fixtures.py does not read them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawler.extraction import extract_article
from newscrawler.profiles import load_preset, profile_for_url

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
CASES = sorted(p.parent.name for p in UNSEEN.glob("*/expected_item.json"))
EXACT_FIELDS = (
    "title", "published", "credits", "topics", "captions", "images", "attachments", "views",
    "language",
)  # fmt: skip


def _meta(name: str) -> dict[str, Any]:
    return json.loads((UNSEEN / name / "page.json").read_text(encoding="utf-8"))


def _expected(name: str) -> dict[str, Any]:
    return json.loads((UNSEEN / name / "expected_item.json").read_text(encoding="utf-8"))


def _modes(name: str) -> tuple[str, ...]:
    return ("auto",) if _meta(name)["cms"] == "auto" else ("family", "auto")


@cache
def _item(name: str, mode: str) -> dict[str, Any]:
    meta = _meta(name)
    if mode == "auto":
        profile = profile_for_url(meta["url"], "auto")
    else:
        profile = replace(load_preset(meta["cms"]), id="unseen")
    fetched_at = datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00"))
    page = (UNSEEN / name / "page.html").read_bytes()
    return extract_article(
        meta["url"], page, profile, content_type=meta["content_type"], fetched_at=fetched_at
    ).item


PARAMS = [(n, m) for n in CASES for m in _modes(n)]


def test_every_unseen_page_has_an_expected_item_and_provenance() -> None:
    pages = sorted(p.parent.name for p in UNSEEN.glob("*/page.html"))
    assert pages == CASES and len(CASES) >= 6
    for name in CASES:
        assert "Written by hand" in (UNSEEN / name / "PROVENANCE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field", EXACT_FIELDS)
@pytest.mark.parametrize(("name", "mode"), PARAMS)
def test_unseen_page_field_is_exact(name: str, mode: str, field: str) -> None:
    assert _item(name, mode)[field] == _expected(name)[field]


@pytest.mark.parametrize(("name", "mode"), PARAMS)
def test_unseen_page_body_starts_and_ends_with_the_article(name: str, mode: str) -> None:
    blocks = _item(name, mode)["body"].split("\n\n")
    expected = _expected(name)
    assert (blocks[0], blocks[-1]) == (expected["body_first"], expected["body_last"])
