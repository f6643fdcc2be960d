"""The divergence classes of DESIGN.md, and how three answers fall into one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stagegap.questionnaires.answers import Answer
from stagegap.questionnaires.model import HUMAN_ROLES, Item, Role
from stagegap.reports.reconcile.compare import distance, same


class Divergence(StrEnum):
    ALIGNED = "aligned"
    SHARED_BLIND_SPOT = "shared_blind_spot"
    LEADERSHIP_BLIND_SPOT = "leadership_blind_spot"
    TEAM_BLIND_SPOT = "team_blind_spot"
    THREE_WAY_SPLIT = "three_way_split"
    UNKNOWN = "unknown"
    UNVERIFIED_AGREEMENT = "unverified_agreement"
    UNVERIFIED_DISAGREEMENT = "unverified_disagreement"
    NOT_ANSWERED = "not_answered"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def meaning(self) -> str:
        return _LABELS[self][1]

    @property
    def blindness(self) -> float:
        """How unseen the real state is: 0 when everyone sees it, 1 when nobody does."""
        return _BLINDNESS[self]

    @property
    def disagreement(self) -> bool:
        """The answers given differ. Not knowing and not having answered are not disagreeing."""
        return self in _DISAGREEMENTS

    def implicates(self, role: Role, dont_know: frozenset[Role] = frozenset()) -> bool:
        """Whose picture is wrong or missing, so the map can colour that respondent's cell."""
        if self is Divergence.UNKNOWN:
            return role in dont_know
        return role in _IMPLICATED[self]


_LABELS: dict[Divergence, tuple[str, str]] = {
    Divergence.ALIGNED: ("Aligned", "CTO, engineer and configuration agree."),
    Divergence.SHARED_BLIND_SPOT: (
        "Shared blind spot",
        "CTO and engineer agree, and the configuration contradicts them both.",
    ),
    Divergence.LEADERSHIP_BLIND_SPOT: (
        "Leadership blind spot",
        "The engineer and the configuration agree; the CTO's picture differs.",
    ),
    Divergence.TEAM_BLIND_SPOT: (
        "Team blind spot",
        "The CTO and the configuration agree; the engineer's picture differs.",
    ),
    Divergence.THREE_WAY_SPLIT: ("Three-way split", "All three answers differ."),
    Divergence.UNKNOWN: ("Unknown", 'A respondent answered "I don\'t know".'),
    Divergence.UNVERIFIED_AGREEMENT: (
        "Unverified agreement",
        "CTO and engineer agree; configuration cannot confirm it.",
    ),
    Divergence.UNVERIFIED_DISAGREEMENT: (
        "Unverified disagreement",
        "CTO and engineer disagree; configuration cannot settle it.",
    ),
    Divergence.NOT_ANSWERED: ("Not answered", "A respondent has not answered yet."),
}

_BLINDNESS: dict[Divergence, float] = {
    Divergence.ALIGNED: 0.0,
    Divergence.UNVERIFIED_AGREEMENT: 0.3,
    Divergence.NOT_ANSWERED: 0.5,
    Divergence.TEAM_BLIND_SPOT: 0.6,
    Divergence.UNVERIFIED_DISAGREEMENT: 0.6,
    Divergence.LEADERSHIP_BLIND_SPOT: 0.8,
    Divergence.UNKNOWN: 0.8,
    Divergence.THREE_WAY_SPLIT: 0.9,
    Divergence.SHARED_BLIND_SPOT: 1.0,
}

_IMPLICATED: dict[Divergence, frozenset[Role]] = {
    Divergence.ALIGNED: frozenset(),
    Divergence.SHARED_BLIND_SPOT: frozenset(HUMAN_ROLES),
    Divergence.LEADERSHIP_BLIND_SPOT: frozenset({Role.CTO}),
    Divergence.TEAM_BLIND_SPOT: frozenset({Role.ENGINEER}),
    Divergence.THREE_WAY_SPLIT: frozenset(Role),
    Divergence.UNKNOWN: frozenset(),
    Divergence.UNVERIFIED_AGREEMENT: frozenset({Role.PROBE}),
    Divergence.UNVERIFIED_DISAGREEMENT: frozenset({Role.CTO, Role.ENGINEER, Role.PROBE}),
    Divergence.NOT_ANSWERED: frozenset(),
}


_DISAGREEMENTS = frozenset(
    {
        Divergence.SHARED_BLIND_SPOT,
        Divergence.LEADERSHIP_BLIND_SPOT,
        Divergence.TEAM_BLIND_SPOT,
        Divergence.THREE_WAY_SPLIT,
        Divergence.UNVERIFIED_DISAGREEMENT,
    }
)


@dataclass(frozen=True)
class Classification:
    divergence: Divergence
    dont_know: frozenset[Role] = frozenset()
    missing: frozenset[Role] = frozenset()
    agreeing: frozenset[frozenset[Role]] = frozenset()
    """Pairs of respondents whose answers count as the same."""


def classify(item: Item, answers: dict[Role, Answer | None]) -> Classification:
    cto, engineer, probe = (answers.get(role) for role in (Role.CTO, Role.ENGINEER, Role.PROBE))
    dont_know = frozenset(r for r in HUMAN_ROLES if (a := answers.get(r)) and a.dont_know)
    missing = frozenset(r for r in HUMAN_ROLES if answers.get(r) is None)
    if dont_know:
        return Classification(Divergence.UNKNOWN, dont_know, missing)
    if cto is None or engineer is None:
        return Classification(Divergence.NOT_ANSWERED, dont_know, missing)
    humans_agree = same(item, cto, engineer)
    if probe is None or probe.dont_know:
        kind = (
            Divergence.UNVERIFIED_AGREEMENT if humans_agree else Divergence.UNVERIFIED_DISAGREEMENT
        )
        pairs = frozenset({frozenset(HUMAN_ROLES)}) if humans_agree else frozenset()
        return Classification(kind, agreeing=pairs)
    candidates = {
        frozenset({Role.CTO, Role.ENGINEER}): (cto, engineer),
        frozenset({Role.ENGINEER, Role.PROBE}): (engineer, probe),
        frozenset({Role.CTO, Role.PROBE}): (cto, probe),
    }
    agreeing = [pair for pair, (a, b) in candidates.items() if same(item, a, b)]
    if len(agreeing) == 3:
        return Classification(Divergence.ALIGNED, agreeing=frozenset(agreeing))
    if len(agreeing) == 2:
        # Tolerances are not transitive (A~B, B~C, A!~C): keep the closer pair, preferring the
        # pair that includes the configuration when they are equally close.
        order = list(candidates)
        agreeing = [
            min(
                agreeing,
                key=lambda p: (distance(item, *candidates[p]), Role.PROBE not in p, order.index(p)),
            )
        ]
    if not agreeing:
        return Classification(Divergence.THREE_WAY_SPLIT)
    pair = agreeing[0]
    kind = {
        frozenset({Role.CTO, Role.ENGINEER}): Divergence.SHARED_BLIND_SPOT,
        frozenset({Role.ENGINEER, Role.PROBE}): Divergence.LEADERSHIP_BLIND_SPOT,
        frozenset({Role.CTO, Role.PROBE}): Divergence.TEAM_BLIND_SPOT,
    }[pair]
    return Classification(kind, agreeing=frozenset({pair}))
