"""A small archive of Chinese and English articles for the data-team tests (export, search,
views, Datasette, report). Rows are written by :meth:`newscrawler.archive.store.Archive.store`, the
write path the crawl uses.

Imported explicitly by those test modules (``tests/conftest.py`` belongs to the crawl tests)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from newscrawler.archive.store import Archive


def article(url: str, **fields: Any) -> dict[str, Any]:
    """An item with every key of the contract, ``fields`` overriding the defaults."""
    item = {
        "url": url,
        "site": "ustb-en",
        "title": "",
        "body": "",
        "captions": [],
        "images": [],
        "credits": [],
        "topics": [],
        "published": None,
        "views": None,
        "language": "en",
        "fetched_at": "2024-01-10T08:00:00+00:00",
    } | fields
    content = json.dumps([item["title"], item["body"], item["captions"], item["credits"]])
    item["content_hash"] = hashlib.sha256(content.encode()).hexdigest()
    return item


def store(path: Path, *items: dict[str, Any]) -> list[str]:
    """Store ``items`` in the archive at ``path`` through the archive's own write path, one batch
    each (as separate crawls would); returns what was decided for each."""
    with Archive.open(path) as archive:
        return [status for item in items for status in archive.store([item]).statuses]


ZH_COOPERATION = article(
    "https://news.ustb.edu.cn/xxyw/2023/0315/c1a1.htm",
    site="ustb-zh",
    language="zh",
    title="北京科技大学与企业签署战略合作协议",
    body="3月15日，学校与多家企业签署战略合作协议。\n\n双方将在人才培养、科学研究等方面开展合作。",
    captions=[{"image_url": "https://news.ustb.edu.cn/img/1.jpg", "text": "签约仪式现场"}],
    images=["https://news.ustb.edu.cn/img/1.jpg"],
    credits=[
        {"role": "author", "label": "撰稿", "name": "张三"},
        {"role": "photographer", "label": "摄影", "name": "李四"},
        {"role": "photographer", "label": "摄影", "name": "王五"},
    ],
    topics=["学校要闻"],
    published="2023-03-15",
    views=1024,
)
ZH_MEETING = article(
    "https://news.ustb.edu.cn/xxyw/2023/0502/c1a2.htm",
    site="ustb-zh",
    language="zh",
    title="学校召开2023年工作会议",
    body="会议总结了过去一年的工作。",
    credits=[{"role": "editor", "label": "责任编辑", "name": "赵六"}],
    topics=["学校要闻"],
    published="2023-05-02",
    views=88,
)
#: Has 学 and 校 but never side by side: a search for 学校 must not find it.
ZH_CAMPUS = article(
    "https://news.ustb.edu.cn/xyfc/2023/0410/c2a1.htm",
    site="ustb-zh",
    language="zh",
    title="校园春色",
    body="春天到了，同学们在校园里读书。",
    topics=["校园风采"],
    published="2023-04-10",
)
EN_COOPERATION = article(
    "https://en.ustb.edu.cn/news/2023/03/20/cooperation.htm",
    title="USTB signs cooperation agreement with industry",
    body="The university signed a cooperation agreement with partners.\n\nStudents will benefit.",
    credits=[{"role": "author", "label": "Draft", "name": "Li Wei"}],
    topics=["University News"],
    published="2023-03-20T09:30:00+08:00",
)
#: "Cooperative" and "cooperate", never "cooperation": an unstemmed search must not find it.
EN_WORKSHOP = article(
    "https://en.ustb.edu.cn/news/2023/07/01/workshop.htm",
    title="Cooperative learning workshop",
    body="Students cooperate in small groups.",
    topics=["Campus Life"],
    published="2023-07-01",
)
ARTICLES = (ZH_COOPERATION, ZH_MEETING, ZH_CAMPUS, EN_COOPERATION, EN_WORKSHOP)


def fill(path: Path) -> None:
    """Store :data:`ARTICLES`, one later edit of :data:`ZH_MEETING`, and two crawl runs."""
    store(path, *ARTICLES)
    store(
        path,
        {**ZH_MEETING, "body": "会议总结了过去一年的工作，部署了新一年的任务。"}
        | {"fetched_at": "2024-02-01T08:00:00+00:00", "content_hash": "edited"},
    )
    with Archive.open(path) as archive, archive.db.conn:
        archive.db["crawls"].insert_all(
            [
                {"site": "ustb-zh", "started_at": "2024-02-01T07:59:00+00:00",
                 "finished_at": "2024-02-01T08:05:00+00:00", "status": "finished",
                 "pages": 12, "new": 0, "changed": 1, "unchanged": 2, "gone": 0,
                 "dropped": 0, "errors": 0},
                {"site": "ustb-en", "started_at": "2024-01-10T07:59:00+00:00",
                 "finished_at": "2024-01-10T08:03:00+00:00", "status": "finished",
                 "pages": 7, "new": 2, "changed": 0, "unchanged": 0, "gone": 0,
                 "dropped": 0, "errors": 0},
            ]
        )  # fmt: skip


def make_archive(directory: Path) -> Path:
    """A migrated archive file in ``directory`` holding :data:`ARTICLES`."""
    path = directory / "archive.db"
    fill(path)
    return path


def versions_as_table(db: Any) -> None:
    """Give ``db`` (a ``sqlite_utils.Database``) the ``article_versions`` of archives made before
    migration ``340_versions_share_text``: a table holding every version whole (same columns,
    types and primary key), and that migration not applied."""
    columns = [(row[1], row[2]) for row in db.execute("pragma table_info(article_versions_data)")]
    names = ", ".join(name for name, _ in columns if name != "shared")
    definitions = ", ".join(f"{name} {kind}" for name, kind in columns if name != "shared")
    db.execute(f"create table article_versions_whole ({definitions}, primary key (url, version))")
    db.execute(f"insert into article_versions_whole select {names} from article_versions")
    db.execute("drop view article_versions")  # and its triggers
    db.execute("drop trigger articles_versions_unshare")
    db.execute("drop trigger articles_versions_unshare_deleted")
    db.execute("drop table article_versions_data")
    db.execute("alter table article_versions_whole rename to article_versions")
    db.execute(
        "create index idx_article_versions_url_content_hash on article_versions(url, content_hash)"
    )
    db.execute("delete from _migrations where name = '340_versions_share_text'")
