"""VSB (Visual SiteBuilder, Boda) portal, modelled on news.whu.edu.cn and cs.whu.edu.cn.

Listing pages are numbered downwards (``xxyw.htm`` newest, ``xxyw/3.htm`` … ``xxyw/1.htm``
oldest), details live at ``/info/<column>/<id>.htm``, view counts come from
``_showDynClicks`` and the ``dynclicks.jsp`` endpoint. Pages are GBK-encoded.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import (
    ArticleView,
    Family,
    Link,
    digest,
    esc,
    relative,
    zh_credit,
)

CLICKS_PATH = "/system/resource/code/news/click/dynclicks.jsp"
_DETAIL = re.compile(r"/info/(\d+)/(\d+)\.htm")


class VsbFamily(Family):
    """Chinese VSB news site (GBK)."""

    name = "vsb"
    encoding = "gbk"
    column = 1091
    owner = 1582135709
    step = 3
    site_name = "江城大学新闻网"
    section = ("新闻中心", "学校要闻")
    list_base = "/xwzx/xxyw"
    style = Style(
        "vsb",
        "zh",
        "zh",
        ("学校要闻",),
        8,
        True,
        datetime(2024, 6, 28, 18, 0, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/index.htm": "首页",
        "/xxgk/xxjj.htm": "学校简介",
        "/xwzx/zhxw.htm": "综合新闻",
        "/xwzx/mtjj.htm": "媒体聚焦",
    }

    # URL shapes -------------------------------------------------------------------
    @property
    def base_id(self) -> int:
        return 12000

    def article_id(self, number: int) -> int:
        return self.base_id + number * self.step

    def listing_path(self, page: int, pages: int) -> str:
        return f"{self.list_base}.htm" if page == 1 else f"{self.list_base}/{pages - page + 1}.htm"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        if path == f"{self.list_base}.htm":
            return 1
        match = re.fullmatch(re.escape(self.list_base) + r"/(\d+)\.htm", path)
        if match and 1 <= int(match[1]) < pages:
            return pages - int(match[1]) + 1
        return None

    def article_path(self, article: Article) -> str:
        return f"/info/{self.column}/{self.article_id(article.number)}.htm"

    def alias_path(self, article: Article) -> str:
        return (
            f"/content.jsp?urltype=news.NewsContentUrl&wbtreeid={self.column}"
            f"&wbnewsid={self.article_id(article.number)}"
        )

    def _number(self, article_id: int) -> int | None:
        number, rest = divmod(article_id - self.base_id, self.step)
        return None if rest else number

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        match = _DETAIL.fullmatch(path)
        if match and int(match[1]) == self.column:
            return self._number(int(match[2]))
        if path == "/content.jsp" and query.get("wbtreeid") == str(self.column):
            wbnewsid = query.get("wbnewsid", "")
            return self._number(int(wbnewsid)) if wbnewsid.isdigit() else None
        return None

    def image_path(self, number: int, i: int) -> str:
        h = digest(self.seed, self.name, number, i).upper()
        return f"/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:29]}_{h[29:32]}{i}.jpg"

    def counter_path(self, article: Article) -> str:
        return (
            f"{CLICKS_PATH}?clickid={self.article_id(article.number)}&owner={self.owner}"
            "&clicktype=wbnews"
        )

    def counter_number(self, path: str, query: dict[str, str]) -> int | None:
        if path != CLICKS_PATH or query.get("owner") != str(self.owner):
            return None
        clickid = query.get("clickid", "")
        return self._number(int(clickid)) if clickid.isdigit() else None

    # markup --------------------------------------------------------------------------
    def chrome(self, path: str, title: str, main: str, head: str = "") -> str:
        """The site's page shell: head, top nav, breadcrumb bar, footer."""
        nav = "".join(
            f'<li><a href="{esc(relative(path, target))}" title="{esc(label)}">{esc(label)}</a></li>\n'
            for target, label in [
                ("/index.htm", "首页"),
                (f"{self.list_base}.htm", self.section[1]),
                *list(self.other_pages.items())[1:],
            ]
        )
        return f"""<!DOCTYPE html>
<html lang="zh-cn">
<head>
<meta charset="gbk" />
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{esc(title)}</title>
{head}<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="{relative(path, "/_sitegray/_sitegray_d.css")}" />
<script language="javascript" src="{relative(path, "/_sitegray/_sitegray.js")}"></script>
</head>
<body>
<div id="app">
<div class="header"><div class="hdb"><div class="wp flex">
<div class="logo"><a href="{relative(path, "/index.htm")}"><img src="{relative(path, "/images/logo.png")}" alt=""></a></div>
<div class="topnav flex"><ul class="navs flex">
{nav}</ul></div></div></div></div>
{main}
<div class="footer"><div class="wp"><p>版权所有：{self.site_name} 地址：湖北省武汉市江城路1号</p>
<p><a href="http://beian.miit.gov.cn" target="_blank">鄂ICP备05003305号</a></p></div></div>
</div>
</body>
</html>
"""

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        path = self.listing_path(page, pages)
        items = "".join(
            f'<li id="line_u6_{i}">\n    <a href="{esc(relative(path, link.path))}" title="{esc(link.title)}">\n'
            f"        <p>{esc(link.title)}</p>\n"
            + (f"        <span>{link.published:%Y-%m-%d}</span>\n" if link.published else "")
            + "    </a>\n</li>\n"
            for i, link in enumerate(links)
        )
        main = f"""<div class="nyBa"><div class="wp"><h3 class="sys">{self.section[0]}</h3>
<div class="posi"><div class="posis"><a href="{relative(path, "/index.htm")}">首页</a> &gt;&gt; <a href="{relative(path, self.listing_path(1, pages))}">{self.section[0]}</a> &gt;&gt; {self.section[1]}</div></div></div></div>
<div class="nyMain"><div class="wp"><div class="list"><ul>
{items}</ul>
{self.pagebar(path, page, pages, total)}</div></div></div>"""
        return self.chrome(path, f"{self.section[1]}-{self.site_name}", main)

    def pagebar(self, path: str, page: int, pages: int, total: int) -> str:
        """VSB's pager: ``共N条``, ``1/N`` and the p_first/p_prev/p_no/p_next/p_last spans."""

        def link(cls: str, target: int, label: str, enabled: bool) -> str:
            if not enabled:
                return f'<span class="{cls}_d p_fun_d">{label}</span>'
            href = relative(path, self.listing_path(target, pages))
            return f'<span class="{cls} p_fun"><a href="{href}">{label}</a></span>'

        numbers = "".join(
            f'<span class="p_no_d">{n}</span>'
            if n == page
            else f'<span class="p_no"><a href="{relative(path, self.listing_path(n, pages))}">{n}</a></span>'
            for n in range(max(1, page - 2), min(pages, page + 2) + 1)
        )
        return (
            f'<div class="pagebar" style="text-align:center;"><span class="p_t">共{total}条</span>'
            f'<span class="p_t">{page}/{pages}</span><span class="p_pages">'
            + link("p_first", 1, "首页", page > 1)
            + link("p_prev", page - 1, "上页", page > 1)
            + numbers
            + link("p_next", page + 1, "下页", page < pages)
            + link("p_last", pages, "尾页", page < pages)
            + "</span></div>"
        )

    def _meta(self, article: Article) -> str:
        spans = [
            f"<span>{credit.label}：{' '.join(credit.names)}</span>" for credit in article.byline
        ]
        if article.published:
            spans.append(f"<span>发布时间：{article.published:%Y-%m-%d %H:%M}</span>")
        clicks = f'_showDynClicks("wbnews", {self.owner}, {self.article_id(article.number)})'
        spans.append(f'<span class="ydl">阅读量：<script>{clicks}</script></span>')
        return "\n".join(spans)

    def _body(self, article: Article) -> str:
        out = []
        for i, block in enumerate(article.blocks):
            if block.is_image:
                out.append(
                    f'<p class="vsbcontent_img" style="text-align:center"><img src="{block.src}" width="600" '
                    f'vsbhref="vurl" vurl="/_vsl/{digest(block.src)[:24].upper()}/{i:08X}" '
                    f'orisrc="{block.src}" class="img_vsb_content"></p>'
                )
                if block.text:
                    out.append(f'<p style="text-align: center;">{esc(block.text)}</p>')
            else:
                cls = ' class="vsbcontent_start"' if i == 0 else ""
                out.append(f"<p{cls}>{esc(block.text)}</p>")
        out.extend(f'<p style="text-align: right;">{esc(zh_credit(c))}</p>' for c in article.footer)
        return "\n".join(out)

    def render_article(self, article: Article, view: ArticleView) -> str:
        path = view.path
        aid = self.article_id(article.number)
        head = (
            f'<META Name="SiteName" Content="{self.site_name}" />\n'
            f'<META Name="ColumnName" Content="{self.section[1]}" />\n'
            f'<META Name="ArticleTitle" Content="{esc(article.title)}" />\n'
            + (
                f'<META Name="PubDate" Content="{article.published:%Y-%m-%d %H:%M}" />\n'
                if article.published
                else ""
            )
            + f'<META Name="ContentSource" Content="{esc(article.byline[1].names[0])}" />\n'
            '<script type="text/javascript" src="/system/resource/js/counter.js"></script>\n'
            f"<script type=\"text/javascript\">_jsq_({self.column},'/detail.jsp',{aid},{self.owner})</script>\n"
        )
        sib = "".join(
            f'<p>{label}：<a href="{esc(relative(path, link.path))}">{esc(link.title)}</a></p>'
            for label, link in (("上一条", view.previous), ("下一条", view.following))
            if link
        )
        hot = "".join(
            f'<li><a href="{esc(relative(path, link.path))}">{esc(link.title)}</a></li>\n'
            for link in view.hot
        )
        listing = relative(path, f"{self.list_base}.htm")
        main = f"""<div class="nyBa"><div class="wp"><h3 class="sys text-m">{self.section[0]}</h3>
<div class="posi flex-center"><div class="posis"><a href="{relative(path, "/index.htm")}">首页</a> &gt;&gt; <a href="{listing}">{self.section[0]}</a> &gt;&gt; <a href="{listing}">{self.section[1]}</a> &gt;&gt; 正文</div></div></div></div>
<div class="nyMain"><div class="wp flex detail"><div class="nyleft">
<script language="javascript" src="/system/resource/js/news/newscontent.js"></script><form name="_newscontent_fromname">
<div class="arc-tit"><h1>{esc(article.title)}</h1></div>
<div class="arc-info flex"><div>
{self._meta(article)}
</div></div>
<div class="arc-con"><div id="vsb_content"><div class="v_news_content">
{self._body(article)}
</div></div></div>
<div class="arc-share">分享：<div id="share"></div></div>
<div class="arc-sibs"><div class="arc-sib">{sib}</div><div class="arc-back"><a href="{listing}">返回列表</a></div></div>
</form></div>
<div class="nyright"><dl class="item1"><dt><span class="sys">热点新闻</span></dt><dd><ul>
{hot}</ul></dd></dl></div>
</div></div>"""
        return self.chrome(path, f"{article.title}-{self.site_name}", main, head)

    def render_other(self, path: str, title: str) -> str:
        main = (
            f'<div class="nyMain"><div class="wp"><h2>{esc(title)}</h2>'
            f"<p>{esc(self.site_name)}欢迎您。本栏目内容正在建设中。</p></div></div>"
        )
        return self.chrome(path, f"{title}-{self.site_name}", main)
