"""Loading, merging and validating site profiles and CMS presets."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel.csstranslator import HTMLTranslator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Read through importlib.resources so profiles load from a zipped egg too (Scrapyd deploys one).
HERE = resources.files("newscrawler.profiles")
PRESETS_DIR = HERE / "presets"
SITES_DIR = HERE / "sites"

#: CMS families with a preset; ``auto`` detects one of them from the page or falls back to generic.
FAMILIES = ("vsb", "webplus", "wordpress", "drupal")

#: Named selectors a preset or profile may set. Each is a list tried in order (CSS or XPath).
SELECTOR_KEYS = (
    "title",  # the headline element
    "body",  # the article container
    "published",  # element whose text (or datetime/content attribute) holds the date
    "topics",  # category / topic labels
    "breadcrumb",  # breadcrumb links; the last section is the topic when none is shown
    "views",  # element whose text holds the view count
    "meta",  # metadata lines outside the body (author, source, editor, date...)
    "exclude",  # elements dropped from the body before reading it (share widgets, related news)
    "listing_links",  # article links on a listing page
    "next_page",  # the 'next page' link on a listing
    "page_links",  # numbered pagination links on a listing
    "listing_exclude",  # regions of a listing whose links are never articles (nav, hot news)
)

CRAWL_DEFAULTS: dict[str, Any] = {
    "max_listing_pages": 2000,  # trap guard: listing pages walked per start URL at most
    "trap_after": 5,  # listing pages in a row without a new article link that end a walk
    "download_delay": 1.0,  # seconds between requests to this portal
    "concurrency": 2,  # parallel requests to this portal
    "stop_after_known": 20,  # incremental: stop a listing after this many known articles in a row
    "recheck_after": "30d",  # incremental: re-fetch a known article when older than this
}

TOP_KEYS = {
    "id",
    "name",
    "cms",
    "language",
    "timezone",
    "start_urls",
    "allowed_domains",
    "every",
    "detail_patterns",
    "listing_patterns",
    "detect",
    "selectors",
    "crawl",
}
PRESET_ONLY_KEYS = {"family"}

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_TZ = re.compile(r"^[+-]\d{2}:\d{2}$")


class ProfileError(ValueError):
    """A profile or preset file is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class SiteProfile:
    """One portal's merged configuration (preset values overridden by the profile's)."""

    id: str
    cms: str
    name: str = ""
    language: str | None = None
    timezone: str | None = None
    start_urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    every: int | None = None  # seconds between scheduled crawls
    detail_patterns: tuple[re.Pattern[str], ...] = ()
    listing_patterns: tuple[re.Pattern[str], ...] = ()
    detect: tuple[str, ...] = ()
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    crawl: dict[str, Any] = field(default_factory=lambda: dict(CRAWL_DEFAULTS))
    overrides: frozenset[str] = frozenset()  # selector keys the profile itself sets
    source: str = ""

    def xpaths(self, key: str) -> tuple[str, ...]:
        """The compiled (XPath) selectors for ``key``, in the order to try them."""
        return self.selectors.get(key, ())

    def with_start_urls(self, urls: list[str]) -> SiteProfile:
        """A copy crawling other start URLs (used to point a profile at a replica or mirror)."""
        domains = tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in urls))
        return replace(self, start_urls=tuple(urls), allowed_domains=domains)


def parse_duration(value: str, where: str) -> int:
    """Seconds in a duration such as ``6h`` or ``30d``."""
    match = _DURATION.match(str(value))
    if not match:
        raise ProfileError(f"{where}: expected a duration like '6h', '30m' or '7d', got {value!r}")
    return int(match.group(1)) * _DURATION_SECONDS[match.group(2)]


def compile_selector(selector: str, where: str) -> str:
    """Turn a CSS or XPath selector into XPath, failing now if it is invalid.

    XPath is recognised by a leading ``/``, ``./`` or ``(``; anything else is CSS (parsel's
    dialect, so ``::text`` and ``::attr(name)`` work).
    """
    stripped = selector.strip()
    try:
        if stripped.startswith(("/", "./", "(")):
            xpath = stripped
        else:
            xpath = HTMLTranslator().css_to_xpath(stripped)
        etree.XPath(xpath)
    except Exception as exc:  # cssselect and lxml raise several unrelated types
        raise ProfileError(f"{where}: invalid selector {selector!r}: {exc}") from None
    return xpath


def _compile_patterns(values: Any, where: str) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for i, value in enumerate(_str_list(values, where)):
        try:
            patterns.append(re.compile(value))
        except re.error as exc:
            raise ProfileError(
                f"{where}[{i}]: invalid regular expression {value!r}: {exc}"
            ) from None
    return tuple(patterns)


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{where}: expected a string or a list of strings")
    return value


def _read_toml(path: Path | Traversable) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None


def _check_keys(data: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise ProfileError(
                f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
            )


def _merge(preset: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """Profile values win; the ``selectors`` and ``crawl`` tables merge key by key."""
    merged = {k: v for k, v in preset.items() if k not in PRESET_ONLY_KEYS}
    for key, value in profile.items():
        if key in ("selectors", "crawl") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def _build(
    data: dict[str, Any],
    source: Path | Traversable,
    site_id: str,
    overrides: frozenset[str] = frozenset(),
) -> SiteProfile:
    where = str(source)
    cms = data.get("cms", "auto")
    if cms not in (*FAMILIES, "auto"):
        raise ProfileError(
            f"{where}: key 'cms': unknown family {cms!r} (one of {FAMILIES + ('auto',)})"
        )

    selectors_raw = data.get("selectors", {})
    if not isinstance(selectors_raw, dict):
        raise ProfileError(f"{where}: key 'selectors' must be a table")
    _check_keys(selectors_raw, set(SELECTOR_KEYS), f"{where}: [selectors]")
    selectors = {
        key: tuple(
            compile_selector(s, f"{where}: selectors.{key}[{i}]")
            for i, s in enumerate(_str_list(value, f"{where}: selectors.{key}"))
        )
        for key, value in selectors_raw.items()
    }

    crawl_raw = data.get("crawl", {})
    if not isinstance(crawl_raw, dict):
        raise ProfileError(f"{where}: key 'crawl' must be a table")
    _check_keys(crawl_raw, set(CRAWL_DEFAULTS), f"{where}: [crawl]")
    crawl = {**CRAWL_DEFAULTS, **crawl_raw}
    for key in ("max_listing_pages", "concurrency", "stop_after_known", "trap_after"):
        if not isinstance(crawl[key], int) or crawl[key] < 0:
            raise ProfileError(f"{where}: crawl.{key} must be a non-negative integer")
    if not isinstance(crawl["download_delay"], (int, float)) or crawl["download_delay"] < 0:
        raise ProfileError(f"{where}: crawl.download_delay must be a non-negative number")
    crawl["recheck_after"] = parse_duration(crawl["recheck_after"], f"{where}: crawl.recheck_after")

    start_urls = tuple(_str_list(data.get("start_urls", []), f"{where}: start_urls"))
    for url in start_urls:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ProfileError(f"{where}: start_urls: {url!r} is not an http(s) URL")
    domains = data.get("allowed_domains")
    if domains is None:
        domains = [urlsplit(u).hostname for u in start_urls]
    timezone = data.get("timezone")
    if timezone is not None and not (isinstance(timezone, str) and _TZ.match(timezone)):
        raise ProfileError(f"{where}: key 'timezone' must look like '+08:00', got {timezone!r}")
    every = data.get("every")

    return SiteProfile(
        id=data.get("id", site_id),
        cms=cms,
        name=str(data.get("name", "")),
        language=data.get("language"),
        timezone=timezone,
        start_urls=start_urls,
        allowed_domains=tuple(dict.fromkeys(_str_list(domains, f"{where}: allowed_domains"))),
        every=parse_duration(every, f"{where}: every") if every is not None else None,
        detail_patterns=_compile_patterns(
            data.get("detail_patterns", []), f"{where}: detail_patterns"
        ),
        listing_patterns=_compile_patterns(
            data.get("listing_patterns", []), f"{where}: listing_patterns"
        ),
        detect=tuple(_str_list(data.get("detect", []), f"{where}: detect")),
        selectors=selectors,
        crawl=crawl,
        overrides=overrides,
        source=where,
    )


@cache
def _preset_data(family: str) -> dict[str, Any]:
    path = PRESETS_DIR / f"{family}.toml"
    data = _read_toml(path)
    _check_keys(data, TOP_KEYS | PRESET_ONLY_KEYS, str(path))
    return data


@cache
def load_preset(family: str) -> SiteProfile:
    """The bare preset of one CMS family, as a profile with no start URLs."""
    if family == "auto":
        return SiteProfile(id="auto", cms="auto", source="auto")
    if family not in FAMILIES:
        raise ProfileError(f"unknown CMS family {family!r} (one of {', '.join(FAMILIES)}, auto)")
    return _build({**_preset_data(family), "cms": family}, PRESETS_DIR / f"{family}.toml", family)


def load_profile_file(path: Path | Traversable) -> SiteProfile:
    """Load one profile file, merged over its family's preset and validated."""
    data = _read_toml(path)
    _check_keys(data, TOP_KEYS, str(path))
    if "cms" not in data:
        raise ProfileError(f"{path}: missing key 'cms' (one of {', '.join(FAMILIES)}, auto)")
    if not data.get("start_urls"):
        raise ProfileError(f"{path}: missing key 'start_urls' (the portal's news listing URLs)")
    cms = data["cms"]
    preset = _preset_data(cms) if cms in FAMILIES else {}
    overrides = (
        frozenset(data.get("selectors", {}))
        if isinstance(data.get("selectors"), dict)
        else frozenset()
    )
    return _build(_merge(preset, data), path, Path(path.name).stem, overrides)


def profile_dirs() -> list[Path | Traversable]:
    """Where profiles are looked up: ``$NEWSCRAWLER_PROFILES`` (folders separated by ``:``, your
    own portals, kept outside the installed package) first, then the bundled ``sites/``."""
    own = [Path(d) for d in os.environ.get("NEWSCRAWLER_PROFILES", "").split(os.pathsep) if d]
    return [*own, SITES_DIR]


def list_profiles(directory: Path | Traversable | None = None) -> list[SiteProfile]:
    """Every profile in ``directory`` (default: :func:`profile_dirs`, where a profile of yours
    hides a bundled one with the same id), sorted by id."""
    files: dict[str, Path | Traversable] = {}
    for folder in [directory] if directory else profile_dirs():
        if not folder.is_dir():
            raise ProfileError(f"profile folder {folder} does not exist (NEWSCRAWLER_PROFILES)")
        for path in folder.iterdir():
            if path.name.endswith(".toml"):
                files.setdefault(path.name, path)
    return [load_profile_file(files[name]) for name in sorted(files)]


def load_profile(site_id: str, directory: Path | Traversable | None = None) -> SiteProfile:
    """The profile with this id (its file name without ``.toml``)."""
    folders = [directory] if directory else profile_dirs()
    for folder in folders:
        path = folder / f"{site_id}.toml"
        if path.is_file():
            return load_profile_file(path)
    known = ", ".join(p.id for p in list_profiles(directory))
    where = ", ".join(str(f) for f in folders)
    raise ProfileError(f"no site profile {site_id!r} in {where} (known: {known})")


def profile_for_url(url: str, cms: str = "auto", language: str | None = None) -> SiteProfile:
    """An ad-hoc profile for a portal that has none yet: its start URL and family are enough."""
    base = load_preset(cms)
    host = urlsplit(url).hostname or ""
    return replace(
        base,
        id=host or "adhoc",
        language=language or base.language,
        start_urls=(url,),
        allowed_domains=(host,),
        source=f"--url {url} --cms {cms}",
    )
