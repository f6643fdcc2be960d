"""The rules' window on the facts: effective values per environment (an environment's own
setting overrides the shared base), grouped by service."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from stagegap.probe.environments import Environments
from stagegap.probe.facts import ENVS, TEST_RUNNER, Attribute, Env, Fact, Facts, Kind
from stagegap.probe.rules.semantics import concepts_of
from stagegap.probe.secrets import Redactor
from stagegap.probe.sources.kubernetes import WORKLOADS

Group = tuple[str | None, str]  # (service, key)
WORKLOAD_KINDS = WORKLOADS | {"Pod"}


@dataclass
class Side:
    """One key's effective facts in each environment."""

    service: str | None
    key: str
    staging: list[Fact] = field(default_factory=list)
    production: list[Fact] = field(default_factory=list)

    def of(self, env: Env) -> list[Fact]:
        return self.staging if env == "staging" else self.production

    @property
    def both(self) -> bool:
        return bool(self.staging) and bool(self.production)

    @property
    def only(self) -> Env | None:
        return only_side(self.staging, self.production)

    def all(self) -> list[Fact]:
        return self.staging + [f for f in self.production if f not in self.staging]

    def own(self, env: Env) -> bool:
        """Set in the environment's own files, not only inherited from a shared base."""
        return any(f.env == env for f in self.of(env))


def only_side(staging: Sequence[Fact], production: Sequence[Fact]) -> Env | None:
    """The side that has facts when the other has none."""
    if staging and not production:
        return "staging"
    if production and not staging:
        return "production"
    return None


# Facts of test tooling (load-test jobs, smoke-test hooks) stay out of the comparison: a
# staging-only load test naturally has its own variables, sizes and metrics sink. Load tests
# themselves and the resource list are kept.
TOOLING_KINDS_KEPT = frozenset({Kind.LOAD_TEST, Kind.RESOURCE})
TEST_TOOL_PREFIXES = ("K6_", "LOCUST_", "ARTILLERY_", "JMETER_", "GATLING_", "CYPRESS_")


@dataclass
class View:
    facts: Facts
    redactor: Redactor
    # the run's environments (words, --alias, the compared pair): hosts are placed with them
    envs: Environments = field(default_factory=Environments)
    _concepts: dict[str, list[Fact]] | None = None
    tooling: list[Fact] = field(default_factory=list)
    # what several rules derive from the same facts (env_vars.variables), derived once
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        kept = Facts()
        for kind, members in self.facts.by_kind.items():
            if kind in TOOLING_KINDS_KEPT:
                kept.by_kind[kind] = list(members)
                continue
            mine = [f for f in members if TEST_RUNNER not in f.tags]
            self.tooling += [f for f in members if TEST_RUNNER in f.tags]
            if mine:
                kept.by_kind[kind] = mine
        self.facts = kept

    def sides(self, facts: Iterable[Fact], key: Callable[[Fact], str] | None = None) -> list[Side]:
        """Group by (service, key) and resolve each environment's effective facts."""
        groups: dict[Group, list[Fact]] = defaultdict(list)
        for fact in facts:
            groups[(fact.service, key(fact) if key else fact.key)].append(fact)
        sides = []
        for (service, name), members in groups.items():
            side = Side(service, name)
            for env in ENVS:
                own = [f for f in members if f.env == env]
                shared = [f for f in members if f.env == "shared"]
                if env == "staging":
                    side.staging = own or shared
                else:
                    side.production = own or shared
            sides.append(side)
        sides.sort(key=lambda s: (s.service or "", s.key))
        return sides

    def kind(self, *kinds: Kind) -> list[Fact]:
        return self.facts.of(*kinds)

    def concept(self, name: str) -> list[Fact]:
        """Settings and variables whose name means `name` (see semantics.CONCEPTS)."""
        if self._concepts is None:
            index: dict[str, list[Fact]] = defaultdict(list)
            for fact in self.facts.of(Kind.ENV, Kind.SETTING):
                if fact.value.reference:
                    continue  # `${var.x}` names a value, it is not one
                if fact.key.upper().startswith(TEST_TOOL_PREFIXES):
                    continue  # K6_PROMETHEUS_RW_SERVER_URL is the load test's sink
                for concept in concepts_of(fact.key):
                    index[concept].append(fact)
            self._concepts = index
        return list(self._concepts.get(name, ()))

    def envs_with(self, facts: Iterable[Fact]) -> set[Env]:
        found: set[Env] = set()
        for fact in facts:
            if fact.env == "shared":
                found.update(ENVS)
            else:
                found.add(fact.env)
        return found

    def compared(self) -> bool:
        """Whether both environments have any configuration of their own at all."""
        seen = self.memo.get("environments_seen")
        if seen is None:
            seen = self.memo["environments_seen"] = self.facts.environments_seen()
        return "staging" in seen and "production" in seen


def workloads(view: View) -> dict[Env, set[str]]:
    """The Kubernetes workloads (Deployment, Pod, CronJob, ...) each environment runs, by name;
    a shared base's count for both."""
    present: dict[Env, set[str]] = {env: set() for env in ENVS}
    for fact in view.kind(Kind.RESOURCE):
        kind, _, name = fact.key.partition("/")
        if name and kind in WORKLOAD_KINDS:
            for env in ENVS if fact.env == "shared" else (fact.env,):
                present[env].add(name)
    return present


def absent_from(facts: list[Fact], env: Env, present: dict[Env, set[str]]) -> bool:
    """The facts belong to Kubernetes workloads that `env` does not run at all (a debug pod in
    staging only): a missing workload is a structural difference (iac-parity), not sizing."""
    names = {n for f in facts if (n := f.attribute(Attribute.WORKLOAD))}
    return bool(names) and not names & present[env]
