"""The benchmark's table, its JSON results file and the comparison with the previous run."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One row of the table: a measured value, what it is compared with, and its target."""

    key: str  # stable id, used to compare runs
    label: str
    value: float | None
    unit: str
    detail: str = ""
    target: str = ""
    met: bool | None = None  # None: no target, or not measured


def figure(
    key: str,
    label: str,
    value: float | None,
    unit: str,
    detail: str = "",
    target: str = "",
    check: Callable[[float], bool] | None = None,
) -> Figure:
    """A :class:`Figure`, its target checked when both the value and a check exist."""
    met = check(value) if (check is not None and value is not None) else None
    return Figure(key, label, value, unit, detail, target, met)


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def _previous_delta(fig: Figure, previous: dict[str, Any]) -> str:
    old = previous.get(fig.key)
    if old is None or fig.value is None or not old:
        return ""
    return f"{(fig.value - old) / abs(old):+.0%}"


def table(figures: list[Figure], previous: dict[str, float]) -> str:
    """The figures as an aligned text table (with change vs the previous run where known)."""
    header = ("figure", "value", "unit", "target", "met", "vs prev", "detail")
    rows = [
        (
            f.label,
            _fmt(f.value),
            f.unit,
            f.target,
            {True: "yes", False: "NO", None: ""}[f.met],
            _previous_delta(f, previous),
            f.detail,
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def load_previous(results_dir: Path) -> dict[str, float]:
    """Figure values of the last run (``latest.json``), by key; empty if there is none."""
    latest = results_dir / "latest.json"
    if not latest.exists():
        return {}
    data = json.loads(latest.read_text(encoding="utf-8"))
    return {f["key"]: f["value"] for f in data.get("figures", []) if f.get("value") is not None}


def save(results_dir: Path, stamp: str, run: dict[str, Any], figures: list[Figure]) -> Path:
    """Write ``<stamp>.json`` and ``latest.json``; returns the stamped file."""
    results_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps({**run, "figures": [vars(f) for f in figures]}, indent=2, default=str)
    path = results_dir / f"{stamp}.json"
    path.write_text(text + "\n", encoding="utf-8")
    (results_dir / "latest.json").write_text(text + "\n", encoding="utf-8")
    return path
