"""Re-extraction: the current extractor run over the archive's stored captures, offline.

Every archived version links to the WARC record it was extracted from. ``reextract`` reads the
record of each selected article's current version, extracts it again with today's profile,
preset and generic chain — given the same inputs the crawl gave: the article's listing evidence
stored by then, and the template version the version row names — and passes the result through
the intake (:mod:`newscrawler.archive.intake`: checked and repaired as a crawl's item is, then stored
with :meth:`Archive.store`, ``revised=True``): a new version — ``revision = reextract``, with
the extractor version — only where some content field now reads differently. A re-extraction
the intake drops (no title any more, say) leaves the archived version as it is, counted by its
reason. It is how an extraction fix reaches the articles already archived,
including those whose page is gone.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawler.archive import intake
from newscrawler.archive.store import Archive, item_to_row
from newscrawler.archive.templates import stored_evidence, stored_template
from newscrawler.capture.index import CaptureIndex
from newscrawler.capture.version import EXTRACTOR_VERSION
from newscrawler.capture.warc import read_payload_record, settle_for_reading
from newscrawler.extraction import extract_article
from newscrawler.extraction.template import SiteTemplate
from newscrawler.profiles import ProfileError, SiteProfile, load_profile, profile_for_url
from newscrawler.schema import REVISED_COLUMNS

#: The inputs beyond the page this extractor takes (given only where it accepts them).
ARTICLE_INPUTS = frozenset(inspect.signature(extract_article).parameters) & {"evidence", "template"}

#: Item fields compared, in the order the summary lists them (``published`` is "date").
COMPARED = tuple(c for c in REVISED_COLUMNS if c != "content_hash")


@dataclass
class Outcome:
    """What a re-extraction found: ``examined`` versions, how many ``changed`` (would change, on a
    dry run), ``unchanged``, ``unreadable`` (capture missing or not a response record: counted,
    skipped), ``dropped`` by the intake per reason (the archived version kept), and per field,
    how many articles' value differs (``fields``). ``stats``: the intake's counters
    (:mod:`newscrawler.archive.intake`)."""

    examined: int = 0
    changed: int = 0
    unchanged: int = 0
    unreadable: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "examined": self.examined, "changed": self.changed, "unchanged": self.unchanged,
            "unreadable": self.unreadable, "dropped": dict(self.dropped),
            "fields": {f: self.fields[f] for f in COMPARED},
            "extractor_version": EXTRACTOR_VERSION,
        }  # fmt: skip


def _current_versions(
    archive: Archive, sites: tuple[str, ...], since: str | None
) -> Iterator[dict[str, Any]]:
    where, params = ["v.warc_file is not null"], []
    if sites:
        where.append(f"a.site in ({', '.join('?' for _ in sites)})")
        params += list(sites)
    if since:
        where.append("v.fetched_at >= ?")
        params.append(since)
    yield from archive.db.query(
        "select v.*, a.site, a.views, a.etag, a.last_modified from article_versions v"
        " join articles a on a.url = v.url and a.version = v.version"
        f" where {' and '.join(where)} order by v.url",
        params,
    )


class _Profiles:
    """Each site's profile: its profile file, else an ad-hoc one of family ``cms``."""

    def __init__(self, cms: str, own: Sequence[str | Path] | None = None) -> None:
        self.cms = cms
        self.own = own
        self.cache: dict[str, SiteProfile] = {}

    def __call__(self, site: str, url: str) -> SiteProfile:
        if site not in self.cache:
            try:
                self.cache[site] = load_profile(site, own=self.own)
            except ProfileError:
                self.cache[site] = profile_for_url(url, self.cms)
        return self.cache[site]


class _Templates:
    """Each (site, version)'s stored template, read once."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.cache: dict[tuple[str, int], SiteTemplate | None] = {}

    def __call__(self, site: str, version: int | None) -> SiteTemplate | None:
        if version is None:
            return None
        if (site, version) not in self.cache:
            self.cache[site, version] = stored_template(self.archive.db.conn, site, version)
        return self.cache[site, version]


def reextract(
    archive: Archive, warc_dir: str | Path, *, sites: tuple[str, ...] = (),
    since: str | None = None, dry_run: bool = False, cms: str = "auto", batch_size: int = 100,
    own_profiles: Sequence[str | Path] | None = None,
) -> Outcome:  # fmt: skip
    """Re-extract the current version of every archived article (of ``sites``, fetched on or
    after ``since``, an ISO date) from its capture in ``warc_dir``; store what changed unless
    ``dry_run``. ``cms`` is the family for sites without a profile file; ``own_profiles`` are
    the folders of your profiles (None: ``$NEWSCRAWLER_PROFILES``)."""
    outcome, profiles, batch = Outcome(), _Profiles(cms, own_profiles), []
    templates = _Templates(archive)
    stats = intake.CounterStats(outcome.stats)
    settle_for_reading(warc_dir)
    index = CaptureIndex.load(warc_dir)  # to follow revisit records to their payload
    for version in _current_versions(archive, sites, since):
        outcome.examined += 1
        try:
            record = read_payload_record(
                warc_dir, version["warc_file"], version["warc_offset"], index
            )
        except (OSError, ValueError) as exc:
            outcome.unreadable += 1
            outcome.problems.append(f"{version['url']}: {exc}")
            continue
        if record.record_type != "response":
            outcome.unreadable += 1
            outcome.problems.append(f"{version['url']}: record is a {record.record_type}")
            continue
        profile = profiles(version["site"], version["url"])
        content_type = next(
            (v for k, v in record.http_headers if k.lower() == "content-type"), None
        )
        fetched = datetime.fromisoformat(version["fetched_at"])
        inputs: dict[str, Any] = {}
        if "evidence" in ARTICLE_INPUTS:
            inputs["evidence"] = stored_evidence(
                archive.db.conn, version["url"], version["fetched_at"]
            )
        template = templates(version["site"], version.get("template_version"))
        if template is not None and "template" in ARTICLE_INPUTS:
            inputs["template"] = template
        result = extract_article(
            record.url, record.payload, profile, content_type=content_type, fetched_at=fetched,
            **inputs,
        )  # fmt: skip
        item = {
            **result.item,
            "url": version["url"], "site": version["site"], "fetched_at": version["fetched_at"],
            "views": version["views"], "etag": version["etag"],
            "last_modified": version["last_modified"], "warc_file": version["warc_file"],
            "warc_offset": version["warc_offset"], "warc_record_id": version["warc_record_id"],
            "extractor_version": EXTRACTOR_VERSION,
            "template_version": template.version if "template" in inputs else None,
        }  # fmt: skip
        reason = intake.prepare(item, stats)
        if reason is not None:
            outcome.dropped[reason] += 1
            outcome.problems.append(f"{version['url']}: {reason}, the archived version kept")
            continue
        row = item_to_row(item)
        differing = [c for c in COMPARED if row.get(c) != version.get(c)]
        if not differing and row.get("content_hash") == version.get("content_hash"):
            outcome.unchanged += 1
            continue
        outcome.changed += 1
        outcome.fields.update(differing)
        batch.append(item)
        if len(batch) >= batch_size and not dry_run:
            intake.store(archive, batch, stats=lambda _: stats, revised=True)
            batch = []
    if batch and not dry_run:
        intake.store(archive, batch, stats=lambda _: stats, revised=True)
    return outcome
