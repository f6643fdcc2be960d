"""deploys: what starts a deploy in each environment, whether the artifact is promoted or
rebuilt, who can deploy to staging, and which scheduled jobs run where and when."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from croniter import CroniterBadDateError, croniter

from stagegap.probe.facts import ENVS, Env, Fact, Kind
from stagegap.probe.rules import platforms
from stagegap.probe.rules.common import Outcome, Proposal, finding, svc, where
from stagegap.probe.rules.view import View
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import ProbeFinding

DIM = "deploys"
CRITICAL_JOBS = re.compile(
    r"bill|invoice|charge|payout|payment|newsletter|mail|email|notify|"
    r"report|export|renew|subscription|dunning|settle",
    re.I,
)
MAIN_BRANCHES = {"main", "master", "trunk", "develop", "staging", "release"}


def trigger_kind(tags: set[str]) -> str:
    """An approval step wins; otherwise a push or tag deploys on its own (on merge), even when
    the job can also be started by hand."""
    automatic = any(t.startswith("push") or t in ("tag", "after-workflow") for t in tags)
    if "approval" in tags or ("manual" in tags and not automatic):
        return "pipeline-approval"
    if automatic:
        return "on-merge"
    if "schedule" in tags:
        return "scheduled"
    return "pipeline-approval" if "manual" in tags else "on-merge"


def evaluate(view: View) -> Outcome:
    out = Outcome()
    out.findings += _triggers(view, out)
    out.findings += _crons(view, out)
    out.findings += platforms.release_commands(view) + platforms.health_checks(view)
    _promotion(view, out)
    _overlap(view, out)
    return out


def _deploys(view: View, env: Env) -> list[Fact]:
    return [f for f in view.kind(Kind.DEPLOY) if f.env == env]


def _triggers(view: View, out: Outcome) -> list[ProbeFinding]:
    per_env = {env: _deploys(view, env) for env in ENVS}
    findings: list[ProbeFinding] = []
    if not any(per_env.values()):
        return findings
    kinds: dict[Env, str] = {}
    for env in ENVS:
        tags = {t for f in per_env[env] for t in f.tags}
        kinds[env] = trigger_kind(tags) if per_env[env] else "ad-hoc"
    for env in ENVS:
        other: Env = "production" if env == "staging" else "staging"
        if not per_env[env] and per_env[other]:
            findings.append(
                finding(
                    DIM,
                    f"no-pipeline-{env}",
                    env,
                    "medium",
                    f"No CI job deploys {env}; {other} is deployed by {where(per_env[other])}",
                    f"{env.capitalize()} is deployed outside the pipeline (by hand or from a "
                    "console), so its timing and ordering follow nobody's plan.",
                    per_env[other],
                    item="deploys.deploy-trigger",
                )
            )
    if per_env["staging"] and per_env["production"] and kinds["staging"] != kinds["production"]:
        facts = per_env["staging"] + per_env["production"]
        findings.append(
            finding(
                DIM,
                "trigger-differs",
                "deploy",
                "low",
                f"Staging deploys {_word(kinds['staging'])}; production deploys "
                f"{_word(kinds['production'])}",
                "A different trigger means different timing: staging may run a version for days "
                f"before production, or the reverse. Staging: {where(per_env['staging'])}; "
                f"production: {where(per_env['production'])}.",
                facts,
                item="deploys.deploy-trigger",
            )
        )
    production_tags = {t for f in per_env["production"] for t in f.tags}
    if (
        per_env["production"]
        and kinds["production"] == "on-merge"
        and "environment-gate" not in production_tags
    ):
        findings.append(
            finding(
                DIM,
                "production-unguarded",
                "production",
                "medium",
                "Production deploys automatically, with no approval or environment gate",
                f"{where(per_env['production'])} deploys production on "
                f"{', '.join(sorted(t for t in production_tags if ':' in t or t == 'tag'))}.",
                per_env["production"],
                item="deploys.deploy-trigger",
            )
        )
    out.proposals["deploys.deploy-trigger"] = Proposal(
        kinds,
        Confidence.MEDIUM,
        "; ".join(f"{env}: {_trigger_text(per_env[env])}" for env in ENVS)
        + ". Approval rules configured in the CI provider's settings "
        "(not in the repository) are not visible.",
        per_env["staging"] + per_env["production"],
    )
    return findings


def _trigger_text(facts: list[Fact]) -> str:
    tags = sorted({t for f in facts for t in f.tags if "=" not in t})
    return ", ".join(tags) or "no pipeline job"


def _word(kind: str) -> str:
    return {
        "pipeline-approval": "from the pipeline after a manual step",
        "on-merge": "automatically on merge or tag",
        "scheduled": "on a schedule",
        "ad-hoc": "outside the pipeline",
    }[kind]


NEVER_FIRES = "never fires: manual only"
_CRON_START = dt.datetime(2024, 1, 1)


@lru_cache(maxsize=1024)
def cron_period_hours(expression: str) -> float | None:
    """Hours between the first two firings after 1 January 2024; math.inf when the schedule never
    fires again ("0 0 31 2 *", 31 February, the usual idiom for a job run by hand only); None
    when croniter cannot read it (not a cron expression, or one it rejects)."""
    try:
        if not croniter.is_valid(expression):
            return None
        it = croniter(expression, _CRON_START)
        first: dt.datetime = it.get_next(dt.datetime)
        second: dt.datetime = it.get_next(dt.datetime)
    except CroniterBadDateError:
        return math.inf  # no date matches (or only one): it never fires, or never again
    except Exception:  # a third-party parser on a repository's text: never crash the probe
        return None
    return (second - first).total_seconds() / 3600


def never_fires(expression: str) -> bool:
    return cron_period_hours(expression) == math.inf


def describe_cron(expression: str) -> str:
    hours = cron_period_hours(expression)
    if hours is None:
        return expression
    if hours == math.inf:
        return f"{expression} ({NEVER_FIRES})"
    if hours < 1:
        return f"{expression} (every {hours * 60:g} min)"
    if hours < 24:
        return f"{expression} (every {hours:g} h)"
    return f"{expression} (every {hours / 24:g} days)"


def _crons(view: View, out: Outcome) -> list[ProbeFinding]:
    crons = view.kind(Kind.CRON)
    findings: list[ProbeFinding] = []
    if not crons:
        return findings
    sides = view.sides(crons)
    missing_staging = 0
    differing = 0
    production_jobs = 0
    facts: list[Fact] = []
    for side in sides:
        suspended = {
            env: bool(side.of(env)) and all("suspended" in f.tags for f in side.of(env))
            for env in ENVS
        }
        # "0 0 31 2 *" (31 February) is how a job is kept for manual runs only: it never fires
        manual = {
            env: bool(side.of(env)) and never_fires(side.of(env)[-1].value.shown) for env in ENVS
        }
        active = {env: bool(side.of(env)) and not (suspended[env] or manual[env]) for env in ENVS}
        if active["production"]:
            production_jobs += 1
        facts += side.all()
        if active["staging"] != active["production"]:
            here: Env = "staging" if active["staging"] else "production"
            there: Env = "production" if here == "staging" else "staging"
            if here == "production":
                missing_staging += 1
            state = (
                "suspended" if suspended[there] else "manual only" if manual[there] else "absent"
            )
            state_detail = state
            if state == "manual only":
                schedule = describe_cron(side.of(there)[-1].value.shown)
                state_detail = f"manual only (schedule {schedule} at {where(side.of(there))})"
            if here == "staging":
                severity = "low"
            else:
                severity = "high" if CRITICAL_JOBS.search(side.key) else "medium"
            findings.append(
                finding(
                    DIM,
                    f"cron-only-in-{here}",
                    side.key,
                    severity,  # type: ignore[arg-type]
                    f"{svc(side.service)}Scheduled job {side.key} runs in {here} only ({there}: "
                    f"{state})",
                    f"{side.key} runs on {describe_cron(side.of(here)[-1].value.shown)} in {here} "
                    f"({where(side.of(here))}) and is {state_detail} in {there}. Its effects "
                    "(charges, emails, exports) and its interaction with deploys are never seen "
                    f"in {there}.",
                    side.all(),
                    item="deploys.background-jobs",
                    service=side.service,
                )
            )
        elif active["staging"] and active["production"]:
            s = side.staging[-1].value.shown
            p = side.production[-1].value.shown
            if s != p:
                differing += 1
                findings.append(
                    finding(
                        DIM,
                        "cron-schedule-differs",
                        side.key,
                        "low",
                        f"{svc(side.service)}Scheduled job {side.key} runs on a different schedule "
                        "in staging",
                        f"Staging: {describe_cron(s)} at {where(side.staging)}; production: "
                        f"{describe_cron(p)} at {where(side.production)}.",
                        side.staging + side.production,
                        item="deploys.background-jobs",
                        service=side.service,
                    )
                )
    if production_jobs:
        if missing_staging == production_jobs:
            value = "disabled-in-staging"
        elif missing_staging:
            value = "partly-disabled"
        elif differing:
            value = "different-schedule"
        else:
            value = "same-schedule"
        out.proposals["deploys.background-jobs"] = Proposal(
            value,
            Confidence.MEDIUM,
            f"{production_jobs} scheduled jobs run in production; {missing_staging} of them do "
            f"not run in staging and {differing} run on another schedule there.",
            facts,
        )
    return findings


def _promotion(view: View, out: Outcome) -> None:
    builds = {env: [f for f in view.kind(Kind.BUILD) if f.env == env] for env in (*ENVS, "shared")}
    promotes = [f for f in view.kind(Kind.PROMOTE) if f.env == "production"]
    build_args = [
        f
        for f in view.kind(Kind.ENV)
        if f.scope == "build"
        and f.env in ENVS
        and ("build-arg" in f.tags or f.source in ("github-actions", "gitlab-ci"))
    ]
    if builds["staging"] and builds["production"]:
        if build_args:
            value, note = (
                "built-per-environment",
                (
                    "staging and production deploy jobs each build the image, with environment-"
                    f"specific build args ({', '.join(sorted({f.key for f in build_args}))})."
                ),
            )
            facts = builds["staging"] + builds["production"] + build_args
            out.findings.append(
                finding(
                    DIM,
                    "built-per-environment",
                    "image",
                    "medium",
                    "Production deploys an image built separately from the one tested in staging",
                    "Each environment's job builds its own image with its own build args; what "
                    "staging tested is not byte-for-byte what production runs. Staging: "
                    f"{where(builds['staging'])}; production: {where(builds['production'])}.",
                    facts,
                    item="deploys.artifact-promotion",
                )
            )
        else:
            value, note = (
                "rebuilt-same-commit",
                ("staging and production deploy jobs each build the image from the same commit."),
            )
            facts = builds["staging"] + builds["production"]
        out.proposals["deploys.artifact-promotion"] = Proposal(
            value, Confidence.MEDIUM, note, facts
        )
    elif promotes or (
        (builds["shared"] or builds["staging"])
        and _deploys(view, "production")
        and not builds["production"]
    ):
        facts = promotes + builds["shared"] + builds["staging"]
        out.proposals["deploys.artifact-promotion"] = Proposal(
            "same-artifact",
            Confidence.LOW,
            "the image is built once and production's deploy job does not rebuild it.",
            facts,
        )


def _overlap(view: View, out: Outcome) -> None:
    previews = view.kind(Kind.PREVIEW_ENV)
    staging = _deploys(view, "staging")
    if previews:
        out.proposals["deploys.staging-overlap"] = Proposal(
            "preview-environments",
            Confidence.MEDIUM,
            f"branches deploy to their own review environments ({where(previews)}).",
            previews,
        )
        return
    if not staging:
        return
    tags = {t for f in staging for t in f.tags}
    branches = {t.split(":", 1)[1] for t in tags if t.startswith("push:")}
    if "lock" in tags and (branches - MAIN_BRANCHES or "manual" in tags or "any" in branches):
        value, note = (
            "shared-with-lock",
            "staging deploys are serialised (concurrency group or resource_group).",
        )
    elif (
        "any" in branches
        or "pull_request" in tags
        or len(branches - {"any"}) > 1
        or ("manual" in tags and not branches)
    ):
        value, note = (
            "last-deploy-wins",
            "staging deploys from any branch (or by hand from any branch) with no lock.",
        )
        out.findings.append(
            finding(
                DIM,
                "staging-last-deploy-wins",
                "staging",
                "low",
                "Any branch can deploy to the shared staging; the last deploy wins",
                f"{where(staging)} deploys staging on "
                f"{', '.join(sorted(tags - {'environment-gate'}))}"
                " with no lock; what QA tests can change underneath them.",
                staging,
                item="deploys.staging-overlap",
            )
        )
    else:
        value, note = "main-only", f"staging deploys from {', '.join(sorted(branches)) or 'tags'}."
    out.proposals["deploys.staging-overlap"] = Proposal(value, Confidence.MEDIUM, note, staging)
