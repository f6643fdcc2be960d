"""A team's own questionnaire: mistakes must be reported as file:line: field."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagegap.questionnaires.loader import bundled, digest, load_questionnaire
from stagegap.questionnaires.yamlsource import SourceErrors

GOOD = """\
id: custom
version: "1.2"
title: Our own lens
dimensions:
  - id: queues
    title: Queues
    question: Do staging and production share a broker?
    why: A shared broker lets a staging consumer eat production messages.
    items:
      - id: shared-broker
        prompt: Is the broker shared?
        type: yes_no
        yes_risk: 0.9
        no_risk: 0.0
        probe: {not_observable: "broker tenancy is not in configuration"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(text)
    return path


def test_a_valid_custom_questionnaire_loads(tmp_path: Path) -> None:
    q = load_questionnaire(write(tmp_path, GOOD))
    assert q.item_ids() == ["queues.shared-broker"]


def test_missing_field_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("        yes_risk: 0.9\n", ""))
    with pytest.raises(SourceErrors) as caught:
        load_questionnaire(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:10:")
    assert "dimensions.0.items.0" in message and "yes_risk" in message


def test_wrong_value_points_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("yes_risk: 0.9", "yes_risk: 7"))
    with pytest.raises(SourceErrors) as caught:
        load_questionnaire(path)
    assert str(caught.value).startswith(f"{path}:13: dimensions.0.items.0.yes_risk:")


def test_unknown_key_is_an_error_not_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD.replace("        no_risk: 0.0\n", "        no_risk: 0.0\n        colour: red\n"),
    )
    with pytest.raises(SourceErrors) as caught:
        load_questionnaire(path)
    assert "colour" in str(caught.value) and ":15:" in str(caught.value)


def test_yaml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("title: Queues", "title: [Queues"))
    with pytest.raises(SourceErrors) as caught:
        load_questionnaire(path)
    assert "not valid YAML" in str(caught.value)
    assert caught.value.errors[0].line is not None


def test_duplicate_item_ids_are_rejected(tmp_path: Path) -> None:
    item = GOOD[GOOD.index("      - id: shared-broker") :]
    with pytest.raises(SourceErrors, match="unique"):
        load_questionnaire(write(tmp_path, GOOD + item))


def test_digest_identifies_content_not_whitespace(tmp_path: Path) -> None:
    a = load_questionnaire(write(tmp_path, GOOD))
    b = load_questionnaire(write(tmp_path, GOOD.replace("title: Queues", "title:    Queues")))
    c = load_questionnaire(write(tmp_path, GOOD.replace("yes_risk: 0.9", "yes_risk: 0.8")))
    assert digest(a) == digest(b) != digest(c)


def test_bundled_questionnaire_has_the_seven_dimensions() -> None:
    ids = [d.id for d in bundled().dimensions]
    assert ids == [
        "infrastructure",
        "env-vars",
        "traffic",
        "data",
        "deploys",
        "integrations",
        "observability",
    ]
