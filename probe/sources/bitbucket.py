"""Bitbucket Pipelines (`bitbucket-pipelines.yml`): each step is a job; `deployment:` names its
environment (else its name does); the pipeline it is in gives its trigger (`branches.<name>`
a push, `tags` a tag, `custom` by hand, `pull-requests` a pull request), and `trigger: manual`
on a step of an automatic pipeline makes it wait for a person."""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.sources.ci_common import DEPLOY_WORDS, Job, classify_job, job_facts
from stagegap.probe.yamlload import line_of, own_line

_PATH = re.compile(r"(^|/)bitbucket-pipelines\.ya?ml$")
SOURCE = "bitbucket"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    pipelines = doc.get("pipelines") if isinstance(doc, dict) else None
    if not isinstance(pipelines, dict):
        return []
    facts: list[Fact] = []
    for group, content in pipelines.items():
        named = content if isinstance(content, dict) else {"": content}
        for name, items in named.items():
            trigger = _trigger(str(group), str(name))
            facts += _steps(file, ctx, items, trigger, f"{group}:{name}" if name else str(group))
    return facts


def _trigger(group: str, name: str) -> str:
    if group == "branches":
        return f"push:{name}"
    if group == "tags":
        return "tag"
    if group == "custom":
        return "manual"
    if group == "pull-requests":
        return "pull_request"
    return "push:any"


def _steps(file: SourceFile, ctx: Context, items: Any, trigger: str, pipeline: str) -> list[Fact]:
    facts: list[Fact] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        if "step" in item and isinstance(item["step"], dict):
            facts += _step(file, ctx, item["step"], trigger, own_line(item), pipeline)
        nested = item.get("parallel") or item.get("stage")
        if isinstance(nested, dict):
            nested = nested.get("steps")
        if isinstance(nested, list):
            facts += _steps(file, ctx, nested, trigger, pipeline)
    return facts


def _step(
    file: SourceFile,
    ctx: Context,
    step: dict[Any, Any],
    trigger: str,
    line: int | None,
    pipeline: str,
) -> list[Fact]:
    name = as_str(step.get("name")) or pipeline
    deployment = as_str(step.get("deployment"))
    env = classify_job(ctx, file, deployment, name)
    script = "\n".join(str(s) for s in step.get("script") or [] if isinstance(s, str))
    job = Job(name, line, env, script)
    job.triggers = {trigger}
    if step.get("trigger") == "manual":
        job.triggers.add("approval" if trigger != "manual" else "manual")
    job.environment_name = deployment
    job.deploys = bool(deployment) or bool(DEPLOY_WORDS.search(script))
    if deployment:
        job.triggers.add("environment-gate")
    job.runner = as_str(step.get("image")) if isinstance(step.get("image"), str) else None
    job.runner_line = line_of(step, "image")
    return job_facts(file, ctx, job, SOURCE)
