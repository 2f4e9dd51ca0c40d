"""The documentation keeps up with the command line: a new command or option without docs fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from newscrawler.cli import cli

REPO = Path(__file__).resolve().parent.parent
DOCS = (REPO / "README.md").read_text(encoding="utf-8") + (REPO / "docs" / "archive.md").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_with_an_example_in_its_help(name):
    command = cli.commands[name]
    assert f"newscrawler {name}" in DOCS
    assert "Example" in (command.help or "")


@pytest.mark.parametrize(
    ("name", "option"),
    sorted(
        (name, opt)
        for name, command in cli.commands.items()
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--") and opt not in ("--help", "--json", "--db", "--limit")
    ),
)
def test_every_long_option_is_documented(name, option):
    assert re.search(rf"{re.escape(option)}\b", DOCS), f"newscrawler {name} {option}"


# -- docs/design.md's module map matches the tree ---------------------------------------------

DESIGN = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
#: Where the package's modules live: the package and the two folders installed inside it.
PACKAGE_ROOTS = ("newscrawler", "pipelines", "exports")
PACKAGE_MODULES = sorted(
    path.relative_to(REPO).as_posix()
    for root in PACKAGE_ROOTS
    for path in (REPO / root).rglob("*.py")
    if "__pycache__" not in path.parts
)


def _map_entries() -> list[str]:
    """The paths in the first column of §8's table: ``a/b.py``, ``a/`` (a package's
    ``__init__.py``), ``a/*.py`` (every module of folder ``a``)."""
    section = DESIGN.split("## 8. Module map", 1)[1].split("\n## ", 1)[0]
    cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return [
        path
        for cell in cells
        for path in re.findall(r"`([^`]+)`", cell)
        if path.split("/")[0] in PACKAGE_ROOTS
    ]


def _covers(entry: str, module: str) -> bool:
    if entry.endswith("/*.py"):
        return module.rsplit("/", 1)[0] == entry.removesuffix("/*.py")
    if entry.endswith("/"):
        return module == entry + "__init__.py"
    return module == entry


def _first_sentence(module: str) -> str:
    doc = ast.get_docstring(ast.parse((REPO / module).read_text(encoding="utf-8"))) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    return re.split(r"(?<=[.!?])\s+(?=[A-Z`(])", first)[0] or "WHAT IT HOLDS"


def test_every_module_has_a_row_in_the_design_module_map():
    entries = _map_entries()
    missing = [m for m in PACKAGE_MODULES if not any(_covers(e, m) for e in entries)]
    rows = "\n".join(
        f"| `{m.removesuffix('__init__.py')}` | {_first_sentence(m)} |" for m in missing
    )
    assert not missing, (
        "docs/design.md §8 (Module map) has no row for these modules; add, in the group they "
        f"belong to, the lines:\n{rows}"
    )


def test_every_row_of_the_design_module_map_names_a_module_that_exists():
    gone = [e for e in _map_entries() if not any(_covers(e, m) for m in PACKAGE_MODULES)]
    assert not gone, f"docs/design.md §8 (Module map) lists modules that do not exist: {gone}"


@pytest.mark.parametrize("doc", ["README.md", "docs/design.md", "docs/archive.md"])
def test_no_doc_keeps_merge_conflict_markers(doc):
    text = (REPO / doc).read_text(encoding="utf-8")
    assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)( |$)", text, re.MULTILINE)


def test_the_design_doc_plans_nothing_that_is_built():
    assert "not yet built" not in DESIGN


# -- every module says what it holds; the README says each thing once ---------------------------


@pytest.mark.parametrize("module", PACKAGE_MODULES)
def test_every_module_opens_with_one_sentence_on_what_it_holds(module):
    doc = ast.get_docstring(ast.parse((REPO / module).read_text(encoding="utf-8")))
    assert doc, f"{module} has no module docstring"
    first = " ".join(doc.split("\n\n")[0].split())
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z`(])", first)[0]
    assert sentence.endswith((".", ".)")), f"{module}: its first paragraph is not a sentence"
    assert len(sentence) <= 300, f"{module}: the opening sentence runs to {len(sentence)} chars"


def _readme_paragraphs() -> list[str]:
    """The README's prose paragraphs (code blocks, tables, headings and list items left out)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return [p for p in paragraphs if p and not p.startswith(("#", "|", "-", "*", "    "))]


def test_the_readme_says_each_thing_once():
    """No passage of 100 characters of prose appears twice: a repeated paragraph, or one cut
    short and written again in full, fails."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    prose = " ".join(re.sub(r"```.*?```", "", text, flags=re.DOTALL).split())
    first_at: dict[str, int] = {}
    repeated = []
    for start in range(len(prose) - 100):
        passage = prose[start : start + 100]
        if first_at.setdefault(passage, start) < start - 100:
            repeated.append(passage)
    assert not repeated, f"said twice in README.md: {repeated[0]!r}"


def test_every_readme_paragraph_ends_a_sentence():
    unfinished = [
        p[-80:] for p in _readme_paragraphs() if not p.endswith((".", ":", ")", "!", "?"))
    ]
    assert not unfinished


def test_the_run_wide_overrides_in_settings_show_the_real_defaults():
    """settings.py shows each ``NEWSCRAWLER_<KEY>`` override commented out with the default a
    profile gets (``CRAWL_DEFAULTS``), durations in seconds."""
    from newscrawler.profiles.loader import CRAWL_DEFAULTS, parse_duration

    text = (REPO / "newscrawler" / "crawl" / "settings.py").read_text(encoding="utf-8")
    shown = dict(re.findall(r"^# NEWSCRAWLER_([A-Z_]+) = (\d+)", text, re.MULTILINE))
    assert shown
    for key, value in shown.items():
        default = CRAWL_DEFAULTS[key.lower()]
        if key.lower() == "recheck_after":
            default = parse_duration(default, "recheck_after")
        assert int(value) == default, key
