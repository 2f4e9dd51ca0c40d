"""An English university newsroom on a custom CMS with categories and tags (no known family).

The category label sits above the ``<h1>`` headline; under it the byline
``By NAME | Month D, YYYY``; the text in ``div.story-body`` with captioned figures; ``Photo: … ·
Editor: …`` in italics after the text; then the tag links (``Tags: grants, students``), a
"Related stories" box (other stories' categories, titles and dates), a newsletter sign-up form and
a big footer (link columns, address, phone, social links, copyright). The article's topics are its
category and its tags, in page order. Listings are ``/news`` and ``/news?page=N`` (cards: category,
title cut with "..." when long, date, teaser; numbered pager); stories ``/stories/<id>/<slug>``
(also served at ``/stories/<id>``, which names the main URL as canonical).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timezone

from newscrawler.replica import text
from newscrawler.replica.article import Article, Style
from newscrawler.replica.families.base import ArticleView, Link, digest, esc
from newscrawler.replica.families.homegrown import HomegrownFamily, cut

CATEGORIES = ("Research", "Campus Life", "Arts & Culture", "Athletics", "Health")
TAGS = ("sustainability", "students", "faculty", "community", "innovation", "grants", "awards")
_STORY = re.compile(r"/stories/(\d+)(?:/[a-z0-9-]+)?")


def _printed(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when.year}"


class CustomEnFamily(HomegrownFamily):
    """English newsroom, custom CMS: category above the headline, tags after the text (UTF-8)."""

    name = "custom-en"
    site_name = "Riverside State University"
    per_page = 6
    first_id = 4410
    shows_views = False
    canonical_on_alias = True
    style = Style(
        "custom-en",
        "en",
        "wordpress",
        CATEGORIES,
        -5,
        False,
        datetime(2025, 2, 14, 16, 0, tzinfo=timezone.utc),
    )
    other_pages = {
        "/": "Home",
        "/about": "About Riverside State",
        "/events": "Events",
        "/media-contacts": "Media contacts",
    }

    def article(self, number: int) -> Article:
        """One category and one to three tags (topics, in page order); the photographer only
        where the story has photos, then the editor."""
        article = super().article(number)
        rng = text.rng_for(self.seed, self.name, "tags", number)
        tags = rng.sample(TAGS, rng.randint(1, 3))
        photo, editor = article.footer
        footer = [photo, editor] if article.images else [editor]
        return dataclasses.replace(article, topics=[*article.topics, *tags], footer=footer)

    def archive_pages(self) -> dict[str, str]:
        categories = {f"/news/category/{text.slugify(c)}": c for c in CATEGORIES}
        tags = {f"/news/tag/{t}": f"Tag: {t}" for t in TAGS}
        return {**self.other_pages, **categories, **tags}

    # URL shapes -------------------------------------------------------------------
    def listing_path(self, page: int, pages: int) -> str:
        return "/news" if page == 1 else f"/news?page={page}"

    def listing_page(self, path: str, query: dict[str, str], pages: int) -> int | None:
        if path != "/news":
            return None
        raw = query.get("page", "1")
        page = int(raw) if raw.isdigit() else 0
        return page if 1 <= page <= pages else None

    def article_path(self, article: Article) -> str:
        return f"/stories/{self.article_id(article.number)}/{text.slugify(article.title)}"

    def alias_path(self, article: Article) -> str:
        return f"/stories/{self.article_id(article.number)}"

    def article_number(self, path: str, query: dict[str, str]) -> int | None:
        match = _STORY.fullmatch(path)
        return self.number_of(match[1]) if match else None

    def image_path(self, number: int, i: int) -> str:
        return f"/media/stories/{digest(self.seed, self.name, number, i)[:12]}-{i}.jpg"

    # markup --------------------------------------------------------------------------
    def chrome(self, title: str, main: str, head: str = "") -> str:
        nav = "".join(
            f'<li><a href="{target}">{esc(label)}</a></li>'
            for target, label in [
                ("/", "Home"),
                ("/news", "News"),
                ("/events", "Events"),
                ("/about", "About"),
                ("/media-contacts", "For Media"),
            ]
        )
        columns = {
            "Academics": ("Undergraduate", "Graduate", "Online Programs", "Libraries"),
            "Campus": ("Visit", "Maps & Directions", "Housing", "Safety"),
            "Connect": ("Alumni", "Giving", "Careers", "Contact Us"),
        }
        footer_columns = "".join(
            f'<div class="footer-col"><h3>{heading}</h3><ul>'
            + "".join(f'<li><a href="/{text.slugify(link)}">{esc(link)}</a></li>' for link in links)
            + "</ul></div>"
            for heading, links in columns.items()
        )
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {self.site_name} News</title>
{head}<link rel="stylesheet" href="/assets/css/site.4f2a91.css">
</head>
<body class="page-news">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="wrap">
<a class="brand" href="/"><img src="/assets/img/rsu-logo.svg" alt="{self.site_name}"></a>
<nav class="primary-nav" aria-label="Main"><ul>{nav}</ul></nav>
<form class="site-search" action="/search" method="get"><label for="q" class="visually-hidden">Search</label><input id="q" name="q" type="search" placeholder="Search news"></form>
</div></header>
<main id="main">
{main}
<section class="newsletter"><div class="wrap">
<h2>Get the Riverside Report</h2>
<p>The week's top stories from Riverside State, delivered to your inbox every Friday.</p>
<form action="/newsletter/subscribe" method="post"><label for="email">Email address</label><input id="email" name="email" type="email" required><button type="submit">Sign up</button></form>
</div></section>
</main>
<footer class="site-footer"><div class="wrap">
<div class="footer-brand"><img src="/assets/img/rsu-seal.svg" alt=""><p>{self.site_name}<br>1200 River Road, Riverside, OH 45402<br>Phone: (937) 555-0142</p></div>
{footer_columns}
<ul class="social"><li><a href="https://facebook.example/riversidestate">Facebook</a></li><li><a href="https://x.example/riversidestate">X</a></li><li><a href="https://instagram.example/riversidestate">Instagram</a></li></ul>
<p class="legal">&copy; 2025 {self.site_name}. All rights reserved. <a href="/privacy">Privacy</a> <a href="/accessibility">Accessibility</a> <a href="/non-discrimination">Non-discrimination notice</a></p>
</div></footer>
</body>
</html>
"""

    def _category(self, label: str) -> str:
        return f'<a class="story-category" href="/news/category/{text.slugify(label)}">{esc(label)}</a>'

    def render_listing(self, page: int, pages: int, links: list[Link], total: int) -> str:
        cards = []
        for link in links:
            number = self.article_number(link.path.removeprefix("/private"), {})
            article = (
                self.article(number) if number is not None and 0 <= number < self.total else None
            )
            category = self._category(article.topics[0]) if article else ""
            teaser = (
                f'<p class="card-teaser">{esc(article.paragraphs[0].split(". ")[0])}.</p>'
                if article
                else ""
            )
            when = (
                f'<time datetime="{link.published:%Y-%m-%d}">{_printed(link.published)}</time>'
                if link.published
                else ""
            )
            cards.append(
                f'<article class="card">{category}<h2 class="card-title"><a href="{esc(link.path)}">'
                f"{esc(cut(link.title, 56, '...'))}</a></h2>{when}{teaser}</article>"
            )

        def to(target: int, label: str, rel: str = "") -> str:
            attr = f' rel="{rel}"' if rel else ""
            return f'<a href="{esc(self.listing_path(target, pages))}"{attr}>{label}</a>'

        numbers = "".join(
            f'<li><span aria-current="page">{n}</span></li>'
            if n == page
            else f"<li>{to(n, str(n))}</li>"
            for n in range(1, pages + 1)
        )
        prev = f"<li>{to(page - 1, '&laquo; Prev', 'prev')}</li>" if page > 1 else ""
        nxt = f"<li>{to(page + 1, 'Next &raquo;', 'next')}</li>" if page < pages else ""
        filters = "".join(
            f'<li><a href="/news/category/{text.slugify(c)}">{esc(c)}</a></li>' for c in CATEGORIES
        )
        main = f"""<div class="wrap">
<h1 class="page-title">Latest News</h1>
<ul class="category-filter"><li><a href="/news" aria-current="page">All stories</a></li>{filters}</ul>
<div class="card-list">
{chr(10).join(cards)}
</div>
<nav class="pager" aria-label="Pages"><ul>{prev}{numbers}{nxt}</ul></nav>
</div>"""
        return self.chrome("Latest News", main)

    def render_article(self, article: Article, view: ArticleView) -> str:
        body = []
        for block in article.blocks:
            if not block.is_image:
                body.append(f"<p>{esc(block.text)}</p>")
                continue
            caption = f"<figcaption>{esc(block.text)}</figcaption>" if block.text else ""
            body.append(
                f'<figure class="story-figure"><img src="{block.src}" alt="">{caption}</figure>'
            )
        author = article.byline[0].names[0]
        when = f" | {_printed(article.published)}" if article.published else ""
        credits = " &middot; ".join(f"{c.label}: {esc(' '.join(c.names))}" for c in article.footer)
        category, tags = article.topics[0], article.topics[1:]
        tag_links = ", ".join(f'<a href="/news/tag/{t}" rel="tag">{esc(t)}</a>' for t in tags)
        related = "".join(
            f'<li><span class="related-category">{esc(CATEGORIES[i % len(CATEGORIES)])}</span>'
            f'<a href="{esc(link.path)}">{esc(link.title)}</a>'
            + (f"<time>{_printed(link.published)}</time>" if link.published else "")
            + "</li>"
            for i, link in enumerate(view.hot[:3])
        )
        standfirst = article.paragraphs[0].split(". ")[0]
        head = f'<meta name="description" content="{esc(standfirst)}.">\n'
        if view.canonical:
            head = f'<link rel="canonical" href="{esc(view.canonical)}">\n' + head
        main = f"""<article class="story"><div class="wrap">
<div class="story-kicker">{self._category(category)}</div>
<h1 class="story-title">{esc(article.title)}</h1>
<p class="story-byline">By <a href="/people/{text.slugify(author)}">{esc(author)}</a>{when}</p>
<div class="story-body">
{chr(10).join(body)}
</div>
<p class="story-credits"><em>{credits}</em></p>
<div class="story-tags">Tags: {tag_links}</div>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
</div></article>"""
        return self.chrome(article.title, main, head)

    def render_other(self, path: str, title: str) -> str:
        return self.chrome(
            title, f'<div class="wrap"><h1>{esc(title)}</h1><p>Coming soon.</p></div>'
        )
