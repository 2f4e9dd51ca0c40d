"""A second Drupal theme, one the extractor was never tuned to: a node printed as Drupal fields.

The article is ``article.node--type-article`` with the title in ``span.field--name-title``, a
``field--name-field-byline`` reading "By …", the date in ``field--name-field-date`` (a ``<time>``
whose ``datetime`` is noon UTC of the day, as date-only Drupal fields are stored), the text in
``field--name-body``, a ``field--label-inline`` pair of ``field__label`` "Photography" and
``field__item`` name, and a ``field--name-field-tags`` list. Related stories below show their own
tags and dates. URL shapes and listings are Drupal's.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from newscrawler.replica.article import Article, Credit, Style
from newscrawler.replica.families.base import ArticleView, esc
from newscrawler.replica.families.drupal import DrupalFamily

TAGS = ("Engineering", "Student Success", "Sustainability", "Global Engagement")


class DrupalFieldsFamily(DrupalFamily):
    """English Drupal site whose theme prints the node's fields as they are."""

    name = "drupal-fields"
    theme_of = "drupal"
    site_name = "Northfield Institute of Technology"
    first_nid = 7100
    style = Style(
        "drupal-fields",
        "en",
        "drupal",
        TAGS,
        -6,
        False,
        datetime(2024, 10, 17, 15, 0, tzinfo=timezone.utc),
    )

    def archive_pages(self) -> dict[str, str]:
        tags = {f"/taxonomy/term/{30 + i}": t for i, t in enumerate(TAGS)}
        return {**self.other_pages, **tags}

    def article(self, number: int) -> Article:
        """Drupal content with one photographer for the whole story (a field after the body)
        instead of a credit under each photo."""
        article = super().article(number)
        photographers = [b.photo_credit for b in article.blocks if b.photo_credit]
        blocks = [dataclasses.replace(b, photo_credit=None) for b in article.blocks]
        footer = [Credit("Photography", photographers[0].names)] if photographers else []
        return dataclasses.replace(article, blocks=blocks, footer=footer)

    def _tag(self, label: str) -> str:
        return f'<a href="/taxonomy/term/{30 + TAGS.index(label)}" hreflang="en">{esc(label)}</a>'

    def _date_field(self, when: datetime) -> str:
        stored = f"{when:%Y-%m-%d}T12:00:00Z"
        return (
            '<div class="field field--name-field-date field--type-datetime field--label-hidden field__item">'
            f'<time datetime="{stored}">{self._date(when)}</time></div>'
        )

    def render_article(self, article: Article, view: ArticleView) -> str:
        body = []
        for block in article.blocks:
            if not block.is_image:
                body.append(f"<p>{esc(block.text)}</p>")
            elif block.text:
                body.append(
                    f'<figure role="group" class="caption caption-img align-center"><img src="{esc(block.src)}" '
                    f'alt="" width="960" height="640" loading="lazy" /><figcaption>{esc(block.text)}</figcaption></figure>'
                )
            else:
                body.append(
                    f'<img src="{esc(block.src)}" alt="" width="960" height="640" loading="lazy" class="align-center" />'
                )
        byline = article.byline[0]
        photography = "".join(
            '<div class="field field--name-field-photographer field--type-string field--label-inline clearfix">'
            f'<div class="field__label">{c.label}</div><div class="field__item">{esc(c.names[0])}</div></div>'
            for c in article.footer
        )
        tags = "".join(f'<div class="field__item">{self._tag(t)}</div>' for t in article.topics)
        related = "".join(
            '<div class="views-row"><article class="node node--type-article node--view-mode-teaser">'
            f'<h3 class="node__title"><a href="{esc(link.path)}" rel="bookmark"><span class="field field--name-title">{esc(link.title)}</span></a></h3>'
            + (self._date_field(link.published) if link.published else "")
            + f'<div class="field field--name-field-tags field__items"><div class="field__item">{self._tag(TAGS[i % len(TAGS)])}</div></div>'
            "</article></div>\n"
            for i, link in enumerate(view.hot)
        )
        head = f'<link rel="canonical" href="{esc(view.canonical)}" />\n' if view.canonical else ""
        head += f'<link rel="shortlink" href="{self.alias_path(article)}" />\n'
        nid = self.nid(article.number)
        main = f"""<div class="region region-content">
<article data-history-node-id="{nid}" role="article" about="{esc(self.article_path(article))}" class="node node--type-article node--promoted node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(article.title)}</span></h1>
<div class="node__meta">
<div class="field field--name-field-byline field--type-string field--label-hidden field__item">By {esc(byline.names[0])}</div>
{self._date_field(article.published) if article.published else ""}
</div>
<div class="node__content">
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{chr(10).join(body)}
</div>
{photography}
<div class="field field--name-field-tags field--type-entity-reference field--label-above">
<div class="field__label">Tags</div>
<div class="field__items">{tags}</div>
</div>
<ul class="links inline"><li><a href="/print/node/{nid}" rel="nofollow">Printer-friendly version</a></li></ul>
</div>
</article>
</div>
<section class="block block-views block-views-blockrelated-stories-block-1"><h2>Related stories</h2>
<div class="view view-related-stories"><div class="view-content">
{related}</div></div></section>"""
        return self.chrome(article.title, main, head)

    def render_other(self, path: str, title: str) -> str:
        main = (
            f'<div class="region region-content"><h1 class="page-title">{esc(title)}</h1>'
            f'<p>Welcome to {self.site_name}. See the latest <a href="/news">news</a>.</p>'
            + (
                f'<p>Stories tagged {esc(title)}: <a href="/news">all news</a>.</p>'
                if title in TAGS
                else ""
            )
            + "</div>"
        )
        return self.chrome(title, main)
