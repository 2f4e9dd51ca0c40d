"""The documentation keeps up with the command line: a new command or option without docs fails."""

from __future__ import annotations

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
