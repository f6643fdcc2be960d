"""Helm values files: values.yaml is the shared base, values-<env>.yaml the environment's own.

Well-known chart conventions (replicaCount, autoscaling, env, image, cronjobs) become typed
facts; every other leaf becomes a 'setting' the rules can still recognise by name.
"""

from __future__ import annotations

import re
from typing import Any

from probe.discovery import SourceFile
from probe.facts import Fact
from probe.sources.base import ENV_NAME, Context, as_str, env_scope, make
from probe.yamlload import flatten, line_of, own_line

_NAME = re.compile(r"(^|/)values([.-][\w.-]+)?\.ya?ml$|(^|/)[\w.-]+[.-]values\.ya?ml$")


def is_values(relative: str) -> bool:
    return bool(_NAME.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    src = "helm"
    release = file.service or _chart_name(file.relative)
    facts: list[Fact] = []
    handled: set[str] = set()
    for path, value, line in flatten(doc):
        leaf = path.rsplit(".", 1)[-1]
        lower = path.lower()
        if leaf in ("replicaCount", "replicas") and "autoscaling" not in lower:
            facts.append(
                make(
                    ctx,
                    file,
                    "replicas",
                    _workload(release, path, 1),
                    value,
                    line,
                    source=src,
                    tags=(f"values={path}",),
                )
            )
        elif lower.endswith("autoscaling.minreplicas"):
            facts.append(
                make(
                    ctx,
                    file,
                    "autoscale_min",
                    _workload(release, path, 2),
                    value,
                    line,
                    source=src,
                )
            )
        elif lower.endswith("autoscaling.maxreplicas"):
            facts.append(
                make(
                    ctx,
                    file,
                    "autoscale_max",
                    _workload(release, path, 2),
                    value,
                    line,
                    source=src,
                )
            )
        elif leaf == "schedule" and isinstance(value, str):
            job = path.rsplit(".", 1)[0] or "schedule"
            facts.append(make(ctx, file, "cron", job, value, line, source=src))
        elif leaf == "repository" and lower.endswith("image.repository"):
            facts.append(make(ctx, file, "image", path, value, line, source=src))
        elif ".env." in f".{lower}." and _env_leaf(path):
            continue  # handled below, with the variable's own name
        else:
            facts.append(make(ctx, file, "setting", path, value, line, source=src))
        handled.add(path)
    facts += _env_blocks(file, ctx, doc)
    return facts


def _workload(release: str, path: str, depth: int) -> str:
    """`replicaCount` is the release itself; `worker.replicaCount` is one of its workloads."""
    parts = path.split(".")
    prefix = ".".join(parts[:-depth])
    return f"{release}.{prefix}" if prefix else release


def _chart_name(relative: str) -> str:
    """The chart's folder names the release in a single-service repository."""
    parts = relative.split("/")[:-1]
    generic = {"chart", "charts", "helm", "deploy", "deployment", "values", "k8s"}
    named = [p for p in parts if p.lower() not in generic]
    return named[-1] if named else "release"


def _env_leaf(path: str) -> bool:
    parts = path.split(".")
    return "env" in [p.lower() for p in parts[:-1]] or "env" in parts[-1].lower().split("[")[0]


def _env_blocks(file: SourceFile, ctx: Context, doc: dict[str, Any]) -> list[Fact]:
    """`env:` as a mapping (NAME: value) or a Kubernetes-style list of {name, value}."""
    facts: list[Fact] = []
    stack: list[Any] = [doc]
    steps = 0
    while stack and steps < 100_000:
        steps += 1
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if str(key).lower() in ("env", "extraenv", "envvars", "environment", "secretenv"):
                secret = "secret" in str(key).lower()
                if isinstance(value, dict):
                    for var, raw in value.items():
                        if ENV_NAME.match(str(var)) and not isinstance(raw, dict | list):
                            facts.append(
                                make(
                                    ctx,
                                    file,
                                    "env",
                                    str(var),
                                    raw,
                                    line_of(value, var),
                                    source="helm",
                                    scope=env_scope(str(var), "run"),
                                    secret=secret,
                                )
                            )
                elif isinstance(value, list):
                    for index, entry in enumerate(value):
                        if isinstance(entry, dict) and "name" in entry:
                            raw = (
                                entry.get("value")
                                if "value" in entry
                                else ("valueFrom" if "valueFrom" in entry else None)
                            )
                            facts.append(
                                make(
                                    ctx,
                                    file,
                                    "env",
                                    str(entry["name"]),
                                    as_str(raw),
                                    line_of(value, index, own_line(entry)),
                                    source="helm",
                                    secret=secret,
                                    scope=env_scope(str(entry["name"]), "run"),
                                )
                            )
            elif isinstance(value, dict | list):
                stack.append(value)
    return facts
