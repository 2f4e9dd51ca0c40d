"""USTB's English news portal (en.ustb.edu.cn-like): VSB, UTF-8, the reference article's home.

Detail pages use exactly the markup the ``ustb-en`` site profile is written against;
the reference article is ``/info/1091/5462.htm``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newscrawler.replica.article import Article, Style, make_article
from newscrawler.replica.families.base import ArticleView, Link, esc, relative
from newscrawler.replica.families.vsb import VsbFamily
from newscrawler.replica.reference import REFERENCE_ID, reference_article

BLURB = (
    "News and events from USTB about research, science and technology, social science, art, <br>"
    "faculty and staff, students life and issues happening all around the world."
)


class UstbEnFamily(VsbFamily):
    """English VSB portal; article numbers map to ids so the reference keeps id 5462."""

    name = "ustb-en"
    encoding = "utf-8"
    owner = 1738716478
    site_name = "University of Science and Technology Beijing"
    section = ("News", "University News")
    list_base = "/news/university_news"
    style = Style(
        "ustb-en",
        "en",
        "ustb",
        ("University News",),
        8,
        False,
        datetime(2022, 9, 20, 9, 0, tzinfo=timezone(timedelta(hours=8))),
    )
    other_pages = {
        "/index.htm": "Home",
        "/about/overview.htm": "About USTB",
        "/news/campus_life.htm": "Campus Life",
        "/research/highlights.htm": "Research",
    }

    @property
    def reference_number(self) -> int:
        """The reference article is the tenth oldest (or the oldest of a tiny portal)."""
        return min(9, self.total - 1)

    @property
    def base_id(self) -> int:
        return REFERENCE_ID - self.reference_number * self.step

    def article(self, number: int) -> Article:
        index = self.total - 1 - number
        if number == self.reference_number:
            return reference_article(number, index, self.image_path)
        return make_article(self.style, self.seed, number, self.total, self.image_path)

    def chrome(self, path: str, title: str, main: str, head: str = "") -> str:
        nav = "".join(
            f'<li><a href="{esc(relative(path, target))}">{esc(label)}</a></li>'
            for target, label in [
                ("/index.htm", "Home"),
                (f"{self.list_base}.htm", "News"),
                *list(self.other_pages.items())[1:],
            ]
        )
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
{head}<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="{relative(path, "/style.css")}">
</head>
<body>
<div class="header"><p class="blurb">{BLURB}</p></div>
<div class="nav"><ul>{nav}</ul></div>
{main}
<div class="footer"><p>Copyright © University of Science and Technology Beijing. 30 Xueyuan Road, Haidian District, Beijing.</p></div>
</body>
</html>
"""

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        path = self.listing_path(page, pages)
        items = "".join(
            f'<li><a href="{esc(relative(path, link.path))}">{esc(link.title)}</a>'
            + (f"<span>{link.published:%Y-%m-%d}</span>" if link.published else "")
            + "</li>\n"
            for link in links
        )
        main = f"""<div class="list"><h2>University News</h2><ul>
{items}</ul>
{self.pagebar(path, page, pages, total)}</div>"""
        return self.chrome(path, "University News-USTB", main)

    def pagebar(self, path: str, page: int, pages: int, total: int) -> str:
        bar = super().pagebar(path, page, pages, total)
        for zh, en in (("首页", "First"), ("上页", "Prev"), ("下页", "Next"), ("尾页", "Last")):
            bar = bar.replace(f">{zh}<", f">{en}<")
        return bar.replace(f"共{total}条", f"Total {total}")

    def render_article(self, article: Article, view: ArticleView) -> str:
        path = view.path
        body = []
        for block in article.blocks:
            if block.is_image:
                vurl = f"/_vsl/{block.src.rsplit('/', 1)[-1].split('.')[0].upper()}/{article.number:08X}"
                body.append(
                    f'<p style="text-align: center;"><img src="{block.src}" width="600" vsbhref="vurl" '
                    f'vurl="{vurl}" orisrc="{block.src}"></p>'
                )
                if block.text:
                    body.append(f'<p style="text-align: center;">{esc(block.text)}</p>')
            else:
                body.append(f"<p>{esc(block.text)}</p>")
        body.extend(
            f'<p style="text-align: right;">{c.label}: {esc(" ".join(c.names))}</p>'
            for c in article.footer
        )
        body_html = "\n     ".join(body)
        topics = "".join(
            f'<a href="{relative(path, self.listing_path(1, 2))}">{esc(t)}</a>'
            for t in article.topics
        )
        date = ""
        if article.published:
            date = (
                f'    <li><span class="label">Date</span><span class="value">'
                f"{article.published:%B} {article.published.day},{article.published.year}</span></li>\n"
            )
        clicks = f'_showDynClicks("wbnews", {self.owner}, {self.article_id(article.number)})'
        hot = "".join(
            f'<li><a href="{esc(relative(path, link.path))}">{esc(link.title)}</a></li>'
            for link in view.hot
        )
        main = f"""<div class="article">
  <h1 class="arti-title">{esc(article.title)}</h1>
  <form name="_newscontent_fromname"><div id="vsb_content"><div class="v_news_content">
     {body_html}
  </div></div></form>
  <ul class="arti-meta">
    <li><span class="label">Topics</span><span class="value">{topics}</span></li>
{date}    <li><span class="label">Views</span><span class="value"><script>{clicks}</script></span></li>
  </ul>
</div>
<div class="hot"><h3>Hot News</h3><ul>{hot}</ul></div>"""
        head = '<script type="text/javascript" src="/system/resource/js/counter.js"></script>\n'
        return self.chrome(path, f"{article.title}-USTB", main, head)

    def render_other(self, path: str, title: str) -> str:
        return self.chrome(
            path,
            f"{title}-USTB",
            f'<div class="list"><h2>{esc(title)}</h2><p>Coming soon.</p></div>',
        )
