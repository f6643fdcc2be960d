"""Outputs other tools read: CSV for trackers and spreadsheets, Markdown for wikis, the format
registry the CLI and the app share, and the trend page of `stagegap report --since`.

Hostile text (an ESC sequence in a note, a formula as an owner's name) must arrive inert.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from report_support import TODAY, fixed_clock, partial_audit

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import Decision, DecisionKind
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.audit import Audit, load_audit
from stagegap.reports.build import build_report
from stagegap.reports.demo import load_answers, load_probe_record
from stagegap.reports.export import render
from stagegap.reports.formats import FORMATS, REGISTRY
from stagegap.reports.model import Report
from stagegap.reports.render.csvout import COLUMNS
from stagegap.reports.render.inert import FORMULA_TRIGGERS, inert, spreadsheet_cell

ESCAPE = "\x1b[2J\x1b[31mowned\x1b[0m"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def hostile_audit(root: Path) -> Audit:
    """The demo's answers with an ESC sequence in a note and formulas as owner and note."""
    with fixed_clock():
        ws = Workspace.create(root, "Hostile\x1b]0;title\x07 Ltd")
        for role in (Role.CTO, Role.ENGINEER):
            answers, name = load_answers(ws, role, TODAY)
            first = next(iter(answers))
            answers[first] = answers[first].model_copy(update={"note": f"{ESCAPE} {FORMULA}"})
            ws.import_answers(role, answers, name)
        probe, _ = load_answers(ws, Role.PROBE, TODAY)
        ws.record_probe(probe, load_probe_record(TODAY))
        ws.set_decision(
            "infrastructure.shared-layers",
            Decision(kind=DecisionKind.ELIMINATE, owner=FORMULA, note="@SUM(A1:A9)\x1b[1m"),
        )
        return load_audit(ws, today=TODAY)


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_has_one_row_per_risk_with_what_a_tracker_needs(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    rows = _rows(render(report, "csv"))
    assert [r["id"] for r in rows] == [e.id for e in report.risk_register]
    steps = {p.id: p for p in report.plan}
    for row, entry in zip(rows, report.risk_register, strict=True):
        assert row["finding"] == entry.title and not row["finding"].endswith("?")
        assert row["decision_source"] in ("recorded by the workshop", "suggested")
        assert row["status"] in ("not decided yet", "open", "in progress", "done")
        step = steps.get(entry.id)
        if step is not None:
            assert int(row["one_off_cost"]) == step.cost
            assert int(row["yearly_cost"]) == step.recurring_yearly
            assert int(row["yearly_loss_avoided"]) == step.annual_loss_avoided
        if entry.evidence:
            assert entry.evidence[0].location in row["evidence"]
    assert {"evidence", "one_off_cost", "yearly_loss_avoided", "status"} <= set(COLUMNS)
    assert any(r["decision_source"] == "recorded by the workshop" for r in rows)
    assert any(r["decision_source"] == "suggested" for r in rows)


def test_csv_opens_names_with_accents_in_a_spreadsheet(demo: tuple[Audit, Report]) -> None:
    _audit, report = demo
    data = render(report, "csv").encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Tomás Ortega" in data.decode("utf-8-sig")


def test_no_raw_escape_byte_reaches_markdown_or_csv(tmp_path: Path) -> None:
    report = build_report(hostile_audit(tmp_path / "ws"), generated_on=TODAY)
    for fmt in ("md", "csv"):
        text = render(report, fmt)
        assert "\x1b" not in text and "\x07" not in text, fmt
    markdown = render(report, "md")
    assert "\u241b[31mowned" in markdown, "the escape is shown, not executed"


def test_no_csv_cell_starts_a_formula(tmp_path: Path) -> None:
    report = build_report(hostile_audit(tmp_path / "ws"), generated_on=TODAY)
    rows = _rows(render(report, "csv"))
    cells = [value for row in rows for value in row.values()]
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]
    owner = next(r["owner"] for r in rows if r["id"] == "infrastructure.shared-layers")
    assert owner == "'" + FORMULA


def test_inert_keeps_text_and_line_breaks_and_marks_controls() -> None:
    assert inert("Tomás\tsaid\nhi") == "Tomás\tsaid\nhi"
    assert inert("a\x1bb\x7fc\x9bd\u202ee") == "a\u241bb\u2421c<U+009B>d<U+202E>e"
    assert spreadsheet_cell("-5") == "'-5"
    assert spreadsheet_cell("\tx") == "'\tx"
    assert spreadsheet_cell("plain") == "plain"


def test_the_cli_and_the_export_screen_offer_the_registry_formats() -> None:
    from stagegap.tui.cli import report
    from stagegap.tui.screens.export import FORMATS as SCREEN_FORMATS

    choice = next(p for p in report.params if p.name == "fmt").type
    assert tuple(choice.choices) == FORMATS  # type: ignore[attr-defined]
    assert [fmt for _label, fmt in SCREEN_FORMATS] == [f.id for f in REGISTRY]


def test_since_adds_what_changed_since_the_earlier_audit(
    demo: tuple[Audit, Report], tmp_path: Path
) -> None:
    audit, _report = demo
    earlier = partial_audit(tmp_path / "old", (Role.CTO, Role.ENGINEER))
    report = build_report(audit, generated_on=TODAY, since=earlier)
    trend = report.trend
    assert trend is not None
    assert trend.previous_risks == len(earlier.reconciliation.register)
    assert trend.current_risks == len(report.risk_register)
    assert trend.new or trend.closed
    assert trend.moved, "the probe's evidence moved someone's picture"
    html = render(report, "html")
    assert "Since the last audit" in html and "Since the last audit" in render(report, "md")
    assert "Since the last audit" not in render(build_report(audit, generated_on=TODAY), "md")


def test_report_since_on_the_command_line(tmp_path: Path) -> None:
    from stagegap.tui.cli import main

    with fixed_clock():
        old = Workspace.create(tmp_path / "old", "Larkspur")
        new = Workspace.create(tmp_path / "new", "Larkspur")
        for role in (Role.CTO, Role.ENGINEER):
            answers, name = load_answers(new, role, TODAY)
            new.import_answers(role, answers, name)
            old.import_answers(role, dict(list(answers.items())[:10]), name)
    out = tmp_path / "r.md"
    result = CliRunner().invoke(
        main, ["report", str(new.root), "--since", str(old.root), "--format", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "## Since the last audit" in out.read_text()
