"""Staging's cluster against production's, and each cluster against what the repository
declares for it: a live difference is a finding of its own ("production runs 12 replicas,
the repository says 6")."""

from __future__ import annotations

from collections.abc import Iterable

from stagegap.probe.facts import Fact, Facts, Kind
from stagegap.probe.live.kube import ClusterState, Workload
from stagegap.probe.live.outcome import LiveOutcome, SourceRead, live_finding
from stagegap.probe.rules.common import evidence as file_evidence
from stagegap.questionnaires.answers import Evidence

ClusterRead = SourceRead[ClusterState]


def _seen(read: ClusterRead, workload: Workload, seen: str) -> Evidence:
    return read.evidence(f"{workload.namespace}/{workload.kind}/{workload.name}", seen)


def compare_clusters(pre: ClusterRead | None, prod: ClusterRead | None) -> LiveOutcome:
    out = LiveOutcome()
    if pre is None or prod is None:
        return out
    a, b = pre.state.workloads, prod.state.workloads
    for key in sorted(set(a) & set(b)):
        _pair(pre, prod, a[key], b[key], out)
    for key in sorted(set(b) - set(a)):
        if b[key].kind == "CronJob":
            out.findings.append(
                live_finding(
                    "deploys/live-cronjob-only-in-production",
                    b[key].name,
                    f"CronJob {b[key].name} runs in production's cluster and does not exist "
                    "in staging's",
                    f"Schedule {b[key].schedule or '?'}: its code first runs on production data.",
                    [_seen(prod, b[key], f"schedule {b[key].schedule}")],
                )
            )
    return out


def _pair(pre: ClusterRead, prod: ClusterRead, a: Workload, b: Workload, out: LiveOutcome) -> None:
    if a.kind == "CronJob" and a.suspended != b.suspended:
        side, read, job = ("staging", pre, a) if a.suspended else ("production", prod, b)
        out.findings.append(
            live_finding(
                "deploys/live-cronjob-suspended",
                a.name,
                f"CronJob {a.name} is suspended in {side}'s cluster and runs in the other",
                "suspend: true in the live object; a repository may say otherwise.",
                [_seen(read, job, "suspend: true")],
                severity="high" if side == "staging" else "medium",
            )
        )
    for name in sorted(set(a.containers) & set(b.containers)):
        ca, cb = a.containers[name], b.containers[name]
        for side, read, wl, mine, theirs in (
            ("production", prod, b, cb.env_names, ca.env_names),
            ("staging", pre, a, ca.env_names, cb.env_names),
        ):
            for var in sorted(set(mine) - set(theirs)):
                out.findings.append(
                    live_finding(
                        f"env-vars/live-only-in-{side}",
                        f"{a.name}.{name}.{var}",
                        f"{var} is set on {a.name}/{name} in {side}'s cluster only",
                        "Variable names read from the running workload's container spec.",
                        [_seen(read, wl, f"container {name} sets {var}")],
                    )
                )
        if ca.tag != cb.tag:
            out.findings.append(
                live_finding(
                    "deploys/live-image-differs",
                    f"{a.name}.{name}",
                    f"{a.name}/{name} runs {ca.image} in staging and {cb.image} in production",
                    "Expected while a release is being promoted; a lasting difference means "
                    "production runs something staging is not testing.",
                    [_seen(pre, a, ca.image), _seen(prod, b, cb.image)],
                )
            )


def compare_with_repository(live: ClusterRead, facts: Facts | None) -> LiveOutcome:
    """Replicas, autoscaler bounds and images the repository declares for this environment
    (its own value, else the shared base) against the live objects."""
    out = LiveOutcome()
    if facts is None:
        return out
    env = live.env
    replicas = _declared(facts.of(Kind.REPLICAS), env)
    low = _declared(facts.of(Kind.AUTOSCALE_MIN), env)
    high = _declared(facts.of(Kind.AUTOSCALE_MAX), env)
    images = _declared(facts.of(Kind.IMAGE), env, by_workload=True)
    for workload in live.state.workloads.values():
        scaler = live.state.autoscalers.get(f"{workload.kind}/{workload.name}")
        declared = replicas.get(workload.name)
        if scaler is None and declared is not None and workload.replicas is not None:
            said = declared.value.number
            if said is not None and int(said) != workload.replicas:
                out.findings.append(
                    live_finding(
                        "traffic/live-replicas-differ-from-repository",
                        f"{env}.{workload.name}",
                        f"{env.capitalize()} runs {workload.replicas} replicas of "
                        f"{workload.name}, the repository says {int(said)}",
                        f"{workload.ready} ready now. Someone scaled it by hand, or the "
                        "repository is not what is deployed.",
                        [
                            _seen(live, workload, f"replicas {workload.replicas}"),
                            *file_evidence([declared]),
                        ],
                    )
                )
        if scaler is not None:
            for bound, said_fact, now in (
                ("minReplicas", low.get(workload.name), scaler[0]),
                ("maxReplicas", high.get(workload.name), scaler[1]),
            ):
                said = said_fact.value.number if said_fact is not None else None
                if said is not None and now is not None and int(said) != now:
                    out.findings.append(
                        live_finding(
                            "traffic/live-autoscaler-differs-from-repository",
                            f"{env}.{workload.name}.{bound}",
                            f"{env.capitalize()}'s autoscaler for {workload.name} has "
                            f"{bound} {now}, the repository says {int(said)}",
                            "The live HorizontalPodAutoscaler differs from the manifest.",
                            [
                                _seen(live, workload, f"HPA {bound} {now}"),
                                *file_evidence([said_fact] if said_fact else []),
                            ],
                        )
                    )
        for cname, container in workload.containers.items():
            said_image = images.get(f"{workload.name}/{cname}")
            if said_image is None or said_image.value.reference:
                continue
            shown = said_image.value.shown
            if shown and ":" in shown.rsplit("/", 1)[-1] and shown != container.image:
                out.findings.append(
                    live_finding(
                        "deploys/live-image-differs-from-repository",
                        f"{env}.{workload.name}.{cname}",
                        f"{env.capitalize()} runs {container.image} for "
                        f"{workload.name}/{cname}, the repository says {shown}",
                        "The deployed image is not the one the repository declares (a CI "
                        "step may set it at deploy time).",
                        [_seen(live, workload, container.image), *file_evidence([said_image])],
                    )
                )
    return out


def _declared(facts: Iterable[Fact], env: str, by_workload: bool = False) -> dict[str, Fact]:
    """The repository's value per workload for `env`: its own, else the shared base's."""
    own: dict[str, Fact] = {}
    base: dict[str, Fact] = {}
    for fact in facts:
        key = fact.key
        if by_workload:
            workload = next((t[9:] for t in fact.tags if t.startswith("workload=")), None)
            if workload is None:
                continue
            key = f"{workload}/{fact.key}"
        if fact.env == env:
            own[key] = fact
        elif fact.env == "shared":
            base.setdefault(key, fact)
    return {**base, **own}
