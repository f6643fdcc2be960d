"""The risk register as CSV for an issue tracker or a spreadsheet: one row per risk.

Each row carries what a tracker ticket needs without the PDF beside it: the finding, its
evidence in a column of its own, the decision and whether the workshop recorded it or stagegap
only suggests it, the status in words, the one-off cost and the yearly loss it avoids.

The file starts with a UTF-8 byte order mark so that Excel opens names with accents correctly
(LibreOffice and Python's csv module read it too); every cell is made inert (no control
characters, no formula a spreadsheet would run).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from stagegap.reports.model import AnswerView, PlanEntry, Report, RiskEntry
from stagegap.reports.render.inert import spreadsheet_cell

BOM = "\ufeff"

STATUS_WORDS: dict[str, str] = {
    "proposed": "not decided yet",
    "open": "open",
    "in_progress": "in progress",
    "done": "done",
}


@dataclass(frozen=True)
class Row:
    """One register entry with its plan step (None for a declared difference's entry)."""

    entry: RiskEntry
    step: PlanEntry | None
    currency: str


def _answer(a: AnswerView) -> str:
    text = "I don't know" if a.status == "dont_know" else a.text
    if a.confidence:
        text += f" ({a.confidence} confidence)"
    return text


def _role(role: str) -> Callable[[Row], str]:
    return lambda row: _answer(next(a for a in row.entry.answers if a.role == role))


def _evidence(row: Row) -> str:
    return "; ".join(
        ev.location + (f" {ev.excerpt}" if ev.excerpt else "") for ev in row.entry.evidence
    )


def _money(pick: Callable[[PlanEntry], float]) -> Callable[[Row], str]:
    return lambda row: f"{pick(row.step):.0f}" if row.step else ""


COLUMNS_SPEC: tuple[tuple[str, Callable[[Row], object]], ...] = (
    ("rank", lambda r: r.entry.rank),
    ("id", lambda r: r.entry.id),
    ("finding", lambda r: r.entry.title),
    ("dimension", lambda r: r.entry.dimension_title),
    ("question", lambda r: r.entry.prompt),
    ("class", lambda r: r.entry.class_label),
    ("severity", lambda r: r.entry.score.severity),
    ("score", lambda r: f"{r.entry.score.value:.1f}"),
    ("likelihood", lambda r: f"{r.entry.score.likelihood:.1f}"),
    ("impact", lambda r: f"{r.entry.score.impact:.1f}"),
    ("cto", _role("cto")),
    ("engineer", _role("engineer")),
    ("probe", _role("probe")),
    ("evidence", _evidence),
    ("decision", lambda r: r.entry.decision.label),
    (
        "decision_source",
        lambda r: "recorded by the workshop" if r.entry.decision.recorded else "suggested",
    ),
    ("action", lambda r: r.entry.decision.action),
    ("phase", lambda r: r.step.phase_label if r.step else ""),
    ("effort_days", lambda r: f"{r.entry.decision.effort_days:g}"),
    ("currency", lambda r: r.currency),
    ("one_off_cost", _money(lambda s: s.cost)),
    ("yearly_cost", _money(lambda s: s.recurring_yearly)),
    ("yearly_loss_avoided", _money(lambda s: s.annual_loss_avoided)),
    ("owner", lambda r: r.entry.decision.owner),
    ("status", lambda r: STATUS_WORDS.get(r.entry.decision.status, r.entry.decision.status)),
    ("due", lambda r: r.entry.decision.due.isoformat() if r.entry.decision.due else ""),
)
COLUMNS: tuple[str, ...] = tuple(name for name, _ in COLUMNS_SPEC)


def render_csv(report: Report) -> str:
    """The register as CSV text, starting with the byte order mark."""
    steps = {step.id: step for step in report.plan}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in report.risk_register:
        row = Row(entry, steps.get(entry.id), report.costs.currency)
        writer.writerow([spreadsheet_cell(pick(row)) for _, pick in COLUMNS_SPEC])
    return BOM + out.getvalue()
