"""Publication dates as real portals print them, turned into ISO 8601.

Handles ISO strings (with or without zone), ``2022-08-24 10:30``, ``2022/8/24``, ``2022.08.24``,
``2022年08月24日 10:30``, ``August 24,2022``, ``Aug 24, 2022``, ``24 Aug 2022``. A date with a time
gets the portal's UTC offset (profile ``timezone``) unless the string carries its own.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january", "janvier"),
            ("feb", "february", "février", "fevrier"),
            ("mar", "march", "mars"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juillet"),
            ("aug", "august", "août", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "décembre", "decembre"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:[T\s]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"

PATTERNS = [
    # 2022-08-24, 2022/8/24, 2022.08.24, optionally with a time and zone
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)" + _TIME),
    # 2022年08月24日 10:30
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
        r"(?:\s*(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?)?"
    ),
    # August 24,2022 / Aug. 24, 2022
    re.compile(
        rf"(?<![A-Za-z])(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y>(?:19|20)\d{{2}})(?!\d)",
        re.I,
    ),
    # 24 Aug 2022 / 24 août 2022 / 24. August 2022
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d)",
        re.I,
    ),
]

#: Words that introduce a publication date in metadata lines.
PUBLISHED_LABELS = re.compile(
    r"发布时间|发布日期|发表时间|发布于|日期|时间|更新时间|Date|Published|Posted|Publication date|Publié",
    re.I,
)


def _zone(tz: str | None, default: str | None) -> str:
    if tz == "Z":
        return "+00:00"
    if tz:
        return tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"
    return default or ""


def parse_date(text: str, timezone: str | None = None, not_after: date | None = None) -> str | None:
    """The first date in ``text`` as ISO 8601, or None.

    ``timezone`` (``+08:00``) is attached when a time is printed without a zone; ``not_after``
    rejects dates later than it (a page cannot be published after it was fetched).
    """
    for match in _matches(text):
        iso = _to_iso(match, timezone, not_after)
        if iso:
            return iso
    return None


def _matches(text: str) -> list[re.Match[str]]:
    found = [m for pattern in PATTERNS for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: m.start())


def _to_iso(match: re.Match[str], timezone: str | None, not_after: date | None) -> str | None:
    groups = match.groupdict()
    month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    try:
        day = date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:
        return None
    if not_after and day > not_after:
        return None
    if groups.get("H") is None:
        return day.isoformat()
    try:
        moment = datetime(
            day.year,
            day.month,
            day.day,
            int(groups["H"]),
            int(groups["M"]),
            int(groups.get("S") or 0),
        )
    except ValueError:
        return day.isoformat()
    return moment.isoformat() + _zone(groups.get("tz"), timezone)


def is_valid_iso(value: str) -> bool:
    """True when ``value`` is an ISO 8601 date or date-time this project writes."""
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True
