"""Staging's metrics server against production's: the measured traffic ratio, the alert
rules each has loaded (compared like the files' rules), and retention."""

from __future__ import annotations

from stagegap.probe.live.catalogue import load
from stagegap.probe.live.outcome import (
    LiveOutcome,
    LiveProposal,
    SourceRead,
    live_finding,
    one_in,
    propose_ratio,
    ratio_bucket,
    read_note,
)
from stagegap.probe.live.prometheus import MetricsState
from stagegap.questionnaires.answers import Confidence

# Below one request a minute at peak, nothing but people and smoke tests use staging.
MANUAL_ONLY_PER_SECOND = 1 / 60


MetricsRead = SourceRead[MetricsState]


def compare_metrics(
    pre: MetricsRead, prod: MetricsRead, window: str, *, measure_traffic: bool = True
) -> LiveOutcome:
    """`measure_traffic` is off when both environments' rates came from one query on one
    server: equal by construction, they would claim "about equal"."""
    out = LiveOutcome()
    if measure_traffic:
        _traffic(pre, prod, window, out)
    _alerts(pre, prod, out)
    _retention(pre, prod, out)
    return out


def _traffic(pre: MetricsRead, prod: MetricsRead, window: str, out: LiveOutcome) -> None:
    a, b = pre.state.request_rate, prod.state.request_rate
    if b is None or b <= 0:
        out.warnings.append(
            f"{prod.target.shown}: no request rate found (give --prom-query); "
            "the traffic ratio is not measured"
        )
        return
    rate_a = a or 0.0
    obj = prod.state.metric or "request-rate"
    evidence = [
        pre.evidence(obj, f"peak {rate_a:,.2f} req/s over {window}: {pre.state.query or '-'}"),
        prod.evidence(obj, f"peak {b:,.2f} req/s over {window}: {prod.state.query}"),
    ]
    option = (
        "manual-only"
        if rate_a < MANUAL_ONLY_PER_SECOND
        else ratio_bucket(rate_a, b, load().ratios["traffic.request-ratio"])
    )
    note = (
        f"{read_note(prod.read_at)}: peak request rate over {window} is {rate_a:,.2f}/s in "
        f"staging and {b:,.2f}/s in production ({one_in(rate_a, b)})."
    )
    gap = (
        "traffic/live-request-ratio",
        "peak",
        f"Staging's peak request rate is {one_in(rate_a, b)} of production's "
        f"({rate_a:,.2f}/s against {b:,.2f}/s)",
    )
    propose_ratio(out, "traffic.request-ratio", option, note, evidence, gap)


def _alerts(pre: MetricsRead, prod: MetricsRead, out: LiveOutcome) -> None:
    a, b = pre.state.rules, prod.state.rules
    if not a and not b:
        out.proposals["observability.alert-thresholds"] = LiveProposal(
            "none-anywhere",
            Confidence.HIGH,
            f"{read_note(prod.read_at)}: neither server has alert rules loaded.",
            [pre.evidence("rules", "no alert rules"), prod.evidence("rules", "no alert rules")],
        )
        return
    only_prod = sorted(set(b) - set(a))
    only_pre = sorted(set(a) - set(b))
    differing = sorted(
        n for n in set(a) & set(b) if a[n].query != b[n].query or a[n].duration_s != b[n].duration_s
    )
    for side, read, names, rules in (
        ("production", prod, only_prod, b),
        ("staging", pre, only_pre, a),
    ):
        other = "staging" if side == "production" else "production"
        for name in names:
            out.findings.append(
                live_finding(
                    f"observability/live-alert-only-in-{side}",
                    name,
                    f"Alert {name} is loaded in {side}'s Prometheus but not in {other}'s",
                    f"{other.capitalize()} never flags the condition it watches.",
                    [read.evidence(f"rules/{name}", rules[name].threshold)],
                )
            )
    for name in differing:
        out.findings.append(
            live_finding(
                "observability/live-alert-threshold-differs",
                name,
                f"Alert {name} fires at {a[name].threshold} in staging and "
                f"{b[name].threshold} in production",
                f"Staging: {a[name].query}; production: {b[name].query}.",
                [
                    pre.evidence(f"rules/{name}", a[name].threshold),
                    prod.evidence(f"rules/{name}", b[name].threshold),
                ],
            )
        )
    if not a:
        value = "none-in-staging"
    elif only_prod:
        value = "looser-in-staging"
    elif differing:
        value = "scaled"
    else:
        value = "same"
    out.proposals["observability.alert-thresholds"] = LiveProposal(
        value,
        Confidence.HIGH,
        f"{read_note(prod.read_at)}: alert rules loaded in each server compared: "
        f"{len(a)} in staging, {len(b)} in production; {len(only_prod)} only in production, "
        f"{len(only_pre)} only in staging, {len(differing)} with different thresholds.",
        [
            pre.evidence("rules", f"{len(a)} alert rules loaded"),
            prod.evidence("rules", f"{len(b)} alert rules loaded"),
        ],
    )


def _retention(pre: MetricsRead, prod: MetricsRead, out: LiveOutcome) -> None:
    a, b = pre.state.retention, prod.state.retention
    if a and b and a != b:
        out.findings.append(
            live_finding(
                "observability/live-retention-differs",
                "tsdb",
                f"Prometheus keeps metrics for {a} in staging and {b} in production",
                "Read from each server's flags (storage.tsdb.retention.time).",
                [pre.evidence("flags", f"retention {a}"), prod.evidence("flags", f"retention {b}")],
            )
        )
