"""The one integration point: live findings, answers and source lines merged into a probe
result. A live answer replaces the files' answer for its item (the running system over its
description), and says so in its note."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from stagegap.probe import intentional
from stagegap.probe.live.outcome import LiveOutcome
from stagegap.probe.live.run import LiveRequest, read_live
from stagegap.questionnaires.answers import Answer, AnswerError, coerce_value, describe
from stagegap.questionnaires.model import Questionnaire
from stagegap.questionnaires.response import SEVERITY_ORDER, DeclaredIntentional

if TYPE_CHECKING:
    from stagegap.probe.engine import ProbeResult


def apply_live(
    result: ProbeResult,
    request: LiveRequest,
    questionnaire: Questionnaire | None = None,
    today: dt.date | None = None,
) -> LiveOutcome:
    """Read the live sources and fold what they say into `result` (in place). Their
    credentials join the run's redactor, so every output's final scrub covers them too."""
    for target in (*request.databases, *request.metrics, *request.clusters):
        for secret in target.secrets():
            result.redactor.remember(secret)
    outcome = read_live(request, result.facts)
    merge(result, outcome, questionnaire, today)
    return outcome


def merge(
    result: ProbeResult,
    outcome: LiveOutcome,
    questionnaire: Questionnaire | None = None,
    today: dt.date | None = None,
) -> None:
    from stagegap.probe.engine import DIMENSION_ORDER

    if questionnaire is None:
        from stagegap.questionnaires.loader import bundled

        questionnaire = bundled()
    declared = intentional.load(result.root, []).intentional
    day = today or dt.date.today()
    known = {f.id for f in result.findings}
    for finding in outcome.findings:
        if finding.id in known:
            continue
        known.add(finding.id)
        entry = intentional.match(declared, finding.id, day)
        if entry is not None:
            result.intentional[finding.id] = entry
            finding = finding.model_copy(
                update={
                    "intentional": DeclaredIntentional(
                        reason=entry.reason, owner=entry.owner, expires=entry.expires
                    )
                }
            )
        result.findings.append(finding)
    result.findings.sort(
        key=lambda f: (-SEVERITY_ORDER[f.severity], DIMENSION_ORDER.get(f.dimension, 99), f.id)
    )
    items = {f"{d.id}.{i.id}": i for d, i in questionnaire.items()}
    for key, proposal in outcome.proposals.items():
        item = items.get(key)
        if item is None:
            continue
        try:
            value = coerce_value(item, proposal.value)
        except AnswerError as exc:
            result.warnings.append(f"live {key}: answer does not fit the item: {exc}")
            continue
        note = proposal.note
        before = result.answers.get(key)
        if before is not None:
            note += f" (the files said: {describe(item, before)})"
        result.answers[key] = Answer(
            value=value,
            confidence=proposal.confidence,
            note=note,
            evidence=proposal.evidence[:10],
        )
    result.warnings += outcome.warnings
    if outcome.sources:
        result.environments["live"] = outcome.sources
