"""Listing rows linked only by "详细>>" / "Read more" / "更多" still give evidence: the row's
date, and the title the row prints elsewhere (a heading, its own text, the link's ``title``)."""

from __future__ import annotations

from pathlib import Path

from newscrawler.extraction import extract_listing
from newscrawler.profiles import profile_for_url

BREAKER = Path(__file__).parent / "portals" / "breaker"
URL = "https://x.example.edu.cn/tz/list.html"
LISTING = """<html><body><h2 class="lm">通知公告</h2><ul>
<li><span class="t">关于开展2025年春季学期教学检查的通知</span><span>2025-03-12</span>
<a href="/tz/1.html">详细&gt;&gt;</a></li>
<li><h3>学院召开教职工大会</h3><p>3月5日，学院在报告厅召开全体教职工大会，部署新学期工作。</p>
<span>2025-03-05</span><a href="/tz/2.html">Read more</a></li>
<li><a href="/tz/3.html" title="图书馆延长开放时间">更多</a><span>2025-02-27</span>
<a href="/tz/3.html">Read more</a></li>
<li><a href="/tz/4.html">学院举行毕业典礼</a><span>2025-02-20</span><a href="/tz/4.html">详细&gt;&gt;</a></li>
</ul></body></html>"""


def evidence(url: str, html: str) -> dict[str, tuple[str | None, str | None]]:
    listing = extract_listing(url, html, profile_for_url(url, "auto"))
    return {u: (e.title, e.published) for u, e in listing.evidence.items()}


def test_a_row_linked_only_by_more_gives_its_own_title_and_date() -> None:
    found = evidence(URL, LISTING)
    assert found["https://x.example.edu.cn/tz/1.html"] == (
        "关于开展2025年春季学期教学检查的通知",
        "2025-03-12",
    )
    assert found["https://x.example.edu.cn/tz/2.html"] == ("学院召开教职工大会", "2025-03-05")
    assert found["https://x.example.edu.cn/tz/4.html"] == ("学院举行毕业典礼", "2025-02-20")


def test_a_more_link_with_a_title_attribute_gives_that_title() -> None:
    found = evidence(URL, LISTING)
    assert found.get("https://x.example.edu.cn/tz/3.html") == ("图书馆延长开放时间", "2025-02-27")


def test_breaker_readmore_rows_keep_their_dates() -> None:
    url = "https://sitename-readmore.example.edu.cn/xwdt/list.html"
    html = (BREAKER / "sitename-readmore" / "xwdt" / "list.html").read_text(encoding="utf-8")
    found = evidence(url, html)
    assert found["https://sitename-readmore.example.edu.cn/xwdt/c1.html"] == (None, "2025-03-10")
    assert len(found) == 6
    assert all(published for _, published in found.values())
