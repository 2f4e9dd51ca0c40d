"""A VSB portal on VSB's older table template, one the extractor was never tuned to.

Everything sits in nested ``<table>`` cells: the title in ``td.titlestyleNNNN``, the date in
``span.timestyleNNNN`` and the source in ``span.authorstyleNNNN`` on one unlabelled row, the text in
``#vsb_content`` with the credits ``（文/张明、李华 图/周婷）`` on its last line, and ``责任编辑：…`` in a
table row *after* the content. The breadcrumb reads ``当前位置：首页 >> 学校要闻 >> 正文``; the column
name and date are also in ``<META Name="ColumnName">`` / ``"PubDate"``. The sidebar lists other
articles with their dates and the footer prints years. URL shapes and the click counter are VSB's.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Credit, Style
from newscrawler.replica.families.base import ArticleView, Link, esc, relative
from newscrawler.replica.families.vsb import VsbFamily

STYLE_ID = 1043


class VsbTableFamily(VsbFamily):
    """Chinese VSB site on the old table template (GBK)."""

    name = "vsb-table"
    theme_of = "vsb"
    column = 1003
    owner = 1298764052
    site_name = "北川理工学院新闻网"
    section = ("新闻中心", "学校要闻")
    list_base = "/xxyw"
    style = Style(
        "vsb-table",
        "zh",
        "zh",
        ("学校要闻",),
        8,
        True,
        datetime(2023, 11, 20, 16, 30, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/index.htm": "首页",
        "/xxgk.htm": "学校概况",
        "/tzgg.htm": "通知公告",
        "/mtbd.htm": "媒体报道",
    }

    def article(self, number: int) -> Article:
        """VSB's content, credited the old template's way: the source in the header row, author
        and photographer on one line ``（文/… 图/…）``, the editor in a row after the content."""
        article = super().article(number)
        authors, source = article.byline
        photographers, editor = article.footer[1], article.footer[2]
        return dataclasses.replace(
            article,
            byline=[Credit("信息来源", source.names)],
            footer=[
                Credit("文", authors.names),
                Credit("图", photographers.names),
                Credit("责任编辑", editor.names),
            ],
        )

    # markup --------------------------------------------------------------------------
    def chrome(self, path: str, title: str, main: str, head: str = "") -> str:
        nav = "&nbsp;|&nbsp;".join(
            f'<a href="{esc(relative(path, target))}" class="menu{STYLE_ID}">{esc(label)}</a>'
            for target, label in [
                ("/index.htm", "首页"),
                (f"{self.list_base}.htm", self.section[1]),
                *list(self.other_pages.items())[1:],
            ]
        )
        return f"""<HTML><HEAD><TITLE>{esc(title)}</TITLE>
<META Name="keywords" Content="{self.site_name}" />
<meta http-equiv="Content-Type" content="text/html; charset=GBK">
{head}<LINK href="{relative(path, "/style.css")}" type="text/css" rel="stylesheet">
<!--Announced by Visual SiteBuilder 9-->
</HEAD>
<BODY leftmargin="0" topmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="120"><img src="{relative(path, "/images/banner.jpg")}" width="1000" height="120"></td></tr>
<tr><td height="34" align="center" class="dh">{nav}</td></tr>
</table>
{main}
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="foot">
<tr><td align="center" height="60">Copyright&copy; 2004-2023 {self.site_name} 版权所有<br>地址：四川省北川县永昌镇理工路8号 邮编：622750 川ICP备05004521号</td></tr>
</table>
</BODY></HTML>
"""

    def _crumbs(self, path: str, last: str | None) -> str:
        listing = relative(path, f"{self.list_base}.htm")
        home = relative(path, "/index.htm")
        tail = f" &gt;&gt; {last}" if last else ""
        return (
            f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td height="30" class="wz">'
            f'当前位置：<a href="{home}">首页</a> &gt;&gt; <a href="{listing}">{self.section[1]}</a>{tail}'
            "</td></tr></table>"
        )

    def _sidebar(self, path: str, links: list[Link]) -> str:
        rows = "".join(
            f'<tr><td height="26">·<a href="{esc(relative(path, link.path))}" class="c{STYLE_ID}" title="{esc(link.title)}">'
            f"{esc(link.title[:14])}</a></td>"
            + (
                f'<td width="50"><span class="timestyle{STYLE_ID}">[{link.published:%m-%d}]</span></td>'
                if link.published
                else "<td></td>"
            )
            + "</tr>\n"
            for link in links
        )
        return (
            f'<td width="260" valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="0">'
            f'<tr><td class="lmmc" colspan="2">热点新闻</td></tr>\n{rows}</table></td>'
        )

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        path = self.listing_path(page, pages)
        rows = "".join(
            f'<tr id="line_u5_{i}"><td width="85%" height="28">·<a href="{esc(relative(path, link.path))}" '
            f'class="c{STYLE_ID}" title="{esc(link.title)}" target="_blank">{esc(link.title)}</a></td>'
            + (
                f'<td width="15%"><span class="timestyle{STYLE_ID}">{link.published:%Y-%m-%d}</span></td>'
                if link.published
                else "<td></td>"
            )
            + "</tr>\n"
            for i, link in enumerate(links)
        )

        def nav(target: int, label: str, enabled: bool) -> str:
            if not enabled:
                return label
            href = relative(path, self.listing_path(target, pages))
            return f'<a href="{href}" class="Next">{label}</a>'

        pager = f"共{total}条&nbsp;&nbsp;{page}/{pages}&nbsp;" + "&nbsp;".join(
            (
                nav(1, "首页", page > 1),
                nav(page - 1, "上页", page > 1),
                nav(page + 1, "下页", page < pages),
                nav(pages, "尾页", page < pages),
            )
        )
        main = f"""<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td valign="top">{self._crumbs(path, None)}
<table width="100%" border="0" cellspacing="0" cellpadding="0">
{rows}<tr><td colspan="2" align="center" height="40">{pager}</td></tr>
</table></td></tr></table>"""
        return self.chrome(path, f"{self.section[1]}-{self.site_name}", main)

    def _content(self, article: Article) -> str:
        out = []
        for i, block in enumerate(article.blocks):
            if block.is_image:
                out.append(
                    f'<p align="center"><img width="500" src="{block.src}" border="0" vspace="0" '
                    f'vsbhref="vurl" vurl="/_vsl/{i:08X}" orisrc="{block.src}" class="img_vsb_content"></p>'
                )
                if block.text:
                    out.append(f'<p align="center">{esc(block.text)}</p>')
            else:
                out.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{esc(block.text)}</p>")
        author, photographer = article.footer[0], article.footer[1]
        out.append(
            f'<p align="right">（{author.label}/{"、".join(author.names)} '
            f"{photographer.label}/{'、'.join(photographer.names)}）</p>"
        )
        return "\n".join(out)

    def render_article(self, article: Article, view: ArticleView) -> str:
        path = view.path
        aid = self.article_id(article.number)
        source, editor = article.byline[0], article.footer[2]
        when = f"{article.published:%Y-%m-%d %H:%M}" if article.published else ""
        head = (
            f'<META Name="ColumnName" Content="{self.section[1]}" />\n'
            f'<META Name="ArticleTitle" Content="{esc(article.title)}" />\n'
            + (f'<META Name="PubDate" Content="{when}" />\n' if when else "")
            + f'<META Name="ContentSource" Content="{esc(source.names[0])}" />\n'
        )
        clicks = f'_showDynClicks("wbnews", {self.owner}, {aid})'
        date = (
            f'<span class="timestyle{STYLE_ID}">{when}</span>&nbsp;&nbsp;&nbsp;&nbsp;'
            if when
            else ""
        )
        main = f"""<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="740" valign="top">{self._crumbs(path, "正文")}
<form name="_newscontent_fromname"><script language="javascript" src="/system/resource/js/news/newscontent.js"></script>
<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td class="titlestyle{STYLE_ID}" align="center" height="50">{esc(article.title)}</td></tr>
<tr><td align="center" height="30" class="bk">{date}<span class="authorstyle{STYLE_ID}">{source.label}：{esc(source.names[0])}</span>&nbsp;&nbsp;&nbsp;&nbsp;点击数：<script>{clicks}</script></td></tr>
<tr><td class="contentstyle{STYLE_ID}"><div id="vsb_content"><div id="vsb_content_2">
{self._content(article)}
</div></div></td></tr>
<tr><td align="right" height="30">{editor.label}：{esc(" ".join(editor.names))}</td></tr>
<tr><td align="right" height="30">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table></form></td>
{self._sidebar(path, view.hot)}
</tr></table>"""
        return self.chrome(path, f"{article.title}-{self.site_name}", main, head)

    def render_other(self, path: str, title: str) -> str:
        main = (
            f'<table width="1000" border="0" align="center"><tr><td><b>{esc(title)}</b>'
            f"<p>{esc(self.site_name)}欢迎您。本栏目内容正在建设中。</p></td></tr></table>"
        )
        return self.chrome(path, f"{title}-{self.site_name}", main)
