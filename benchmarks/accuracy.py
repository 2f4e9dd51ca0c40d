"""Accuracy harness: per-field scores of newscrawler's extraction beside the generic extractors.

Four sets of pages with known ground truth:

- ``university``: the real university pages of ``tests/fixtures/`` (expected items written by hand),
  read with the family named (the site's profile, else the bare preset of the family in its
  ``meta.json``) and in ``auto`` mode;
- ``replica``: the articles of each replica theme the extractor was never tuned to
  (``newscrawler.replica.THEMES``), rendered in-process, family named and ``auto``; besides the
  per-field figures, the share of (page, field) pairs exactly right. View counts that a portal
  fetches from a counter URL need the crawl and are left out here (``tests/test_crawl_themes.py``
  crawls them);
- ``aeb``: the article-extraction-benchmark news pages (body ground truth only), ``auto`` mode;
- ``sites``: samples of the two real portals of ``<corpus>/sites`` (a WebPlus and a VSB site), with
  the truth written by reading each page in ``benchmarks/truth/<site>.json`` (title, date, topics,
  credits, body; the body's first and last paragraph give the row ``body ends``), family named and
  ``auto``;
- ``cwced``: Chinese web pages with body, date and author ground truth, ``auto`` mode, each read
  at the URL it was saved from (the ``<text id="…">`` wrapper the corpus keeps around the page).
  Pages whose date annotation disagrees with the date the page prints for its article are listed,
  with the printed text and the reason, in ``benchmarks/cwced_disputed.json`` (the harness checks
  each quote is in its page). They are still scored against the annotation; the table adds a line
  ``published, annotation agrees`` over the other pages and lists the disputed ones.

Every corpus tuned on (``university``, ``sites``, ``aeb``, ``cwced``) is split into a tuning half and a
checking half by a hash of each page's file name (``benchmarks/split.py``); their tables are printed
for each half and for the whole set. Judge a change by the checking half (issue 17).

After those, the section **after learning** measures what is learned from a portal's own pages:
for each portal of a template no rule was written for (``newscrawler.replica.UNSEEN``, rendered
in-process) and each real site of ``sites``, a template is learned from its detail pages with the
listing evidence of its listing pages (``newscrawler.extraction.learning.learn_template``,
``extract_listing(...).evidence``), and each article is extracted with ``--cms auto``, that evidence
and that template. Title and date are scored exact, topics and credits as the share of pages whose
list is exactly right, the body by token F1; the issue's targets are printed beside. Where this
checkout has no learner (or extraction takes no evidence yet), the section says so and scores the
plain chain.

Dates are compared at the annotation's precision: ``published`` is right when the answer starts
with the annotation (``1998-03`` is matched by ``1998-03`` or ``1998-03-15``; ``2018`` by any day
of 2018); a page annotated "no date" (``UNKNOWN``) is right only when no date is given. Time and
zone are ignored (only the day, ``YYYY-MM-DD``, of an answer is compared).

trafilatura (and news-please, where it is installed) run on the same pages in the same run, fed the
original bytes, so their scores sit beside ours. Body text is scored as aeb does: precision and
recall of the bag of whitespace tokens (a CJK character is a token of its own), averaged over pages,
F1 of the averages.

Example:
    python benchmarks/accuracy.py                       # all sets, table + results/accuracy.json
    python benchmarks/accuracy.py --limit 20 --sets aeb # quick look
    python benchmarks/accuracy.py --sets university,replica --no-baselines
    python benchmarks/accuracy.py --compare benchmarks/results/accuracy.json
    python benchmarks/accuracy.py --sets sites,learning --no-baselines   # what learning gives
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html as html_lib
import inspect
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.split import HALVES, corpus_half  # noqa: E402
from newscrawler.extraction import decode_html, extract_article, extract_listing  # noqa: E402
from newscrawler.extraction.urls import canonicalize  # noqa: E402
from newscrawler.profiles import (  # noqa: E402
    list_profiles,
    load_profile,
    profile_for_url,
)
from newscrawler.profiles.loader import SiteProfile  # noqa: E402
from newscrawler.replica import THEMES, UNSEEN, build_portal  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_JSON = REPO / "benchmarks" / "results" / "accuracy.json"
CWCED_DISPUTED = REPO / "benchmarks" / "cwced_disputed.json"
TRUTH = REPO / "benchmarks" / "truth"
SETS = ("university", "replica", "sites", "aeb", "cwced", "learning")
#: the real sites with truth (``benchmarks/truth/<site>.json``) -> their CMS family and stand-in base
SITES = {"fudan-cs": "webplus", "szyz-vsb": "vsb"}
#: Articles of each unseen replica portal measured after learning.
LEARNING_ARTICLES = 30
#: Base URL the replica pages are read at (nothing is fetched).
REPLICA_BASE = "http://127.0.0.1:8000"
#: Fields in table order, with how each is scored.
FIELDS = {
    "title": "exact",
    "published": "exact day",
    "topics": "label F1",
    "credits": "role+name F1",
    "captions": "text+image F1",
    "views": "exact",
    "body": "token F1",
}
#: Rows after the fields: authors, the share of exact fields, the date where the annotation agrees.
EXTRA_ROWS = {
    "body ends": "first+last para",
    "authors": "name F1",
    "fields exact": "share",
    "published, annotation agrees": "exact day",
}
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")
_CJK_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_CWCED_SOURCE = re.compile(rb'<text id="(https?://[^"]+)"')


# -- pages ------------------------------------------------------------------------------------------
@dataclass
class Page:
    """One saved page and what is known to be right about it (None: not annotated)."""

    set: str
    id: str
    url: str
    html: bytes
    fetched_at: datetime | None = None
    profile: str | None = None
    truth: dict[str, Any] = field(default_factory=dict)
    #: the CMS family a page is read with when its family is named (no profile of its own)
    cms: str | None = None
    #: content type sent with the page (None: detect from the bytes)
    content_type: str | None = None
    #: why the date annotation disagrees with the date the page prints (None: it does not)
    disputed: str | None = None
    #: ``tuning`` or ``checking`` (benchmarks/split.py), None for generated pages
    half: str | None = None


def _truth(item: dict[str, Any], published: str | None) -> dict[str, Any]:
    return {
        "title": item["title"],
        "published": published,
        "topics": item["topics"],
        "credits": [(c["role"], c["name"]) for c in item["credits"]],
        "captions": [(c["text"], c["image_url"]) for c in item["captions"]],
        "views": item["views"],
        "body": item["body"] or "",
    }


def university_pages(limit: int | None) -> list[Page]:
    pages = []
    for expected in sorted(FIXTURES.glob("*/*/expected.json"))[:limit]:
        case = expected.parent
        meta = json.loads((case / "meta.json").read_text("utf-8"))
        item = json.loads(expected.read_text("utf-8"))
        pages.append(
            Page(
                "university", f"{case.parent.name}/{case.name}", meta["url"],
                (case / "page.html").read_bytes(),
                datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00")),
                case.parent.name,
                _truth(item, (item["published"] or "")[:10] or None),
                meta.get("cms"),
                meta.get("content_type"),
                half=corpus_half(f"{case.parent.name}/{case.name}"),
            )
        )  # fmt: skip
    return pages


def replica_pages(theme: str, limit: int | None) -> list[Page]:
    """The articles of one replica theme, rendered in-process, with the portal's own truth."""
    portal = build_portal(theme)
    pages = []
    for path, item in list(portal.iter_expected())[:limit]:
        reply = portal.response(path)
        url = REPLICA_BASE + path
        truth = _truth(
            {
                **item,
                "captions": [
                    {**c, "image_url": REPLICA_BASE + c["image_url"]} for c in item["captions"]
                ],
            },
            (item["published"] or "")[:10] or None,
        )
        if portal.layout.counter_path(portal.article(portal.layout.article_number(path, {}))):
            del truth["views"]  # fetched from a counter URL: only a crawl can know it
        pages.append(
            Page(
                f"replica:{theme}", path, url, reply.body, profile=theme, truth=truth,
                cms=portal.layout.cms, content_type=reply.headers["Content-Type"],
            )
        )  # fmt: skip
    return pages


def aeb_pages(corpus: Path, limit: int | None) -> list[Page]:
    truth = json.loads((corpus / "aeb" / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        path = corpus / "aeb" / "html" / f"{key}.html.gz"
        html = gzip.decompress(path.read_bytes())
        pages.append(
            Page("aeb", key, truth[key]["url"], html, truth={"body": truth[key]["articleBody"]},
                 half=corpus_half(path.name))
        )  # fmt: skip
    return pages


def site_pages(corpus: Path, site: str, limit: int | None) -> list[Page]:
    """The sampled article pages of one real site, with the truth read from each page."""
    truth = json.loads((TRUTH / f"{site}.json").read_text("utf-8"))
    pages = []
    for entry in truth["pages"][:limit]:
        if entry["half"] != corpus_half(entry["file"]):
            raise ValueError(f"{site}.json: {entry['file']} is not in the {entry['half']} half")
        pages.append(
            Page(
                "sites", f"{site}/{entry['file']}", entry["url"],
                (corpus / "sites" / site / entry["file"]).read_bytes(), profile=site,
                truth={
                    "title": entry["title"], "published": entry["published"],
                    "topics": entry["topics"],
                    "credits": [(c["role"], c["name"]) for c in entry["credits"]],
                    "body": entry["body"], "body_first": entry["body_first"],
                    "body_last": entry["body_last"],
                },
                cms=SITES[site], half=entry["half"],
            )
        )  # fmt: skip
    return pages


def _cwced_date(raw: str) -> str | None:
    """``2005-5-7 21:23:57`` -> ``2005-05-07``; ``1998-3`` -> ``1998-03``; ``UNKNOWN`` -> None."""
    match = _CJK_DATE.match(raw.strip())
    if not match:
        return None
    return "-".join(f"{int(p):02d}" if i else p for i, p in enumerate(match.groups()) if p)


def _cwced_url(html: bytes, key: str) -> str:
    """The URL a CWCED page was saved from (its wrapper's ``<text id="…">``), else a stand-in."""
    match = _CWCED_SOURCE.search(html[:2000])
    return (
        match.group(1).decode("ascii", "replace") if match else f"http://cwced.invalid/{key}.html"
    )


def _printed_text(html: bytes) -> str:
    """The page's text as a reader sees it, whitespace collapsed (to find a quoted date in)."""
    text = html_lib.unescape(re.sub(r"<[^>]*>", " ", decode_html(html)))
    return re.sub(r"\s+", " ", text)


def cwced_pages(corpus: Path, limit: int | None) -> list[Page]:
    """The CWCED pages; a disputed page (``cwced_disputed.json``) carries the reason, and a quote
    not found in its page raises ValueError (the review must stay true to the pages)."""
    root = corpus / "cwced"
    disputed = json.loads(CWCED_DISPUTED.read_text("utf-8"))
    pages = []
    for path in sorted((root / "original").glob("*.html"))[:limit]:
        key = path.stem
        html = path.read_bytes()
        author = (root / "author" / f"{key}.txt").read_text("utf-8").strip()
        names = [] if author.upper() in ("UNKNOWN", "") else author.split()
        pages.append(
            Page(
                "cwced", key, _cwced_url(html, key), html,
                disputed=_dispute(disputed.get(key), html, key), half=corpus_half(path.name),
                truth={
                    "body": (root / "cleaned" / f"{key}.txt").read_text("utf-8"),
                    "published": _cwced_date((root / "date" / f"{key}.txt").read_text("utf-8")),
                    "authors": names,
                },
            )
        )  # fmt: skip
    return pages


def _dispute(entry: dict[str, str] | None, html: bytes, key: str) -> str | None:
    if entry is None:
        return None
    if entry["printed"] not in _printed_text(html):
        raise ValueError(f"{CWCED_DISPUTED.name}: {entry['printed']!r} is not printed on {key}")
    return f"prints {entry['printed']!r}: {entry['why']}"


# -- extractors -------------------------------------------------------------------------------------
#: Every extractor answers with the same shape: title, body, published (YYYY-MM-DD), topics,
#: credits [(role, name)], captions [(text, image_url)], views, authors [name]; None = not provided.
Result = dict[str, Any]


def _profile(page: Page, mode: str) -> SiteProfile:
    """``family``: the site's profile, else the bare preset of the page's family; ``auto``: the
    ad-hoc profile of a ``--url`` crawl with ``--cms auto``."""
    if mode == "family" and page.set == "university" and page.profile in _profiled():
        return load_profile(page.profile)
    if mode == "family" and page.cms:
        return profile_for_url(page.url, page.cms)
    return replace(profile_for_url(page.url, "auto"), id=page.profile or "auto")


@cache
def _profiled() -> frozenset[str]:
    return frozenset(p.id for p in list_profiles())


def ours(mode: str) -> Callable[[Page], Result]:
    def run(page: Page) -> Result:
        item = extract_article(
            page.url, page.html, _profile(page, mode), content_type=page.content_type,
            fetched_at=page.fetched_at or datetime.now(timezone.utc),
        ).item  # fmt: skip
        return {
            "title": item["title"],
            "body": item["body"] or "",
            "published": (item["published"] or "")[:10] or None,
            "topics": item["topics"],
            "credits": [(c["role"], c["name"]) for c in item["credits"]],
            "captions": [(c["text"], c["image_url"]) for c in item["captions"]],
            "views": item["views"],
            "authors": [c["name"] for c in item["credits"] if c["role"] == "author"],
        }

    return run


def _split_authors(raw: str | None) -> list[str]:
    return [a.strip() for a in re.split(r"[;,，、]|\band\b", raw or "") if a.strip()]


def trafilatura_extractor() -> Callable[[Page], Result] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(page: Page) -> Result:
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        if doc is None:
            return {"body": "", "credits": [], "authors": []}
        authors = _split_authors(doc.author)
        return {
            "title": doc.title,
            "body": doc.text or "",
            "published": (doc.date or "")[:10] or None,
            "topics": list(doc.categories or []),
            "credits": [("author", a) for a in authors],
            "authors": authors,
        }

    return run


def newsplease_extractor() -> Callable[[Page], Result] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from newsplease import NewsPlease
    except Exception:  # not installed, or one of its many dependencies fails to import
        return None

    def run(page: Page) -> Result:
        article = NewsPlease.from_html(page.html, url=page.url, fetch_images=False)
        authors = list(article.authors or [])
        return {
            "title": article.title,
            "body": article.maintext or "",
            "published": article.date_publish.date().isoformat() if article.date_publish else None,
            "credits": [("author", a) for a in authors],
            "authors": authors,
        }

    return run


# -- scoring ----------------------------------------------------------------------------------------
def tokens(text: str) -> Counter[str]:
    """Whitespace tokens, each CJK character a token of its own."""
    return Counter(_TOKEN.findall(text or ""))


def precision_recall(predicted: Counter, true: Counter) -> tuple[float, float]:
    """Bag-of-items precision and recall; an empty answer to an empty truth is perfect."""
    hits = sum((predicted & true).values())
    n_pred, n_true = sum(predicted.values()), sum(true.values())
    precision = hits / n_pred if n_pred else float(n_true == 0)
    recall = hits / n_true if n_true else float(n_pred == 0)
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_page(page: Page, got: Result) -> dict[str, Any]:
    """Per-field scores of one answer: 0/1 for exact fields, (precision, recall) for bags."""
    truth, scores = page.truth, {}
    for name, kind in FIELDS.items():
        if name not in truth or got.get(name) is None and kind not in ("token F1", "exact day"):
            continue  # not annotated here, or this extractor does not provide the field
        want, have = truth[name], got.get(name)
        if name == "body":
            scores[name] = precision_recall(tokens(have), tokens(want))
        elif name in ("credits", "captions") or name == "topics":
            scores[name] = precision_recall(Counter(have), Counter(want))
        elif name == "published":
            scores[name] = float(
                (have or "")[: len(want or "")] == (want or "") if want else not have
            )
        else:
            scores[name] = float(have == want)
    if "body_first" in truth:
        body = re.sub(r"\s+", "", got.get("body") or "")
        scores["body ends"] = float(
            body.startswith(re.sub(r"\s+", "", truth["body_first"]))
            and body.endswith(re.sub(r"\s+", "", truth["body_last"]))
        )
    if "authors" in truth:
        scores["authors"] = precision_recall(
            Counter(got.get("authors") or []), Counter(truth["authors"])
        )
    if "published" in scores and page.disputed is None and page.set == "cwced":
        scores["published, annotation agrees"] = scores["published"]
    if page.set.startswith("replica"):
        scores["fields exact"] = [got.get(name) == want for name, want in truth.items()]
    return scores


def summarize(per_page: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Averages over pages: accuracy for exact fields, P/R/F1 (F1 of the averages) for bags."""
    out: dict[str, dict[str, float]] = {}
    for name in [*FIELDS, *EXTRA_ROWS]:
        values = [s[name] for s in per_page if name in s]
        if not values:
            continue
        if isinstance(values[0], list):  # exact or not, per field of each page: pooled share
            pooled = [ok for flags in values for ok in flags]
            out[name] = {"accuracy": sum(pooled) / len(pooled), "pages": len(values)}
        elif isinstance(values[0], tuple):
            p = statistics.mean(v[0] for v in values)
            r = statistics.mean(v[1] for v in values)
            out[name] = {"precision": p, "recall": r, "f1": f1(p, r), "pages": len(values)}
        else:
            out[name] = {"accuracy": statistics.mean(values), "pages": len(values)}
    return out


# -- running ----------------------------------------------------------------------------------------
def extractors_for(set_name: str, baselines: bool) -> dict[str, Callable[[Page], Result]]:
    runs: dict[str, Callable[[Page], Result]] = {}
    if set_name in ("university", "sites") or set_name.startswith("replica"):
        runs["ours:family"] = ours("family")
    runs["ours:auto"] = ours("auto")
    if baselines:
        for name, make in (
            ("trafilatura", trafilatura_extractor),
            ("news-please", newsplease_extractor),
        ):
            run = make()
            if run:
                runs[name] = run
    return runs


def run_set(pages: list[Page], runs: dict[str, Callable[[Page], Result]]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, run in runs.items():
        started, per_page, failures = time.perf_counter(), [], 0
        disputes: list[dict[str, Any]] = []
        for page in pages:
            try:
                got = run(page)
            except Exception:  # a baseline crashing on one page scores that page as empty
                failures += 1
                got = {"body": "", "credits": [], "captions": [], "authors": []}
            scores = score_page(page, got)
            scores["page"] = page.id
            if page.disputed:
                disputes.append(
                    {"page": page.id, "answer": got.get("published"), "annotation":
                     page.truth.get("published"), "printed": page.disputed}
                )  # fmt: skip
            per_page.append(scores)
        halves = {
            half: summarize([s for s, p in zip(per_page, pages, strict=True) if p.half == half])
            for half in HALVES
            if any(p.half == half for p in pages)
        }
        results[name] = {
            "fields": summarize(per_page),
            "halves": halves,
            "seconds": round(time.perf_counter() - started, 2),
            "failures": failures,
            "annotation disagrees with printed date": disputes,
            "pages": [
                {"page": s["page"], "body_f1": round(f1(*s["body"]), 4)}
                for s in per_page
                if "body" in s
            ],
        }
    return results


def _cell(stats: dict[str, float] | None) -> str:
    if not stats:
        return "-"
    return f"{stats['f1']:.3f}" if "f1" in stats else f"{stats['accuracy']:.3f}"


def print_table(
    set_name: str, n_pages: int, results: dict[str, Any], previous: dict | None
) -> None:
    names = list(results)
    width = max(12, *(len(n) for n in names))
    print(f"\n{set_name} ({n_pages} pages)")
    print(f"{'field':<26}" + "".join(f"{n:>{width + 2}}" for n in names))
    for name in [*FIELDS, *EXTRA_ROWS]:
        if not any(name in results[n]["fields"] for n in names):
            continue
        label = f"{name} ({FIELDS.get(name) or EXTRA_ROWS[name]})"
        if name == "published, annotation agrees":
            label = f"published ({results[names[0]]['fields'][name]['pages']} agreed)"
        cells = []
        for n in names:
            cell = _cell(results[n]["fields"].get(name))
            before = (previous or {}).get(set_name, {}).get(n, {}).get("fields", {}).get(name)
            if before and cell != "-":
                delta = float(cell) - float(_cell(before))
                cell += f"{delta:+.3f}" if abs(delta) >= 0.0005 else ""
            cells.append(f"{cell:>{width + 2}}")
        print(f"{label:<26}" + "".join(cells))
    body_p = [
        f"{results[n]['fields']['body']['precision']:.3f}/{results[n]['fields']['body']['recall']:.3f}"
        if "body" in results[n]["fields"] else "-"
        for n in names
    ]  # fmt: skip
    print(f"{'body precision/recall':<26}" + "".join(f"{c:>{width + 2}}" for c in body_p))
    print(f"{'seconds':<26}" + "".join(f"{results[n]['seconds']:>{width + 2}}" for n in names))
    disputes = results[names[0]]["annotation disagrees with printed date"]
    if disputes:
        print(f"annotation disagrees with printed date: {len(disputes)} pages (scored above as is)")
        for d in disputes:
            print(
                f"  {d['page']}: annotation {d['annotation']}, {names[0]} {d['answer']}; {d['printed']}"
            )


def _half_view(results: dict[str, Any], ids: set[str], half: str) -> dict[str, Any]:
    """The results of one half: its summary, and the per-page lists cut to its pages."""
    disputed = "annotation disagrees with printed date"
    return {
        name: {
            **r,
            "fields": r["halves"][half],
            disputed: [d for d in r[disputed] if d["page"] in ids],
            "pages": [p for p in r["pages"] if p["page"] in ids],
            "halves": {},
        }
        for name, r in results.items()
    }


#: The issue's targets on the checking halves: (set, field, at least, must beat trafilatura).
CHECKING_TARGETS = (
    ("aeb", "body", 0.97, True),
    ("cwced", "body", 0.97, True),
    ("cwced", "published, annotation agrees", 0.90, False),
)


def print_targets(set_name: str, results: dict[str, Any]) -> None:
    """The issue's targets for this set's checking half, met or not, after its tables."""
    for target_set, name, least, beat in CHECKING_TARGETS:
        if target_set != set_name:
            continue
        for run in ("ours:auto", "ours:family"):
            stats = results.get(run, {}).get("halves", {}).get("checking", {}).get(name)
            if not stats:
                continue
            value = stats.get("f1", stats.get("accuracy", 0.0))
            rival = results.get("trafilatura", {}).get("halves", {}).get("checking", {}).get(name)
            rival_value = rival.get("f1", rival.get("accuracy")) if rival else None
            met = value >= least and (not beat or rival_value is None or value > rival_value)
            against = f", trafilatura {rival_value:.3f}" if beat and rival_value is not None else ""
            print(
                f"target (issue 17), checking half, {run}: {name} >= {least:.2f}"
                f"{' and above trafilatura' if beat else ''}: {value:.3f}{against} -> "
                f"{'met' if met else 'NOT met'}"
            )


# -- after learning ---------------------------------------------------------------------------------
#: The issue's targets after learning: field -> (how it is scored, at least).
LEARNING_TARGETS = {
    "title": ("exact", 1.0),
    "published": ("exact", 1.0),
    "topics": ("list exact", 0.97),
    "credits": ("list exact", 0.97),
    "body": ("token F1", 0.98),
}


@dataclass
class LearnedSite:
    """A portal measured after learning: its articles (with truth), the detail pages a template
    is learned from, and its listing pages ``(url, html)`` that give the listing evidence."""

    site: str
    articles: list[Page]
    learn_from: list[tuple[str, str]]
    listings: list[tuple[str, str]]


def unseen_portal(name: str, limit: int | None) -> LearnedSite:
    """An unseen replica portal, rendered in-process (nothing is served or fetched)."""
    portal = build_portal(name, n_articles=LEARNING_ARTICLES)
    articles, learn_from = [], []
    for path, item in portal.iter_expected():
        reply = portal.response(path)
        html = decode_html(reply.body, reply.headers["Content-Type"])
        learn_from.append((REPLICA_BASE + path, html))
        truth = {
            "title": item["title"], "published": item["published"], "topics": item["topics"],
            "credits": [(c["role"], c["name"]) for c in item["credits"]], "body": item["body"],
        }  # fmt: skip
        articles.append(
            Page(f"learning:{name}", path, REPLICA_BASE + path, reply.body, profile=name,
                 truth=truth, content_type=reply.headers["Content-Type"])
        )  # fmt: skip
    listings = []
    for path in portal.listing_paths():
        reply = portal.response(path)
        listings.append(
            (REPLICA_BASE + path, decode_html(reply.body, reply.headers["Content-Type"]))
        )
    return LearnedSite(name, articles[:limit], learn_from, listings)


def real_portal(corpus: Path, site: str, limit: int | None) -> LearnedSite:
    """A real site of ``<corpus>/sites``: its sampled pages, learned from all its detail pages."""
    root = corpus / "sites" / site
    base = json.loads((TRUTH / f"{site}.json").read_text("utf-8"))["pages"][0]["url"]
    base = base[: base.index("/", len("https://")) + 1]
    rows = list(csv.DictReader((root / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    pages = {
        kind: [(base + r["path"], decode_html((root / r["file"]).read_bytes())) for r in rows
               if r["kind"] == kind]
        for kind in ("detail", "list")
    }  # fmt: skip
    articles = site_pages(corpus, site, limit)
    for page in articles:
        page.set = f"learning:{site}"
    return LearnedSite(site, articles, pages["detail"], pages["list"])


def _learner() -> tuple[Any, Any] | None:
    """``(LearningPage, learn_template)`` where this checkout has the learner, else None."""
    try:
        from newscrawler.extraction.learning import LearningPage, learn_template
    except ImportError:
        return None
    return LearningPage, learn_template


def _takes(function: Callable[..., Any], keyword: str) -> bool:
    return keyword in inspect.signature(function).parameters


def listing_evidence(portal: LearnedSite, profile: SiteProfile) -> dict[str, list[Any]]:
    """Canonical article URL -> the listing evidence of every row that links it."""
    evidence: dict[str, list[Any]] = {}
    for url, html in portal.listings:
        listing = extract_listing(url, html, profile)
        for article, found in getattr(listing, "evidence", {}).items():
            evidence.setdefault(article, []).append(found)
    return evidence


def learn(portal: LearnedSite, evidence: dict[str, list[Any]]) -> tuple[Any, str]:
    """The template learned from the portal's detail pages (None without a learner), and a note."""
    learner = _learner()
    if learner is None:
        return None, "(no learner)"
    learning_page, learn_template = learner
    pages = [
        learning_page(url, html, tuple(evidence.get(canonicalize(url), ())))
        for url, html in portal.learn_from
    ]
    try:
        template = learn_template(portal.site, pages, version=1)
    except ValueError as exc:
        return None, f"(learning failed: {exc})"
    return template, f"(template v{template.version}, {len(template.fields)} field rules)"


def learned_run(portal: LearnedSite) -> tuple[list[dict[str, Any]], str]:
    """Every article of ``portal`` extracted with ``--cms auto``, its listing evidence and the
    learned template: per-page scores, and a note of what was used."""
    profile = replace(profile_for_url(portal.articles[0].url, "auto"), id=portal.site)
    evidence = listing_evidence(portal, profile)
    template, note = learn(portal, evidence)
    kwargs_ok = _takes(extract_article, "evidence") and _takes(extract_article, "template")
    if not kwargs_ok:
        note += " (extract_article takes no evidence or template: plain chain)"
    elif not evidence:
        note += " (no listing evidence)"
    scores = []
    for page in portal.articles:
        extra = (
            {"evidence": tuple(evidence.get(canonicalize(page.url), ())), "template": template}
            if kwargs_ok
            else {}
        )
        item = extract_article(
            page.url, page.html, profile, content_type=page.content_type,
            fetched_at=datetime.now(timezone.utc), **extra,
        ).item  # fmt: skip
        got_credits = [(c["role"], c["name"]) for c in item["credits"]]
        truth = page.truth
        body = precision_recall(tokens(item["body"] or ""), tokens(truth["body"]))
        scores.append(
            {
                "page": page.id, "half": page.half,
                "title": float(item["title"] == truth["title"]),
                "published": float(item["published"] == truth["published"]),
                "topics": float(item["topics"] == truth["topics"]),
                "credits": float(Counter(got_credits) == Counter(truth["credits"])),
                "body": body,
            }
        )  # fmt: skip
    return scores, note


def _learning_row(scores: list[dict[str, Any]]) -> dict[str, float]:
    row = {
        name: statistics.mean(s[name] for s in scores)
        for name in LEARNING_TARGETS
        if name != "body"
    }
    p = statistics.mean(s["body"][0] for s in scores)
    r = statistics.mean(s["body"][1] for s in scores)
    return {**row, "body": f1(p, r), "pages": len(scores)}


def after_learning(corpus: Path, limit: int | None) -> dict[str, Any]:
    """The section "after learning": one row per portal (and per half of a real site's sample),
    the issue's targets beside; returns the rows for the JSON output."""
    portals = [unseen_portal(name, limit) for name in UNSEEN]
    for site in SITES:
        if (corpus / "sites" / site).is_dir():
            portals.append(real_portal(corpus, site, limit))
        else:
            print(f"skipping {site}: {corpus / 'sites' / site} not found", file=sys.stderr)
    print("\nafter learning (--cms auto, listing evidence and a template learned per portal)")
    header = "".join(f"{name:>12}" for name in LEARNING_TARGETS)
    print(f"{'portal':<28}{'pages':>6}{header}")
    rows: dict[str, Any] = {}
    for portal in portals:
        started = time.perf_counter()
        scores, note = learned_run(portal)
        groups = {portal.site: scores}
        if any(s["half"] for s in scores):
            groups.update(
                {
                    f"{portal.site} [{half}]": [s for s in scores if s["half"] == half]
                    for half in HALVES
                }
            )
        for label, group in groups.items():
            if not group:
                continue
            row = _learning_row(group)
            rows[label] = {**row, "note": note, "seconds": round(time.perf_counter() - started, 2)}
            cells = "".join(f"{row[name]:>12.3f}" for name in LEARNING_TARGETS)
            print(f"{label:<28}{row['pages']:>6}{cells}")
        print(f"{'':<28}{note}")
    targets = "".join(
        f"{'>=' + format(least, '.2f'):>12}" for _, least in LEARNING_TARGETS.values()
    )
    kinds = "".join(f"{kind:>12}" for kind, _ in LEARNING_TARGETS.values())
    print(f"{'target (issue 17)':<28}{'':>6}{targets}")
    print(f"{'scored as':<28}{'':>6}{kinds}")
    return rows


def load_sets(
    names: list[str], corpus: Path, limit: int | None
) -> Iterator[tuple[str, list[Page]]]:
    for name in names:
        if name == "university":
            yield name, university_pages(limit)
        elif name == "replica":
            for theme in THEMES:
                yield f"replica:{theme}", replica_pages(theme, limit)
        elif name == "learning":
            continue  # not a set of pages: see after_learning()
        elif not (corpus / name).is_dir():
            print(f"skipping {name}: {corpus / name} not found", file=sys.stderr)
        elif name == "aeb":
            yield name, aeb_pages(corpus, limit)
        elif name == "sites":
            yield name, [p for site in SITES for p in site_pages(corpus, site, limit)]
        else:
            yield name, cwced_pages(corpus, limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="shared corpus folder (default: %(default)s)",
    )
    parser.add_argument(
        "--sets", default=",".join(SETS), help=f"comma-separated, of: {','.join(SETS)}"
    )
    parser.add_argument("--limit", type=int, help="at most N pages per set (a quick run)")
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help="where to write the results (default: %(default)s)",
    )
    parser.add_argument(
        "--compare", type=Path, help="an earlier results JSON: print the change per cell"
    )
    parser.add_argument(
        "--no-baselines", action="store_true", help="skip trafilatura and news-please"
    )
    args = parser.parse_args(argv)
    previous = json.loads(args.compare.read_text("utf-8")) if args.compare else None
    output: dict[str, Any] = {}
    warnings.filterwarnings("ignore")
    names = args.sets.split(",")
    for set_name, pages in load_sets(names, args.corpus, args.limit):
        results = run_set(pages, extractors_for(set_name, not args.no_baselines))
        output[set_name] = results
        for half in HALVES:
            if any(half in r["halves"] for r in results.values()):
                key = f"{set_name} [{half} half]"
                output[key] = _half_view(results, {p.id for p in pages if p.half == half}, half)
                n_pages = sum(p.half == half for p in pages)
                print_table(key, n_pages, output[key], previous)
        print_table(set_name, len(pages), results, previous)
        print_targets(set_name, results)
    if "learning" in names:
        output["after learning"] = after_learning(args.corpus, args.limit)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
