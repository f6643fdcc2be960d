"""Azure Pipelines (`azure-pipelines.yml`, `.azure-pipelines/*.yml`): each job is a job, each
`deployment:` job deploys its `environment:`. The pipeline's `trigger` gives the events (branches
pushed, tags); a stage's or job's `condition` on `Build.SourceBranch` narrows them. Approvals
are usually set on the environment in Azure DevOps, out of the repository's sight; the ones the
YAML declares (a `ManualValidation` task in the stage) make its deploys wait for a person. App
settings passed to an App Service or Function App task (`-KEY value`) are run-time variables of
the job's environment; stage and job `variables` are its settings."""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.sources.ci_common import DEPLOY_WORDS, Job, classify_job, job_facts
from stagegap.probe.yamlload import line_of, own_line

_PATH = re.compile(
    r"(^|/)(azure-pipelines[\w.-]*|\.azure-pipelines/[^/]+|\.azuredevops/[^/]+)\.ya?ml$"
)
_SETTING = re.compile(r"-([A-Za-z_][\w.]*)\s+(\"[^\"]*\"|'[^']*'|\S+)")
_APPROVAL_TASKS = ("ManualValidation@",)
SOURCE = "azure-pipelines"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict):
        return []
    events = _events(doc)
    stages = doc.get("stages")
    if not isinstance(stages, list):
        stages = [{"stage": "default", "jobs": doc.get("jobs") or []}]
    facts: list[Fact] = []
    for stage in stages:
        if isinstance(stage, dict):
            facts += _stage(file, ctx, stage, events)
    return facts


def _stage(file: SourceFile, ctx: Context, stage: dict[Any, Any], events: set[str]) -> list[Fact]:
    jobs = [j for j in stage.get("jobs") or [] if isinstance(j, dict)]
    approved = any(
        str(step.get("task", "")).startswith(_APPROVAL_TASKS)
        for job in jobs
        for step in _steps(job)
    )
    stage_name = as_str(stage.get("stage")) or ""
    triggers = _narrow(events, str(stage.get("condition", "")))
    variables = _variables(stage.get("variables"))
    facts: list[Fact] = []
    for spec in jobs:
        name = as_str(spec.get("deployment")) or as_str(spec.get("job")) or stage_name
        environment = spec.get("environment")
        env_name = as_str(environment.get("name") if isinstance(environment, dict) else environment)
        env = classify_job(ctx, file, env_name, name, stage_name)
        steps = _steps(spec)
        script = "\n".join(
            str(step.get(k))
            for step in steps
            for k in ("script", "bash", "pwsh", "powershell")
            if step.get(k)
        )
        script += "\n" + "\n".join(str(step.get("task", "")) for step in steps)
        job = Job(name, own_line(spec), env, script)
        job.triggers = _narrow(triggers, str(spec.get("condition", "")))
        if approved:
            job.triggers.add("approval")
        job.environment_name = env_name
        job.deploys = "deployment" in spec or bool(DEPLOY_WORDS.search(script))
        job.own_variables = {**variables, **_variables(spec.get("variables"))}
        facts += job_facts(file, ctx, job, SOURCE)
        if env in ("staging", "production"):
            facts += _app_settings(file, ctx, steps, env)
    return facts


def _app_settings(
    file: SourceFile, ctx: Context, steps: list[dict[Any, Any]], env: Env
) -> list[Fact]:
    facts: list[Fact] = []
    for step in steps:
        inputs = step.get("inputs")
        text = as_str(inputs.get("appSettings")) if isinstance(inputs, dict) else None
        if not text:
            continue
        line = line_of(inputs, "appSettings")
        for match in _SETTING.finditer(text):
            value = match.group(2).strip("'\"")
            reference = value.startswith("$(")
            facts += platform.variable(
                ctx, file, SOURCE, match.group(1), value, line, env, "run", reference=reference
            )
    return facts


def _steps(job: dict[Any, Any]) -> list[dict[Any, Any]]:
    steps = job.get("steps")
    strategy = job.get("strategy")
    if isinstance(strategy, dict):
        for rollout in strategy.values():
            if isinstance(rollout, dict):
                for hook in rollout.values():
                    if isinstance(hook, dict) and isinstance(hook.get("steps"), list):
                        steps = (steps or []) + hook["steps"]
    return [s for s in steps or [] if isinstance(s, dict)]


def _variables(raw: Any) -> dict[str, str]:
    if isinstance(raw, dict):
        return {str(k): v for k, v in ((k, as_str(v)) for k, v in raw.items()) if v is not None}
    found: dict[str, str] = {}
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and "name" in item and as_str(item.get("value")) is not None:
            found[str(item["name"])] = str(as_str(item.get("value")))
    return found


def _events(doc: dict[Any, Any]) -> set[str]:
    trigger = doc.get("trigger")
    if trigger == "none":
        return {"manual"}
    if isinstance(trigger, list):
        return {f"push:{b}" for b in trigger}
    if not isinstance(trigger, dict):
        return {"push:any"}
    found: set[str] = set()
    branches = trigger.get("branches")
    include = branches.get("include") if isinstance(branches, dict) else branches
    found.update(f"push:{b}" for b in include or [] if isinstance(include, list))
    tags = trigger.get("tags")
    if isinstance(tags, dict) and tags.get("include"):
        found.add("tag")
    return found or {"push:any"}


def _narrow(events: set[str], condition: str) -> set[str]:
    """A condition on Build.SourceBranch picks a branch or tags out of the pipeline's events."""
    picked = {f"push:{b}" for b in re.findall(r"refs/heads/([\w./-]+)", condition)}
    if "refs/tags" in condition:
        picked.add("tag")
    return picked or set(events)
