"""Reconciliation: every class reachable, scores explainable, safer never riskier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stagegap.questionnaires.answers import Answer, Confidence
from stagegap.questionnaires.loader import bundled
from stagegap.questionnaires.model import (
    CHOICE_TYPES,
    ENVIRONMENTS,
    AnswerType,
    Dimension,
    Item,
    Role,
)
from stagegap.questionnaires.response import Decision, DecisionKind, Response
from stagegap.reports.reconcile import Divergence, reconcile
from stagegap.reports.reconcile.classes import classify
from stagegap.reports.reconcile.plan import SEVERITY_RANK
from stagegap.reports.reconcile.risk import answer_risk
from stagegap.reports.reconcile.scoring import score_item

TODAY = dt.date(2026, 11, 26)
Q = bundled()
ITEMS: list[tuple[Dimension, Item]] = Q.items()
OBSERVABLE = [(d, i) for d, i in ITEMS if i.observable]


def three(c: Answer | None, e: Answer | None, p: Answer | None) -> dict[Role, Answer | None]:
    return {Role.CTO: c, Role.ENGINEER: e, Role.PROBE: p}


def v(value: object, confidence: str | None = None) -> Answer:
    return Answer(value=value, confidence=confidence)  # type: ignore[arg-type]


def scalar_values(item: Item) -> list[object]:
    """A spread of valid values for an item, used to search the answer space."""
    kind = item.type
    if kind in (AnswerType.SINGLE, AnswerType.ORDINAL):
        return [o.id for o in item.options]
    if kind is AnswerType.MULTI:
        plain = [o.id for o in item.options if not o.exclusive]
        exclusive = [[o.id] for o in item.options if o.exclusive]
        return [*exclusive, [plain[0]], plain[:2], plain[:4], plain]
    if kind is AnswerType.YES_NO:
        return [True, False]
    if kind is AnswerType.NUMBER:
        return [0.0, 1.0, 5.0, 30.0, 100.0, 400.0]
    if kind is AnswerType.NAMES:
        return [[], ["A"], ["A", "B", "C"], [f"V{n}" for n in range(12)]]
    if kind is AnswerType.DATE:
        return [TODAY, TODAY - dt.timedelta(days=100), TODAY - dt.timedelta(days=900)]
    return ["yes", "no"]


def values(item: Item) -> Iterator[Answer]:
    scalars = scalar_values(item)
    if item.per_environment:
        for s in scalars:
            for p in scalars:
                yield v({"staging": s, "production": p})
    else:
        for s in scalars:
            yield v(s)


def answer_for(item: Item, data: st.DataObject, *, human: bool = True) -> Answer:
    """Hypothesis: any valid answer; humans may also not know or say it does not apply.

    The probe never answers "I don't know": it leaves out what it cannot see.
    """
    pool = list(values(item))
    kinds = ["value", "value", "value", "dont_know", "n/a"] if human else ["value"]
    kind = data.draw(st.sampled_from(kinds))
    confidence = data.draw(st.sampled_from([None, "low", "medium", "high"]))
    if kind == "dont_know":
        return Answer(dont_know=True)
    if kind == "n/a":
        return Answer(not_applicable="not in our stack")
    chosen = data.draw(st.sampled_from(pool))
    return chosen.model_copy(update={"confidence": confidence})


# ---------------------------------------------------------------------------- classes


def test_every_class_is_reachable() -> None:
    dim, item = Q.find("traffic.request-ratio")  # type: ignore[misc]
    probe_dim, probe_item = Q.find("traffic.load-testing")  # type: ignore[misc]
    a, b, c = v("never"), v("ad-hoc"), v("continuously")
    cases = {
        Divergence.ALIGNED: (probe_item, three(a, a, a)),
        Divergence.SHARED_BLIND_SPOT: (probe_item, three(a, a, b)),
        Divergence.LEADERSHIP_BLIND_SPOT: (probe_item, three(a, b, b)),
        Divergence.TEAM_BLIND_SPOT: (probe_item, three(b, a, b)),
        Divergence.THREE_WAY_SPLIT: (probe_item, three(a, b, c)),
        Divergence.UNKNOWN: (probe_item, three(Answer(dont_know=True), a, a)),
        Divergence.NOT_ANSWERED: (probe_item, three(None, a, a)),
        Divergence.UNVERIFIED_AGREEMENT: (item, three(v("1-to-10"), v("1-to-10"), None)),
        Divergence.UNVERIFIED_DISAGREEMENT: (item, three(v("1-to-10"), v("about-equal"), None)),
    }
    for expected, (subject, answers) in cases.items():
        assert classify(subject, answers).divergence is expected, expected


def test_unknown_says_who_does_not_know() -> None:
    _, item = Q.find("traffic.load-testing")  # type: ignore[misc]
    dk = Answer(dont_know=True)
    result = classify(item, three(dk, dk, v("never")))
    assert result.dont_know == {Role.CTO, Role.ENGINEER}


def test_tolerances_set_overlap_and_numeric_ratio() -> None:
    _, layers = Q.find("infrastructure.shared-layers")  # type: ignore[misc]
    mostly = classify(
        layers,
        three(
            v(["none"]),
            v(["ci-runners", "container-registry", "network"]),
            v(["ci-runners", "container-registry", "network", "build-cache"]),
        ),
    )
    assert mostly.divergence is Divergence.LEADERSHIP_BLIND_SPOT
    _, replicas = Q.find("traffic.replicas")  # type: ignore[misc]
    near = v({"staging": 2, "production": 9})
    far = v({"staging": 2, "production": 3})
    assert (
        classify(replicas, three(near, v({"staging": 2, "production": 10}), near)).divergence
        is Divergence.ALIGNED
    )
    assert classify(replicas, three(far, far, near)).divergence is Divergence.SHARED_BLIND_SPOT


def test_a_probe_that_cannot_observe_leaves_the_item_unverified() -> None:
    c = {Role.CTO: Response(role=Role.CTO, answers={"traffic.request-ratio": v("1-to-10")})}
    c[Role.ENGINEER] = Response(role=Role.ENGINEER, answers={"traffic.request-ratio": v("1-to-10")})
    # Even if a probe response carried an answer for it, a non-observable item ignores it.
    c[Role.PROBE] = Response(role=Role.PROBE, answers={"traffic.request-ratio": v("about-equal")})
    result = reconcile(Q, c, today=TODAY).result("traffic.request-ratio")
    assert result is not None and result.divergence is Divergence.UNVERIFIED_AGREEMENT


def test_missing_respondents_reconcile_without_error() -> None:
    only_probe = {
        Role.PROBE: Response(role=Role.PROBE, answers={"traffic.load-testing": v("never")})
    }
    result = reconcile(Q, only_probe, today=TODAY)
    assert {r.divergence for r in result.items} == {Divergence.NOT_ANSWERED}
    assert result.respondents_present == {Role.CTO: False, Role.ENGINEER: False, Role.PROBE: True}
    assert reconcile(Q, {}, today=TODAY).register  # unanswered items are still risks


# ---------------------------------------------------------------------------- scoring


@pytest.mark.parametrize(("dim", "item"), OBSERVABLE, ids=[i.id for _, i in OBSERVABLE])
def test_high_severity_is_reachable_where_the_answers_allow_it(dim: Dimension, item: Item) -> None:
    best = 0.0
    for probe in values(item):
        for human in values(item):
            humans = human.model_copy(update={"confidence": Confidence.HIGH})
            answers = three(humans, humans, probe)
            cls = classify(item, answers)
            best = max(best, score_item(dim, item, answers, cls, TODAY).value)
    worst_possible = 1.0 + 4.0 * item.worst_risk
    if worst_possible * min(5.0, item.impact * dim.weight) >= 9.0:
        assert best >= 9.0, f"{item.id}: best score {best}"


@pytest.mark.parametrize(("dim", "item"), ITEMS, ids=[i.id for _, i in ITEMS])
def test_dont_know_is_never_scored_as_safe(dim: Dimension, item: Item) -> None:
    safest = min(answer_risk(item, a, TODAY) for a in values(item))
    unknown = answer_risk(item, Answer(dont_know=True), TODAY)
    assert unknown > 0.0 and unknown >= safest
    not_applicable = answer_risk(item, Answer(not_applicable="no such thing"), TODAY)
    assert not_applicable == unknown


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([i for i in Q.item_ids()]), st.data())
def test_a_safer_state_never_raises_the_score(item_id: str, data: st.DataObject) -> None:
    dim, item = Q.find(item_id)  # type: ignore[misc]
    cto, engineer = answer_for(item, data), answer_for(item, data)
    probe = answer_for(item, data, human=False) if item.observable else None
    swap = data.draw(st.sampled_from([Role.CTO, Role.ENGINEER, Role.PROBE]))
    before = three(cto, engineer, probe)
    if before[swap] is None:
        return
    replacement = answer_for(item, data, human=swap is not Role.PROBE)
    if answer_risk(item, replacement, TODAY) > answer_risk(item, before[swap], TODAY):  # type: ignore[arg-type]
        return
    after = {**before, swap: replacement}
    cls_before, cls_after = classify(item, before), classify(item, after)
    s_before = score_item(dim, item, before, cls_before, TODAY)
    s_after = score_item(dim, item, after, cls_after, TODAY)
    assert s_after.state_risk <= s_before.state_risk + 1e-9
    if cls_before.divergence is cls_after.divergence and s_after.confidence == s_before.confidence:
        assert s_after.value <= s_before.value + 1e-9


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([f"{d.id}.{i.id}" for d, i in OBSERVABLE]), st.data())
def test_a_confident_contradiction_ranks_above_an_unsure_one(
    item_id: str, data: st.DataObject
) -> None:
    dim, item = Q.find(item_id)  # type: ignore[misc]
    belief, truth = answer_for(item, data), answer_for(item, data, human=False)
    unsure = three(
        belief.model_copy(update={"confidence": "low"}),
        belief.model_copy(update={"confidence": "low"}),
        truth,
    )
    sure = three(
        belief.model_copy(update={"confidence": "high"}),
        belief.model_copy(update={"confidence": "high"}),
        truth,
    )
    cls = classify(item, sure)
    assert (
        score_item(dim, item, sure, cls, TODAY).value
        >= score_item(dim, item, unsure, classify(item, unsure), TODAY).value
    )
    if (
        cls.divergence is Divergence.SHARED_BLIND_SPOT
        and score_item(dim, item, sure, cls, TODAY).state_risk > 0
    ):
        assert (
            score_item(dim, item, sure, cls, TODAY).value
            > score_item(dim, item, unsure, cls, TODAY).value
        )


def test_derivation_explains_the_number() -> None:
    dim, item = Q.find("traffic.load-testing")  # type: ignore[misc]
    answers = three(v("continuously", "high"), v("continuously"), v("never"))
    score = score_item(dim, item, answers, classify(item, answers), TODAY)
    lines = score.derivation()
    assert any("shared blind spot" in line for line in lines)
    assert any("CTO was contradicted with high confidence" in line for line in lines)
    assert lines[-1].startswith(f"Score = {score.likelihood:.1f} x {score.impact:.1f}")
    assert score.severity in lines[-1]


# ---------------------------------------------------------------- register and plan


def audit(decisions: dict[str, Decision] | None = None):  # type: ignore[no-untyped-def]
    cto = {i: v("continuously", "high") for i in ["traffic.load-testing"]}
    eng = {i: v("ad-hoc") for i in ["traffic.load-testing"]}
    probe = {"traffic.load-testing": v("never")}
    responses = {
        Role.CTO: Response(role=Role.CTO, answers=cto),
        Role.ENGINEER: Response(role=Role.ENGINEER, answers=eng),
        Role.PROBE: Response(role=Role.PROBE, answers=probe),
    }
    return reconcile(Q, responses, decisions=decisions, today=TODAY)


def test_register_is_worst_first_and_plan_ranks_by_risk_per_day() -> None:
    """The plan runs in phases, worst severity first; within that, by risk per day."""
    result = audit()
    scores = [r.score.value for r in result.register]
    assert scores == sorted(scores, reverse=True)
    keys = [(s.phase.order, SEVERITY_RANK[s.result.score.severity]) for s in result.plan]
    assert keys == sorted(keys)
    for key in set(keys):
        group = [s for s, k in zip(result.plan, keys, strict=True) if k == key]
        if not any(s.depends_on for s in group):
            per_day = [s.per_day for s in group]
            assert per_day == sorted(per_day, reverse=True)
    assert [s.rank for s in result.plan] == list(range(1, len(result.plan) + 1))


def test_plan_money_adds_up_to_the_workshop_parameters() -> None:
    result = audit()
    costs = result.costs
    yearly = costs.incidents_per_year * costs.hours_per_incident * costs.incident_hour_cost
    assert sum(s.annual_loss for s in result.plan) == round(yearly), "whole units, exactly"
    for step in result.plan:
        assert step.cost == round(step.effort_days * costs.day_rate)


def test_an_intentional_difference_is_not_flagged_until_it_expires() -> None:
    item = "traffic.load-testing"
    later = Decision(
        kind=DecisionKind.INTENTIONAL,
        reason="budget",
        owner="CFO",
        expires=TODAY + dt.timedelta(days=30),
    )
    expired = later.model_copy(update={"expires": TODAY - dt.timedelta(days=1)})
    assert item not in [r.id for r in audit({item: later}).register]
    assert item in [r.id for r in audit({item: later}).suppressed]
    assert item in [r.id for r in audit({item: expired}).register]


def test_a_recorded_decision_replaces_the_suggestion() -> None:
    item = "traffic.load-testing"
    decision = Decision(kind=DecisionKind.ACCEPT, owner="Sam", effort_days=2)
    result = audit({item: decision}).result(item)
    assert result is not None and result.suggestion.recorded
    assert result.suggestion.kind is DecisionKind.ACCEPT and result.suggestion.effort_days == 2


def test_amended_answers_count_and_originals_are_kept() -> None:
    from stagegap.questionnaires.response import Amendment

    original = v("continuously")
    amended = v("never")
    cto = Response(
        role=Role.CTO,
        answers={"traffic.load-testing": original},
        amendments={
            "traffic.load-testing": [Amendment(answer=amended, at=dt.datetime(2026, 11, 1))]
        },
    )
    result = reconcile(Q, {Role.CTO: cto}, today=TODAY).result("traffic.load-testing")
    assert result is not None
    assert result.answers[Role.CTO] == amended and result.originals[Role.CTO] == original


def test_per_environment_gap_counts_as_risk() -> None:
    _, item = Q.find("observability.error-sampling")  # type: ignore[misc]
    same = v({env: 100 for env in ENVIRONMENTS})
    gap = v({"staging": 100, "production": 1})
    assert answer_risk(item, gap, TODAY) >= item.gap_risk
    assert answer_risk(item, gap, TODAY) > answer_risk(item, same, TODAY)


def test_choice_items_cover_their_options() -> None:
    for _, item in ITEMS:
        if item.type in CHOICE_TYPES:
            assert len(list(values(item))) >= 2


def test_unanswered_and_unknown_are_not_disagreement() -> None:
    cto = Response(role=Role.CTO, answers={"traffic.load-testing": Answer(dont_know=True)})
    result = reconcile(Q, {Role.CTO: cto}, today=TODAY)
    assert result.register  # still risks to look at
    assert result.diverging_dimensions == []
    eng = Response(role=Role.ENGINEER, answers={"traffic.load-testing": v("never")})
    cto = Response(role=Role.CTO, answers={"traffic.load-testing": v("continuously")})
    split = reconcile(Q, {Role.CTO: cto, Role.ENGINEER: eng}, today=TODAY)
    assert [d.dimension.id for d in split.diverging_dimensions] == ["traffic"]
