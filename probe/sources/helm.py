"""Helm values files: values.yaml is the shared base, values-<env>.yaml the environment's own.

Well-known chart conventions (replicaCount, autoscaling, env, image, cronjobs) become typed
facts; every other leaf becomes a 'setting' the rules can still recognise by name.
"""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources.base import ENV_NAME, Context, as_str, env_scope, make, value_from
from stagegap.probe.yamlload import flatten, line_of, own_line

_NAME = re.compile(r"(^|/)values([.-][\w.-]+)?\.ya?ml$|(^|/)[\w.-]+[.-]values\.ya?ml$")
# `env: [{name: X, ...}]` keyed by name (yamlload.flatten): the variable X, read in _env_blocks
_ENV_ENTRY = re.compile(r"(^|\.)(env|extraenv|envvars|environment|secretenv)\[name=")


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
        if "[" in path and path.endswith(f"[{leaf}={value}].{leaf}"):
            continue  # `apps[name=router].name`: the entry's own label, already in its path
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
                    value_name=leaf,
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
                    value_name=leaf,
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
                    value_name=leaf,
                )
            )
        elif leaf == "schedule" and isinstance(value, str):
            job = path.rsplit(".", 1)[0] or "schedule"
            # the job's path can name a list entry (`cronTasks[name=sync-secrets]`): the value
            # is a schedule whatever words the path holds
            facts.append(
                make(ctx, file, "cron", job, value, line, source=src, value_name="schedule")
            )
        elif leaf == "repository" and lower.endswith("image.repository"):
            facts.append(make(ctx, file, "image", path, value, line, source=src))
        elif (".env." in f".{lower}." and _env_leaf(path)) or (
            "[name=" in path and _ENV_ENTRY.search(lower)
        ):
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
                        if not ENV_NAME.match(str(var)):
                            continue
                        at = line_of(value, var)
                        if isinstance(raw, dict) and isinstance(raw.get("valueFrom"), dict):
                            # NAME: {valueFrom: {secretKeyRef: ...}}
                            facts.append(_reference(ctx, file, str(var), raw["valueFrom"], at))
                        elif not isinstance(raw, dict | list):
                            facts.append(
                                make(
                                    ctx,
                                    file,
                                    "env",
                                    str(var),
                                    raw,
                                    at,
                                    source="helm",
                                    scope=env_scope(str(var), "run"),
                                    secret=secret,
                                )
                            )
                elif isinstance(value, list):
                    for index, entry in enumerate(value):
                        if not isinstance(entry, dict) or "name" not in entry:
                            continue
                        var = str(entry["name"])
                        at = line_of(value, index, own_line(entry))
                        if "value" not in entry and isinstance(entry.get("valueFrom"), dict):
                            facts.append(_reference(ctx, file, var, entry["valueFrom"], at))
                            continue
                        facts.append(
                            make(
                                ctx,
                                file,
                                "env",
                                var,
                                as_str(entry.get("value")),
                                at,
                                source="helm",
                                secret=secret,
                                scope=env_scope(var, "run"),
                            )
                        )
            elif isinstance(value, dict | list):
                stack.append(value)
    return facts


def _reference(
    ctx: Context, file: SourceFile, var: str, ref: dict[Any, Any], at: int | None
) -> Fact:
    """A `valueFrom` entry: where the value is kept, never a value (base.value_from)."""
    shown, secret = value_from(ref)
    return make(
        ctx,
        file,
        "env",
        var,
        shown,
        at,
        source="helm",
        scope="run",
        tags=("from-secret" if secret else "ref",),
        reference=True,
    )
