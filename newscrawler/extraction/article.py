"""Detail page -> article item. A pure function: no network, no files, no clock unless given.

:func:`extract_article` resolves the profile's family, reads the page once into an
:class:`~newscrawler.extraction.anatomy.ArticlePage`, and asks each field's module in
:mod:`newscrawler.extraction.fields` for its value; ``item["extraction"]`` names the step that
decided each field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from newscrawler.extraction.anatomy import ArticlePage
from newscrawler.extraction.decoding import UndecodableError, decode_html
from newscrawler.extraction.detect import detect_family
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.fields import (
    attachments,
    body,
    captions,
    credits,
    language,
    published,
    title,
    topics,
    views,
)
from newscrawler.extraction.fields import url as url_field
from newscrawler.extraction.template import SiteTemplate
from newscrawler.extraction.text import collapse
from newscrawler.profiles import SiteProfile, load_preset
from newscrawler.schema import HASHED, Hashed

__all__ = ["ArticlePage", "Extraction", "UndecodableError", "content_hash", "decode_html"]


@dataclass
class Extraction:
    """What one detail page yields: the item, a counter URL to fetch for views, and methods;
    ``page`` is the page as read (one parse: :attr:`ArticlePage.sel`), for a caller that asks
    more of it without parsing it again."""

    item: dict[str, Any]
    views_url: str | None = None
    page: ArticlePage | None = field(default=None, repr=False, compare=False)


def resolve_family(profile: SiteProfile, html: str) -> tuple[SiteProfile, str]:
    """For ``cms = "auto"``: the detected family's preset under this profile's identity."""
    if profile.cms != "auto":
        return profile, f"preset:{profile.cms}"
    family = detect_family(html)
    if family is None:
        return profile, "generic"
    preset = load_preset(family)
    merged = replace(
        preset,
        id=profile.id,
        language=profile.language or preset.language,
        timezone=profile.timezone or preset.timezone,
        start_urls=profile.start_urls,
        allowed_domains=profile.allowed_domains,
        selectors={**preset.selectors, **profile.selectors},
        overrides=profile.overrides,
        columns=profile.columns,
        source=profile.source,
    )
    return merged, f"detected:{family}"


def _hash_part(value: Any, how: Hashed) -> Any:
    """What ``content_hash`` takes of one field's value (:class:`newscrawler.schema.Hashed`)."""

    def text(part: Any) -> Any:
        return collapse(part) if how.collapse else part

    if not how.members:
        return text(value or "")
    if len(how.members) == 1:
        return [text(entry[how.members[0]]) for entry in value or []]
    return [[text(entry[m]) for m in how.members] for entry in value or []]


def content_hash(item: dict[str, Any]) -> str:
    """sha256 (hex) over the fields the schema marks hashed (title, body, caption texts, credits),
    each normalized as the schema says; views and fetch time do not count."""
    payload = {name: _hash_part(item.get(name), how) for name, how in HASHED.items()}
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def default_timezone(profile: SiteProfile, url: str) -> str | None:
    """The portal's UTC offset: the profile's, else ``+08:00`` for a ``.cn`` host, else None."""
    if profile.timezone:
        return profile.timezone
    host = urlsplit(url).hostname or ""
    return "+08:00" if host.endswith(".cn") else None


def read_page(
    page_url: str,
    html: str,
    profile: SiteProfile,
    fetched: datetime,
    *,
    evidence: Sequence[ListingEvidence] = (),
    template: SiteTemplate | None = None,
    template_over_preset: bool = False,
) -> ArticlePage:
    """One parse of a decoded page with its profile resolved (``cms = "auto"`` detected).

    Where a family preset (named, or detected) reads the page, the learned template (learned
    from as few as :data:`~newscrawler.extraction.template.MIN_PAGES` pages) keeps only its rules
    for :data:`OVER_PRESET_FIELDS` that agree on at least :data:`OVER_PRESET_AGREEMENT` of the
    pages learned from: where the headline, text, counter and column sit is the portal's own
    layout, which the family's generic selectors may miss. Its caption, credit and date rules and
    its furniture are left out there (measured: on the replica portals of known families, learned
    caption and credit rules were wrong on pages the preset reads right), unless
    ``template_over_preset``.
    """
    resolved, family_step = resolve_family(profile, html)
    if family_step != "generic" and not template_over_preset and template is not None:
        template = _over_preset(template)
    return ArticlePage(
        page_url,
        html,
        resolved,
        family_step=family_step,
        site_id=profile.id,
        fetched=fetched,
        timezone=default_timezone(resolved, page_url),
        evidence=evidence,
        template=template,
    )


#: Fields whose learned rule wins over a family preset's selector where it agrees widely.
OVER_PRESET_FIELDS = frozenset({"title", "body", "views", "topics"})
#: The least agreement (share of the pages learned from) of such a rule.
OVER_PRESET_AGREEMENT = 0.9


def _over_preset(template: SiteTemplate) -> SiteTemplate | None:
    """The part of ``template`` that decides over a family preset (see :func:`read_page`), None
    when no rule qualifies."""
    rules = {
        name: rule
        for name, rule in template.fields.items()
        if name in OVER_PRESET_FIELDS and rule.agreement >= OVER_PRESET_AGREEMENT
    }
    return replace(template, fields=rules, furniture=[]) if rules else None


def item_of(page: ArticlePage) -> tuple[dict[str, Any], str | None]:
    """The article item (docs/design.md §4, with ``extraction``: field -> step that decided it)
    and the counter URL for its views (None where the page has none)."""
    view_count, views_url = views.resolve(page)
    item: dict[str, Any] = {
        "url": url_field.resolve(page),
        "site": page.site_id,
        "title": title.resolve(page),
        "body": body.resolve(page),
        "captions": captions.resolve(page),
        "images": captions.resolve_images(page),
        "credits": credits.resolve(page),
        "topics": topics.resolve(page),
        "published": published.resolve(page),
        "views": view_count,
        "language": language.resolve(page),
        "attachments": attachments.resolve(page),
        "fetched_at": page.fetched.astimezone(timezone.utc).isoformat(timespec="seconds"),
    }
    item["content_hash"] = content_hash(item)
    item["extraction"] = dict(sorted(page.steps.items()))
    return item, views_url


def extract_article(
    url: str,
    html: str | bytes,
    profile: SiteProfile,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
    evidence: Sequence[ListingEvidence] = (),
    template: SiteTemplate | None = None,
    template_over_preset: bool = False,
) -> Extraction:
    """The article item of one detail page (docs/design.md §4).

    ``html`` is the page as fetched (bytes are decoded by ``content_type``'s charset, else the
    page's own, else sniffed); ``fetched_at`` the fetch time (aware; default now), after which
    no date is a publication date. ``evidence``: the listing rows (sitemap and feed entries) that
    linked the page; ``template``: the portal's learned template, used where no family preset reads
    the page, or everywhere with ``template_over_preset`` (see :func:`read_page`). Each field's chain is profile selector, template rule,
    listing evidence, preset selector, generic chain (see
    :mod:`newscrawler.extraction.fields`); with neither evidence nor template the page is read
    alone. ``item["extraction"]`` names the step that decided each field (``listing:title``,
    ``template:body``, ``preset:vsb:selector``, …).

    Raises :class:`UndecodableError` when ``html`` is bytes that no charset decodes.
    """
    fetched = fetched_at or datetime.now(timezone.utc)
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    page = read_page(
        url,
        text,
        profile,
        fetched,
        evidence=evidence,
        template=template,
        template_over_preset=template_over_preset,
    )
    item, views_url = item_of(page)
    return Extraction(item=item, views_url=views_url, page=page)
