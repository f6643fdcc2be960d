"""Load and identify questionnaires: the bundled one, or a team's own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from stagegap.questionnaires.model import Questionnaire
from stagegap.questionnaires.yamlsource import (
    SourceError,
    SourceErrors,
    errors_from_validation,
    load_file,
)

BUNDLED_PATH = Path(__file__).with_name("staging-production-gap.yaml")


def load_questionnaire(
    path: Path, shown_as: str | None = None, *, known_rules: Collection[str] | None = None
) -> Questionnaire:
    """Parse and validate; raises SourceErrors whose messages name file, line and field.

    known_rules: the probe rules that exist. The questionnaire package knows nothing of the
    probe (it is imported by it), so the caller that sees both, the command line, passes
    them; an item bound to a rule that does not exist would silently never be answered.
    """
    shown = shown_as or str(path)
    data, index = load_file(path, shown)
    if not isinstance(data, dict):
        raise SourceErrors([SourceError(shown, 1, "a questionnaire is a mapping with 'id'")])
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise errors_from_validation(exc, index, shown) from None
    if known_rules is not None:
        unknown = [
            SourceError(
                shown,
                index.line_of(["dimensions", d, "items", i, "probe", "rule"]),
                f"{dimension.id}.{item.id}: probe rule {item.probe.rule!r} does not exist",
            )
            for d, dimension in enumerate(questionnaire.dimensions)
            for i, item in enumerate(dimension.items)
            if item.probe.rule is not None and item.probe.rule not in known_rules
        ]
        if unknown:
            raise SourceErrors(unknown)
    return questionnaire


@cache
def bundled() -> Questionnaire:
    return load_questionnaire(BUNDLED_PATH, "staging-production-gap.yaml")


def digest(questionnaire: Questionnaire) -> str:
    """Identifies the content, not the file's whitespace: what answers were given against."""
    blob = json.dumps(questionnaire.model_dump(mode="json"), sort_keys=True).encode()
    return "sha256:" + hashlib.sha256(blob).hexdigest()
