"""The intervention plan: decisions ordered by risk reduced per day of effort.

Money comes only from the workshop's parameters (Costs): the yearly cost of gap-caused
incidents is spread over the register in proportion to each item's score, so the plan's
figures add up to the parameter the workshop set, and a CFO can trace every number to it.
"""

from __future__ import annotations

from stagegap.questionnaires.model import Item, Remedy
from stagegap.questionnaires.response import Costs, Decision, DecisionKind
from stagegap.reports.reconcile.model import ItemResult, PlanStep, Suggestion

_KIND_TO_FIELD = {
    DecisionKind.ELIMINATE: "eliminate",
    DecisionKind.ACCEPT: "accept",
    DecisionKind.TEST_ELSEWHERE: "test_elsewhere",
}
_DEFAULT_REDUCTION = {
    DecisionKind.ELIMINATE: 0.9,
    DecisionKind.ACCEPT: 0.4,
    DecisionKind.TEST_ELSEWHERE: 0.6,
    DecisionKind.INTENTIONAL: 0.0,
}


def remedy_for(item: Item, kind: DecisionKind) -> Remedy | None:
    field = _KIND_TO_FIELD.get(kind)
    return getattr(item.remedies, field) if field else None


def suggest(item: Item, decision: Decision | None) -> Suggestion:
    """The workshop's decision when recorded; else the remedy with most risk per effort-day."""
    if decision is not None:
        remedy = remedy_for(item, decision.kind)
        effort = decision.effort_days
        if effort is None:
            effort = remedy.effort_days if remedy else 1.0
        reduction = remedy.risk_reduction if remedy else _DEFAULT_REDUCTION[decision.kind]
        return Suggestion(decision.kind, remedy, True, effort, reduction)
    options = [
        (kind, remedy)
        for kind in (DecisionKind.ELIMINATE, DecisionKind.TEST_ELSEWHERE, DecisionKind.ACCEPT)
        if (remedy := remedy_for(item, kind)) is not None
    ]
    if not options:
        return Suggestion(DecisionKind.ELIMINATE, None, False, 1.0, 0.9)
    kind, remedy = max(options, key=lambda o: o[1].risk_reduction / max(o[1].effort_days, 0.5))
    return Suggestion(kind, remedy, False, remedy.effort_days, remedy.risk_reduction)


def build_plan(register: list[ItemResult], costs: Costs) -> list[PlanStep]:
    yearly = costs.yearly_gap_cost
    total_score = sum(r.score.value for r in register) or 1.0
    steps = []
    for result in register:
        suggestion = result.suggestion
        if suggestion.kind is DecisionKind.INTENTIONAL:
            continue
        annual_loss = yearly * result.score.value / total_score
        remedy = suggestion.remedy
        action = remedy.action if remedy else suggestion.kind.label
        steps.append(
            PlanStep(
                rank=0,
                result=result,
                kind=suggestion.kind,
                action=action,
                effort_days=suggestion.effort_days,
                cost=suggestion.effort_days * costs.day_rate,
                risk_reduced=round(result.score.value * suggestion.risk_reduction, 2),
                annual_loss=annual_loss,
                annual_loss_avoided=annual_loss * suggestion.risk_reduction,
            )
        )
    steps.sort(key=lambda s: (-s.per_day, s.result.id))
    return [PlanStep(**{**step.__dict__, "rank": rank}) for rank, step in enumerate(steps, start=1)]
