"""Answers filled in offline: the blank template, and reading a filled one back.

The template is the questionnaire turned into a YAML file a person can fill in an editor,
with every prompt, option and scale in comments beside the field. Reading it back checks every
answer against its item before anything is written, so a typo on line 80 costs nothing that
was already saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from stagegap.questionnaires.answers import Answer, AnswerError, coerce_value
from stagegap.questionnaires.limits import MAX_ANSWER_ENTRIES, MAX_NAME_CHARS, MAX_TEXT_CHARS
from stagegap.questionnaires.model import CHOICE_TYPES, AnswerType, Item, Questionnaire, Role
from stagegap.questionnaires.yamlsource import (
    SourceError,
    SourceErrors,
    errors_from_validation,
    load_file,
)

_TYPE_HINTS: dict[AnswerType, str] = {
    AnswerType.SINGLE: "one option id",
    AnswerType.MULTI: "a list of option ids, e.g. [a, b]",
    AnswerType.ORDINAL: "one option id from the scale",
    AnswerType.NUMBER: "a number",
    AnswerType.YES_NO: "yes or no",
    AnswerType.DATE: "a date, YYYY-MM-DD",
    AnswerType.NAMES: "a list of names, e.g. [DATABASE_URL, STRIPE_KEY]",
    AnswerType.TEXT: "text",
}


class _FiledAnswer(Answer):
    """An answer as a file gives it: its texts bounded (README, "Limits"). The app's form
    builds plain Answers; a bound there belongs to the form, not to a crash on save."""

    not_applicable: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    note: str = Field(default="", max_length=MAX_TEXT_CHARS)


TOP_LEVEL_KEYS = ("role", "respondent", "answers")
_TOP_KEYS = ", ".join(TOP_LEVEL_KEYS)


def template(questionnaire: Questionnaire, role: Role) -> str:
    """A blank answer file for one role; blank values mean 'not answered yet'."""
    lines = [
        f"# stagegap answer file for the {role.label}",
        f"# questionnaire: {questionnaire.id} {questionnaire.version}",
        "#",
        "# Fill in 'value' for each item, or set 'dont_know: true', or",
        "# 'not_applicable: <why>'. 'confidence' is low, medium or high; 'note' is free text.",
        "# Leave an item blank to skip it. Import with:",
        f"#   stagegap answer WORKSPACE --role {role.value} --file THIS_FILE",
        "",
        f"role: {role.value}",
        'respondent: ""   # your name',
        "answers:",
    ]
    for dimension in questionnaire.dimensions:
        lines += ["", f"  # ── {dimension.title} " + "─" * max(0, 60 - len(dimension.title))]
        lines += [f"  # {dimension.question}"]
        for item in dimension.items:
            lines += _item_block(f"{dimension.id}.{item.id}", item, role)
    return "\n".join(lines) + "\n"


def _item_block(item_id: str, item: Item, role: Role) -> list[str]:
    out = ["", f"  # {item.prompt_for(role.value)}"]
    if item.help:
        out.append(f"  # ({item.help})")
    if item.type in CHOICE_TYPES:
        for option in item.options:
            out.append(f"  #   {option.id:<28} {option.label}")
    hint = _TYPE_HINTS[item.type]
    if item.unit:
        hint += f" in {item.unit}"
    if item.per_environment:
        out.append(f"  {item_id}:")
        out.append("    value:")
        out.append(f"      staging:       # {hint}")
        out.append(f"      production:    # {hint}")
    else:
        out.append(f"  {item_id}:")
        out.append(f"    value:           # {hint}")
    out.append("    confidence:      # low | medium | high")
    out.append('    note: ""')
    return out


def read_answer_file(
    path: Path, questionnaire: Questionnaire, role: Role, shown_as: str | None = None
) -> tuple[dict[str, Answer], str]:
    """Every filled answer, checked; raises SourceErrors naming file:line for any problem."""
    shown = shown_as or str(path)
    data, index = load_file(path, shown)
    if not isinstance(data, dict):
        raise SourceErrors([SourceError(shown, 1, "expected 'role:' and 'answers:' at the top")])
    errors: list[SourceError] = [
        SourceError(shown, index.line_of([key]), f"{key}: unknown key (expected {_TOP_KEYS})")
        for key in data
        if key not in TOP_LEVEL_KEYS
    ]
    declared = data.get("role")
    if declared is not None and declared != role.value:
        errors.append(
            SourceError(shown, index.line_of(["role"]), f"file is for {declared!r}, not {role}")
        )
    raw_answers = data.get("answers") or {}
    if not isinstance(raw_answers, dict):
        raise SourceErrors([SourceError(shown, index.line_of(["answers"]), "expected a mapping")])
    if len(raw_answers) > MAX_ANSWER_ENTRIES:
        message = f"{len(raw_answers)} entries under 'answers' (limit {MAX_ANSWER_ENTRIES})"
        raise SourceErrors([SourceError(shown, index.line_of(["answers"]), message)])
    answers: dict[str, Answer] = {}
    for item_id, raw in raw_answers.items():
        loc: list[str | int] = ["answers", str(item_id)]
        found = questionnaire.find(str(item_id))
        if found is None:
            errors.append(
                SourceError(
                    shown,
                    index.line_of(loc),
                    f"{item_id}: no such item in {questionnaire.id} {questionnaire.version}",
                )
            )
            continue
        answer = _read_one(raw, found[1], index, shown, loc, errors)
        if answer is not None:
            answers[str(item_id)] = answer
    respondent = str(data.get("respondent") or "").strip()
    if len(respondent) > MAX_NAME_CHARS:
        message = f"respondent: longer than {MAX_NAME_CHARS} characters"
        errors.append(SourceError(shown, index.line_of(["respondent"]), message))
    if errors:
        raise SourceErrors(errors)
    return answers, respondent


def _read_one(
    raw: Any, item: Item, index: Any, shown: str, loc: list[str | int], errors: list[SourceError]
) -> Answer | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raw = {"value": raw}
    raw = {k: v for k, v in raw.items() if not (k in ("confidence", "note") and v in (None, ""))}
    if _is_blank(raw.get("value")):
        raw.pop("value", None)  # the template's empty slots, even beside dont_know
    if raw.get("dont_know") is False:
        raw.pop("dont_know")
    if not raw.get("dont_know") and not raw.get("not_applicable") and "value" not in raw:
        return None  # not answered yet
    try:
        answer = Answer.model_validate(_FiledAnswer.model_validate(raw).model_dump())
    except ValidationError as exc:
        errors.extend(errors_from_validation(exc, index, shown, prefix=loc).errors)
        return None
    if answer.value is None:
        return answer
    try:
        return answer.model_copy(update={"value": coerce_value(item, answer.value)})
    except AnswerError as exc:
        line = index.line_of([*loc, "value"])
        errors.append(SourceError(shown, line, f"{loc[-1]}: {exc}"))
        return None


def _is_blank(value: Any) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, dict) and all(v is None or v == "" for v in value.values())
