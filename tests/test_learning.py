"""A portal's template learned from its own pages, listing-row evidence, and the offline CLI.

The pages are real (tests/fixtures/sites/, provenance in its README.md): eight detail pages and
two listing pages of a WebPlus school site and of a VSB school site. Titles and dates below were
read from the pages by hand.
"""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from parsel import Selector

from newscrawler.cli import cli
from newscrawler.extraction import decode_html, extract_listing
from newscrawler.extraction.dates import parse_date
from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.learning import LearningPage, learn_template, matches_listed_title
from newscrawler.extraction.template import SiteTemplate, block_fingerprint
from newscrawler.extraction.text import collapse
from newscrawler.profiles import load_preset

SITES = Path(__file__).parent / "fixtures" / "sites"
REPO = Path(__file__).resolve().parent.parent
BASE = {"fudan-cs": "https://cs.fudan.edu.cn/", "szyz-vsb": "https://www.example-school.cn/"}

#: Detail page -> (headline, date), read from each page.
TRUTH = {
    "fudan-cs": {
        "04/97/c24258a328855/page.html": (
            "乘坐 “初心号”，红色观影路 ——计算机学院党史学习主题教育活动顺利开展",
            "2021-06-11",
        ),
        "09/4c/c24258a461132/page.html": (
            "同心协力，顽强“乒”搏 | 我院乒乓球队获2022年复旦大学“院系杯”团体赛冠军",
            "2022-09-30",
        ),
        "52/c7/c24258a348871/page.html": ("师说心语｜钱振兴老师：寻找人生灯塔", "2021-06-15"),
        "5b/67/c24258a351079/page.html": ("师说心语｜赵卫东老师专访", "2021-06-16"),
        "a4/d8/c24795a697560/page.html": (
            "计算机学院退休教师摄影兴趣小组10月22日活动报道",
            "2024-10-24",
        ),
        "b6/d7/c24795a702167/page.html": (
            "计算机学院退休教师诗词兴趣小组2024年11月19日活动报道",
            "2024-11-25",
        ),
        "c5/0b/c24795a705803/page.html": ("12月5日唱歌组活动简报", "2024-12-09"),
        "d0/f2/c24795a708850/page.html": (
            "计算机学院成功举办2025年退休教职工辞旧迎新茶话会",
            "2024-12-26",
        ),
    },
    "szyz-vsb": {
        "info/1184/5011.htm": ("C-38积极开设信息技术支持下的研究型课程。", "2022-11-20"),
        "info/1184/5021.htm": (
            "C-37信息技术应用渗透到主题班团队活动、社会实践等德育工作中。",
            "2022-11-20",
        ),
        "info/1184/5031.htm": (
            "C-36 学科教学中积极应用信息技术，所有公开课都是整合课。"
            "近两年50%以上教师开过信息技术与课程整合公开课。",
            "2022-11-20",
        ),
        "info/1186/5071.htm": (
            "C-44 三年内大市级以上课件评比获奖累计分数满15分并且有全国二等奖或省一等奖项以上。",
            "2022-11-20",
        ),
        "info/1227/7141.htm": ("党员“三亮”承诺表——唐婕", "2012-10-26"),
        "info/1227/7271.htm": ("党员“三亮”承诺表——虞佳", "2012-10-26"),
        "info/1227/7311.htm": ("党员“三亮”承诺表——韩晴", "2012-10-26"),
        "info/1227/7351.htm": ("党员“三亮”承诺表——何耀慧", "2012-10-26"),
    },
}
#: Banner, navigation and footer texts every page of the site prints.
FURNITURE = {
    "fudan-cs": [
        "© 2022 复旦大学计算机科学技术学院",
        "地址：上海市淞沪路2005号",
        "学院概况",
        "Email：cs_school@fudan.edu.cn",
    ],
    "szyz-vsb": [
        "©苏州市第一初级中学版权所有 苏ICP备12002899号-2",
        "SUZHOU NO.1 JUNIOR HIGH SCHOOL ALL RIGHTS RESERVED",
        "当前位置：",
    ],
}
#: Titles of other articles that a "latest news" box prints on every page of the site.
LATEST = {
    "fudan-cs": ["计算机学院召开学生发展对象座谈会", "师说心语｜彭鑫老师专访"],
    "szyz-vsb": [],
}
#: Pages learned from; the others of TRUTH are held out.
LEARN = {
    "fudan-cs": [
        "04/97/c24258a328855/page.html",
        "52/c7/c24258a348871/page.html",
        "a4/d8/c24795a697560/page.html",
        "b6/d7/c24795a702167/page.html",
        "d0/f2/c24795a708850/page.html",
    ],
    "szyz-vsb": [
        "info/1184/5011.htm",
        "info/1184/5031.htm",
        "info/1227/7141.htm",
        "info/1227/7271.htm",
        "info/1227/7351.htm",
    ],
}


def _html(site: str, path: str) -> str:
    return decode_html((SITES / site / path).read_bytes())


def _page(site: str, path: str) -> LearningPage:
    return LearningPage(BASE[site] + path, _html(site, path))


def _first(html: str, xpath: str) -> str:
    found = Selector(text=html).xpath(xpath)
    return collapse(found[0].root.text_content()) if found else ""


@pytest.fixture(scope="module", params=sorted(TRUTH))
def learned(request: pytest.FixtureRequest) -> tuple[str, SiteTemplate]:
    site = request.param
    return site, learn_template(site, [_page(site, p) for p in LEARN[site]])


def test_furniture_is_the_sites_banner_and_footer_never_an_article_title(learned) -> None:
    site, template = learned
    for text in FURNITURE[site]:
        assert block_fingerprint(text) in template.furniture, text
    for title, _ in TRUTH[site].values():
        assert block_fingerprint(title) not in template.furniture, title
    for title in LATEST[site]:  # on every page, but the title of an article the crawl will meet
        assert all(title in _html(site, p) for p in LEARN[site])
        assert block_fingerprint(title) not in template.furniture, title


def test_headline_rule_gives_the_title_of_pages_not_learned_from(learned) -> None:
    site, template = learned
    rule = template.fields["title"]
    assert rule.agreement == 1.0 and "[" in rule.path  # tag with class or id, not positional
    held_out = sorted(set(TRUTH[site]) - set(LEARN[site]))
    assert len(held_out) == 3
    for path in held_out:
        assert _first(_html(site, path), rule.path) == TRUTH[site][path][0]


def test_date_rule_gives_the_date_of_pages_not_learned_from(learned) -> None:
    site, template = learned
    rule = template.fields["published"]
    for path in sorted(set(TRUTH[site]) - set(LEARN[site])):
        assert parse_date(_first(_html(site, path), rule.path))[:10] == TRUTH[site][path][1]
    assert rule.examples and all(parse_date(e) for e in rule.examples)


def test_body_and_topics_rules_are_learned(learned) -> None:
    site, template = learned
    assert template.fields["body"].agreement >= 0.6
    column = {"fudan-cs": {"学生活动", "退休动态"}, "szyz-vsb": {"B12整合应用", "党员“三亮”活动"}}
    assert set(template.fields["topics"].examples) <= column[site] | {"B14工作成效"}
    assert template.learned_from == sorted(BASE[site] + p for p in LEARN[site])


def test_learning_does_not_depend_on_the_order_of_the_pages() -> None:
    pages = [_page("fudan-cs", p) for p in LEARN["fudan-cs"]]
    first = learn_template("fudan-cs", pages).to_json()
    shuffled = pages[:]
    for seed in (1, 2):
        random.Random(seed).shuffle(shuffled)
        assert learn_template("fudan-cs", shuffled + shuffled[:1]).to_json() == first


def test_the_listed_title_decides_the_headline_over_other_candidates() -> None:
    site = "szyz-vsb"
    pages = [
        LearningPage(
            BASE[site] + p,
            _html(site, p),
            (ListingEvidence(title=TRUTH[site][p][0], published=TRUTH[site][p][1]),),
        )
        for p in LEARN[site]
    ]
    template = learn_template(site, pages, version=3)
    assert template.version == 3
    assert template.fields["title"].path == "//div[@class='art-tit cont-tit d']/h3"
    assert template.fields["title"].examples[0] == TRUTH[site]["info/1184/5011.htm"][0]


def test_fewer_than_two_pages_is_an_error() -> None:
    page = _page("fudan-cs", LEARN["fudan-cs"][0])
    with pytest.raises(ValueError, match="at least 2"):
        learn_template("fudan-cs", [page, page])
    with pytest.raises(ValueError, match="at least 2"):
        learn_template("fudan-cs", [])


def test_a_listed_title_cut_with_an_ellipsis_matches_by_prefix() -> None:
    assert matches_listed_title("计算机学院退休教师…", "计算机学院退休教师诗词兴趣小组活动报道")
    assert not matches_listed_title("计算机学院退休教师", "计算机学院退休教师诗词兴趣小组活动报道")
    assert matches_listed_title("Robots  in Labs", "robots in labs")


@pytest.mark.parametrize(
    ("site", "listing", "article", "title", "date", "column"),
    [
        (
            "fudan-cs",
            "24258/list.html",
            "04/97/c24258a328855/page.html",  # the row's link text is cut: "乘坐"
            "乘坐 “初心号”，红色观影路 ——计算机学院党史学习主题教育活动顺利开展",
            "2021-06-11",
            "学生活动",
        ),
        (
            "fudan-cs",
            "24795/list.html",
            "c5/0b/c24795a705803/page.html",
            "12月5日唱歌组活动简报",
            "2024-12-09",
            "退休动态",
        ),
        (
            "szyz-vsb",
            "gzap/A4yysp.htm",
            "info/1184/5011.htm",
            "C-38积极开设信息技术支持下的研究型课程。",
            "2022-11-20",
            "A4应用水平",
        ),
        (
            "szyz-vsb",  # the row prints the day (10/26) and the year (2012) apart
            "djzc/djzc/zthd/dy_sl_hd/1.htm",
            "info/1227/7351.htm",
            "党员“三亮”承诺表——何耀慧",
            "2012-10-26",
            "党员“三亮”活动",
        ),
    ],
)
def test_listing_rows_give_title_date_and_column(site, listing, article, title, date, column):
    url = BASE[site] + listing
    found = extract_listing(url, _html(site, listing), load_preset("auto"), column="Fallback")
    assert set(found.evidence) <= set(found.articles) and len(found.evidence) >= 9
    row = found.evidence[BASE[site] + article]
    assert (row.title, row.published, row.column) == (title, date, column)
    assert (row.source, row.listing_url) == ("listing", url)


def test_listing_without_heading_or_breadcrumb_takes_the_given_column() -> None:
    html = (
        "<html><body><ul>"
        + "".join(
            f'<li><a href="/news/{i}.htm">Campus robot lab opens wing {i}</a> <span>2024-03-0{i}</span></li>'
            for i in range(1, 5)
        )
        + "</ul></body></html>"
    )
    found = extract_listing("https://a.edu/news/", html, load_preset("auto"), column="News")
    row = found.evidence["https://a.edu/news/2.htm"]
    assert (row.title, row.published, row.column) == (
        "Campus robot lab opens wing 2",
        "2024-03-02",
        "News",
    )


def _extract(site: str, page: str, *extra: str):
    return CliRunner().invoke(
        cli,
        [
            "extract",
            "--learn-from",
            str(SITES / site),
            "--url",
            BASE[site] + page,
            str(SITES / site / page),
            *extra,
        ],
    )


@pytest.mark.parametrize("site", sorted(TRUTH))
def test_cli_learns_from_a_folder_and_prints_the_item(site: str) -> None:
    page = sorted(set(TRUTH[site]) - set(LEARN[site]))[0]
    result = _extract(site, page, "--show-template")
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)
    assert (item["title"], item["published"][:10]) == TRUTH[site][page]
    assert "learned from 8 detail pages; 2 listing pages" in result.stderr
    template = SiteTemplate.from_json(result.stderr[result.stderr.index("{") :])
    assert _first(_html(site, page), template.fields["title"].path) == TRUTH[site][page][0]
    assert len(template.learned_from) == 8


def test_cli_base_url_and_errors(tmp_path: Path) -> None:
    site, page = "szyz-vsb", "info/1227/7311.htm"
    result = CliRunner().invoke(
        cli,
        [
            "extract", "--learn-from", str(SITES / site), "--base-url", BASE[site],
            "--url", BASE[site] + page, str(SITES / site / page),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == TRUTH[site][page][0]
    alone = CliRunner().invoke(
        cli, ["extract", "--show-template", "--url", BASE[site] + page, str(SITES / site / page)]
    )
    assert alone.exit_code == 2 and "need --learn-from" in alone.output
    (tmp_path / "one.htm").write_bytes((SITES / site / page).read_bytes())
    (tmp_path / "broken.html").write_bytes(b"\xff" * 2000)
    few = CliRunner().invoke(
        cli,
        [
            "extract",
            "--learn-from",
            str(tmp_path),
            "--url",
            BASE[site] + "one.htm",
            str(tmp_path / "one.htm"),
        ],
    )
    assert few.exit_code == 2 and "at least 2" in few.output
    assert "skipped broken.html" in few.stderr


def test_corpus_half_is_fixed_by_the_file_name() -> None:
    spec = importlib.util.spec_from_file_location("split", REPO / "benchmarks" / "split.py")
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    halves = [split.corpus_half(f"{i}.html") for i in range(200)]
    assert 60 < halves.count("tuning") < 140 and set(halves) == {"tuning", "checking"}
    assert split.corpus_half("24258-list.html") == "tuning"  # sha1 starts with an even byte


def _home_grown(i: int) -> str:
    """A home-grown portal's article page: ``<title>`` is only the site's name, printed large on
    the page too; the headline is a plain ``div`` after the column name."""
    body = "".join(
        f"<p>第{i}条新闻的第{n}段，学院师生参加了活动并交流了体会，内容各不相同{i * n}。</p>"
        for n in range(1, 5)
    )
    return f"""<html><head><title>某某大学新闻网</title></head><body>
<div class="top"><div class="sitename">某某大学新闻网</div></div>
<div class="menu"><a href="/">首页</a><a href="/xxyw.htm">学校要闻</a><a href="/zhxw.htm">综合新闻</a></div>
<div class="main"><div class="lm">学校要闻</div>
<div class="bt">学院举办第{i}届青年教师教学竞赛决赛</div>
<div class="sj">发布时间：2024-03-{10 + i} 作者：宣传部 浏览：{100 + i}</div>
<div class="nr">{body}</div></div>
<div class="foot">地址：某某市大学路1号 电话：0000-12345678 版权所有 某某大学</div></body></html>"""


def test_the_listed_title_finds_a_headline_without_class_or_heading_tag() -> None:
    pages = [
        LearningPage(
            f"https://news.example.edu.cn/info/1001/{i}.htm",
            _home_grown(i),
            (
                ListingEvidence(
                    title=f"学院举办第{i}届青年教师教学竞赛决赛", published=f"2024-03-{10 + i}"
                ),
            ),
        )
        for i in range(1, 6)
    ]
    template = learn_template("home-grown", pages)
    assert template.fields["title"].path == "//div[@class='bt']"
    assert template.fields["title"].agreement == 1.0
    assert template.fields["published"].path == "//div[@class='sj']"
    assert template.fields["meta_line"].path == "//div[@class='sj']"
    assert template.fields["body"].path == "//div[@class='nr']"
    # the column name printed above the headline is the topic (so not furniture)
    assert template.fields["topics"].path == "//div[@class='lm']"
    for text in (
        "某某大学新闻网",
        "地址：某某市大学路1号 电话：0000-12345678 版权所有 某某大学",
    ):
        assert block_fingerprint(text) in template.furniture, text


def test_without_evidence_the_first_varying_line_before_the_date_is_the_headline() -> None:
    pages = [
        LearningPage(f"https://news.example.edu.cn/info/1001/{i}.htm", _home_grown(i))
        for i in range(1, 6)
    ]
    rule = learn_template("home-grown", pages).fields["title"]
    assert (rule.path, rule.agreement) == ("//div[@class='bt']", 1.0)
    assert rule.examples[0] == "学院举办第1届青年教师教学竞赛决赛"


def test_listing_column_is_the_breadcrumbs_last_item_not_a_utility_class() -> None:
    rows = "".join(
        f'<li><a href="/research/{i}.html">New robot lab opens wing {i}</a> <em>Mar {i}, 2024</em></li>'
        for i in range(1, 5)
    )
    html = (
        '<html><body><div class="position-relative"><a href="/">Home</a> <a href="/a">About</a></div>'
        '<nav class="breadcrumb"><a href="/">Home</a> › <a href="/research/">Research</a></nav>'
        f"<ul>{rows}</ul></body></html>"
    )
    found = extract_listing("https://a.edu/research/", html, load_preset("auto"), column="News")
    row = found.evidence["https://a.edu/research/3.html"]
    assert (row.title, row.published, row.column) == (
        "New robot lab opens wing 3",
        "2024-03-03",
        "Research",
    )
