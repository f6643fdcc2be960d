"""The intervention plan: decisions in phases (now, this quarter, later), with dependencies.

Within a phase, steps are ordered by risk reduced per day of effort; a step never comes before
a step it depends on (split the account before moving the database). Money comes only from the
workshop's parameters (Costs) and the stated assumptions of assumptions.py: the yearly cost of
gap-caused incidents is spread over the register in proportion to each item's score, in whole
currency units whose sum is exactly the parameter, so every total equals the sum of its rows.
"""

from __future__ import annotations

from stagegap.questionnaires.model import Item, Remedy
from stagegap.questionnaires.response import Costs, Decision, DecisionKind
from stagegap.reports.reconcile.assumptions import (
    DEFAULT_REDUCTION,
    DEPENDENCIES,
    Phase,
    phase_for,
    upkeep_days,
)
from stagegap.reports.reconcile.model import ItemResult, PlanStep, Suggestion
from stagegap.reports.reconcile.rules import NEVER_ACCEPT_ITEMS
from stagegap.reports.reconcile.scoring import Severity

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}

_KIND_TO_FIELD = {
    DecisionKind.ELIMINATE: "eliminate",
    DecisionKind.ACCEPT: "accept",
    DecisionKind.TEST_ELSEWHERE: "test_elsewhere",
}


def remedy_for(item: Item, kind: DecisionKind) -> Remedy | None:
    field = _KIND_TO_FIELD.get(kind)
    return getattr(item.remedies, field) if field else None


def suggest(item_id: str, item: Item, decision: Decision | None) -> Suggestion:
    """The workshop's decision when recorded; else the remedy with most risk per effort-day.

    Accepting is never suggested where a rule in rules.NEVER_ACCEPT says the state exposes
    production itself.
    """
    if decision is not None:
        remedy = remedy_for(item, decision.kind)
        effort = decision.effort_days
        if effort is None:
            effort = remedy.effort_days if remedy else 1.0
        reduction = remedy.risk_reduction if remedy else DEFAULT_REDUCTION[decision.kind]
        return Suggestion(decision.kind, remedy, True, effort, reduction)
    kinds = [DecisionKind.ELIMINATE, DecisionKind.TEST_ELSEWHERE]
    if item_id not in NEVER_ACCEPT_ITEMS:
        kinds.append(DecisionKind.ACCEPT)
    options = [(kind, remedy) for kind in kinds if (remedy := remedy_for(item, kind)) is not None]
    if not options:
        return Suggestion(
            DecisionKind.ELIMINATE, None, False, 1.0, DEFAULT_REDUCTION[DecisionKind.ELIMINATE]
        )
    kind, remedy = max(options, key=lambda o: o[1].risk_reduction / max(o[1].effort_days, 0.5))
    return Suggestion(kind, remedy, False, remedy.effort_days, remedy.risk_reduction)


def apportion(total: int, weights: list[float]) -> list[int]:
    """Whole units in proportion to `weights` that sum to exactly `total` (largest remainder)."""
    if not weights:
        return []
    scale = sum(weights) or 1.0
    exact = [total * w / scale for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def build_plan(register: list[ItemResult], costs: Costs) -> list[PlanStep]:
    yearly = round(costs.yearly_gap_cost)
    losses = apportion(yearly, [r.score.value for r in register])
    steps = []
    for result, annual_loss in zip(register, losses, strict=True):
        suggestion = result.suggestion
        if suggestion.kind is DecisionKind.INTENTIONAL:
            continue
        remedy = suggestion.remedy
        upkeep = upkeep_days(result.id, suggestion.kind, suggestion.effort_days)
        steps.append(
            PlanStep(
                rank=0,
                result=result,
                kind=suggestion.kind,
                action=remedy.action if remedy else suggestion.kind.label,
                effort_days=suggestion.effort_days,
                cost=round(suggestion.effort_days * costs.day_rate),
                upkeep_days=upkeep,
                recurring_yearly=round(upkeep * costs.day_rate),
                risk_reduced=round(result.score.value * suggestion.risk_reduction, 2),
                annual_loss=annual_loss,
                annual_loss_avoided=round(annual_loss * suggestion.risk_reduction),
                phase=phase_for(result.score.severity, suggestion.effort_days),
            )
        )
    return _sequence(steps)


def _sequence(steps: list[PlanStep]) -> list[PlanStep]:
    """Phases first, worst severity first within a phase, then risk removed per day;
    dependencies pull a step into its dependant's phase and before it."""
    by_id = {s.result.id: s for s in steps}
    needs: dict[str, list[str]] = {s.result.id: [] for s in steps}
    for dep in DEPENDENCIES:
        if dep.step in by_id and dep.requires in by_id:
            needs[dep.step].append(dep.requires)
    phase = {s.result.id: s.phase for s in steps}
    changed = True
    while changed:  # a requirement is done no later than the earliest step needing it
        changed = False
        for step_id, required in needs.items():
            for req in required:
                if phase[req].order > phase[step_id].order:
                    phase[req] = phase[step_id]
                    changed = True
    ranked = sorted(
        steps,
        key=lambda s: (
            phase[s.result.id].order,
            SEVERITY_RANK[s.result.score.severity],
            -s.per_day,
            s.result.id,
        ),
    )
    ordered: list[PlanStep] = []
    placed: set[str] = set()

    def place(step: PlanStep, trail: frozenset[str]) -> None:
        sid = step.result.id
        if sid in placed or sid in trail:
            return
        for req in needs[sid]:
            place(by_id[req], trail | {sid})
        placed.add(sid)
        ordered.append(step)

    for step in ranked:
        place(step, frozenset())
    return [
        PlanStep(
            **{
                **step.__dict__,
                "rank": rank,
                "phase": phase[step.result.id],
                "depends_on": tuple(needs[step.result.id]),
            }
        )
        for rank, step in enumerate(ordered, start=1)
    ]


__all__ = ["Phase", "apportion", "build_plan", "remedy_for", "suggest"]
