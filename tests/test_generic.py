"""The generic chain: the body found by text density, without boilerplate, captions as captions."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url

URL = "https://example.org/story.html"
PARAS = [
    "The council met on Monday, and after a long debate, it approved the new budget for schools.",
    "Teachers, parents and students attended the meeting, which lasted more than four hours.",
    "The vote, taken late in the evening, was seven to two, with one member abstaining.",
]


def _item(html: str) -> dict:
    fetched = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return extract_article(URL, html, profile_for_url(URL), fetched_at=fetched).item


def test_text_density_keeps_prose_and_leaves_out_navigation_and_cookie_notices() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<div class='cookie-consent'><p>We use cookies, and by browsing, you accept them, "
        "as described in our policy, which you can read.</p></div>"
        "<div class='l-sidebar-fixed l-article-body'>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "<ul class='related'><li><a href='/a'>Another story</a></li></ul></div></body></html>"
    )
    item = _item(html)
    assert item["body"] == "\n\n".join(PARAS)
    assert item["extraction"]["body"] == "generic:text-density"


def test_figcaption_is_a_caption_not_body_text() -> None:
    html = (
        "<html><body><article itemprop='articleBody'>"
        f"<p>{PARAS[0]}</p><figure><img src='/p.jpg'><figcaption>The council chamber</figcaption>"
        f"</figure><p>{PARAS[1]}</p></article></body></html>"
    )
    item = _item(html)
    assert item["captions"] == [
        {"image_url": "https://example.org/p.jpg", "text": "The council chamber"}
    ]
    assert "council chamber" not in item["body"]


def test_undeclared_gbk_page_is_decoded() -> None:
    text = "学校召开了新学期工作会议，全体教师参加了会议，会议总结了上学期的工作。" * 3
    html = f"<html><body><div class='content'><p>{text}</p></div></body></html>".encode("gbk")
    assert _item(html)["body"] == text
