"""Saved real pages against their hand-written expected items, one test per (site, case, field).

One test per field, as web-poet's fixtures do, so a wrong date does not hide a wrong body. Each
site is read with its own profile (profile selectors, then the family preset, then generic).
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawler.extraction import decode_html, extract_article, extract_listing
from newscrawler.profiles import list_profiles, load_profile

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_FIELDS = (
    "url", "site", "title", "body", "captions", "images", "credits", "topics",
    "published", "views", "language",
)  # fmt: skip
LISTING_FIELDS = ("articles", "next_page", "pages")
#: Profiles whose fixture lives elsewhere, with the reason.
FIXTURE_ELSEWHERE = {
    "ustb-en": "checked against the replica of the reference article (tests/test_reference.py)",
}


def _cases(expected_name: str) -> list[Path]:
    return sorted(p.parent for p in FIXTURES.glob(f"*/*/{expected_name}"))


def _meta(case: Path) -> dict[str, Any]:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))


def _fetched_at(meta: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00"))


@cache
def _article(case: Path) -> dict[str, Any]:
    meta = _meta(case)
    page = (case / "page.html").read_bytes()
    profile = load_profile(case.parent.name)
    extraction = extract_article(
        meta["url"], page, profile, content_type=meta.get("content_type"),
        fetched_at=_fetched_at(meta),
    )  # fmt: skip
    return extraction.item


@cache
def _listing(case: Path) -> dict[str, Any]:
    meta = _meta(case)
    html = decode_html((case / "page.html").read_bytes(), meta.get("content_type"))
    listing = extract_listing(meta["url"], html, load_profile(case.parent.name))
    return {"articles": listing.articles, "next_page": listing.next_page, "pages": listing.pages}


def _params(expected_name: str, fields: tuple[str, ...]) -> list[Any]:
    return [
        pytest.param(case, field, id=f"{case.parent.name}/{case.name}/{field}")
        for case in _cases(expected_name)
        for field in fields
    ]


@pytest.mark.parametrize(("case", "field"), _params("expected.json", ARTICLE_FIELDS))
def test_article_field(case: Path, field: str) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert _article(case).get(field) == expected[field]


@pytest.mark.parametrize(("case", "field"), _params("expected_links.json", LISTING_FIELDS))
def test_listing_field(case: Path, field: str) -> None:
    expected = json.loads((case / "expected_links.json").read_text(encoding="utf-8"))
    assert _listing(case)[field] == expected[field]


@pytest.mark.parametrize("case", _cases("expected.json"), ids=lambda c: f"{c.parent.name}/{c.name}")
def test_every_field_records_its_method(case: Path) -> None:
    item = _article(case)
    for field in ("title", "body", "url"):
        assert item["extraction"].get(field), f"no extraction method recorded for {field}"


@pytest.mark.parametrize("profile", list_profiles(), ids=lambda p: p.id)
def test_every_profile_has_a_fixture(profile) -> None:
    if profile.id in FIXTURE_ELSEWHERE and not (FIXTURES / profile.id).is_dir():
        pytest.skip(FIXTURE_ELSEWHERE[profile.id])
    cases = [c for c in (FIXTURES / profile.id).glob("*/meta.json")]
    assert cases, f"site profile {profile.id!r} has no fixture under tests/fixtures/{profile.id}/"
