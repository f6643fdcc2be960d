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
