"""The README's first command must work: the demo writes a PDF and an HTML report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reports.demo import run_demo


def test_demo_writes_pdf_and_html(tmp_path: Path) -> None:
    lines: list[str] = []
    pdf = run_demo(tmp_path / "demo", lines.append, today=dt.date(2026, 11, 26))
    assert pdf == tmp_path / "demo" / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "demo" / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert any("Reconciled" in line for line in lines)
