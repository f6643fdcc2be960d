"""CircleCI `.circleci/config.yml`: each workflow's job entries are the jobs that run, with the
parameters, `context`, `filters` and `requires` of that entry. An entry's environment is its
context's, else its name's, else its literal parameters' (`stage: production`); branch filters
make push triggers, tag filters tag triggers, a scheduled trigger a schedule; an entry that
requires a `type: approval` job (directly or through others) waits for a person."""

from __future__ import annotations

import re
from typing import Any

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Fact
from stagegap.probe.sources import platform
from stagegap.probe.sources.base import Context, as_str
from stagegap.probe.sources.ci_common import DEPLOY_WORDS, Job, classify_job, job_facts
from stagegap.probe.yamlload import line_of, own_line

_PATH = re.compile(r"(^|/)\.circleci/config\.ya?ml$")
_PARAM = re.compile(r"<<\s*parameters\.([\w-]+)\s*>>")
SOURCE = "circleci"


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict) or not isinstance(doc.get("workflows"), dict):
        return []
    definitions = platform.mapping(doc.get("jobs"))
    facts: list[Fact] = []
    for workflow in doc["workflows"].values():
        if isinstance(workflow, dict):
            facts += _workflow(file, ctx, workflow, definitions)
    return facts


def _workflow(
    file: SourceFile, ctx: Context, workflow: dict[Any, Any], definitions: dict[Any, Any]
) -> list[Fact]:
    schedules = _schedules(workflow)
    entries: dict[str, tuple[str, dict[Any, Any], int | None]] = {}
    for item in workflow.get("jobs") or []:
        job_name, spec = (item, {}) if isinstance(item, str) else next(iter(item.items()), ("", {}))
        spec = spec if isinstance(spec, dict) else {}
        name = as_str(spec.get("name")) or str(job_name)
        entries[name] = (str(job_name), spec, own_line(item) or line_of(workflow, "jobs"))
    approvals = {n for n, (_, spec, _) in entries.items() if spec.get("type") == "approval"}
    facts: list[Fact] = []
    for name, (job_name, spec, line) in entries.items():
        if name in approvals:
            continue
        params = {k: as_str(v) or "" for k, v in spec.items() if not isinstance(v, dict | list)}
        context = spec.get("context")
        contexts = context if isinstance(context, list) else [context] if context else []
        env = classify_job(ctx, file, *[as_str(c) for c in contexts], name, *params.values())
        definition = definitions.get(job_name)
        script = _script(definition, params)
        job = Job(name, line, env, script)
        job.triggers = _filters(spec.get("filters")) | ({"schedule"} if schedules else set())
        if _gated(name, entries, approvals, set()):
            job.triggers.add("approval")
        requires = spec.get("requires")
        job.needs = [str(r) for r in requires] if isinstance(requires, list) else []
        job.deploys = bool(DEPLOY_WORDS.search(script)) or "deploy" in name.lower()
        if isinstance(definition, dict):
            job.runner = _executor(definition)
        if env is not None and schedules:
            job.schedules = schedules
        facts += job_facts(file, ctx, job, SOURCE)
    return facts


def _gated(
    name: str,
    entries: dict[str, tuple[str, dict[Any, Any], int | None]],
    approvals: set[str],
    seen: set[str],
) -> bool:
    """Whether an approval job stands anywhere upstream of this entry."""
    if name in seen or name not in entries:
        return False
    seen.add(name)
    requires = entries[name][1].get("requires")
    for upstream in requires if isinstance(requires, list) else []:
        if str(upstream) in approvals or _gated(str(upstream), entries, approvals, seen):
            return True
    return False


def _filters(raw: Any) -> set[str]:
    if not isinstance(raw, dict):
        return {"push:any"}
    branches = platform.mapping(raw.get("branches"))
    tags = platform.mapping(raw.get("tags"))
    found: set[str] = set()
    if tags.get("only"):
        found.add("tag")
    ignored_all = str(branches.get("ignore", "")) in ("/.*/", ".*")
    only = branches.get("only")
    if only and not ignored_all:
        found.update(f"push:{b}" for b in (only if isinstance(only, list) else [only]))
    elif not ignored_all and not found:
        found.add("push:any")
    return found


def _script(definition: Any, params: dict[str, str]) -> str:
    if not isinstance(definition, dict):
        return ""
    lines: list[str] = []
    for step in definition.get("steps") or []:
        run = step.get("run") if isinstance(step, dict) else None
        command = run.get("command") if isinstance(run, dict) else run
        if isinstance(command, str):
            lines.append(_PARAM.sub(lambda m: params.get(m.group(1), m.group(0)), command))
    return "\n".join(lines)


def _executor(definition: dict[Any, Any]) -> str | None:
    if definition.get("machine"):
        return "machine"
    docker = definition.get("docker")
    if isinstance(docker, list) and docker and isinstance(docker[0], dict):
        return as_str(docker[0].get("image"))
    return (
        as_str(definition.get("executor")) if isinstance(definition.get("executor"), str) else None
    )


def _schedules(workflow: dict[Any, Any]) -> list[tuple[str, int | None]]:
    found: list[tuple[str, int | None]] = []
    for trigger in workflow.get("triggers") or []:
        schedule = trigger.get("schedule") if isinstance(trigger, dict) else None
        if isinstance(schedule, dict) and as_str(schedule.get("cron")):
            found.append((str(schedule["cron"]), line_of(schedule, "cron")))
    return found
