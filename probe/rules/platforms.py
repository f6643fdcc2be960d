"""What deploy platforms add to three dimensions: a process that sleeps or stops when idle in
one environment only (traffic), a release or pre-deploy command that differs or seeds data in
one environment (deploys, data), and a deploy health check in one environment only (deploys).
The facts come from the platform sources (probe/platforms.yaml says which keys hold them)."""

from __future__ import annotations

from collections.abc import Callable

from stagegap.probe.facts import ENVS, Env, Kind
from stagegap.probe.rules.common import finding, svc, where
from stagegap.probe.rules.view import Side, View
from stagegap.probe.sources.platform import SEEDS
from stagegap.questionnaires.response import ProbeFinding

OTHER: dict[Env, Env] = {"staging": "production", "production": "staging"}


def idle_scaling(view: View) -> list[ProbeFinding]:
    """traffic: cold starts in one environment only hide (or invent) latency problems."""
    return _only_in_one(
        view,
        Kind.IDLE_SCALING,
        "traffic/idle-scaling-only-in",
        "traffic.autoscaling",
        lambda side, here: (
            f"{svc(side.service)}{side.key} sleeps or stops when idle in {here} "
            f"({side.of(here)[-1].value.shown}); {OTHER[here]} stays warm",
            f"Cold starts, connection warm-up and first-request latency happen in {here} "
            f"only ({where(side.of(here))}).",
        ),
    )


def release_commands(view: View) -> list[ProbeFinding]:
    """deploys: the command each release runs first; data: one that seeds in one side only
    (then that is the difference, reported once)."""
    findings = []
    for side in view.sides(view.kind(Kind.RELEASE_COMMAND)):
        shown = {env: {f.value.shown for f in side.of(env)} for env in ENVS}
        seeds = {env: any(SEEDS.search(s) for s in shown[env]) for env in ENVS}
        for env in ENVS:
            if seeds[env] and not seeds[OTHER[env]]:
                findings.append(
                    finding(
                        "data",
                        f"seed-on-deploy-{env}",
                        side.key,
                        "medium",
                        f"{svc(side.service)}{side.key}'s release command seeds or loads "
                        f"fixtures on every deploy in {env} only",
                        f"{where(side.of(env))} runs {'; '.join(sorted(shown[env]))}: the data "
                        f"{env} holds is reset or mixed with fixtures that {OTHER[env]} never has.",
                        side.all(),
                        item="data.data-source",
                        service=side.service,
                    )
                )
        if shown["staging"] != shown["production"] and seeds["staging"] == seeds["production"]:
            missing = [env for env in ENVS if not shown[env]]
            summary = (
                f"{svc(side.service)}{side.key} runs a release command in {OTHER[missing[0]]} only"
                if missing
                else f"{svc(side.service)}{side.key}'s release command differs between staging "
                "and production"
            )
            findings.append(
                finding(
                    "deploys",
                    "release-command-differs",
                    side.key,
                    "low",
                    summary,
                    "What runs before a new version serves (migrations, cache warm-up) is "
                    f"rehearsed differently. Staging: {where(side.staging) or 'none'}; "
                    f"production: {where(side.production) or 'none'}.",
                    side.all(),
                    item="deploys.deploy-trigger",
                    service=side.service,
                )
            )
    return findings


def health_checks(view: View) -> list[ProbeFinding]:
    """deploys: a deploy gated by a health check in one environment only."""
    return _only_in_one(
        view,
        Kind.DEPLOY_CHECK,
        "deploys/health-check-only-in",
        "deploys.deploy-trigger",
        lambda side, here: (
            f"{svc(side.service)}{side.key}'s deploys wait for a health check in {here} only",
            f"A release that never becomes healthy is caught in {here} "
            f"({where(side.of(here))}) but goes live in {OTHER[here]}.",
        ),
    )


def _only_in_one(
    view: View,
    kind: Kind,
    check: str,
    item: str,
    words: Callable[[Side, Env], tuple[str, str]],
) -> list[ProbeFinding]:
    """A low finding per key that one environment has and the other lacks."""
    dimension, name = check.split("/")
    findings = []
    for side in view.sides(view.kind(kind)):
        here = side.only
        if here is not None:
            summary, details = words(side, here)
            findings.append(
                finding(
                    dimension,
                    f"{name}-{here}",
                    side.key,
                    "low",
                    summary,
                    details,
                    side.all(),
                    item=item,
                    service=side.service,
                )
            )
    return findings
