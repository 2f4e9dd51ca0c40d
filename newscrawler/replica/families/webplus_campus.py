"""A second WebPlus theme, one the extractor was never tuned to.

A campus-news theme of WebPlus (Sudy): the title in ``div.con-title h3``, one metadata line of
``　``-separated labelled fields (``发布时间：2024-05-30 09:12　作者：…　摄影：…　来源：…　浏览：N``),
the text in WebPlus's ``wp_articlecontent``, a ``【编辑：… 审核：…】`` box after it, a breadcrumb
``您的位置：首页 > 新闻网 > 学术动态`` whose last section is the column, and a "相关新闻" box with dated
links. URL shapes, listings and the visit counter are WebPlus's.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Credit, Style
from newscrawler.replica.families.base import ArticleView, Link, esc
from newscrawler.replica.families.webplus import WebPlusFamily

SEP = "\u3000"


class WebPlusCampusFamily(WebPlusFamily):
    """Chinese WebPlus site on a campus-news theme (UTF-8)."""

    name = "webplus-campus"
    theme_of = "webplus"
    site_id = 417
    column = 2871
    base_id = 91000
    site_name = "东湖师范大学新闻网"
    section = "学术动态"
    list_dir = "/xsdt"
    style = Style(
        "webplus-campus",
        "zh",
        "zh",
        ("学术动态",),
        8,
        True,
        datetime(2024, 9, 12, 17, 40, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/main.htm": "首页",
        "/xxyw/list.htm": "学校要闻",
        "/mtsd/list.htm": "媒体师大",
        "/rwfc/list.htm": "人物风采",
    }

    attachment_every = 0

    def article(self, number: int) -> Article:
        """WebPlus content, credited this theme's way: author, photographer and source on the
        metadata line, editor and reviewer in a box after the text."""
        article = super().article(number)
        authors, source = article.byline
        photographers, editor = article.footer[1], article.footer[2]
        return dataclasses.replace(
            article,
            byline=[authors, photographers, source],
            footer=[Credit("编辑", editor.names), *article.footer[3:]],
        )

    # markup --------------------------------------------------------------------------
    def chrome(self, title: str, main: str) -> str:
        menu = "".join(
            f'<li class="nav-item"><a href="{target}">{esc(label)}</a></li>'
            for target, label in [
                ("/main.htm", "首页"),
                (self.listing_path(1, 1), self.section),
                *list(self.other_pages.items())[1:],
            ]
        )
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="keywords" content="{self.site_name}">
<link type="text/css" href="/_css/_system/system.css" rel="stylesheet"/>
<script language="javascript" src="/_js/jquery.min.js" sudy-wp-context="" sudy-wp-siteId="{self.site_id}"></script>
<script language="javascript" src="/_js/jquery.sudy.wp.visitcount.js"></script>
<link rel="stylesheet" href="/_upload/tpl/01/9c/412/template412/css/base.css" type="text/css" />
</head>
<body>
<div class="top"><div class="w1200"><a class="logo" href="/main.htm"><img src="/_upload/tpl/01/9c/412/template412/images/logo.png" alt="{self.site_name}"></a>
<ul class="nav">{menu}</ul></div></div>
{main}
<div class="footer"><div class="w1200"><p>版权所有 © {self.site_name} 2012-2024</p><p>地址：湖北省武汉市东湖路152号</p></div></div>
</body>
</html>
"""

    def _position(self) -> str:
        return (
            '<div class="position">您的位置：<a href="/main.htm">首页</a> &gt; '
            f'<a href="/main.htm">新闻网</a> &gt; <a href="{self.listing_path(1, 1)}">{self.section}</a></div>'
        )

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        items = "".join(
            f'<li><a href="{esc(link.path)}" target="_blank" title="{esc(link.title)}"><div class="txt"><h4>{esc(link.title)}</h4></div>'
            + (
                f'<div class="date"><span class="day">{link.published:%d}</span><span class="ym">{link.published:%Y-%m}</span></div>'
                if link.published
                else ""
            )
            + "</a></li>\n"
            for link in links
        )

        def nav(cls: str, target: int, label: str, enabled: bool) -> str:
            href = self.listing_path(target, pages) if enabled else "javascript:void(0);"
            return f'<a class="{cls}" href="{href}" target="_self"><span>{label}</span></a>'

        main = f"""<div class="main w1200">{self._position()}
<div class="list-box" frag="窗口6" portletmode="simpleList"><ul class="news-list">
{items}</ul>
<div id="wp_paging_w6"><ul class="wp_paging clearfix">
<li class="page_nav">{nav("first", 1, "首页", page > 1)}{nav("prev", page - 1, "上一页", page > 1)}{nav("next", page + 1, "下一页", page < pages)}{nav("last", pages, "尾页", page < pages)}</li>
<li class="page_jump"><span class="pages">页码&nbsp;<em class="curr_page">{page}</em>/<em class="all_pages">{pages}</em></span></li>
</ul></div></div></div>"""
        return self.chrome(self.section, main)

    def render_article(self, article: Article, view: ArticleView) -> str:
        fields = []
        if article.published:
            fields.append(f"发布时间：{article.published:%Y-%m-%d %H:%M}")
        fields.extend(f"{c.label}：{esc(' '.join(c.names))}" for c in article.byline)
        fields.append(
            f'浏览：<span class="WP_VisitCount" url="{self.counter_path(article)}">0</span>'
        )
        body = []
        for block in article.blocks:
            if block.is_image:
                body.append(
                    f'<p style="text-align:center;"><img data-layer="photo" src="{block.src}" '
                    f'style="float:none;width:600px;" /></p>'
                )
                if block.text:
                    body.append(
                        f'<p style="text-align:center;"><span style="font-family:楷体;">{esc(block.text)}</span></p>'
                    )
            else:
                body.append(
                    f'<p style="text-indent:2em;line-height:2;"><span style="font-size:16px;">{esc(block.text)}</span></p>'
                )
        editors = " ".join(f"{c.label}：{esc(' '.join(c.names))}" for c in article.footer)
        related = "".join(
            f'<li><a href="{esc(link.path)}">{esc(link.title)}</a>'
            + (f"<span>{link.published:%Y-%m-%d}</span>" if link.published else "")
            + "</li>\n"
            for link in view.hot
        )
        main = f"""<div class="main w1200">{self._position()}
<div class="article-box" frag="窗口3" portletmode="simpleArticleAttri">
<div class="con-title"><h3>{esc(article.title)}</h3></div>
<div class="con-info">{SEP.join(fields)}</div>
<div class="con-text"><div class='wp_articlecontent'>{"".join(body)}</div></div>
<div class="con-editor">【{editors}】</div>
<div class="con-share">分享到：<a class="wx" href="javascript:;">微信</a><a class="wb" href="javascript:;">微博</a></div>
</div>
<div class="related-box"><h4>相关新闻</h4><ul>
{related}</ul></div></div>"""
        return self.chrome(f"{article.title}-{self.site_name}", main)

    def render_other(self, path: str, title: str) -> str:
        main = f'<div class="main w1200"><h3>{esc(title)}</h3><p>本栏目内容正在建设中。</p></div>'
        return self.chrome(title, main)
