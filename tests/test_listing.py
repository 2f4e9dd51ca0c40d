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


def test_a_listed_item_without_a_date_is_kept_with_its_dated_siblings() -> None:
    rows = "".join(
        f"<tr><td><a href='/info/1/{i}.htm'>学校新闻标题{i}</a></td><td>{f'2024-03-0{i}' if i != 2 else ''}</td></tr>"
        for i in range(1, 5)
    )
    pager = "<tr><td colspan='2'><a href='/x.htm'>首页</a> <a href='/x/2.htm'>上页</a></td></tr>"
    html = f"<html><body><table>{rows}{pager}</table></body></html>"
    listing = extract_listing(
        "https://example.edu/x/3.htm", html, profile_for_url("https://example.edu/")
    )
    assert listing.articles == [f"https://example.edu/info/1/{i}.htm" for i in range(1, 5)]


def test_an_old_pager_whose_every_link_is_class_next_gives_the_next_one() -> None:
    html = (
        "<html><body><a class='Next' href='../x.htm'>首页</a><a class='Next' href='2.htm'>上页</a>"
        "<a class='Next' href='4.htm'>下页</a><a class='Next' href='1.htm'>尾页</a></body></html>"
    )
    listing = extract_listing("https://example.edu/x/3.htm", html, load_preset("vsb"))
    assert listing.next_page == "https://example.edu/x/4.htm"


def test_a_post_of_another_url_shape_in_the_same_list_is_an_article() -> None:
    posts = "".join(
        f"<article><h3><a href='{href}'>Story {i}</a></h3></article>"
        for i, href in enumerate(
            ["/2024/11/01/a/", "/2024/11/02/b/", "/news/undated-story/", "/2024/11/03/c/"]
        )
    )
    html = f"<html><body><main>{posts}</main></body></html>"
    listing = extract_listing("https://example.edu/news/", html, load_preset("wordpress"))
    assert "https://example.edu/news/undated-story/" in listing.articles
    assert len(listing.articles) == 4
