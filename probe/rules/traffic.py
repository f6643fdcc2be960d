"""traffic: replicas, autoscaling, worker and pool sizes per environment, and load tests.

One replica in staging hides races and rolling-deploy behaviour; a staging that never scales
never exercises scale-out. Load tests are looked for as files and as CI jobs.
"""

from __future__ import annotations

from stagegap.probe import differ
from stagegap.probe.facts import ENVS, Attribute, Env, Fact, Kind
from stagegap.probe.rules import platforms
from stagegap.probe.rules.common import Outcome, Proposal, finding, svc, where
from stagegap.probe.rules.view import Side, View, absent_from, workloads
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import ProbeFinding

DIM = "traffic"
REPLICAS_CHECK = "traffic/replicas-differ"
MAIN_NAMES = ("api", "web", "app", "server", "backend", "frontend", "main")


def evaluate(view: View) -> Outcome:
    out = Outcome()
    out.findings += _replicas(view)
    replicas = [s for s in view.sides(view.kind(Kind.REPLICAS)) if s.both]
    main = _main(replicas)
    hpa_min = {(s.service, s.key): s for s in view.sides(view.kind(Kind.AUTOSCALE_MIN))}
    hpa_max = {(s.service, s.key): s for s in view.sides(view.kind(Kind.AUTOSCALE_MAX))}
    if main:
        values = {}
        for env in ENVS:
            auto = hpa_min.get((main.service, main.key))
            minimum = _number(auto.of(env)) if auto else None
            values[env] = minimum if minimum is not None else _number(main.of(env))
        if all(v is not None for v in values.values()):
            out.proposals["traffic.replicas"] = Proposal(
                {env: values[env] for env in ENVS},
                Confidence.HIGH,
                f"{main.key}: steady-state replicas per environment (autoscaler minimum where "
                "one exists).",
                main.staging + main.production,
            )
    out.findings += _autoscaling(view, hpa_min, hpa_max, out)
    out.findings += _resources(view, out)
    out.findings += _load_tests(view, out)
    out.findings += platforms.idle_scaling(view)
    return out


def _replicas(view: View) -> list[ProbeFinding]:
    """Workloads whose replica counts differ: the generic differ's replica differences (the
    catalogue's traffic/replicas-differ over replica facts), said in replicas."""
    out = []
    for difference in differ.differences(view):
        if difference.kind != Kind.REPLICAS or difference.only is not None:
            continue
        if differ.classify(difference).check != REPLICAS_CHECK:
            continue
        staging, production = list(difference.staging), list(difference.production)
        s, p = _number(staging), _number(production)
        if s is None or p is None or s == p:
            continue
        severity = "medium" if s <= 1 < p else "low"
        out.append(
            finding(
                DIM,
                "replicas-differ",
                difference.key,
                severity,  # type: ignore[arg-type]
                f"{svc(difference.service)}{difference.key} runs {s:g} "
                f"{'replica' if s == 1 else 'replicas'} in staging and {p:g} in production",
                "Concurrency bugs, sticky sessions and rolling-deploy behaviour only "
                f"appear with several replicas. Staging: {where(staging)}; production: "
                f"{where(production)}.",
                staging + production,
                item="traffic.replicas",
                service=difference.service,
            )
        )
    return out


def _number(facts: list[Fact]) -> float | None:
    for fact in reversed(facts):
        if fact.value.number is not None:
            return fact.value.number
    return None


def _main(sides: list[Side]) -> Side | None:
    if not sides:
        return None
    for name in MAIN_NAMES:
        for side in sides:
            if side.key.lower().split(".")[0] == name or side.key.lower().endswith(f"-{name}"):
                return side
    return max(sides, key=lambda s: _number(s.production) or 0)


def _autoscaling(
    view: View,
    hpa_min: dict[tuple[str | None, str], Side],
    hpa_max: dict[tuple[str | None, str], Side],
    out: Outcome,
) -> list[ProbeFinding]:
    findings = []
    bounds = hpa_max or hpa_min
    kinds: dict[Env, str] = {}
    facts: list[Fact] = []
    present: dict[Env, set[str]] | None = None
    for key, side in bounds.items():
        for env in ENVS:
            if side.of(env):
                tags = {t for f in side.of(env) for t in f.tags}
                kinds[env] = "custom-metrics" if "custom-metrics" in tags else "cpu-memory"
                facts += side.of(env)
        if side.only:
            missing: Env = "production" if side.only == "staging" else "staging"
            present = present or workloads(view)
            if key[1] in present[side.only] and key[1] not in present[missing]:
                continue  # the workload it scales runs in one environment only
            findings.append(
                finding(
                    DIM,
                    f"autoscaling-only-in-{side.only}",
                    key[1],
                    "medium",
                    f"{svc(side.service)}{key[1]} autoscales in {side.only} but has a fixed "
                    f"size in {missing}",
                    f"An autoscaler exists only in {side.only} ({where(side.all())}); scale-out, "
                    f"scale-in and the traffic shifts they cause are never exercised in {missing}.",
                    side.all(),
                    item="traffic.autoscaling",
                    service=side.service,
                )
            )
        else:
            for name, table in (("minimum", hpa_min), ("maximum", hpa_max)):
                bound = table.get(key)
                if bound and bound.both:
                    s, p = _number(bound.staging), _number(bound.production)
                    if s is not None and p is not None and s != p:
                        findings.append(
                            finding(
                                DIM,
                                f"autoscaling-{name}-differs",
                                key[1],
                                "low",
                                f"{svc(side.service)}{key[1]} autoscaling {name} is {s:g} in "
                                f"staging and {p:g} in production",
                                f"Staging: {where(bound.staging)}; production: "
                                f"{where(bound.production)}.",
                                bound.staging + bound.production,
                                item="traffic.autoscaling",
                                service=side.service,
                            )
                        )
    has_replicas = view.envs_with(view.kind(Kind.REPLICAS))
    if kinds or has_replicas:
        answer = {env: kinds.get(env, "fixed" if env in has_replicas else "") for env in ENVS}
        if all(answer.values()):
            out.proposals["traffic.autoscaling"] = Proposal(
                answer,
                Confidence.MEDIUM,
                "autoscalers (HorizontalPodAutoscaler, KEDA, Helm autoscaling) per environment; "
                "fixed where only a replica count is set.",
                facts or view.kind(Kind.REPLICAS)[:2],
            )
    return findings


def _resources(view: View, out: Outcome) -> list[ProbeFinding]:
    facts = view.concept("workers") + view.concept("pool") + view.concept("resources")
    facts = [f for f in facts if f.value.number is not None or f.value.shown]
    sides = view.sides(facts)
    if any(s.only for s in sides):
        present = workloads(view)
        # sizing is compared only for workloads both environments run
        sides = [
            s
            for s in sides
            if not s.only
            or not absent_from(s.all(), "production" if s.only == "staging" else "staging", present)
        ]
    findings = []
    differ: list[Fact] = []
    differing = 0
    for side in sides:
        s = {f.value.shown for f in side.staging}
        p = {f.value.shown for f in side.production}
        if side.both and s != p:
            differing += 1
            differ += side.staging + side.production
            findings.append(
                finding(
                    DIM,
                    "sizing-differs",
                    side.key,
                    "low",
                    f"{svc(side.service)}{side.key} is {'/'.join(sorted(s))} in staging and "
                    f"{'/'.join(sorted(p))} in production",
                    "Worker counts, connection pools and resource limits decide queueing, "
                    "connection exhaustion and OOM behaviour under load. Staging: "
                    f"{where(side.staging)}; production: {where(side.production)}.",
                    side.staging + side.production,
                    item="traffic.resource-settings",
                    service=side.service,
                )
            )
        elif side.only and any(f.env != "shared" for f in side.all()):
            differing += 1
            differ += side.all()
            if all(f.kind == Kind.ENV for f in side.all()):
                # a variable set in one environment only (WEB_CONCURRENCY) is already reported
                # once, by env-vars (env-vars/only-in-*), with its severity from the code
                continue
            missing = "production" if side.only == "staging" else "staging"
            findings.append(
                finding(
                    DIM,
                    f"sizing-only-in-{side.only}",
                    side.key,
                    "low",
                    f"{svc(side.service)}{side.key} is set in {side.only} only; {missing} runs the "
                    "framework default",
                    f"Set at {where(side.all())}.",
                    side.all(),
                    item="traffic.resource-settings",
                    service=side.service,
                )
            )
    if differ:
        out.proposals["traffic.resource-settings"] = Proposal(
            "differ",
            Confidence.HIGH,
            f"{differing} worker, pool or resource settings differ between environments.",
            differ,
        )
    elif sides:
        out.proposals["traffic.resource-settings"] = Proposal(
            "identical",
            Confidence.MEDIUM,
            f"{len(sides)} worker, pool and resource settings are identical in both.",
            [f for s in sides for f in s.all()][:4],
        )
    elif view.kind(Kind.REPLICAS):
        out.proposals["traffic.resource-settings"] = Proposal(
            "defaults-everywhere",
            Confidence.LOW,
            "no worker count, pool size or resource limit is set in either environment.",
            view.kind(Kind.REPLICAS)[:2],
        )
    return findings


def _load_tests(view: View, out: Outcome) -> list[ProbeFinding]:
    tests = view.kind(Kind.LOAD_TEST)
    if not tests:
        if view.compared():
            out.proposals["traffic.load-testing"] = Proposal(
                "never",
                Confidence.MEDIUM,
                "no k6, Locust, Artillery, JMeter, Gatling or Vegeta script or CI job found.",
                [],
            )
            # Nothing found has no place: evidence would point at an unrelated file.
            return [
                finding(
                    DIM,
                    "no-load-test",
                    "repository",
                    "info",  # the whole repository's, not a gap between the environments
                    "No load test exists in the repository",
                    "Searched code and scripts (k6 and Locust imports, Gatling simulations), "
                    "YAML of any kind including Kubernetes ConfigMaps (k6/Locust scripts, "
                    "Artillery `config.target`), JMeter .jmx and Vegeta target files, load-test "
                    "container images (k6, Locust, JMeter, ...) and CI jobs: none found. "
                    "Staging has never been shown to hold production-like traffic.",
                    [],
                )
            ]
        return []
    in_ci = [t for t in tests if t.source in ("github-actions", "gitlab-ci")]
    scheduled = [
        t
        for t in in_ci
        if any(tag in ("schedule",) or tag.startswith("push") for tag in _job_triggers(view, t))
    ]
    automatic = [t for t in tests if {"deploy-hook", "schedule"} & set(t.tags)]
    targets = {t.env for t in tests}
    findings = []
    if "staging" not in targets:
        named = ", ".join(sorted({t.key for t in tests}))
        target_text = "production" if targets == {"production"} else "no named environment"
        findings.append(
            finding(
                DIM,
                "load-test-not-staging",
                named,
                "medium" if "production" in targets else "low",
                f"Load tests ({named}) exist but target {target_text}, not staging",
                f"Found at {where(tests)}; none aims at a staging host.",
                tests,
            )
        )
    if scheduled:
        value, note = "continuously", "a CI job runs load tests on a schedule or on every push."
    elif automatic:
        value, note = (
            "continuously",
            "a job in the cluster runs load tests after each deploy or on a schedule.",
        )
    elif any("tag" in _job_triggers(view, t) for t in in_ci):
        value, note = "before-major-releases", "a CI job runs load tests on release tags."
    else:
        value, note = "ad-hoc", "load-test scripts exist but nothing runs them automatically."
    aimed = "; ".join(
        f"{tool} targets {_target(t)} ({where([t])})"
        for tool, t in sorted(
            {(t.key, t) for t in tests}, key=lambda x: (x[0], x[1].where.path, x[1].where.line or 0)
        )
    )
    out.proposals["traffic.load-testing"] = Proposal(
        value, Confidence.MEDIUM, f"{note} {aimed}", tests
    )
    return findings


def _target(test: Fact) -> str:
    return test.env if test.env != "shared" else "no named environment"


def _job_triggers(view: View, test: Fact) -> set[str]:
    return {t for t in test.tags if t.partition("=")[0] != Attribute.JOB}
