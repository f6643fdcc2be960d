"""What a rule hands back: findings (gaps) and proposals (raw answers with their evidence)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stagegap.probe.facts import Fact
from stagegap.questionnaires.answers import Confidence, Evidence
from stagegap.questionnaires.response import ProbeFinding, Severity


@dataclass
class Proposal:
    """A raw answer; the engine checks it against the item (coerce_value) before use."""

    value: Any
    confidence: Confidence
    note: str
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Outcome:
    findings: list[ProbeFinding] = field(default_factory=list)
    proposals: dict[str, Proposal] = field(default_factory=dict)


def evidence(facts: Iterable[Fact], limit: int = 8) -> list[Evidence]:
    """Evidence in environment order, one per place, staging first then production."""
    chosen = facts if isinstance(facts, list) else list(facts)
    if len(chosen) == 1:  # the usual case: one place, nothing to order or merge
        return [_evidence(chosen[0])] if limit > 0 else []
    seen: set[tuple[str, int | None]] = set()
    out: list[Evidence] = []
    for fact in sorted(chosen, key=_place_order):
        place = (fact.where.path, fact.where.line)
        if place in seen:
            continue
        seen.add(place)
        out.append(_evidence(fact))
        if len(out) >= limit:
            break
    return out


_ENV_ORDER = {"staging": 0, "production": 1, "shared": 2}


def _place_order(fact: Fact) -> tuple[int, str, int]:
    return (_ENV_ORDER[fact.env], fact.where.path, fact.where.line or 0)


def _evidence(fact: Fact) -> Evidence:
    where = fact.where
    return Evidence(path=where.path, line=where.line, excerpt=where.excerpt, environment=fact.env)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def finding(
    dimension: str,
    check: str,
    key: str,
    severity: Severity,
    summary: str,
    details: str,
    facts: Iterable[Fact],
    *,
    item: str | None = None,
    service: str | None = None,
) -> ProbeFinding:
    """Ids are stable across runs (dimension/check/service/key) so .stagegap.yaml can name them."""
    parts = [dimension, check, service or "-", slug(key)]
    return ProbeFinding(
        id="/".join(parts),
        dimension=dimension,
        severity=severity,
        summary=summary,
        details=details,
        item=item,
        service=service,
        evidence=evidence(facts),
    )


def where(facts: Iterable[Fact]) -> str:
    places = sorted(
        {f"{f.where.path}:{f.where.line}" if f.where.line else f.where.path for f in facts}
    )
    return ", ".join(places[:4]) + (" …" if len(places) > 4 else "")


def svc(service: str | None) -> str:
    return f"[{service}] " if service else ""
