"""``newscrawler report``: coverage figures, and the page's charts as Chromium draws them."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from chromium import dump_dom, needs_chromium, screenshot
from click.testing import CliRunner
from conftest_archive import make_archive
from PIL import Image

from newscrawler.archive.runlog import RunLog
from newscrawler.archive.store import Archive, open_archive
from newscrawler.cli import cli
from newscrawler.reasons import describe
from newscrawler.reports.coverage import BAR, GAP, coverage, render


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return make_archive(tmp_path)


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_months_without_articles_are_listed_as_gaps(archive_path):
    en = {c.site: c for c in coverage(open_archive(archive_path))}["ustb-en"]
    assert en.months == [
        ("2023-03", 1), ("2023-04", 0), ("2023-05", 0), ("2023-06", 0), ("2023-07", 1)
    ]  # fmt: skip
    assert en.gaps == ["2023-04", "2023-05", "2023-06"]


def test_field_completeness_crawls_and_changes_per_site(archive_path):
    zh = {c.site: c for c in coverage(open_archive(archive_path))}["ustb-zh"]
    assert zh.completeness["date"] == 1.0
    assert round(zh.completeness["credits"], 2) == 0.67
    assert round(zh.completeness["captions"], 2) == 0.33
    assert round(zh.completeness["views"], 2) == 0.67
    assert zh.last_success == "2024-02-01T08:05:00+00:00"
    assert (zh.changed, zh.gone) == (1, 0)


def test_every_item_field_is_in_the_completeness_table(archive_path):
    zh = {c.site: c for c in coverage(open_archive(archive_path))}["ustb-zh"]
    assert list(zh.completeness) == [
        "title", "body", "date", "language", "topics", "credits", "captions", "images",
        "attachments", "views",
    ]  # fmt: skip
    assert (zh.completeness["title"], zh.completeness["topics"]) == (1.0, 1.0)
    assert zh.completeness["attachments"] == 0.0
    html = render(open_archive(archive_path))
    for name in ("title", "body", "language", "topics", "attachments"):
        assert f"<tr><th>{name}</th><td>" in html


def test_bars_carry_their_values(archive_path):
    html = render(open_archive(archive_path))
    en = html.split('id="site-ustb-en"')[1].split("</svg>")[0]
    # 2023-03 to 2023-07: one article, three empty months, one article.
    assert re.findall(r'<text class="value"[^>]*>(\d+)</text>', en) == ["1", "0", "0", "0", "1"]


def test_each_site_shows_its_run_history_and_sites_without_articles_are_collapsed(archive_path):
    with Archive.open(archive_path) as archive:
        for site in ("ustb-en", "example-never"):  # example-never: every run failed
            log = RunLog(archive, site)
            log.start()
            log.finish({"response_received_count": 0}, "finished")
    html = render(open_archive(archive_path))
    en = html.split('id="site-ustb-en"')[1].split("</section>")[0]
    history = en.split('<table class="history">')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(.*?)</td>((?:<td[^>]*>\d+</td>)+)</tr>", history)
    assert [(started[:10], re.sub("<[^>]+>", "", status)) for started, status, _ in rows][1:] == [
        ("2024-01-10", "finished")
    ]
    assert re.findall(r">(\d+)<", rows[1][2]) == ["7", "2", "0", "0"]  # pages, new, changed, errors
    assert 'id="site-example-never"' not in html
    collapsed = html.split('<details class="no-articles">')[1].split("</details>")[0]
    assert "1 site with no article archived" in collapsed and "<b>example-never</b>" in collapsed
    assert "start_urls_failed" in collapsed


def test_report_is_one_self_contained_html_file(archive_path, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(archive_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert html.count('<svg class="chart"') == 2
    assert len(re.findall(r'<rect class="gap"', html)) == 3
    assert not re.search(r"""(src|href)=["'](https?:|//)""", html)  # nothing fetched from outside


def test_report_of_an_empty_archive_says_so(tmp_path):
    open_archive(tmp_path / "empty.db").close()
    result = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "empty.db"), "-o", "-"])
    assert "The archive is empty." in result.output


@needs_chromium
def test_chromium_draws_the_bars_and_the_gap_marks(archive_path, tmp_path):
    out = tmp_path / "report.html"
    CliRunner().invoke(cli, ["report", "--db", str(archive_path), "-o", str(out)])
    image = Image.open(screenshot(out.as_uri(), tmp_path / "shot.png")).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    counted = {colour: count for count, colour in colours}
    assert counted.get(rgb(BAR), 0) > 2000  # five bars, tens of pixels wide and tall
    assert counted.get(rgb(GAP), 0) > 100  # three red gap marks (and the red legend text)


@needs_chromium
def test_chromium_shows_the_values_and_keeps_sites_without_articles_folded(archive_path, tmp_path):
    with Archive.open(archive_path) as archive:
        log = RunLog(archive, "example-never")
        log.start()
        log.finish({}, "finished")
    out = tmp_path / "report.html"
    CliRunner().invoke(cli, ["report", "--db", str(archive_path), "-o", str(out)])
    dom = dump_dom(out.as_uri())
    assert len(re.findall(r'<text class="value"', dom)) == 5 + 3  # ustb-en's months, ustb-zh's
    assert re.search(r'<details class="no-articles"><summary>', dom)  # not open
    assert "<b>example-never</b>" in dom


def test_the_latest_run_shows_its_status_and_what_its_reasons_mean(archive_path):
    stats = {
        "newscrawler/errors/connection_refused": 2,
        "newscrawler/errors/http_404": 1,
        "newscrawler/skipped/ignored_request": 3,
    }
    with Archive.open(archive_path) as archive:
        log = RunLog(archive, "ustb-en")
        log.start()
        log.finish(stats, "finished")  # no listing page could be read
    html = render(open_archive(archive_path))
    assert (
        '<b class="status-failed">failed</b> (start_urls_failed: connection refused)' in html
    )  # with the cause the run's errors name
    assert '<b class="status-finished">finished</b>' in html  # ustb-zh's latest run
    for name in ("connection_refused", "http_404", "ignored_request"):
        assert f"<td>{name}</td>" in html
    assert f"<td>{escape(describe('connection_refused'))}</td>" in html
    assert f"<td>{escape(describe('http_404'))}</td>" in html
