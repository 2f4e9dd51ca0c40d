"""benchmarks/accuracy.py: the per-field scoring, a quick run over the unseen replica themes, the
tuning/checking halves, the "after learning" section, and the real sites' truth files."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.split import HALVES, corpus_half
from newscrawler.replica import THEMES, UNSEEN

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("accuracy", REPO / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up while the class is built
_spec.loader.exec_module(accuracy)


def test_body_tokens_count_each_cjk_character_and_each_latin_word() -> None:
    assert accuracy.tokens("学校 news day") == Counter({"学": 1, "校": 1, "news": 1, "day": 1})


def test_bag_scores_give_partial_credit_and_empty_to_empty_is_perfect() -> None:
    assert accuracy.precision_recall(Counter("ab"), Counter("abcd")) == (1.0, 0.5)
    assert accuracy.precision_recall(Counter(), Counter()) == (1.0, 1.0)
    assert accuracy.precision_recall(Counter(), Counter("a")) == (0.0, 0.0)


def test_fields_exact_pools_every_field_of_every_page() -> None:
    page = accuracy.Page("replica:x", "1", "http://x/1", b"", truth={"title": "A", "topics": ["t"]})
    right = accuracy.score_page(page, {"title": "A", "topics": ["t"]})
    half = accuracy.score_page(page, {"title": "A", "topics": []})
    summary = accuracy.summarize([right, half])
    assert summary["fields exact"]["accuracy"] == 0.75
    assert summary["topics"]["f1"] == accuracy.f1(0.5, 0.5)


def test_harness_scores_unseen_replica_themes_per_field(tmp_path) -> None:
    out = tmp_path / "accuracy.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/accuracy.py", "--sets", "replica", "--limit", "3",
         "--no-baselines", "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    results = json.loads(out.read_text("utf-8"))
    assert sorted(results) == sorted(f"replica:{name}" for name in THEMES)
    for runs in results.values():
        assert set(runs) == {"ours:family", "ours:auto"}
        fields = runs["ours:family"]["fields"]
        assert fields["title"]["pages"] == 3
        assert 0 <= fields["fields exact"]["accuracy"] <= 1
        assert {"precision", "recall", "f1"} <= set(fields["credits"])
    assert "fields exact (share)" in result.stdout


def _cwced_page(published: str | None, disputed: str | None = None) -> object:
    return accuracy.Page("cwced", "p", "http://x/1", b"", truth={"published": published},
                         disputed=disputed)  # fmt: skip


def test_dates_are_compared_at_the_annotations_precision() -> None:
    def right(want: str | None, have: str | None) -> float:
        return accuracy.score_page(_cwced_page(want), {"published": have})["published"]

    assert right("1998-03", "1998-03") == right("1998-03", "1998-03-15") == 1.0
    assert right("2018", "2018-07-01") == 1.0
    assert right("2005-05-07", "2005-07-05") == 0.0
    assert right(None, None) == 1.0 and right(None, "2005-01-06") == 0.0
    assert right("1998-03", None) == 0.0


def test_a_disputed_annotation_is_scored_as_is_and_counted_apart() -> None:
    disputed = accuracy.score_page(
        _cwced_page(None, "prints '2005-01-06'"), {"published": "2005-01-06"}
    )
    agreed = accuracy.score_page(_cwced_page("2005-03-11"), {"published": "2005-03-11"})
    summary = accuracy.summarize([disputed, agreed])
    assert summary["published"]["accuracy"] == 0.5
    assert summary["published, annotation agrees"] == {"accuracy": 1.0, "pages": 1}


def test_a_dispute_must_quote_what_the_page_prints() -> None:
    html = "<p>来源：晚报 <span>2021-11-25&nbsp;16:26</span></p>".encode()
    entry = {"printed": "2021-11-25 16:26", "why": "under the headline"}
    assert "2021-11-25 16:26" in accuracy._dispute(entry, html, "p")
    with pytest.raises(ValueError, match="not printed"):
        accuracy._dispute({**entry, "printed": "2021-11-26"}, html, "p")


def test_a_cwced_page_is_read_at_the_url_it_was_saved_from() -> None:
    html = b'<text id="http://blog.example.com/archive/2005/09/07/1.aspx" title="t">\n<html>'
    assert accuracy._cwced_url(html, "k") == "http://blog.example.com/archive/2005/09/07/1.aspx"
    assert accuracy._cwced_url(b"<html>", "k") == "http://cwced.invalid/k.html"


def _run(*args: str, tmp_path) -> tuple[dict, str]:
    out = tmp_path / "accuracy.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/accuracy.py", *args, "--no-baselines", "--json", str(out),
         "--corpus", str(tmp_path / "no-corpus")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(out.read_text("utf-8")), result.stdout


def test_harness_reports_the_tuning_and_checking_halves_and_the_whole_set(tmp_path) -> None:
    results, stdout = _run("--sets", "university", tmp_path=tmp_path)
    halves = [results[f"university [{half} half]"]["ours:auto"]["fields"] for half in HALVES]
    whole = results["university"]["ours:auto"]["fields"]
    assert all(half["body"]["pages"] > 0 for half in halves)
    assert sum(half["body"]["pages"] for half in halves) == whole["body"]["pages"]
    assert "university [checking half]" in stdout


def test_after_learning_scores_every_unseen_portal_beside_the_targets(tmp_path) -> None:
    results, stdout = _run("--sets", "learning", "--limit", "3", tmp_path=tmp_path)
    rows = results["after learning"]
    assert sorted(rows) == sorted(UNSEEN)  # the real sites need the corpus, absent here
    for row in rows.values():
        assert row["pages"] == 3
        assert all(0 <= row[field] <= 1 for field in accuracy.LEARNING_TARGETS)
        has_learner = importlib.util.find_spec("newscrawler.extraction.learning") is not None
        assert ("(no learner)" in row["note"]) != has_learner
    assert "target (issue 17)" in stdout


@pytest.mark.parametrize("site", sorted(accuracy.SITES))
def test_site_truth_is_split_by_the_file_name_and_its_body_check_holds(site: str) -> None:
    truth = json.loads((REPO / "benchmarks" / "truth" / f"{site}.json").read_text("utf-8"))
    pages = truth["pages"]
    assert [p["half"] for p in pages] == [corpus_half(p["file"]) for p in pages]
    assert Counter(p["half"] for p in pages) == {"tuning": 15, "checking": 15}
    for page in pages:
        assert page["title"] and page["published"] and page["topics"]
        assert page["body"].startswith(page["body_first"])
        assert page["body"].endswith(page["body_last"])
        assert not set(page["captions"]) & set(page["body"].split("\n\n"))  # captions are no body
