"""The classification catalogue (classification.yaml): what a difference between the compared
environments means.

The generic differ (probe/differ.py) reports every key whose effective value differs; this
catalogue says which check such a difference belongs to (hence its dimension, questionnaire
item and default severity), how a finding names it, and whether it is simply how two
environments are meant to differ (their own namespace, cluster, host name). Kept as data so a
reviewer reads and extends it without Python; the loader validates every entry once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from stagegap.probe.checks import catalogue
from stagegap.probe.facts import Kind
from stagegap.questionnaires.response import SEVERITY_ORDER, Severity

_FIELDS = {
    "id",
    "check",
    "meaning",
    "severity",
    "by_design",
    "kinds",
    "keys",
    "values",
    "modes",
    "env_named",
    "secrets",
    "when",
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class CatalogueError(ValueError):
    """classification.yaml is malformed: the message names the entry."""


@dataclass(frozen=True, slots=True)
class Class:
    """One entry: the conditions a difference must meet, and what it then is."""

    id: str
    check: str
    meaning: str
    severity: Severity
    by_design: bool = False
    kinds: frozenset[Kind] = frozenset()
    keys: tuple[re.Pattern[str], ...] = ()
    values: tuple[re.Pattern[str], ...] = ()
    modes: frozenset[str] = frozenset()
    env_named: bool = False
    secrets: bool = False
    either: bool = False  # also a key set on one side only
    one_side_only: bool = False  # only a key set on one side

    def wants_key(self, kind: str, key: str) -> bool:
        """The conditions on the fact kind and the key path (read as snake_case)."""
        if self.kinds and kind not in self.kinds:
            return False
        if self.keys:
            path = snake(key)
            return any(pattern.search(path) for pattern in self.keys)
        return True


@dataclass(frozen=True, slots=True)
class Catalogue:
    classes: tuple[Class, ...]
    other_check: str  # with {dimension}
    other_dimensions: dict[str, str]
    other_default: str
    platform_namespaces: frozenset[str] = frozenset()

    def other(self, kind: str) -> str:
        """The check of an unclassified difference of this kind of fact."""
        dimension = self.other_dimensions.get(kind, self.other_default)
        return self.other_check.format(dimension=dimension)


def snake(key: str) -> str:
    """`api.replicaCount` -> `api.replica_count`: one spelling for the patterns to match."""
    return _CAMEL.sub("_", key).replace("-", "_").lower()


@cache
def classification() -> Catalogue:
    """The bundled catalogue, read and validated once."""
    text = resources.files("stagegap.probe").joinpath("classification.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))


def parse(data: Any) -> Catalogue:
    """Validate the whole document; every error names the entry."""
    if not isinstance(data, dict) or not isinstance(data.get("classes"), list):
        raise CatalogueError("classification.yaml: a mapping with a 'classes' list")
    checks = catalogue()
    classes: list[Class] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["classes"]):
        entry = _entry(raw, index, checks)
        if entry.id in seen:
            raise CatalogueError(f"classification.yaml: {entry.id} is listed twice")
        seen.add(entry.id)
        classes.append(entry)
    other = data.get("other") or {}
    dimensions = {str(k): str(v) for k, v in (other.get("dimensions") or {}).items()}
    template = str(other.get("check", "{dimension}/other-difference"))
    default = str(other.get("default", "infrastructure"))
    for dimension in {*dimensions.values(), default}:
        if template.format(dimension=dimension) not in checks:
            raise CatalogueError(
                f"classification.yaml: other: no check {template.format(dimension=dimension)}"
            )
    platform = frozenset(str(n) for n in data.get("platform_namespaces") or ())
    return Catalogue(tuple(classes), template, dimensions, default, platform)


def _entry(raw: Any, index: int, checks: dict[str, Any]) -> Class:
    where = f"classification.yaml: classes[{index}]"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: each entry is a mapping")
    name = raw.get("id")
    where = f"{where} ({name})"
    unknown = set(raw) - _FIELDS
    if unknown:
        raise CatalogueError(f"{where}: unknown fields {sorted(unknown)}")
    if not isinstance(name, str) or not name:
        raise CatalogueError(f"{where}: 'id' is required")
    check = checks.get(str(raw.get("check")))
    if check is None:
        raise CatalogueError(f"{where}: no check {raw.get('check')!r} in checks.yaml")
    severity = raw.get("severity", "info" if raw.get("by_design") else check.severity)
    if severity not in SEVERITY_ORDER:
        raise CatalogueError(f"{where}: no severity {severity!r}")
    kinds = set()
    for kind in raw.get("kinds") or ():
        try:
            kinds.add(Kind(kind))
        except ValueError:
            raise CatalogueError(f"{where}: no fact kind {kind!r}") from None
    when = raw.get("when", "both")
    if when not in ("both", "either", "one"):
        raise CatalogueError(f"{where}: 'when' is both, either or one")
    return Class(
        id=name,
        check=check.id,
        meaning=str(raw.get("meaning") or check.title),
        severity=severity,
        by_design=bool(raw.get("by_design", False)),
        kinds=frozenset(kinds),
        keys=_patterns(raw.get("keys"), f"{where}: keys"),
        values=_patterns(raw.get("values"), f"{where}: values"),
        modes=frozenset(str(m) for m in raw.get("modes") or ()),
        env_named=bool(raw.get("env_named", False)),
        secrets=bool(raw.get("secrets", False)),
        either=when in ("either", "one"),
        one_side_only=when == "one",
    )


def _patterns(raw: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise CatalogueError(f"{where}: a list of regular expressions")
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in raw)
    except re.error as exc:
        raise CatalogueError(f"{where}: bad regular expression: {exc}") from None
