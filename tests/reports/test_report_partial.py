"""Partial audits render with clear 'not answered' marks, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_support import TODAY, partial_audit

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.build import build_report
from stagegap.reports.export import export, render
from stagegap.reports.render.html import render_html
from stagegap.reports.render.pdf import write_pdf

CASES = {
    "probe only": ((Role.PROBE,), None),
    "cto only": ((Role.CTO,), None),
    "engineer only, part answered": ((Role.ENGINEER,), 10),
    "both humans, no probe": ((Role.CTO, Role.ENGINEER), None),
    "cto part answered with probe": ((Role.CTO, Role.ENGINEER, Role.PROBE), 12),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_partial_audit_renders_every_text_format(case: str, tmp_path: Path) -> None:
    roles, keep = CASES[case]
    report = build_report(partial_audit(tmp_path / "ws", roles, keep), generated_on=TODAY)
    assert report.notices, "a partial audit says so up front"
    for fmt in ("html", "md", "json", "csv"):
        text = render(report, fmt)
        assert text
    html = render(report, "html")
    assert "not answered" in html
    if Role.PROBE not in roles:
        assert "probe has not run" in html


def test_an_empty_workspace_renders_a_pdf(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "empty", "Nobody Yet")
    target = export(ws, "pdf", tmp_path / "empty.pdf")
    assert target.read_bytes().startswith(b"%PDF")


def test_partly_answered_pdf_has_no_layout_warnings(tmp_path: Path) -> None:
    report = build_report(partial_audit(tmp_path / "ws", (Role.CTO,), 5), generated_on=TODAY)
    warnings: list[str] = []
    write_pdf(render_html(report, for_print=True), tmp_path / "p.pdf", warnings=warnings)
    assert [w for w in warnings if "HarfBuzz" not in w] == []
    cto = next(r for r in report.respondents if r.role == "cto")
    assert (cto.answered, cto.total) == (5, 38)
    assert any("answered 5 of 38" in n for n in report.notices)


def test_an_incomplete_audit_asks_for_no_money(tmp_path: Path) -> None:
    report = build_report(
        partial_audit(tmp_path / "ws", (Role.CTO, Role.ENGINEER)), generated_on=TODAY
    )
    rec = report.recommendation
    assert rec.actions == [] and rec.one_off == 0
    assert rec.ask.startswith("Nothing to approve yet") and "probe has not run" in rec.ask
    assert report.summary.decision_asked == rec.ask
