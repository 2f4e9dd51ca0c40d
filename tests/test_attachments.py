"""The ``attachments`` resolver on small pages: which links are attachments, and their titles."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawler.extraction import extract_article
from newscrawler.profiles import load_preset

FETCHED = datetime(2024, 5, 2, tzinfo=timezone.utc)
URL = "https://news.example.edu.cn/info/1/1.htm"


def attachments(body: str, after: str = "", family: str = "vsb") -> list[dict[str, str]]:
    html = (
        "<html><head><meta charset='utf-8'><title>通知</title></head><body>"
        "<div class='nav'><a href='/files/招生简章.pdf'>招生简章</a></div>"
        f"<div class='v_news_content'><p>关于举办学术讲座的通知，欢迎全体师生参加。</p>{body}</div>"
        f"{after}<p>发布时间：2024-05-01</p></body></html>"
    )
    item = extract_article(URL, html, load_preset(family), fetched_at=FETCHED).item
    return item["attachments"]


def test_document_links_are_attachments_in_page_order_with_absolute_urls():
    got = attachments(
        "<p><a href='/upload/名单.xlsx'>获奖名单</a></p><p><a href='a/b.PDF'>日程安排</a></p>"
        "<p><a href='/info/1/2.htm'>相关新闻</a></p>"
    )
    assert got == [
        {"url": "https://news.example.edu.cn/upload/名单.xlsx", "title": "获奖名单"},
        {"url": "https://news.example.edu.cn/info/1/a/b.PDF", "title": "日程安排"},
    ]


def test_a_link_that_only_says_download_is_titled_by_its_file_name():
    got = attachments(
        "<p>附件：报名表 <a href='/upload/%E6%8A%A5%E5%90%8D%E8%A1%A8.docx'>下载</a></p>"
        "<p><a href='/_upload/x/1a2b.pdf'>点击下载</a></p>"
    )
    assert [a["title"] for a in got] == ["报名表.docx", "1a2b.pdf"]


def test_webplus_file_links_are_titled_by_the_name_their_hook_reads():
    sudy = """<p><a href='/_upload/x/1a2b' sudyfile-attr="{'title':'议程.pdf'}">点击下载</a></p>"""
    assert attachments(sudy, family="webplus") == [
        {"url": "https://news.example.edu.cn/_upload/x/1a2b", "title": "议程.pdf"}
    ]
    # The quirk is WebPlus's: a VSB page's link without a file suffix is no attachment.
    assert attachments(sudy, family="vsb") == []


def test_a_line_announced_as_attachment_counts_without_a_file_suffix():
    got = attachments("<p>附件1：<a href='/attach?id=42'>参会回执</a></p>")
    assert got == [{"url": "https://news.example.edu.cn/attach?id=42", "title": "参会回执"}]


def test_vsb_download_links_right_after_the_body_count_and_navigation_does_not():
    after = (
        "<ul><li>附件【<a href='/system/_content/download.jsp?urltype=news.DownloadAttachUrl"
        "&owner=1&wbfileid=9'>会议材料.zip</a>】已下载<span>3</span>次</li></ul>"
    )
    got = attachments("", after=after)
    assert got == [
        {
            "url": "https://news.example.edu.cn/system/_content/download.jsp?"
            "urltype=news.DownloadAttachUrl&owner=1&wbfileid=9",
            "title": "会议材料.zip",
        }
    ]


def test_an_article_without_files_has_no_attachments():
    assert attachments("<p>第二段，没有附件。</p>") == []
