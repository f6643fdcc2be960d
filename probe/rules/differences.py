"""Findings from the generic differ: every difference the dimension rules did not already
report, classified by the catalogue (probe/classification.yaml).

A classified difference becomes a finding of its class's check at that check's severity; one
that is different by design (each environment's own namespace or host name) and one nothing
classifies are findings at info, so every difference the probe saw is in the JSON, the SARIF
and the report, and none is silently dropped. A difference whose places the dimension rules
already cite is theirs: their finding says more (shared servers, sandbox keys, alert routes).
"""

from __future__ import annotations

from collections.abc import Iterable

from stagegap.probe.checks import catalogue
from stagegap.probe.differ import Classified, Difference, classify, differences, shown
from stagegap.probe.facts import Env
from stagegap.probe.rules.common import Outcome, finding, svc
from stagegap.probe.rules.view import View
from stagegap.probe.secrets import Observed
from stagegap.questionnaires.response import ProbeFinding


def evaluate(view: View, reported: Iterable[ProbeFinding] = ()) -> Outcome:
    """Findings for the differences no earlier finding cites."""
    cited = {(e.path, e.line) for f in reported for e in f.evidence}
    names = _names(view)
    out = Outcome()
    for difference in differences(view):
        places = {(f.where.path, f.where.line) for f in difference.facts() if f.env != "shared"}
        if places and places <= cited:
            continue
        out.findings.append(_finding(classify(difference), names))
    return out


def _names(view: View) -> dict[Env, str]:
    """What the repository calls each compared side (uat, dev, prod...)."""
    comparison = view.envs.comparison
    staging = comparison.pre_production if comparison else None
    production = comparison.production if comparison else None
    return {
        "staging": staging.name if staging else "staging",
        "production": production.name if production else "production",
    }


def _finding(item: Classified, names: dict[Env, str]) -> ProbeFinding:
    difference = item.difference
    check = catalogue()[item.check]
    meaning = item.of.meaning if item.of else "setting"
    severity = item.of.severity if item.of else check.severity
    key = difference.key
    if difference.only is not None:
        value = _value(difference.values(difference.only))
        said = f" ({value})" if value else ""
        summary = f"{svc(difference.service)}{key} is set in {names[difference.only]} only{said}"
    else:
        left = _value(difference.values("staging"))
        right = _value(difference.values("production"))
        if left and right:
            summary = (
                f"{svc(difference.service)}{key} differs: {left} in {names['staging']}, "
                f"{right} in {names['production']}"
            )
        elif item.of is not None and item.of.secrets:
            summary = (
                f"{svc(difference.service)}{key}: {names['staging']} and {names['production']} "
                "each hold their own secret value"
            )
        else:
            summary = (
                f"{svc(difference.service)}{key} differs between {names['staging']} and "
                f"{names['production']} (values not shown: they may be secret)"
            )
    if item.of is not None and not item.by_design:
        summary = f"{item.of.meaning.capitalize()}: {summary}"
    if item.of is None:
        details = f"An other difference ({difference.kind}): {check.why}"
    elif item.by_design:
        details = f"Different by design ({meaning}): {check.why}"
    else:
        details = f"The {meaning} differs. {check.why} {check.remedy}"
    dimension, name = item.check.split("/", 1)
    return _safe_excerpts(
        finding(
            dimension,
            name,
            f"{difference.kind}.{key}" if item.of is None else key,
            severity,
            summary,
            details,
            difference.facts(),
            item=check.item,
            service=difference.service,
        ),
        difference,
    )


def _safe_excerpts(found: ProbeFinding, difference: Difference) -> ProbeFinding:
    """Evidence excerpts rebuilt with only the values that cannot be secret: a source's
    excerpt shows any value the redactor let through, the differ's findings show less."""
    by_place = {(f.where.path, f.where.line): f for f in difference.facts()}
    evidence = []
    for ev in found.evidence:
        fact = by_place.get((ev.path, ev.line))
        if fact is not None:
            value = shown(fact.value)
            excerpt = f"{fact.key}={value}" if value else fact.key
            ev = ev.model_copy(update={"excerpt": excerpt})
        evidence.append(ev)
    return found.model_copy(update={"evidence": evidence})


def _value(values: list[Observed]) -> str | None:
    """One printable value for a side, or None when any could be secret or there are several."""
    rendered = {shown(v) for v in values}
    if len(rendered) != 1 or None in rendered:
        return None
    return next(iter(rendered))
