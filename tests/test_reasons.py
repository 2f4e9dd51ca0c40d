"""The reasons registry: every reason the code can count is declared once, with a description,
and one failure always gets one name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet import error as tx_error

from newscrawler import reasons
from tests.conftest import REPO

SOURCES = sorted(
    path
    for folder in ("newscrawler", "pipelines", "exports")
    for path in (REPO / folder).rglob("*.py")
    if path.name != "reasons.py"
)
#: Functions of the registry whose result is a declared reason name.
NAMING = {"download_failure", "parse_failure"}
#: Functions that count the reason passed as their second argument (checked at their callers).
FORWARDING = {"storage_failed", "_count_drop"}


def _is_reasons_call(node: ast.AST, names: set[str]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "reasons"
        and node.func.attr in names
    )


def _possible_names(value: ast.AST, function: ast.AST) -> list[str]:
    """What a reason argument can be, as names to look up: a literal as is, an f-string as its
    literal start plus a sample suffix, a variable as every value assigned to it in the function.
    Anything else is returned as a marker that fails the lookup."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.JoinedStr):
        head = value.values[0]
        prefix = head.value if isinstance(head, ast.Constant) else ""
        return [f"{prefix}sample"]
    if _is_reasons_call(value, NAMING):
        return []  # checked by test_the_naming_functions_only_give_declared_names
    if isinstance(value, ast.Name):
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets)
        ]
        if not assigned:
            forwarded = getattr(function, "name", "") in FORWARDING
            parameters = {a.arg for a in getattr(function, "args", ast.arguments()).args}
            if forwarded and value.id in parameters:
                return []  # the callers' literal names are checked
            return [f"<unassigned {value.id}>"]
        return [name for a in assigned for name in _possible_names(a, function)]
    return [f"<unchecked {ast.unparse(value)}>"]


def counted_names() -> dict[str, list[str]]:
    """Every reason name a ``reasons.count`` call in the code can count, by file."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        for function in functions:
            for node in ast.walk(function):
                forwarding = (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in FORWARDING
                )
                if _is_reasons_call(node, {"count"}) or forwarding:
                    names = _possible_names(node.args[1], function)
                    found.setdefault(str(path.relative_to(REPO)), []).extend(names)
    return found


def test_every_reason_the_code_counts_is_declared():
    found = counted_names()
    # The scan sees the components that count: the spider, its middleware and the pipelines.
    assert {"newscrawler/crawl/spiders/portal.py", "newscrawler/crawl/middlewares.py"} <= set(found)
    assert {"pipelines/archive.py", "pipelines/jsonlines.py", "pipelines/dedup.py"} <= set(found)
    undeclared = {}
    for path, names in found.items():
        for name in names:
            try:
                reasons.lookup(name)
            except reasons.UnknownReason:
                undeclared.setdefault(path, []).append(name)
    assert not undeclared


def test_no_component_writes_a_reason_stat_key_by_hand():
    by_hand = [
        f"{path.relative_to(REPO)}: {text!r}"
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for text in [node.value]
        if any(f"newscrawler/{kind}/" in text for kind in reasons.COUNTED_KINDS)
    ]
    assert not by_hand


def test_the_naming_functions_only_give_declared_names():
    produced = [name for _classes, name in reasons._DOWNLOAD_FAILURES]
    produced += [reasons.download_failure(RuntimeError("odd")), reasons.parse_failure(KeyError())]
    assert produced[-2:] == ["download_failed", "parse_KeyError"]
    for name in produced:
        assert reasons.lookup(name).kind == "errors", name


def test_every_reason_has_a_kind_and_a_description():
    for reason in reasons.REASONS.values():
        assert reason.kind in (*reasons.COUNTED_KINDS, "run"), reason
        assert len(reason.description) > 15, reason


def test_the_same_failure_gets_the_same_name_whoever_raises_it():
    assert (
        reasons.download_failure(DownloadConnectionRefusedError("refused"))
        == reasons.download_failure(tx_error.ConnectionRefusedError())
        == "connection_refused"
    )
    assert (
        reasons.download_failure(DownloadTimeoutError())
        == reasons.download_failure(tx_error.TimeoutError())
        == reasons.download_failure(tx_error.TCPTimedOutError())
        == "timeout"
    )
    assert reasons.download_failure(CannotResolveHostError()) == "dns_lookup"
    assert reasons.download_failure(tx_error.DNSLookupError()) == "dns_lookup"
    assert reasons.download_failure(DownloadFailedError()) == "connection_failed"


def test_an_exception_can_name_its_own_declared_reason():
    class Undecodable(ValueError):
        reason = "undecodable"

    class Odd(ValueError):
        reason = "not a declared reason"

    assert reasons.parse_failure(Undecodable()) == "undecodable"
    assert reasons.parse_failure(Odd()) == "parse_Odd"


def test_counting_an_undeclared_reason_is_refused():
    stats = MemoryStatsCollector(get_crawler())
    reasons.count(stats, "http_404")
    reasons.count(stats, "duplicate_url", 2)
    assert stats.get_stats() == {
        "newscrawler/errors/http_404": 1,
        "newscrawler/dropped/duplicate_url": 2,
    }
    with pytest.raises(reasons.UnknownReason):
        reasons.count(stats, "ConnectionRefusedError")
    with pytest.raises(reasons.UnknownReason):
        reasons.count(stats, "start_urls_failed")  # a run reason, not a counter


def test_families_match_only_their_own_names():
    assert reasons.lookup("http_503").name == "http_*"
    assert reasons.lookup("missing_title").name == "missing_*"
    for name in ("http_", "http", "timeout_x"):
        with pytest.raises(reasons.UnknownReason):
            reasons.lookup(name)


def test_the_registry_lists_reasons_in_the_readme():
    readme = Path(REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in reasons.REASONS if f"`{name}`" not in readme]
    assert not missing
