"""WordPress laid out with a page builder (Elementor-like), one the extractor was never tuned to.

No theme markup at all: every part of a post is a widget nested in sections, containers, columns
and widget wraps (``div.elementor-widget-theme-post-title``, ``-post-info``, ``-theme-post-content``,
``-text-editor``, ``-posts``). The post-info widget lists "By" + author, date, time, category terms
and a view count; photo and editor credits sit in a text widget after the content; a related-posts
grid shows other posts' titles, dates and categories. Listings are a posts grid whose pager numbers
carry a screen-reader "Page" word. URL shapes are WordPress's.
"""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawler.replica import text
from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import ArticleView, Link, digest, esc
from newscrawler.replica.families.wordpress import WordPressFamily

CATEGORIES = ("Announcements", "Faculty Spotlight", "Athletics", "Alumni")


def _printed(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def _clock(when: datetime) -> str:
    return f"{when.hour % 12 or 12}:{when:%M} {'am' if when.hour < 12 else 'pm'}"


class WordPressBuilderFamily(WordPressFamily):
    """English WordPress site built with a page builder; slugs decode to article numbers."""

    name = "wordpress-builder"
    theme_of = "wordpress"
    site_name = "Harbor Valley University"
    first_post_id = 840
    style = Style(
        "wordpress-builder",
        "en",
        "wordpress",
        CATEGORIES,
        -7,
        True,
        datetime(2024, 11, 8, 18, 0, tzinfo=timezone.utc),
    )

    def archive_pages(self) -> dict[str, str]:
        pages = super().archive_pages()
        stale = {p for p in pages if p.startswith("/category/")}
        cats = {f"/category/{text.slugify(c)}/": f"Category: {c}" for c in CATEGORIES}
        return {**{p: t for p, t in pages.items() if p not in stale}, **cats}

    @staticmethod
    def _widget(kind: str, inner: str, key: str) -> str:
        return (
            f'<div class="elementor-element elementor-element-{digest(kind, key)[:7]} elementor-widget '
            f'elementor-widget-{kind}" data-element_type="widget" data-widget_type="{kind}.default">'
            f'<div class="elementor-widget-container">{inner}</div></div>'
        )

    @staticmethod
    def _section(key: str, *columns: str) -> str:
        cols = "".join(
            f'<div class="elementor-column elementor-col-{100 // len(columns)} elementor-top-column elementor-element" '
            f'data-element_type="column"><div class="elementor-widget-wrap elementor-element-populated">{col}</div></div>'
            for col in columns
        )
        return (
            f'<section class="elementor-section elementor-top-section elementor-element elementor-element-{digest("s", key)[:7]} '
            f'elementor-section-boxed elementor-section-height-default" data-element_type="section">'
            f'<div class="elementor-container elementor-column-gap-default">{cols}</div></section>'
        )

    def chrome(self, title: str, main: str, head: str = "", body_class: str = "blog") -> str:
        menu = "".join(
            f'<li class="menu-item"><a href="{target}" class="elementor-item">{esc(label)}</a></li>'
            for target, label in [
                ("/", "Home"),
                ("/news/", "News"),
                *list(self.other_pages.items())[1:],
            ]
        )
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{esc(title)} | {self.site_name}</title>
{head}<link rel='stylesheet' id='elementor-frontend-css' href='/wp-content/plugins/elementor/assets/css/frontend.min.css?ver=3.21.4' media='all' />
<meta name="generator" content="Elementor 3.21.4; features: e_optimized_assets_loading; settings: css_print_method-external">
</head>
<body class="{body_class} elementor-default elementor-kit-5">
<div data-elementor-type="header" data-elementor-id="12" class="elementor elementor-12 elementor-location-header">
{self._section("header", self._widget("nav-menu", f'<nav class="elementor-nav-menu--main"><ul class="elementor-nav-menu">{menu}</ul></nav>', "menu"))}
</div>
{main}
<div data-elementor-type="footer" data-elementor-id="18" class="elementor elementor-18 elementor-location-footer">
{self._section("footer", self._widget("text-editor", f"<p>&copy; 2024 {self.site_name}. All rights reserved.</p>", "copyright"))}
</div>
</body>
</html>
"""

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        posts = "".join(
            f'<article class="elementor-post elementor-grid-item post type-post status-publish">'
            f'<div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{esc(link.path)}">{esc(link.title)}</a></h3>'
            + (
                f'<div class="elementor-post__meta-data"><span class="elementor-post-date">{_printed(link.published)}</span></div>'
                if link.published
                else ""
            )
            + '</div><a class="elementor-post__read-more" href="'
            + esc(link.path)
            + '" aria-label="Read more">Read More &raquo;</a></article>\n'
            for link in links
        )
        numbers = "".join(
            f'<span aria-current="page" class="page-numbers current"><span class="elementor-screen-only">Page</span>{n}</span>'
            if n == page
            else f'<a class="page-numbers" href="{self.listing_path(n, pages)}"><span class="elementor-screen-only">Page</span>{n}</a>'
            for n in range(1, pages + 1)
        )
        prev = (
            f'<a class="page-numbers prev" href="{self.listing_path(page - 1, pages)}">&laquo; Previous</a>'
            if page > 1
            else '<span class="page-numbers prev">&laquo; Previous</span>'
        )
        nxt = (
            f'<a class="page-numbers next" href="{self.listing_path(page + 1, pages)}">Next &raquo;</a>'
            if page < pages
            else '<span class="page-numbers next">Next &raquo;</span>'
        )
        grid = (
            f'<div class="elementor-posts-container elementor-posts elementor-grid">{posts}</div>'
            f'<nav class="elementor-pagination" aria-label="Pagination">{prev}{numbers}{nxt}</nav>'
        )
        main = (
            '<div data-elementor-type="archive" data-elementor-id="60" class="elementor elementor-60 elementor-location-archive">'
            + self._section(
                f"archive{page}",
                self._widget("heading", '<h1 class="elementor-heading-title">News</h1>', "h")
                + self._widget("archive-posts", grid, "grid"),
            )
            + "</div>"
        )
        return self.chrome("News", main, body_class="archive category")

    def _post_info(self, article: Article) -> str:
        author = article.byline[0].names[0]
        items = [
            f'<li class="elementor-icon-list-item elementor-inline-item" itemprop="author"><a href="/author/{text.slugify(author)}/">'
            f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-author">'
            f'<span class="elementor-post-info__item-prefix">By </span>{esc(author)}</span></a></li>'
        ]
        if article.published:
            items.append(
                '<li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished">'
                f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date"><time>{_printed(article.published)}</time></span></li>'
                '<li class="elementor-icon-list-item elementor-inline-item">'
                f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-time"><time>{_clock(article.published)}</time></span></li>'
            )
        terms = ", ".join(
            f'<a href="/category/{text.slugify(t)}/" class="elementor-post-info__terms-list-item">{esc(t)}</a>'
            for t in article.topics
        )
        items.append(
            '<li class="elementor-icon-list-item elementor-inline-item" itemprop="about">'
            f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-terms"><span class="elementor-post-info__terms-list">{terms}</span></span></li>'
            '<li class="elementor-icon-list-item elementor-inline-item">'
            f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-custom">{article.views} views</span></li>'
        )
        return f'<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">{"".join(items)}</ul>'

    def render_article(self, article: Article, view: ArticleView) -> str:
        pid = self.post_id(article.number)
        content = []
        for i, block in enumerate(article.blocks):
            if not block.is_image:
                content.append(f"<p>{esc(block.text)}</p>")
                continue
            caption = (
                f'<figcaption class="wp-element-caption">{esc(block.text)}</figcaption>'
                if block.text
                else ""
            )
            content.append(
                f'<figure class="wp-block-image size-large"><img decoding="async" src="{block.src}" alt="" '
                f'class="wp-image-{pid + 1000 + i}"/>{caption}</figure>'
            )
        credits = "".join(
            f"<p><strong>{c.label}:</strong> {esc(' '.join(c.names))}</p>" for c in article.footer
        )
        related = "".join(
            f'<article class="elementor-post elementor-grid-item"><div class="elementor-post__card">'
            f'<div class="elementor-post__badge">{esc(CATEGORIES[i % len(CATEGORIES)])}</div>'
            f'<div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{esc(link.path)}">{esc(link.title)}</a></h3></div>'
            + (
                f'<div class="elementor-post__meta-data"><span class="elementor-post-date">{_printed(link.published)}</span></div>'
                if link.published
                else ""
            )
            + "</div></article>"
            for i, link in enumerate(view.hot)
        )
        head = f'<link rel="shortlink" href="/?p={pid}" />\n'
        if view.canonical:
            head = f'<link rel="canonical" href="{esc(view.canonical)}" />\n' + head
        if article.published:
            head += f'<meta property="article:published_time" content="{article.published.isoformat()}" />\n'
        share = '<div class="elementor-share-buttons--view-icon"><div class="elementor-share-btn elementor-share-btn_facebook">Share</div><div class="elementor-share-btn elementor-share-btn_x-twitter">Post</div></div>'
        main = (
            f'<div data-elementor-type="single-post" data-elementor-id="{pid + 7}" class="elementor elementor-{pid + 7} '
            f'elementor-location-single post-{pid} post type-post status-publish format-standard">'
            + self._section(
                f"title{pid}",
                self._widget(
                    "theme-post-title",
                    f'<h1 class="elementor-heading-title elementor-size-default">{esc(article.title)}</h1>',
                    "title",
                )
                + self._widget("post-info", self._post_info(article), "info"),
            )
            + self._section(
                f"body{pid}",
                self._widget("theme-post-content", "\n".join(content), "content")
                + self._widget("text-editor", credits, "credits")
                + self._widget("share-buttons", share, "share"),
                self._widget(
                    "heading", '<h2 class="elementor-heading-title">More stories</h2>', "more"
                )
                + self._widget(
                    "posts",
                    f'<div class="elementor-posts-container elementor-posts elementor-grid">{related}</div>',
                    "related",
                ),
            )
            + "</div>"
        )
        return self.chrome(
            article.title,
            main,
            head,
            body_class=f"post-template-default single single-post postid-{pid}",
        )
