"""What `pip install .` puts in site-packages: only the `newscrawler` package."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import REPO


def test_the_wheel_installs_pipelines_and_exports_inside_the_project_namespace(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("newscrawler-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"newscrawler"}
    assert "newscrawler/pipelines/archive.py" in names
    assert "newscrawler/exports/wacz.py" in names
    assert "newscrawler/profiles/presets/vsb.toml" in names
