"""Publication dates as real portals print them, turned into ISO 8601.

Handles ISO strings (with or without zone), ``2022-08-24 10:30``, ``2022/8/24``, ``2022.08.24``,
``8/24/2022 10:30 AM``, ``2022年08月24日 10:30``, ``August 24,2022``, ``Aug 24, 2022``, ``24 Aug 2022``, relative dates
(``2小时前``, ``昨天``, ``3 days ago``) against the fetch time, and dates in URLs (``/2016/02/09/``,
``/2022/0824/``), and the month of a magazine issue (``1998年3月号`` -> ``1998-03``, ISO 8601 at
the precision printed). A date with a time gets the portal's UTC offset (profile ``timezone``) unless the
string carries its own, and a time with its own zone is converted to the portal's zone, so its day
is the portal's day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

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
_TIME = (
    r"(?:[T\s]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?(?:\.\d+)?"
    r"(?:\s*(?P<half>[AaPp])\.?[Mm]\.?(?![A-Za-z]))?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)

PATTERNS = [
    # 2022-08-24, 2022/8/24, 2022.08.24, optionally with a time and zone
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)" + _TIME),
    # 06/02/2022 (day first, as most of the world prints it) or 9/17/2004 5:54:13 AM (month
    # first, as US pages print it with a 12-hour time); a first number over 12 is the day
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])" + _TIME),
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

_RELATIVE = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>分钟|小时|天|周|minutes?|mins?|hours?|hrs?|days?|weeks?)\s*(?:前|ago)"
    r"|(?P<word>今天|昨天|前天|today|yesterday)",
    re.I,
)
_UNIT_DAYS = {"分": 1 / 1440, "min": 1 / 1440, "小": 1 / 24, "hou": 1 / 24, "hr": 1 / 24}
_WORD_DAYS = {"今天": 0, "today": 0, "昨天": 1, "yesterday": 1, "前天": 2}
URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # /2016/02/09/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),  # /2022/0824/
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?:/|-|$)"),  # /2022-08-24/
)
#: A month printed alone, as a magazine issue's date: ``1998年3月号``, ``1998年3月``, ``1998-03``.
_MONTH_ONLY = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月(?:号|刊|份)?|-(?P<m2>\d{2}))$"
)
#: The closing line of a reprint naming the publication and its issue: ``——《北京之春》1998年3月号``,
#: ``（原载《人民日报》2005年3月1日）``. A dash or a "printed in" word must open it.
_REPRINT = re.compile(
    r"^[（(]?\s*(?:[—–－-]{1,3}\s*(?P<w1>原载|原文载|摘自|选自|转载自|转自|载于|载)?|(?P<w2>原载|原文载|摘自|选自|转载自|转自|载于))"
    r"\s*[:：]?\s*《(?P<publication>[^《》]{1,30})》\s*(?P<issue>[^()（）《》]{4,30}?)\s*[)）]?$"
)


def month_date(text: str, not_after: date | None = None) -> str | None:
    """``1998年3月号`` / ``1998-03`` -> ``1998-03`` (a month printed alone), else None; a month
    after ``not_after``'s is rejected."""
    match = _MONTH_ONLY.match(text.strip())
    if not match:
        return None
    year, month = int(match["y"]), int(match["m"] or match["m2"])
    if not 1 <= month <= 12 or (not_after and (year, month) > (not_after.year, not_after.month)):
        return None
    return f"{year:04d}-{month:02d}"


def reprint_issue(line: str) -> str | None:
    """The issue date printed on a reprint's source line (``——《北京之春》1998年3月号`` ->
    ``1998年3月号``), or None when ``line`` is not such a line or its issue is not a date."""
    match = _REPRINT.match(line.strip())
    if not match:
        return None
    issue = match["issue"].strip()
    return issue if parse_date(issue) or month_date(issue) else None


def _zone(tz: str | None, default: str | None) -> str:
    if tz == "Z":
        return "+00:00"
    if tz:
        return tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"
    return default or ""


def parse_date(
    text: str,
    timezone: str | None = None,
    not_after: date | None = None,
    now: datetime | None = None,
) -> str | None:
    """The first date in ``text`` as ISO 8601, or None.

    ``timezone`` (``+08:00``) is attached when a time is printed without a zone, and a time
    printed with another zone is converted to it; ``not_after`` rejects dates later than it (a
    page cannot be published after it was fetched); ``now`` (aware) resolves relative dates.
    """
    for match in _matches(text):
        iso = _to_iso(match, timezone, not_after)
        if iso:
            return iso
    if now is not None:
        return relative_date(text, now, timezone)
    return None


#: What a date line prints beside its date: a time, a weekday, ``更新``/``Updated``, brackets.
_BESIDE_DATE = re.compile(
    r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*(?:[ap]\.?m\.?(?![a-z]))?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:mon|tue|wed|thu|fri|sat|sun)\b\.?"
    r"|(?:星期|周)[一二三四五六日天]|更新|updated|posted|[\s,，.·|｜()（）\[\]【】:：-]",
    re.I,
)


def is_date_line(text: str) -> bool:
    """True for a line that prints only a date (with a time, a weekday, ``更新``/``Updated``
    beside it): ``Saturday, September 10th, 2005 10:56 am``, ``2024-05-01 星期三``. A line
    with words of its own (``2024年5月1日，学校召开…``) is not one."""
    matches = _matches(text)
    if not matches:
        return False
    rest, end = [], 0
    for match in matches:
        rest.append(text[end : match.start()])
        end = max(end, match.end())
    rest.append(text[end:])
    return not _BESIDE_DATE.sub("", "".join(rest))


def relative_date(text: str, now: datetime, timezone: str | None = None) -> str | None:
    """The day of ``2小时前`` / ``昨天`` / ``3 days ago`` counted back from ``now`` (aware), in the
    portal's ``timezone``; None when ``text`` holds no relative date."""
    match = _RELATIVE.search(text)
    if not match:
        return None
    if match.group("word"):
        back = timedelta(days=_WORD_DAYS[match.group("word").lower()])
    else:
        unit = match.group("unit").lower()
        days = next((v for k, v in _UNIT_DAYS.items() if unit.startswith(k)), None)
        if days is None:
            days = 7 if unit.startswith(("周", "week")) else 1
        back = timedelta(days=int(match.group("n")) * days)
    local = now.astimezone(zone_info(timezone)) if timezone else now
    return (local - back).date().isoformat()


def date_in_url(url: str, not_after: date | None = None) -> str | None:
    """The day a URL's path carries (``/2016/02/09/slug``, ``/2022/0824/c1a2/page.htm``)."""
    for pattern in URL_DATES:
        match = pattern.search(url)
        if match:
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            if not not_after or day <= not_after:
                return day.isoformat()
    return None


def zone_info(offset: str) -> dt_timezone:
    """``+08:00`` as a fixed-offset tzinfo."""
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset[1:].split(":")
    return dt_timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _matches(text: str) -> list[re.Match[str]]:
    found = [m for pattern in PATTERNS for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: m.start())


def _to_iso(match: re.Match[str], timezone: str | None, not_after: date | None) -> str | None:
    groups = match.groupdict()
    if groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        month_first = groups.get("half") is not None or second > 12
        month, day_of_month = (first, second) if month_first else (second, first)
    else:
        month = MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
        day_of_month = int(groups["d"])
    try:
        day = date(int(groups["y"]), month, day_of_month)
    except ValueError:
        return None
    if not_after and day > not_after:
        return None
    if groups.get("H") is None:
        return day.isoformat()
    hour = int(groups["H"])
    if groups.get("half"):
        hour = hour % 12 + (12 if groups["half"].lower() == "p" else 0)
    try:
        moment = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            int(groups["M"]),
            int(groups.get("S") or 0),
        )
    except ValueError:
        return day.isoformat()
    zone = _zone(groups.get("tz"), timezone)
    if groups.get("tz") and timezone and zone != timezone:
        moment = moment.replace(tzinfo=zone_info(zone)).astimezone(zone_info(timezone))
        if not_after and moment.date() > not_after:
            return None
        return moment.isoformat()
    return moment.isoformat() + zone
