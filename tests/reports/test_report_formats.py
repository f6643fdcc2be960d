"""Every format renders the same report model: PDF (read back), HTML (snapshot), MD, JSON, CSV.

The PDF is rendered once for the module; it is slow enough that every check reads the same one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdf
import pytest
from report_support import TODAY, secret_values

from stagegap.reports.audit import Audit
from stagegap.reports.export import FORMATS, export_audit, render, write_report
from stagegap.reports.model import SCHEMA_VERSION, Report, report_json_schema
from stagegap.reports.reconcile import Divergence
from stagegap.reports.render.csvout import COLUMNS
from stagegap.reports.render.html import render_html

SCHEMA_FILE = Path(__file__).parents[2] / "reports" / "report.schema.json"


ENVIRONMENT_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)
"""Not a report defect: the machine lacks libharfbuzz-subset0, so WeasyPrint subsets slower."""


def test_weasyprint_emits_no_warning(pdf: dict[str, object]) -> None:
    warnings = [w for w in pdf["warnings"] if not w.startswith(ENVIRONMENT_NOTICES)]  # type: ignore[attr-defined]
    assert warnings == []


def test_pdf_names_every_dimension_class_and_top_risk(
    demo: tuple[Audit, Report], pdf: dict[str, object]
) -> None:
    _audit, report = demo
    text = " ".join(str(p) for p in pdf["pages"])  # type: ignore[attr-defined]
    flat = " ".join(text.split())
    for dimension in report.dimensions:
        assert dimension.title in flat
    for cls in report.present_classes():
        assert cls.label in flat, cls.label
    for item_id in report.summary.top_risks:
        entry = report.entry(item_id)
        assert entry is not None
        assert " ".join(entry.title.split()[:5]) in flat
    assert report.organisation in flat


def test_pdf_has_cover_contents_and_numbered_pages(pdf: dict[str, object]) -> None:
    pages: list[str] = pdf["pages"]  # type: ignore[assignment]
    total = len(pages)
    assert 15 <= total <= 60
    assert "Larkspur Commerce" in pages[0]
    assert "Recommendation" in pages[1]
    assert "Contents" in pages[2]
    assert f"Page 2 of {total}" in pages[1]
    assert f"Page {total} of {total}" in pages[-1]


def test_pdf_is_a4_by_default_and_letter_on_request(
    demo: tuple[Audit, Report], pdf: dict[str, object], tmp_path: Path
) -> None:
    reader: pypdf.PdfReader = pdf["reader"]  # type: ignore[assignment]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    _audit, report = demo
    html = render_html(report, paper="letter", for_print=True)
    assert "size: letter" in html


def test_html_snapshot(demo: tuple[Audit, Report], snapshot: object) -> None:
    """Reviewers: the whole HTML, deterministic for a fixed date and clock."""
    _audit, report = demo
    assert render_html(report, embed_fonts=False) == snapshot


def test_json_validates_against_the_published_schema(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    document = json.loads(render(report, "json"))
    assert document["schema_version"] == SCHEMA_VERSION
    assert Report.model_validate(document) == report
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(document, report_json_schema())


def test_published_schema_file_is_current() -> None:
    published = json.loads(SCHEMA_FILE.read_text())
    assert published == report_json_schema(), "run: python -m stagegap.reports.render.jsonout > ..."


def test_csv_is_the_risk_register(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    text = render(report, "csv")
    assert text.startswith("\ufeff"), "a byte order mark, so spreadsheets read UTF-8"
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["id"] for r in rows] == [e.id for e in report.risk_register]
    assert {r["severity"] for r in rows} <= {"critical", "high", "medium", "low"}


def test_markdown_has_every_section(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    md = render(report, "md")
    for heading in (
        "## Executive summary",
        "## The three-way divergence map",
        "## Workshop discussion agenda",
        "## Risk register",
        "## Intervention plan",
        "## Detail by dimension",
        "## Appendix A: configuration inventory",
        "## Appendix B: method",
    ):
        assert heading in md
    assert report.summary.headline in md


def test_formats_agree_on_the_numbers(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    top = report.risk_register[0]
    score = f"{top.score.value:.1f}"
    for fmt in ("html", "md", "csv"):
        assert score in render(report, fmt)
    assert json.loads(render(report, "json"))["risk_register"][0]["score"]["value"] == (
        top.score.value
    )


def test_no_secret_value_in_any_format(demo: tuple[Audit, Report], pdf: dict[str, object]) -> None:
    _audit, report = demo
    secrets = secret_values()
    assert len(secrets) >= 6
    outputs = {fmt: render(report, fmt) for fmt in ("html", "md", "json", "csv")}
    outputs["pdf"] = " ".join(str(p) for p in pdf["pages"])  # type: ignore[attr-defined]
    for fmt, text in outputs.items():
        for value in secrets:
            assert value not in text, f"{fmt} leaks a secret value"


def test_every_money_figure_names_its_parameters(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    assert "EUR 6,000 an hour" in report.costs.formula
    assert all("EUR 750 per person-day" in step.cost_benefit for step in report.plan)
    html = render(report, "html")
    assert report.costs.formula in html


def test_export_audit_writes_each_format(demo: tuple[Audit, Report], tmp_path: Path) -> None:
    audit, _report = demo
    for fmt in ("html", "md", "json", "csv"):
        seen: list[str] = []
        path = export_audit(
            audit, fmt, tmp_path / f"r.{fmt}", generated_on=TODAY, progress=seen.append
        )
        assert path.stat().st_size > 0
        assert seen[0] == "Building the report"
    assert set(FORMATS) == {"pdf", "html", "md", "json", "csv"}


def test_unknown_format_is_refused(demo: tuple[Audit, Report], tmp_path: Path) -> None:
    audit, report = demo
    with pytest.raises(ValueError, match="unknown format"):
        export_audit(audit, "docx", tmp_path / "r.docx")
    with pytest.raises(ValueError):
        write_report(report, "html", tmp_path / "r.html", paper="a3")


def test_every_divergence_class_appears_in_the_demo(demo: tuple[Audit, Report]) -> None:
    audit, report = demo
    counts = audit.reconciliation.counts
    for cls in Divergence:
        if cls is not Divergence.NOT_ANSWERED:
            assert counts[cls] > 0, cls
    assert [d for d in report.declared if d.expires and not d.expired]
    assert sum(1 for e in report.risk_register if e.decision.recorded and e.decision.owner) >= 4
