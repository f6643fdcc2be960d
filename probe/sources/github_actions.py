"""GitHub Actions workflows: what triggers each environment's deploy, on which runner, with
which cache, which variables it builds and deploys with, and which schedules run where.

PyYAML follows YAML 1.1, where the bare key `on` is the boolean True; a workflow's triggers are
therefore looked up under both.

A job of one environment (by its `environment:`, its name or its workflow's) that builds or
deploys passes the variables of its workflow-level, job-level and `run:` step `env:` blocks on
to what it runs (a build, a deploy script): they are set for that environment, at build time.
A variable the workflow reads itself (`$AWS_REGION` in a script, `${{ env.EKS_CLUSTER }}`) is
the pipeline's own plumbing, not the application's configuration.

A `workflow_dispatch` input of type choice whose options name environments (`environment:
[staging, sandbox, production]`) makes each deploying job that reads it a manual deploy of
each environment named.
"""

from __future__ import annotations

import re
from typing import Any

from croniter import croniter

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import ENVS, Env, Fact, Kind
from stagegap.probe.sources.base import Context, as_str, make
from stagegap.probe.sources.ci_common import BUILDS, DEPLOY_WORDS, Job, classify_job, job_facts
from stagegap.probe.yamlload import line_of, own_line

_PATH = re.compile(r"(^|/)\.github/workflows/[^/]+\.ya?ml$")


def wants(relative: str) -> bool:
    return bool(_PATH.search(relative))


def triggers_of(doc: dict[Any, Any]) -> tuple[dict[str, Any], int | None]:
    key: Any = "on" if "on" in doc else True
    raw = doc.get(key)
    line = line_of(doc, key)
    if isinstance(raw, str):
        return {raw: None}, line
    if isinstance(raw, list):
        return {str(e): None for e in raw}, line
    if isinstance(raw, dict):
        return {str(k): v for k, v in raw.items()}, line
    return {}, line


def read_document(file: SourceFile, ctx: Context, doc: Any) -> list[Fact]:
    if not isinstance(doc, dict) or not isinstance(doc.get("jobs"), dict):
        return []
    events, on_line = triggers_of(doc)
    workflow_triggers = _event_tags(events)
    schedules = _schedules(file, ctx, events, on_line)
    choices = _dispatch_choices(ctx, events)
    raw_env = doc.get("env")
    workflow_env: dict[Any, Any] = raw_env if isinstance(raw_env, dict) else {}
    facts: list[Fact] = []
    parsed: list[Job] = []
    blocks: dict[str, list[dict[Any, Any]]] = {}
    chosen: dict[str, list[Env]] = {}
    jobs = doc["jobs"]
    for job_id, spec in jobs.items():
        if not isinstance(spec, dict):
            continue
        environment = spec.get("environment")
        env_name = environment.get("name") if isinstance(environment, dict) else environment
        called = as_str(spec.get("uses"))
        inputs: dict[Any, Any] = spec["with"] if isinstance(spec.get("with"), dict) else {}
        if env_name is None and called:
            env_name = _literal_environment(ctx, inputs)
        if "workflow_call" in events and "inputs." in str(env_name or ""):
            continue  # named by its caller's inputs: read where it is called
        env = classify_job(
            ctx,
            file,
            as_str(env_name),
            str(job_id),
            as_str(spec.get("name")),
            as_str(doc.get("name")),
        )
        steps = [s for s in spec.get("steps") or [] if isinstance(s, dict)]
        script = "\n".join(str(s.get("run", "")) for s in steps)
        uses = [str(s.get("uses", "")) for s in steps]
        job = Job(str(job_id), line_of(jobs, job_id), env, script)
        job.triggers = _narrow(workflow_triggers, as_str(spec.get("if")) or "")
        job.environment_name = as_str(env_name)
        job.uses = uses
        job.lock = bool(spec.get("concurrency") or doc.get("concurrency"))
        if any("manual-approval" in u or "approve" in u.lower() for u in uses):
            job.triggers.add("approval")
        if env_name:
            job.triggers.add("environment-gate")
        runs_on = spec.get("runs-on")
        if runs_on is not None:
            labels = runs_on if isinstance(runs_on, list) else [runs_on]
            if isinstance(runs_on, dict):
                labels = list(runs_on.get("labels") or []) + [runs_on.get("group", "")]
            job.runner = ",".join(str(x) for x in labels if x)
            job.runner_line = line_of(spec, "runs-on")
            job.self_hosted = "self-hosted" in job.runner or not re.match(
                r"^(ubuntu|windows|macos)-", job.runner
            )
        raw_env = spec.get("env")
        job_env: dict[Any, Any] = raw_env if isinstance(raw_env, dict) else {}
        # `env:` outside steps reaches every step's shell: $VAR in scripts reads it
        for block in (workflow_env, job_env):
            for key, value in block.items():
                text = as_str(value)
                if text is not None and not text.startswith("${{"):
                    job.variables[str(key)] = text
        blocks[job.name] = [workflow_env, job_env] + [
            s["env"] for s in steps if isinstance(s.get("env"), dict) and s.get("run")
        ]
        if choices and (env is None or env == "shared"):
            read = _inputs_read([spec, workflow_env])
            chosen[job.name] = sorted({e for name in read for e in choices.get(name, ())})
        needs = spec.get("needs")
        job.needs = [
            str(n) for n in (needs if isinstance(needs, list) else [needs] if needs else [])
        ]
        url = environment.get("url") if isinstance(environment, dict) else inputs.get("url")
        if env in ENVS and isinstance(url, str) and "${{" not in url:
            facts.append(
                make(
                    ctx,
                    file,
                    Kind.INGRESS_HOST,
                    f"environment-url:{job_id}",
                    url,
                    line_of(spec, "environment" if isinstance(environment, dict) else "with"),
                    source="github-actions",
                    env=env,
                    tags=(f"job={job_id}",),
                    value_name="url",
                )
            )
        job.deploys = (
            bool(env_name)
            or bool(DEPLOY_WORDS.search(script))
            or bool(re.search(r"deploy|release|rollout|promote", str(job_id), re.I))
        )
        for step in steps:
            _step(step, job)
        job.runs_anyway = bool(
            re.search(r"always\(\)|failure\(\)|cancelled\(\)", str(spec.get("if", "")))
        )
        parsed.append(job)
    _inherit_needs(parsed)
    used: set[str] | None = None
    for job in parsed:
        if job.env is not None and "schedule" in job.triggers:
            job.schedules = schedules
        facts += job_facts(file, ctx, job, "github-actions")
        if job.env in ENVS and (job.deploys or BUILDS.search(job.script + "\n".join(job.uses))):
            if used is None:
                used = _env_expressions(doc)
            facts += _variables(file, ctx, job, blocks[job.name], used)
        if job.deploys and "manual" in job.triggers:
            for env in chosen.get(job.name, ()):
                facts += job_facts(file, ctx, _dispatched(job, env), "github-actions")
    return facts


def _variables(
    file: SourceFile, ctx: Context, job: Job, blocks: list[dict[Any, Any]], used: set[str]
) -> list[Fact]:
    """The job's `env:` (workflow, job, `run:` steps) that it passes on to what it runs, in
    its environment; what the workflow reads itself is left out. `${{ secrets.X }}` and
    `${{ inputs.x }}` are references, never values."""
    facts = []
    for block in blocks:
        for key, value in block.items():
            if not isinstance(key, str) or isinstance(value, dict | list) or key in used:
                continue
            if "$" in job.script and re.search(rf"\${{?{re.escape(key)}\b", job.script):
                continue  # the job's own script reads it: the pipeline's plumbing
            facts.append(
                make(
                    ctx,
                    file,
                    "env",
                    key,
                    as_str(value),
                    line_of(block, key),
                    source="github-actions",
                    env=job.env,
                    scope="build",
                    tags=(f"job={job.name}", "ci-env"),
                )
            )
    return facts


_ENV_INPUTS = ("environment", "env", "stage", "target", "deploy-environment", "environment-name")


def _literal_environment(ctx: Context, inputs: dict[Any, Any]) -> str | None:
    """A reusable workflow's caller (`uses: ./.github/workflows/deploy.yml`) names the
    environment it deploys in a literal input (`with: {environment: staging}`)."""
    for name in _ENV_INPUTS:
        value = as_str(inputs.get(name))
        if value and "${{" not in value and ctx.envs.classify_name(value) is not None:
            return value
    return None


def _dispatch_choices(ctx: Context, events: dict[str, Any]) -> dict[str, list[Env]]:
    """`workflow_dispatch` inputs of type choice and the environments their options name."""
    spec = events.get("workflow_dispatch")
    inputs = spec.get("inputs") if isinstance(spec, dict) else None
    found: dict[str, list[Env]] = {}
    for name, raw in (inputs or {}).items() if isinstance(inputs, dict) else ():
        if not isinstance(raw, dict) or raw.get("type") != "choice":
            continue
        options = raw.get("options")
        envs: list[Env] = []
        for option in options if isinstance(options, list) else []:
            env = ctx.envs.classify_name(as_str(option) or "")
            if env == "staging" or env == "production":
                envs.append(env)
        if envs:
            found[str(name)] = envs
    return found


_INPUT = re.compile(r"\binputs\.([A-Za-z_][\w-]*)")
_ENV_READ = re.compile(r"\benv\.([A-Za-z_]\w*)")


def _env_expressions(doc: dict[Any, Any]) -> set[str]:
    """Variables the workflow's own expressions read (`${{ env.EKS_CLUSTER }}`)."""
    read: set[str] = set()
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and "env." in node and "${{" in node:
            read.update(_ENV_READ.findall(node))
    return read


def _inputs_read(nodes: list[Any]) -> set[str]:
    """The dispatch inputs a job reads (`inputs.environment`, `github.event.inputs.env`)."""
    read: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and "inputs." in node:
            read.update(_INPUT.findall(node))
    return read


def _dispatched(job: Job, env: Env) -> Job:
    """The job as a manual deploy of one environment chosen at dispatch: its trigger, gates,
    runner and lock, not its script (the script serves every choice; its targets are not
    this environment's alone)."""
    copy = Job(job.name, job.line, env, "")
    copy.triggers = {"manual"} | (job.triggers & GATES)
    copy.environment_name = job.environment_name
    copy.lock = job.lock
    copy.runner, copy.runner_line, copy.self_hosted = job.runner, job.runner_line, job.self_hosted
    copy.needs = list(job.needs)
    copy.deploys = True
    return copy


GATES = frozenset({"approval", "environment-gate"})


def _inherit_needs(jobs: list[Job]) -> None:
    """A job runs only when the jobs it `needs` ran: `deploy-production` needing a
    `build-production` that runs on workflow_dispatch only is itself manual, whatever the
    workflow's other events. Resolved in dependency order; cycles are left alone."""
    by_id = {job.name: job for job in jobs}
    done: set[str] = set()

    def resolve(job: Job, path: frozenset[str]) -> set[str]:
        if job.name in done or job.name in path:
            return job.triggers
        events = {t for t in job.triggers if t not in GATES}
        if not job.runs_anyway:
            for name in job.needs:
                needed = by_id.get(name)
                if needed is None:
                    continue
                upstream = {t for t in resolve(needed, path | {job.name}) if t not in GATES}
                if upstream and events:
                    events &= upstream
        job.triggers = events | (job.triggers & GATES)
        done.add(job.name)
        return job.triggers

    for job in jobs:
        resolve(job, frozenset())


def _step(step: dict[str, Any], job: Job) -> None:
    uses = str(step.get("uses", ""))
    params = step.get("with") if isinstance(step.get("with"), dict) else {}
    assert isinstance(params, dict)
    if uses.startswith("actions/cache"):
        job.cache.append(
            (str(params.get("key", "actions/cache")), line_of(params, "key", own_line(step)))
        )
    if "build-push-action" in uses:
        for key in ("cache-from", "cache-to"):
            if params.get(key):
                job.cache.append((str(params[key]).strip(), line_of(params, key)))
        args = params.get("build-args")
        if isinstance(args, str):
            base = line_of(params, "build-args") or own_line(step) or 0
            for offset, row in enumerate(args.splitlines(), start=1):
                name, sep, raw = row.strip().partition("=")
                if name and re.match(r"^[A-Za-z_]\w*$", name):
                    job.build_args.append((name, raw if sep else None, base + offset))
    if "aks-set-context" in uses or "k8s-set-context" in uses:
        job.script += f"\n--context={params.get('cluster-name') or params.get('context', '')}"
    env = step.get("env")
    if isinstance(env, dict):
        for key, value in env.items():
            text = as_str(value)
            if text is not None and not text.startswith("${{"):
                job.variables[str(key)] = text


def _event_tags(events: dict[str, Any]) -> set[str]:
    tags: set[str] = set()
    for event, spec in events.items():
        if event == "push":
            branches = spec.get("branches") if isinstance(spec, dict) else None
            tag_filter = spec.get("tags") if isinstance(spec, dict) else None
            if tag_filter:
                tags.add("tag")
            if branches or not tag_filter:
                tags.update(f"push:{b}" for b in (branches or ["any"]))
        elif event == "workflow_dispatch":
            tags.add("manual")
        elif event == "schedule":
            tags.add("schedule")
        elif event == "release":
            tags.add("tag")
        elif event in ("pull_request", "pull_request_target"):
            tags.add("pull_request")
        elif event == "workflow_run":
            tags.add("after-workflow")
        else:
            tags.add(event)
    return tags


def _narrow(tags: set[str], condition: str) -> set[str]:
    """A job's `if:` often picks one of the workflow's events or refs."""
    if not condition:
        return set(tags)
    picked: set[str] = set()
    if "refs/tags" in condition:
        picked.add("tag")
    for branch in re.findall(r"refs/heads/([\w./-]+)", condition):
        picked.add(f"push:{branch}")
    for event in re.findall(r"event_name\s*==\s*'(\w+)'", condition):
        for tag in _event_tags({event: None}):
            # `event_name == 'push'` keeps the workflow's own push branches
            pushed = {t for t in tags if t.startswith("push:")} if tag == "push:any" else set()
            picked |= pushed or {tag}
    if not picked:
        return set(tags)
    return picked if not tags else ({t for t in tags if t in picked} or picked)


def _schedules(
    file: SourceFile, ctx: Context, events: dict[str, Any], on_line: int | None
) -> list[tuple[str, int | None]]:
    found: list[tuple[str, int | None]] = []
    entries = events.get("schedule")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        cron = as_str(entry.get("cron")) if isinstance(entry, dict) else None
        if not cron:
            continue
        line = line_of(entries, index, on_line)
        if not croniter.is_valid(cron):
            # the place, not the text: a schedule is a string like any, and can hold anything
            ctx.warnings.add(file.relative, "not a valid cron expression, skipped", line)
            continue
        found.append((cron, line))
    return found
