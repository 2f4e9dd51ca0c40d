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


TEASERS = "".join(
    f"<div class='teaser'><h3><a href='/about/announcements/item-{i}'>Story {i}</a></h3><p>…</p></div>"
    for i in range(1, 5)
)


def test_drupal_listing_whose_links_match_no_pattern_falls_back_to_structure() -> None:
    html = f"<html><body><nav><a href='/about'>About</a></nav><main>{TEASERS}</main></body></html>"
    listing = extract_listing("https://nssa.example.edu/news", html, load_preset("drupal"))
    assert listing.articles == [
        f"https://nssa.example.edu/about/announcements/item-{i}" for i in range(1, 5)
    ]


def test_only_links_of_the_portals_own_site_are_articles() -> None:
    rows = "".join(
        f"<li><a href='{href}'>标题</a><span>2024-03-0{i}</span></li>"
        for i, href in enumerate(
            [
                "/info/1/1.htm",
                "https://other.whu.edu.cn/info/2/2.htm",
                "https://elsewhere.org/info/3/3.htm",
            ],
            start=1,
        )
    )
    html = f"<html><body><ul>{rows}</ul></body></html>"
    listing = extract_listing("https://ems.whu.edu.cn/tzgg.htm", html, load_preset("vsb"))
    assert listing.articles == [
        "https://ems.whu.edu.cn/info/1/1.htm",
        "https://other.whu.edu.cn/info/2/2.htm",
    ]


def test_pager_numbers_are_read_without_visually_hidden_words() -> None:
    pager = "".join(
        f"<li class='pager__item{' is-active' if i == 0 else ''}'><a href='?page={i}'>"
        f"<span class='visually-hidden'>Page </span>{i + 1}</a></li>"
        for i in range(4)
    )
    html = f"<html><body><nav class='pager'><ul>{pager}</ul></nav></body></html>"
    listing = extract_listing("https://nssa.example.edu/news", html, load_preset("drupal"))
    assert listing.pages == [f"https://nssa.example.edu/news?page={i}" for i in (1, 2, 3)]
