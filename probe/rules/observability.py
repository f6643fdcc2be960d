"""observability: tools per environment, error and trace sampling, log levels and retention,
alert rules and thresholds, and where each environment's alerts are sent."""

from __future__ import annotations

import re

from stagegap.probe.facts import ENVS, Attribute, Env, Fact, Kind
from stagegap.probe.rules.common import Outcome, Proposal, finding, svc, where
from stagegap.probe.rules.view import View
from stagegap.questionnaires.answers import Confidence
from stagegap.questionnaires.response import ProbeFinding

DIM = "observability"
TOOLS = {
    "error-tracking": "error_tracking",
    "apm-tracing": "apm",
    "log-aggregation": "logs",
    "metrics": "metrics",
    "uptime-checks": "uptime",
}
TOOL_LABELS = {
    "error-tracking": "Error tracking",
    "apm-tracing": "APM/tracing",
    "log-aggregation": "Log aggregation",
    "metrics": "Metrics",
    "uptime-checks": "Uptime checking",
}
LEVELS = {
    "trace": "debug",
    "debug": "debug",
    "verbose": "debug",
    "info": "info",
    "notice": "info",
    "warn": "warning",
    "warning": "warning",
    "error": "error",
    "err": "error",
    "critical": "error",
    "fatal": "error",
    "crit": "error",
}
CHANNEL_ORDER = ["paged-on-call", "team-channel", "mailbox", "nobody"]


def evaluate(view: View) -> Outcome:
    out = Outcome()
    out.findings += _tools(view, out)
    out.findings += _sampling(view, out)
    out.findings += _levels(view, out)
    out.findings += _retention(view, out)
    out.findings += _alerts(view, out)
    out.findings += _routes(view, out)
    return out


def _present(facts: list[Fact]) -> list[Fact]:
    return [
        f
        for f in facts
        if not f.value.empty
        and f.value.boolean is not False
        and f.value.shown not in ("0", "none", "disabled")
    ]


def _tools(view: View, out: Outcome) -> list[ProbeFinding]:
    per_env: dict[Env, set[str]] = {env: set() for env in ENVS}
    facts: dict[str, list[Fact]] = {}
    for option, concept in TOOLS.items():
        found = _present(view.concept(concept))
        if option == "metrics":
            found += view.kind(Kind.ALERT) + [
                f
                for f in view.kind(Kind.RESOURCE)
                if f.value.shown in ("ServiceMonitor", "PodMonitor", "PrometheusRule")
            ]
        facts[option] = found
        for env in view.envs_with(found):
            per_env[env].add(option)
    findings: list[ProbeFinding] = []
    for option in TOOLS:
        envs = view.envs_with(facts[option])
        if len(envs) == 1:
            here = next(iter(envs))
            there: Env = "production" if here == "staging" else "staging"
            severity = (
                "high"
                if there == "production"
                else ("medium" if option == "error-tracking" else "low")
            )
            names = sorted({f.key for f in facts[option] if f.kind in (Kind.ENV, Kind.SETTING)})
            weak = len(names) == 1 and all(
                f.kind in (Kind.ENV, Kind.SETTING) for f in facts[option]
            )
            if weak and severity == "high":  # one variable is a hint, not a configured tool
                severity = "medium"
            findings.append(
                finding(
                    DIM,
                    f"{option}-only-in-{here}",
                    option,
                    severity,  # type: ignore[arg-type]
                    f"{TOOL_LABELS[option]} is configured in {here} but not in {there}"
                    + (f" (judged from {names[0]} alone)" if weak else ""),
                    f"Configured at {where(facts[option])}; {there} has no equivalent, so what "
                    f"it would show there goes unseen."
                    + (
                        f" Only one variable ({names[0]}) points at it: check that {here} "
                        "really runs the tool and that it is not configured outside the "
                        "repository for "
                        f"{there}."
                        if weak
                        else ""
                    ),
                    facts[option],
                    item="observability.tools",
                )
            )
    if any(per_env.values()):
        answer = {env: sorted(per_env[env]) or ["none"] for env in ENVS}
        out.proposals["observability.tools"] = Proposal(
            answer,
            Confidence.MEDIUM,
            "tools recognised from configuration (DSNs, exporters, alert rules, log shippers); "
            "SaaS configured outside the repository is not visible.",
            [f for v in facts.values() for f in v][:8],
        )
    return findings


def _rate(fact: Fact) -> float | None:
    number = fact.value.number
    if number is None:
        return None
    return number * 100 if number <= 1 else number


def _sampling(view: View, out: Outcome) -> list[ProbeFinding]:
    findings: list[ProbeFinding] = []
    tracking = _present(view.concept("error_tracking"))
    tracked = view.envs_with(tracking)
    rates: dict[Env, float] = {}
    used: list[Fact] = []
    for side in view.sides(view.concept("error_sample"), key=lambda f: "error-sample"):
        for env in ENVS:
            values = [r for r in (_rate(f) for f in side.of(env)) if r is not None]
            if values:
                rates[env] = values[-1]
                used += side.of(env)
    if tracking or rates:
        answer = {env: (rates.get(env, 100.0) if env in tracked else 0.0) for env in ENVS}
        out.proposals["observability.error-sampling"] = Proposal(
            answer,
            Confidence.MEDIUM if used else Confidence.LOW,
            "error sample rates as configured; an error tracker without a rate samples 100% by "
            "default, no error tracker means 0%.",
            used or tracking[:2],
        )
        # a side with no error tracker at all is error-tracking-only-in's finding, not a rate
        if answer["staging"] != answer["production"] and set(ENVS) <= tracked:
            findings.append(
                finding(
                    DIM,
                    "error-sampling-differs",
                    "error-sample-rate",
                    "medium",
                    f"Staging captures {answer['staging']:g}% of errors, production "
                    f"{answer['production']:g}%",
                    f"Error sampling differs ({where(used or tracking)}); an error seen in one "
                    "environment can be dropped in the other.",
                    used or tracking,
                    item="observability.error-sampling",
                )
            )
    for side in view.sides(view.concept("trace_sample")):
        if side.both:
            s = [r for r in (_rate(f) for f in side.staging) if r is not None]
            p = [r for r in (_rate(f) for f in side.production) if r is not None]
            if s and p and s[-1] != p[-1]:
                findings.append(
                    finding(
                        DIM,
                        "trace-sampling-differs",
                        side.key,
                        "low",
                        f"{svc(side.service)}Trace sampling is {s[-1]:g}% in staging and "
                        f"{p[-1]:g}% in production",
                        f"Staging: {where(side.staging)}; production: {where(side.production)}. "
                        "Latency investigations see a different share of requests.",
                        side.staging + side.production,
                        service=side.service,
                    )
                )
    return findings


def _levels(view: View, out: Outcome) -> list[ProbeFinding]:
    findings: list[ProbeFinding] = []
    chosen: dict[Env, str] = {}
    evidence: list[Fact] = []
    for side in view.sides(view.concept("log_level")):
        levels = {env: _level(side.of(env)) for env in ENVS}
        for env in ENVS:
            if levels[env] and env not in chosen:
                chosen[env] = levels[env]  # type: ignore[assignment]
        evidence += side.all()
        if (
            side.both
            and levels["staging"]
            and levels["production"]
            and levels["staging"] != levels["production"]
        ):
            findings.append(
                finding(
                    DIM,
                    "log-level-differs",
                    side.key,
                    "low",
                    f"{svc(side.service)}Log level is {levels['staging']} in staging and "
                    f"{levels['production']} in production",
                    "Log lines people rely on when debugging staging do not exist in production "
                    f"(or the reverse). Staging: {where(side.staging)}; production: "
                    f"{where(side.production)}.",
                    side.staging + side.production,
                    item="observability.log-level",
                    service=side.service,
                )
            )
    if len(chosen) == 2:
        out.proposals["observability.log-level"] = Proposal(
            {env: chosen[env] for env in ENVS},
            Confidence.HIGH,
            "log level settings per environment.",
            evidence,
        )
    return findings


def _level(facts: list[Fact]) -> str | None:
    for fact in reversed(facts):
        word = fact.value.shown.strip().lower().split(",")[0].split("=")[-1]
        if word in LEVELS:
            return LEVELS[word]
    return None


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(d|h|w|m|y|days?|hours?|weeks?)?$", re.I)


def _days(fact: Fact) -> float | None:
    if fact.value.number is not None:
        number = fact.value.number
        return number / 24 if fact.key.lower().endswith(("hours", "_h")) else number
    match = _DURATION.match(fact.value.shown.strip())
    if not match:
        return None
    number, unit = float(match.group(1)), (match.group(2) or "d").lower()
    factor = {"d": 1, "h": 1 / 24, "w": 7, "m": 30, "y": 365}[unit[0]]
    return round(number * factor, 2)


def _retention(view: View, out: Outcome) -> list[ProbeFinding]:
    findings: list[ProbeFinding] = []
    chosen: dict[Env, float] = {}
    evidence: list[Fact] = []
    for side in view.sides(view.concept("log_retention")):
        days = {
            env: next(
                (d for d in (_days(f) for f in reversed(side.of(env))) if d is not None), None
            )
            for env in ENVS
        }
        for env in ENVS:
            if days[env] is not None and env not in chosen:
                chosen[env] = days[env]  # type: ignore[assignment]
        evidence += side.all()
        if (
            side.both
            and days["staging"] is not None
            and days["production"] is not None
            and days["staging"] != days["production"]
        ):
            findings.append(
                finding(
                    DIM,
                    "log-retention-differs",
                    side.key,
                    "low",
                    f"{svc(side.service)}Log retention differs: logs are kept "
                    f"{days['staging']:g} days in staging and {days['production']:g} in production",
                    f"Staging: {where(side.staging)}; production: {where(side.production)}.",
                    side.staging + side.production,
                    item="observability.log-retention",
                    service=side.service,
                )
            )
    if len(chosen) == 2:
        out.proposals["observability.log-retention"] = Proposal(
            {env: chosen[env] for env in ENVS},
            Confidence.HIGH,
            "log retention settings per environment.",
            evidence,
        )
    return findings


def _alerts(view: View, out: Outcome) -> list[ProbeFinding]:
    alerts = view.kind(Kind.ALERT)
    findings: list[ProbeFinding] = []
    if not alerts:
        return findings
    sides = view.sides(alerts)
    only_production = [s for s in sides if s.only == "production"]
    only_staging = [s for s in sides if s.only == "staging"]
    differing = []
    for side in only_production:
        findings.append(
            finding(
                DIM,
                "alert-only-in-production",
                side.key,
                "medium",
                f"{svc(side.service)}Alert {side.key} exists in production but not in staging",
                f"Defined at {where(side.production)}. The condition it watches is never flagged "
                "in staging, so a release that triggers it is first noticed in production.",
                side.production,
                item="observability.alert-thresholds",
                service=side.service,
            )
        )
    for side in only_staging:
        findings.append(
            finding(
                DIM,
                "alert-only-in-staging",
                side.key,
                "low",
                f"{svc(side.service)}Alert {side.key} exists in staging but not in production",
                f"Defined at {where(side.staging)}.",
                side.staging,
                item="observability.alert-thresholds",
                service=side.service,
            )
        )
    for side in sides:
        if side.both:
            s, p = side.staging[-1], side.production[-1]
            if s.value.shown != p.value.shown or set(s.tags) != set(p.tags):
                differing.append(side)
                findings.append(
                    finding(
                        DIM,
                        "alert-threshold-differs",
                        side.key,
                        "low",
                        f"{svc(side.service)}Alert {side.key} fires at {_alert_text(s)} in staging "
                        f"and {_alert_text(p)} in production",
                        f"Staging: {where([s])}; production: {where([p])}.",
                        [s, p],
                        item="observability.alert-thresholds",
                        service=side.service,
                    )
                )
    staging_any = any(s.staging for s in sides)
    production_any = any(s.production for s in sides)
    if not staging_any and production_any:
        value = "none-in-staging"
    elif only_production:
        value = "looser-in-staging"
    elif differing:
        value = "scaled"
    else:
        value = "same"
    out.proposals["observability.alert-thresholds"] = Proposal(
        value,
        Confidence.MEDIUM,
        f"{len(sides)} alert rules compared: {len(only_production)} only in production, "
        f"{len(only_staging)} only in staging, {len(differing)} with different thresholds.",
        alerts[:8],
    )
    return findings


def _alert_text(fact: Fact) -> str:
    op = fact.attribute(Attribute.OP) or ""
    duration = fact.attribute(Attribute.FOR) or ""
    return f"{op} {fact.value.shown} for {duration}".strip()


def _routes(view: View, out: Outcome) -> list[ProbeFinding]:
    receivers = view.kind(Kind.ALERT_RECEIVER)
    routes = view.kind(Kind.ALERT_ROUTE)
    findings: list[ProbeFinding] = []
    if not receivers:
        return findings
    chosen: dict[Env, str] = {}
    evidence: dict[Env, list[Fact]] = {env: [] for env in ENVS}
    for env in ENVS:
        own = [r for r in receivers if r.env == env] or [r for r in receivers if r.env == "shared"]
        used = {r.value.shown for r in routes if r.env in (env, "shared")}
        relevant = [r for r in own if r.key in used] or own
        if not relevant:
            continue
        evidence[env] = relevant
        chosen[env] = min((_recipient(r) for r in relevant), key=CHANNEL_ORDER.index)
    if "production" in chosen and chosen["production"] != "paged-on-call":
        findings.append(
            finding(
                DIM,
                "production-not-paging",
                "production",
                "high",
                "Production alerts page nobody",
                f"Alertmanager receivers for production ({where(evidence['production'])}) send to "
                f"{chosen['production'].replace('-', ' ')}; no pager (PagerDuty, Opsgenie) is "
                "configured.",
                evidence["production"],
                item="observability.alert-recipients",
            )
        )
    if chosen.get("staging") in ("mailbox", "nobody"):
        findings.append(
            finding(
                DIM,
                f"staging-alerts-{chosen['staging']}",
                "staging",
                "low",
                "Staging alerts go to "
                + ("a mailbox" if chosen["staging"] == "mailbox" else "nobody"),
                f"Staging's receivers ({where(evidence['staging'])}) "
                f"{'only send email' if chosen['staging'] == 'mailbox' else 'have no channel'}; "
                "a release that breaks staging alerts will not be noticed before production.",
                evidence["staging"],
                item="observability.alert-recipients",
            )
        )
    if len(chosen) == 2:
        out.proposals["observability.alert-recipients"] = Proposal(
            {env: chosen[env] for env in ENVS},
            Confidence.MEDIUM,
            "; ".join(
                f"{env}: {', '.join(sorted({f'{r.key} ({r.value.shown})' for r in evidence[env]}))}"
                for env in ENVS
            )
            + ".",
            evidence["staging"] + evidence["production"],
        )
    return findings


def _recipient(receiver: Fact) -> str:
    channels = receiver.attributes(Attribute.CHANNEL)
    if "paging" in receiver.tags:
        return "paged-on-call"
    if channels & {"slack", "msteams", "discord", "telegram", "webhook", "sns"}:
        return "team-channel"
    if "email" in channels:
        return "mailbox"
    return "nobody"
