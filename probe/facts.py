"""The one currency between sources and rules: a fact seen in one file, for one environment.

Sources know file formats and nothing about gaps; rules know gaps and nothing about formats.
A fact never carries a raw value, only what `secrets.Observed` made safe to keep, so a rule
cannot leak a secret even by accident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from stagegap.probe.secrets import Observed

# The side of the comparison a fact is on: "staging" is the compared pre-production
# environment (whatever the repository calls it: uat, preprod, dev...), "production" the
# compared production one, "shared" a base both inherit. Which environments stand on each side
# is environments.Comparison; facts of environments left out never reach the rules as a side.
Env = Literal["staging", "production", "shared"]
ENVS: tuple[Env, Env] = ("staging", "production")
# Tag of facts from test tooling (load-test jobs, smoke-test hooks, test runners): not the
# environment's own configuration.
TEST_RUNNER = "test-runner"


class Kind(StrEnum):
    """What sort of thing a fact is. Equal to its string (sources still pass "env"), so facts,
    their pickles and the JSON are unchanged; rules ask by member, so a misspelt kind is a type
    error, not a rule that silently finds nothing."""

    ACCOUNT = "account"
    ALERT = "alert"
    ALERT_RECEIVER = "alert_receiver"
    ALERT_ROUTE = "alert_route"
    ANONYMIZE = "anonymize"
    AUTOSCALE_MAX = "autoscale_max"
    AUTOSCALE_MIN = "autoscale_min"
    BUILD = "build"
    BUILD_CACHE = "build_cache"
    CLUSTER = "cluster"
    CONTRACT_TEST = "contract_test"
    CRON = "cron"
    DATA_JOB = "data_job"
    DEPLOY = "deploy"
    DEPLOY_CHECK = "deploy_check"  # a health check a platform waits on before serving
    DEPLOY_VALUES = "deploy_values"
    ENV = "env"
    ENV_FROM = "env_from"
    ENV_VALIDATION = "env_validation"
    FIXTURES = "fixtures"
    IDLE_SCALING = "idle_scaling"  # a process stopped or asleep when idle
    IMAGE = "image"
    INGRESS_HOST = "ingress_host"
    KUBE_CONTEXT = "kube_context"
    LOAD_TEST = "load_test"
    MIGRATION_LINT = "migration_lint"
    MIGRATIONS = "migrations"
    NAMESPACE = "namespace"
    NAMESPACE_ALLOWED = "namespace_allowed"
    PREVIEW_ENV = "preview_env"
    PROMOTE = "promote"
    READS_ENV = "reads_env"
    RELEASE_COMMAND = "release_command"  # run on every deploy before the new version serves
    REPLICAS = "replicas"
    RESOURCE = "resource"
    RUNNER = "runner"
    SEED = "seed"
    SETTING = "setting"
    SNAPSHOT = "snapshot"
    SYNTHETIC = "synthetic"
    # a pinned version of something deployed: a Terraform module's `?ref=`, an image tag kept in
    # a file of its own, a chart's version; key = what is pinned, value = the version
    VERSION = "version"


class Attribute(StrEnum):
    """Named attributes sources attach to a fact as `name=value` tags (`job=deploy`): rules
    read them through `Fact.attribute`, never by parsing tags themselves."""

    JOB = "job"  # the CI job a fact was found in
    WORKLOAD = "workload"  # the Kubernetes workload a container belongs to
    COMPOSE_SERVICE = "compose-service"  # the docker compose service a fact was found in
    CONTAINER = "container"
    OP = "op"  # an alert expression's comparison
    FOR = "for"  # an alert's duration
    CHANNEL = "channel"  # an alert receiver's kind of channel
    TO = "to"  # an alert receiver's target
    # the layer of a tool's own layering that set the effective value (terragrunt root,
    # _envcommon or unit; a chart's defaults or an environment's values; a kustomize base or
    # overlay; a compose base or override; .env or .env.<mode>), for people and the differ
    LAYER = "layer"
    # The component (chart, app, Dockerfile) a setting belongs to when the path names no
    # service: the generic differ compares a key only within one component, so two charts'
    # `replicaCount` are never compared with each other.
    COMPONENT = "component"


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

    def attribute(self, name: Attribute) -> str | None:
        """The first value of a named attribute, if the source set one."""
        prefix = f"{name.value}="
        return next((t[len(prefix) :] for t in self.tags if t.startswith(prefix)), None)

    def attributes(self, name: Attribute) -> set[str]:
        """Every value of a named attribute (a receiver with several channels)."""
        prefix = f"{name.value}="
        return {t[len(prefix) :] for t in self.tags if t.startswith(prefix)}


@dataclass
class Facts:
    """All facts of a run, indexed by kind: rules ask by kind far more than anything else."""

    by_kind: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))

    def add(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.by_kind[fact.kind].append(fact)

    def of(self, *kinds: Kind) -> list[Fact]:
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
