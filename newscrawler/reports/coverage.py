"""The coverage report: one self-contained HTML page of what the archive holds per site.

It shows where each site has gaps (months without articles, each bar labelled with its count),
how complete every field is, when each site was last crawled successfully, its recent runs
(pages, new, errors), and how many changes were recorded. Sites with no article archived (never crawled, or
never successfully) are listed together, collapsed, at the end. No scripts, no external files:
the charts are inline SVG, so the page can be mailed or archived as is."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

import sqlite_utils

from newscrawler.archive import now_iso
from newscrawler.archive.runlog import DONE, note, row_reasons
from newscrawler.schema import COMPLETENESS

BAR, GAP = "#2563eb", "#dc2626"
CHART_WIDTH, CHART_HEIGHT, AXIS = 720, 120, 18
#: Room above the tallest bar for its value.
LABEL = 14
#: Bars narrower than this (pixels; over ~100 months) carry no value label, only a tooltip.
LABELLED_STEP = 7.0
#: Runs shown in a site's history, newest first.
HISTORY = 10


@dataclass
class SiteCoverage:
    site: str
    articles: int = 0
    undated: int = 0
    #: (YYYY-MM, articles) for every month from the first to the last, zeros included.
    months: list[tuple[str, int]] = field(default_factory=list)
    #: Field -> share of articles that have it (0..1).
    completeness: dict[str, float] = field(default_factory=dict)
    last_success: str | None = None
    #: The site's latest ``crawls`` row, if any.
    last_run: dict[str, Any] | None = None
    #: The site's latest :data:`HISTORY` ``crawls`` rows, newest first.
    history: list[dict[str, Any]] = field(default_factory=list)
    crawls: int = 0
    changed: int = 0
    gone: int = 0

    @property
    def gaps(self) -> list[str]:
        return [month for month, count in self.months if count == 0]


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def coverage(db: sqlite_utils.Database) -> list[SiteCoverage]:
    """Coverage figures per site (every site with articles or crawls), by site id."""
    sites = [
        row[0]
        for row in db.execute("select site from articles union select site from crawls order by 1")
    ]
    shares = ", ".join(f"avg({cond})" for cond in COMPLETENESS.values())
    result = []
    for site in sites:
        cov = SiteCoverage(site)
        found = db.execute(
            f"select count(*), sum(published is null), {shares} from articles where site = ?",
            [site],
        ).fetchone()
        cov.articles, cov.undated = found[0], found[1] or 0
        if cov.articles:
            cov.completeness = dict(zip(COMPLETENESS, found[2:], strict=True))
        counts = dict(
            db.execute("select month, articles from articles_per_month where site = ?", [site])
        )
        if counts:
            cov.months = [(m, counts.get(m, 0)) for m in _month_range(min(counts), max(counts))]
        cov.last_success, cov.crawls = db.execute(
            f"select max(case when status in ({', '.join('?' for _ in DONE)}) then finished_at end),"
            " count(*) from crawls where site = ?",
            [*DONE, site],
        ).fetchone()
        cov.history = list(
            db.query(
                "select * from crawls where site = ? order by id desc limit ?", [site, HISTORY]
            )
        )
        cov.last_run = cov.history[0] if cov.history else None
        cov.changed, cov.gone = db.execute(
            "select (select count(*) from article_versions v join articles a on a.url = v.url"
            "  where a.site = ?1 and v.version > 1),"
            " (select count(*) from articles where site = ?1 and gone_at is not null)",
            [site],
        ).fetchone()
        result.append(cov)
    return result


def chart(cov: SiteCoverage) -> str:
    """Inline SVG bar chart of articles per month, each bar labelled with its count (when bars
    are at least :data:`LABELLED_STEP` wide); months without articles get a red mark."""
    if not cov.months:
        return '<p class="none">No dated articles.</p>'
    peak = max(count for _, count in cov.months)
    step = CHART_WIDTH / len(cov.months)
    size = min(11.0, step * 0.9)
    parts = []
    for i, (month, count) in enumerate(cov.months):
        x = i * step
        if count:
            height = max(1.0, (CHART_HEIGHT - LABEL) * count / peak)
            y, colour, kind = CHART_HEIGHT - height, BAR, "bar"
        else:
            height, y, colour, kind = 4.0, CHART_HEIGHT - 4, GAP, "gap"
        parts.append(
            f'<rect class="{kind}" x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}"'
            f' height="{height:.1f}" fill="{colour}"><title>{month}: {count}</title></rect>'
        )
        if step >= LABELLED_STEP:
            parts.append(
                f'<text class="value" x="{x + step / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle"'
                f' font-size="{size:.1f}">{count}</text>'
            )
        if i == 0 or i == len(cov.months) - 1 or month.endswith("-01"):
            anchor = "end" if i == len(cov.months) - 1 and i else "start"
            parts.append(
                f'<text x="{x if anchor == "start" else x + step:.1f}" y="{CHART_HEIGHT + 13}"'
                f' text-anchor="{anchor}">{month}</text>'
            )
    return (
        f'<svg class="chart" role="img" width="{CHART_WIDTH}" height="{CHART_HEIGHT + AXIS}"'
        f' viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT + AXIS}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(cov.site)}: articles per month, peak {peak}</title>"
        f'<line x1="0" y1="{CHART_HEIGHT}" x2="{CHART_WIDTH}" y2="{CHART_HEIGHT}" stroke="#999"/>'
        + "".join(parts)
        + "</svg>"
    )


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _last_run(run: dict[str, Any] | None) -> str:
    """The latest run's status, with why it is not plainly finished."""
    if run is None:
        return "none"
    why = note(run)
    status = f'<b class="status-{escape(run["status"])}">{escape(run["status"])}</b>'
    return status + (f" ({escape(why)})" if why else "")


def _run_reasons(run: dict[str, Any] | None) -> str:
    """The latest run's counted reasons, each with what it means."""
    rows = "".join(
        f"<tr><td>{escape(r['kind'])}</td><td>{escape(r['name'])}</td><td>{r['count']}</td>"
        f"<td>{escape(r['description'])}</td></tr>"
        for r in (row_reasons(run) if run else [])
    )
    if not rows:
        return ""
    return (
        '<table class="reasons"><caption>Latest run: errors, skips and drops</caption>'
        f"<tr><th>kind</th><th>reason</th><th>count</th><th>meaning</th></tr>{rows}</table>"
    )


def _history(cov: SiteCoverage) -> str:
    """The site's latest runs, newest first: when, status, pages, new, changed, errors."""
    rows = "".join(
        f"<tr><td>{escape(run['started_at'] or '')}</td><td>{_last_run(run)}</td>"
        + "".join(f'<td class="n">{run.get(k) or 0}</td>' for k in _HISTORY_COUNTS)
        + "</tr>"
        for run in cov.history
    )
    if not rows:
        return ""
    more = cov.crawls - len(cov.history)
    caption = "Run history, newest first" + (
        f" (the latest {len(cov.history)} of {cov.crawls}: newscrawler runs --site"
        f" {escape(cov.site)} lists all)"
        if more > 0
        else ""
    )
    head = "".join(f"<th>{k}</th>" for k in _HISTORY_COUNTS)
    return (
        f'<table class="history"><caption>{caption}</caption>'
        f"<tr><th>started</th><th>status</th>{head}</tr>{rows}</table>"
    )


_HISTORY_COUNTS = ("pages", "new", "changed", "errors")


def _section(cov: SiteCoverage) -> str:
    fields = "".join(
        f"<tr><th>{name}</th><td>{_percent(cov.completeness.get(name))}</td></tr>"
        for name in COMPLETENESS
    )
    gaps = ", ".join(cov.gaps) if cov.gaps else "none"
    return f"""
<section id="site-{escape(cov.site)}">
<h2>{escape(cov.site)}</h2>
<p>{cov.articles} articles ({cov.undated} undated). Last successful crawl:
<b>{escape(cov.last_success or "never")}</b> ({cov.crawls} runs recorded).
Changes recorded: <b>{cov.changed}</b> new versions, {cov.gone} articles gone.</p>
<p>Latest run: {_last_run(cov.last_run)}</p>
{chart(cov)}
<p{' class="gaps"' if cov.gaps else ""}>Months without articles: {escape(gaps)}</p>
<table class="fields"><caption>Field completeness</caption>{fields}</table>
{_history(cov)}
{_run_reasons(cov.last_run)}
</section>"""


def _without_articles(sites: list[SiteCoverage]) -> str:
    """Sites with no article archived, collapsed into one list with each one's latest run."""
    if not sites:
        return ""
    items = "".join(
        f"<li><b>{escape(c.site)}</b>: {c.crawls} runs, latest {_last_run(c.last_run)}"
        f"{', ' + escape(c.last_run['started_at'] or '') if c.last_run else ''}</li>"
        for c in sites
    )
    return (
        f'<details class="no-articles"><summary>{len(sites)} site'
        f"{'s' if len(sites) != 1 else ''} with no article archived (never crawled"
        f" successfully)</summary><ul>{items}</ul></details>"
    )


def _empty(every: list[SiteCoverage]) -> str:
    return "<p>No article is archived yet.</p>" if every else "<p>The archive is empty.</p>"


def render(db: sqlite_utils.Database, title: str = "Archive coverage") -> str:
    """The whole report page."""
    every = coverage(db)
    sites = [c for c in every if c.articles]
    summary = "".join(
        f'<tr><td><a href="#site-{escape(c.site)}">{escape(c.site)}</a></td><td>{c.articles}</td>'
        f"<td>{len(c.gaps)}</td><td>{escape(c.last_success or 'never')}</td>"
        f"<td>{_last_run(c.last_run)}</td><td>{c.changed}</td></tr>"
        for c in sites
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0; }}
th, td {{ border: 1px solid #ddd; padding: .2em .6em; text-align: left; }}
svg.chart text {{ font-size: 11px; fill: #555; }}
svg.chart text.value {{ fill: #222; }}
td.n {{ text-align: right; }} details.no-articles {{ margin-top: 2em; }}
.gaps {{ color: {GAP}; }} section {{ margin-top: 2em; }}
.status-failed, .status-empty, .status-degraded, .status-interrupted {{ color: {GAP}; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>Generated {now_iso()}. Bars: articles per month by publication date, each labelled
with its count; <span style="color:{GAP}">red marks</span>: months without articles.</p>
<table class="summary"><tr><th>site</th><th>articles</th><th>empty months</th>
<th>last successful crawl</th><th>latest run</th><th>changes</th></tr>{summary}</table>
{"".join(_section(c) for c in sites) or _empty(every)}
{_without_articles([c for c in every if not c.articles])}
</body></html>
"""
