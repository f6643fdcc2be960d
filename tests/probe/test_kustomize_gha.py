"""kustomize overlays + GitHub Actions: every planted gap, in all seven dimensions."""

from __future__ import annotations

from probe_support import check_dimensions_covered, check_not_reported, check_planted, probed

REPO = "kustomize-gha"
PROD = "k8s/overlays/production/kustomization.yaml"
STG = "k8s/overlays/staging/kustomization.yaml"
GHA = ".github/workflows/deploy.yml"

PLANTED = [
    (
        "infrastructure/shared-kubernetes-cluster/-/shop-eks-main",
        "infrastructure",
        "high",
        [(GHA, 28), (GHA, 38)],
    ),
    (
        "infrastructure/shared-ci-runners/-/self-hosted-linux-deployer",
        "infrastructure",
        "medium",
        [(GHA, 24), (GHA, 34)],
    ),
    ("infrastructure/shared-build-cache/-/type-gha", "infrastructure", "medium", [(GHA, 17)]),
    (
        "infrastructure/version-differs/-/registry.example.com-shop-api",
        "infrastructure",
        "low",
        [(STG, 13), (PROD, 12)],
    ),
    (
        "env-vars/only-in-production/-/FEATURE_FLAGS_URL",
        "env-vars",
        "high",
        [(PROD, 21), ("src/config.ts", 5)],
    ),
    (
        "env-vars/only-in-production/-/STRIPE_WEBHOOK_SECRET",
        "env-vars",
        "high",
        [(PROD, 27), ("src/config.ts", 4)],
    ),
    ("env-vars/only-in-staging/-/SMTP_HOST", "env-vars", "medium", [(STG, 21)]),
    ("env-vars/same-secret/-/SESSION_SECRET", "env-vars", "high", [(STG, 28), (PROD, 29)]),
    (
        "env-vars/scope-differs/-/NEXT_PUBLIC_API_URL",
        "env-vars",
        "medium",
        [(PROD, 22), ("Dockerfile", 3)],
    ),
    ("traffic/replicas-differ/-/shop-api", "traffic", "medium", [(STG, 10), (PROD, 9)]),
    (
        "traffic/autoscaling-only-in-production/-/shop-api",
        "traffic",
        "medium",
        [("k8s/overlays/production/hpa.yaml", 11)],
    ),
    ("traffic/load-test-not-staging/-/k6", "traffic", "medium", [("loadtest/checkout.js", 7)]),
    ("data/seed-data-only/-/seed", "data", "medium", [("db/seeds/seed.sql", 1)]),
    ("data/migrations-unlinted/-/migrations", "data", "low", [("db/migrations/001_init.sql", 1)]),
    (
        "deploys/cron-only-in-production/-/billing-run",
        "deploys",
        "high",
        [("k8s/overlays/production/cronjob-billing.yaml", 6)],
    ),
    (
        "deploys/cron-schedule-differs/-/session-cleanup",
        "deploys",
        "low",
        [
            ("k8s/overlays/staging/cronjob-cleanup-patch.yaml", 6),
            ("k8s/base/cronjob-cleanup.yaml", 6),
        ],
    ),
    ("deploys/trigger-differs/-/deploy", "deploys", "low", [(GHA, 22), (GHA, 31)]),
    (
        "integrations/mock-in-staging/-/mailhog",
        "integrations",
        "medium",
        [("k8s/overlays/staging/mailhog.yaml", 17)],
    ),
    ("integrations/sandbox-vs-live/-/stripe", "integrations", "info", [(STG, 26), (PROD, 26)]),
    (
        "observability/error-tracking-only-in-production/-/error-tracking",
        "observability",
        "medium",
        [(PROD, 30)],
    ),
    (
        "observability/log-level-differs/-/LOG_LEVEL",
        "observability",
        "low",
        [(STG, 19), (PROD, 18)],
    ),
    (
        "observability/alert-only-in-production/-/CheckoutLatencyHigh",
        "observability",
        "medium",
        [("monitoring/production/alerts.yaml", 16)],
    ),
    (
        "observability/alert-threshold-differs/-/HighErrorRate",
        "observability",
        "low",
        [("monitoring/staging/alerts.yaml", 11), ("monitoring/production/alerts.yaml", 11)],
    ),
]


def test_every_planted_gap_is_reported_with_its_evidence() -> None:
    check_planted(probed(REPO), PLANTED)


def test_all_seven_dimensions_have_findings() -> None:
    check_dimensions_covered(probed(REPO))


def test_identical_settings_are_not_gaps() -> None:
    # APP_NAME and REDIS_URL come from the shared base; TZ is UTC in both overlays; the
    # namespaces differ; the session-cleanup job exists in both.
    check_not_reported(
        probed(REPO),
        [
            "APP_NAME",
            "TZ",
            "REDIS_URL",
            "same-namespace",
            "cron-only-in-staging",
            "shared-database",
        ],
    )


def test_ignored_and_vendored_files_are_never_read() -> None:
    result = probed(REPO)
    names = {row.name for row in result.env_vars}
    assert "IGNORED_ONLY_VARIABLE" not in names
    assert "VENDORED_ONLY_VARIABLE" not in names
    files = result.environments["production"]["files"] + result.environments["shared"]["files"]
    assert not any(f.startswith(("secrets/", "node_modules/")) for f in files)


def test_answers_for_the_bundled_questionnaire() -> None:
    answers = probed(REPO).answers
    assert answers["traffic.replicas"].value == {"staging": 1.0, "production": 4.0}
    assert answers["traffic.autoscaling"].value == {"staging": "fixed", "production": "cpu-memory"}
    assert answers["env-vars.credential-permissiveness"].value == "shared-with-production"
    assert answers["observability.log-level"].value == {"staging": "debug", "production": "warning"}
    assert answers["deploys.deploy-trigger"].value == {
        "staging": "on-merge",
        "production": "pipeline-approval",
    }
    assert answers["deploys.background-jobs"].value == "partly-disabled"
    assert answers["integrations.mocked-in-staging"].value == ["email"]
    assert answers["data.data-source"].value == "seed-fixtures"
    assert "FEATURE_FLAGS_URL" in answers["env-vars.single-environment-vars"].value
    for answer in answers.values():
        assert answer.confidence is not None and answer.note


def test_env_var_matrix_marks_code_reads_and_fingerprints_secrets() -> None:
    rows = {r.name: r for r in probed(REPO).env_vars}
    stripe = rows["STRIPE_SECRET_KEY"]
    assert stripe.secret and stripe.read_by_code
    assert stripe.cells["staging"].kind == "Stripe test secret key"
    assert stripe.cells["production"].kind == "Stripe live secret key"
    assert stripe.cells["staging"].fingerprint != stripe.cells["production"].fingerprint
    session = rows["SESSION_SECRET"]
    assert session.cells["staging"].fingerprint == session.cells["production"].fingerprint
    assert rows["NEXT_PUBLIC_API_URL"].cells["shared"].scopes == ["build"]
