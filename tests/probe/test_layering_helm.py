"""Helm's own layering: a chart's defaults + that chart's environment values only; an
umbrella chart's `api:` block configures subchart api; a job suspended or disabled in an
environment's merged values is not running there."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, write

from stagegap.probe.facts import Kind


def _by(facts: list, kind: Kind) -> dict[tuple[str, str | None, str], str]:
    return {(f.env, f.service, f.key): f.value.shown for f in facts if f.kind == kind}


def test_one_charts_defaults_never_fill_in_for_another_chart(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "charts/billing/Chart.yaml": "name: billing\nversion: 1.0.0\n",
            "charts/billing/values.yaml": (
                "replicaCount: 2\nresources:\n  limits:\n    memory: 1Gi\n"
            ),
            "charts/billing/values-prod.yaml": "replicaCount: 4\n",
            "charts/search/Chart.yaml": "name: search\nversion: 1.0.0\n",
            "charts/search/values.yaml": "replicaCount: 1\n",
            "charts/search/values-prod.yaml": "resources:\n  limits:\n    memory: 2Gi\n",
        },
    )
    facts, _ = read_facts(tmp_path)
    settings = _by(facts, Kind.SETTING)
    assert settings[("shared", "billing", "resources.limits.memory")] == "1Gi"
    assert settings[("production", "search", "resources.limits.memory")] == "2Gi"
    replicas = _by(facts, Kind.REPLICAS)
    assert replicas[("production", "billing", "billing")] == "4"
    assert replicas[("shared", "search", "search")] == "1"


def test_an_umbrella_charts_blocks_configure_its_subcharts(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "deploy/shop/Chart.yaml": (
                "name: shop\ndependencies:\n  - name: api\n    repository: file://charts/api\n"
            ),
            "deploy/shop/charts/api/Chart.yaml": "name: api\n",
            "deploy/shop/charts/api/values.yaml": "replicaCount: 1\n",
            "deploy/shop/values.yaml": "global:\n  datadog:\n    enabled: true\n",
            "deploy/shop/values-production.yaml": "api:\n  replicaCount: 6\n",
            "deploy/shop/values-staging.yaml": "global:\n  datadog:\n    enabled: false\n",
        },
    )
    facts, _ = read_facts(tmp_path)
    replicas = _by(facts, Kind.REPLICAS)
    # the subchart's default and production's block meet on one component and key
    assert replicas[("shared", "api", "api")] == "1"
    assert replicas[("production", "api", "api")] == "6"
    settings = _by(facts, Kind.SETTING)
    assert settings[("staging", "shop", "global.datadog.enabled")] == "false"


def test_suspended_or_disabled_jobs_are_not_running(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "chart/values.yaml": (
                "cronjobs:\n"
                "  digest:\n    enabled: false\n    schedule: '0 7 * * 1'\n"
                "  purge:\n    suspend: true\n    schedule: '0 * * * *'\n"
                "  report:\n    schedule: '0 2 * * *'\n"
            ),
            "chart/values-prod.yaml": "cronjobs:\n  digest:\n    enabled: true\n",
            "chart/values-staging.yaml": "cronjobs:\n  purge:\n    schedule: '*/30 * * * *'\n",
        },
    )
    facts, _ = read_facts(tmp_path)
    crons = {(f.env, f.key): f.value.shown for f in facts if f.kind == Kind.CRON}
    assert crons == {
        ("shared", "cronjobs.report"): "0 2 * * *",
        # enabled in production's file: runs there, on the schedule its defaults give
        ("production", "cronjobs.digest"): "0 7 * * 1",
        ("production", "cronjobs.report"): "0 2 * * *",
        ("staging", "cronjobs.report"): "0 2 * * *",
        # purge is suspended in the defaults, whatever staging's schedule says
    }
