"""An installed stagegap owns one import name, from a wheel and from an editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (built,) = out.glob("stagegap-*.whl")
    return built


def test_wheel_holds_only_the_stagegap_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"stagegap", wheel.name.split("-py3")[0] + ".dist-info"}
    for expected in (
        "stagegap/__main__.py",
        "stagegap/py.typed",
        "stagegap/probe/engine.py",
        "stagegap/probe/vendors.yaml",
        "stagegap/questionnaires/staging-production-gap.yaml",
        "stagegap/reports/templates/report.html.j2",
        "stagegap/reports/assets/fonts/Inter-Regular.otf",
        "stagegap/reports/demo/sample-repo/.env.production",
        "stagegap/tui/app.tcss",
    ):
        assert expected in names, expected
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_the_wheel_alone_runs_python_m_stagegap(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import stagegap.probe, sys; print(stagegap.probe.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(target))
    version = subprocess.run(
        [sys.executable, "-m", "stagegap", "--version"], env=env, cwd=tmp_path,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert version.startswith("stagegap, version ")


@pytest.mark.parametrize("bare", ["probe", "reports", "questionnaires", "tui"])
def test_the_editable_install_exposes_no_bare_folder_names(bare: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import {bare}"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert f"No module named '{bare}'" in result.stderr
