"""The demo audit, its report model and its PDF, built once for every report test module.

The PDF takes seconds to lay out, so every check that reads it back reads the same one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest
from report_support import TODAY, demo_audit

from stagegap.reports.audit import Audit
from stagegap.reports.build import build_report
from stagegap.reports.model import Report
from stagegap.reports.render.html import render_html
from stagegap.reports.render.pdf import write_pdf


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Audit, Report]:
    _pdf, audit = demo_audit(tmp_path_factory.mktemp("demo"))
    return audit, build_report(audit, generated_on=TODAY)


@pytest.fixture(scope="session")
def pdf(demo: tuple[Audit, Report], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The demo PDF read back two ways: pypdf per page, and pdftotext -layout per page."""
    _audit, report = demo
    warnings: list[str] = []
    target = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_pdf(render_html(report, for_print=True), target, warnings=warnings)
    reader = pypdf.PdfReader(target)
    pages = [page.extract_text() for page in reader.pages]
    return {
        "path": target,
        "warnings": warnings,
        "pages": pages,
        "reader": reader,
        "layout": layout_pages(target),
    }


def layout_pages(path: Path) -> list[str]:
    """Each page as pdftotext -layout lays it out (form feeds separate pages)."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[: len(pypdf.PdfReader(path).pages)]
