"""Drupal news section, modelled on www.rutgers.edu (and www.psl.eu's Drupal 8 markup).

``/news``, ``/news?page=1`` … with ``li.pager__item--next a``; articles at ``/news/slug``
with ``<link rel=canonical>``; the node path ``/node/N`` serves the same article
(the duplicate URL, canonical to the alias).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from newscrawler.replica import text
from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import ArticleView, Family, Link, digest, esc

CATEGORIES = ("Research & Innovation", "Campus Life", "Health & Medicine", "Arts & Culture")


class DrupalFamily(Family):
    """English Drupal 10 site; titles are unique, so path aliases decode to article numbers."""

    name = "drupal"
    canonical_on_alias = True
    shows_views = False
    site_name = "Riverside State University"
    first_nid = 4000
    style = Style(
        "drupal",
        "en",
        "drupal",
        CATEGORIES,
        -5,
        False,
        datetime(2024, 3, 29, 15, 0, tzinfo=timezone.utc),
    )
    other_pages = {
        "/": "Home",
        "/about": "About",
        "/events": "Events",
        "/admissions": "Admissions",
    }

    def archive_pages(self) -> dict[str, str]:
        categories = {f"/news/categories/{text.slugify(c)}": c for c in CATEGORIES}
        return {**self.other_pages, **categories}

    def nid(self, number: int) -> int:
        return self.first_nid + number * 3

    def listing_path(self, page: int, pages: int) -> str:
        return "/news" if page == 1 else f"/news?page={page - 1}"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        if path != "/news":
            return None
        page = query.get("page", "0")
        return int(page) + 1 if page.isdigit() and int(page) < pages else None

    def article_path(self, article: Article) -> str:
        return f"/news/{text.slugify(article.title)}"

    def alias_path(self, article: Article) -> str:
        return f"/node/{self.nid(article.number)}"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        match = re.fullmatch(r"/node/(\d+)", path)
        if match:
            number, rest = divmod(int(match[1]) - self.first_nid, 3)
            return None if rest else number
        match = re.fullmatch(r"/news/([a-z0-9-]+)", path)
        return text.number_from_slug(self.seed, self.name, match[1]) if match else None

    def image_path(self, number: int, i: int) -> str:
        token = digest(self.seed, self.name, number, i)
        return (
            f"/sites/default/files/styles/max_width_embed_1024_1x/public/news/{self.nid(number)}-{i + 1}.jpg"
            f"?itok={token[:8]}"
        )

    # markup --------------------------------------------------------------------------
    def chrome(self, title: str, main: str, head: str = "") -> str:
        """Theme shell: head with Drupal's generator tag, header menu, footer."""
        menu = "".join(
            f'<li class="menu__item"><a href="{target}" class="menu__link">{esc(label)}</a></li>'
            for target, label in [
                ("/", "Home"),
                ("/news", "News"),
                *list(self.other_pages.items())[1:],
            ]
        )
        return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
{head}<title>{esc(title)} | {self.site_name}</title>
<link rel="stylesheet" media="all" href="/themes/custom/rsu/dist/css/global.css?s9v1k2" />
</head>
<body class="path-node page-node-type-news">
<a href="#main-content" class="visually-hidden focusable">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<header class="header"><div class="site-name"><a href="/" rel="home">{self.site_name}</a></div>
<nav role="navigation" aria-labelledby="block-mainnavigation-menu" class="block-menu"><ul class="menu">{menu}</ul></nav></header>
<main role="main" class="main"><a id="main-content" tabindex="-1"></a>
{main}
</main>
<footer class="footer"><p>&copy; {self.site_name}. All rights reserved.</p></footer>
</div>
</body>
</html>
"""

    @staticmethod
    def _date(when: datetime) -> str:
        return f"{when:%B} {when.day}, {when.year}"

    def _category(self, label: str) -> str:
        return (
            f'<div class="f--field f--category">\n  <a href="/news/categories/{text.slugify(label)}">{esc(label)}</a>\n'
            "</div><!-- f--field f--category -->"
        )

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        cards = "".join(
            '<article class="cc--component-container cc--news-card"><div class="c--component c--news-card">\n'
            f'<div class="text-container"><div class="f--field f--page-title"><h3><a href="{esc(link.path)}">{esc(link.title)}</a></h3></div>'
            + (
                f'<div class="f--field f--date"><p class="date">{self._date(link.published)}</p></div>'
                if link.published
                else ""
            )
            + "</div></div></article>\n"
            for link in links
        )
        items = "".join(
            f'<li class="pager__item{" is-active" if n == page else ""}"><a href="?page={n - 1}" title="Go to page {n}">{n}</a></li>'
            for n in range(1, pages + 1)
            if abs(n - page) <= 4
        )
        if page > 1:
            items = (
                f'<li class="pager__item pager__item--previous"><a href="?page={page - 2}" title="Go to previous page" rel="prev">'
                '<span class="visually-hidden">Previous page</span><span aria-hidden="true">‹‹</span></a></li>'
            ) + items
        if page < pages:
            items += (
                f'<li class="pager__item pager__item--next"><a href="?page={page}" title="Go to next page" rel="next">'
                '<span class="visually-hidden">Next page</span><span aria-hidden="true">››</span></a></li>'
            )
        main = f"""<section class="cc--component-container cc--news-listing"><h1>News</h1>
<div class="view view-news view-id-news view-display-id-page_1"><div class="view-content">
{cards}</div>
<nav class="pager" role="navigation" aria-labelledby="pagination-heading"><h4 id="pagination-heading" class="visually-hidden">Pagination</h4>
<ul class="pager__items js-pager__items">{items}</ul></nav></div></section>"""
        return self.chrome("News", main)

    def render_article(self, article: Article, view: ArticleView) -> str:
        body = []
        for block in article.blocks:
            if not block.is_image:
                body.append(f"<p>{esc(block.text)}</p>")
                continue
            caption = f"<figcaption>{esc(block.text)}</figcaption>" if block.text else ""
            credit = (
                f"<div>Photo: {esc(block.photo_credit.names[0])}</div>"
                if block.photo_credit
                else ""
            )
            body.append(
                f'<figure class="align-center"><img src="{esc(block.src)}" width="1024" height="683" alt="" '
                f'loading="lazy" />{caption}{credit}</figure>'
            )
        byline = "".join(
            f"""<div class="full-name-wrapper">
<div class="f--field f--text"><p class='label'><strong>{credit.label}</strong></p></div>
<div class="f--field f--text"><p class='full-name'>{esc(credit.names[0])}</p></div>
</div>"""
            for credit in article.byline
        )
        date = ""
        if article.published:
            date = f"""<div class="date-wrapper">
<div class="f--field f--text"><p class='label'><strong>Date</strong></p></div>
<div class="f--field f--text"><p class='date'>{self._date(article.published)}</p></div>
</div>"""
        related = "".join(
            f'<article class="cc--component-container cc--news-card"><div class="text-container"><h3><a href="{esc(link.path)}">'
            f"{esc(link.title)}</a></h3></div></article>\n"
            for link in view.hot
        )
        head = f'<link rel="canonical" href="{esc(view.canonical)}" />\n' if view.canonical else ""
        head += f'<link rel="shortlink" href="{self.alias_path(article)}" />\n'
        main = f"""<section class="cc--component-container cc--hero-headline"><div class="c--component c--hero-headline">
{"".join(self._category(t) for t in article.topics)}
<div class="f--field f--page-title">
  <h1>{esc(article.title)}</h1>
</div><!-- f--field f--page-title -->
</div></section>
<div class="content-main">
<section class="cc--component-container cc--article-sidebar" aria-label="Article Sidebar"><div class="c--component c--article-sidebar"><div class="article-sidebar-wrapper">
{byline}
{date}
</div></div></section>
<section class="cc--component-container cc--rich-text"><div class="f--field f--rich-text"><div>
{chr(10).join(body)}
</div></div></section>
</div>
<section class="cc--component-container cc--related-news"><h2>Related News</h2>
{related}</section>"""
        return self.chrome(article.title, main, head)

    def render_other(self, path: str, title: str) -> str:
        main = (
            f'<section class="cc--component-container cc--rich-text"><h1>{esc(title)}</h1>'
            f'<p>Welcome to {self.site_name}. See the latest <a href="/news">news</a>.</p></section>'
        )
        return self.chrome(title, main)
