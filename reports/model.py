"""The report model: everything any report format shows, computed once from an Audit.

Every renderer (HTML and PDF, Markdown, JSON, CSV) reads this model and nothing else, so the
formats cannot disagree: a number, a sentence or a "not answered" mark is decided here, once.
The model is pydantic so that the JSON export *is* the model, and its JSON Schema
(`report_json_schema()`) is the documented, versioned contract for other tools.

Building it is pure: no files, no clock (the dates are passed in), no network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from stagegap.questionnaires.answers import Answer, Evidence, describe
from stagegap.questionnaires.model import Item, Role
from stagegap.questionnaires.response import (
    Decision,
    DecisionKind,
    ProbeFinding,
    ProbeRecord,
    Response,
)
from stagegap.reports.audit import Audit
from stagegap.reports.palette import SWATCHES
from stagegap.reports.reconcile import Divergence, ItemResult, PlanStep, Reconciliation
from stagegap.reports.render import fmt

SCHEMA_VERSION = "1.0.0"
"""Bump the major version when a field is removed or changes meaning; minor when one is added."""

RoleId = Literal["cto", "engineer", "probe"]
ClassId = Literal[
    "aligned",
    "shared_blind_spot",
    "leadership_blind_spot",
    "team_blind_spot",
    "three_way_split",
    "unknown",
    "unverified_agreement",
    "unverified_disagreement",
    "not_answered",
]
SeverityId = Literal["critical", "high", "medium", "low"]
AnswerStatus = Literal["answered", "dont_know", "not_applicable", "not_answered", "not_observable"]
DecisionKindId = Literal["eliminate", "accept", "test_elsewhere", "intentional"]
EnvKey = Literal["staging", "production", "shared"]

ROLES: tuple[Role, Role, Role] = (Role.CTO, Role.ENGINEER, Role.PROBE)
CLASS_ORDER: tuple[Divergence, ...] = (
    Divergence.SHARED_BLIND_SPOT,
    Divergence.LEADERSHIP_BLIND_SPOT,
    Divergence.TEAM_BLIND_SPOT,
    Divergence.THREE_WAY_SPLIT,
    Divergence.UNKNOWN,
    Divergence.UNVERIFIED_DISAGREEMENT,
    Divergence.UNVERIFIED_AGREEMENT,
    Divergence.NOT_ANSWERED,
    Divergence.ALIGNED,
)
"""Legend and count order: the classes that most need a conversation first."""

SEVERITY_ORDER: tuple[SeverityId, ...] = ("critical", "high", "medium", "low")
CONFLICT_CLASSES = frozenset(
    {
        Divergence.SHARED_BLIND_SPOT,
        Divergence.LEADERSHIP_BLIND_SPOT,
        Divergence.TEAM_BLIND_SPOT,
        Divergence.THREE_WAY_SPLIT,
        Divergence.UNVERIFIED_DISAGREEMENT,
        Divergence.UNKNOWN,
    }
)
"""Classes where people hold different pictures: what a workshop discussion is for."""


class Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ----------------------------------------------------------------------------- building blocks


class ClassInfo(Part):
    id: ClassId
    label: str
    meaning: str
    colour: str = Field(description="Hex colour of the class on the map.")
    glyph: str = Field(description="Short mark that carries the class without colour.")
    pattern: str = Field(description="Greyscale pattern hint: solid, hatched, dotted, ...")
    count: int = Field(description="Items of the audit in this class.")


class QuestionnaireInfo(Part):
    id: str
    version: str
    title: str
    digest: str
    items: int
    dimensions: int


class Respondent(Part):
    role: RoleId
    label: str
    name: str
    answered: int
    total: int
    dont_know: int
    amended: int = Field(description="Answers changed after the seal (originals kept).")
    sealed_at: dt.datetime | None = None
    seal_intact: bool | None = Field(
        default=None, description="False when the sealed answers were edited by hand since."
    )

    @property
    def present(self) -> bool:
        return self.answered > 0


class CostBasis(Part):
    """The workshop's parameters; every money figure in the report is derived from these."""

    currency: str
    day_rate: float
    incident_hour_cost: float
    incidents_per_year: float
    hours_per_incident: float
    yearly_gap_cost: float = Field(
        description="incidents_per_year x hours_per_incident x incident_hour_cost"
    )
    formula: str = Field(description="The yearly gap cost in words, with its parameters.")
    day_rate_text: str


class EvidenceView(Part):
    path: str
    line: int | None = None
    excerpt: str = ""
    environment: str | None = None
    location: str = Field(description="path:line, as a reader would type it.")


class FindingView(Part):
    id: str
    severity: str
    summary: str
    details: str = ""
    item: str | None = None
    evidence: list[EvidenceView] = Field(default_factory=list)


class AnswerView(Part):
    role: RoleId
    label: str
    status: AnswerStatus
    text: str = Field(description="The answer in words, or why there is none.")
    confidence: Literal["low", "medium", "high"] | None = None
    note: str = ""
    implicated: bool = Field(
        default=False, description="This respondent's picture is the one that differs."
    )
    original: str | None = Field(
        default=None, description="The sealed original, when the answer was amended later."
    )
    amended_reason: str = ""


class DecisionView(Part):
    kind: DecisionKindId
    label: str
    short: str = Field(description="The label in a word or two, for narrow table columns.")
    recorded: bool = Field(description="Decided by the workshop; otherwise suggested.")
    action: str
    controls: list[str] = Field(default_factory=list)
    effort_days: float
    owner: str = ""
    status: str = Field(description="open, in_progress or done; 'proposed' when only suggested.")
    due: dt.date | None = None
    note: str = ""


class ScoreView(Part):
    likelihood: float
    impact: float
    value: float = Field(description="likelihood x impact, 1-25")
    severity: SeverityId
    derivation: list[str]
    basis: str = Field(description="Where the state risk behind the likelihood comes from.")
    formula: str = Field(description="The arithmetic, in one line.")


# ------------------------------------------------------------------------------- the sections


class Summary(Part):
    headline: str
    paragraphs: list[str]
    dimensions_total: int
    dimensions_diverging: int
    items_total: int
    items_flagged: int
    items_declared: int
    severity_counts: dict[SeverityId, int]
    top_risks: list[str] = Field(description="Item ids of the top risks, worst first.")


class MapCell(Part):
    role: RoleId
    cls: ClassId = Field(description="Worst class implicating this respondent here.")
    label: str
    glyph: str
    implicated: int = Field(description="Flagged items where this respondent's picture differs.")
    answered: int
    dont_know: int
    total: int


class MapRow(Part):
    dimension: str
    title: str
    weight: float
    score: float = Field(description="Sum of the flagged items' scores.")
    worst: ClassId
    flagged: int
    total: int
    cells: list[MapCell]
    counts: dict[ClassId, int]


class RiskEntry(Part):
    rank: int
    id: str
    dimension: str
    dimension_title: str
    prompt: str
    cls: ClassId
    class_label: str
    dont_know: list[RoleId]
    score: ScoreView
    answers: list[AnswerView]
    evidence: list[EvidenceView]
    findings: list[FindingView]
    decision: DecisionView


class PlanEntry(Part):
    rank: int
    id: str
    dimension_title: str
    prompt: str
    severity: SeverityId
    score: float
    decision: DecisionView
    risk_reduced: float = Field(description="Score points removed: score x risk reduction.")
    per_day: float = Field(description="Risk reduced per person-day: the ordering key.")
    cost: float
    annual_loss: float = Field(description="Expected yearly incident cost attributed to the gap.")
    annual_loss_avoided: float
    payback_months: float | None
    cost_benefit: str = Field(description="The plan line in words, naming its parameters.")


class PlanTotals(Part):
    steps: int
    effort_days: float
    cost: float
    annual_loss_avoided: float
    first_steps: int
    first_effort_days: float
    first_cost: float
    first_annual_loss_avoided: float


class AgendaEntry(Part):
    rank: int
    id: str
    dimension_title: str
    prompt: str
    cls: ClassId
    class_label: str
    severity: SeverityId
    score: float
    question: str = Field(description="What the workshop should settle.")
    quotes: list[AnswerView]


class DeclaredDifference(Part):
    id: str
    prompt: str
    reason: str
    owner: str
    expires: dt.date | None
    expired: bool
    cls: ClassId


class ItemDetail(Part):
    id: str
    prompt: str
    help: str
    cls: ClassId
    class_label: str
    flagged: bool
    declared: bool
    severity: SeverityId | None
    score: float | None
    answers: list[AnswerView]
    evidence: list[EvidenceView]
    findings: list[FindingView]
    not_observable: str | None = Field(
        default=None, description="Why configuration cannot answer this item."
    )


class DimensionDetail(Part):
    id: str
    title: str
    question: str
    why: str
    weight: float
    score: float
    flagged: int
    items: list[ItemDetail]
    findings: list[FindingView] = Field(
        default_factory=list, description="Probe findings not tied to one item."
    )


class InventoryCell(Part):
    scopes: list[Literal["build", "run"]]
    kind: str | None = None
    fingerprint: str | None = Field(default=None, description="Salted; never the value.")
    sources: list[str] = Field(default_factory=list)


class InventoryRow(Part):
    name: str
    service: str | None = None
    secret: bool
    cells: dict[EnvKey, InventoryCell]
    read_by_code: list[str]
    remark: str = Field(description="What differs between the environments, in words.")


class Inventory(Part):
    available: bool
    root: str = ""
    ran_at: dt.datetime | None = None
    rows: list[InventoryRow] = Field(default_factory=list)
    findings: int = 0
    warnings: list[str] = Field(default_factory=list)


class MethodSection(Part):
    title: str
    paragraphs: list[str]


class Report(Part):
    """A complete stagegap report. JSON consumers: check `schema_version` first."""

    schema_version: str = SCHEMA_VERSION
    title: str
    organisation: str
    audit_date: dt.date = Field(description="The day the reconciliation was computed for.")
    generated_on: dt.date
    environments: dict[Literal["staging", "production"], str]
    questionnaire: QuestionnaireInfo
    respondents: list[Respondent]
    notices: list[str] = Field(
        description="What a reader must know first: missing respondents, early workshop, ..."
    )
    costs: CostBasis
    classes: list[ClassInfo]
    summary: Summary
    map: list[MapRow]
    risk_register: list[RiskEntry]
    plan: list[PlanEntry]
    plan_totals: PlanTotals
    agenda: list[AgendaEntry]
    dimensions: list[DimensionDetail]
    declared: list[DeclaredDifference]
    inventory: Inventory
    method: list[MethodSection]

    def entry(self, item_id: str) -> RiskEntry | None:
        return next((e for e in self.risk_register if e.id == item_id), None)

    def present_classes(self) -> list[ClassInfo]:
        return [c for c in self.classes if c.count]


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON export (draft 2020-12), versioned with SCHEMA_VERSION."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://stagegap.dev/schema/report-{SCHEMA_VERSION}.json"
    schema["title"] = "stagegap report"
    return schema


# ------------------------------------------------------------------------------------ building


def build_report(
    audit: Audit,
    *,
    generated_on: dt.date | None = None,
    top_risks: int = 5,
    agenda_size: int = 6,
    first_steps: int = 5,
) -> Report:
    """The one place report content is decided. Pure: pass `generated_on` for a fixed date."""
    rec = audit.reconciliation
    manifest = audit.manifest
    costs = _cost_basis(rec)
    register = [_risk_entry(rank, r, rec) for rank, r in enumerate(rec.register, start=1)]
    plan = [_plan_entry(step, costs) for step in rec.plan]
    totals = _plan_totals(plan, first_steps)
    respondents = _respondents(audit)
    classes = [_class_info(c, rec.counts[c]) for c in CLASS_ORDER]
    map_rows = [_map_row(d) for d in rec.dimensions]
    summary = _summary(rec, register, totals, costs, classes, top_risks)
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
        notices=_notices(audit, respondents),
        costs=costs,
        classes=classes,
        summary=summary,
        map=map_rows,
        risk_register=register,
        plan=plan,
        plan_totals=totals,
        agenda=_agenda(rec, agenda_size),
        dimensions=[_dimension_detail(d, rec) for d in rec.dimensions],
        declared=_declared(rec),
        inventory=_inventory(audit.probe, audit.reconciliation),
        method=_method(rec),
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


def _cost_basis(rec: Reconciliation) -> CostBasis:
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


def _notices(audit: Audit, respondents: list[Respondent]) -> list[str]:
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


# ------------------------------------------------------------------------------------- answers


def _evidence(items: Sequence[Evidence]) -> list[EvidenceView]:
    return [
        EvidenceView(
            path=e.path,
            line=e.line,
            excerpt=e.excerpt,
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


def _severity(value: str) -> SeverityId:
    for known in SEVERITY_ORDER:
        if value == known:
            return known
    return "low"


def _score_view(result: ItemResult) -> ScoreView:
    score = result.score
    return ScoreView(
        likelihood=score.likelihood,
        impact=score.impact,
        value=score.value,
        severity=_severity(score.severity),
        derivation=score.derivation(),
        basis=f"State risk {score.state_risk:.2f}: {score.state_basis}.",
        formula=(
            f"L = 1 + 4 x {score.state_risk:.2f} x (0.5 + 0.5 x {score.blindness:.2f}) x "
            f"(0.8 + 0.2 x {score.confidence:.2f}) = {score.likelihood:.1f}; "
            f"I = {score.item_impact} x {score.dimension_weight:g} = {score.impact:.1f}; "
            f"score = L x I = {score.value:.1f}"
        ),
    )


def _risk_entry(rank: int, result: ItemResult, rec: Reconciliation) -> RiskEntry:
    return RiskEntry(
        rank=rank,
        id=result.id,
        dimension=result.dimension.id,
        dimension_title=result.dimension.title,
        prompt=result.item.prompt,
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


def _plan_entry(step: PlanStep, costs: CostBasis) -> PlanEntry:
    result = step.result
    currency = costs.currency
    payback = step.payback_months
    line = (
        f"{fmt.days(step.effort_days)} x {costs.day_rate_text} = "
        f"{fmt.money(step.cost, currency)}; expected incident cost avoided "
        f"{fmt.money(step.annual_loss_avoided, currency)} a year "
        f"({fmt.money(step.annual_loss, currency)} attributed to this gap x "
        f"{result.suggestion.risk_reduction:.0%} risk reduction)"
    )
    if payback is not None:
        line += f"; pays back in {fmt.months(payback)}"
    return PlanEntry(
        rank=step.rank,
        id=result.id,
        dimension_title=result.dimension.title,
        prompt=result.item.prompt,
        severity=_severity(result.score.severity),
        score=result.score.value,
        decision=_decision_view(result),
        risk_reduced=step.risk_reduced,
        per_day=round(step.per_day, 2),
        cost=step.cost,
        annual_loss=round(step.annual_loss, 2),
        annual_loss_avoided=round(step.annual_loss_avoided, 2),
        payback_months=round(payback, 1) if payback is not None else None,
        cost_benefit=line,
    )


def _plan_totals(plan: list[PlanEntry], first: int) -> PlanTotals:
    head = plan[:first]
    return PlanTotals(
        steps=len(plan),
        effort_days=sum(p.decision.effort_days for p in plan),
        cost=sum(p.cost for p in plan),
        annual_loss_avoided=round(sum(p.annual_loss_avoided for p in plan), 2),
        first_steps=len(head),
        first_effort_days=sum(p.decision.effort_days for p in head),
        first_cost=sum(p.cost for p in head),
        first_annual_loss_avoided=round(sum(p.annual_loss_avoided for p in head), 2),
    )


# ------------------------------------------------------------------------------------ summary


def _summary(
    rec: Reconciliation,
    register: list[RiskEntry],
    totals: PlanTotals,
    costs: CostBasis,
    classes: list[ClassInfo],
    top: int,
) -> Summary:
    total_dims = len(rec.dimensions)
    diverging = len(rec.diverging_dimensions)
    items = len(rec.items)
    severity_counts: dict[SeverityId, int] = dict.fromkeys(SEVERITY_ORDER, 0)
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
    blind = counts["shared_blind_spot"]
    leadership = counts["leadership_blind_spot"]
    split = counts["three_way_split"]
    unknown = counts["unknown"]
    unanswered = counts["not_answered"]
    sentence = (
        f"Of {items} questions, {aligned} {'is' if aligned == 1 else 'are'} answered the same "
        f"by all three; {flagged} {'needs' if flagged == 1 else 'need'} attention."
    )
    telling = []
    if blind:
        telling.append(
            f"{fmt.count(blind, 'shared blind spot')}: things both people believe and the "
            "configuration contradicts"
        )
    if leadership:
        telling.append(
            f"{fmt.count(leadership, 'leadership blind spot')}, where the engineer and the "
            "configuration agree and the CTO's picture differs"
        )
    if split:
        telling.append(f"{fmt.count(split, 'question')} on which all three answers differ")
    if unknown:
        telling.append(f"{fmt.count(unknown, 'question')} someone could not answer for sure")
    if unanswered:
        telling.append(f"{fmt.count(unanswered, 'question')} still waiting for an answer")
    if telling:
        sentence += " The most telling are " + _join(telling, "; ") + "."
    declared = len(rec.suppressed)
    if declared:
        sentence += (
            f" {fmt.count(declared, 'further difference')} "
            f"{'is' if declared == 1 else 'are'} declared intentional by the workshop."
        )
    paragraphs.append(sentence)
    top_entries = register[:top]
    if top_entries:
        worst = top_entries[0]
        paragraphs.append(
            f"The register holds {severity_counts['critical']} critical and "
            f"{severity_counts['high']} high risks. The worst is \u201c{worst.prompt}\u201d "
            f"({worst.class_label.lower()}); it and the next four are listed below."
        )
    if totals.steps:
        currency = costs.currency
        paragraphs.append(
            f"At the workshop's parameters ({costs.formula}), the "
            f"{fmt.spelled(totals.first_steps)} best-value steps of the intervention plan take "
            f"{fmt.days(totals.first_effort_days)} of effort "
            f"({fmt.money(totals.first_cost, currency)}) and are expected to avoid "
            f"{fmt.money(totals.first_annual_loss_avoided, currency)} of incident cost a year. "
            f"The whole plan, {fmt.count(totals.steps, 'step')}, costs "
            f"{fmt.money(totals.cost, currency)} and avoids an expected "
            f"{fmt.money(totals.annual_loss_avoided, currency)} a year."
        )
    return Summary(
        headline=headline,
        paragraphs=paragraphs,
        dimensions_total=total_dims,
        dimensions_diverging=diverging,
        items_total=items,
        items_flagged=flagged,
        items_declared=declared,
        severity_counts=severity_counts,
        top_risks=[e.id for e in top_entries],
    )


def _join(parts: list[str], sep: str = ", ") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return sep.join(parts[:-1]) + sep.rstrip(", ") + " and " + parts[-1]


# --------------------------------------------------------------------------------- map, agenda


def _map_row(dim: Any) -> MapRow:
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
                severity=_severity(result.score.severity),
                score=result.score.value,
                question=_AGENDA_QUESTION.get(result.divergence, "Discuss."),
                quotes=quotes,
            )
        )
    return entries


# ----------------------------------------------------------------------------- dimension detail


def _dimension_detail(dim: Any, rec: Reconciliation) -> DimensionDetail:
    items = []
    for result in dim.items:
        item: Item = result.item
        items.append(
            ItemDetail(
                id=result.id,
                prompt=item.prompt,
                help=item.help,
                cls=result.divergence.value,
                class_label=_class_label(result),
                flagged=result.flagged,
                declared=result.suppressed,
                severity=_severity(result.score.severity) if result.flagged else None,
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


# -------------------------------------------------------------------------------------- method


def _method(rec: Reconciliation) -> list[MethodSection]:
    c = rec.costs
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
            ],
        ),
        MethodSection(
            title="Scores",
            paragraphs=[
                "Every flagged item is scored on the familiar five-by-five grid. Likelihood "
                "(1-5) grows with how risky the actual state is (the configuration's answer "
                "where it can see, otherwise the riskier human answer), how unseen it is "
                "(a shared blind spot is the most unseen), and how confident the contradicted "
                "respondent was. Impact (1-5) is the item's impact times its dimension's "
                "weight. Score = likelihood x impact (1-25): 16 and above is critical, 9 "
                "high, 4 medium, below 4 low. Each register entry shows its derivation step "
                "by step.",
            ],
        ),
        MethodSection(
            title="Costs and benefits",
            paragraphs=[
                "Money comes only from the workshop's parameters: "
                f"{c.incidents_per_year:g} incidents a year that a staging-production gap let "
                f"through, {c.hours_per_incident:g} hours each, at "
                f"{fmt.money(c.incident_hour_cost, c.currency)} an hour of incident, and "
                f"{fmt.money(c.day_rate, c.currency)} per person-day of effort. The yearly "
                "incident cost is spread over the register in proportion to each item's "
                "score; a step avoids its share times the risk reduction of the chosen "
                "decision. The plan is ordered by score points removed per person-day.",
            ],
        ),
        MethodSection(
            title="Decisions",
            paragraphs=[
                "Every gap ends in a decision: eliminate it; document and accept it with "
                "compensating controls (canary deploys, feature flags, staged rollouts); or "
                "test it elsewhere (production-like load tests, contract tests against real "
                "endpoints, data-shape tests against production snapshots). A difference the "
                "workshop declares intentional leaves the register until its expiry date, "
                "and is listed with its reason.",
            ],
        ),
    ]


__all__ = [
    "SCHEMA_VERSION",
    "Report",
    "build_report",
    "report_json_schema",
]
