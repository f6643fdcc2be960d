"""GitLab CI: jobs with their environment, rules, runner tags, cache and scripts.

Templates (`extends`, hidden `.jobs`) are merged one level deep the way GitLab does for plain
keys; that covers the usual `.deploy` template with per-environment jobs extending it.
"""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.sources.ci_common import DEPLOY_WORDS, Job, classify_job, job_facts
from stagegap.probe.yamlload import LineDict, line_of

RESERVED = {
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "pages",
}
_NAME = re.compile(
    r"(^|/)(\.gitlab-ci\.ya?ml|[\w.-]+\.gitlab-ci\.ya?ml)$|(^|/)\.gitlab/ci/.+\.ya?ml$"
)


def wants(relative: str) -> bool:
    return bool(_NAME.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    global_vars = _vars(doc.get("variables"))
    raw_default = doc.get("default")
    default: dict[str, Any] = raw_default if isinstance(raw_default, dict) else {}
    facts: list[Fact] = []
    for name, raw in doc.items():
        if not isinstance(name, str) or name in RESERVED or name.startswith("."):
            continue
        if not isinstance(raw, dict):
            continue
        spec = _resolve(doc, raw)
        facts += job_facts(
            file, ctx, _job(file, ctx, doc, name, spec, global_vars, default), "gitlab-ci"
        )
    return facts


def _resolve(doc: dict[str, Any], spec: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    parents = spec.get("extends")
    names = parents if isinstance(parents, list) else [parents] if parents else []
    merged: dict[str, Any] = {}
    for parent in names:
        base = doc.get(str(parent))
        if isinstance(base, dict) and depth < 5:
            merged.update(_resolve(doc, base, depth + 1))
    merged.update(spec)
    if "variables" in merged:
        variables: dict[str, Any] = {}
        for parent in names:
            base = doc.get(str(parent))
            if isinstance(base, dict):
                variables.update(_vars(base.get("variables")))
        variables.update(_vars(spec.get("variables")))
        merged["variables"] = variables
    return merged


def _job(
    file: SourceFile,
    ctx: Context,
    doc: dict[str, Any],
    name: str,
    spec: dict[str, Any],
    global_vars: dict[str, str],
    default: dict[str, Any],
) -> Job:
    environment = spec.get("environment")
    env_name = environment.get("name") if isinstance(environment, dict) else environment
    variables = {**global_vars, **_vars(spec.get("variables"))}
    env = classify_job(ctx, file, as_str(env_name), name)
    script = "\n".join(_lines(spec.get(k)) for k in ("before_script", "script", "after_script"))
    job = Job(
        name,
        line_of(doc, name),
        env,
        script,
        variables=variables,
        own_variables=_vars(spec.get("variables")),
    )
    job.triggers = _triggers(spec)
    job.environment_name = as_str(env_name)
    job.lock = bool(spec.get("resource_group"))
    tags = spec.get("tags", default.get("tags"))
    if isinstance(tags, list) and tags:
        job.runner = ",".join(str(t) for t in tags)
        job.runner_line = line_of(spec, "tags", job.line)
        job.self_hosted = True
    cache = spec.get("cache", default.get("cache", doc.get("cache")))
    for entry in cache if isinstance(cache, list) else [cache] if cache else []:
        if isinstance(entry, dict) and entry.get("key") is not None:
            key = entry["key"]
            if isinstance(key, dict):
                key_text = ",".join(map(str, key.get("files", []))) or "cache"
            else:
                key_text = as_str(key) or "cache"
            line = line_of(entry, "key") if isinstance(entry, LineDict) else job.line
            job.cache.append((key_text, line))
    if isinstance(spec.get("needs"), list):
        job.needs = [str(n.get("job")) if isinstance(n, dict) else str(n) for n in spec["needs"]]
    action = environment.get("action") if isinstance(environment, dict) else None
    declared = bool(env_name) and action in (None, "start")
    job.deploys = (
        declared
        or bool(DEPLOY_WORDS.search(script))
        or bool(re.search(r"deploy|release|rollout|promote", name, re.I))
    )
    if "schedule" in job.triggers and not job.deploys:
        job.schedules = [("pipeline schedule", job.line)]
    for key in ("KUBE_CONTEXT", "KUBECONTEXT"):
        if key in variables:
            job.script += f"\nkubectl config use-context {variables[key]}"
    for key in ("KUBE_NAMESPACE", "K8S_NAMESPACE", "NAMESPACE"):
        if key in variables:
            job.script += f"\nkubectl -n {variables[key]}"
    return job


def _triggers(spec: dict[str, Any]) -> set[str]:
    triggers: set[str] = set()
    when = as_str(spec.get("when"))
    rules = spec.get("rules")
    only = spec.get("only")
    if isinstance(rules, list):
        for rule in rules:
            if not isinstance(rule, dict) or as_str(rule.get("when")) == "never":
                continue
            condition = as_str(rule.get("if")) or ""
            if "CI_COMMIT_TAG" in condition:
                triggers.add("tag")
            for branch in re.findall(
                r"CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*[\"']([\w./-]+)", condition
            ):
                triggers.add(f"push:{branch}")
            if re.search(r"\$CI_COMMIT_BRANCH\s*($|&&|\|\||\))", condition):
                triggers.add("push:any")
            if "CI_DEFAULT_BRANCH" in condition:
                triggers.add("push:main")
            if re.search(r"CI_PIPELINE_SOURCE\s*==\s*[\"']schedule", condition):
                triggers.add("schedule")
            if re.search(r"CI_PIPELINE_SOURCE\s*==\s*[\"'](web|api|trigger)", condition):
                triggers.add("manual")
            if as_str(rule.get("when")) == "manual":
                triggers.update(("manual", "approval"))
            if not condition and not triggers:
                triggers.add("push:any")
    refs = only.get("refs") if isinstance(only, dict) else only
    if isinstance(refs, list):
        for ref in map(str, refs):
            if ref == "tags":
                triggers.add("tag")
            elif ref == "schedules":
                triggers.add("schedule")
            elif ref in ("web", "api", "triggers"):
                triggers.add("manual")
            elif ref not in ("merge_requests", "external_pull_requests"):
                triggers.add(f"push:{ref}")
    if when == "manual":
        triggers.update(("manual", "approval"))
    if when == "delayed":
        triggers.add("delayed")
    if not triggers:
        triggers.add("push:any")
    return triggers


def _lines(value: Any) -> str:
    """A script entry is a string or a list of strings."""
    if isinstance(value, list):
        return "\n".join(str(x) for x in value)
    return str(value) if value else ""


def _vars(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            value = value.get("value")
        text = as_str(value)
        if text is not None:
            out[str(key)] = text
    return out
