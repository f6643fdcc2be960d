"""Findings stated as facts: what the configuration shows, what people believe, what it means.

A register title reads "<subject>: <what is true>", followed by the belief it contradicts; an
entry without configuration evidence says whose answers it rests on.
"""

from __future__ import annotations

from stagegap.questionnaires.answers import Answer, describe
from stagegap.questionnaires.model import HUMAN_ROLES, Role
from stagegap.reports.model import MapWords
from stagegap.reports.reconcile import DimensionResult, Divergence, ItemResult
from stagegap.reports.reconcile.scoring import Severity
from stagegap.reports.statements import subject

# ------------------------------------------------------------------------------- facts, beliefs


def said(result: ItemResult, role: Role) -> str:
    """What one respondent said, in words a sentence can quote."""
    answer: Answer | None = result.answers.get(role)
    if role is Role.PROBE and not result.item.observable:
        return "cannot show this"
    if answer is None:
        return "has not answered"
    if answer.dont_know:
        return "does not know"
    return describe(result.item, answer)


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def _who(role: Role) -> str:
    return role.label if role is Role.CTO else role.label.lower()


def fact(result: ItemResult) -> str:
    """The finding in one clause: what the configuration shows, else what people say."""
    head = subject(result.id, result.dimension.title)
    cto, engineer = said(result, Role.CTO), said(result, Role.ENGINEER)
    cls = result.divergence
    if result.item.observable and result.answers.get(Role.PROBE) is not None:
        return f"{head}: {said(result, Role.PROBE)}"
    if cls is Divergence.UNVERIFIED_AGREEMENT:
        return f"{head}: {cto}, by both accounts; configuration cannot confirm it"
    if cls is Divergence.UNVERIFIED_DISAGREEMENT:
        return f"{head}: the CTO says {_quoted(cto)}, the engineer {_quoted(engineer)}"
    if cls is Divergence.UNKNOWN:
        parts = [
            f"the {_who(r)} does not know"
            if said(result, r) == "does not know"
            else f"the {_who(r)} says {_quoted(said(result, r))}"
            for r in HUMAN_ROLES
        ]
        return f"{head}: " + ", ".join(parts)
    if cls is Divergence.NOT_ANSWERED:
        return f"{head}: not answered yet"
    return f"{head}: {cto}"


_BELIEF: dict[Divergence, str] = {
    Divergence.SHARED_BLIND_SPOT: ", though both CTO and engineer believe {cto}",
    Divergence.LEADERSHIP_BLIND_SPOT: ", though the CTO believes {cto}",
    Divergence.TEAM_BLIND_SPOT: ", though the engineer believes {engineer}",
    Divergence.THREE_WAY_SPLIT: "; the CTO and the engineer each believe something else",
}


def title(result: ItemResult) -> str:
    """The finding as a fact, with the belief it contradicts: the register's title."""
    text = fact(result)
    observed = result.item.observable and result.answers.get(Role.PROBE) is not None
    clause = _BELIEF.get(result.divergence)
    if observed and clause:
        text += clause.format(
            cto=_quoted(said(result, Role.CTO)), engineer=_quoted(said(result, Role.ENGINEER))
        )
    return text


def basis(result: ItemResult, severity: Severity) -> str:
    """What an entry rests on: configuration evidence, or whose answers when there is none."""
    evidence = result.evidence
    if evidence:
        shown = ", ".join(f"{e.path}:{e.line}" if e.line else e.path for e in evidence[:3])
        more = f" and {len(evidence) - 3} more" if len(evidence) > 3 else ""
        return f"Configuration: {shown}{more}."
    answered = [
        f"the {r.label if r is Role.CTO else r.label.lower()}'s"
        for r in HUMAN_ROLES
        if (a := result.answers.get(r)) is not None and not a.dont_know
    ]
    who = " and ".join(answered) if answered else "nobody's"
    reason = (
        "configuration cannot show this"
        if not result.item.observable
        else "the configuration probe cites no file"
    )
    prefix = (
        "No configuration evidence"
        if severity in (Severity.CRITICAL, Severity.HIGH)
        else ("No file evidence")
    )
    return f"{prefix} ({reason}): rests on {who} answer{'s' if len(answered) > 1 else ''}."


_MEANING: dict[Divergence, str] = {
    Divergence.SHARED_BLIND_SPOT: "Both people share a picture the configuration contradicts: "
    "nobody is watching the real state.",
    Divergence.LEADERSHIP_BLIND_SPOT: "The team knows; leadership's picture is out of date.",
    Divergence.TEAM_BLIND_SPOT: "Leadership's picture is right; the team works from another.",
    Divergence.THREE_WAY_SPLIT: "Nobody holds the picture the configuration shows.",
    Divergence.UNKNOWN: "Someone responsible cannot say; that gap is unmanaged.",
    Divergence.UNVERIFIED_AGREEMENT: "Both agree, but only a check outside the configuration "
    "can confirm it.",
    Divergence.UNVERIFIED_DISAGREEMENT: "They disagree and configuration cannot settle it: "
    "someone must look.",
    Divergence.NOT_ANSWERED: "Not answered yet.",
    Divergence.ALIGNED: "Everyone's picture matches the configuration.",
}


def map_words(result: ItemResult, correction: bool = False) -> MapWords:
    evidence = result.evidence
    shown = ", ".join(f"{e.path}:{e.line}" if e.line else e.path for e in evidence[:2])
    meaning = _MEANING[result.divergence]
    if correction:
        meaning = (
            "The configuration is as safe as or safer than believed: a belief to correct, "
            "not a risk."
        )
    return MapWords(
        dimension=result.dimension.id,
        title=result.dimension.title,
        subject=subject(result.id, result.dimension.title),
        cto=said(result, Role.CTO),
        engineer=said(result, Role.ENGINEER),
        configuration=said(result, Role.PROBE),
        evidence=shown,
        meaning=meaning,
    )


def dimension_words(dim: DimensionResult) -> MapWords | None:
    """The dimension's worst flagged finding in words (its first item when nothing diverges)."""
    flagged = [r for r in dim.items if r.flagged]
    if not flagged:
        return None
    return map_words(max(flagged, key=lambda r: (r.score.value, r.id)))
