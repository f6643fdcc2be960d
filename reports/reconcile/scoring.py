"""Severity: likelihood x impact on the familiar 5 x 5 grid, with every factor kept.

    state risk   how dangerous the real (or most likely) state is, from the item's weights
    blindness    how unseen it is, from the divergence class (a shared blind spot is worst)
    confidence   a confident respondent contradicted by the configuration ranks higher
    likelihood = 1 + 4 x state risk x (0.5 + 0.5 x blindness) x (0.8 + 0.2 x confidence)
    impact     = item impact (1-5) x dimension weight, capped at 5
    score      = likelihood x impact (1-25); critical >= 16, high >= 9, medium >= 4

The derivation travels with the score so a report can explain any number it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from stagegap.questionnaires.answers import Answer, Confidence, describe
from stagegap.questionnaires.model import HUMAN_ROLES, Dimension, Item, Role
from stagegap.reports.reconcile.classes import Classification, Divergence
from stagegap.reports.reconcile.risk import answer_risk
from stagegap.reports.reconcile.rules import CompoundRisk

IMPACT_CAP = 5.0


class Severity(StrEnum):
    """The one definition of the severity words every view and report uses."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_BANDS: tuple[tuple[float, Severity], ...] = (
    (16.0, Severity.CRITICAL),
    (9.0, Severity.HIGH),
    (4.0, Severity.MEDIUM),
    (0.0, Severity.LOW),
)
"""Lowest score of each severity, worst first."""


@dataclass(frozen=True)
class Score:
    state_risk: float
    state_basis: str
    blindness: float
    confidence: float
    confidence_basis: str
    likelihood: float
    impact: float
    value: float
    severity: Severity
    divergence: Divergence
    item_impact: int
    dimension_weight: float

    def derivation(self) -> list[str]:
        """The score in steps a reader can check by hand."""
        return [
            f"State risk {self.state_risk:.2f}: {self.state_basis}.",
            f"Blindness {self.blindness:.2f}: {self.divergence.label.lower()} "
            f"({self.divergence.meaning.rstrip('.').lower()}).",
            f"Confidence {self.confidence:.2f}: {self.confidence_basis}.",
            f"Likelihood = 1 + 4 x {self.state_risk:.2f} x (0.5 + 0.5 x {self.blindness:.2f})"
            f" x (0.8 + 0.2 x {self.confidence:.2f}) = {self.likelihood:.1f} of 5.",
            f"Impact = item impact {self.item_impact} x dimension weight "
            f"{self.impact_arithmetic} of 5.",
            f"Score = {self.likelihood:.1f} x {self.impact:.1f} = {self.value:.1f} of 25: "
            f"{self.severity}.",
        ]

    @property
    def capped(self) -> bool:
        return self.item_impact * self.dimension_weight > IMPACT_CAP

    @property
    def impact_arithmetic(self) -> str:
        """'4 x 1.2 = 4.8', or '5 x 1.2, capped at 5' where the cap applies."""
        product = f"{self.item_impact} x {self.dimension_weight:g}"
        if self.capped:
            return f"{product}, capped at {IMPACT_CAP:g}"
        return f"{product} = {self.impact:.1f}"


def severity_of(value: float) -> Severity:
    return next(name for floor, name in SEVERITY_BANDS if value >= floor)


def state_risk(item: Item, answers: dict[Role, Answer | None], today: dt.date) -> tuple[float, str]:
    """The configuration's answer when the probe saw it; otherwise the riskier human answer.

    Prudence, not pessimism: when nobody can check, the worse of two beliefs may be the true
    one, and an unanswered item is scored as unknown, never as safe.
    """
    probe = answers.get(Role.PROBE)
    if probe is not None and not probe.dont_know:
        risk = answer_risk(item, probe, today)
        return risk, f"the configuration shows '{describe(item, probe)}'"
    scored = [
        (answer_risk(item, a, today), role)
        for role in HUMAN_ROLES
        if (a := answers.get(role)) is not None
    ]
    if not scored:
        return item.risk_when_unknown, "nobody has answered, scored as unknown"
    risk, role = max(scored, key=lambda pair: pair[0])
    shown = describe(item, answers[role])
    return (
        risk,
        f"configuration cannot show it; the riskier human answer is the {role.label}'s '{shown}'",
    )


def contradicted_confidence(
    classification: Classification, answers: dict[Role, Answer | None]
) -> tuple[float, str]:
    """Highest confidence among humans the configuration contradicts (0.5 when none is)."""
    wrong = [
        role
        for role in HUMAN_ROLES
        if classification.divergence.implicates(role, classification.dont_know)
        and classification.divergence
        in (
            Divergence.SHARED_BLIND_SPOT,
            Divergence.LEADERSHIP_BLIND_SPOT,
            Divergence.TEAM_BLIND_SPOT,
            Divergence.THREE_WAY_SPLIT,
        )
    ]
    if not wrong:
        return 0.5, "nobody is contradicted by the configuration (neutral)"
    levels = []
    for role in wrong:
        answer = answers.get(role)
        level = Confidence(answer.confidence) if answer and answer.confidence else Confidence.MEDIUM
        levels.append((level.weight, role, level))
    weight, role, level = max(levels, key=lambda entry: entry[0])
    return weight, f"the {role.label} was contradicted with {level.value} confidence"


CONTRADICTING_CLASSES = frozenset(
    {
        Divergence.SHARED_BLIND_SPOT,
        Divergence.LEADERSHIP_BLIND_SPOT,
        Divergence.TEAM_BLIND_SPOT,
        Divergence.THREE_WAY_SPLIT,
    }
)
"""Classes where the configuration's answer contradicts at least one person's."""


def safer_than_believed(
    item: Item,
    answers: dict[Role, Answer | None],
    classification: Classification,
    score: Score,
    today: dt.date,
) -> bool:
    """The configuration contradicts someone, and its state is no riskier than any belief.

    Such an item corrects a belief rather than revealing a risk: the report shows it on the map
    and keeps it out of the register and the plan.
    """
    probe = answers.get(Role.PROBE)
    if probe is None or probe.dont_know or classification.divergence not in CONTRADICTING_CLASSES:
        return False
    believed = [
        answer_risk(item, a, today)
        for role in HUMAN_ROLES
        if (a := answers.get(role)) is not None and not a.dont_know
    ]
    return bool(believed) and score.state_risk <= min(believed) + 1e-9


def score_item(
    dimension: Dimension,
    item: Item,
    answers: dict[Role, Answer | None],
    classification: Classification,
    today: dt.date,
    compound: CompoundRisk | None = None,
) -> Score:
    risk, basis = state_risk(item, answers, today)
    if compound is not None and compound.raised_risk > risk:
        basis += f", raised to {compound.raised_risk:.2f} because {compound.reason}"
        risk = compound.raised_risk
    blindness = classification.divergence.blindness
    confidence, confidence_basis = contradicted_confidence(classification, answers)
    likelihood = min(5.0, 1.0 + 4.0 * risk * (0.5 + 0.5 * blindness) * (0.8 + 0.2 * confidence))
    impact = min(IMPACT_CAP, item.impact * dimension.weight)
    value = round(likelihood * impact, 1)
    return Score(
        state_risk=risk,
        state_basis=basis,
        blindness=blindness,
        confidence=confidence,
        confidence_basis=confidence_basis,
        likelihood=round(likelihood, 2),
        impact=round(impact, 2),
        value=value,
        severity=severity_of(value),
        divergence=classification.divergence,
        item_impact=item.impact,
        dimension_weight=dimension.weight,
    )
