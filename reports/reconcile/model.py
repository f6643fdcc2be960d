"""What reconciliation produces: plain dataclasses every renderer reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from stagegap.questionnaires.answers import Answer, Evidence
from stagegap.questionnaires.model import Dimension, Item, Questionnaire, Remedy, Role
from stagegap.questionnaires.response import Costs, Decision, DecisionKind, ProbeFinding
from stagegap.reports.reconcile.assumptions import Phase
from stagegap.reports.reconcile.classes import Classification, Divergence
from stagegap.reports.reconcile.scoring import Score


@dataclass(frozen=True)
class Suggestion:
    """The decision reconciliation proposes, or the one the workshop recorded."""

    kind: DecisionKind
    remedy: Remedy | None
    recorded: bool
    effort_days: float
    risk_reduction: float


@dataclass(frozen=True)
class ItemResult:
    dimension: Dimension
    item: Item
    answers: dict[Role, Answer | None]
    originals: dict[Role, Answer | None]
    """Sealed first answers of respondents who amended later (the report shows both)."""
    classification: Classification
    score: Score
    decision: Decision | None
    suggestion: Suggestion
    suppressed: bool
    findings: list[ProbeFinding] = field(default_factory=list)
    belief_correction: bool = False
    """The configuration is as safe as or safer than people believed: a map entry, not a risk."""

    @property
    def id(self) -> str:
        return f"{self.dimension.id}.{self.item.id}"

    @property
    def divergence(self) -> Divergence:
        return self.classification.divergence

    @property
    def evidence(self) -> list[Evidence]:
        probe = self.answers.get(Role.PROBE)
        return list(probe.evidence) if probe else []

    @property
    def flagged(self) -> bool:
        """In the risk register: not aligned, not a declared, unexpired difference, and not a
        belief the configuration corrects in the safe direction."""
        return (
            self.divergence is not Divergence.ALIGNED
            and not self.suppressed
            and not self.belief_correction
        )


def count_classes(results: list[ItemResult]) -> dict[Divergence, int]:
    """Every class, zero included, so tables and charts list them in one order."""
    counts = dict.fromkeys(Divergence, 0)
    for result in results:
        counts[result.divergence] += 1
    return counts


@dataclass(frozen=True)
class Cell:
    """One respondent in one dimension on the divergence map."""

    role: Role
    worst: Divergence
    answered: int
    dont_know: int
    implicated: int
    total: int


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    items: list[ItemResult]
    cells: dict[Role, Cell]

    @property
    def counts(self) -> dict[Divergence, int]:
        return count_classes(self.items)

    @property
    def diverges(self) -> bool:
        """Some answers here really differ (not merely unknown or unanswered)."""
        return any(r.flagged and r.divergence.disagreement for r in self.items)

    @property
    def score(self) -> float:
        return round(sum(r.score.value for r in self.items if r.flagged), 1)

    @property
    def worst(self) -> Divergence:
        flagged = [r for r in self.items if r.flagged]
        if not flagged:
            return Divergence.ALIGNED
        return max(flagged, key=lambda r: r.score.value).divergence


@dataclass(frozen=True)
class PlanStep:
    rank: int
    result: ItemResult
    kind: DecisionKind
    action: str
    effort_days: float
    cost: int
    """One-off: effort x day rate, in whole currency units."""
    upkeep_days: float
    recurring_yearly: int
    """Every year after: upkeep days x day rate, in whole currency units."""
    risk_reduced: float
    annual_loss: int
    """Expected yearly incident cost attributed to this gap, from the workshop's parameters."""
    annual_loss_avoided: int
    phase: Phase
    depends_on: tuple[str, ...] = ()
    """Item ids of the steps that must be done first."""

    @property
    def per_day(self) -> float:
        return self.risk_reduced / max(self.effort_days, 0.5)

    @property
    def payback_months(self) -> float | None:
        net = self.annual_loss_avoided - self.recurring_yearly
        if net <= 0:
            return None
        return self.cost / (net / 12.0)


@dataclass(frozen=True)
class Reconciliation:
    questionnaire: Questionnaire
    today: dt.date
    dimensions: list[DimensionResult]
    plan: list[PlanStep]
    costs: Costs
    respondents_present: dict[Role, bool]

    @property
    def items(self) -> list[ItemResult]:
        return [r for d in self.dimensions for r in d.items]

    @property
    def register(self) -> list[ItemResult]:
        """Every flagged item, worst first."""
        return sorted((r for r in self.items if r.flagged), key=lambda r: (-r.score.value, r.id))

    @property
    def corrections(self) -> list[ItemResult]:
        """Beliefs the configuration corrects in the safe direction (not in the register)."""
        return [r for r in self.items if r.belief_correction and not r.suppressed]

    @property
    def suppressed(self) -> list[ItemResult]:
        return [r for r in self.items if r.suppressed and r.divergence is not Divergence.ALIGNED]

    @property
    def counts(self) -> dict[Divergence, int]:
        return count_classes(self.items)

    @property
    def diverging_dimensions(self) -> list[DimensionResult]:
        return [d for d in self.dimensions if d.diverges]

    def result(self, item_id: str) -> ItemResult | None:
        return next((r for r in self.items if r.id == item_id), None)
