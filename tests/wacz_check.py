"""A WACZ file checked by the ``wacz`` library's own validator (the export's tests use it)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from wacz.main import main as wacz_main


def validate_wacz(path: Path) -> None:
    """Fail the test unless ``wacz validate`` accepts ``path``, with what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = wacz_main(["validate", "-f", str(path)])
    assert not code, f"{path} is not a valid WACZ: {printed.getvalue().strip()}"
