"""What changed since an earlier audit (`stagegap report DIR --since OLD_DIR`)."""

from __future__ import annotations

from stagegap.questionnaires.model import HUMAN_ROLES, Role
from stagegap.reports.findings import title
from stagegap.reports.model import Trend
from stagegap.reports.narrative import join
from stagegap.reports.reconcile import ItemResult, Reconciliation
from stagegap.reports.render import fmt
from stagegap.reports.statements import subject

# -------------------------------------------------------------------------------------- trend

DUE_SOON_DAYS = 30


def trend(rec: Reconciliation, previous: Reconciliation) -> Trend:
    """Gaps closed and new, beliefs that moved toward the configuration, decisions due."""
    before = {r.id: r for r in previous.register}
    now = {r.id: r for r in rec.register}
    moved = []
    for result in rec.items:
        old = previous.result(result.id)
        if old is None:
            continue
        people = _implicated(old) - _implicated(result)
        if people:
            who = join([r.label for r in HUMAN_ROLES if r in people])
            moved.append(f"{subject(result.id, result.dimension.title)} ({who})")
    overdue, due_soon = [], []
    for result in rec.register:
        decision = result.decision
        if decision is None or decision.due is None or decision.status.value == "done":
            continue
        line = f"{subject(result.id, result.dimension.title)}: due {fmt.date(decision.due)}"
        if decision.owner:
            line += f", {decision.owner}"
        if decision.due < rec.today:
            overdue.append(line)
        elif (decision.due - rec.today).days <= DUE_SOON_DAYS:
            due_soon.append(line)
    return Trend(
        previous_date=previous.today,
        previous_risks=len(before),
        current_risks=len(now),
        closed=[title(r) for rid, r in before.items() if rid not in now],
        new=[title(r) for rid, r in now.items() if rid not in before],
        moved=moved,
        overdue=overdue,
        due_soon=due_soon,
    )


def _implicated(result: ItemResult) -> set[Role]:
    """People whose picture differed from the others' (or who did not know)."""
    dont_know = result.classification.dont_know
    return {r for r in HUMAN_ROLES if result.divergence.implicates(r, dont_know)}
