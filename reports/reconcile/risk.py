"""How risky is the state an answer describes? A number in [0, 1] from the item's weights."""

from __future__ import annotations

import datetime as dt

from stagegap.questionnaires.answers import Answer, Scalar
from stagegap.questionnaires.model import ENVIRONMENTS, AnswerType, Item
from stagegap.reports.reconcile.compare import scalar_same


def answer_risk(item: Item, answer: Answer, today: dt.date) -> float:
    """'I don't know' and 'does not apply' are never safe: they take the item's unknown risk."""
    if answer.value is None:
        return item.risk_when_unknown
    value = answer.value
    if item.per_environment and isinstance(value, dict):
        staging, production = (value[env] for env in ENVIRONMENTS)
        parts = [scalar_risk(item, staging, today), scalar_risk(item, production, today)]
        if not scalar_same(item, staging, production):
            parts.append(item.gap_risk)
        return max(parts)
    return scalar_risk(item, value, today)  # type: ignore[arg-type]


def scalar_risk(item: Item, value: Scalar, today: dt.date) -> float:
    kind = item.type
    if kind in (AnswerType.SINGLE, AnswerType.ORDINAL):
        option = item.option(str(value))
        return option.risk if option else item.risk_when_unknown
    if kind is AnswerType.MULTI:
        # Noisy-or: each shared layer is an independent way for staging to hurt production,
        # so adding one never lowers the risk and many moderate ones add up.
        safe = 1.0
        for option_id in value if isinstance(value, list) else [value]:
            option = item.option(str(option_id))
            safe *= 1.0 - (option.risk if option else item.risk_when_unknown)
        return 1.0 - safe
    if kind is AnswerType.YES_NO:
        return float(item.yes_risk if value else item.no_risk)  # type: ignore[arg-type]
    if kind is AnswerType.NUMBER:
        return _banded(item, float(value))  # type: ignore[arg-type]
    if kind is AnswerType.NAMES:
        return _banded(item, float(len(value) if isinstance(value, list) else 1))
    if kind is AnswerType.DATE and isinstance(value, dt.date):
        return _banded(item, float((today - value).days))
    return 0.0


def _banded(item: Item, measure: float) -> float:
    for band in item.bands:
        if measure < band.below:
            return band.risk
    return item.bands[-1].risk if item.bands else 0.0
