"""benchmarks/accuracy.py: the per-field scoring and a quick run over the unseen replica themes."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from newscrawler.replica import THEMES

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
