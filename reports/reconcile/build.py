"""Reconcile a whole audit: classify and score every item, build the map and the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import Questionnaire, Role
from stagegap.questionnaires.response import Costs, Decision, ProbeFinding, Response
from stagegap.reports.reconcile.classes import Divergence, classify
from stagegap.reports.reconcile.model import Cell, DimensionResult, ItemResult, Reconciliation
from stagegap.reports.reconcile.plan import build_plan, suggest
from stagegap.reports.reconcile.scoring import score_item


def reconcile(
    questionnaire: Questionnaire,
    responses: Mapping[Role, Response | None],
    *,
    decisions: Mapping[str, Decision] | None = None,
    findings: Sequence[ProbeFinding] = (),
    costs: Costs | None = None,
    today: dt.date | None = None,
) -> Reconciliation:
    """Missing respondents are fine: their items read 'not answered', never an error."""
    today = today or dt.date.today()
    decisions = decisions or {}
    costs = costs or Costs()
    dimensions = []
    for dimension in questionnaire.dimensions:
        results = []
        for item in dimension.items:
            item_id = f"{dimension.id}.{item.id}"
            answers: dict[Role, Answer | None] = {}
            originals: dict[Role, Answer | None] = {}
            for role in Role:
                response = responses.get(role)
                answers[role] = response.current(item_id) if response else None
                if response and item_id in response.amendments:
                    originals[role] = response.original(item_id)
            if not item.observable:
                answers[Role.PROBE] = None
            classification = classify(item, answers)
            decision = decisions.get(item_id)
            results.append(
                ItemResult(
                    dimension=dimension,
                    item=item,
                    answers=answers,
                    originals=originals,
                    classification=classification,
                    score=score_item(dimension, item, answers, classification, today),
                    decision=decision,
                    suggestion=suggest(item, decision),
                    suppressed=bool(decision and decision.suppresses(today)),
                    findings=[f for f in findings if f.item == item_id],
                )
            )
        dimensions.append(DimensionResult(dimension, results, _cells(results)))
    reconciliation = Reconciliation(
        questionnaire=questionnaire,
        today=today,
        dimensions=dimensions,
        plan=[],
        costs=costs,
        respondents_present={role: bool((r := responses.get(role)) and r.answers) for role in Role},
    )
    plan = build_plan(reconciliation.register, costs)
    return Reconciliation(**{**reconciliation.__dict__, "plan": plan})


def _cells(results: list[ItemResult]) -> dict[Role, Cell]:
    cells = {}
    for role in Role:
        implicated = [
            r
            for r in results
            if r.flagged and r.divergence.implicates(role, r.classification.dont_know)
        ]
        worst = (
            max(implicated, key=lambda r: r.score.value).divergence
            if implicated
            else Divergence.ALIGNED
        )
        answered = sum(1 for r in results if r.answers.get(role) is not None)
        if answered == 0:
            worst = Divergence.NOT_ANSWERED
        cells[role] = Cell(
            role=role,
            worst=worst,
            answered=answered,
            dont_know=sum(1 for r in results if (a := r.answers.get(role)) and a.dont_know),
            implicated=len(implicated),
            total=len(results),
        )
    return cells
