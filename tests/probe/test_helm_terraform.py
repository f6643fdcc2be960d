"""Helm (a two-service monorepo) + Terraform + Prometheus/Alertmanager: every planted gap, in all
seven dimensions, reported per service where it belongs to one."""

from __future__ import annotations

from probe_support import check_dimensions_covered, check_not_reported, check_planted, probed

REPO = "helm-terraform"
PAY = "services/payments/chart"
LEDGER = "services/ledger/chart"
TF_S, TF_P = "infra/envs/staging/terraform.tfvars", "infra/envs/production/terraform.tfvars"

PLANTED = [
    (
        "infrastructure/shared-network/-/vpc-0a1b2c3d4e5f60001",
        "infrastructure",
        "high",
        [(TF_S, 4), (TF_P, 4)],
    ),
    (
        "infrastructure/shared-cloud-account/-/111111111111",
        "infrastructure",
        "medium",
        [("infra/envs/staging/main.tf", 4), ("infra/envs/production/main.tf", 4)],
    ),
    (
        "infrastructure/version-differs/-/engine_version",
        "infrastructure",
        "medium",
        [(TF_S, 3), (TF_P, 3)],
    ),
    (
        "env-vars/only-in-production/payments/PAYOUTS_ACCOUNT_ID",
        "env-vars",
        "high",
        [(f"{PAY}/values-production.yaml", 7), ("services/payments/src/settings.py", 4)],
    ),
    (
        "env-vars/only-in-production/ledger/AUTH0_DOMAIN",
        "env-vars",
        "high",
        [(f"{LEDGER}/values-prod.yaml", 5), ("services/ledger/src/config.js", 4)],
    ),
    (
        "env-vars/only-in-production/payments/STRIPE_WEBHOOK_SECRET",
        "env-vars",
        "medium",
        [(f"{PAY}/values-production.yaml", 5)],
    ),
    (
        "traffic/replicas-differ/payments/payments",
        "traffic",
        "medium",
        [(f"{PAY}/values-staging.yaml", 1), (f"{PAY}/values-production.yaml", 1)],
    ),
    (
        "traffic/autoscaling-only-in-production/payments/payments",
        "traffic",
        "medium",
        [(f"{PAY}/values-production.yaml", 12)],
    ),
    (
        "traffic/sizing-differs/ledger/DATABASE_POOL_SIZE",
        "traffic",
        "low",
        [(f"{LEDGER}/values-stg.yaml", 2), (f"{LEDGER}/values-prod.yaml", 3)],
    ),
    ("data/db-class-differs/-/db_instance_class", "data", "medium", [(TF_S, 1), (TF_P, 1)]),
    ("data/db-storage-differs/-/allocated_storage", "data", "low", [(TF_S, 2), (TF_P, 2)]),
    (
        "deploys/cron-only-in-production/payments/cronjobs.payouts",
        "deploys",
        "high",
        [(f"{PAY}/values-production.yaml", 18)],
    ),
    (
        "deploys/cron-schedule-differs/payments/cronjobs.reconcile",
        "deploys",
        "low",
        [(f"{PAY}/values-staging.yaml", 8), (f"{PAY}/values-production.yaml", 15)],
    ),
    (
        "integrations/only-in-production/-/auth0",
        "integrations",
        "medium",
        [(f"{LEDGER}/values-prod.yaml", 5)],
    ),
    (
        "integrations/sandbox-vs-live/-/stripe",
        "integrations",
        "info",
        [(f"{PAY}/values-staging.yaml", 4), (f"{PAY}/values-production.yaml", 4)],
    ),
    (
        "observability/alert-only-in-production/-/LedgerReplicationLag",
        "observability",
        "medium",
        [("monitoring/production/rules.yml", 12)],
    ),
    (
        "observability/alert-threshold-differs/-/PaymentsErrorRate",
        "observability",
        "low",
        [("monitoring/staging/rules.yml", 5), ("monitoring/production/rules.yml", 5)],
    ),
    (
        "observability/log-retention-differs/-/log_retention_in_days",
        "observability",
        "low",
        [(TF_S, 5), (TF_P, 5)],
    ),
    (
        "observability/staging-alerts-mailbox/-/staging",
        "observability",
        "low",
        [("monitoring/staging/alertmanager.yml", 4)],
    ),
    (
        "observability/apm-tracing-only-in-production/-/apm-tracing",
        "observability",
        "low",
        [(f"{PAY}/values-production.yaml", 8)],
    ),
]


def test_every_planted_gap_is_reported_with_its_evidence() -> None:
    check_planted(probed(REPO), PLANTED)


def test_all_seven_dimensions_have_findings() -> None:
    check_dimensions_covered(probed(REPO))


def test_identical_settings_are_not_gaps() -> None:
    # TZ and CURRENCY_DEFAULT come from shared values; the locust test targets staging; the
    # Terraform module is shared; the Helm templates are Go templates, not YAML.
    result = probed(REPO)
    check_not_reported(
        result,
        [
            "TZ",
            "CURRENCY_DEFAULT",
            "load-test",
            "STRIPE_API_KEY",
            "STRIPE_API_BASE",
            "production-not-paging",
        ],
    )
    assert not result.warnings


def test_services_are_reported_separately() -> None:
    result = probed(REPO)
    services = result.environments["services"]
    assert set(services) == {"payments", "ledger"}
    assert services["ledger"]["production"] == [f"{LEDGER}/values-prod.yaml"]
    rows = {(r.service, r.name) for r in result.env_vars}
    assert ("ledger", "DATABASE_POOL_SIZE") in rows and ("payments", "LOG_LEVEL") in rows


def test_answers() -> None:
    answers = probed(REPO).answers
    assert answers["observability.alert-recipients"].value == {
        "staging": "mailbox",
        "production": "paged-on-call",
    }
    assert answers["observability.log-retention"].value == {"staging": 7.0, "production": 90.0}
    assert answers["data.database-parity"].value == "smaller-class"
    assert answers["data.data-source"].value == "anonymized-snapshot"
    assert answers["infrastructure.iac-parity"].value == "same-definitions-variables-only"
    assert answers["infrastructure.version-parity"].value == "major-differences"
    assert sorted(answers["infrastructure.shared-layers"].value) == [
        "cloud-account",
        "container-registry",
        "network",
    ]
    assert answers["traffic.load-testing"].value == "ad-hoc"
