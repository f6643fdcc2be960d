"""The report's sentences: findings as facts, the recommendation, the summary, the method.

build.py decides the numbers; this module says them. Every sentence reads the reconciliation or
the report's own parts, so a reworded sentence never changes a figure, and a figure shown in
two places is the same string (render/fmt.py).
"""

from __future__ import annotations

import datetime as dt

from stagegap.questionnaires.answers import Answer, describe
from stagegap.questionnaires.model import HUMAN_ROLES, Role
from stagegap.questionnaires.response import Costs
from stagegap.reports.audit import Audit
from stagegap.reports.model import (
    CLASS_ORDER,
    Action,
    ClassInfo,
    CostBasis,
    MapWords,
    MethodSection,
    Parameter,
    PlanEntry,
    PlanTotals,
    Recommendation,
    ReductionRow,
    Respondent,
    RiskEntry,
    Scenario,
    Summary,
    Trend,
)
from stagegap.reports.reconcile import DimensionResult, Divergence, ItemResult, Reconciliation
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


# ------------------------------------------------------------------------------- facts, beliefs


def said(result: ItemResult, role: Role) -> str:
    """What one respondent said, in words a sentence can quote."""
    answer: Answer | None = result.answers.get(role)
    if role is Role.PROBE and not result.item.observable:
        return "cannot show this"
    if answer is None:
        return "has not answered"
    if answer.dont_know:
        return "does not know"
    return describe(result.item, answer)


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def _who(role: Role) -> str:
    return role.label if role is Role.CTO else role.label.lower()


def fact(result: ItemResult) -> str:
    """The finding in one clause: what the configuration shows, else what people say."""
    head = subject(result.id, result.dimension.title)
    cto, engineer = said(result, Role.CTO), said(result, Role.ENGINEER)
    cls = result.divergence
    if result.item.observable and result.answers.get(Role.PROBE) is not None:
        return f"{head}: {said(result, Role.PROBE)}"
    if cls is Divergence.UNVERIFIED_AGREEMENT:
        return f"{head}: {cto}, by both accounts; configuration cannot confirm it"
    if cls is Divergence.UNVERIFIED_DISAGREEMENT:
        return f"{head}: the CTO says {_quoted(cto)}, the engineer {_quoted(engineer)}"
    if cls is Divergence.UNKNOWN:
        parts = [
            f"the {_who(r)} does not know"
            if said(result, r) == "does not know"
            else f"the {_who(r)} says {_quoted(said(result, r))}"
            for r in HUMAN_ROLES
        ]
        return f"{head}: " + ", ".join(parts)
    if cls is Divergence.NOT_ANSWERED:
        return f"{head}: not answered yet"
    return f"{head}: {cto}"


_BELIEF: dict[Divergence, str] = {
    Divergence.SHARED_BLIND_SPOT: ", though both CTO and engineer believe {cto}",
    Divergence.LEADERSHIP_BLIND_SPOT: ", though the CTO believes {cto}",
    Divergence.TEAM_BLIND_SPOT: ", though the engineer believes {engineer}",
    Divergence.THREE_WAY_SPLIT: "; the CTO and the engineer each believe something else",
}


def title(result: ItemResult) -> str:
    """The finding as a fact, with the belief it contradicts: the register's title."""
    text = fact(result)
    observed = result.item.observable and result.answers.get(Role.PROBE) is not None
    clause = _BELIEF.get(result.divergence)
    if observed and clause:
        text += clause.format(
            cto=_quoted(said(result, Role.CTO)), engineer=_quoted(said(result, Role.ENGINEER))
        )
    return text


def basis(result: ItemResult, severity: Severity) -> str:
    """What an entry rests on: configuration evidence, or whose answers when there is none."""
    evidence = result.evidence
    if evidence:
        shown = ", ".join(f"{e.path}:{e.line}" if e.line else e.path for e in evidence[:3])
        more = f" and {len(evidence) - 3} more" if len(evidence) > 3 else ""
        return f"Configuration: {shown}{more}."
    answered = [
        f"the {r.label if r is Role.CTO else r.label.lower()}'s"
        for r in HUMAN_ROLES
        if (a := result.answers.get(r)) is not None and not a.dont_know
    ]
    who = " and ".join(answered) if answered else "nobody's"
    reason = (
        "configuration cannot show this"
        if not result.item.observable
        else "the configuration probe cites no file"
    )
    prefix = (
        "No configuration evidence"
        if severity in (Severity.CRITICAL, Severity.HIGH)
        else ("No file evidence")
    )
    return f"{prefix} ({reason}): rests on {who} answer{'s' if len(answered) > 1 else ''}."


_MEANING: dict[Divergence, str] = {
    Divergence.SHARED_BLIND_SPOT: "Both people share a picture the configuration contradicts: "
    "nobody is watching the real state.",
    Divergence.LEADERSHIP_BLIND_SPOT: "The team knows; leadership's picture is out of date.",
    Divergence.TEAM_BLIND_SPOT: "Leadership's picture is right; the team works from another.",
    Divergence.THREE_WAY_SPLIT: "Nobody holds the picture the configuration shows.",
    Divergence.UNKNOWN: "Someone responsible cannot say; that gap is unmanaged.",
    Divergence.UNVERIFIED_AGREEMENT: "Both agree, but only a check outside the configuration "
    "can confirm it.",
    Divergence.UNVERIFIED_DISAGREEMENT: "They disagree and configuration cannot settle it: "
    "someone must look.",
    Divergence.NOT_ANSWERED: "Not answered yet.",
    Divergence.ALIGNED: "Everyone's picture matches the configuration.",
}


def map_words(result: ItemResult, correction: bool = False) -> MapWords:
    evidence = result.evidence
    shown = ", ".join(f"{e.path}:{e.line}" if e.line else e.path for e in evidence[:2])
    meaning = _MEANING[result.divergence]
    if correction:
        meaning = (
            "The configuration is as safe as or safer than believed: a belief to correct, "
            "not a risk."
        )
    return MapWords(
        dimension=result.dimension.id,
        title=result.dimension.title,
        subject=subject(result.id, result.dimension.title),
        cto=said(result, Role.CTO),
        engineer=said(result, Role.ENGINEER),
        configuration=said(result, Role.PROBE),
        evidence=shown,
        meaning=meaning,
    )


def dimension_words(dim: DimensionResult) -> MapWords | None:
    """The dimension's worst flagged finding in words (its first item when nothing diverges)."""
    flagged = [r for r in dim.items if r.flagged]
    if not flagged:
        return None
    return map_words(max(flagged, key=lambda r: (r.score.value, r.id)))


# ------------------------------------------------------------------------------------ notices


def notices(audit: Audit, respondents: list[Respondent]) -> list[str]:
    notes = []
    for who in respondents:
        if who.answered == 0:
            if who.role == Role.PROBE.value:
                notes.append(
                    "The configuration probe has not run: no answer is verified against "
                    "configuration, and the appendix has no inventory."
                )
            else:
                notes.append(
                    f"The {who.label} has not answered: every {who.label} answer reads "
                    "'not answered', and no item can be fully reconciled."
                )
        elif who.role != Role.PROBE.value and who.answered < who.total:
            notes.append(
                f"The {who.label} answered {who.answered} of {who.total} questions; "
                "the others read 'not answered'."
            )
        if who.seal_intact is False:
            notes.append(
                f"The {who.label}'s sealed answers were edited by hand after the seal; "
                "treat the independence of their answers with care."
            )
    override = audit.manifest.workshop_override
    if override is not None and not audit.manifest.humans_sealed:
        notes.append(
            f"The workshop opened before both humans sealed their answers "
            f"({fmt.date(override.at)}, {override.by or 'unnamed'}: {override.reason})."
        )
    return notes


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


def recommendation(plan: list[PlanEntry], costs: CostBasis, today: dt.date) -> Recommendation:
    """The actions to approve now: the first steps of the plan a few days of work each can do.

    A larger step (over LARGE_STEP_DAYS) is a project: the ask names it as the next decision,
    with its date, rather than folding its cost into "approve now".
    """
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


# ------------------------------------------------------------------------------------ summary


def summary(
    rec: Reconciliation,
    register: list[RiskEntry],
    totals: PlanTotals,
    costs: CostBasis,
    classes: list[ClassInfo],
    top: int,
    recommendation: Recommendation,
) -> Summary:
    total_dims = len(rec.dimensions)
    diverging = len(rec.diverging_dimensions)
    items = len(rec.items)
    severity_counts: dict[Severity, int] = dict.fromkeys(Severity, 0)
    for entry in register:
        severity_counts[entry.score.severity] += 1
    if diverging:
        headline = (
            f"The CTO, the engineer and the configuration disagree on {diverging} of "
            f"{total_dims} dimensions of the gap between staging and production."
        )
    else:
        headline = (
            f"The CTO, the engineer and the configuration agree on all {total_dims} dimensions."
        )
    paragraphs = []
    counts = {c.id: c.count for c in classes}
    flagged = len(register)
    aligned = counts["aligned"]
    corrections = len(rec.corrections)
    sentence = (
        f"Of {items} questions, {aligned} {'is' if aligned == 1 else 'are'} answered the same "
        f"by all three; {flagged} {'is a risk' if flagged == 1 else 'are risks'} in the register."
    )
    if corrections:
        sentence += (
            f" On {fmt.count(corrections, 'further question')} the configuration is safer than "
            "people believed: corrections of belief, shown on the map and not counted as risks."
        )
    declared = len(rec.suppressed)
    if declared:
        sentence += (
            f" {fmt.count(declared, 'further difference')} "
            f"{'is' if declared == 1 else 'are'} declared intentional by the workshop."
        )
    paragraphs.append(sentence)
    top_entries = register[:top]
    if top_entries:
        paragraphs.append(
            f"The register holds {severity_counts[Severity.CRITICAL]} critical and "
            f"{severity_counts[Severity.HIGH]} high risks; the "
            f"{fmt.spelled(len(top_entries))} worst are listed below, each stated as what the "
            "configuration shows or, where it cannot show it, what people say."
        )
    if totals.steps:
        cur = costs.currency
        approve = recommendation
        text = ""
        if approve.actions:
            text = (
                f"The {fmt.spelled(len(approve.actions))} actions to approve now (page 2) cost "
                f"{fmt.money(approve.one_off, cur)} once"
                + (f" and {fmt.money(approve.yearly, cur)} a year" if approve.yearly else "")
                + f", and avoid an expected {fmt.money(approve.annual_loss_avoided, cur)} of "
                "incident cost a year. "
            )
        text += (
            f"The whole plan, {fmt.count(totals.steps, 'step')}, costs "
            f"{fmt.money(totals.cost, cur)} once and {fmt.money(totals.recurring_yearly, cur)} "
            f"a year, and avoids an expected {fmt.money(totals.annual_loss_avoided, cur)} a "
            f"year of the {fmt.money(totals.annual_loss, cur)} that gap-caused incidents cost "
            f"({costs.formula})."
        )
        paragraphs.append(text)
    return Summary(
        headline=headline,
        paragraphs=paragraphs,
        decision_asked=recommendation.ask,
        dimensions_total=total_dims,
        dimensions_diverging=diverging,
        items_total=items,
        items_flagged=flagged,
        items_declared=declared,
        severity_counts=severity_counts,
        corrections=corrections,
        top_risks=[e.id for e in top_entries],
    )


def join(parts: list[str], sep: str = ", ") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return sep.join(parts[:-1]) + sep.rstrip(", ") + " and " + parts[-1]


# ------------------------------------------------------------------------------------- method


def method(rec: Reconciliation) -> list[MethodSection]:
    return [
        MethodSection(
            title="Three independent answers",
            paragraphs=[
                "The CTO and an engineer answered the same questionnaire separately; neither "
                "saw the other's answers until both had sealed them. Sealing records a digest, "
                "so a later change is kept as an amendment beside the original and this report "
                "shows both. The stagegap probe answered the questions configuration can "
                "answer, from the repository's files, and recorded its evidence (file and "
                "line, with secret values redacted).",
                '"I don\'t know" is an answer in its own right, never a blank, and it is '
                "never scored as safe.",
            ],
        ),
        MethodSection(
            title="Divergence classes",
            paragraphs=[
                "Each question is classified by which answers agree, with a tolerance per "
                "answer type (equal choices; sets that mostly overlap; numbers within a ratio; "
                "dates within a month): "
                + "; ".join(
                    f"{d.label.lower()}: {d.meaning.rstrip('.').lower()}" for d in CLASS_ORDER
                )
                + ".",
                "Where the configuration contradicts someone but its state is as safe as or "
                "safer than every belief, the question is a correction of belief: it is shown "
                "on the map and kept out of the register and the plan.",
            ],
        ),
        MethodSection(
            title="Scores",
            paragraphs=[
                "Every register entry is scored on the familiar five-by-five grid. Likelihood "
                "(1-5) grows with how risky the actual state is (the configuration's answer "
                "where it can see, otherwise the riskier human answer), how unseen it is "
                "(a shared blind spot is the most unseen), and how confident the contradicted "
                "respondent was. A state harmless alone is raised where another answer makes "
                "it dangerous (scheduled jobs in staging while staging uses live vendors). "
                "Impact (1-5) is the item's impact times its dimension's weight, capped at 5. "
                "Score = likelihood x impact (1-25): 16 and above is critical, 9 high, 4 "
                "medium, below 4 low.",
            ],
        ),
        MethodSection(
            title="Costs and benefits",
            paragraphs=[
                "The yearly incident cost is spread over the register in proportion to each "
                "item's score, in whole currency units that add up to the yearly figure; a "
                "step avoids its share times the risk reduction of its decision (table below). "
                "One-off cost is effort times the day rate; yearly upkeep is listed "
                "separately. Every total is the sum of the rows shown.",
                "The plan is in three phases: now (critical gaps a few days of work each can "
                "close), this quarter (high gaps, and critical ones large enough to need a "
                "project decision) and later (medium and low). Within a phase the worst "
                "severity comes first, then the most score points removed per person-day; a "
                "step that another needs comes before it.",
            ],
        ),
        MethodSection(
            title="Decisions",
            paragraphs=[
                "Every gap ends in a decision: eliminate it; document and accept it with "
                "compensating controls (canary deploys, feature flags, staged rollouts); or "
                "test it elsewhere (production-like load tests, contract tests against real "
                "endpoints, data-shape tests against production snapshots). Accepting is never "
                "suggested where staging holds production's credentials or can reach "
                "production's data. A difference the workshop declares intentional leaves the "
                "register until its expiry date, and is listed with its reason.",
            ],
        ),
    ]


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
