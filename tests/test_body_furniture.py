"""Kinds of furniture that leaked into the generic body, each shown on a hand-made page: comment
sections and reply forms, pagers and previous/next lines, a "You may also like…" run of links,
previous/next boxes, advert labels."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url

URL = "https://blog.example.org/archive/2005/03/15/1234.aspx"
PARAS = [
    "The council met on Monday, and after a long debate, it approved the new budget for schools.",
    "Teachers, parents and students attended the meeting, which lasted more than four hours.",
    "The vote, taken late in the evening, was seven to two, with one member abstaining.",
]
ZH = [
    "学校于三月十五日召开教学工作会议，总结上学期工作，部署本学期的主要任务和重点工作。",
    "会议指出，要进一步加强课程建设，提高人才培养质量，推动教学改革不断深入。",
]
POST = "".join(f"<p>{p}</p>" for p in PARAS)


def _body(html: str) -> str:
    fetched = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return extract_article(URL, html, profile_for_url(URL), fetched_at=fetched).item["body"]


def _comments(n: int) -> str:
    return "".join(
        f"<div class='c'><h4># re: budget 2005-03-1{i % 10} reader{i}</h4>"
        f"<p>I think, after reading this twice, that the council was right, and that the schools "
        f"will benefit from it, at least this year (comment {i}).</p></div>"
        for i in range(n)
    )


def test_a_comment_section_longer_than_the_post_is_not_the_body() -> None:
    html = (
        "<html><head><title>Budget approved</title></head><body><form id='Form1'><div id='main'>"
        f"<div class='post'><h2>Budget approved</h2>{POST}</div>"
        f"<div id='comments'><h3>评论</h3>{_comments(12)}</div>"
        "<textarea name='comment'></textarea></div></form></body></html>"
    )
    assert _body(html) == "\n\n".join(PARAS)


def test_a_reply_form_inside_the_article_box_is_not_body() -> None:
    form = (
        "<h3 id='respond'>发表评论</h3><form action='/wp-comments-post.php' id='commentform'>"
        "<p><input name='author'> 发表名</p><p><input name='email'> E-mail (不显示在评论中)</p>"
        '<p><small>(评论中可使用以下tags: &lt;a href="" title=""&gt; &lt;b&gt; &lt;i&gt;)</small>'
        "</p><textarea name='comment'></textarea></form>"
    )
    html = f"<html><body><table><tr><td>{POST}{form}</td></tr></table></body></html>"
    assert _body(html) == "\n\n".join(PARAS)


@pytest.mark.parametrize(
    "line",
    ["[上一篇] [下一篇]", "第1页/共1页 << 上一页 | 下一页 >>", "返回页首 | 关闭窗口", "发送给朋友 打印本文",
     "← 返回"],
)  # fmt: skip
def test_pager_and_previous_next_lines_are_not_body(line: str) -> None:
    html = f"<html><body><div class='text'><p>{ZH[0]}</p><p>{ZH[1]}</p><p>{line}</p></div></body></html>"
    assert _body(html) == "\n\n".join(ZH)


def test_a_you_may_also_like_line_and_its_links_are_not_body() -> None:
    related = (
        "<p class='article__paragraph'>You may also like...</p>"
        "<p class='article__paragraph'><a href='/a.html'>Who will make the Hall in 2020?</a></p>"
        "<div class='ad ad--in-article'></div>"
        "<p class='article__paragraph'><a href='/b.html'>Fans vote for their band</a></p>"
    )
    html = f"<html><body><div class='story'>{POST}{related}</div></body></html>"
    assert _body(html) == "\n\n".join(PARAS)


def test_a_line_that_only_says_related_with_prose_after_it_keeps_the_prose() -> None:
    """Only the links after the heading go: a paragraph of prose ends the run."""
    html = (
        "<html><body><div class='story'>"
        f"<p>{PARAS[0]}</p><p>You may also like...</p><p>{PARAS[1]}</p></div></body></html>"
    )
    assert _body(html) == "\n\n".join(PARAS[:2])


def test_a_next_previous_box_and_advert_labels_are_not_body() -> None:
    box = (
        "<div class='grid-container next-prev'><p class='btn'><a href='/n.html'>- Next Auto News</a>"
        "</p><div><a href='/n.html'><h5>A new hatch with 300 HP</h5></a><p>The most powerful hatch "
        "yet, with a huge rear wing and a price to match it.</p></div></div>"
    )
    html = (
        f"<html><body><div class='story'><p>{PARAS[0]}</p><p>Advertisement</p>"
        f"<p>{PARAS[1]}</p>{box}</div></body></html>"
    )
    assert _body(html) == "\n\n".join(PARAS[:2])


def test_a_dont_miss_line_and_its_tagged_links_are_not_body() -> None:
    links = (
        "<p><strong>DON'T MISS</strong></p><p><a href='/1.html'>Leaders furious at remarks</a> "
        "[<strong>INSIGHT]|<br></strong><a href='/2.html'>Final decision on the game</a> "
        "[<strong>VIDEO]</strong></p>"
    )
    html = f"<html><body><div class='story'>{POST}{links}</div></body></html>"
    assert _body(html) == "\n\n".join(PARAS)


def test_a_pager_at_the_end_of_a_source_line_and_chapter_links_are_not_body() -> None:
    html = (
        f"<html><body><div class='text'><p>2005-01-06 08:13更新 来源：转载文章 第1页/共1页 &lt;&lt; "
        f"上一页 | 下一页 &gt;&gt;</p><p>{ZH[0]}</p><p>{ZH[1]}</p><p>上章 下章</p></div></body></html>"
    )
    assert _body(html) == "\n\n".join(ZH)


def _post(author: str, text: str) -> str:
    return (
        "<table width=100%><tr><td width=18%></td><td class=p4>Re: 会议</td></tr>"
        f"<tr><td class=p4><a href='user.php?id=1'>{author}</a></td><td class=p4>{text}"
        f"<p>〓 发布时间 2005/03/15 22:36:13 by {author} 〓</td></tr></table>"
    )


def test_a_forum_thread_gives_its_opening_post_not_a_longer_reply() -> None:
    opening = "<br>".join(ZH)
    reply = "<br>".join(
        f"我同意楼主的看法，第{i}点意见是：课程建设确实需要加强，但是更要重视实践教学的环节。"
        for i in range(1, 7)
    )
    html = (
        f"<html><body>{_post('duscha', opening)}{_post('mi', reply)}"
        f"{_post('alva', '顶一下，说得很有道理，支持学校的这次会议精神。')}</body></html>"
    )
    body = _body(html)
    assert ZH[0] in body and ZH[1] in body
    assert "我同意楼主" not in body and "顶一下" not in body


@pytest.mark.parametrize(
    "line",
    [
        "<p>[button link=”https://blog.example.org/submit/” type=”big”] Send us YOUR review[/button]</p>",
        "<p><comments-count></comments-count> comments</p>",
        "<p>12 Comments</p>",
    ],
)
def test_an_unrendered_shortcode_and_a_comment_counter_are_not_body(line: str) -> None:
    html = f"<html><body><div class='post'>{POST}{line}</div></body></html>"
    assert _body(html) == "\n\n".join(PARAS)


def test_a_sentence_about_comments_or_with_brackets_stays_in_the_body() -> None:
    lines = ["We read 12 comments from parents before the vote.", "[1] See the full report [2]"]
    html = f"<html><body><div class='post'>{POST}" + "".join(f"<p>{t}</p>" for t in lines)
    assert _body(html + "</div></body></html>") == "\n\n".join([*PARAS, *lines])


@pytest.mark.parametrize(
    "footer",
    [
        "<hr><p align='center'>东湖理工学院党委宣传部 版权所有<br>地址：湖北省武汉市光谷大道88号<br>"
        "电话：027-87654321<br>鄂ICP备05001234号-1</p>",
        "<p><strong>Example College</strong><br>14 Orchard Lane, Westbrook<br>Phone: (207) 555-0100"
        "<br>© 2025 Example College. All rights reserved.</p>",
    ],
)
def test_the_sites_imprint_closing_the_texts_own_box_is_not_body(footer: str) -> None:
    html = f"<html><body><div class='post'>{POST}{footer}</div></body></html>"
    assert _body(html) == "\n\n".join(PARAS)


def test_a_wire_storys_own_copyright_line_stays_in_the_body() -> None:
    line = "© 2019 Associated Press. All Rights Reserved. This material may not be published."
    html = f"<html><body><div class='post'>{POST}<p>{line}</p></div></body></html>"
    assert _body(html) == "\n\n".join([*PARAS, line])
