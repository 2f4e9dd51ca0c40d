"""A stand-in template learner for the crawl's plumbing tests: it builds a :class:`SiteTemplate`
by hand (the headline is the page's first ``<h1>``, else its ``<title>``) so the hold, learn and
release logic and the archive's template tables are tested without the real learner
(``newscrawler.extraction.learning``, tested on its own). Deterministic: pages sorted by URL.

Used through the setting ``NEWSCRAWLER_TEMPLATE_LEARNER = "tests.template_learner:learn"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parsel import Selector

from newscrawler.extraction.evidence import ListingEvidence
from newscrawler.extraction.template import FieldRule, SiteTemplate

HEADLINE = "(//h1 | //title)[1]"


@dataclass(frozen=True)
class LearningPage:
    url: str
    html: str
    evidence: tuple[ListingEvidence, ...] = ()


def learn(site: str, pages: Sequence[LearningPage], *, version: int = 1) -> SiteTemplate:
    if len(pages) < 2:
        raise ValueError(f"a template needs at least 2 pages, got {len(pages)}")
    pages = sorted(pages, key=lambda p: p.url)
    titles = [
        " ".join(Selector(text=p.html).xpath(HEADLINE).xpath("string()").get("").split())
        for p in pages
    ]
    found = [t for t in titles if t]
    return SiteTemplate(
        site=site,
        version=version,
        learned_from=[p.url for p in pages],
        fields={"title": FieldRule(HEADLINE, len(found) / len(pages), found[:3])},
        furniture=[],
    )
