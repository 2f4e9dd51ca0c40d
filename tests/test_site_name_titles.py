"""A ``<title>`` that is only the site's name is not the headline, and never costs the title.

Hand-made pages below, and the breaker's hand-written portals in ``tests/portals/breaker``
(README.md there): a home-grown template whose ``<title>`` is the site's name, whose headline
is a plain ``div`` above the date line, and (sitename-readmore) whose listing links read only
``详细>>``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.extraction import extract_article
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.profiles import profile_for_url

BREAKER = Path(__file__).parent / "portals" / "breaker"
FETCHED = datetime(2026, 1, 1, tzinfo=timezone.utc)
URL = "https://xxgc.example.edu.cn/news/2025/0314.html"
SITE = "江南理工大学信息工程学院"
HEADLINE = "信息工程学院召开2025年春季学期教学工作会议"
BODY = "".join(
    f"<p>第{n}段：学院领导班子成员、各系主任参加了会议并交流了本学期的工作安排。</p>"
    for n in range(4)
)


def page(title: str = SITE, headline: str = HEADLINE, heading: str = "") -> str:
    return f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="banner">{SITE}</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/news/">学院动态</a></li></ul>
{heading}<table><tr><td class="lanmu">学院动态</td></tr>
<tr><td class="biaoti"><b>{headline}</b></td></tr>
<tr><td class="info">发布时间：2025-03-14　点击数：579</td></tr>
<tr><td class="content">{BODY}</td></tr></table>
<div class="foot">版权所有 {SITE} 地址：江南市学府路1800号</div></body></html>"""


def extract(html: str, evidence: tuple[ListingEvidence, ...] = ()) -> dict[str, Any]:
    result = extract_article(
        URL, html.encode(), profile_for_url(URL, "auto"), fetched_at=FETCHED, evidence=evidence
    )
    return {**result.item, "steps": result.item["extraction"]}


def test_a_site_name_title_tag_gives_way_to_the_line_above_the_date() -> None:
    item = extract(page())
    assert item["title"] == HEADLINE
    assert item["steps"]["title"] == "generic:line-above-body"


def test_a_title_tag_naming_the_article_is_still_taken() -> None:
    item = extract(page(title=f"{HEADLINE}-{SITE}"))
    assert item["title"] == HEADLINE
    assert item["steps"]["title"] != "generic:line-above-body"


def test_a_site_name_a_heading_prints_inside_a_longer_text_is_kept() -> None:
    """``<h2>热烈庆祝江南理工大学信息工程学院成立二十周年</h2>``: the name is the article's."""
    heading = f"<h2>热烈庆祝{SITE}成立二十周年</h2>"
    item = extract(page(heading=heading))
    assert item["steps"]["title"] != "generic:line-above-body"


def test_with_evidence_a_site_name_is_the_last_resort_not_a_lost_title() -> None:
    """Nothing but the site's name names the page: the article keeps it as its title."""
    html = f"""<html><head><meta charset="utf-8"><title>{SITE}</title></head><body>
<div class="content">{BODY}</div></body></html>"""
    item = extract(html, (ListingEvidence(title=None, published="2025-03-14", column="学院动态"),))
    assert item["title"] == SITE


@pytest.mark.parametrize("portal", ["sitename-title", "sitename-readmore"])
def test_breaker_site_name_portals_single_page(portal: str) -> None:
    expected = json.loads((BREAKER / portal / "expected.json").read_text(encoding="utf-8"))
    for path, want in expected["articles"].items():
        url = f"https://{portal}.example.edu.cn{path}"
        html = (BREAKER / portal / path.lstrip("/")).read_bytes()
        item = extract_article(url, html, profile_for_url(url, "auto"), fetched_at=FETCHED).item
        assert item["title"] == want["title"], path


def test_breaker_sitename_readmore_learn_from_keeps_every_title() -> None:
    folder = BREAKER / "sitename-readmore"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    for path, want in expected["articles"].items():
        result = CliRunner().invoke(
            cli,
            [
                "extract",
                "--learn-from",
                str(folder),
                "--url",
                f"https://sitename-readmore.example.edu.cn{path}",
                str(folder / path.lstrip("/")),
            ],
        )
        assert result.exit_code == 0, result.output
        item = json.loads(result.stdout)
        assert item["title"] == want["title"], path
