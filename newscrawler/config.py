"""``newscrawler.toml``: defaults kept beside the archive, so a cron job needs no environment.

The file sits in the archive's folder (``/srv/news/newscrawler.toml`` for
``--db /srv/news/archive.db``)::

    profiles = ["portals"]        # your profile folders, relative to this file (or absolute)
    include_examples = false      # crawl --all/--due also crawl the bundled example profiles

    [settings]                    # Scrapy settings for every crawl, as `-s NAME=VALUE`
    DOWNLOAD_TIMEOUT = 60

Precedence: a command-line option beats this file, which beats ``$NEWSCRAWLER_PROFILES``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: The config file's name, looked up in the archive's folder.
CONFIG_NAME = "newscrawler.toml"
_KEYS = {"profiles", "include_examples", "settings"}


class ConfigError(ValueError):
    """``newscrawler.toml`` is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """What ``newscrawler.toml`` says (defaults when there is no file: ``path`` is None)."""

    path: Path | None = None
    profiles: tuple[Path, ...] | None = None  # None: not set (fall back to the environment)
    include_examples: bool = False
    settings: dict[str, Any] = field(default_factory=dict)


def config_path(db: str | Path) -> Path:
    """Where the config of the archive ``db`` lives: ``newscrawler.toml`` in its folder."""
    return Path(db).absolute().parent / CONFIG_NAME


def load_config(db: str | Path) -> Config:
    """The config beside the archive ``db`` (an empty :class:`Config` when there is none).

    Raises :class:`ConfigError` when the file is not TOML, has an unknown key, a value of the
    wrong type, or names a profile folder that does not exist."""
    path = config_path(db)
    if not path.is_file():
        return Config()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_KEYS))})"
        )
    profiles = None
    if "profiles" in data:
        raw = data["profiles"]
        raw = [raw] if isinstance(raw, str) else raw
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ConfigError(f"{path}: key 'profiles': expected a folder or a list of folders")
        profiles = tuple(path.parent / Path(v).expanduser() for v in raw)
        missing = [str(p) for p in profiles if not p.is_dir()]
        if missing:
            raise ConfigError(f"{path}: key 'profiles': folder {missing[0]} does not exist")
    include_examples = data.get("include_examples", False)
    if not isinstance(include_examples, bool):
        raise ConfigError(f"{path}: key 'include_examples': must be true or false")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"{path}: key 'settings' must be a table of Scrapy settings")
    return Config(path, profiles, include_examples, dict(settings))


def own_profile_dirs(option: Sequence[str | Path], db: str | Path) -> list[Path] | None:
    """Your profile folders: ``--profiles`` when given, else the config's ``profiles``, else None
    (``$NEWSCRAWLER_PROFILES`` decides). Raises :class:`ConfigError` as :func:`load_config`."""
    if option:
        return [Path(d) for d in option]
    configured = load_config(db).profiles
    return list(configured) if configured is not None else None
