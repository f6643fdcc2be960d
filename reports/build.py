"""Build the report model from an Audit: every number and view decided once, here.

Pure: pass `generated_on` for a fixed date. The sentences come from findings.py, money.py,
narrative.py and trend.py; the model's shape is model.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath

from stagegap.questionnaires.answers import Answer, Evidence, describe
from stagegap.questionnaires.model import Item, Role
from stagegap.questionnaires.response import (
    Decision,
    DecisionKind,
    ProbeFinding,
    ProbeRecord,
    Response,
)
from stagegap.reports import findings, money, narrative, trend
from stagegap.reports.audit import Audit
from stagegap.reports.model import (
    CLASS_ORDER,
    CONFLICT_CLASSES,
    ROLES,
    AgendaEntry,
    AnswerStatus,
    AnswerView,
    ClassInfo,
    CostBasis,
    DecisionView,
    DeclaredDifference,
    DimensionDetail,
    EnvKey,
    EvidenceView,
    FindingView,
    Inventory,
    InventoryCell,
    InventoryRow,
    ItemDetail,
    MapCell,
    MapRow,
    PhaseTotal,
    PlanEntry,
    PlanTotals,
    QuestionnaireInfo,
    Report,
    Respondent,
    RiskEntry,
    ScoreView,
)
from stagegap.reports.palette import SWATCHES
from stagegap.reports.reconcile import (
    DimensionResult,
    Divergence,
    ItemResult,
    PlanStep,
    Reconciliation,
)
from stagegap.reports.reconcile.assumptions import Phase
from stagegap.reports.render import fmt
from stagegap.reports.statements import subject


def build_report(
    audit: Audit,
    *,
    generated_on: dt.date | None = None,
    top_risks: int = 5,
    agenda_size: int = 6,
    since: Audit | None = None,
) -> Report:
    """The one place report content is decided. Pure: pass `generated_on` for a fixed date."""
    rec = audit.reconciliation
    manifest = audit.manifest
    titles = {step.result.id: findings.title(step.result) for step in rec.plan}
    plan = [_plan_entry(step, rec, titles) for step in rec.plan]
    costs = _cost_basis(rec, plan)
    register = [_risk_entry(rank, r, rec) for rank, r in enumerate(rec.register, start=1)]
    totals = _plan_totals(plan)
    respondents = _respondents(audit)
    classes = [_class_info(c, rec.counts[c]) for c in CLASS_ORDER]
    map_rows = [_map_row(d) for d in rec.dimensions]
    recommendation = money.recommendation(plan, costs, rec.today, respondents)
    summary = narrative.summary(rec, register, totals, costs, classes, top_risks, recommendation)
    return Report(
        title=rec.questionnaire.title,
        organisation=manifest.organisation,
        audit_date=rec.today,
        generated_on=generated_on or rec.today,
        environments={
            "staging": manifest.environments.get("staging", "staging"),
            "production": manifest.environments.get("production", "production"),
        },
        questionnaire=QuestionnaireInfo(
            id=rec.questionnaire.id,
            version=rec.questionnaire.version,
            title=rec.questionnaire.title,
            digest=manifest.questionnaire.digest,
            items=len(rec.items),
            dimensions=len(rec.dimensions),
        ),
        respondents=respondents,
        notices=narrative.notices(audit, respondents),
        costs=costs,
        classes=classes,
        recommendation=recommendation,
        summary=summary,
        map=map_rows,
        map_words=[w for d in rec.dimensions if (w := findings.dimension_words(d))],
        corrections=[findings.map_words(r, correction=True) for r in rec.corrections],
        risk_register=register,
        plan=plan,
        plan_totals=totals,
        agenda=_agenda(rec, agenda_size),
        dimensions=[_dimension_detail(d, rec) for d in rec.dimensions],
        declared=_declared(rec),
        inventory=_inventory(audit.probe, audit.reconciliation),
        method=narrative.method(rec),
        trend=trend.trend(rec, since.reconciliation) if since is not None else None,
    )


def _class_info(divergence: Divergence, count: int) -> ClassInfo:
    swatch = SWATCHES[divergence]
    return ClassInfo(
        id=divergence.value,
        label=divergence.label,
        meaning=divergence.meaning,
        colour=swatch.hex,
        glyph=swatch.glyph,
        pattern=swatch.pattern,
        count=count,
    )


def _cost_basis(rec: Reconciliation, plan: list[PlanEntry]) -> CostBasis:
    c = rec.costs
    yearly = c.yearly_gap_cost
    formula = (
        f"{fmt.number(c.incidents_per_year, 0 if c.incidents_per_year.is_integer() else 1)} "
        f"gap-caused incidents a year x {fmt.number(c.hours_per_incident, 1).removesuffix('.0')} "
        f"hours each x {fmt.money(c.incident_hour_cost, c.currency)} an hour "
        f"= {fmt.money(yearly, c.currency)} a year"
    )
    return CostBasis(
        currency=c.currency,
        day_rate=c.day_rate,
        incident_hour_cost=c.incident_hour_cost,
        incidents_per_year=c.incidents_per_year,
        hours_per_incident=c.hours_per_incident,
        yearly_gap_cost=yearly,
        formula=formula,
        day_rate_text=f"{fmt.money(c.day_rate, c.currency)} per person-day",
        parameters=money.parameters(c),
        scenarios=money.scenarios(plan),
        reductions=money.reductions(),
        upkeep=money.upkeep_notes(),
    )


def _respondents(audit: Audit) -> list[Respondent]:
    total = len(audit.reconciliation.items)
    out = []
    for role in ROLES:
        response: Response | None = audit.responses.get(role)
        entry = audit.manifest.respondents.get(role)
        seal = entry.seal if entry else None
        answers = response.answers if response else {}
        name = (response.respondent if response else "") or (entry.name if entry else "")
        answered = sum(1 for r in audit.reconciliation.items if r.answers.get(role) is not None)
        out.append(
            Respondent(
                role=role.value,
                label=role.label,
                name=name or ("stagegap probe" if role is Role.PROBE else ""),
                answered=answered,
                total=total,
                dont_know=sum(1 for a in answers.values() if a.dont_know),
                amended=len(response.amendments) if response else 0,
                sealed_at=seal.at if seal else None,
                seal_intact=(response.digest() == seal.digest) if seal and response else None,
            )
        )
    return out


# ------------------------------------------------------------------------------------- answers


def _evidence(items: Sequence[Evidence]) -> list[EvidenceView]:
    return [
        EvidenceView(
            path=e.path,
            line=e.line,
            excerpt=fmt.excerpt(e.excerpt),
            environment=e.environment,
            location=f"{e.path}:{e.line}" if e.line else e.path,
        )
        for e in items
    ]


def _finding(f: ProbeFinding) -> FindingView:
    return FindingView(
        id=f.id,
        severity=f.severity,
        summary=f.summary,
        details=f.details,
        item=f.item,
        evidence=_evidence(f.evidence),
    )


def _answer_view(result: ItemResult, role: Role) -> AnswerView:
    item = result.item
    answer: Answer | None = result.answers.get(role)
    status: AnswerStatus
    if role is Role.PROBE and not item.observable:
        status, text = "not_observable", "not observable from configuration"
    elif answer is None:
        status, text = "not_answered", "not answered"
    elif answer.dont_know:
        status, text = "dont_know", "I don't know"
    elif answer.not_applicable is not None:
        status, text = "not_applicable", describe(item, answer)
    else:
        status, text = "answered", describe(item, answer)
    original = result.originals.get(role)
    amended_reason = ""
    if original is not None:
        amended_reason = "changed after the seal"
    implicated = (
        result.flagged
        and answer is not None
        and result.divergence.implicates(role, result.classification.dont_know)
    )
    return AnswerView(
        role=role.value,
        label=role.label,
        status=status,
        text=text,
        confidence=answer.confidence.value if answer and answer.confidence else None,
        note=answer.note if answer else "",
        implicated=implicated,
        original=describe(item, original) if original is not None else None,
        amended_reason=amended_reason,
    )


def _answers(result: ItemResult) -> list[AnswerView]:
    return [_answer_view(result, role) for role in ROLES]


_SHORT_KIND: dict[DecisionKind, str] = {
    DecisionKind.ELIMINATE: "Eliminate",
    DecisionKind.ACCEPT: "Accept with controls",
    DecisionKind.TEST_ELSEWHERE: "Test elsewhere",
    DecisionKind.INTENTIONAL: "Intentional",
}


def _decision_view(result: ItemResult) -> DecisionView:
    suggestion = result.suggestion
    decision: Decision | None = result.decision
    remedy = suggestion.remedy
    action = remedy.action if remedy else suggestion.kind.label
    if decision is not None and decision.kind is DecisionKind.INTENTIONAL:
        action = decision.reason or "Declared an intentional difference."
    controls = list(remedy.controls) if remedy else []
    if decision is not None and decision.controls:
        controls = list(decision.controls)
    return DecisionView(
        kind=suggestion.kind.value,
        label=suggestion.kind.label,
        short=_SHORT_KIND[suggestion.kind],
        recorded=suggestion.recorded,
        action=action,
        controls=controls,
        effort_days=suggestion.effort_days,
        owner=decision.owner if decision else "",
        status=decision.status.value if decision else "proposed",
        due=decision.due if decision else None,
        note=decision.note if decision else "",
    )


def _score_view(result: ItemResult) -> ScoreView:
    score = result.score
    return ScoreView(
        likelihood=score.likelihood,
        impact=score.impact,
        value=score.value,
        severity=score.severity,
        capped=score.capped,
        derivation=score.derivation(),
        basis=f"State risk {score.state_risk:.2f}: {score.state_basis}.",
        formula=(
            f"L = 1 + 4 x {score.state_risk:.2f} x (0.5 + 0.5 x {score.blindness:.2f}) x "
            f"(0.8 + 0.2 x {score.confidence:.2f}) = {score.likelihood:.1f}; "
            f"I = {score.impact_arithmetic}; score = L x I = {score.value:.1f}"
        ),
    )


def _risk_entry(rank: int, result: ItemResult, rec: Reconciliation) -> RiskEntry:
    return RiskEntry(
        rank=rank,
        id=result.id,
        dimension=result.dimension.id,
        dimension_title=result.dimension.title,
        title=findings.title(result),
        prompt=result.item.prompt,
        basis=findings.basis(result, result.score.severity),
        cls=result.divergence.value,
        class_label=_class_label(result),
        dont_know=[r.value for r in ROLES if r in result.classification.dont_know],
        score=_score_view(result),
        answers=_answers(result),
        evidence=_evidence(result.evidence),
        findings=[_finding(f) for f in result.findings],
        decision=_decision_view(result),
    )


def _class_label(result: ItemResult) -> str:
    label = result.divergence.label
    if result.divergence is Divergence.UNKNOWN and result.classification.dont_know:
        who = " and ".join(r.label for r in ROLES if r in result.classification.dont_know)
        label += f" ({who})"
    return label


# --------------------------------------------------------------------------------------- plan


def _plan_entry(step: PlanStep, rec: Reconciliation, titles: dict[str, str]) -> PlanEntry:
    result = step.result
    c = rec.costs
    currency = c.currency
    payback = step.payback_months
    line = (
        f"{fmt.days(step.effort_days)} x {fmt.money(c.day_rate, currency)} per person-day = "
        f"{fmt.money(step.cost, currency)} once"
        + (
            f" and {fmt.money(step.recurring_yearly, currency)} a year of upkeep"
            if step.recurring_yearly
            else ""
        )
        + f"; expected incident cost avoided {fmt.money(step.annual_loss_avoided, currency)} a "
        f"year ({fmt.money(step.annual_loss, currency)} attributed to this gap x "
        f"{result.suggestion.risk_reduction:.0%} risk reduction)"
    )
    if payback is not None:
        line += f"; pays back in {fmt.months(payback)}"
    return PlanEntry(
        rank=step.rank,
        id=result.id,
        dimension_title=result.dimension.title,
        title=titles[result.id],
        fact=findings.fact(result),
        prompt=result.item.prompt,
        severity=result.score.severity,
        score=result.score.value,
        phase=step.phase.key,
        phase_label=step.phase.label,
        depends_on=[_subject(rec, d) for d in step.depends_on],
        decision=_decision_view(result),
        risk_reduction=result.suggestion.risk_reduction,
        risk_reduced=step.risk_reduced,
        per_day=round(step.per_day, 2),
        cost=step.cost,
        upkeep_days=step.upkeep_days,
        recurring_yearly=step.recurring_yearly,
        annual_loss=step.annual_loss,
        annual_loss_avoided=step.annual_loss_avoided,
        payback_months=round(payback, 1) if payback is not None else None,
        cost_benefit=line,
    )


def _subject(rec: Reconciliation, item_id: str) -> str:
    result = rec.result(item_id)
    return subject(item_id, result.dimension.title if result else "")


def _plan_totals(plan: list[PlanEntry]) -> PlanTotals:
    phases = []
    for phase in Phase:
        rows = [p for p in plan if p.phase == phase.key]
        phases.append(
            PhaseTotal(
                phase=phase.key,
                label=phase.label,
                meaning=phase.meaning,
                steps=len(rows),
                effort_days=sum(p.decision.effort_days for p in rows),
                cost=sum(p.cost for p in rows),
                recurring_yearly=sum(p.recurring_yearly for p in rows),
                annual_loss_avoided=sum(p.annual_loss_avoided for p in rows),
            )
        )
    return PlanTotals(
        steps=len(plan),
        effort_days=sum(p.decision.effort_days for p in plan),
        cost=sum(p.cost for p in plan),
        recurring_yearly=sum(p.recurring_yearly for p in plan),
        annual_loss=sum(p.annual_loss for p in plan),
        annual_loss_avoided=sum(p.annual_loss_avoided for p in plan),
        phases=phases,
    )


def _map_row(dim: DimensionResult) -> MapRow:
    cells = []
    for role in ROLES:
        cell = dim.cells[role]
        cells.append(
            MapCell(
                role=role.value,
                cls=cell.worst.value,
                label=cell.worst.label,
                glyph=SWATCHES[cell.worst].glyph,
                implicated=cell.implicated,
                answered=cell.answered,
                dont_know=cell.dont_know,
                total=cell.total,
            )
        )
    return MapRow(
        dimension=dim.dimension.id,
        title=dim.dimension.title,
        weight=dim.dimension.weight,
        score=dim.score,
        worst=dim.worst.value,
        flagged=sum(1 for r in dim.items if r.flagged),
        total=len(dim.items),
        cells=cells,
        counts={k.value: v for k, v in dim.counts.items()},
    )


_AGENDA_QUESTION: dict[Divergence, str] = {
    Divergence.SHARED_BLIND_SPOT: "Both of you believe one thing; the configuration shows "
    "another. Which is true in production today, and how did the belief form?",
    Divergence.LEADERSHIP_BLIND_SPOT: "The engineer and the configuration agree; the CTO's "
    "picture differs. What should leadership know, and where should it be written down?",
    Divergence.TEAM_BLIND_SPOT: "The CTO and the configuration agree; the engineer's picture "
    "differs. Is this documented where the team looks?",
    Divergence.THREE_WAY_SPLIT: "All three answers differ. Agree what is true first, then "
    "what it should be.",
    Divergence.UNVERIFIED_DISAGREEMENT: "You disagree and configuration cannot settle it. Who "
    "can find out, and how?",
    Divergence.UNKNOWN: "Someone does not know. Who does, and should this person?",
}


def _agenda(rec: Reconciliation, size: int) -> list[AgendaEntry]:
    candidates = [r for r in rec.register if r.divergence in CONFLICT_CLASSES]

    def weight(result: ItemResult) -> tuple[float, str]:
        # Disagreements between people come before gaps nobody contests: a confident
        # contradiction is the conversation most likely to change someone's mind.
        bonus = 1.25 if result.divergence is not Divergence.UNKNOWN else 1.0
        return (-result.score.value * bonus, result.id)

    chosen = sorted(candidates, key=weight)[:size]
    entries = []
    for rank, result in enumerate(chosen, start=1):
        quotes = [a for a in _answers(result) if a.status not in ("not_observable",)]
        entries.append(
            AgendaEntry(
                rank=rank,
                id=result.id,
                dimension_title=result.dimension.title,
                prompt=result.item.prompt,
                cls=result.divergence.value,
                class_label=_class_label(result),
                severity=result.score.severity,
                score=result.score.value,
                question=_AGENDA_QUESTION.get(result.divergence, "Discuss."),
                quotes=quotes,
            )
        )
    return entries


# ----------------------------------------------------------------------------- dimension detail


def _dimension_detail(dim: DimensionResult, rec: Reconciliation) -> DimensionDetail:
    items = []
    for result in dim.items:
        item: Item = result.item
        items.append(
            ItemDetail(
                id=result.id,
                title=findings.title(result),
                prompt=item.prompt,
                help=item.help,
                cls=result.divergence.value,
                class_label=_class_label(result),
                flagged=result.flagged,
                declared=result.suppressed,
                correction=result.belief_correction,
                severity=result.score.severity if result.flagged else None,
                score=result.score.value if result.flagged else None,
                answers=_answers(result),
                evidence=_evidence(result.evidence),
                findings=[_finding(f) for f in result.findings],
                not_observable=item.probe.not_observable,
            )
        )
    return DimensionDetail(
        id=dim.dimension.id,
        title=dim.dimension.title,
        question=dim.dimension.question,
        why=dim.dimension.why,
        weight=dim.dimension.weight,
        score=dim.score,
        flagged=sum(1 for r in dim.items if r.flagged),
        items=items,
    )


def _declared(rec: Reconciliation) -> list[DeclaredDifference]:
    out = []
    for result in rec.items:
        decision = result.decision
        if decision is None or decision.kind is not DecisionKind.INTENTIONAL:
            continue
        out.append(
            DeclaredDifference(
                id=result.id,
                prompt=result.item.prompt,
                reason=decision.reason,
                owner=decision.owner,
                expires=decision.expires,
                expired=not decision.suppresses(rec.today),
                cls=result.divergence.value,
            )
        )
    return out


# ------------------------------------------------------------------------------------ appendix


def _inventory(record: ProbeRecord | None, rec: Reconciliation) -> Inventory:
    if record is None:
        return Inventory(available=False)
    rows = []
    for row in sorted(record.env_vars, key=lambda r: (r.service or "", r.name)):
        cells: dict[EnvKey, InventoryCell] = {}
        envs: tuple[EnvKey, ...] = ("staging", "production", "shared")
        for env in envs:
            cell = row.cells.get(env)
            if cell is None:
                continue
            cells[env] = InventoryCell(
                scopes=sorted(cell.scopes),
                kind=cell.kind,
                fingerprint=cell.fingerprint,
                sources=[f"{s.path}:{s.line}" if s.line else s.path for s in cell.sources],
            )
        rows.append(
            InventoryRow(
                name=row.name,
                service=row.service,
                secret=row.secret,
                cells=cells,
                read_by_code=[f"{e.path}:{e.line}" if e.line else e.path for e in row.read_by_code],
                remark=_inventory_remark(cells),
            )
        )
    return Inventory(
        available=True,
        root=PurePath(record.root).name or record.root,
        ran_at=record.ran_at,
        rows=rows,
        findings=len(record.findings),
        warnings=list(record.warnings),
    )


def _inventory_remark(cells: dict[EnvKey, InventoryCell]) -> str:
    staging, production, shared = (cells.get(e) for e in ("staging", "production", "shared"))
    if shared and not staging and not production:
        return "shared by both"
    if staging and not production and not shared:
        return "only in staging"
    if production and not staging and not shared:
        return "only in production"
    notes = []
    if staging and production:
        if staging.scopes != production.scopes:
            notes.append("scope differs")
        if staging.fingerprint and staging.fingerprint == production.fingerprint:
            notes.append("same secret in both")
        if staging.kind and production.kind and staging.kind != production.kind:
            notes.append("different kind")
    return ", ".join(notes)
