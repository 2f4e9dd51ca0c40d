"""Extraction with what the crawl knows: listing evidence and the portal's learned template.

Real pages (tests/fixtures/evidence/PROVENANCE.md) with hand-built ListingEvidence and
SiteTemplate objects, as the crawl and the learner will pass them (issue 17).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from newscrawler.extraction import extract_article
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.template import FieldRule, SiteTemplate, block_fingerprint
from newscrawler.profiles import profile_for_url

FIXTURES = Path(__file__).parent / "fixtures"
EVIDENCE = FIXTURES / "evidence"
FETCHED = datetime(2026, 1, 1, tzinfo=timezone.utc)

VSB_URL = "https://www.example-school.cn/info/1065/10772.htm"
VSB_PAGE = "szyz-vsb-info-1065-10772.htm"
VSB_TITLE = "惠荫园--程公祠第一进、附房维修工程的竞争性磋商公告"
WEBPLUS_URL = "https://cs.example.edu.cn/04/97/c24258a328855/page.html"
WEBPLUS_PAGE = "fudan-cs-c24258a328855.html"
WEBPLUS_TITLE = "乘坐 “初心号”，红色观影路 ——计算机学院党史学习主题教育活动顺利开展"


def extract(
    page: str,
    url: str,
    *,
    cms: str = "auto",
    evidence: tuple[ListingEvidence, ...] = (),
    template: SiteTemplate | None = None,
    folder: Path = EVIDENCE,
) -> dict[str, Any]:
    html = (folder / page).read_bytes()
    profile = profile_for_url(url, cms)
    return extract_article(
        url,
        html,
        profile,
        fetched_at=FETCHED,
        evidence=evidence,
        template=template,
        template_over_preset=True,  # these pages are of known families
    ).item


def rules(**paths: str) -> SiteTemplate:
    return SiteTemplate(
        site="test", fields={name: FieldRule(path, 1.0) for name, path in paths.items()}
    )


def row(title: str | None = None, published: str | None = None, column: str | None = None):
    return ListingEvidence(title=title, published=published, column=column)


# -- nothing known: the page alone -------------------------------------------------------------
@pytest.mark.parametrize(("page", "url"), [(VSB_PAGE, VSB_URL), (WEBPLUS_PAGE, WEBPLUS_URL)])
def test_without_evidence_or_template_no_listing_or_template_step(page: str, url: str) -> None:
    item = extract(page, url)
    assert not [s for s in item["extraction"].values() if s.startswith(("listing:", "template:"))]
    # An empty template and evidence with nothing in it change nothing either.
    same = extract(page, url, evidence=(row(),), template=SiteTemplate(site="test"))
    assert {k: v for k, v in same.items() if k != "fetched_at"} == {
        k: v for k, v in item.items() if k != "fetched_at"
    }


# -- title -------------------------------------------------------------------------------------
@pytest.mark.parametrize("ellipsis", ["…", "...", ""])
def test_the_headline_the_listed_title_matches_is_the_title(ellipsis: str) -> None:
    listed = VSB_TITLE[:12] + ellipsis if ellipsis else VSB_TITLE
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(listed),))
    assert item["title"] == VSB_TITLE
    assert item["extraction"]["title"] == "listing:title"


def test_a_listed_title_with_other_spacing_matches_the_headline() -> None:
    listed = "乘坐“初心号”,红色观影路——计算机学院党史学习主题教育活动顺利开展"
    item = extract(WEBPLUS_PAGE, WEBPLUS_URL, evidence=(row(listed),))
    assert item["title"] == WEBPLUS_TITLE
    assert item["extraction"]["title"] == "listing:title"


def test_a_listed_title_found_nowhere_on_the_page_leaves_the_chain_to_decide() -> None:
    item = extract(VSB_PAGE, VSB_URL, evidence=(row("一篇完全不同的文章标题"),))
    assert item["title"] == VSB_TITLE
    assert item["extraction"]["title"] == "detected:vsb:selector"


def test_a_column_name_is_never_the_title() -> None:
    # A (bad) learned rule pointing at the column heading printed large above the article.
    template = rules(title="//div[contains(@class, 'position')]//h2")
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(column="通知公告"),), template=template)
    assert item["title"] == VSB_TITLE


def test_a_site_name_is_never_the_title() -> None:
    template = rules(title="substring-after(//title, '公告-')")  # the site's name
    item = extract(VSB_PAGE, VSB_URL, template=template)
    assert item["title"] == VSB_TITLE
    assert item["extraction"]["title"] == "detected:vsb:selector"


def test_a_furniture_block_is_never_the_title() -> None:
    heading = "//div[contains(@class, 'position')]//h2"
    template = SiteTemplate(
        site="test",
        fields={"title": FieldRule(heading, 0.9)},
        furniture=[block_fingerprint("通知公告")],
    )
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(VSB_TITLE[:8] + "…"),), template=template)
    assert item["title"] == VSB_TITLE
    assert item["extraction"]["title"] == "listing:title"


def test_the_templates_title_rule_comes_before_evidence_and_preset() -> None:
    template = rules(title="//div[contains(@class, 'art-tit')]/h3")
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(VSB_TITLE),), template=template)
    assert item["title"] == VSB_TITLE
    assert item["extraction"]["title"] == "template:title"


def test_a_known_familys_preset_reads_the_page_unless_the_template_is_put_over_it() -> None:
    """A template learned from a handful of pages does not overrule a family preset (VSB,
    detected here) unless asked: its wrong caption rule (every paragraph) is left out."""
    template = rules(captions="//div[@class='v_news_content']/p")
    html = (EVIDENCE / VSB_PAGE).read_bytes()
    profile = profile_for_url(VSB_URL, "auto")
    plain = extract_article(VSB_URL, html, profile, fetched_at=FETCHED).item
    learned = extract_article(VSB_URL, html, profile, fetched_at=FETCHED, template=template).item
    assert learned["captions"] == plain["captions"]
    forced = extract(VSB_PAGE, VSB_URL, template=template)
    assert forced["captions"] != plain["captions"]


# -- published ---------------------------------------------------------------------------------
def test_a_listed_date_that_agrees_confirms_the_pages_date() -> None:
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(VSB_TITLE, "2024-06-28"),))
    assert item["published"] == "2024-06-28"
    assert item["extraction"]["published"] == "metadata-line:before"


def test_a_listed_date_that_disagrees_does_not_overrule_the_page() -> None:
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(VSB_TITLE, "2024-07-01"),))
    assert item["published"] == "2024-06-28"


def test_the_listed_date_supplies_the_date_a_page_does_not_show() -> None:
    cases = FIXTURES / "cases" / "date-only-in-footer"
    url = "http://news.example.edu.cn/a/1.htm"
    alone = extract("page.html", url, folder=cases)
    assert alone["published"] is None
    item = extract("page.html", url, folder=cases, evidence=(row(published="2023-09-01"),))
    assert item["published"] == "2023-09-01"
    assert item["extraction"]["published"] == "listing:published"


def test_a_listed_date_after_the_fetch_is_no_date() -> None:
    cases = FIXTURES / "cases" / "date-only-in-footer"
    url = "http://news.example.edu.cn/a/1.htm"
    item = extract("page.html", url, folder=cases, evidence=(row(published="2027-01-01"),))
    assert item["published"] is None


def test_the_templates_date_rule() -> None:
    template = rules(published="//div[contains(@class, 'art-tit')]/p/span[2]")
    item = extract(VSB_PAGE, VSB_URL, template=template)
    assert item["published"] == "2024-06-28"
    assert item["extraction"]["published"] == "template:published"


# -- topics ------------------------------------------------------------------------------------
def test_the_listed_column_is_the_topic_where_the_page_shows_no_category() -> None:
    item = extract(VSB_PAGE, VSB_URL, evidence=(row(VSB_TITLE, column="招标采购"),))
    assert item["topics"] == ["招标采购"]
    assert item["extraction"]["topics"] == "listing:topics"


def test_every_column_the_article_is_listed_in_once() -> None:
    evidence = (row(column="通知公告"), row(column="招标采购"), row(column="通知公告"))
    item = extract(VSB_PAGE, VSB_URL, evidence=evidence)
    assert item["topics"] == ["通知公告", "招标采购"]


def test_a_parent_columns_listing_gives_way_to_the_section_the_breadcrumb_names() -> None:
    # The page's breadcrumb: 网站首页 -> 新闻中心 -> 通知公告 -> 正文. A parent column's listing
    # shows its sub-columns' articles: listed in 新闻中心 (alone or beside 通知公告), the article
    # is filed under 通知公告.
    for columns in (("新闻中心",), ("通知公告", "新闻中心")):
        item = extract(VSB_PAGE, VSB_URL, evidence=tuple(row(column=c) for c in columns))
        assert item["topics"] == ["通知公告"], columns
        assert item["extraction"]["topics"].endswith(":breadcrumb")


def test_the_pages_own_categories_win_over_the_listed_column() -> None:
    folder = FIXTURES / "clemson-news" / "detail-smartphone-habits"
    url = "https://news.clemson.edu/heres-how-to-maintain-healthy-smartphone-habits/"
    alone = extract("page.html", url, cms="wordpress", folder=folder)
    listed = extract(
        "page.html", url, cms="wordpress", folder=folder, evidence=(row(column="Latest"),)
    )
    assert listed["topics"] == alone["topics"] != ["Latest"]


def test_the_templates_topics_rule_gives_every_matched_label() -> None:
    template = rules(topics="//div[contains(@class, 'position')]//a[@href][position() > 1]")
    item = extract(VSB_PAGE, VSB_URL, template=template)
    assert item["topics"] == ["新闻中心", "通知公告"]
    assert item["extraction"]["topics"] == "template:topics"


def test_a_furniture_block_is_never_a_topic() -> None:
    template = SiteTemplate(site="test", furniture=[block_fingerprint("通知公告")])
    item = extract(VSB_PAGE, VSB_URL, template=template)
    assert "通知公告" not in item["topics"]


# -- body, credits, captions, views ------------------------------------------------------------
def test_the_templates_body_rule_and_furniture_inside_the_body() -> None:
    alone = extract(WEBPLUS_PAGE, WEBPLUS_URL)
    first, *rest = alone["body"].split("\n\n")
    template = SiteTemplate(
        site="test",
        fields={"body": FieldRule("//div[@class='wp_articlecontent']", 1.0)},
        furniture=[block_fingerprint(first)],
    )
    item = extract(WEBPLUS_PAGE, WEBPLUS_URL, template=template)
    assert item["extraction"]["body"] == "template:body"
    assert first not in item["body"]
    assert rest[0] in item["body"]


def test_the_templates_credits_line() -> None:
    alone = extract(WEBPLUS_PAGE, WEBPLUS_URL)
    assert alone["credits"] == [{"role": "author", "label": "撰稿", "name": "高巾捷"}]
    template = rules(credits="//div[@class='wp_articlecontent']/p[contains(., '撰稿')]")
    item = extract(WEBPLUS_PAGE, WEBPLUS_URL, template=template)
    assert item["credits"] == alone["credits"]
    assert item["extraction"]["credits"] == "template:credits"


def test_a_furniture_line_is_never_read_for_credits() -> None:
    line = "//div[@class='wp_articlecontent']/p[contains(., '撰稿')]"
    template = SiteTemplate(
        site="test",
        fields={"credits": FieldRule(line, 1.0)},
        furniture=[block_fingerprint("（撰稿：高巾捷）")],  # as if printed on every page
    )
    item = extract(WEBPLUS_PAGE, WEBPLUS_URL, template=template)
    assert item["credits"] == []
    assert "高巾捷" not in item["body"]


def test_the_templates_captions_rule() -> None:
    template = rules(captions="//div[@class='wp_articlecontent']//p[img]/following-sibling::p[1]")
    item = extract(WEBPLUS_PAGE, WEBPLUS_URL, template=template)
    assert item["extraction"]["captions"] == "template:captions"
    assert item["captions"] and all(c["text"] for c in item["captions"])


def test_the_templates_views_rule() -> None:
    template = rules(views="concat('浏览次数：', string-length(//title))")
    item = extract(VSB_PAGE, VSB_URL, template=template)
    assert item["views"] == len(f"{VSB_TITLE}-苏州市第一初级中学")
    assert item["extraction"]["views"] == "template:views"


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["//div[", "count(//p)", "//nosuchelement"])
def test_a_rule_that_is_no_xpath_or_matches_nothing_leaves_the_chain_to_decide(path: str) -> None:
    alone = extract(VSB_PAGE, VSB_URL)
    template = rules(title=path, body=path, published=path, topics=path, credits=path)
    item = extract(VSB_PAGE, VSB_URL, template=template)
    for field in ("title", "body", "published", "topics", "credits"):
        assert item[field] == alone[field]
