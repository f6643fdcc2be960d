"""The report's money in words: parameters with their source, low/base/high scenarios, the
risk-reduction and upkeep assumptions, and the recommendation (what to approve now, the ask).

Every amount is a whole currency unit decided in reconcile/plan.py; this module only selects,
sums and says them, so a total is always the sum of the rows shown beside it.
"""

from __future__ import annotations

import datetime as dt

from stagegap.questionnaires.response import Costs
from stagegap.reports.model import (
    Action,
    CostBasis,
    Parameter,
    PlanEntry,
    Recommendation,
    ReductionRow,
    Respondent,
    Scenario,
)
from stagegap.reports.reconcile.assumptions import (
    LARGE_STEP_DAYS,
    REDUCTION_BASIS,
    UPKEEP_OVERRIDES,
    UPKEEP_SHARE,
)
from stagegap.reports.reconcile.scoring import Severity
from stagegap.reports.render import fmt
from stagegap.reports.statements import subject

RECOMMENDED_MIN, RECOMMENDED_MAX = 3, 5
PROPOSED_DUE_DAYS = 30
NEXT_DECISION_DAYS = 90
SCENARIO_FACTORS: tuple[tuple[str, float], ...] = (
    ("Incidents cost half as much", 0.5),
    ("The workshop's figures", 1.0),
    ("Incidents cost twice as much", 2.0),
)


# -------------------------------------------------------------------------------------- money

_DEFAULT_SOURCE = "stagegap's planning default (no workshop figure given); replace it with yours"
_PARAMETER_NAMES: tuple[tuple[str, str], ...] = (
    ("day_rate", "Cost of one person-day"),
    ("incident_hour_cost", "Cost of one hour of production incident"),
    ("incidents_per_year", "Gap-caused incidents a year"),
    ("hours_per_incident", "Hours per incident"),
)


def parameters(costs: Costs) -> list[Parameter]:
    given = costs.model_fields_set
    out = []
    for field, name in _PARAMETER_NAMES:
        value = float(getattr(costs, field))
        shown = (
            fmt.money(value, costs.currency)
            if field in ("day_rate", "incident_hour_cost")
            else fmt.number(value, 0 if value.is_integer() else 1)
        )
        source = "The workshop's own figure" if field in given else _DEFAULT_SOURCE
        out.append(Parameter(name=name, value=shown, source=source))
    return out


def scenarios(plan: list[PlanEntry]) -> list[Scenario]:
    """Low, base and high: the same plan if incidents cost half or twice as much.

    The plan's order does not move (it ranks by score per day, not money); what moves is how
    much it avoids and how soon the actions to approve now pay back.
    """
    now = recommended(plan)
    out = []
    for label, factor in SCENARIO_FACTORS:
        now_avoided = sum(round(p.annual_loss_avoided * factor) for p in now)
        net = now_avoided - sum(p.recurring_yearly for p in now)
        cost = sum(p.cost for p in now)
        out.append(
            Scenario(
                label=label,
                factor=factor,
                now_avoided=now_avoided,
                plan_avoided=sum(round(p.annual_loss_avoided * factor) for p in plan),
                now_payback_months=round(cost / (net / 12.0), 1) if net > 0 else None,
            )
        )
    return out


def reductions() -> list[ReductionRow]:
    return [ReductionRow(decision=b.kind.label, range=b.range, why=b.why) for b in REDUCTION_BASIS]


def upkeep_notes() -> list[str]:
    shares = ", ".join(
        f"{kind.label.lower()} {share:.0%}" for kind, share in UPKEEP_SHARE.items() if share
    )
    notes = [
        f"Yearly upkeep is estimated as a share of the one-off effort, every year after: {shares}."
    ]
    notes += [
        f"{subject(o.item, '')}: {fmt.days(o.days_per_year)} a year, {o.what}."
        for o in UPKEEP_OVERRIDES
    ]
    return notes


# ----------------------------------------------------------------------------- recommendation


def recommended(plan: list[PlanEntry]) -> list[PlanEntry]:
    """The steps to approve now: the first of the "now" phase, none of them a project."""
    small = [p for p in plan if p.decision.effort_days <= LARGE_STEP_DAYS]
    chosen = [p for p in small if p.phase == "now"][:RECOMMENDED_MAX]
    if len(chosen) < RECOMMENDED_MIN:
        chosen += [p for p in small if p not in chosen][: RECOMMENDED_MIN - len(chosen)]
    return chosen


def recommendation(
    plan: list[PlanEntry],
    costs: CostBasis,
    today: dt.date,
    respondents: list[Respondent],
) -> Recommendation:
    """The actions to approve now: the first steps of the plan a few days of work each can do.

    A larger step (over LARGE_STEP_DAYS) is a project: the ask names it as the next decision,
    with its date, rather than folding its cost into "approve now". While a respondent has not
    answered at all, nothing is asked for: money on an audit of guesses would not hold up.
    """
    missing = [
        "the configuration probe has not run"
        if who.role == "probe"
        else f"the {who.label} has not answered"
        for who in respondents
        if not who.present
    ]
    if missing:
        return Recommendation(
            ask=(
                "Nothing to approve yet: the audit is incomplete ("
                + "; ".join(missing)
                + "). Complete it, then export the report again."
            ),
            actions=[],
            effort_days=0,
            one_off=0,
            yearly=0,
            annual_loss_avoided=0,
            assumptions=f"At the workshop's parameters: {costs.formula}.",
        )
    chosen = recommended(plan)
    cur = costs.currency
    actions = [
        Action(
            rank=i,
            id=p.id,
            action=p.decision.action,
            removes=p.fact,
            severity=p.severity,
            owner=p.decision.owner or "to be named",
            due=p.decision.due or today + dt.timedelta(days=PROPOSED_DUE_DAYS),
            due_proposed=p.decision.due is None,
            effort_days=p.decision.effort_days,
            one_off=p.cost,
            yearly=p.recurring_yearly,
            annual_loss_avoided=p.annual_loss_avoided,
        )
        for i, p in enumerate(chosen, start=1)
    ]
    effort = sum(a.effort_days for a in actions)
    one_off = sum(a.one_off for a in actions)
    yearly = sum(a.yearly for a in actions)
    avoided = sum(a.annual_loss_avoided for a in actions)
    projects = [
        p
        for p in plan
        if p.decision.effort_days > LARGE_STEP_DAYS and p.severity in _PROJECT_SEVERITIES
    ]
    ask = (
        f"Approve {fmt.days(effort)} of engineering now ({fmt.money(one_off, cur)} one-off"
        + (f", then {fmt.money(yearly, cur)} a year" if yearly else "")
        + f") to avoid an expected {fmt.money(avoided, cur)} of incident cost a year"
    )
    next_decision = ""
    if projects:
        project = projects[0]
        when = project.decision.due or today + dt.timedelta(days=NEXT_DECISION_DAYS)
        next_decision = (
            f"{project.decision.action.rstrip('.')} ({fmt.days(project.decision.effort_days)}: "
            f"{fmt.money(project.cost, cur)} once"
            + (
                f" and {fmt.money(project.recurring_yearly, cur)} a year"
                if project.recurring_yearly
                else ""
            )
            + f"; avoids an expected {fmt.money(project.annual_loss_avoided, cur)} a year)"
        )
        ask += f", and decide by {fmt.date(when)} on the larger step below."
    else:
        ask += "."
    return Recommendation(
        ask=ask,
        actions=actions,
        effort_days=effort,
        one_off=one_off,
        yearly=yearly,
        annual_loss_avoided=avoided,
        assumptions=(
            f"At the workshop's parameters: {costs.formula}; effort at {costs.day_rate_text}. "
            "Appendix B gives each parameter's source and the figures if incidents cost half "
            "or twice as much."
        ),
        next_decision=next_decision,
    )


_PROJECT_SEVERITIES = frozenset({Severity.CRITICAL, Severity.HIGH})
