"""The check catalogue (checks.yaml): every kind of finding, with a stable id, its dimension,
questionnaire item, default severity, title, why it matters and a remedy.

One place feeds every output: SARIF's `rules`, `stagegap probe --list-checks`, the README's
table and the validation of ids in .stagegap.yaml. A finding's id starts with its check's id
(`env-vars/only-in-staging/api/DATABASE_URL` is a finding of `env-vars/only-in-staging`).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from stagegap.questionnaires.response import SEVERITY_ORDER, Severity

SIDES = {"staging": "production", "production": "staging"}


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    dimension: str
    item: str | None
    severity: Severity
    title: str
    why: str
    remedy: str


@cache
def catalogue() -> dict[str, Check]:
    """Every check by id, in the file's order."""
    text = resources.files("stagegap.probe").joinpath("checks.yaml").read_text("utf-8")
    out: dict[str, Check] = {}
    for entry in yaml.safe_load(text)["checks"]:
        for check in _expand(entry):
            if check.id in out:
                raise ValueError(f"checks.yaml: {check.id} is listed twice")
            out[check.id] = check
    return out


def _expand(entry: dict[str, Any]) -> list[Check]:
    """One check, or one per value of `each` (`side` or `dimension`) with `{side}` and
    `{other}`, or `{dimension}`, filled in."""
    each: dict[str, list[str]] = entry.get("each") or {"side": [""]}
    ((name, values),) = each.items()
    out = []
    for value in values:
        fill = {"side": "", "other": "", "dimension": ""}
        fill[name] = value
        if name == "side":
            fill["other"] = SIDES.get(value, "")

        def text(key: str, fill: dict[str, str] = fill) -> str:
            return " ".join(str(entry[key]).format(**fill).split())

        severity = str(entry["severity"])
        if severity not in SEVERITY_ORDER:
            raise ValueError(f"checks.yaml: {entry['id']} has no severity {severity!r}")
        title = text("title")
        out.append(
            Check(
                id=text("id"),
                dimension=text("id").split("/", 1)[0],
                item=entry.get("item"),
                severity=severity,  # type: ignore[arg-type]
                title=title[:1].upper() + title[1:],
                why=text("why"),
                remedy=text("remedy"),
            )
        )
    return out


def check_of(finding_id: str) -> str:
    """The check a finding belongs to: its id's first two parts."""
    return "/".join(finding_id.split("/")[:2])


def names_a_check(pattern: str) -> bool:
    """Whether a .stagegap.yaml id or glob can match a finding of some catalogued check."""
    head = check_of(pattern)
    return head in catalogue() or any(fnmatch.fnmatchcase(c, head) for c in catalogue())


def markdown_table() -> str:
    """The README's table of checks (`python -m stagegap.probe.checks --markdown`)."""
    lines = ["| check | severity | title |", "| --- | --- | --- |"]
    lines += [f"| `{c.id}` | {c.severity} | {c.title} |" for c in catalogue().values()]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--markdown"]:
        raise SystemExit("usage: python -m stagegap.probe.checks --markdown")
    print(markdown_table())
