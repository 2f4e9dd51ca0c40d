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
- ``cwced``: Chinese web pages with body, date and author ground truth, ``auto`` mode, each read
  at the URL it was saved from (the ``<text id="…">`` wrapper the corpus keeps around the page).
  Pages whose date annotation disagrees with the date the page prints for its article are listed,
  with the printed text and the reason, in ``benchmarks/cwced_disputed.json`` (the harness checks
  each quote is in its page). They are still scored against the annotation; the table adds a line
  ``published, annotation agrees`` over the other pages and lists the disputed ones.

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
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
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

from newscrawler.extraction import decode_html, extract_article  # noqa: E402
from newscrawler.profiles import (  # noqa: E402
    list_profiles,
    load_profile,
    profile_for_url,
)
from newscrawler.profiles.loader import SiteProfile  # noqa: E402
from newscrawler.replica import THEMES, build_portal  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_JSON = REPO / "benchmarks" / "results" / "accuracy.json"
CWCED_DISPUTED = REPO / "benchmarks" / "cwced_disputed.json"
SETS = ("university", "replica", "aeb", "cwced")
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
            Page("aeb", key, truth[key]["url"], html, truth={"body": truth[key]["articleBody"]})
        )
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
                disputed=_dispute(disputed.get(key), html, key),
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
    if set_name == "university" or set_name.startswith("replica"):
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
        results[name] = {
            "fields": summarize(per_page),
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


def load_sets(
    names: list[str], corpus: Path, limit: int | None
) -> Iterator[tuple[str, list[Page]]]:
    for name in names:
        if name == "university":
            yield name, university_pages(limit)
        elif name == "replica":
            for theme in THEMES:
                yield f"replica:{theme}", replica_pages(theme, limit)
        elif not (corpus / name).is_dir():
            print(f"skipping {name}: {corpus / name} not found", file=sys.stderr)
        elif name == "aeb":
            yield name, aeb_pages(corpus, limit)
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
        "--sets", default=",".join(SETS), help="comma-separated: university,replica,aeb,cwced"
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
    for set_name, pages in load_sets(args.sets.split(","), args.corpus, args.limit):
        results = run_set(pages, extractors_for(set_name, not args.no_baselines))
        output[set_name] = results
        print_table(set_name, len(pages), results, previous)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
