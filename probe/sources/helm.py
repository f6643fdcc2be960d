"""Helm values files: values.yaml is the shared base, values-<env>.yaml the environment's own.

Well-known chart conventions (replicaCount, autoscaling, env, image, cronjobs) become typed
facts; every other leaf becomes a 'setting' the rules can still recognise by name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from stagegap.probe.discovery import SourceFile, UnreadableFile
from stagegap.probe.facts import Fact, Kind
from stagegap.probe.sources import charts
from stagegap.probe.sources.base import (
    ENV_NAME,
    Context,
    as_str,
    deep_merge,
    env_scope,
    make,
    value_from,
)
from stagegap.probe.yamlload import LineDict, YamlError, flatten, line_of, load_all, own_line

_NAME = re.compile(r"(^|/)values([.-][\w.-]+)?\.ya?ml$|(^|/)[\w.-]+[.-]values\.ya?ml$")
# `env: [{name: X, ...}]` keyed by name (yamlload.flatten): the variable X, read in _env_blocks
# helmfile's values/<environment>/<release>.yaml: one release's values in one environment
_PER_RELEASE = re.compile(r"(^|/)values/[\w.-]+/(?P<release>[\w-]+)\.ya?ml$")
_DEFAULTS = re.compile(r"^values\.ya?ml$")
_ENV_ENTRY = re.compile(r"(^|\.)(env|extraenv|envvars|environment|secretenv)\[name=")


def is_values(relative: str) -> bool:
    return bool(_NAME.search(relative) or _PER_RELEASE.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    """A values file as the chart it belongs to sees it. Where a repository holds several
    charts, each chart is its own component (a chart's defaults never fill in for another
    chart's environment values); an umbrella chart's `api:` block configures its subchart api."""
    if not isinstance(doc, dict):
        return []
    if kubernetes_object(doc):  # a manifest named like values (a kustomize patch of a release)
        from stagegap.probe.sources.kubernetes import read_manifest

        return read_manifest(file, ctx, doc)
    per_release = _PER_RELEASE.search(file.relative)
    if per_release and not _NAME.search(file.relative) and file.env != "shared":
        release = per_release.group("release")
        return read_values(file, ctx, doc, release, release)
    chart = charts.chart_of(file, ctx)
    defaults = _defaults(file, ctx)
    if chart is None or not chart.one_of_several:
        release = file.service or _chart_name(file.relative)
        return read_values(file, ctx, doc, release, None, defaults)
    facts: list[Fact] = []
    own = _without(doc, chart.subcharts)
    if own:
        facts += read_values(file, ctx, own, chart.name, chart.name, defaults)
    for name in chart.subcharts & {str(k) for k in doc}:
        block = doc[name]
        if isinstance(block, dict):
            inherited = defaults.get(name) if isinstance(defaults, dict) else None
            facts += read_values(file, ctx, block, name, name, inherited)
    return facts


def kubernetes_object(doc: dict[Any, Any]) -> bool:
    return "apiVersion" in doc and "kind" in doc and isinstance(doc.get("metadata"), dict)


def _defaults(file: SourceFile, ctx: Context) -> Any:
    """The chart's values.yaml beside an environment's values file (None for values.yaml
    itself): what the environment's file is merged over."""
    folder, _, name = file.relative.rpartition("/")
    if _DEFAULTS.match(name):
        return None
    for candidate in ("values.yaml", "values.yml"):
        relative = f"{folder}/{candidate}" if folder else candidate
        memo = ctx.memo.setdefault("helm.defaults", {})
        assert isinstance(memo, dict)
        if relative not in memo:
            memo[relative] = _load(file, relative)
        if memo[relative] is not None:
            return memo[relative]
    return None


def _load(file: SourceFile, relative: str) -> Any:
    path = file.root / relative
    if not path.is_file() or path.is_symlink():
        return None
    try:
        documents = load_all(SourceFile(file.root, relative, "shared", None).text())
    except (UnreadableFile, YamlError):
        return None  # said when that file is read itself
    return documents[0] if documents and isinstance(documents[0], dict) else None


def _crons(file: SourceFile, ctx: Context, doc: dict[Any, Any], defaults: Any) -> list[Fact]:
    """Scheduled jobs that run in this file's environment: the values merged over the chart's
    defaults, each job (a mapping with a `schedule`) left out when it is `suspend: true` or
    `enabled: false` there, so a paused job is never reported as running, and a job enabled
    only in production's file runs there with the schedule its defaults give."""
    effective = deep_merge(defaults, doc) if isinstance(defaults, dict) else doc
    leaves = {path: value for path, value, _ in flatten(effective)}
    lines = {path: line for path, _, line in flatten(doc)}
    facts: list[Fact] = []
    for path, schedule in leaves.items():
        if not (path == "schedule" or path.endswith(".schedule")) or not isinstance(schedule, str):
            continue
        job = path.rpartition(".")[0]
        prefix = f"{job}." if job else ""
        if leaves.get(f"{prefix}suspend") is True or leaves.get(f"{prefix}enabled") is False:
            continue
        line = lines.get(path) or lines.get(f"{prefix}enabled") or lines.get(f"{prefix}suspend")
        facts.append(
            make(
                ctx,
                file,
                Kind.CRON,
                job or "schedule",
                schedule,
                line,
                source="helm",
                value_name="schedule",
            )
        )
    return facts


def _without(doc: dict[Any, Any], names: frozenset[str]) -> dict[Any, Any]:
    """The document without the subcharts' blocks, keeping its lines."""
    if not isinstance(doc, LineDict):
        return {k: v for k, v in doc.items() if str(k) not in names}
    out = LineDict((k, v) for k, v in doc.items() if str(k) not in names)
    out.line, out.lines = doc.line, doc.lines
    return out


def read_values(
    file: SourceFile,
    ctx: Context,
    doc: dict[Any, Any],
    release: str,
    component: str | None,
    defaults: Any = None,
) -> list[Fact]:
    """Facts of one chart's values (a values file, or the values a GitOps object hands its
    chart); `component` (a chart in a repository of several, a release) is the service every
    fact is about."""
    src = "helm"
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
            continue  # a job's schedule: read below, with whether the job runs at all
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
    facts += _crons(file, ctx, doc, defaults)
    if component is not None:
        facts = [replace(f, service=component) for f in facts]
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
