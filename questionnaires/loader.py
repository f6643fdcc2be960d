"""Load and identify questionnaires: the bundled one, or a team's own."""

from __future__ import annotations

import hashlib
import json
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


def load_questionnaire(path: Path, shown_as: str | None = None) -> Questionnaire:
    """Parse and validate; raises SourceErrors whose messages name file, line and field."""
    shown = shown_as or str(path)
    data, index = load_file(path, shown)
    if not isinstance(data, dict):
        raise SourceErrors([SourceError(shown, 1, "a questionnaire is a mapping with 'id'")])
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise errors_from_validation(exc, index, shown) from None


@cache
def bundled() -> Questionnaire:
    return load_questionnaire(BUNDLED_PATH, "staging-production-gap.yaml")


def digest(questionnaire: Questionnaire) -> str:
    """Identifies the content, not the file's whitespace: what answers were given against."""
    blob = json.dumps(questionnaire.model_dump(mode="json"), sort_keys=True).encode()
    return "sha256:" + hashlib.sha256(blob).hexdigest()
