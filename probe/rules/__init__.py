"""The seven dimensions' rules, in the questionnaire's order."""

from __future__ import annotations

from collections.abc import Callable

from stagegap.probe.rules import (
    data,
    deploys,
    env_vars,
    infrastructure,
    integrations,
    observability,
    traffic,
)
from stagegap.probe.rules.common import Outcome
from stagegap.probe.rules.view import View

DIMENSIONS: list[tuple[str, Callable[[View], Outcome]]] = [
    ("infrastructure", infrastructure.evaluate),
    ("env-vars", env_vars.evaluate),
    ("traffic", traffic.evaluate),
    ("data", data.evaluate),
    ("deploys", deploys.evaluate),
    ("integrations", integrations.evaluate),
    ("observability", observability.evaluate),
]

RULE_IDS: frozenset[str] = frozenset(
    {
        "data.data-age",
        "data.data-source",
        "data.database-parity",
        "data.migration-lint",
        "deploys.artifact-promotion",
        "deploys.background-jobs",
        "deploys.deploy-trigger",
        "deploys.staging-overlap",
        "env-vars.credential-permissiveness",
        "env-vars.fails-fast-on-missing",
        "env-vars.scope-differences",
        "env-vars.single-environment-vars",
        "infrastructure.iac-parity",
        "infrastructure.network-reachability",
        "infrastructure.shared-layers",
        "infrastructure.version-parity",
        "integrations.contract-tests",
        "integrations.live-from-staging",
        "integrations.mocked-in-staging",
        "observability.alert-recipients",
        "observability.alert-thresholds",
        "observability.error-sampling",
        "observability.log-level",
        "observability.log-retention",
        "observability.tools",
        "traffic.autoscaling",
        "traffic.load-testing",
        "traffic.replicas",
        "traffic.resource-settings",
    }
)
"""Every rule a dimension can answer (the keys of Outcome.proposals): what a questionnaire's
`probe: {rule: ...}` may name. `stagegap validate` and `init --questionnaire` check against it."""
