"""A home-grown Chinese school site laid out in tables, static pages named like a publishing system.

The page ``<title>`` is ``学院新闻-<site name>`` (a column name, then the site's). Everything sits
in nested ``<table>`` cells: the banner, the nav bar, a left bar with the column name printed
large, the breadcrumb ``当前位置：首页 > 学院新闻 > 正文``, the headline in a ``<strong>`` in a plain
cell, the text, then the credits ``撰稿：…　摄影：…　审核：…`` and, after them, the date
``发布日期：2024年11月03日``, a share bar and a related-news box (other titles with their dates).
Pages are GBK. Listings are ``/xyxw/index.html``, ``index_1.html`` … (rows: full title in the
``title`` attribute, link text cut with ``…``, the date in its own cell; a pager with first,
previous, next and last links only); details ``/xyxw/content_<id>.html`` (also
served at ``/showinfo.php?id=<id>``).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import ArticleView, Link, digest, esc, relative
from newscrawler.replica.families.homegrown import HomegrownFamily, cut

_DETAIL = re.compile(r"/xyxw/content_(\d+)\.html")
_LISTING = re.compile(r"/xyxw/index(?:_(\d+))?\.html")
_SPACE = "\u3000"


class HomegrownTableFamily(HomegrownFamily):
    """Chinese home-grown school site, table layout, date after the text (GBK)."""

    name = "homegrown-table"
    encoding = "gbk"
    site_name = "西岭理工大学计算机与信息工程学院"
    column = "学院新闻"
    per_page = 10
    first_id = 58210
    shows_views = False
    style = Style(
        "homegrown-table",
        "zh",
        "zh",
        ("学院新闻",),
        8,
        False,
        datetime(2024, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/index.html": "首页",
        "/xygk/index.html": "学院概况",
        "/tzgg/index.html": "通知公告",
        "/xsgz/index.html": "学生工作",
    }

    def article(self, number: int) -> Article:
        """No credits with the headline: who wrote, photographed and checked it is printed in one
        line after the text (``撰稿：…　摄影：…　审核：…``; no photographer without photos)."""
        article = super().article(number)
        writer, photographer, editor = article.footer[0], article.footer[1], article.footer[2]
        writer = dataclasses.replace(writer, label="撰稿")
        reviewer = dataclasses.replace(editor, label="审核")
        footer = [writer, photographer, reviewer] if article.images else [writer, reviewer]
        return dataclasses.replace(article, byline=[], footer=footer)

    # URL shapes -------------------------------------------------------------------
    def listing_path(self, page: int, pages: int) -> str:
        return "/xyxw/index.html" if page == 1 else f"/xyxw/index_{page - 1}.html"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        match = _LISTING.fullmatch(path)
        if not match:
            return None
        page = int(match[1]) + 1 if match[1] else 1
        return page if 1 <= page <= pages and match[1] != "0" else None

    def article_path(self, article: Article) -> str:
        return f"/xyxw/content_{self.article_id(article.number)}.html"

    def alias_path(self, article: Article) -> str:
        return f"/showinfo.php?id={self.article_id(article.number)}"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        match = _DETAIL.fullmatch(path)
        if match:
            return self.number_of(match[1])
        if path == "/showinfo.php":
            return self.number_of(query.get("id", ""))
        return None

    def image_path(self, number: int, i: int) -> str:
        return f"/xyxw/images/W0{digest(self.seed, self.name, number, i)[:16]}.jpg"

    # markup --------------------------------------------------------------------------
    def chrome(self, path: str, title: str, main: str, crumb: str = "") -> str:
        """The page shell; ``crumb`` ends the breadcrumb (``正文`` on an article)."""
        nav = "".join(
            f'<td align="center" class="nav"><a href="{esc(relative(path, target))}">{esc(label)}</a></td>'
            for target, label in [
                ("/index.html", "首页"),
                ("/xygk/index.html", "学院概况"),
                ("/xyxw/index.html", self.column),
                ("/tzgg/index.html", "通知公告"),
                ("/xsgz/index.html", "学生工作"),
            ]
        )
        home = relative(path, "/index.html")
        listing = relative(path, "/xyxw/index.html")
        return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title)}</title>
<link href="{relative(path, "/images/css.css")}" rel="stylesheet" type="text/css">
</head>
<body topmargin="0" leftmargin="0" bgcolor="#eeeeee">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#ffffff">
<tr><td><img src="{relative(path, "/images/top.jpg")}" width="980" height="130"></td></tr>
<tr><td height="36" background="{relative(path, "/images/navbg.gif")}"><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>{nav}</tr></table></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#ffffff">
<tr>
<td width="220" valign="top" bgcolor="#f5f8fc">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td height="60" align="center"><font style="font-size:24px;color:#ffffff;background:#1d5ba6;padding:8px 30px;">{self.column}</font></td></tr>
<tr><td height="32" class="left-item">&gt; <a href="{listing}">{self.column}</a></td></tr>
<tr><td height="32" class="left-item">&gt; <a href="{relative(path, "/tzgg/index.html")}">通知公告</a></td></tr>
<tr><td height="32" class="left-item">&gt; <a href="{relative(path, "/xsgz/index.html")}">学术活动</a></td></tr>
<tr><td class="lxwm">联系我们<br>电话：028-85401234<br>邮箱：jsjxy@xlut.edu.cn</td></tr>
</table>
</td>
<td width="760" valign="top" style="padding:10px 20px;">
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td height="30" class="dqwz">当前位置：<a href="{home}">首页</a> &gt; <a href="{listing}">{self.column}</a>{f" &gt; {crumb}" if crumb else ""}</td></tr></table>
{main}
</td>
</tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#1d5ba6">
<tr><td height="90" align="center" style="color:#ffffff;line-height:24px;">版权所有：{self.site_name}{_SPACE}地址：四川省成都市西岭大道888号 明理楼A座{_SPACE}邮编：610065<br>
电话：028-85401234{_SPACE}传真：028-85401235{_SPACE}蜀ICP备12003456号<br>
您是本站第 <script src="{relative(path, "/count.php")}"></script> 位访客</td></tr>
</table>
</body>
</html>
"""

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        path = self.listing_path(page, pages)
        rows = "".join(
            f'<tr><td width="20" height="28" align="center"><img src="{relative(path, "/images/dot.gif")}"></td>'
            f'<td><a href="{esc(relative(path, link.path))}" title="{esc(link.title)}" target="_blank">'
            f"{esc(cut(link.title, 16, '…'))}</a></td>"
            f'<td width="90" align="right">{f"{link.published:%Y-%m-%d}" if link.published else ""}</td></tr>\n'
            '<tr><td colspan="3" height="1" background="../images/line.gif"></td></tr>\n'
            for link in links
        )

        def to(target: int, label: str, enabled: bool) -> str:
            if not enabled:
                return label
            return f'<a href="{esc(relative(path, self.listing_path(target, pages)))}">{label}</a>'

        pager = f"共{total}条{_SPACE}页次：{page}/{pages}{_SPACE}" + _SPACE.join(
            (
                to(1, "首页", page > 1),
                to(page - 1, "上一页", page > 1),
                to(page + 1, "下一页", page < pages),
                to(pages, "尾页", page < pages),
            )
        )
        main = (
            '<table width="100%" border="0" cellspacing="0" cellpadding="0" class="list">\n'
            f'{rows}<tr><td colspan="3" height="40" align="center">{pager}</td></tr>\n</table>'
        )
        return self.chrome(path, f"{self.column}-{self.site_name}", main)

    def render_article(self, article: Article, view: ArticleView) -> str:
        path = view.path
        body = []
        for block in article.blocks:
            if block.is_image:
                body.append(f'<p align="center"><img src="{block.src}" width="560"></p>')
                if block.text:
                    body.append(
                        f'<p align="center"><font color="#666666">{esc(block.text)}</font></p>'
                    )
            else:
                body.append(f"<p>{_SPACE * 2}{esc(block.text)}</p>")
        credits = _SPACE.join(f"{c.label}：{'、'.join(c.names)}" for c in article.footer)
        date = (
            f"发布日期：{article.published.year}年{article.published:%m}月{article.published:%d}日"
            if article.published
            else ""
        )
        related = "".join(
            f'<tr><td height="26">·<a href="{esc(relative(path, link.path))}" target="_blank">{esc(link.title)}</a></td>'
            f'<td width="100" align="right">{f"({link.published:%Y-%m-%d})" if link.published else ""}</td></tr>\n'
            for link in view.hot
        )
        share = (
            '分享到：<a href="javascript:void(0)" class="bds_weixin">微信</a> '
            '<a href="javascript:void(0)" class="bds_tsina">新浪微博</a> '
            '<a href="javascript:void(0)" class="bds_qzone">QQ空间</a>'
        )
        main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td align="center" height="60" style="border-bottom:1px solid #dddddd;"><strong style="font-size:20px;color:#1d5ba6;">{esc(article.title)}</strong></td></tr>
<tr><td style="padding:15px 0;line-height:28px;font-size:14px;">
{chr(10).join(body)}
</td></tr>
<tr><td align="right" height="28">{credits}</td></tr>
<tr><td align="right" height="28">{date}</td></tr>
<tr><td height="36" style="border-top:1px dashed #cccccc;">{share}</td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0" class="xgxw">
<tr><td colspan="2" height="32" class="xgxw-t"><b>相关新闻</b></td></tr>
{related}</table></td></tr>
</table>"""
        return self.chrome(path, f"{self.column}-{self.site_name}", main, "正文")

    def render_other(self, path: str, title: str) -> str:
        main = f'<table width="100%"><tr><td><b>{esc(title)}</b><p>本栏目正在建设中。</p></td></tr></table>'
        return self.chrome(path, f"{title}-{self.site_name}", main)
