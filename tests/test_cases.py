"""The seven bug-report cases (tests/fixtures/cases/), each a kind of extraction fault, with the
value a correct extractor returns. Pages are read with ``--cms auto`` (the generic path plus family
detection), as ``newscrawler extract --cms auto`` does; the charset case is crawled over HTTP.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawler.archive.store import open_archive, row_to_item
from newscrawler.extraction import extract_article
from newscrawler.profiles import profile_for_url
from tests.conftest import LOCAL, run_cli
from tests.static_site import StaticSite

CASES = Path(__file__).parent / "fixtures" / "cases"
ZH_URL = "http://news.example.edu.cn/a/1.htm"
VSB_URL = "http://news.example.edu.cn/info/1091/1.htm"


@cache
def item(case: str, page: str, url: str = ZH_URL, cms: str = "auto") -> dict[str, Any]:
    """The item extracted from one case page (original bytes, no content type)."""
    html = (CASES / case / page).read_bytes()
    return extract_article(url, html, profile_for_url(url, cms)).item


# title-with-hyphen ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("page", "url", "title"),
    [
        ("page.html", ZH_URL, "2023-2024学年第一学期校历发布"),
        ("page-en.html", "http://news.example.edu/a/3.htm", "Self-driving shuttle trial begins"),
    ],
)
def test_hyphen_inside_a_headline_is_not_a_site_suffix(page: str, url: str, title: str) -> None:
    assert item("title-with-hyphen", page, url)["title"] == title


def test_a_real_site_suffix_is_still_stripped() -> None:
    assert item("views-printed-in-meta-line", "page.html")["title"] == "图书馆延长开放时间"


# date-only-in-footer ----------------------------------------------------------------------------
def test_site_update_date_in_the_footer_is_not_the_articles_date() -> None:
    assert item("date-only-in-footer", "page.html")["published"] is None


# date-utc-vs-local-day --------------------------------------------------------------------------
def test_utc_timestamp_gives_the_portals_local_day() -> None:
    published = item("date-utc-vs-local-day", "page.html", VSB_URL)["published"]
    assert published in ("2024-04-20", "2024-04-20T01:30:00+08:00")


@pytest.mark.parametrize("cms", ["auto", "vsb"])
def test_the_same_instant_written_in_utc_or_local_time_gives_the_same_date(cms: str) -> None:
    utc = item("date-utc-vs-local-day", "page.html", VSB_URL, cms)["published"]
    local = item("date-utc-vs-local-day", "control-offset.html", VSB_URL, cms)["published"]
    assert utc == local


def test_timestamp_with_local_offset_keeps_its_day() -> None:
    published = item("date-utc-vs-local-day", "control-offset.html", VSB_URL)["published"]
    assert published in ("2024-04-20", "2024-04-20T01:30:00+08:00")


# table-of-links-in-body -------------------------------------------------------------------------
def test_table_of_links_stays_in_the_body_between_its_paragraphs() -> None:
    blocks = item("table-of-links-in-body", "page.html")["body"].split("\n\n")
    assert blocks == [
        "经学院推荐、专家评审和学校审定，现将2024年度优秀教学成果奖拟获奖名单予以公示，公示期为五个工作日。",
        "序号 成果名称 完成单位",
        "1 新工科背景下机械类专业实践教学体系改革 机械学院",
        "2 面向拔尖人才的数学分析课程建设与实践 数理学院",
        "3 基于虚拟仿真的化学实验教学模式创新 化学学院",
        "如有异议，请于公示期内以书面形式向教务处反映，联系电话：010-12345678。",
    ]


# caption-paragraph-after-image ------------------------------------------------------------------


def test_tuwei_paragraph_after_an_image_is_its_caption() -> None:
    captions = item("caption-paragraph-after-image", "page.html")["captions"]
    assert [c["image_url"] for c in captions] == ["http://news.example.edu.cn/images/a1.jpg"]
    assert captions[0]["text"] in ("图为开学典礼现场。", "图为开学典礼现场。（摄影：李明）")


def test_caption_paragraph_is_not_body_text() -> None:
    body = item("caption-paragraph-after-image", "page.html")["body"]
    assert body.split("\n\n") == [
        "9月10日上午，学校2024级新生开学典礼在体育馆隆重举行，校领导、各学院负责人与近六千名新生共同出席了典礼。",
        "校长在致辞中勉励新生珍惜大学时光，勤学笃行，求是创新，努力成长为担当民族复兴大任的时代新人。",
    ]


def test_photographer_in_a_caption_is_credited() -> None:
    credits = item("caption-paragraph-after-image", "page.html")["credits"]
    assert {"role": "photographer", "label": "摄影", "name": "李明"} in credits


def test_captions_in_centred_table_cells_and_paragraphs_still_work() -> None:
    got = item("caption-paragraph-after-image", "control-centred-table.html")
    assert [c["image_url"] for c in got["captions"]] == [
        "http://news.example.edu.cn/images/a1.jpg",
        "http://news.example.edu.cn/images/a2.jpg",
    ]
    assert got["captions"][0]["text"].startswith("开学典礼现场")
    assert got["captions"][1]["text"] == "新生代表发言"
    assert len(got["body"].split("\n\n")) == 3


# views-printed-in-meta-line ---------------------------------------------------------------------
def test_view_count_printed_in_the_meta_line_is_read() -> None:
    assert item("views-printed-in-meta-line", "page.html")["views"] == 120


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credits", [{"role": "author", "label": "作者", "name": "王同学"}]),
        ("published", "2023-11-05"),
    ],
)
def test_meta_line_with_views_gives_author_and_date(field: str, value: Any) -> None:
    assert item("views-printed-in-meta-line", "page.html")[field] == value


# charset-header-contradicts-meta ----------------------------------------------------------------
@pytest.fixture(scope="module")
def charset_crawl(tmp_path_factory) -> dict[str, dict[str, Any]]:
    """The case's tiny VSB site (GBK article served as ``charset=utf-8``), crawled once."""
    work = tmp_path_factory.mktemp("charset")
    with StaticSite(CASES / "charset-header-contradicts-meta" / "site") as site:
        result = run_cli("crawl", "--url", site.url + "/xwzx.htm", "--cms", "vsb", *LOCAL, cwd=work)
        assert result.returncode == 0, result.stderr[-3000:]
    with open_archive(work / "archive.db") as db:
        return {row["url"].split("/", 3)[3]: row_to_item(row) for row in db["articles"].rows}


def test_page_whose_bytes_contradict_the_header_charset_is_read_in_its_declared_one(
    charset_crawl,
) -> None:
    got = charset_crawl["info/1091/1001.htm"]
    assert got["title"] == "学校召开2024年教学工作会议"
    assert got["body"].split("\n\n") == [
        "3月5日，学校在行政楼报告厅召开2024年教学工作会议，全面部署新学期本科教学重点任务。",
        "会议要求各学院进一步深化课程改革，提升人才培养质量。",
    ]
    assert "\ufffd" not in got["title"] + got["body"]


#: Bytes no charset decodes (0xFF starts no sequence in UTF-8, GBK or GB18030).
UNDECODABLE = (
    b'<html><head><meta charset="gbk"><title>\xff\xff\xff</title></head><body>'
    b'<form name="_newscontent_fromname"><h1>\xff\xfe\xff</h1><div class="v_news_content">'
    b"<p>\xff\xff\xfe\xff\xff\xfe</p></div></form></body></html>"
)


def test_page_that_no_charset_decodes_is_a_counted_skip(tmp_path) -> None:
    site = tmp_path / "site"
    shutil.copytree(CASES / "charset-header-contradicts-meta" / "site", site)
    broken = site / "info" / "1091" / "1002.htm"
    broken.write_bytes(UNDECODABLE)
    listing = site / "xwzx.htm"
    listing.write_bytes(
        listing.read_bytes().replace(
            b"</ul>", b'<li><a href="/info/1091/1002.htm">x</a><span>2024-03-06</span></li></ul>'
        )
    )
    with StaticSite(site) as served:
        result = run_cli(
            "crawl", "--url", served.url + "/xwzx.htm", "--cms", "vsb", *LOCAL, "--json",
            cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = json.loads(result.stdout)
    reasons = {**json.loads(run["error_reasons"]), **json.loads(run["dropped_reasons"])}
    assert reasons.get("undecodable") == 1
    with open_archive(tmp_path / "archive.db") as db:
        stored = {row["url"].rsplit("/", 1)[1]: row["title"] for row in db["articles"].rows}
    assert "1002.htm" not in stored
