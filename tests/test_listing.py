"""Listing pages: article links, the next page and numbered pages, with and without a preset."""

from __future__ import annotations

from newscrawler.extraction import extract_listing
from newscrawler.profiles import load_preset, profile_for_url

ROWS = "".join(
    f"<li><a href='/news/{i}.html'>新闻标题 {i}</a><span>2024-03-{i:02d}</span></li>"
    for i in range(1, 6)
)


def test_auto_mode_finds_the_dated_list_and_the_chinese_next_link() -> None:
    html = (
        "<html><body><ul class='menu'><li><a href='/a.html'>学校概况</a></li></ul>"
        f"<ul class='list'>{ROWS}</ul><a href='/news/list2.html'>下一页</a></body></html>"
    )
    listing = extract_listing(
        "https://example.edu/news/", html, profile_for_url("https://example.edu/")
    )
    assert listing.articles == [f"https://example.edu/news/{i}.html" for i in range(1, 6)]
    assert listing.next_page == "https://example.edu/news/list2.html"


def test_only_numbered_links_are_pages() -> None:
    html = (
        "<html><body><div class='wp_paging'><a href='list.htm'>首页</a><a href='list2.htm'>2</a>"
        "<a class='next' href='list2.htm'>下一页</a><a href='list9.htm'>尾页</a></div></body></html>"
    )
    listing = extract_listing("https://example.edu/col/list.htm", html, load_preset("webplus"))
    assert listing.pages == ["https://example.edu/col/list2.htm"]
    assert listing.next_page == "https://example.edu/col/list2.htm"
