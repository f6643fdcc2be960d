"""One respondent's answer to one item, and how it is checked against the item.

"I don't know" and "does not apply" are answers in their own right, never blanks: a blank is
"not answered yet", which reconciliation and the report show differently.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from stagegap.questionnaires.limits import EARLIEST_DATE, MAX_DAYS_AHEAD, MAX_TEXT_CHARS
from stagegap.questionnaires.model import CHOICE_TYPES, ENVIRONMENTS, AnswerType, Item

Scalar = str | float | bool | dt.date | list[str]
Value = Scalar | dict[str, Scalar]


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> float:
        """0 for a guess, 1 for certainty; used to rank confident contradictions higher."""
        return {"low": 0.0, "medium": 0.5, "high": 1.0}[self.value]


class Evidence(BaseModel):
    """Where the probe saw something. Excerpts are redacted before they get here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    line: int | None = None
    excerpt: str = ""
    environment: str | None = None


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Value | None = None
    dont_know: bool = False
    not_applicable: str | None = Field(
        default=None, description="Why the item does not apply; never counted as safe."
    )
    confidence: Confidence | None = None
    note: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    answered_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> Answer:
        kinds = [self.value is not None, self.dont_know, self.not_applicable is not None]
        if sum(kinds) != 1:
            raise ValueError(
                "an answer is exactly one of: a value, dont_know: true, or not_applicable: <reason>"
            )
        if self.not_applicable is not None and not self.not_applicable.strip():
            raise ValueError("not_applicable needs a reason")
        return self

    @property
    def is_value(self) -> bool:
        return self.value is not None

    @classmethod
    def unknown(cls, note: str = "") -> Answer:
        return cls(dont_know=True, note=note)


class AnswerError(ValueError):
    """An answer that does not fit its item; the message names what is wrong."""


def _coerce_scalar(item: Item, raw: Any) -> Scalar:
    kind = item.type
    if kind in (AnswerType.SINGLE, AnswerType.ORDINAL):
        if not isinstance(raw, str) or item.option(raw) is None:
            raise AnswerError(f"{raw!r} is not one of {[o.id for o in item.options]}")
        return raw
    if kind is AnswerType.MULTI:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise AnswerError("expected a list of option ids")
        unknown = [x for x in raw if item.option(x) is None]
        if unknown:
            raise AnswerError(f"{unknown} not among {[o.id for o in item.options]}")
        chosen = sorted(set(raw))
        exclusive = [x for x in chosen if item.option(x).exclusive]  # type: ignore[union-attr]
        if exclusive and len(chosen) > 1:
            raise AnswerError(f"{exclusive[0]!r} cannot be combined with other options")
        if not chosen:
            raise AnswerError("choose at least one option (or answer dont_know)")
        return chosen
    if kind is AnswerType.NUMBER:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise AnswerError(f"expected a number in {item.unit}, got {raw!r}")
        if not math.isfinite(raw) or raw < 0:
            raise AnswerError(f"expected a non-negative number in {item.unit}, got {raw!r}")
        return float(raw)
    if kind is AnswerType.YES_NO:
        if not isinstance(raw, bool):
            raise AnswerError(f"expected yes or no (true/false), got {raw!r}")
        return raw
    if kind is AnswerType.DATE:
        return _plausible(_as_date(raw))
    if kind is AnswerType.NAMES:
        if isinstance(raw, str):
            raw = [part.strip() for part in raw.split(",")]
        if not isinstance(raw, list):
            raise AnswerError("expected a list of names")
        names = sorted({str(x).strip() for x in raw if str(x).strip()})
        return names
    if not isinstance(raw, str | int | float):
        raise AnswerError("expected text")
    if len(str(raw)) > MAX_TEXT_CHARS:
        raise AnswerError(f"text longer than {MAX_TEXT_CHARS} characters")
    return str(raw)


def _as_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise AnswerError(f"expected a date as YYYY-MM-DD, got {raw!r}")


def _plausible(day: dt.date) -> dt.date:
    """A date an audit can mean: 9999-12-31 or 0001-01-01 is a typo, not a state to score."""
    latest = dt.date.today() + dt.timedelta(days=MAX_DAYS_AHEAD)
    if not EARLIEST_DATE <= day <= latest:
        raise AnswerError(
            f"{day.isoformat()} is not a plausible date "
            f"(between {EARLIEST_DATE.isoformat()} and {latest.isoformat()})"
        )
    return day


def coerce_value(item: Item, raw: Any) -> Value:
    """Check and normalise a raw value for an item (sets sorted, numbers as floats)."""
    if item.per_environment:
        if not isinstance(raw, dict) or set(raw) != set(ENVIRONMENTS):
            raise AnswerError("expected one value each for 'staging' and 'production'")
        return {env: _coerce_scalar(item, raw[env]) for env in ENVIRONMENTS}
    return _coerce_scalar(item, raw)


def checked(item: Item, answer: Answer) -> Answer:
    """The answer with its value normalised for the item, or AnswerError."""
    if answer.value is None:
        return answer
    return answer.model_copy(update={"value": coerce_value(item, answer.value)})


def describe(item: Item, answer: Answer | None) -> str:
    """Human wording of an answer, for tables and reports."""
    if answer is None:
        return "not answered"
    if answer.dont_know:
        return "I don't know"
    if answer.not_applicable is not None:
        return f"does not apply ({answer.not_applicable})"
    value = answer.value
    if isinstance(value, dict):
        return "; ".join(f"{env}: {_describe_scalar(item, v)}" for env, v in value.items())
    return _describe_scalar(item, value)  # type: ignore[arg-type]


def _describe_scalar(item: Item, value: Scalar) -> str:
    if item.type in CHOICE_TYPES:
        ids = value if isinstance(value, list) else [value]
        labels = [item.option(str(i)).label if item.option(str(i)) else str(i) for i in ids]  # type: ignore[union-attr]
        return ", ".join(labels)
    if item.type is AnswerType.YES_NO:
        return "yes" if value else "no"
    if item.type is AnswerType.NUMBER:
        number = float(value)  # type: ignore[arg-type]
        unit = item.unit or ""
        if number == 1 and unit.endswith("s"):
            unit = unit[:-1]  # "1 replica", "1 day"
        return f"{number:g} {unit}"
    if item.type is AnswerType.NAMES:
        return ", ".join(value) if isinstance(value, list) and value else "(none)"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
