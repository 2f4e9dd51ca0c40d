"""Saved real pages against their hand-written expected items, one test per (site, case, field).

One test per field, as web-poet's fixtures do, so a wrong date does not hide a wrong body. Each page
is read twice: with its family named (the site's profile where it has one — profile selectors, then
the family preset, then generic — else the bare preset of the family in ``meta.json``'s ``cms``) and
with ``cms=auto``, as a portal nobody has described is read.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawler.extraction import decode_html, extract_article, extract_listing
from newscrawler.profiles import (
    FAMILIES,
    SiteProfile,
    list_profiles,
    load_preset,
    load_profile,
    profile_for_url,
)
from newscrawler.schema import ITEM_KEYS

FIXTURES = Path(__file__).parent / "fixtures"
#: The item keys a page says (not the hash derived from them, not the fetch time), from the schema.
ARTICLE_FIELDS = tuple(k for k in ITEM_KEYS if k not in ("content_hash", "fetched_at"))
LISTING_FIELDS = ("articles", "next_page", "pages")
MODES = ("family", "auto")
#: Sites with a bundled profile; fixtures of other sites name their family in meta.json ``cms``.
PROFILED = frozenset(p.id for p in list_profiles())
#: "site/case/field/mode" -> the kind of fault (issue 11) that makes it fail today. Each is marked
#: xfail (not strict); remove an entry when extraction gets the field right.
KNOWN_FAULTS: dict[str, str] = {}
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


def _profile(case: Path, mode: str) -> SiteProfile:
    """The site's profile, else its family's bare preset (``family``); or the ad-hoc ``auto``
    profile a ``--url`` crawl uses. Either way the item's ``site`` is the fixture's site id."""
    site, meta = case.parent.name, _meta(case)
    if mode == "auto":
        return replace(profile_for_url(meta["url"], "auto"), id=site)
    if site in PROFILED:
        return load_profile(site)
    return replace(load_preset(meta["cms"]), id=site)


@cache
def _article(case: Path, mode: str = "family") -> dict[str, Any]:
    meta = _meta(case)
    page = (case / "page.html").read_bytes()
    profile = _profile(case, mode)
    extraction = extract_article(
        meta["url"], page, profile, content_type=meta.get("content_type"),
        fetched_at=_fetched_at(meta),
    )  # fmt: skip
    return extraction.item


@cache
def _listing(case: Path, mode: str = "family") -> dict[str, Any]:
    meta = _meta(case)
    html = decode_html((case / "page.html").read_bytes(), meta.get("content_type"))
    listing = extract_listing(meta["url"], html, _profile(case, mode))
    return {"articles": listing.articles, "next_page": listing.next_page, "pages": listing.pages}


def _params(expected_name: str, fields: tuple[str, ...]) -> list[Any]:
    params = []
    for case in _cases(expected_name):
        for mode in MODES:
            for field in fields:
                key = f"{case.parent.name}/{case.name}/{field}/{mode}"
                kind = KNOWN_FAULTS.get(key)
                marks = (
                    [pytest.mark.xfail(strict=False, reason=f"issue 11: {kind}")] if kind else []
                )
                params.append(pytest.param(case, mode, field, id=key, marks=marks))
    return params


@pytest.mark.parametrize(("case", "mode", "field"), _params("expected.json", ARTICLE_FIELDS))
def test_article_field(case: Path, mode: str, field: str) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert _article(case, mode).get(field) == expected[field]


@pytest.mark.parametrize(("case", "mode", "field"), _params("expected_links.json", LISTING_FIELDS))
def test_listing_field(case: Path, mode: str, field: str) -> None:
    expected = json.loads((case / "expected_links.json").read_text(encoding="utf-8"))
    assert _listing(case, mode)[field] == expected[field]


def test_every_fixture_without_a_profile_names_its_family() -> None:
    for meta in FIXTURES.glob("*/*/meta.json"):
        site = meta.parent.parent.name
        if site not in PROFILED:
            assert json.loads(meta.read_text("utf-8")).get("cms") in FAMILIES, meta


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
