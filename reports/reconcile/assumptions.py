"""The plan's stated assumptions, as data a reader can audit in the method appendix.

Nothing here is measured: these are planning defaults, each with the reason it has the value it
has, so a finance reviewer can see what to replace with the organisation's own figures. The
questionnaire's remedies carry their own effort and risk reduction; the values below apply where
a remedy does not say (and explain the ranges the remedies use).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from stagegap.questionnaires.response import DecisionKind
from stagegap.reports.reconcile.scoring import Severity

LARGE_STEP_DAYS = 5.0
"""A step above this effort is a project to decide on, not an action to approve this month."""


class Phase(Enum):
    NOW = ("now", "Now", "this month: critical gaps a few days of work each can close", 0)
    QUARTER = (
        "quarter",
        "This quarter",
        "high gaps, and critical ones that need a project decision first",
        1,
    )
    LATER = ("later", "Later", "medium and low gaps, when the earlier phases are done", 2)

    def __init__(self, key: str, label: str, meaning: str, order: int) -> None:
        self.key = key
        self.label = label
        self.meaning = meaning
        self.order = order


PHASE_OF_SEVERITY: dict[Severity, Phase] = {
    Severity.CRITICAL: Phase.NOW,
    Severity.HIGH: Phase.QUARTER,
    Severity.MEDIUM: Phase.LATER,
    Severity.LOW: Phase.LATER,
}


def phase_for(severity: Severity, effort_days: float) -> Phase:
    phase = PHASE_OF_SEVERITY[severity]
    if phase is Phase.NOW and effort_days > LARGE_STEP_DAYS:
        return Phase.QUARTER
    return phase


DEFAULT_REDUCTION: dict[DecisionKind, float] = {
    DecisionKind.ELIMINATE: 0.9,
    DecisionKind.ACCEPT: 0.4,
    DecisionKind.TEST_ELSEWHERE: 0.6,
    DecisionKind.INTENTIONAL: 0.0,
}


@dataclass(frozen=True)
class ReductionBasis:
    kind: DecisionKind
    range: str
    why: str


REDUCTION_BASIS: tuple[ReductionBasis, ...] = (
    ReductionBasis(
        DecisionKind.ELIMINATE,
        "60-90%",
        "Removes the difference itself; what remains is the chance the fix is incomplete or "
        "drifts back (90% where staging's own resource replaces a shared one, lower where only "
        "a process changes).",
    ),
    ReductionBasis(
        DecisionKind.TEST_ELSEWHERE,
        "50-60%",
        "The gap stays, but a test that mirrors production catches most failures it causes "
        "before release; failures the test does not exercise still reach production.",
    ),
    ReductionBasis(
        DecisionKind.ACCEPT,
        "30-50%",
        "The gap stays; compensating controls (canaries, flags, alerts, allow-lists) shorten "
        "or contain an incident rather than prevent it.",
    ),
    ReductionBasis(
        DecisionKind.INTENTIONAL,
        "0%",
        "A declared difference is kept on purpose; it avoids no incident cost.",
    ),
)


UPKEEP_SHARE: dict[DecisionKind, float] = {
    DecisionKind.ELIMINATE: 0.1,
    DecisionKind.TEST_ELSEWHERE: 0.25,
    DecisionKind.ACCEPT: 0.2,
    DecisionKind.INTENTIONAL: 0.0,
}
"""Yearly upkeep as a share of the one-off effort: a removed gap needs little care, a test suite
needs maintaining as the code changes, and controls need reviewing."""


@dataclass(frozen=True)
class Upkeep:
    item: str
    kind: DecisionKind
    days_per_year: float
    what: str


UPKEEP_OVERRIDES: tuple[Upkeep, ...] = (
    Upkeep(
        "infrastructure.shared-layers",
        DecisionKind.ELIMINATE,
        12.0,
        "running a separate staging account with its own database server, registry and "
        "runners: about a day a month of operations (cloud charges come on top)",
    ),
    Upkeep(
        "traffic.load-testing",
        DecisionKind.TEST_ELSEWHERE,
        6.0,
        "a production-shaped load test before each major release, about six a year",
    ),
)


def upkeep_days(item_id: str, kind: DecisionKind, effort_days: float) -> float:
    for override in UPKEEP_OVERRIDES:
        if override.item == item_id and override.kind is kind:
            return override.days_per_year
    return round(effort_days * UPKEEP_SHARE[kind], 2)


@dataclass(frozen=True)
class Dependency:
    step: str
    requires: str
    why: str


DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency(
        "data.database-parity",
        "infrastructure.shared-layers",
        "staging's own database comes with the account split",
    ),
    Dependency(
        "deploys.background-jobs",
        "integrations.live-from-staging",
        "jobs may run in staging only once its integrations are sandboxed",
    ),
    Dependency(
        "deploys.background-jobs",
        "env-vars.credential-permissiveness",
        "jobs may run in staging only once it holds its own credentials",
    ),
    Dependency(
        "data.scale-verification",
        "data.size-ratio",
        "verifying on production-scale data needs that data in staging first",
    ),
    Dependency(
        "traffic.load-testing",
        "data.size-ratio",
        "a load test means little on a database a tenth of production's size",
    ),
    Dependency(
        "observability.alert-thresholds",
        "observability.tools",
        "alert rules need the metrics and error tracking they fire on",
    ),
    Dependency(
        "integrations.contract-tests",
        "integrations.difference-map",
        "contract tests check the differences the map lists",
    ),
)
"""'step' needs 'requires' done first; the plan orders and phases steps accordingly."""
