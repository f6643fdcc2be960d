"""Everything one report or view needs, read once from a workspace and reconciled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import Manifest, ProbeRecord, Response
from stagegap.questionnaires.workspace import Workspace
from stagegap.reports.reconcile import Reconciliation, reconcile


@dataclass(frozen=True)
class Audit:
    manifest: Manifest
    responses: dict[Role, Response]
    probe: ProbeRecord | None
    reconciliation: Reconciliation


def load_audit(workspace: Workspace, today: dt.date | None = None) -> Audit:
    responses = workspace.responses()
    record = workspace.probe_record()
    reconciliation = reconcile(
        workspace.questionnaire,
        responses,
        decisions=workspace.decisions().decisions,
        findings=record.findings if record else (),
        costs=workspace.manifest.costs,
        today=today,
    )
    return Audit(workspace.manifest, responses, record, reconciliation)
