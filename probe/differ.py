"""The generic differ: every key whose effective value differs between the compared
environments, whatever file format it came from.

Facts are grouped by service, kind and key path; each side's effective facts are its own, else
the shared base's (rules/view.py). A key whose values differ, or that one side sets and the
other does not, is a Difference. What it means is the classification catalogue's business
(classification.py); this module only finds differences and says which values may be shown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from stagegap.probe.classification import Catalogue, Class, classification
from stagegap.probe.environments import words
from stagegap.probe.facts import Attribute, Env, Fact, Kind
from stagegap.probe.rules.view import Side, View, absent_from, only_side, workloads
from stagegap.probe.secrets import BOOL_WORDS, HOST, NUMBER, Observed

# The kinds whose facts are configuration values a side has (not events such as a CI trigger,
# which the deploys rules compare with their own meaning).
DIFFED_KINDS = (
    Kind.SETTING,
    Kind.ENV,
    Kind.REPLICAS,
    Kind.AUTOSCALE_MIN,
    Kind.AUTOSCALE_MAX,
    Kind.IMAGE,
    Kind.NAMESPACE,
    Kind.CLUSTER,
    Kind.KUBE_CONTEXT,
    Kind.ACCOUNT,
    Kind.INGRESS_HOST,
)
# Values that cannot be secret, beyond numbers, booleans and host names: sizes (512Mi, 2GB,
# 250m), versions and image tags (v1.4.2, 1.9.2-alpine), image references.
SIZE = re.compile(r"^\d+(\.\d+)?\s?([KMGTP]i?B?|[kmgtp]b?|m|vcpu|cpu|gb|mb)?$", re.I)
VERSION = re.compile(r"^[v~^>=<]*\s?\d+(\.[\dx*]+)*([-+][\w.]{1,40})?$")
IMAGE_REF = re.compile(r"^[a-z0-9]+([._/-][a-z0-9]+)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$")
# Keys a parser adds about the file, not configuration (python-hcl2's `__comments__`).
PARSER_KEYS = re.compile(r"(^|\.)__\w+__")
_TOKENS = re.compile(r"[-_.:/ ]+")
# Words a host name carries besides the environment's name (www.example.com is production's
# staging.example.com): they do not make two names different on their own.
NEUTRAL_WORDS = frozenset({"www", "app", "web"})


@dataclass(frozen=True, slots=True)
class Difference:
    """One key whose effective value differs between the compared sides."""

    service: str | None
    kind: str
    key: str
    staging: tuple[Fact, ...]
    production: tuple[Fact, ...]

    @property
    def only(self) -> Env | None:
        return only_side(self.staging, self.production)

    def facts(self) -> list[Fact]:
        return [*self.staging, *(f for f in self.production if f not in self.staging)]

    @property
    def ambiguous(self) -> bool:
        """A side holds several values for the key (facts that name no component, from
        several files): what differs cannot be told, so no class is claimed for it."""
        return len(_identity(list(self.staging))) > 1 or len(_identity(list(self.production))) > 1

    def values(self, env: Env) -> list[Observed]:
        return [f.value for f in (self.staging if env == "staging" else self.production)]


@dataclass(frozen=True, slots=True)
class Classified:
    """A difference and what the catalogue says it is (`of` None: an other difference)."""

    difference: Difference
    of: Class | None
    check: str

    @property
    def by_design(self) -> bool:
        return self.of is not None and self.of.by_design


def differences(view: View) -> list[Difference]:
    """Every differing key, in service, kind and key order (computed once per view)."""
    found = view.memo.get("differences")
    if found is None:
        found = view.memo["differences"] = list(_differences(view))
    return list(found)


def _differences(view: View) -> list[Difference]:
    out: list[Difference] = []
    for kind in DIFFED_KINDS:
        for side in _sides(view, kind):
            if PARSER_KEYS.search(side.key):
                continue
            staging = [f for f in side.staging if not f.value.placeholder]
            production = [f for f in side.production if not f.value.placeholder]
            if not staging and not production:
                continue
            if not any(f.env != "shared" for f in (*staging, *production)):
                continue  # the shared base alone: the same on both sides
            if staging and production and _identity(staging) == _identity(production):
                continue
            if not (staging and production):
                only = only_side(staging, production)
                other: Env = "production" if only == "staging" else "staging"
                present = view.memo.get("workloads")
                if present is None:
                    present = view.memo["workloads"] = workloads(view)
                if _workload_of_one_side(staging or production, only, other, present):
                    continue  # a workload one side does not run at all: not a setting of it
            out.append(Difference(side.service, kind, side.key, tuple(staging), tuple(production)))
    return out


def _sides(view: View, kind: Kind) -> list[Side]:
    """Each key's effective facts per side, within one component: two charts' `replicaCount`
    (Attribute.COMPONENT, when a source names it) are never compared with each other."""
    by_component: dict[str | None, list[Fact]] = defaultdict(list)
    for fact in view.kind(kind):
        by_component[fact.attribute(Attribute.COMPONENT)].append(fact)
    sides: list[Side] = []
    for component, facts in sorted(by_component.items(), key=lambda c: c[0] or ""):
        for side in view.sides(facts):
            if component is not None:
                side.service = side.service or component
            sides.append(side)
    return sides


# Kinds whose key is the workload's name (replicas and autoscaler bounds of a Deployment).
WORKLOAD_KEYED = frozenset({Kind.REPLICAS, Kind.AUTOSCALE_MIN, Kind.AUTOSCALE_MAX})


def _workload_of_one_side(
    facts: list[Fact], only: Env | None, other: Env, present: dict[Env, set[str]]
) -> bool:
    """The facts belong to a Kubernetes workload only one side runs (an alertmanager in
    production only): its replicas and sizes are the workload's, not a setting that differs."""
    if absent_from(facts, other, present):
        return True
    names = {f.key for f in facts if f.kind in WORKLOAD_KEYED}
    return only is not None and bool(names & present[only]) and not names & present[other]


def _identity(facts: list[Fact]) -> frozenset[str]:
    return frozenset(
        f"ref:{f.value.shown}" if f.value.reference else (f.value.fingerprint or f.value.shown)
        for f in facts
    )


def classify(difference: Difference, catalogue: Catalogue | None = None) -> Classified:
    """The first class of the catalogue the difference meets, else an other difference."""
    catalogue = catalogue or classification()
    if difference.ambiguous:
        return Classified(difference, None, catalogue.other(difference.kind))
    for entry in catalogue.classes:
        if _meets(entry, difference):
            return Classified(difference, entry, entry.check)
    return Classified(difference, None, catalogue.other(difference.kind))


def _meets(entry: Class, difference: Difference) -> bool:
    if difference.only is not None and not entry.either:
        return False
    if difference.only is None and entry.one_side_only:
        return False
    if not entry.wants_key(difference.kind, difference.key):
        return False
    if entry.values:
        texts = [v.shown for v in _plain(difference)]
        if not any(p.search(t) for p in entry.values for t in texts):
            return False
    if entry.modes:
        staging = {v.mode for v in difference.values("staging")}
        production = {v.mode for v in difference.values("production")}
        if not ((staging ^ production) & entry.modes):
            return False
    if entry.secrets and not _secret_on_both_sides(difference):
        return False
    return not entry.env_named or env_named(difference)


def _secret_on_both_sides(difference: Difference) -> bool:
    staging, production = difference.values("staging"), difference.values("production")
    return bool(staging and production) and all(v.secret for v in (*staging, *production))


def _plain(difference: Difference) -> list[Observed]:
    return [
        v
        for v in (*difference.values("staging"), *difference.values("production"))
        if not v.secret and not v.reference and not v.empty
    ]


def env_named(difference: Difference) -> bool:
    """Both sides hold one plain value, the same once environment names are taken out."""
    staging, production = difference.values("staging"), difference.values("production")
    if len(staging) != 1 or len(production) != 1:
        return False
    left, right = staging[0], production[0]
    if left.secret or right.secret or left.reference or right.reference:
        return False
    return _without_env_names(left.shown) == _without_env_names(right.shown)


def _without_env_names(text: str) -> tuple[str, ...]:
    names = words().by_word
    return tuple(
        t for t in _TOKENS.split(text.lower()) if t and t not in names and t not in NEUTRAL_WORDS
    )


def shown(value: Observed) -> str | None:
    """The value as a finding may print it, or None when it could be a secret: only numbers,
    booleans, sizes, versions, image tags, host names and URLs without credentials."""
    if value.secret or value.reference or value.placeholder:
        return None
    if value.empty:
        return "(empty)"
    text = value.shown
    if len(text) > 120:
        return None
    if value.number is not None or value.boolean is not None or text.lower() in BOOL_WORDS:
        return text
    if NUMBER.match(text) or SIZE.match(text) or VERSION.match(text):
        return text
    if text.lower() in words().by_word:  # an environment's name (staging, prod)
        return text
    if "." in text and HOST.match(text):
        return text
    if "://" in text:
        parts = urlsplit(text)
        if parts.hostname and not parts.username and not parts.password and not parts.query:
            return text
        return None
    if (":" in text or "/" in text) and IMAGE_REF.match(text):
        return text
    return None


def claimed_elsewhere(view: View, kind: Kind, dimension: str) -> set[str]:
    """Keys of this kind whose difference the catalogue files under another dimension than
    `dimension`: a rule of that dimension leaves them to the differ, which reports them where
    the catalogue says (an e-mail switch under integrations, not as an env-vars toggle)."""
    claimed: set[str] = set()
    for difference in differences(view):
        if difference.kind != kind:
            continue
        found = classify(difference)
        if found.of is not None and not found.by_design:
            if found.check.split("/", 1)[0] != dimension:
                claimed.add(difference.key)
    return claimed
