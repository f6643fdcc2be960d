"""Scoring and decision rules that look beyond one item's three answers, kept as data with ids.

Two kinds, both deliberate exceptions to the per-item arithmetic of scoring.py and plan.py:

- Compound risks: an item whose state is harmless alone and dangerous next to another item's
  state. Scheduled jobs that run in staging on production's schedule are parity (good) until
  staging holds live vendor keys or production's credentials: then every billing run or
  newsletter in staging reaches real customers. The item's state risk is raised and says why.
- Never accept: gaps where documenting and accepting is not a responsible suggestion, because
  the state exposes production itself (its credentials or its data). The plan suggests
  eliminating or testing elsewhere instead; a workshop may still record what it decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CompoundRisk:
    id: str
    item: str
    """The item whose state risk is raised."""
    states: frozenset[str]
    """The item's option ids to which the rule applies."""
    partners: tuple[str, ...]
    """Items of which one must show a risky state for the rule to apply."""
    partner_risk: float
    """A partner's state risk at or above which it counts as risky."""
    raised_risk: float
    reason: str


COMPOUND_RISKS: tuple[CompoundRisk, ...] = (
    CompoundRisk(
        id="jobs-with-live-vendors",
        item="deploys.background-jobs",
        states=frozenset({"same-schedule", "different-schedule", "partly-disabled"}),
        partners=("integrations.live-from-staging", "env-vars.credential-permissiveness"),
        partner_risk=0.6,
        raised_risk=0.9,
        reason="scheduled jobs run in staging while staging uses live vendors or production's "
        "credentials, so a staging run can bill, email or message real customers",
    ),
)


@dataclass(frozen=True)
class NeverAccept:
    id: str
    item: str
    reason: str


NEVER_ACCEPT: tuple[NeverAccept, ...] = (
    NeverAccept(
        "production-credentials",
        "env-vars.credential-permissiveness",
        "production credentials in staging let any staging mistake act on production",
    ),
    NeverAccept(
        "reach-production-data",
        "infrastructure.network-reachability",
        "staging able to reach production's databases can change production data",
    ),
    NeverAccept(
        "shared-data-layers",
        "infrastructure.shared-layers",
        "a database server shared with production puts production data in staging's reach",
    ),
)
NEVER_ACCEPT_ITEMS: Mapping[str, NeverAccept] = {rule.item: rule for rule in NEVER_ACCEPT}


def compound_rule(
    item_id: str, state: str | None, partner_risks: Mapping[str, float]
) -> CompoundRisk | None:
    """The first compound rule raising this item in this state, given partners' state risks."""
    for rule in COMPOUND_RISKS:
        if rule.item != item_id or state not in rule.states:
            continue
        if any(partner_risks.get(p, 0.0) >= rule.partner_risk for p in rule.partners):
            return rule
    return None
