"""`stagegap demo`: the README's first command. Offline, rerunnable, and careful with OUT."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_support import TODAY, fixed_clock

from stagegap.questionnaires.workspace import WorkspaceError
from stagegap.reports.demo import data_dir, run_demo, sample_repo


def test_demo_writes_pdf_and_html_and_reruns_in_place(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    lines: list[str] = []
    with fixed_clock():
        pdf = run_demo(out, lines.append, today=TODAY, probe="recorded")
    assert pdf == out / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert any("Reconciled" in line for line in lines)
    (out / "notes.txt").write_text("mine")
    with fixed_clock():
        again = run_demo(out, today=TODAY, probe="recorded")
    assert again == pdf
    assert (out / "notes.txt").read_text() == "mine", "nothing but the demo's own files is touched"


def test_demo_refuses_a_directory_holding_someone_elses_report(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF precious")
    with pytest.raises(WorkspaceError, match="not written by `stagegap demo`"):
        run_demo(tmp_path, today=TODAY, probe="recorded")
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF precious"


def test_demo_refuses_an_existing_workspace_it_did_not_create(tmp_path: Path) -> None:
    (tmp_path / "workspace").mkdir()
    (tmp_path / "workspace" / "stagegap.yaml").write_text("organisation: Real\n")
    with pytest.raises(WorkspaceError, match="not created by `stagegap demo`"):
        run_demo(tmp_path, today=TODAY, probe="recorded")
    assert (tmp_path / "workspace" / "stagegap.yaml").exists()


def test_bundled_data_is_present_including_dotfiles() -> None:
    for name in ("cto.yaml", "engineer.yaml", "probe.yaml", "probe-record.yaml", "decisions.yaml"):
        assert (data_dir() / name).is_file()
    for name in (".env.staging", ".env.production", ".github/workflows/deploy.yml"):
        assert (sample_repo() / name).is_file()
