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
from stagegap.reports.reconcile.rules import compound_rule
from stagegap.reports.reconcile.scoring import safer_than_believed, score_item, state_risk


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
    answers_of = {
        f"{d.id}.{i.id}": _answers(f"{d.id}.{i.id}", i.observable, responses)
        for d in questionnaire.dimensions
        for i in d.items
    }
    state_risks = {
        f"{d.id}.{i.id}": state_risk(i, answers_of[f"{d.id}.{i.id}"], today)[0]
        for d in questionnaire.dimensions
        for i in d.items
    }
    dimensions = []
    for dimension in questionnaire.dimensions:
        results = []
        for item in dimension.items:
            item_id = f"{dimension.id}.{item.id}"
            answers = answers_of[item_id]
            originals: dict[Role, Answer | None] = {}
            for role in Role:
                response = responses.get(role)
                if response and item_id in response.amendments:
                    originals[role] = response.original(item_id)
            classification = classify(item, answers)
            decision = decisions.get(item_id)
            probe = answers.get(Role.PROBE)
            state = str(probe.value) if probe is not None and probe.value is not None else None
            score = score_item(
                dimension,
                item,
                answers,
                classification,
                today,
                compound_rule(item_id, state, state_risks),
            )
            results.append(
                ItemResult(
                    dimension=dimension,
                    item=item,
                    answers=answers,
                    originals=originals,
                    classification=classification,
                    score=score,
                    decision=decision,
                    suggestion=suggest(item_id, item, decision),
                    suppressed=bool(decision and decision.suppresses(today)),
                    belief_correction=safer_than_believed(
                        item, answers, classification, score, today
                    ),
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


def _answers(
    item_id: str, observable: bool, responses: Mapping[Role, Response | None]
) -> dict[Role, Answer | None]:
    answers: dict[Role, Answer | None] = {}
    for role in Role:
        response = responses.get(role)
        answers[role] = response.current(item_id) if response else None
    if not observable:
        answers[Role.PROBE] = None
    return answers


def _cells(results: list[ItemResult]) -> dict[Role, Cell]:
    cells = {}
    for role in Role:
        implicated = [
            r
            for r in results
            if (r.flagged or r.belief_correction)
            and r.divergence.implicates(role, r.classification.dont_know)
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
