"""The one currency between sources and rules: a fact seen in one file, for one environment.

Sources know file formats and nothing about gaps; rules know gaps and nothing about formats.
A fact never carries a raw value, only what `secrets.Observed` made safe to keep, so a rule
cannot leak a secret even by accident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from stagegap.probe.secrets import Observed

Env = Literal["staging", "production", "shared"]
ENVS: tuple[Env, Env] = ("staging", "production")
# Tag of facts from test tooling (load-test jobs, smoke-test hooks, test runners): not the
# environment's own configuration.
TEST_RUNNER = "test-runner"


@dataclass(frozen=True, slots=True)
class Where:
    path: str
    line: int | None = None
    excerpt: str = ""

    def __reduce__(self) -> tuple[type[Where], tuple[str, int | None, str]]:
        return (Where, (self.path, self.line, self.excerpt))


@dataclass(frozen=True, slots=True)
class Fact:
    """kind: what sort of thing ('env', 'setting', 'trigger', 'cron', 'alert', ...).

    key: its name within the kind (a variable name, a dotted settings path, a job name).
    scope: for env vars, 'build' or 'run'; for others, free use by the source.
    """

    kind: str
    key: str
    value: Observed
    env: Env
    where: Where
    source: str
    service: str | None = None
    scope: str | None = None
    tags: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Fact], tuple[object, ...]]:
        """Pickled as a constructor call: facts cross from the probe's second process
        (probe/codescan.py), and a call is much cheaper than restoring each frozen field."""
        return (
            Fact,
            (
                self.kind,
                self.key,
                self.value,
                self.env,
                self.where,
                self.source,
                self.service,
                self.scope,
                self.tags,
            ),
        )


@dataclass
class Facts:
    """All facts of a run, indexed by kind: rules ask by kind far more than anything else."""

    by_kind: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))

    def add(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.by_kind[fact.kind].append(fact)

    def of(self, *kinds: str) -> list[Fact]:
        if len(kinds) == 1:
            return list(self.by_kind.get(kinds[0], ()))
        return [f for k in kinds for f in self.by_kind.get(k, ())]

    def __iter__(self) -> Iterator[Fact]:
        for facts in self.by_kind.values():
            yield from facts

    def services(self) -> list[str | None]:
        found = {f.service for f in self}
        return sorted(found, key=lambda s: (s is not None, s or ""))

    def environments_seen(self) -> set[Env]:
        return {f.env for facts in self.by_kind.values() for f in facts}
