"""Every YAML file is parsed once, then handed to the source that understands it: by name where
the name is conventional (workflows, compose, kustomization, Helm values), by content otherwise
(Kubernetes manifests, Prometheus rules, Alertmanager). Environment-specific YAML that is none
of these is read as plain settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.malformed import Language, not_valid, too_many_digits
from stagegap.probe.sources import (
    azure_pipelines,
    bitbucket,
    circleci,
    compose,
    digitalocean,
    github_actions,
    gitlab_ci,
    helm,
    kubernetes,
    loadtest,
    prometheus,
    render,
    serverless,
    settings,
)
from stagegap.probe.sources.base import Context
from stagegap.probe.yamlload import YamlError, load_all

_SKIP = re.compile(
    r"(^|/)templates/|(^|/)Chart\.(yaml|lock)$|(^|/)\.pre-commit|"
    r"(^|/)(openapi|swagger)[\w.-]*\.ya?ml$|(^|/)(pnpm-lock|yarn)\b|"
    r"(^|/)\.(github|gitlab)/(ISSUE_TEMPLATE|dependabot)|(^|/)mkdocs\.ya?ml$"
)


def wants(relative: str) -> bool:
    return relative.endswith((".yaml", ".yml")) and not _SKIP.search(relative)


def read(file: SourceFile, ctx: Context) -> list[Fact]:
    try:
        documents = load_all(file.text())
    except YamlError as exc:
        problem = str(exc).removeprefix("not valid YAML").lstrip(": ")
        if "digits" in problem:  # the bounded loader refuses a 5,000-digit number itself
            problem = "a number with too many digits"
        column = getattr(exc, "column", None)
        ctx.warnings.add(file.relative, not_valid(Language.YAML, problem), exc.line, column)
        return []
    except ValueError as exc:  # the safe constructor's int() or date() refused a scalar
        digits = "a number with too many digits" if too_many_digits(exc) else None
        ctx.warnings.add(file.relative, not_valid(Language.YAML, digits))
        return []
    route = _route(file.relative)
    if route is not None:
        return _each(documents, lambda d: route(file, ctx, d))
    relative = file.relative
    facts: list[Fact] = []
    text = file.text()
    if "k6" in text or "locust" in text or "gatling" in text:
        # a load-test script kept inside YAML (a ConfigMap, a Helm value): found by content
        facts += loadtest.from_code(file, ctx, text)
    for doc in documents:
        if loadtest.is_artillery(doc):
            facts += loadtest.read_artillery(file, ctx, doc)
            continue
        if prometheus.is_alertmanager(relative, doc):
            facts += prometheus.read_alertmanager(file, ctx, doc)
        elif prometheus.is_rules(doc) or (
            isinstance(doc, dict) and doc.get("kind") == "PrometheusRule"
        ):
            facts += prometheus.read_rules(file, ctx, doc)
        elif kubernetes.is_manifest(doc):
            facts += kubernetes.read_manifest(file, ctx, doc)
        elif settings.eligible(file):
            facts += settings.read_document(file, ctx, doc)
    return facts


@lru_cache(maxsize=131072)
def _route(relative: str) -> Callable[[SourceFile, Context, Any], list[Fact]] | None:
    """The source a YAML file belongs to by its path, if its path says (per path, like
    `readers_for`); None for files recognised by their content."""
    if github_actions.wants(relative):
        return github_actions.read_document
    if gitlab_ci.wants(relative):
        return gitlab_ci.read_document
    if compose.wants(relative):
        return compose.read_document
    for wants, reader in PLATFORMS:
        if wants(relative):
            return reader
    if kubernetes.is_kustomization(relative):
        return kubernetes.read_kustomization
    if helm.is_values(relative):
        return helm.read_document
    if "artillery" in relative.lower():
        return loadtest.read_artillery
    return None


# Deploy platforms and CI systems known by their file's path.
PLATFORMS: list[tuple[Callable[[str], bool], Callable[[SourceFile, Context, Any], list[Fact]]]] = [
    (render.wants, render.read_document),
    (digitalocean.wants, digitalocean.read_document),
    (serverless.wants_serverless, serverless.read_document),
    (circleci.wants, circleci.read_document),
    (bitbucket.wants, bitbucket.read_document),
    (azure_pipelines.wants, azure_pipelines.read_document),
]


def _each(documents: list[Any], reader: Any) -> list[Fact]:
    facts: list[Fact] = []
    for doc in documents:
        facts += reader(doc)
    return facts
