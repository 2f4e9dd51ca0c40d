"""The extractor's version, recorded with every archived version of an article.

``EXTRACTOR_VERSION`` is ``PACKAGE_VERSION+DIGEST``: the package version and the first 10 hex
digits of a SHA-1 over the extraction code and the CMS presets, so any change to a rule gives a
new version even between releases. ``reextract`` writes it with the versions it adds, and an
archivist can tell which articles were extracted by which rules.
"""

from __future__ import annotations

import hashlib
from importlib import resources

from newscrawler import __version__


def _rules_digest() -> str:
    digest = hashlib.sha1()
    folders = (
        (resources.files("newscrawler.extraction"), ".py"),
        (resources.files("newscrawler.profiles") / "presets", ".toml"),
    )
    for root, suffix in folders:
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(suffix):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{__version__}+{_rules_digest()}"
