"""WordPress news blog with standard theme markup.

``/news/``, ``/news/page/2/`` … with ``a.next.page-numbers``; posts at
``/2022/08/24/slug/`` with ``<link rel=canonical>``; the shortlink ``/?p=N`` serves the
same post (the duplicate URL, canonical to the permalink).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from newscrawler.replica import text
from newscrawler.replica.article import Article, Style, base_time
from newscrawler.replica.families.base import ArticleView, Family, Link, esc

_POST = re.compile(r"/(?:\d{4}/\d{2}/\d{2}|news)/([a-z0-9-]+)/")
_PAGE = re.compile(r"/news/page/(\d+)/")
CATEGORIES = ("Campus News", "Research", "Student Life", "Community")


class WordPressFamily(Family):
    """English WordPress site; titles are unique, so slugs decode to article numbers."""

    name = "wordpress"
    canonical_on_alias = True
    site_name = "Lakeside College News"
    first_post_id = 120
    style = Style(
        "wordpress",
        "en",
        "wordpress",
        CATEGORIES,
        -5,
        True,
        datetime(2024, 4, 30, 15, 0, tzinfo=timezone.utc),
    )
    other_pages = {
        "/": "Home",
        "/about/": "About",
        "/events/": "Events",
        "/contact/": "Contact",
    }

    def archive_pages(self) -> dict[str, str]:
        authors = {f"{first} {last}" for first in text.EN_FIRST for last in text.EN_LAST}
        return {
            **self.other_pages,
            **{f"/category/{text.slugify(c)}/": f"Category: {c}" for c in CATEGORIES},
            **{f"/author/{text.slugify(a)}/": f"Author: {a}" for a in sorted(authors)},
        }

    def post_id(self, number: int) -> int:
        return self.first_post_id + number * 2

    def listing_path(self, page: int, pages: int) -> str:
        return "/news/" if page == 1 else f"/news/page/{page}/"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        if path == "/news/":
            return 1
        match = _PAGE.fullmatch(path)
        return int(match[1]) if match and 1 < int(match[1]) <= pages else None

    def article_path(self, article: Article) -> str:
        slug = text.slugify(article.title)
        # an undated post (the no-date case) sits under its category, /news/slug/
        return f"/{article.published:%Y/%m/%d}/{slug}/" if article.published else f"/news/{slug}/"

    def alias_path(self, article: Article) -> str:
        return f"/?p={self.post_id(article.number)}"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        if path == "/" and query.get("p", "").isdigit():
            number, rest = divmod(int(query["p"]) - self.first_post_id, 2)
            return None if rest else number
        match = _POST.fullmatch(path)
        return text.number_from_slug(self.seed, self.name, match[1]) if match else None

    def image_path(self, number: int, i: int) -> str:
        uploaded = base_time(self.style, number, self.total).astimezone(self.style.tz)
        return f"/wp-content/uploads/{uploaded:%Y/%m}/photo-{self.post_id(number)}-{i + 1}-1024x683.jpg"

    # markup --------------------------------------------------------------------------
    def chrome(self, title: str, main: str, head: str = "", body_class: str = "blog") -> str:
        """Theme shell: head with wp_head output, site header and menu, footer."""
        menu = "".join(
            f'<li id="menu-item-{i}" class="menu-item menu-item-type-post_type menu-item-{i}"><a href="{target}">{esc(label)}</a></li>'
            for i, (target, label) in enumerate(
                [("/", "Home"), ("/news/", "News"), *list(self.other_pages.items())[1:]], 11
            )
        )
        return f"""<!doctype html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} &#8211; {self.site_name}</title>
{head}<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3' media='all' />
<meta name="generator" content="WordPress 6.4.3" />
</head>
<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/" rel="home">{self.site_name}</a></p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav></header>
<div id="content" class="site-content">
{main}
</div>
<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress</div></footer>
</div>
</body>
</html>
"""

    @staticmethod
    def _posted_on(article: Article) -> str:
        if not article.published:
            return ""
        iso = article.published.isoformat()
        printed = f"{article.published:%B} {article.published.day}, {article.published.year}"
        updated = article.published + timedelta(days=3)
        return (
            f'<span class="posted-on">Posted on <time class="entry-date published" datetime="{iso}">{printed}</time>'
            f'<time class="updated" datetime="{updated.isoformat()}">{updated:%B} {updated.day}, {updated.year}</time></span>'
        )

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        posts = "".join(
            f'<article class="post type-post status-publish format-standard hentry">\n'
            f'<header class="entry-header"><h2 class="entry-title"><a href="{esc(link.path)}" rel="bookmark">{esc(link.title)}</a></h2>'
            + (
                f'<div class="entry-meta"><time class="entry-date published" datetime="{link.published.isoformat()}">'
                f"{link.published:%B} {link.published.day}, {link.published.year}</time></div>"
                if link.published
                else ""
            )
            + "</header></article>\n"
            for link in links
        )
        numbers = "".join(
            f'<span aria-current="page" class="page-numbers current">{n}</span>'
            if n == page
            else f'<a class="page-numbers" href="{self.listing_path(n, pages)}">{n}</a>'
            for n in range(1, pages + 1)
            if n in (1, pages) or abs(n - page) <= 2
        )
        prev = (
            f'<a class="prev page-numbers" href="{self.listing_path(page - 1, pages)}">&laquo; Previous</a>'
            if page > 1
            else ""
        )
        nxt = (
            f'<a class="next page-numbers" href="{self.listing_path(page + 1, pages)}">Next &raquo;</a>'
            if page < pages
            else ""
        )
        main = f"""<main id="primary" class="site-main">
<header class="page-header"><h1 class="page-title">Category: <span>News</span></h1></header>
{posts}<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2><div class="nav-links">{prev}{numbers}{nxt}</div></nav>
</main>"""
        return self.chrome("News", main, body_class="archive category")

    def render_article(self, article: Article, view: ArticleView) -> str:
        pid = self.post_id(article.number)
        content = []
        for i, block in enumerate(article.blocks):
            if not block.is_image:
                content.append(f"<p>{esc(block.text)}</p>")
            elif block.text and i % 2:
                content.append(
                    f'<figure id="attachment_{pid + 1000 + i}" aria-describedby="caption-attachment-{pid + 1000 + i}" class="wp-caption aligncenter">'
                    f'<img class="size-large wp-image-{pid + 1000 + i}" src="{block.src}" alt="" width="1024" height="683" />'
                    f'<figcaption id="caption-attachment-{pid + 1000 + i}" class="wp-caption-text">{esc(block.text)}</figcaption></figure>'
                )
            else:
                caption = (
                    f'<figcaption class="wp-element-caption">{esc(block.text)}</figcaption>'
                    if block.text
                    else ""
                )
                content.append(
                    f'<figure class="wp-block-image size-large"><img decoding="async" src="{block.src}" alt="" '
                    f'class="wp-image-{pid + 1000 + i}"/>{caption}</figure>'
                )
        content.extend(
            f"<p><em>{c.label}: {esc(' '.join(c.names))}</em></p>" for c in article.footer
        )
        content.append(
            f'<div class="post-views content-post post-{pid} entry-meta"><span class="post-views-icon dashicons dashicons-chart-bar"></span> '
            f'<span class="post-views-label">Post Views:</span> <span class="post-views-count">{article.views}</span></div>'
        )
        author = article.byline[0].names[0]
        cats = ", ".join(
            f'<a href="/category/{esc(text.slugify(t))}/" rel="category tag">{esc(t)}</a>'
            for t in article.topics
        )
        head = f'<link rel="shortlink" href="/?p={pid}" />\n'
        if view.canonical:
            head = f'<link rel="canonical" href="{esc(view.canonical)}" />\n' + head
        if article.published:
            head += f'<meta property="article:published_time" content="{article.published.isoformat()}" />\n'
        recent = "".join(
            f'<li><a href="{esc(link.path)}">{esc(link.title)}</a></li>' for link in view.hot
        )
        classes = " ".join(f"category-{text.slugify(t)}" for t in article.topics)
        main = f"""<main id="primary" class="site-main">
<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard hentry {classes}">
<header class="entry-header"><h1 class="entry-title">{esc(article.title)}</h1>
<div class="entry-meta">{self._posted_on(article)}<span class="byline">By <span class="author vcard"><a class="url fn n" href="/author/{text.slugify(author)}/">{esc(author)}</a></span></span></div></header>
<div class="entry-content">
{chr(10).join(content)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in {cats}</span></footer>
</article>
</main>
<aside id="secondary" class="widget-area"><section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section></aside>"""
        return self.chrome(
            article.title,
            main,
            head,
            body_class=f"post-template-default single single-post postid-{pid}",
        )

    def render_other(self, path: str, title: str) -> str:
        main = (
            f'<main id="primary" class="site-main"><article class="page type-page"><header class="entry-header">'
            f'<h1 class="entry-title">{esc(title)}</h1></header><div class="entry-content"><p>Welcome to {self.site_name}. '
            f'Read the latest <a href="/news/">news</a>.</p></div></article></main>'
        )
        return self.chrome(title, main, body_class="page")
