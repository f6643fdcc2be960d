"""What a live comparison hands back to the probe: findings in the catalogue's terms,
proposed answers with live evidence, one line per source that could not be read, and a
summary of every source (where, when, what was read) for the JSON contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from stagegap.probe.checks import catalogue
from stagegap.probe.live.catalogue import Ratio
from stagegap.probe.live.targets import LiveTarget
from stagegap.probe.rules.common import slug
from stagegap.questionnaires.answers import Confidence, Evidence
from stagegap.questionnaires.response import ProbeFinding, Severity


@dataclass
class LiveProposal:
    """A raw answer for one item (`dimension.item`); checked against the item on merge."""

    value: Any
    confidence: Confidence
    note: str
    evidence: list[Evidence]


@dataclass
class LiveOutcome:
    findings: list[ProbeFinding] = field(default_factory=list)
    proposals: dict[str, LiveProposal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def extend(self, other: LiveOutcome) -> None:
        self.findings += other.findings
        self.proposals.update(other.proposals)
        self.warnings += other.warnings
        self.sources += other.sources


S = TypeVar("S")


@dataclass(frozen=True)
class SourceRead(Generic[S]):
    """What one source said, and when: the state a reader returned for one environment."""

    target: LiveTarget
    state: S
    read_at: dt.datetime

    @property
    def env(self) -> str:
        return self.target.env

    def evidence(self, obj: str, seen: str) -> Evidence:
        """`<kind>:<env>/<obj>`, the excerpt naming where it was read (host, file or
        context: never a credential) and when."""
        where = self.target.shown.split("@", 1)[1]
        return live_evidence(
            self.target.kind.value, self.env, obj, f"{where}: {seen}; {read_note(self.read_at)}"
        )


def stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_note(at: dt.datetime) -> str:
    """The words that mark an answer or finding as live state, for reports as they are."""
    return f"read from live state at {stamp(at)}"


def live_evidence(kind: str, env: str, obj: str, excerpt: str) -> Evidence:
    """`postgres:staging/public.orders`: the source kind, the environment and the object;
    the excerpt says what was seen (never a credential: the host is named by `safe_host`)."""
    return Evidence(path=f"{kind}:{env}/{obj}", excerpt=excerpt[:300], environment=env)


def live_finding(
    check: str,
    key: str,
    summary: str,
    details: str,
    evidence: list[Evidence],
    *,
    severity: Severity | None = None,
) -> ProbeFinding:
    """A finding of a catalogued check: dimension, item and default severity come from
    probe/checks.yaml, so the catalogue stays the one list of finding kinds."""
    entry = catalogue()[check]
    return ProbeFinding(
        id=f"{check}/-/{slug(key)}",
        dimension=entry.dimension,
        severity=severity or entry.severity,
        summary=summary,
        details=details,
        item=entry.item,
        evidence=evidence[:8],
    )


def ratio_bucket(pre: float, prod: float, ratio: Ratio) -> str:
    """The option for staging:production = pre:prod: the first bucket whose
    production-to-staging factor is above the measured one; staging at or above production is
    the ratio's `equal` option."""
    if pre >= prod:
        return ratio.equal
    factor = prod / pre if pre > 0 else float("inf")
    for limit, option in ratio.buckets:
        if factor < limit:
            return option
    return ratio.buckets[-1][1]


def one_in(pre: float, prod: float) -> str:
    """'1:120' style ratio text."""
    if pre <= 0:
        return "none in staging"
    factor = prod / pre
    return f"1:{factor:,.0f}" if factor >= 1 else f"{1 / factor:,.1f}:1"


def propose_ratio(
    out: LiveOutcome,
    item: str,
    option: str,
    note: str,
    evidence: list[Evidence],
    gap: tuple[str, str, str],
    severity: Severity | None = None,
) -> None:
    """A measured ratio's answer (high confidence: it was measured), and a finding of the
    `gap` check (check, key, summary) unless the two are about equal."""
    out.proposals[item] = LiveProposal(option, Confidence.HIGH, note, evidence)
    if option != "about-equal":
        check, key, summary = gap
        out.findings.append(live_finding(check, key, summary, note, evidence, severity=severity))
