"""Stats keys are named in one registry (``newscrawler/stat_keys.py``): no component spells a key
by hand, every key a component writes is registered, and every registered key is written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from newscrawler import stat_keys
from tests.conftest import REPO

REGISTRY = REPO / "newscrawler" / "stat_keys.py"
SOURCES = sorted(
    path
    for top in ("newscrawler", "pipelines", "exports")
    for path in (REPO / top).rglob("*.py")
    if path != REGISTRY
)
STATS_CALLS = {"inc_value", "set_value", "get_value", "max_value", "min_value"}
PREFIX = "newscrawler/"


def _is_product_token(node: ast.JoinedStr) -> bool:
    """``f"newscrawler/{__version__}..."``: the software name, not a stats key."""
    return (
        len(node.values) > 1
        and isinstance(node.values[1], ast.FormattedValue)
        and isinstance(node.values[1].value, ast.Name)
        and node.values[1].value.id == "__version__"
    )


def _spelled_keys(path: Path) -> list[str]:
    """Strings in ``path`` that start like a stats key: ``"newscrawler/..."`` or an f-string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr) and not _is_product_token(node):
            head = node.values[0] if node.values else None
            if isinstance(head, ast.Constant) and str(head.value).startswith(PREFIX):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: f{head.value!r}...")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith(PREFIX)
            and len(node.value) > len(PREFIX)
        ):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    return found


def _literal_stats_calls(path: Path) -> list[str]:
    """First arguments of ``stats.inc_value("...")`` and the like that are string literals."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in STATS_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
        ):
            found.append(ast.unparse(node.args[0]))
    return found


def test_no_component_spells_a_stats_key_by_hand():
    by_hand = [line for path in SOURCES for line in _spelled_keys(path)]
    assert not by_hand, (
        "name these keys in newscrawler/stat_keys.py and import them:\n" + "\n".join(by_hand)
    )


def test_every_literal_key_in_a_stats_call_is_registered():
    """Scrapy's own keys (``log_count/ERROR``...) may be read by name; ours must be registered."""
    families = tuple(key for key in stat_keys.KEYS if key.endswith("/"))
    unregistered = [
        f"{path.relative_to(REPO)}: {text}"
        for path in SOURCES
        for text in _literal_stats_calls(path)
        for key in [text.strip("f'\"")]
        if key.startswith(PREFIX) and key not in stat_keys.KEYS and not key.startswith(families)
    ]
    assert not unregistered


def test_every_registered_key_has_a_name_and_every_name_is_used():
    names = {
        name: value
        for name, value in vars(stat_keys).items()
        if name.isupper() and name != "KEYS" and isinstance(value, str | dict)
    }
    named = set()
    for value in names.values():
        named |= set(value.values()) if isinstance(value, dict) else {value}
    assert named == set(stat_keys.KEYS)
    text = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    unused = [name for name in names if not re.search(rf"\b{name}\b", text)]
    assert not unused, f"registered in newscrawler/stat_keys.py but never used: {unused}"


def test_every_key_is_namespaced_and_described():
    for key, meaning in stat_keys.KEYS.items():
        assert re.fullmatch(r"newscrawler/[a-z_]+(/[a-z_]+)*/?", key), key
        assert len(meaning) > 10, key


def test_reason_stats_are_a_registered_family():
    from newscrawler import reasons

    assert reasons.stat_key("timeout") == stat_keys.REASON_PREFIXES["errors"] + "timeout"
    assert reasons.COUNTED_KINDS == ("errors", "skipped", "dropped")
