"""Answers: 'I don't know' is first class, 'does not apply' needs a reason, values fit items."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from stagegap.questionnaires.answers import Answer, AnswerError, coerce_value, describe
from stagegap.questionnaires.loader import bundled


def item(item_id: str):  # type: ignore[no-untyped-def]
    found = bundled().find(item_id)
    assert found is not None
    return found[1]


def test_dont_know_excludes_a_value() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        Answer(value="x", dont_know=True)


def test_an_empty_answer_is_not_an_answer() -> None:
    with pytest.raises(ValidationError):
        Answer()


def test_does_not_apply_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="reason"):
        Answer(not_applicable="  ")
    assert Answer(not_applicable="we have no staging database").not_applicable


def test_exclusive_none_cannot_be_combined() -> None:
    layers = item("infrastructure.shared-layers")
    with pytest.raises(AnswerError, match="cannot be combined"):
        coerce_value(layers, ["none", "ci-runners"])
    assert coerce_value(layers, ["network", "ci-runners", "network"]) == ["ci-runners", "network"]


def test_unknown_option_is_rejected_with_the_choices() -> None:
    with pytest.raises(AnswerError, match="about-equal"):
        coerce_value(item("traffic.request-ratio"), "about-the-same")


def test_per_environment_needs_both_values() -> None:
    replicas = item("traffic.replicas")
    with pytest.raises(AnswerError, match="staging"):
        coerce_value(replicas, 3)
    assert coerce_value(replicas, {"staging": 1, "production": 6}) == {
        "staging": 1.0,
        "production": 6.0,
    }


def test_numbers_dates_and_booleans_are_checked() -> None:
    with pytest.raises(AnswerError):
        coerce_value(item("traffic.replicas"), {"staging": "one", "production": 2})
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        coerce_value(item("env-vars.map-verified-on"), "last spring")
    assert coerce_value(item("env-vars.map-verified-on"), "2026-03-01") == dt.date(2026, 3, 1)
    with pytest.raises(AnswerError, match="yes or no"):
        coerce_value(item("data.migration-lint"), "maybe")


def test_describe_reads_like_a_person() -> None:
    layers = item("infrastructure.shared-layers")
    assert describe(layers, None) == "not answered"
    assert describe(layers, Answer(dont_know=True)) == "I don't know"
    text = describe(layers, Answer(value=["ci-runners"]))
    assert "runner" in text.lower()


def test_numbers_read_with_their_unit() -> None:
    replicas = item("traffic.replicas")
    assert describe(replicas, Answer(value={"staging": 1.0, "production": 6.0})) == (
        "staging: 1 replica; production: 6 replicas"
    )
