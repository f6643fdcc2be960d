"""Dependency manifests and tool configs: which migration linters, contract-testing and
environment-validation libraries a project uses, and whether it has migrations at all."""

from __future__ import annotations

import re

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources.base import Context, make
from stagegap.probe.sources.ci_common import TOOLING

_MANIFESTS = re.compile(
    r"(^|/)(package\.json|requirements[\w.-]*\.txt|pyproject\.toml|Pipfile|Gemfile|go\.mod|"
    r"pom\.xml|build\.gradle(\.kts)?|\.squawk\.toml|atlas\.hcl|composer\.json|Cargo\.toml)$"
)
_MIGRATIONS = re.compile(
    r"(^|/)(migrations|migrate|alembic/versions|db/migrate)/[^/]+\.(sql|py|rb|js|ts)$"
)
VALIDATION = re.compile(
    r"pydantic-settings|pydantic_settings|environs|python-decouple|envalid|@t3-oss/env|"
    r"env-var\b|dotenv-safe|convict|envsafe|znv|django-environ|figaro|dry-validation",
    re.I,
)


def wants(relative: str) -> bool:
    name = relative.rpartition("/")[2]
    return bool(_MANIFESTS.match(name) or ("migrat" in relative and _MIGRATIONS.search(relative)))


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    if _MIGRATIONS.search(file.relative):
        return [
            make(
                ctx,
                file,
                "migrations",
                file.relative.rsplit("/", 1)[0],
                "migrations",
                1,
                source="tooling",
                env="shared",
                value_name="kind",
            )
        ]
    text = file.text()
    facts: list[Fact] = []
    for kind, pattern in [*TOOLING, ("env_validation", VALIDATION)]:
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            facts.append(
                make(
                    ctx,
                    file,
                    kind,
                    file.relative,
                    match.group(0),
                    line,
                    source="tooling",
                    env="shared",
                    value_name="tool",
                )
            )
    return facts
