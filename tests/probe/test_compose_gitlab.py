"""docker compose + .env files + GitLab CI: every planted gap, in all seven dimensions."""

from __future__ import annotations

from probe_support import check_dimensions_covered, check_not_reported, check_planted, probed

REPO = "compose-gitlab"
CI = ".gitlab-ci.yml"
STG, PRD = ".env.staging", ".env.production"

PLANTED = [
    (
        "infrastructure/shared-database-server/-/pg-main.internal.acme.example",
        "infrastructure",
        "critical",
        [(STG, 2), (PRD, 2)],
    ),
    (
        "infrastructure/shared-physical-host/-/app-01.internal.acme.example",
        "infrastructure",
        "high",
        [(CI, 45), (CI, 56)],
    ),
    (
        "infrastructure/shared-build-cache/-/docker-layers",
        "infrastructure",
        "medium",
        [(CI, 18), (CI, 30)],
    ),
    (
        "infrastructure/shared-ci-runners/-/acme-shared-docker",
        "infrastructure",
        "medium",
        [(CI, 14)],
    ),
    (
        "env-vars/only-in-production/-/EXPORT_BUCKET",
        "env-vars",
        "high",
        [(PRD, 13), ("app/exports.py", 8), ("app/settings.py", 7)],
    ),
    ("env-vars/same-secret/-/JWT_SIGNING_KEY", "env-vars", "high", [(STG, 13), (PRD, 16)]),
    (
        "env-vars/scope-differs/-/VITE_API_BASE",
        "env-vars",
        "medium",
        [(CI, 21), (PRD, 15), ("frontend/Dockerfile", 2)],
    ),
    ("env-vars/runtime-only-production/-/VITE_API_BASE", "env-vars", "medium", [(PRD, 15)]),
    (
        "traffic/replicas-differ/-/api",
        "traffic",
        "medium",
        [("docker-compose.staging.yml", 5), ("docker-compose.prod.yml", 6)],
    ),
    (
        "traffic/sizing-differs/-/api.workers",
        "traffic",
        "low",
        [("docker-compose.yml", 6), ("docker-compose.prod.yml", 4)],
    ),
    ("data/raw-production-copy/-/snapshot", "data", "high", [(CI, 80)]),
    ("deploys/cron-only-in-production/-/nightly-invoices", "deploys", "high", [(CI, 84)]),
    ("deploys/built-per-environment/-/image", "deploys", "medium", [(CI, 14), (CI, 26)]),
    ("deploys/staging-last-deploy-wins/-/staging", "deploys", "low", [(CI, 38)]),
    ("deploys/trigger-differs/-/deploy", "deploys", "low", [(CI, 38), (CI, 49)]),
    ("integrations/live-in-staging/-/paypal", "integrations", "critical", [(STG, 7)]),
    (
        "integrations/mock-in-staging/-/mailpit",
        "integrations",
        "medium",
        [("docker-compose.staging.yml", 9)],
    ),
    (
        "integrations/mock-in-staging/-/minio",
        "integrations",
        "medium",
        [("docker-compose.staging.yml", 13)],
    ),
    ("integrations/only-in-production/-/twilio", "integrations", "medium", [(PRD, 14)]),
    (
        "observability/error-sampling-differs/-/error-sample-rate",
        "observability",
        "medium",
        [(STG, 6), (PRD, 6)],
    ),
    ("observability/log-level-differs/-/LOG_LEVEL", "observability", "low", [(STG, 4), (PRD, 4)]),
]


def test_every_planted_gap_is_reported_with_its_evidence() -> None:
    check_planted(probed(REPO), PLANTED)


def test_all_seven_dimensions_have_findings() -> None:
    check_dimensions_covered(probed(REPO))


def test_identical_settings_are_not_gaps() -> None:
    # TZ and APP_NAME are the same everywhere, REDIS_URL and SENTRY_DSN are set (differently) in
    # both, the override file is for developer machines, .env.example is a template and
    # .env.local is ignored; the minio container's own settings are not the app's variables.
    check_not_reported(
        probed(REPO),
        [
            "TZ",
            "APP_NAME",
            "REDIS_URL",
            "SENTRY_DSN",
            "DEV_ONLY_SETTING",
            "EXAMPLE_ONLY_SETTING",
            "LOCAL_ONLY_SETTING",
            "MINIO_ROOT",
            "shared-cache-queue",
        ],
    )


def test_answers() -> None:
    answers = probed(REPO).answers
    assert answers["integrations.live-from-staging"].value == ["payments"]
    assert answers["integrations.mocked-in-staging"].value == ["email", "storage"]
    assert answers["data.data-source"].value == "production-copy"
    assert answers["traffic.load-testing"].value == "continuously"
    assert answers["deploys.staging-overlap"].value == "last-deploy-wins"
    assert answers["deploys.artifact-promotion"].value == "built-per-environment"
    assert answers["deploys.background-jobs"].value == "disabled-in-staging"
    assert answers["deploys.deploy-trigger"].value == {
        "staging": "on-merge",
        "production": "pipeline-approval",
    }
    assert "database-server" in answers["infrastructure.shared-layers"].value
    assert answers["observability.error-sampling"].value == {"staging": 100.0, "production": 10.0}
