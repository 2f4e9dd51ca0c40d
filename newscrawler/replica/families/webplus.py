"""WebPlus (Sudy) portal, modelled on itsc.nju.edu.cn, ltfnews.ouc.edu.cn, jhtcxfl.suda.edu.cn.

Listings ``list.htm``, ``list2.htm`` … with ``wp_paging``; details at
``/2022/0824/c1234a56789/page.htm`` (or ``/28/e4/c1234a56789/page.htm`` when undated);
``span.WP_VisitCount`` filled from ``/_visitcountdisplay``.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import ArticleView, Family, Link, digest, esc, zh_credit

_DETAIL = re.compile(
    r"(?:/_s\d+)?/(?:\d{4}/\d{4}|[0-9a-f]{2}/[0-9a-f]{2})/c(\d+)a(\d+)/page\.(?:htm|psp)"
)


class WebPlusFamily(Family):
    """Chinese WebPlus news column (UTF-8)."""

    name = "webplus"
    site_id = 302
    column = 1234
    base_id = 56000
    step = 3
    site_name = "江城大学新闻网"
    section = "综合新闻"
    list_dir = "/xwzx"
    style = Style(
        "webplus",
        "zh",
        "zh",
        ("综合新闻",),
        8,
        False,
        datetime(2024, 5, 30, 9, 0, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/main.htm": "首页",
        "/xxgk/list.htm": "学校概况",
        "/tzgg/list.htm": "通知公告",
        "/mtjd/list.htm": "媒体聚焦",
    }

    #: Every this many articles (by number) links an attachment (0: none; a theme with its own
    #: markup sets 0 unless it prints them).
    attachment_every = 3

    def article(self, number: int) -> Article:
        """The family's content; every :attr:`attachment_every`-th article links a PDF."""
        article = super().article(number)
        if not self.attachment_every or number % self.attachment_every != 1:
            return article
        h = digest(self.seed, self.name, number, "file")
        path = f"/_upload/article/files/{h[:2]}/{h[2:4]}/{h[4:24]}/{h[24:32]}.pdf"
        title = f"附件：{article.title[:12]}报名表.pdf"
        return dataclasses.replace(article, attachments=[(path, title)])

    def article_id(self, number: int) -> int:
        return self.base_id + number * self.step

    def listing_path(self, page: int, pages: int) -> str:
        return f"{self.list_dir}/list{page if page > 1 else ''}.htm"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        match = re.fullmatch(re.escape(self.list_dir) + r"/list(\d*)\.htm", path)
        if not match:
            return None
        page = int(match[1] or 1)
        return page if 1 <= page <= pages and match[1] != "1" else None

    def article_path(self, article: Article) -> str:
        if article.published:
            folder = f"{article.published:%Y/%m%d}"
        else:
            h = digest(self.seed, self.name, article.number)
            folder = f"{h[:2]}/{h[2:4]}"
        return f"/{folder}/c{self.column}a{self.article_id(article.number)}/page.htm"

    def alias_path(self, article: Article) -> str:
        return f"/_s{self.site_id}{self.article_path(article)[:-4]}.psp"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        match = _DETAIL.fullmatch(path)
        if not match or int(match[1]) != self.column:
            return None
        number, rest = divmod(int(match[2]) - self.base_id, self.step)
        return None if rest else number

    def image_path(self, number: int, i: int) -> str:
        h = digest(self.seed, self.name, number)
        u = digest(self.seed, self.name, number, i)
        return f"/_upload/article/images/{h[:2]}/{h[2:4]}/{h[4:30]}/{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}.jpg"

    def counter_path(self, article: Article) -> str:
        return f"/_visitcountdisplay?siteId={self.site_id}&type=3&articleId={self.article_id(article.number)}"

    def counter_number(self, path: str, query: dict[str, str]) -> int | None:
        article_id = query.get("articleId", "")
        if (
            path != "/_visitcountdisplay"
            or query.get("siteId") != str(self.site_id)
            or not article_id.isdigit()
        ):
            return None
        number, rest = divmod(int(article_id) - self.base_id, self.step)
        return None if rest else number

    # markup --------------------------------------------------------------------------
    def chrome(self, title: str, main: str) -> str:
        """The site's page shell: head, menu, banner, footer."""
        menu = "".join(
            f'<li class="menu-item i{i}"><a class="menu-link" href="{target}" target="_self">{esc(label)}</a></li>\n'
            for i, (target, label) in enumerate(
                [
                    ("/main.htm", "首页"),
                    (self.listing_path(1, 1), self.section),
                    *list(self.other_pages.items())[1:],
                ],
                start=1,
            )
        )
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="renderer" content="webkit" />
<title>{esc(title)}</title>
<link type="text/css" href="/_css/_system/system.css" rel="stylesheet"/>
<link type="text/css" href="/_upload/tpl/04/04/1028/template1028/style.css" rel="stylesheet"/>
<script type="text/javascript" src="/_js/_portletPlugs/sudyNavi/jquery.sudyNav.js"></script>
</head>
<body class="list">
<div class="wrapper header" id="header"><div class="inner">
<div class="sitelogo" frag="窗口01" portletmode="simpleSiteAttri"><a href="/main.htm" title="返回{self.site_name}首页"><img border="0" src="/_upload/tpl/04/04/1028/template1028/images/logo.png" /></a></div>
<div class="navbox" frag="窗口02" portletmode="simpleNavi"><ul class="wp-menu">
{menu}</ul></div></div></div>
<div class="wrapper" id="l-banner"><div class="inner"><img border="0" style="margin:0 auto;" src="/_upload/tpl/04/04/1028/template1028/images/list_banner.jpg"></div></div>
{main}
<div class="wrapper footer" id="footer"><div class="inner"><p class="copyright"><span>版权所有 {self.site_name}</span></p></div></div>
</body>
</html>
"""

    def _path_bar(self) -> str:
        return (
            f'<ul class="col_metas clearfix" frag="窗口5" portletmode="simpleColumnAttri">'
            f'<li class="col_path"><span class="path_name">当前位置：</span><a href="/main.htm" target="_self">首页</a>'
            f'<span class=\'possplit\'>&nbsp;&nbsp;</span><a href="{self.listing_path(1, 1)}" target="_self">{self.section}</a></li>'
            f'<li class="col_title"><h2>{self.section}</h2></li></ul>'
        )

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        items = "".join(
            f'<li class="news n{i} clearfix">\n'
            f"    <span class=\"news_title\"><a href='{esc(link.path)}' target='_blank' title='{esc(link.title)}'>{esc(link.title)}</a></span>\n"
            + (
                f'    <span class="news_meta">{link.published:%Y-%m-%d}</span>\n'
                if link.published
                else ""
            )
            + "</li>\n"
            for i, link in enumerate(links, start=1)
        )

        def nav(cls: str, target: int, label: str, enabled: bool) -> str:
            href = self.listing_path(target, pages) if enabled else "javascript:void(0);"
            return f'<a class="{cls}" href="{href}" target="_self"><span>{label}</span></a>'

        paging = f"""<div id="wp_paging_w6">
<ul class="wp_paging clearfix">
    <li class="pages_count"><span class="per_page">每页&nbsp;<em class="per_count">{self.per_page}</em>&nbsp;记录&nbsp;</span><span class="all_count">总共&nbsp;<em class="all_count">{total}</em>&nbsp;记录&nbsp;</span></li>
    <li class="page_nav">
        {nav("first", 1, "第一页", page > 1)}
        {nav("prev", page - 1, "&lt;&lt;上一页", page > 1)}
        {nav("next", page + 1, "下一页&gt;&gt;", page < pages)}
        {nav("last", pages, "尾页", page < pages)}
    </li>
    <li class="page_jump"><span class="pages">页码&nbsp;<em class="curr_page">{page}</em>/<em class="all_pages">{pages}</em></span></li>
</ul>
</div>"""
        main = f"""<div class="wrapper" id="l-container"><div class="inner clearfix">
<div class="col_news"><div class="col_news_box"><div class="col_news_head">{self._path_bar()}</div>
<div class="col_news_con"><div class="col_news_list listcon"><div frag="窗口6" portletmode="simpleList">
<ul class="news_list list2">
{items}</ul>
{paging}
</div></div></div></div></div></div></div>"""
        return self.chrome(f"{self.section}", main)

    def render_article(self, article: Article, view: ArticleView) -> str:
        metas = [
            f'<span class="arti_from">{c.label}：{esc(" ".join(c.names))}</span>'
            for c in article.byline
        ]
        if article.published:
            metas.append(f'<span class="arti_update">发布时间：{article.published:%Y-%m-%d}</span>')
        metas.append(
            f'<span class="arti_views">浏览次数：<span class="WP_VisitCount" url="{self.counter_path(article)}">0</span></span>'
        )
        body = []
        for block in article.blocks:
            if block.is_image:
                original = block.src.replace(".jpg", "_d.jpg")
                body.append(
                    f'<p style="text-align:center;"><img data-layer="photo" src="{block.src}" original-src="{original}" '
                    f"style=\"float:none;\" sudyfile-attr=\"{{'title':'{block.src.rsplit('/', 1)[-1]}'}}\" /></p>"
                )
                if block.text:
                    body.append(f'<p style="text-align:center;">{esc(block.text)}</p>')
            else:
                body.append(f'<p style="text-indent:2em;">{esc(block.text)}</p>')
        body.extend(
            f"<p><a href=\"{path}\" sudyfile-attr=\"{{'title':'{esc(title)}'}}\">{esc(title)}</a></p>"
            for path, title in article.attachments
        )
        in_body = [c for c in article.footer if c.label in ("撰稿", "通讯员", "摄影")]
        body.extend(f'<p style="text-align:right;">{esc(zh_credit(c))}</p>' for c in in_body)
        publishers = "".join(
            f'<p class="arti_publisher">{c.label}：{esc(" ".join(c.names))}</p>\n'
            for c in article.footer
            if c not in in_body
        )
        related = "".join(
            f"<li class=\"news\"><span class=\"news_title\"><a href='{esc(link.path)}' target='_blank'>{esc(link.title)}</a></span></li>\n"
            for link in view.hot
        )
        main = f"""<div class="wrapper" id="d-container"><div class="inner clearfix">
<div class="col_news_head">{self._path_bar()}</div>
<div class="infobox">
<div class="article" frag="窗口3" portletmode="simpleArticleAttri">
  <h1 class="arti_title">{esc(article.title)}</h1>
  <h2 class="arti_title"></h2>
  <p class="arti_metas">{"".join(metas)}</p>
  <div class="entry">
    <div class="read"><div class='wp_articlecontent'>{"".join(body)}</div></div>
  </div>
  {publishers}</div>
</div>
<div class="related" frag="窗口7"><h3 class="tit">热点新闻</h3><ul class="news_list">
{related}</ul></div>
</div></div>"""
        return self.chrome(article.title, main)

    def render_other(self, path: str, title: str) -> str:
        main = (
            f'<div class="wrapper" id="l-container"><div class="inner"><h2>{esc(title)}</h2>'
            "<p>本栏目内容正在建设中。</p></div></div>"
        )
        return self.chrome(title, main)
