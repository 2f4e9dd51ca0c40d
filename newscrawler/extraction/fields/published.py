"""``published``: the publication date (``YYYY-MM-DD``, or a full ISO time where one is shown).

Chain, nearest the headline first: the profile's ``published`` selector; the learned template's
``published`` rule (and its metadata line); the preset's ``published`` selector; a labelled date
line under the title, then after the body, then in the body; JSON-LD, CMS metas
and ``<time>``; an unlabelled date under the title; the URL; the issue on a reprint's source line
(``——《北京之春》1998年3月号``, to the month when only the month is printed); a date printed alone
beside the article. Never a footer, sidebar, copyright line or the prose.

A ``<time datetime>`` is the visible date's exact value, so its time counts unless it is a
date-only field's placeholder (Drupal stores those as noon UTC); a ``<meta>`` time is never shown
to a reader, so it gives the day only (in the portal's zone).

Listing evidence: a listed date confirms the page's. When the chain's first date disagrees with
every listed date and a later candidate agrees, that one is taken (``listing:published``); when
none agrees the page's first date stands; where the page shows no date at all, the listed date is
the date (``listing:published``). A profile selector's or the template's date is never overruled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from newscrawler.extraction import generic
from newscrawler.extraction.dates import date_in_url, month_date, parse_date, zone_info
from newscrawler.extraction.fields.url import own_urls
from newscrawler.extraction.metalines import split_fields
from newscrawler.extraction.text import collapse, display_length
from newscrawler.extraction.vocabulary import SITE_DATE_CONTEXT

if TYPE_CHECKING:
    from newscrawler.extraction.anatomy import ArticlePage, Found

#: Steps whose date a listing never overrules.
_UNQUESTIONED = frozenset({"profile:selector", "template:published"})
_PLACEHOLDER_TIME = re.compile(r"T(12:00:00(\.0+)?(Z|\+00:?00)|00:00:00)")
#: What a printed date and time are made of: left out to measure the text around a date.
_DATE_LIKE = re.compile(r"[\d\s:：/.\-年月日时分秒]+|[A-Za-z]{3,9}\.?(?=\s*\d)")


def resolve(page: ArticlePage) -> str | None:
    """The first candidate that gives a date (or the one a listing confirms), with the printed
    time where the page shows one; else the listed date; else None."""
    listed = page.listed_dates
    first = None
    for found in candidates(page):
        if not found.value:
            continue
        if first is None:
            first = found
            if not listed or found.value[:10] in listed or found.step in _UNQUESTIONED:
                break
        elif found.value[:10] in listed:  # a later date of the page that the listing confirms
            value = _with_printed_time(page, found.value)
            return page.record("published", "listing:published", value)
    if first is not None:
        return page.record("published", first.step, _with_printed_time(page, first.value))
    if listed:
        return page.record("published", "listing:published", listed[0])
    return None


def candidates(page: ArticlePage) -> Iterator[Found]:
    """Every date the chain finds, in the order of trust (values may be None)."""
    from newscrawler.extraction.anatomy import Found

    tz, not_after = page.timezone, page.fetched.date()
    by_profile = page.origin("published") == "profile"
    if by_profile:
        yield from _selected(page)
    for text in page.rule_texts("published")[:1]:
        yield Found(page.date(text), "template:published")
    if not by_profile:
        yield from _selected(page)
    for where in ("before", "after"):
        for line in page.meta_lines:
            if line.where == where:
                step = "template:published" if line.learned else f"metadata-line:{where}"
                for field in line.fields:
                    if field.role == "published":
                        yield Found(page.date(field.value), step)
    for raw in page.content.dates:
        yield Found(page.date(raw) or month_date(raw, not_after), "body-line")
    for raw, step in generic.published_candidates(page.sel, page.in_teaser):
        value = parse_date(raw, tz, not_after)
        exact = step == "generic:time" and not _PLACEHOLDER_TIME.search(raw)
        yield Found(value if exact else _day(value), step)
    for line in page.meta_lines:
        if line.where == "before" and not SITE_DATE_CONTEXT.search(line.text):
            for field in line.fields:
                if not field.role and display_length(field.value) <= 100:
                    yield Found(parse_date(field.value, tz, not_after), "metadata-line:unlabelled")
    for url in own_urls(page):
        yield Found(date_in_url(url, not_after), "url")
    for raw in page.content.issues:  # a reprint's source line: when the original appeared
        yield Found(page.date(raw) or month_date(raw, not_after), "reprint-source")
    if not page.region.step.startswith("generic"):
        return
    for raw in generic.visible_dates(page.region.value):
        text = collapse(raw)
        if display_length(text) > 120 or SITE_DATE_CONTEXT.search(text):
            continue
        labelled = [f.value for f in split_fields(text) if f.role == "published"]
        if labelled:
            yield Found(page.date(labelled[0]), "generic:labelled-date")
        elif display_length(_DATE_LIKE.sub("", text)) <= 24:
            yield Found(parse_date(text, tz, not_after), "generic:visible-date")
    # A labelled date further out (a forum's post header row in another table).
    for line in generic.visible_lines(page.region.value, levels=6):
        if display_length(line) <= 120 and not SITE_DATE_CONTEXT.search(line):
            for field in split_fields(line):
                if field.role == "published":
                    yield Found(page.date(field.value), "generic:labelled-date")


def _selected(page: ArticlePage) -> Iterator[Found]:
    """Dates of the ``published`` selector's elements (profile's, else preset's): the
    ``datetime`` attribute's exact time unless it is a placeholder or the element shows
    another time, else the shown text, else ``content``."""
    from newscrawler.extraction.anatomy import Found

    tz, not_after = page.timezone, page.fetched.date()
    for node in page.first("published"):
        if page.in_teaser(node.root):
            continue  # the date of a related story printed in the same markup
        shown = collapse(node.xpath("string(.)").get() or "")
        attr = node.attrib.get("datetime") or ""
        exact = parse_date(attr, tz, not_after)
        if (
            exact
            and not _PLACEHOLDER_TIME.search(attr)
            and not _shows_other_time(page, attr, shown)
        ):
            value = exact
        else:
            value = page.date(shown) or _day(exact)
        value = value or _day(parse_date(node.attrib.get("content") or "", tz, not_after))
        yield Found(value, f"{page.origin('published')}:selector")


def _with_printed_time(page: ArticlePage, day: str) -> str:
    """``day`` with the time of the page's machine-readable timestamp for that day, when the
    page also prints that time beside the headline (``November 6, 2024 · 11:51 pm``): the
    printed time, with the zone the timestamp gives it."""
    if len(day) != 10:
        return day
    printed = " ".join(line.text for line in page.meta_lines if line.where == "before").lower()
    if not re.search(r"\d:\d\d", printed):
        return day
    for raw, _ in generic.published_candidates(page.sel, page.in_teaser):
        moment = _aware(raw, page.timezone)
        if moment and moment.date().isoformat() == day and _prints_time(printed, moment):
            return moment.isoformat()
    return day


def _shows_other_time(page: ArticlePage, stamp: str, shown: str) -> bool:
    """True when the element prints a time that is not ``stamp``'s in the portal's zone
    (Drupal's ``datetime="…T13:30:00Z"`` shown as ``04/16/2024 - 09:30``, local time in a zone
    the page does not name): the printed date is the one a reader sees, not the stamp's."""
    moment = _aware(stamp, page.timezone)
    return bool(moment and re.search(r"\d:\d\d", shown) and not _prints_time(shown.lower(), moment))


def _aware(raw: str, timezone: str | None) -> datetime | None:
    """An ISO timestamp with a zone as an aware datetime in the portal's zone (its own zone when
    the portal's is unknown); None for a date or a time without a zone."""
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None or len(raw.strip()) <= 10:
        return None
    return moment.astimezone(zone_info(timezone)) if timezone else moment


def _prints_time(text: str, moment: datetime) -> bool:
    """True when ``text`` (lower-case) prints ``moment``'s time, 24-hour or with am/pm."""
    h12 = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    return bool(
        re.search(rf"(?<!\d)0?{moment.hour}:{moment.minute:02d}(?!\d)(?!\s*[ap]\.?m)", text)
        or re.search(rf"(?<!\d)0?{h12}:{moment.minute:02d}\s*{half[0]}\.?m", text)
    )


def _day(value: str | None) -> str | None:
    """An ISO date-time cut to its day (for times a reader never sees)."""
    return value[:10] if value else None
