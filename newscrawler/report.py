"""The coverage report: one self-contained HTML page showing what the archive holds per site
and where it has gaps (months without articles), how complete the fields are, when each site
was last crawled successfully, and how many changes were recorded. No scripts, no external
files: the charts are inline SVG, so the page can be mailed or archived as is."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

import sqlite_utils

from newscrawler.archive import now_iso
from newscrawler.runlog import DONE, note, row_reasons

#: Field -> SQL condition "the article has it", in report column order.
COMPLETENESS: dict[str, str] = {
    "date": "published is not null",
    "captions": "coalesce(captions, '[]') != '[]'",
    "credits": "coalesce(credits, '[]') != '[]'",
    "views": "views is not null",
    "images": "coalesce(images, '[]') != '[]'",
}

BAR, GAP = "#2563eb", "#dc2626"
CHART_WIDTH, CHART_HEIGHT, AXIS = 720, 120, 18


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
        cov.last_run = next(
            db.query("select * from crawls where site = ? order by id desc limit 1", [site]), None
        )
        cov.changed, cov.gone = db.execute(
            "select (select count(*) from article_versions v join articles a on a.url = v.url"
            "  where a.site = ?1 and v.version > 1),"
            " (select count(*) from articles where site = ?1 and gone_at is not null)",
            [site],
        ).fetchone()
        result.append(cov)
    return result


def chart(cov: SiteCoverage) -> str:
    """Inline SVG bar chart of articles per month; months without articles get a red mark."""
    if not cov.months:
        return '<p class="none">No dated articles.</p>'
    peak = max(count for _, count in cov.months)
    step = CHART_WIDTH / len(cov.months)
    parts = []
    for i, (month, count) in enumerate(cov.months):
        x = i * step
        if count:
            height = max(1.0, (CHART_HEIGHT - 4) * count / peak)
            y, colour, kind = CHART_HEIGHT - height, BAR, "bar"
        else:
            height, y, colour, kind = 4.0, CHART_HEIGHT - 4, GAP, "gap"
        parts.append(
            f'<rect class="{kind}" x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}"'
            f' height="{height:.1f}" fill="{colour}"><title>{month}: {count}</title></rect>'
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
        # Last, with a white halo: drawn over the bars, readable even where a bar is tallest.
        + f'<text x="{CHART_WIDTH - 2}" y="10" text-anchor="end" paint-order="stroke"'
        f' stroke="white" stroke-width="3">peak {peak} / month</text>' + "</svg>"
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
{_run_reasons(cov.last_run)}
</section>"""


def render(db: sqlite_utils.Database, title: str = "Archive coverage") -> str:
    """The whole report page."""
    sites = coverage(db)
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
.gaps {{ color: {GAP}; }} section {{ margin-top: 2em; }}
.status-failed, .status-empty, .status-degraded, .status-interrupted {{ color: {GAP}; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>Generated {now_iso()}. Bars: articles per month by publication date;
<span style="color:{GAP}">red marks</span>: months without articles.</p>
<table class="summary"><tr><th>site</th><th>articles</th><th>empty months</th>
<th>last successful crawl</th><th>latest run</th><th>changes</th></tr>{summary}</table>
{"".join(_section(c) for c in sites) or "<p>The archive is empty.</p>"}
</body></html>
"""
