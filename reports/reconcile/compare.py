"""When are two answers 'the same'? One comparator per answer type.

Tolerances are deliberate: a CTO who says "about 1:10" and a config showing 1:8 agree; a set
of shared layers that overlaps mostly agrees. Items can tighten or loosen them in the YAML.
"""

from __future__ import annotations

import datetime as dt

from stagegap.questionnaires.answers import Answer, Scalar
from stagegap.questionnaires.model import ENVIRONMENTS, AnswerType, Item

DEFAULT_SET_OVERLAP = 0.6
DEFAULT_ORDINAL_STEPS = 0
DEFAULT_NUMERIC_RATIO = 1.5
DEFAULT_DATE_DAYS = 31


def distance(item: Item, a: Answer, b: Answer) -> float:
    """0 for identical, 1 for as far apart as the type allows."""
    if a.not_applicable is not None or b.not_applicable is not None:
        return 0.0 if (a.not_applicable is not None) == (b.not_applicable is not None) else 1.0
    if a.value is None or b.value is None:
        return 1.0
    if item.per_environment and isinstance(a.value, dict) and isinstance(b.value, dict):
        parts = [scalar_distance(item, a.value[env], b.value[env]) for env in ENVIRONMENTS]
        return max(parts)
    return scalar_distance(item, a.value, b.value)  # type: ignore[arg-type]


def same(item: Item, a: Answer, b: Answer) -> bool:
    if a.not_applicable is not None or b.not_applicable is not None:
        return (a.not_applicable is not None) and (b.not_applicable is not None)
    if a.value is None or b.value is None:
        return False
    if item.per_environment and isinstance(a.value, dict) and isinstance(b.value, dict):
        return all(scalar_same(item, a.value[env], b.value[env]) for env in ENVIRONMENTS)
    return scalar_same(item, a.value, b.value)  # type: ignore[arg-type]


def scalar_same(item: Item, a: Scalar, b: Scalar) -> bool:
    kind = item.type
    if kind in (AnswerType.MULTI, AnswerType.NAMES):
        threshold = item.compare.set_overlap
        return jaccard(a, b) >= (threshold if threshold is not None else DEFAULT_SET_OVERLAP)
    if kind is AnswerType.ORDINAL:
        steps = item.compare.ordinal_steps
        allowed = steps if steps is not None else DEFAULT_ORDINAL_STEPS
        return _ordinal_steps(item, a, b) <= allowed
    if kind is AnswerType.NUMBER:
        ratio = item.compare.numeric_ratio
        return numeric_ratio(a, b) <= (ratio if ratio is not None else DEFAULT_NUMERIC_RATIO)
    if kind is AnswerType.DATE:
        days = item.compare.date_days
        return _days_apart(a, b) <= (days if days is not None else DEFAULT_DATE_DAYS)
    if kind is AnswerType.TEXT:
        return str(a).strip().casefold() == str(b).strip().casefold()
    return a == b


def scalar_distance(item: Item, a: Scalar, b: Scalar) -> float:
    kind = item.type
    if kind in (AnswerType.MULTI, AnswerType.NAMES):
        return 1.0 - jaccard(a, b)
    if kind is AnswerType.ORDINAL:
        return _ordinal_steps(item, a, b) / max(1, len(item.options) - 1)
    if kind is AnswerType.NUMBER:
        ratio = numeric_ratio(a, b)
        return 1.0 - 1.0 / ratio if ratio != float("inf") else 1.0
    if kind is AnswerType.DATE:
        return min(1.0, _days_apart(a, b) / 365.0)
    return 0.0 if scalar_same(item, a, b) else 1.0


def jaccard(a: Scalar, b: Scalar) -> float:
    left = {str(x).casefold() for x in (a if isinstance(a, list) else [a])}
    right = {str(x).casefold() for x in (b if isinstance(b, list) else [b])}
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def numeric_ratio(a: Scalar, b: Scalar) -> float:
    x, y = float(a), float(b)  # type: ignore[arg-type]
    low, high = min(x, y), max(x, y)
    if high == 0:
        return 1.0
    if low <= 0:
        return float("inf")
    return high / low


def _ordinal_steps(item: Item, a: Scalar, b: Scalar) -> int:
    ids = [o.id for o in item.options]
    return abs(ids.index(str(a)) - ids.index(str(b)))


def _days_apart(a: Scalar, b: Scalar) -> int:
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return abs((a - b).days)
    return 0 if a == b else 10**6
