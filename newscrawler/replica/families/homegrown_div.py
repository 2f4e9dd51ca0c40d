"""A home-grown Chinese university news site built of plain ``<div>``s, on no CMS anyone sells.

Every page's ``<title>`` is only the site's name (南屿大学). The column name is printed large in the
left bar above the sub-menu; the headline is a plain ``<div>`` with an inline style (no class, no
heading tag); under it one metadata line ``发布时间：2025-03-02　来源：党委宣传部　作者：张三　点击：[123]``;
the text in ``div#zoom``; ``摄影：…　责任编辑：…`` right-aligned after it; previous/next links, print
and close buttons; a long footer (address, phone, 版权所有, ICP and police registration numbers).
Listings (``/news/class.asp?classid=12&page=N``) put the date before the link and cut long
titles with ``…``; details are ``/news/show.asp?id=N`` (also served at ``/show.asp?id=N``).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import ArticleView, Link, digest, esc, relative
from newscrawler.replica.families.homegrown import HomegrownFamily, cut

CLASS_ID = "12"
_SPACE = "\u3000"


class HomegrownDivFamily(HomegrownFamily):
    """Chinese home-grown site, ``<div>`` layout, ``<title>`` the site name only (UTF-8)."""

    name = "homegrown-div"
    site_name = "南屿大学"
    section = ("新闻中心", "综合新闻")
    per_page = 8
    first_id = 2371
    style = Style(
        "homegrown-div",
        "zh",
        "zh",
        ("综合新闻",),
        8,
        False,
        datetime(2025, 3, 28, 10, 0, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/index.asp": "首页",
        "/xxgk/index.asp": "学校概况",
        "/news/class.asp?classid=13": "媒体南屿",
        "/news/class.asp?classid=14": "通知公告",
    }

    def article(self, number: int) -> Article:
        """Source before author on the metadata line; the photographer (where there are
        photos) and the editor on one line after the text."""
        article = super().article(number)
        authors, source = article.byline
        photographer, editor = article.footer[1], article.footer[2]
        footer = [photographer, editor] if article.images else [editor]
        return dataclasses.replace(article, byline=[source, authors], footer=footer)

    # URL shapes -------------------------------------------------------------------
    def listing_path(self, page: int, pages: int) -> str:
        base = f"/news/class.asp?classid={CLASS_ID}"
        return base if page == 1 else f"{base}&page={page}"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        if path != "/news/class.asp" or query.get("classid") != CLASS_ID:
            return None
        raw = query.get("page", "1")
        page = int(raw) if raw.isdigit() else 0
        return page if 1 <= page <= pages else None

    def article_path(self, article: Article) -> str:
        return f"/news/show.asp?id={self.article_id(article.number)}"

    def alias_path(self, article: Article) -> str:
        return f"/show.asp?id={self.article_id(article.number)}"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        if path in ("/news/show.asp", "/show.asp"):
            return self.number_of(query.get("id", ""))
        return None

    def image_path(self, number: int, i: int) -> str:
        return f"/uploadfile/2025/{digest(self.seed, self.name, number, i)[:20]}.jpg"

    def archive_pages(self) -> dict[str, str]:
        # query-string pages are not served by the portal's "other pages" route
        return {p: t for p, t in self.other_pages.items() if "?" not in p}

    # markup --------------------------------------------------------------------------
    def chrome(self, main: str) -> str:
        nav = "".join(
            f'<li><a href="{esc(target)}">{esc(label)}</a></li>'
            for target, label in [
                ("/index.asp", "首页"),
                ("/xxgk/index.asp", "学校概况"),
                (self.listing_path(1, 1), "新闻中心"),
                ("/news/class.asp?classid=14", "通知公告"),
                ("/index.asp#jyjx", "教育教学"),
                ("/index.asp#kxyj", "科学研究"),
            ]
        )
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{self.site_name}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
</head>
<body>
<div id="top"><div id="logo"><a href="/index.asp"><img src="/images/logo.png" alt="{self.site_name}" /></a></div>
<div id="toplink"><a href="/index.asp">学校首页</a> | <a href="/en/">English</a> | <a href="/xxgk/index.asp">信息公开</a> | <a href="javascript:addfav()">加入收藏</a></div></div>
<div id="menu"><ul>{nav}</ul></div>
<div id="banner"><img src="/images/banner_news.jpg" width="1000" height="160" alt="" /></div>
<div id="container">
<div id="left">
<div id="lanmu"><span style="font-size:28px;font-weight:bold;color:#0b4a8b;">{self.section[1]}</span><br /><span style="color:#999;">NEWS</span></div>
<ul id="submenu"><li><a href="{esc(self.listing_path(1, 1))}">综合新闻</a></li><li><a href="/news/class.asp?classid=13">媒体南屿</a></li><li><a href="/news/class.asp?classid=14">通知公告</a></li></ul>
</div>
<div id="right">
<div id="weizhi">您现在的位置：<a href="/index.asp">首页</a> &gt; <a href="{esc(self.listing_path(1, 1))}">{self.section[0]}</a> &gt; <a href="{esc(self.listing_path(1, 1))}">{self.section[1]}</a></div>
{main}
</div>
</div>
<div id="footer">
<div id="links">友情链接：<a href="http://www.moe.gov.cn/" target="_blank">教育部</a> <a href="http://www.edu.cn/" target="_blank">中国教育和科研计算机网</a> <a href="http://www.chsi.com.cn/" target="_blank">中国高等教育学生信息网</a></div>
<div>地址：福建省厦门市南屿大道1号{_SPACE}邮编：361005{_SPACE}联系电话：0592-2186110{_SPACE}传真：0592-2186111</div>
<div>版权所有 &copy; {self.site_name}{_SPACE}<a href="https://beian.miit.gov.cn/" target="_blank">闽ICP备05012345号-1</a>{_SPACE}<img src="/images/gongan.png" alt="" />闽公网安备 35020302000123号</div>
<div>技术支持：{self.site_name}网络与信息中心{_SPACE}建议使用1280×1024以上分辨率浏览本站</div>
</div>
</body>
</html>
"""

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        path = self.listing_path(page, pages)
        rows = "".join(
            "<li>"
            + (
                f'<span style="float:right;color:#999;">{link.published:%Y-%m-%d}</span>'
                if link.published
                else ""
            )
            + f'<a href="{esc(relative(path, link.path))}" target="_blank">'
            f"{esc(cut(link.title, 18, '…'))}</a></li>\n"
            for link in links
        )

        def to(target: int, label: str, enabled: bool) -> str:
            if not enabled:
                return f"<span>{label}</span>"
            return f'<a href="{esc(self.listing_path(target, pages))}">{label}</a>'

        numbers = " ".join(
            f"<b>{n}</b>" if n == page else to(n, str(n), True) for n in range(1, pages + 1)
        )
        pager = f"共 {total} 条记录{_SPACE}第 {page}/{pages} 页{_SPACE}" + " ".join(
            (
                to(1, "首页", page > 1),
                to(page - 1, "上一页", page > 1),
                numbers,
                to(page + 1, "下一页", page < pages),
                to(pages, "尾页", page < pages),
            )
        )
        main = f'<ul id="newslist">\n{rows}</ul>\n<div id="page">{pager}</div>'
        return self.chrome(main)

    def render_article(self, article: Article, view: ArticleView) -> str:
        meta = []
        if article.published:
            meta.append(f"发布时间：{article.published:%Y-%m-%d}")
        meta += [f"{c.label}：{' '.join(c.names)}" for c in article.byline]
        meta.append(f"点击：[{article.views}]")
        body = []
        for block in article.blocks:
            if block.is_image:
                body.append(f'<p align="center"><img src="{block.src}" border="0" /></p>')
                if block.text:
                    body.append(f'<p align="center">{esc(block.text)}</p>')
            else:
                body.append(f'<p style="text-indent:2em;">{esc(block.text)}</p>')
        credits = _SPACE.join(f"{c.label}：{' '.join(c.names)}" for c in article.footer)
        sibs = "".join(
            f'<div>{label}：<a href="{esc(link.path)}">{esc(link.title)}</a></div>'
            for label, link in (("上一篇", view.previous), ("下一篇", view.following))
            if link
        )
        main = f"""<div id="news">
<div style="font-size:22px;font-weight:bold;color:#0b4a8b;text-align:center;line-height:40px;">{esc(article.title)}</div>
<div style="text-align:center;color:#666;border-bottom:1px dashed #ccc;line-height:30px;">{_SPACE.join(meta)}</div>
<div id="zoom">
{chr(10).join(body)}
</div>
<div style="text-align:right;line-height:30px;">{credits}</div>
<div id="sxp">{sibs}</div>
<div style="text-align:right;"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>"""
        return self.chrome(main)

    def render_other(self, path: str, title: str) -> str:
        return self.chrome(f'<div id="news"><p>{esc(title)}栏目正在建设中。</p></div>')
