"""Loading, merging and validating site profiles and CMS presets."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    "enabled",
    "name",
    "cms",
    "language",
    "timezone",
    "start_urls",
    "allowed_domains",
    "ports",
    "every",
    "detail_patterns",
    "listing_patterns",
    "detect",
    "hooks",
    "selectors",
    "crawl",
    "columns",
}
PRESET_ONLY_KEYS = {"family"}

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_TZ = re.compile(r"^[+-]\d{2}:\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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
    #: Ports of the portal's hosts besides those of its start URLs (see newscrawler.crawl.scope).
    ports: tuple[int, ...] = ()
    every: int | None = None  # seconds between scheduled crawls
    detail_patterns: tuple[re.Pattern[str], ...] = ()
    listing_patterns: tuple[re.Pattern[str], ...] = ()
    detect: tuple[str, ...] = ()
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    crawl: dict[str, Any] = field(default_factory=lambda: dict(CRAWL_DEFAULTS))
    overrides: frozenset[str] = frozenset()  # selector keys the profile itself sets
    hooks: tuple[str, ...] = ()  # family quirk modules (newscrawler.extraction.hooks) to run
    #: start URL -> the name of the column it lists (``[columns]``), the listing evidence's column
    #: where a listing page shows no heading or breadcrumb of its own.
    columns: dict[str, str] = field(default_factory=dict)
    source: str = ""
    enabled: bool = True  # False: an example, skipped by ``crawl --all``/``--due`` unless asked

    def xpaths(self, key: str) -> tuple[str, ...]:
        """The compiled (XPath) selectors for ``key``, in the order to try them."""
        return self.selectors.get(key, ())

    def with_start_urls(self, urls: list[str]) -> SiteProfile:
        """A copy crawling other start URLs (used to point a profile at a replica or mirror).

        Raises ProfileError when one of them is not an http(s) URL."""
        for url in urls:
            check_http_url(url, "--start-url")
        domains = tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in urls))
        columns = {u: name for u, name in self.columns.items() if u in urls}
        return replace(self, start_urls=tuple(urls), allowed_domains=domains, columns=columns)


def parse_duration(value: Any, where: str) -> int:
    """Seconds in a duration such as ``6h`` or ``30d``; ``where`` names the key in the error."""
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise ProfileError(f"{where}: expected a duration like '6h', '30m' or '7d', got {value!r}")
    return int(match.group(1)) * _DURATION_SECONDS[match.group(2)]


def format_duration(seconds: int) -> str:
    """The shortest profile-style duration for ``seconds`` (``90m``, ``6h``, ``7d``, ``45s``): the
    inverse of :func:`parse_duration`, in its largest whole unit."""
    for unit, size in sorted(_DURATION_SECONDS.items(), key=lambda kv: -kv[1]):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


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


def check_http_url(url: Any, where: str) -> str:
    """``url`` itself when it is an absolute ``http(s)://host/...`` URL, else ProfileError."""
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(
            f"{where}: {url!r} is not an http(s) URL (expected e.g. "
            "https://news.example.edu.cn/xwzx/xxyw.htm)"
        )
    return url


def check_site_id(site_id: Any, where: str) -> str:
    """``site_id`` itself when it is a valid site id (letters, digits, ``.``, ``_``, ``-``, not
    starting with a punctuation mark), else ProfileError naming ``where``."""
    if not isinstance(site_id, str) or not _ID.match(site_id):
        raise ProfileError(
            f"{where}: must be a string of letters, digits, '.', '_' or '-', got {site_id!r}"
        )
    return site_id


class _Problems:
    """Every problem found in one file, so that a single error lists them all."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.found: list[str] = []

    def add(self, message: str) -> None:
        self.found.append(message)

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Record a ProfileError raised in the block (its message names the key) and go on."""
        try:
            yield
        except ProfileError as exc:
            self.found.append(str(exc))

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise ProfileError(f"{self.where}: {self.found[0]}")
        if self.found:
            listed = "".join(f"\n  - {message}" for message in self.found)
            raise ProfileError(f"{self.where}: {len(self.found)} problems:{listed}")


def _compile_patterns(values: Any, where: str, problems: _Problems) -> tuple[re.Pattern[str], ...]:
    patterns = []
    with problems.collect():
        for i, value in enumerate(_str_list(values, where)):
            try:
                patterns.append(re.compile(value))
            except re.error as exc:
                problems.add(f"{where}[{i}]: invalid regular expression {value!r}: {exc}")
    return tuple(patterns)


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{where}: expected a string or a list of strings, got {value!r}")
    return value


def _read_toml(path: Path | Traversable) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read: {exc.strerror}") from None


def _check_keys(data: dict[str, Any], allowed: set[str], where: str, problems: _Problems) -> None:
    for key in data:
        if key not in allowed:
            problems.add(f"{where}unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")


def _merge(preset: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """Profile values win; the ``selectors`` and ``crawl`` tables merge key by key."""
    merged = {k: v for k, v in preset.items() if k not in PRESET_ONLY_KEYS}
    for key, value in profile.items():
        if key in ("selectors", "crawl") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def _is_number(value: Any) -> bool:
    """An int or float, but not a bool (TOML's ``true`` is no number)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: ``[crawl]`` counts that must be at least 1 (0 would stop or hang a crawl before it starts).
_AT_LEAST_ONE = {"concurrency", "max_listing_pages", "stop_after_known"}


def _check_crawl(crawl_raw: dict[str, Any], problems: _Problems) -> dict[str, Any]:
    """The ``[crawl]`` table over :data:`CRAWL_DEFAULTS`, every value type-checked strictly
    against its default's type (a bool is no number); durations parsed to seconds."""
    crawl = {**CRAWL_DEFAULTS, **crawl_raw}
    for key, value in crawl.items():
        where, default = f"crawl.{key}", CRAWL_DEFAULTS[key]
        if key == "recheck_after":
            with problems.collect():
                crawl[key] = parse_duration(value, where)
        elif default is None or (isinstance(default, str) and isinstance(value, str)):
            continue
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                problems.add(f"{where}: must be true or false, got {value!r}")
        elif isinstance(default, int):
            least = 1 if key in _AT_LEAST_ONE else 0
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                problems.add(f"{where}: must be a whole number >= {least}, got {value!r}")
        elif isinstance(default, float):
            if not _is_number(value) or value < 0:
                problems.add(f"{where}: must be a number >= 0, got {value!r}")
        else:
            problems.add(f"{where}: must be a {type(default).__name__}, got {value!r}")
    return crawl


def _check_columns(raw: Any, start_urls: tuple[str, ...], problems: _Problems) -> dict[str, str]:
    """The ``[columns]`` table: each key one of ``start_urls``, each value a non-empty name."""
    if not isinstance(raw, dict):
        problems.add("key 'columns' must be a table of start URL = column name")
        return {}
    columns = {}
    for url, name in raw.items():
        if url not in start_urls:
            problems.add(f"columns: {url!r} is not one of start_urls")
        elif not isinstance(name, str) or not name.strip():
            problems.add(f"columns.{url!r}: must be a non-empty string, got {name!r}")
        else:
            columns[url] = name.strip()
    return columns


def _optional_str(data: dict[str, Any], key: str, problems: _Problems) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        problems.add(f"key {key!r}: must be a string, got {value!r}")
        return None
    return value


def _build(
    data: dict[str, Any],
    source: Path | Traversable,
    site_id: str,
    overrides: frozenset[str] = frozenset(),
    problems: _Problems | None = None,
) -> SiteProfile:
    where = str(source)
    problems = problems or _Problems(where)
    cms = data.get("cms", "auto")
    if cms not in (*FAMILIES, "auto"):
        problems.add(f"key 'cms': unknown family {cms!r} (one of {', '.join(FAMILIES)}, auto)")

    profile_id = data.get("id", site_id)
    with problems.collect():
        check_site_id(profile_id, "key 'id'")

    selectors: dict[str, tuple[str, ...]] = {}
    selectors_raw = data.get("selectors", {})
    if not isinstance(selectors_raw, dict):
        problems.add("key 'selectors' must be a table")
        selectors_raw = {}
    _check_keys(selectors_raw, set(SELECTOR_KEYS), "[selectors]: ", problems)
    for key, value in selectors_raw.items():
        if key not in SELECTOR_KEYS:
            continue
        compiled = []
        with problems.collect():
            for i, s in enumerate(_str_list(value, f"selectors.{key}")):
                with problems.collect():
                    compiled.append(compile_selector(s, f"selectors.{key}[{i}]"))
        selectors[key] = tuple(compiled)

    crawl_raw = data.get("crawl", {})
    if not isinstance(crawl_raw, dict):
        problems.add("key 'crawl' must be a table")
        crawl_raw = {}
    _check_keys(crawl_raw, set(CRAWL_DEFAULTS), "[crawl]: ", problems)
    crawl = _check_crawl({k: v for k, v in crawl_raw.items() if k in CRAWL_DEFAULTS}, problems)

    start_urls: tuple[str, ...] = ()
    with problems.collect():
        start_urls = tuple(_str_list(data.get("start_urls", []), "start_urls"))
    for url in start_urls:
        with problems.collect():
            check_http_url(url, "start_urls")
    domains: list[str] = []
    with problems.collect():
        domains = _str_list(
            data.get("allowed_domains", [urlsplit(u).hostname or "" for u in start_urls]),
            "allowed_domains",
        )
    ports = data.get("ports", [])
    if not (
        isinstance(ports, list)
        and all(isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536 for p in ports)
    ):
        problems.add(f"key 'ports' must be a list of port numbers (1-65535), got {ports!r}")
        ports = []
    timezone = data.get("timezone")
    if timezone is not None and not (isinstance(timezone, str) and _TZ.match(timezone)):
        problems.add(f"key 'timezone' must look like '+08:00', got {timezone!r}")
    every = None
    if data.get("every") is not None:
        with problems.collect():
            every = parse_duration(data["every"], "every")
    columns = _check_columns(data.get("columns", {}), start_urls, problems)
    name = _optional_str(data, "name", problems) or ""
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.add(f"key 'enabled': must be true or false, got {enabled!r}")
    language = _optional_str(data, "language", problems)
    detail_patterns = _compile_patterns(
        data.get("detail_patterns", []), "detail_patterns", problems
    )
    listing_patterns = _compile_patterns(
        data.get("listing_patterns", []), "listing_patterns", problems
    )
    detect: tuple[str, ...] = ()
    with problems.collect():
        detect = tuple(_str_list(data.get("detect", []), "detect"))
    hooks: tuple[str, ...] = ()
    with problems.collect():
        hooks = tuple(_str_list(data.get("hooks", []), "hooks"))
    from newscrawler.extraction.hooks import HOOKS  # here: the extraction package imports this one

    for hook in hooks:
        if hook not in HOOKS:
            problems.add(f"key 'hooks': unknown hook {hook!r} (one of {', '.join(sorted(HOOKS))})")
    problems.raise_any()

    return SiteProfile(
        id=profile_id,
        cms=cms,
        name=name,
        language=language,
        timezone=timezone,
        start_urls=start_urls,
        allowed_domains=tuple(dict.fromkeys(domains)),
        ports=tuple(ports),
        every=every,
        detail_patterns=detail_patterns,
        listing_patterns=listing_patterns,
        detect=detect,
        selectors=selectors,
        crawl=crawl,
        overrides=overrides,
        hooks=hooks,
        columns=columns,
        source=where,
        enabled=enabled is not False,
    )


@cache
def _preset_data(family: str) -> dict[str, Any]:
    path = PRESETS_DIR / f"{family}.toml"
    data = _read_toml(path)
    problems = _Problems(str(path))
    _check_keys(data, TOP_KEYS | PRESET_ONLY_KEYS, "", problems)
    problems.raise_any()
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
    """Load one profile file, merged over its family's preset and validated.

    Raises ProfileError naming the file and every problem found in it (one per line when
    there are several): unknown keys, values of the wrong type, invalid selectors...
    """
    data = _read_toml(path)
    problems = _Problems(str(path))
    _check_keys(data, TOP_KEYS, "", problems)
    if "cms" not in data:
        problems.add(f"missing key 'cms' (one of {', '.join(FAMILIES)}, auto)")
    if not data.get("start_urls"):
        problems.add("missing key 'start_urls' (the portal's news listing URLs)")
    cms = data.get("cms")
    preset = _preset_data(cms) if isinstance(cms, str) and cms in FAMILIES else {}
    overrides = (
        frozenset(data.get("selectors", {}))
        if isinstance(data.get("selectors"), dict)
        else frozenset()
    )
    known = {k: v for k, v in data.items() if k in TOP_KEYS}
    return _build(_merge(preset, known), path, Path(path.name).stem, overrides, problems)


def profile_dirs(own: Sequence[str | Path] | None = None) -> list[Path | Traversable]:
    """Where profiles are looked up: your own folders first (``own``, e.g. from ``--profiles`` or
    ``newscrawler.toml``; when None, ``$NEWSCRAWLER_PROFILES``, folders separated by ``:``), then
    the bundled ``sites/``."""
    if own is None:
        own = [d for d in os.environ.get("NEWSCRAWLER_PROFILES", "").split(os.pathsep) if d]
    return [*(Path(d) for d in own), SITES_DIR]


def _profile_files(
    directory: Path | Traversable | None, own: Sequence[str | Path] | None = None
) -> list[Path | Traversable]:
    """Profile files by name (yours hide bundled ones of the same name), sorted by name."""
    files: dict[str, Path | Traversable] = {}
    for folder in [directory] if directory else profile_dirs(own):
        if not folder.is_dir():
            raise ProfileError(
                f"profile folder {folder} does not exist (--profiles, newscrawler.toml or "
                "NEWSCRAWLER_PROFILES)"
            )
        for path in folder.iterdir():
            if path.name.endswith(".toml"):
                files.setdefault(path.name, path)
    return [files[name] for name in sorted(files)]


def scan_profiles(
    directory: Path | Traversable | None = None, own: Sequence[str | Path] | None = None
) -> tuple[list[SiteProfile], list[ProfileError]]:
    """Every valid profile (as :func:`list_profiles`) and, apart, the error of each invalid one,
    so that one broken file does not hide the others."""
    profiles, errors = [], []
    for path in _profile_files(directory, own):
        try:
            profiles.append(load_profile_file(path))
        except ProfileError as exc:
            errors.append(exc)
    return profiles, errors


def list_profiles(
    directory: Path | Traversable | None = None, own: Sequence[str | Path] | None = None
) -> list[SiteProfile]:
    """Every profile in ``directory`` (default: :func:`profile_dirs` of ``own``, where a profile
    of yours hides a bundled one with the same id), sorted by id. Raises the first ProfileError."""
    return [load_profile_file(path) for path in _profile_files(directory, own)]


def load_profile(
    site_id: str,
    directory: Path | Traversable | None = None,
    own: Sequence[str | Path] | None = None,
) -> SiteProfile:
    """The profile with this id: its file name without ``.toml``, else a profile whose ``id``
    key says so. Raises ProfileError when none has it."""
    folders = [directory] if directory else profile_dirs(own)
    for folder in folders:
        path = folder / f"{site_id}.toml"
        if path.is_file():
            return load_profile_file(path)
    files = _profile_files(directory, own)
    for path in files:
        try:
            profile = load_profile_file(path)
        except ProfileError:
            continue
        if profile.id == site_id:
            return profile
    known = ", ".join(Path(p.name).stem for p in files)
    where = ", ".join(str(f) for f in folders)
    raise ProfileError(f"no site profile {site_id!r} in {where} (known: {known})")


def url_site_id(url: str) -> str:
    """The site id of a portal crawled by ``--url``: host (with a port, if any) and path, slugged,
    so two portals on one host get two ids. ``https://news.a.edu/xwzx/xxyw.htm`` gives
    ``news.a.edu-xwzx-xxyw``."""
    parts = urlsplit(url)
    path = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", parts.path, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9.]+", "-", f"{parts.netloc}/{path}".lower()).strip("-.")
    return slug or "adhoc"


def profile_for_url(
    url: str, cms: str = "auto", language: str | None = None, site_id: str | None = None
) -> SiteProfile:
    """An ad-hoc profile for a portal that has none yet: its start URL and family are enough.
    Its id is ``site_id`` when given (``crawl --url … --id NAME``), else :func:`url_site_id`.

    Raises ProfileError when ``url`` is not an http(s) URL, ``cms`` is no known family or
    ``site_id`` is no valid id.
    """
    check_http_url(url, "--url")
    if site_id is not None:
        check_site_id(site_id, "--id")
    base = load_preset(cms)
    return replace(
        base,
        id=site_id or url_site_id(url),
        language=language or base.language,
        start_urls=(url,),
        allowed_domains=(urlsplit(url).hostname or "",),
        source=f"--url {url} --cms {cms}",
    )
