"""What GitHub Actions and GitLab CI jobs have in common: reading their shell scripts.

A deploy job's script says which cluster, context and namespace it targets, which build args
it passes, which cache and registry it uses, and whether it runs load tests or data jobs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stagegap.probe.discovery import SourceFile
from stagegap.probe.facts import Env, Fact
from stagegap.probe.sources.base import Context, make

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("kube_context", re.compile(r"kubectl\s+config\s+use-context\s+([\w@:./${}-]+)")),
    ("kube_context", re.compile(r"--(?:kube-)?context[= ]([\w@:./${}-]+)")),
    ("cluster", re.compile(r"aws\s+eks\s+update-kubeconfig\b[^\n]*?--name[= ]([\w./${}-]+)")),
    ("cluster", re.compile(r"gcloud\s+container\s+clusters\s+get-credentials\s+([\w.${}-]+)")),
    ("cluster", re.compile(r"az\s+aks\s+get-credentials\b[^\n]*?--name[= ]([\w.${}-]+)")),
    ("namespace", re.compile(r"(?:kubectl|helm)\b[^\n]*?(?:\s-n|--namespace)[= ]([\w.${}-]+)")),
    ("build_cache", re.compile(r"--cache-from[= ]([^\s\\]+)")),
    ("registry_push", re.compile(r"docker\s+push\s+([^\s\\]+)")),
]
_BUILD_ARG = re.compile(r"--build-arg[= ]([A-Za-z_][A-Za-z0-9_]*)(?:=([^\s\\]*))?")
_VALUES = re.compile(r"(?:-f|--values)[= ]([\w./${}-]+\.ya?ml)")
DEPLOY_WORDS = re.compile(
    r"kubectl\s+(apply|rollout|set\s+image)|helm(file)?\s+(upgrade|install|apply|sync)|"
    r"terraform\s+apply|kustomize\s+build|argocd\s+app\s+sync|ecs\s+update-service|"
    r"flyctl\s+deploy|fly\s+deploy|vercel\b.*--prod|serverless\s+deploy|sls\s+deploy|"
    r"cap\s+\w+\s+deploy|gcloud\s+(run|app)\s+deploy|docker\s+stack\s+deploy|skaffold\s+run|"
    r"heroku\s+|eb\s+deploy|ansible-playbook|dokku|cdk\s+deploy|pulumi\s+up",
    re.I,
)
LOAD_TOOLS = re.compile(
    r"\b(k6\s+run|locust\b|artillery\s+run|jmeter\b|gatling\b|vegeta\s+attack)", re.I
)
BUILDS = re.compile(
    r"docker\s+(buildx\s+)?build|kaniko|buildah\s+bud|pack\s+build|"
    r"build-push-action|jib(Build|DockerBuild)?\b",
    re.I,
)
PROMOTES = re.compile(
    r"crane\s+(copy|cp|tag)|skopeo\s+copy|docker\s+tag|regctl\s+image\s+copy|"
    r"promote",
    re.I,
)
TOOLING = [
    (
        "migration_lint",
        re.compile(
            r"squawk|strong_migrations|django-migration-linter|"
            r"lintmigrations|atlas\s+migrate\s+lint|\beugene\b|"
            r"migration[-_ ]?lint",
            re.I,
        ),
    ),
    ("contract_test", re.compile(r"\bpact\b|pact-broker|contract[-_ ]tests?", re.I)),
]
PREVIEW = re.compile(
    r"review/|preview|CI_COMMIT_REF_SLUG|CI_MERGE_REQUEST|head_ref|"
    r"pull_request\.number|\bpr-",
    re.I,
)
DATA_JOBS = re.compile(
    r"\b(pg_dump|pg_restore|mysqldump|mongodump|mongorestore|anonymi[sz]e|pg_anonymizer|"
    r"snaplet|greenmask|replibyte|seed)\b",
    re.I,
)


@dataclass
class Job:
    """One CI job in the shape both CI sources reduce theirs to."""

    name: str
    line: int | None
    env: Env | None
    script: str
    triggers: set[str] = field(default_factory=set)
    runner: str | None = None
    runner_line: int | None = None
    cache: list[tuple[str, int | None]] = field(default_factory=list)
    build_args: list[tuple[str, str | None, int | None]] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    own_variables: dict[str, str] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)
    self_hosted: bool = False
    deploys: bool = False
    lock: bool = False
    environment_name: str | None = None
    uses: list[str] = field(default_factory=list)
    schedules: list[tuple[str, int | None]] = field(default_factory=list)
    runs_anyway: bool = False  # `if: always()`: runs whether or not the jobs it needs ran


def expand(text: str, variables: dict[str, str]) -> str:
    """$VAR and ${VAR} from the job's own variables; unknown ones stay as written."""

    def sub(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return variables.get(name, match.group(0))

    return re.sub(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)", sub, text)


def script_line(file: SourceFile, fragment: str, start: int | None) -> int | None:
    return file.line_of(fragment.strip()[:60], start or 1) if fragment.strip() else start


def job_facts(file: SourceFile, ctx: Context, job: Job, source: str) -> list[Fact]:
    facts: list[Fact] = []
    env = job.env
    script = expand(job.script, job.variables)
    tags = (f"job={job.name}",)
    everything = script + "\n" + "\n".join(job.uses)
    for kind, pattern in TOOLING:
        match = pattern.search(everything)
        if match:
            facts.append(
                make(
                    ctx,
                    file,
                    kind,
                    job.name,
                    match.group(0),
                    script_line(file, match.group(0), job.line),
                    source=source,
                    env=env or "shared",
                    tags=(*tags, *sorted(job.triggers)),
                    value_name="tool",
                )
            )
    if job.environment_name and PREVIEW.search(job.environment_name) and job.deploys:
        facts.append(
            make(
                ctx,
                file,
                "preview_env",
                job.name,
                job.environment_name,
                job.line,
                source=source,
                env="shared",
                tags=tags,
                value_name="environment",
            )
        )
    if env is None:
        return facts
    if BUILDS.search(everything):
        facts.append(
            make(
                ctx,
                file,
                "build",
                job.name,
                "build",
                job.line,
                source=source,
                env=env,
                tags=tags,
                value_name="build",
            )
        )
    elif PROMOTES.search(everything) and job.deploys:
        facts.append(
            make(
                ctx,
                file,
                "promote",
                job.name,
                "promote",
                job.line,
                source=source,
                env=env,
                tags=tags,
                value_name="promote",
            )
        )
    if job.deploys:
        trigger_tags = tuple(sorted(job.triggers)) + tuple(f"needs={n}" for n in job.needs)
        trigger_tags += ("lock",) if job.lock else ()
        facts.append(
            make(
                ctx,
                file,
                "deploy",
                job.name,
                ",".join(sorted(job.triggers)) or "push",
                job.line,
                source=source,
                env=env,
                tags=trigger_tags,
                value_name="triggers",
            )
        )
    if job.runner and (job.deploys or env != "shared"):
        facts.append(
            make(
                ctx,
                file,
                "runner",
                job.name,
                job.runner,
                job.runner_line,
                source=source,
                env=env,
                tags=(*tags, "self-hosted" if job.self_hosted else "hosted"),
            )
        )
    for value, line in job.cache:
        facts.append(
            make(
                ctx,
                file,
                "build_cache",
                job.name,
                value,
                line,
                source=source,
                env=env,
                tags=tags,
                value_name="cache",
            )
        )
    for var, raw, line in job.build_args:
        facts.append(
            make(
                ctx,
                file,
                "env",
                var,
                raw,
                line,
                source=source,
                env=env,
                scope="build",
                tags=(*tags, "build-arg"),
            )
        )
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(script):
            value = match.group(1)
            line = script_line(file, _raw_fragment(job.script, match.group(0)), job.line)
            if kind == "registry_push":
                facts.append(
                    make(
                        ctx,
                        file,
                        "image",
                        f"push:{job.name}",
                        value,
                        line,
                        source=source,
                        env=env,
                        tags=tags,
                    )
                )
            else:
                facts.append(
                    make(
                        ctx,
                        file,
                        kind,
                        kind if kind == "namespace" else job.name,
                        value,
                        line,
                        source=source,
                        env=env,
                        tags=tags,
                        value_name=kind,
                    )
                )
    for match in _BUILD_ARG.finditer(script):
        line = script_line(file, "--build-arg " + match.group(1), job.line)
        raw = match.group(2)
        facts.append(
            make(
                ctx,
                file,
                "env",
                match.group(1),
                raw,
                line,
                source=source,
                env=env,
                scope="build",
                tags=(*tags, "build-arg"),
            )
        )
    for match in _VALUES.finditer(script):
        line = script_line(file, match.group(1), job.line)
        facts.append(
            make(
                ctx,
                file,
                "deploy_values",
                job.name,
                match.group(1),
                line,
                source=source,
                env=env,
                tags=tags,
                value_name="values",
            )
        )
    for match in LOAD_TOOLS.finditer(script):
        line = script_line(file, match.group(1), job.line)
        facts.append(
            make(
                ctx,
                file,
                "load_test",
                match.group(1).split()[0].lower(),
                job.name,
                line,
                source=source,
                env=env,
                tags=(*tags, *sorted(job.triggers)),
                value_name="job",
            )
        )
    for match in DATA_JOBS.finditer(script):
        line = script_line(file, match.group(1), job.line)
        facts.append(
            make(
                ctx,
                file,
                "data_job",
                match.group(1).lower(),
                job.name,
                line,
                source=source,
                env=env,
                tags=(*tags, *sorted(job.triggers)),
                value_name="job",
            )
        )
    if env != "shared":
        for var, value in job.own_variables.items():
            facts.append(
                make(
                    ctx,
                    file,
                    "setting",
                    var,
                    value,
                    file.line_of(f"{var}:", job.line or 1),
                    source=source,
                    env=env,
                    tags=(*tags, "ci-variable"),
                )
            )
    for cron, line in job.schedules:
        facts.append(
            make(
                ctx,
                file,
                "cron",
                job.name,
                cron,
                line,
                source=source,
                env=env,
                tags=("ci-schedule",),
                value_name="schedule",
            )
        )
    return facts


def _raw_fragment(script: str, expanded: str) -> str:
    """The first words of a match, as they appear before variable expansion."""
    words = expanded.split()
    return " ".join(words[:2]) if words else expanded


def classify_job(ctx: Context, file: SourceFile, *names: str | None) -> Env | None:
    """A job's environment: its declared environment, else its name, else its file."""
    for name in names:
        if not name:
            continue
        found = ctx.envs.classify_name(name)
        if found in ("staging", "production"):
            return found
        if found == "other":
            return None
    return None if file.env == "other" else file.env
