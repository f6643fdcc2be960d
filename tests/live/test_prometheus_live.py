"""Two real Prometheus servers (conftest.py), one per environment, backfilled with request
counters (staging 0.5/s, production 60/s) and loaded with alert rules of other thresholds:
the traffic ratio and alert calibration items get measured answers."""

from __future__ import annotations

import pytest
import servers

from stagegap.probe.live import targets
from stagegap.probe.live.run import LiveRequest, read_live


@pytest.fixture(scope="module")
def outcome(prometheus_pair: dict[str, servers.Prometheus]):  # type: ignore[no-untyped-def]
    environ = {"PRD_PROM": prometheus_pair["production"].url_with_credentials()}
    request = LiveRequest(
        metrics=[
            targets.prometheus(f"staging={prometheus_pair['staging'].url}", environ),
            targets.prometheus("production=env:PRD_PROM", environ),
        ],
        window="2h",
    )
    return read_live(request)


def test_traffic_ratio_is_measured(outcome) -> None:  # type: ignore[no-untyped-def]
    answer = outcome.proposals["traffic.request-ratio"]
    assert answer.value == "1-to-100"  # 0.5/s against 60/s
    assert "0.50/s in staging and 60.00/s in production" in answer.note
    assert [e.path for e in answer.evidence] == [
        "prometheus:staging/http_requests_total",
        "prometheus:production/http_requests_total",
    ]
    assert any(f.id == "traffic/live-request-ratio/-/peak" for f in outcome.findings)


def test_loaded_alert_rules_are_compared(outcome) -> None:  # type: ignore[no-untyped-def]
    by_id = {f.id: f for f in outcome.findings}
    differs = by_id["observability/live-alert-threshold-differs/-/HighErrorRate"]
    assert "> 0.2 for 10m in staging and > 0.05 for 5m in production" in differs.summary
    assert "observability/live-alert-only-in-production/-/SlowCheckout" in by_id
    assert outcome.proposals["observability.alert-thresholds"].value == "looser-in-staging"


def test_retention_comes_from_the_flags(outcome) -> None:  # type: ignore[no-untyped-def]
    retention = next(f for f in outcome.findings if "live-retention-differs" in f.id)
    assert "15d in staging and 30d in production" in retention.summary


def test_a_custom_query_is_filled_in_per_environment(
    prometheus_pair: dict[str, servers.Prometheus],
) -> None:
    """One server holding both environments' series, told apart by a label in the query."""
    url = prometheus_pair["production"].url
    request = LiveRequest(
        metrics=[targets.prometheus(f"staging={url}"), targets.prometheus(f"production={url}")],
        query='sum(rate(http_requests_total{env="{env}"}[{window}]))',
        window="1h",
    )
    outcome = read_live(request)
    answer = outcome.proposals["traffic.request-ratio"]
    # Only production's series are on this server: staging's rate is nothing at all.
    assert answer.value == "manual-only"
    assert 'env="production"' in answer.evidence[1].excerpt


def test_one_server_without_env_in_the_query_measures_no_ratio(
    prometheus_pair: dict[str, servers.Prometheus],
) -> None:
    url = prometheus_pair["production"].url
    request = LiveRequest(
        metrics=[targets.prometheus(f"staging={url}"), targets.prometheus(f"production={url}")]
    )
    outcome = read_live(request)
    assert "traffic.request-ratio" not in outcome.proposals  # equal by construction
    assert any("--prom-query with {env}" in w for w in outcome.warnings)
    assert "observability.alert-thresholds" in outcome.proposals


def test_a_server_that_does_not_answer_is_one_line() -> None:
    port = servers.free_port()
    environ = {"P": f"http://viewer:{servers.PROM_PASSWORD}@127.0.0.1:{port}"}
    request = LiveRequest(
        metrics=[
            targets.prometheus("staging=env:P", environ),
            targets.prometheus("production=env:P", environ),
        ]
    )
    outcome = read_live(request)
    failed = [w for w in outcome.warnings if "cannot read" in w]
    assert len(failed) == 2
    assert all(servers.PROM_PASSWORD not in w and "viewer" not in w for w in outcome.warnings)
