"""The report model: everything any report format shows, computed once from an Audit.

Every renderer (HTML and PDF, Markdown, JSON, CSV) reads this model and nothing else, so the
formats cannot disagree: a number, a sentence or a "not answered" mark is decided here, once.
The model is pydantic so that the JSON export *is* the model, and its JSON Schema
(`report_json_schema()`) is the documented, versioned contract for other tools.

This module holds the model only; build.py fills it from an Audit and findings.py,
money.py, narrative.py and trend.py write its sentences. Building is pure: no files, no clock
(the dates are passed in), no network.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from stagegap.questionnaires.model import Role
from stagegap.reports.reconcile import Divergence
from stagegap.reports.reconcile.scoring import Severity

SCHEMA_VERSION = "2.0.0"
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
SeverityId = Severity
PhaseId = Literal["now", "quarter", "later"]
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

SEVERITY_ORDER: tuple[Severity, ...] = tuple(Severity)
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


class Parameter(Part):
    name: str
    value: str
    source: str = Field(description="The workshop's own figure, or a stated default.")


class Scenario(Part):
    label: str
    factor: float = Field(description="Incident cost as a multiple of the workshop's figure.")
    now_avoided: int = Field(description="Avoided a year by the actions to approve now.")
    plan_avoided: int
    now_payback_months: float | None = Field(
        description="Months until the actions to approve now pay back, net of their upkeep."
    )


class ReductionRow(Part):
    decision: str
    range: str
    why: str


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
    parameters: list[Parameter] = Field(description="Each parameter with where it came from.")
    scenarios: list[Scenario] = Field(
        description="The plan's money if incidents cost half or twice the workshop's figure."
    )
    reductions: list[ReductionRow] = Field(
        description="Why each kind of decision removes the share of risk it does."
    )
    upkeep: list[str] = Field(description="How yearly upkeep costs are estimated.")


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
    severity: Severity
    capped: bool = Field(description="Item impact x dimension weight exceeded 5 and was capped.")
    derivation: list[str]
    basis: str = Field(description="Where the state risk behind the likelihood comes from.")
    formula: str = Field(description="The arithmetic, in one line.")


# ------------------------------------------------------------------------------- the sections


class Action(Part):
    """One action of the recommendation: what to approve now."""

    rank: int
    id: str
    action: str
    removes: str = Field(description="The risk it removes: the finding, stated as a fact.")
    severity: Severity
    owner: str
    due: dt.date
    due_proposed: bool = Field(description="The date is proposed, not recorded by the workshop.")
    effort_days: float
    one_off: int
    yearly: int
    annual_loss_avoided: int


class Recommendation(Part):
    ask: str = Field(description="The ask in one sentence.")
    actions: list[Action]
    effort_days: float
    one_off: int
    yearly: int
    annual_loss_avoided: int
    assumptions: str = Field(description="The parameters the money rests on, in one sentence.")
    next_decision: str = Field(default="", description="The larger decision to take next.")


class Summary(Part):
    headline: str
    paragraphs: list[str]
    decision_asked: str
    dimensions_total: int
    dimensions_diverging: int
    items_total: int
    items_flagged: int
    items_declared: int
    severity_counts: dict[Severity, int]
    corrections: int = Field(description="Beliefs the configuration corrects safely.")
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


class MapWords(Part):
    """One dimension of the map in words: who believes what, what configuration shows."""

    dimension: str
    title: str
    subject: str
    cto: str
    engineer: str
    configuration: str
    evidence: str
    meaning: str


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
    title: str = Field(description="The finding stated as a fact, from the answers.")
    prompt: str = Field(description="The question asked.")
    basis: str = Field(description="The evidence it rests on, or whose answer when none.")
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
    title: str
    fact: str = Field(description="The finding without the belief it contradicts.")
    prompt: str
    severity: Severity
    score: float
    phase: PhaseId
    phase_label: str
    depends_on: list[str] = Field(description="Titles of the steps to do first, with why.")
    decision: DecisionView
    risk_reduction: float = Field(description="Share of the gap's risk the decision removes.")
    risk_reduced: float = Field(description="Score points removed: score x risk reduction.")
    per_day: float = Field(description="Risk reduced per person-day: the ordering key.")
    cost: int = Field(description="One-off: effort x day rate, whole currency units.")
    upkeep_days: float
    recurring_yearly: int = Field(description="Every year after: upkeep days x day rate.")
    annual_loss: int = Field(description="Expected yearly incident cost attributed to the gap.")
    annual_loss_avoided: int
    payback_months: float | None
    cost_benefit: str = Field(description="The plan line in words, naming its parameters.")


class PhaseTotal(Part):
    phase: PhaseId
    label: str
    meaning: str
    steps: int
    effort_days: float
    cost: int
    recurring_yearly: int
    annual_loss_avoided: int


class PlanTotals(Part):
    """Sums of the plan's rows, in the same whole units the rows show."""

    steps: int
    effort_days: float
    cost: int
    recurring_yearly: int
    annual_loss: int
    annual_loss_avoided: int
    phases: list[PhaseTotal]


class AgendaEntry(Part):
    rank: int
    id: str
    dimension_title: str
    prompt: str
    cls: ClassId
    class_label: str
    severity: Severity
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
    title: str
    prompt: str
    help: str
    cls: ClassId
    class_label: str
    flagged: bool
    declared: bool
    correction: bool = Field(description="The configuration is safer than people believed.")
    severity: Severity | None
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


class Trend(Part):
    """What changed since an earlier audit (`stagegap report DIR --since OLD_DIR`)."""

    previous_date: dt.date
    previous_risks: int
    current_risks: int
    closed: list[str] = Field(description="Risks of the earlier register no longer in it.")
    new: list[str] = Field(description="Risks in this register that the earlier one lacked.")
    moved: list[str] = Field(description="Beliefs that moved toward the configuration.")
    overdue: list[str] = Field(description="Recorded decisions past their due date, not done.")
    due_soon: list[str] = Field(description="Recorded decisions due within 30 days.")


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
    recommendation: Recommendation
    summary: Summary
    map: list[MapRow]
    map_words: list[MapWords]
    corrections: list[MapWords] = Field(
        description="Beliefs the configuration corrects in the safe direction: not risks."
    )
    risk_register: list[RiskEntry]
    plan: list[PlanEntry]
    plan_totals: PlanTotals
    agenda: list[AgendaEntry]
    dimensions: list[DimensionDetail]
    declared: list[DeclaredDifference]
    inventory: Inventory
    method: list[MethodSection]
    trend: Trend | None = Field(default=None, description="Only with an earlier audit.")

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


__all__ = [
    "SCHEMA_VERSION",
    "Report",
    "report_json_schema",
]
