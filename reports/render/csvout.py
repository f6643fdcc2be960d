"""The risk register as CSV, for import into an issue tracker (one row per flagged question)."""

from __future__ import annotations

import csv
import io

from stagegap.reports.model import AnswerView, Report

COLUMNS = (
    "rank",
    "id",
    "dimension",
    "item",
    "class",
    "severity",
    "score",
    "likelihood",
    "impact",
    "cto",
    "engineer",
    "probe",
    "evidence",
    "decision",
    "action",
    "effort_days",
    "owner",
    "status",
    "due",
)


def _answer(a: AnswerView) -> str:
    text = "I don't know" if a.status == "dont_know" else a.text
    if a.confidence:
        text += f" ({a.confidence} confidence)"
    return text


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in report.risk_register:
        answers = {a.role: a for a in e.answers}
        evidence = "; ".join(
            ev.location + (f" {ev.excerpt}" if ev.excerpt else "") for ev in e.evidence
        )
        writer.writerow(
            [
                e.rank,
                e.id,
                e.dimension_title,
                e.prompt,
                e.class_label,
                e.score.severity,
                f"{e.score.value:.1f}",
                f"{e.score.likelihood:.1f}",
                f"{e.score.impact:.1f}",
                _answer(answers["cto"]),
                _answer(answers["engineer"]),
                _answer(answers["probe"]),
                evidence,
                e.decision.label,
                e.decision.action,
                f"{e.decision.effort_days:g}",
                e.decision.owner,
                e.decision.status,
                e.decision.due.isoformat() if e.decision.due else "",
            ]
        )
    return out.getvalue()
