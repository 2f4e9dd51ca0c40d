"""Snapshot of every extracted item, to show that a speed-up changes no output.

    python3 benchmarks/extraction_snapshot.py write snapshot.json --corpus ../shared/corpus
    python3 benchmarks/extraction_snapshot.py compare snapshot.json --corpus ../shared/corpus

Pages: every page of the AEB and CWCED corpora (the ``auto`` profile, as ``accuracy.py`` runs
them), the university pages of ``tests/fixtures`` (their site's profile or family preset), and
every saved page of the corpus's ``university/`` folder (``auto``, its ``MANIFEST.tsv`` URL when
that is an http(s) URL). Each page is extracted with a fixed fetch time, so two runs of the same code give the same
items. The snapshot is one JSON object ``{"<set>/<page id>": item}``; ``compare`` prints each page
whose item differs, the first differing field of each, and exits 1 when any does (0 otherwise).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import accuracy  # noqa: E402
from newscrawler.extraction import extract_article  # noqa: E402
from newscrawler.profiles import profile_for_url  # noqa: E402

#: every page is extracted as if fetched at this instant (items carry the fetch time)
FETCHED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)


def corpus_university(corpus: Path) -> list[accuracy.Page]:
    """The saved pages of ``corpus/university`` (all kinds), each with its manifest URL, else
    ``https://<folder>/<file>``."""
    root = corpus / "university"
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        urls = {
            row["local_path"]: row["source_url_if_known"]
            for row in csv.DictReader(handle, delimiter="\t")
        }
    pages = []
    for path in sorted(p for p in root.glob("*/*") if p.is_file()):
        local = f"{path.parent.name}/{path.name}"
        known = urls.get(local) or ""
        url = known if known.startswith(("http://", "https://")) else f"https://{local}"
        pages.append(
            accuracy.Page("corpus-university", local, url, path.read_bytes(), profile=None)
        )
    return pages


def items(corpus: Path) -> dict[str, Any]:
    """``{"<set>/<page id>": item}`` for every page the snapshot covers, in a fixed order."""
    sets = [
        (accuracy.aeb_pages(corpus, None), "auto"),
        (accuracy.cwced_pages(corpus, None), "auto"),
        (accuracy.university_pages(None), "family"),
        (corpus_university(corpus), "auto"),
    ]
    out: dict[str, Any] = {}
    for pages, mode in sets:
        for page in pages:
            profile = (
                profile_for_url(page.url, "auto")
                if page.set == "corpus-university"
                else accuracy._profile(page, mode)
            )
            extraction = extract_article(
                page.url, page.html, profile, content_type=page.content_type, fetched_at=FETCHED_AT
            )
            item = dict(extraction.item, views_url=extraction.views_url)
            out[f"{page.set}/{page.id}"] = json.loads(json.dumps(item, default=str))
    return out


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per page whose item differs (or that only one side has)."""
    lines = []
    for key in sorted(old.keys() | new.keys()):
        if key not in old or key not in new:
            lines.append(f"{key}: only in the {'snapshot' if key in old else 'new run'}")
            continue
        if old[key] != new[key]:
            fields = sorted(
                f for f in old[key].keys() | new[key].keys() if old[key].get(f) != new[key].get(f)
            )
            lines.append(f"{key}: {', '.join(fields)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("write", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--corpus", type=Path, default=accuracy.DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    new = items(args.corpus)
    if args.action == "write":
        args.path.write_text(json.dumps(new, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(new)} items written to {args.path}")
        return 0
    old = json.loads(args.path.read_text(encoding="utf-8"))
    lines = differences(old, new)
    for line in lines:
        print(line)
    print(f"{len(new)} items compared, {len(lines)} differences")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
