"""How well a learned template finds each field on pages it was not learned from (issue 17).

For each whole portal in ``<corpus>/sites/`` (folders with a ``MANIFEST.tsv`` whose ``kind``
column tells listing pages from detail pages) and each half of it (``benchmarks/split.py``):
learn a template from ``--pages`` detail pages of that half (the first by SHA-1 of the file name,
with the listing evidence a crawl would have for them, or none with ``--no-evidence``), then read every *other* detail page of
that half with the template's ``title`` and ``published`` rules (the first match's text; the date
parsed from it) and compare with the truth.

Truth is the portal's own listing rows, read from every listing page of the portal: the title as
listed (a page's headline is right when it equals the listed title, or starts with it where the
listing cut it) and the date printed in the row. Pages no listing row links carry no truth and
are left out. The generic chain's answers (``extract_article`` with no template) on the same pages
are shown beside, as the baseline.

Example:
    python benchmarks/learning_accuracy.py --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from parsel import Selector  # noqa: E402
from split import corpus_half  # noqa: E402

from newscrawler.extraction import decode_html, extract_article, extract_listing  # noqa: E402
from newscrawler.extraction.dates import parse_date  # noqa: E402
from newscrawler.extraction.evidence import ListingEvidence  # noqa: E402
from newscrawler.extraction.learning import (  # noqa: E402
    LearningPage,
    learn_template,
    matches_listed_title,
)
from newscrawler.extraction.text import collapse  # noqa: E402
from newscrawler.profiles import load_preset  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def _first_text(html: str, path: str) -> str | None:
    found = Selector(text=html).xpath(path)
    return collapse(found[0].root.text_content()) if found else None


def _site(folder: Path, pages: int, use_evidence: bool) -> list[dict[str, Any]]:
    rows = list(csv.reader((folder / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    header, rows = rows[0], rows[1:]
    kind_at = header.index("kind")
    base = f"https://{folder.name}.example.org/"
    url = {r[0]: base + r[2] for r in rows}
    html = {r[0]: decode_html((folder / r[0]).read_bytes()) for r in rows}
    profile = load_preset("auto")
    truth: dict[str, ListingEvidence] = {}
    evidence: dict[str, list[ListingEvidence]] = {}
    for r in rows:
        if r[kind_at] == "detail":
            continue
        for article, row in extract_listing(url[r[0]], html[r[0]], profile).evidence.items():
            evidence.setdefault(article, []).append(row)
            if row.title and article not in truth:
                truth[article] = row
    out = []
    for half in ("tuning", "checking"):
        details = sorted(
            (r[0] for r in rows if r[kind_at] == "detail" and corpus_half(r[0]) == half),
            key=lambda name: hashlib.sha1(name.encode()).hexdigest(),
        )
        learn = details[:pages]
        template = learn_template(
            folder.name,
            [
                LearningPage(
                    url[f], html[f], tuple(evidence.get(url[f], ())) if use_evidence else ()
                )
                for f in learn
            ],
        )
        scores = {"template_title": 0, "template_date": 0, "generic_title": 0, "generic_date": 0}
        dated = checked = 0
        misses: list[str] = []
        for name in details[pages:]:
            listed = truth.get(url[name])
            if listed is None or not listed.title:
                continue
            checked += 1
            item = extract_article(url[name], html[name], profile).item
            rule = template.fields.get("title")
            title = _first_text(html[name], rule.path) if rule else None
            ok = bool(title) and matches_listed_title(listed.title, title or "")
            scores["template_title"] += ok
            if not ok:
                misses.append(f"{name}: title {title!r} vs listed {listed.title!r}")
            scores["generic_title"] += matches_listed_title(listed.title, item["title"] or "")
            if listed.published:
                dated += 1
                rule = template.fields.get("published")
                line = _first_text(html[name], rule.path) if rule else None
                day = (parse_date(line) or "")[:10] if line else ""
                scores["template_date"] += day == listed.published
                if day != listed.published:
                    misses.append(f"{name}: date {line!r} vs listed {listed.published}")
                scores["generic_date"] += (item["published"] or "")[:10] == listed.published
        out.append(
            {
                "site": folder.name,
                "half": half,
                "learned_from": len(learn),
                "pages_checked": checked,
                "pages_dated": dated,
                **{
                    k: round(v / (dated if k.endswith("date") else checked), 3)
                    if (dated if k.endswith("date") else checked)
                    else None
                    for k, v in scores.items()
                },
                "rules": {
                    k: r.path for k, r in template.fields.items() if k in ("title", "published")
                },
                "misses": misses,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="shared corpus folder")
    parser.add_argument("--pages", type=int, default=8, help="detail pages learned from per half")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--no-evidence",
        action="store_true",
        help="learn from the pages alone, without their listing rows",
    )
    args = parser.parse_args(argv)
    sites = sorted(p for p in (args.corpus / "sites").iterdir() if (p / "MANIFEST.tsv").is_file())
    if not sites:
        parser.error(f"no portal with a MANIFEST.tsv under {args.corpus / 'sites'}")
    results = [row for folder in sites for row in _site(folder, args.pages, not args.no_evidence)]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    print(f"{'site':<10} {'half':<9} {'learned':>7} {'pages':>5}  title tpl/gen   date tpl/gen")
    for r in results:
        print(
            f"{r['site']:<10} {r['half']:<9} {r['learned_from']:>7} {r['pages_checked']:>5}  "
            f"{r['template_title']!s:>5} / {r['generic_title']!s:<5}  "
            f"{r['template_date']!s:>5} / {r['generic_date']!s:<5}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
