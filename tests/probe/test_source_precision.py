"""Precision of the sources on shapes real repositories use: Helm env references, lists keyed by
name, third environments, and GitHub Actions env blocks and dispatch choices. Each test builds a
small repository in tmp_path and checks the false alarm is gone and the real gap still found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stagegap.probe.engine import ProbeResult, run_probe
from stagegap.probe.environments import Environments


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _ids(result: ProbeResult) -> set[str]:
    return {f.id for f in result.findings}


def _everything(result: ProbeResult) -> str:
    """All the probe says, as one text (findings, inventory, answers)."""
    return json.dumps(
        [
            [f.model_dump(mode="json") for f in result.findings],
            [r.model_dump(mode="json") for r in result.env_vars],
            {k: a.model_dump(mode="json") for k, a in result.answers.items()},
        ]
    )


# -- 1. Helm `valueFrom` env entries are references, not values ----------------------------

_HELM_REFS_STAGING = """\
replicaCount: 1
extraEnv:
  - name: ACCOUNT_API_BEARER_TOKEN
    valueFrom:
      secretKeyRef:
        name: signon-token-account-api
        key: bearer_token
  - name: SEARCH_PASSWORD
    valueFrom:
      secretKeyRef:
        name: search-credentials
        key: password
  - name: GOVUK_APP_DOMAIN
    valueFrom:
      configMapKeyRef:
        name: govuk-domains
        key: app-domain
  - name: POD_IP
    valueFrom:
      fieldRef:
        fieldPath: status.podIP
  - name: SHARED_LITERAL_TOKEN
    value: "q8Zr2LmX7vN4pK1sT9wB3yC6"
env:
  SESSION_SECRET:
    valueFrom:
      secretKeyRef:
        name: session
        key: secret
"""


def test_helm_value_from_entries_are_references_not_shared_secrets(tmp_path: Path) -> None:
    production = _HELM_REFS_STAGING.replace("replicaCount: 1", "replicaCount: 3")
    _write(
        tmp_path,
        {
            "charts/app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
            "charts/app/values.yaml": "replicaCount: 1\n",
            "charts/app/values-staging.yaml": _HELM_REFS_STAGING,
            "charts/app/values-production.yaml": production,
        },
    )
    result = run_probe(tmp_path)
    ids = _ids(result)
    same = {i for i in ids if i.startswith("env-vars/same-secret/")}
    # before: every valueFrom entry was fingerprinted as the literal text "valueFrom", so all of
    # them "held the same secret"; only the real literal stays
    assert same == {"env-vars/same-secret/-/SHARED_LITERAL_TOKEN"}, same
    assert not [i for i in ids if "valuefrom" in i.lower()], ids
    assert {f.id for f in result.failing("high")} <= same  # --fail-on high: only the literal
    rows = {row.name: row for row in result.env_vars}
    for name in ("ACCOUNT_API_BEARER_TOKEN", "SEARCH_PASSWORD", "SESSION_SECRET", "POD_IP"):
        for env in ("staging", "production"):
            cell = rows[name].cells[env]
            assert cell.fingerprint is None, (name, env)
    text = _everything(result)
    assert "secretKeyRef:signon-token-account-api/bearer_token" in text
    assert "fieldRef:status.podIP" in text
    assert "q8Zr2LmX7vN4pK1sT9wB3yC6" not in text


def test_helm_value_from_only_in_production_is_still_a_gap(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "chart/values.yaml": "replicaCount: 1\n",
            "chart/values-staging.yaml": "env: []\n",
            "chart/values-production.yaml": (
                "env:\n"
                "  - name: PAYOUTS_API_KEY\n"
                "    valueFrom:\n"
                "      secretKeyRef: {name: payouts, key: api-key}\n"
            ),
            "src/settings.py": "import os\nKEY = os.environ['PAYOUTS_API_KEY']\n",
        },
    )
    result = run_probe(tmp_path)
    found = {f.id: f for f in result.findings}
    gap = found["env-vars/only-in-production/-/PAYOUTS_API_KEY"]
    assert gap.severity == "high"
    assert ("chart/values-production.yaml", 2) in {(e.path, e.line) for e in gap.evidence}


# -- 2. Lists are keyed by their entries' names, not by position ---------------------------

_APPS_STAGING = """\
replicaCount: 2
govukApplications:
  - name: router
    helmValues:
      replicaCount: 2
      appResources:
        requests: {cpu: 100m, memory: 256Mi}
      cronTasks:
        - name: reload-routes
          schedule: "*/5 * * * *"
  - name: signon
    helmValues:
      appResources:
        requests: {cpu: 50m, memory: 512Mi}
      cronTasks:
        - name: suspend-inactive-users
          schedule: "0 3 * * *"
        - name: delete-expired-grants
          schedule: "53 12 * * 0"
"""

_APPS_PRODUCTION = """\
replicaCount: 3
govukApplications:
  - name: signon
    helmValues:
      appResources:
        requests: {cpu: 50m, memory: 1Gi}
      cronTasks:
        - name: delete-expired-grants
          schedule: "22 12 * * 0"
        - name: suspend-inactive-users
          schedule: "0 3 * * *"
        - name: sync-app-secrets-to-k8s
          schedule: "8 1 * * *"
  - name: router
    helmValues:
      replicaCount: 2
      appResources:
        requests: {cpu: 100m, memory: 256Mi}
      cronTasks:
        - name: reload-routes
          schedule: "*/5 * * * *"
"""


def test_helm_list_entries_compare_by_name_not_position(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "charts/app-config/values.yaml": "replicaCount: 1\n",
            "charts/app-config/values-staging.yaml": _APPS_STAGING,
            "charts/app-config/values-production.yaml": _APPS_PRODUCTION,
        },
    )
    result = run_probe(tmp_path)
    found = {f.id: f for f in result.findings}
    apps = "govukApplications-name"
    # the two real differences, each at its own lines in both files
    memory = found[
        f"traffic/sizing-differs/-/{apps}-signon-.helmValues.appResources.requests.memory"
    ]
    assert {(e.path, e.line) for e in memory.evidence} == {
        ("charts/app-config/values-staging.yaml", 14),
        ("charts/app-config/values-production.yaml", 6),
    }
    grants = found[
        f"deploys/cron-schedule-differs/-/{apps}-signon-.helmValues.cronTasks-name-delete-expired-grants"
    ]
    assert {(e.path, e.line) for e in grants.evidence} == {
        ("charts/app-config/values-staging.yaml", 19),
        ("charts/app-config/values-production.yaml", 9),
    }
    # a job production has and staging lacks, named as such (a 'secrets' word in the job's name
    # does not make its schedule a secret)
    sync = found[
        f"deploys/cron-only-in-production/-/{apps}-signon-.helmValues.cronTasks-name-sync-app-secrets-to-k8s"
    ]
    assert "8 1 * * *" in sync.details
    # nothing else: same apps, same jobs, same sizes, listed in another order
    per_app = {i for i in found if "govukApplications" in i}
    assert per_app == {memory.id, grants.id, sync.id}, per_app
    assert not [i for i in found if "govukApplications-0" in i or "govukApplications-1" in i]


def test_flatten_keys_by_a_unique_readable_name_else_by_position() -> None:
    from stagegap.probe.yamlload import flatten, load_all

    def paths(text: str) -> list[str]:
        return [p for p, _, _ in flatten(load_all(text)[0])]

    assert paths("apps: [{name: router, replicas: 2}, {name: api, replicas: 3}]") == [
        "apps[name=router].name",
        "apps[name=router].replicas",
        "apps[name=api].name",
        "apps[name=api].replicas",
    ]
    # by id when there is no name; by key only beside a value (key/value pairs, tolerations)
    assert paths("rules: [{id: 7, port: 80}]") == ["rules[id=7].id", "rules[id=7].port"]
    assert paths("tolerations: [{key: dedicated, operator: Equal}]")[0] == (
        "tolerations[key=dedicated].key"
    )
    assert paths("tokens: [{key: hunter2, owner: ci}]")[0] == "tokens[0].key"
    # a duplicate, a missing name or a mixed list: by position, as before
    assert paths("a: [{name: x, v: 1}, {name: x, v: 2}]") == [
        "a[0].name",
        "a[0].v",
        "a[1].name",
        "a[1].v",
    ]
    assert paths("a: [{name: x}, {v: 2}]") == ["a[0].name", "a[1].v"]
    assert paths("a: [{name: x}, [1, 2]]") == ["a[0].name", "a[1]"]
    # a name that could be a credential (a token, a hash, a UUID) never becomes part of a path
    for secretish in (
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "AKIAIOSFODNN7EXAMPLE",
        "3f2c9a41d6e84b7f9a0c1e2d3b4a5f60",
        "123e4567-e89b-12d3-a456-426614174000",
    ):
        assert paths(f"a: [{{name: {secretish}, v: 1}}]") == ["a[0].name", "a[0].v"], secretish
    # readable names with digits or many words still key the list
    assert paths("a: [{name: search-api-v2-beta-features, v: 1}]")[1] == (
        "a[name=search-api-v2-beta-features].v"
    )


# -- 3. A third environment (sandbox, integration, preview, review, pr-<n>) is not a base ----


def _configmap(namespace: str, data: dict[str, str]) -> str:
    rows = "".join(f'  {k}: "{v}"\n' for k, v in data.items())
    return (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n"
        f"  namespace: {namespace}\ndata:\n{rows}"
    )


def test_a_sandbox_folder_does_not_fill_in_for_production_or_staging(tmp_path: Path) -> None:
    eks = "terraform/environments/eks"
    common = {"RAILS_ENV": "production", "ENVELOPE_DOWNLOADS_BUCKET": "cer-envelope-downloads"}
    _write(
        tmp_path,
        {
            f"{eks}/k8s-manifests-staging/app-configmap.yaml": _configmap(
                "credreg-staging", common
            ),
            f"{eks}/k8s-manifests-prod/app-configmap.yaml": _configmap(
                "credreg-prod",
                {
                    **common,
                    "LOG_LEVEL": "WARN",
                    "API_KEY_VALIDATION_ENDPOINT": "https://accounts.example.org/api/validate",
                },
            ),
            f"{eks}/k8s-manifests-sandbox/app-configmap.yaml": _configmap(
                "credreg-sandbox",
                {
                    **common,
                    "LOG_LEVEL": "WARN",
                    "API_KEY_VALIDATION_ENDPOINT": "https://sandbox.example.org/api/validate",
                },
            ),
            f"{eks}/k8s-manifests-test/app-configmap.yaml": _configmap(
                "credreg-test", {**common, "LOG_LEVEL": "DEBUG"}
            ),
            "app/services/validate_api_key.py": (
                "import os\n\n\ndef endpoint():\n"
                "    return os.environ['API_KEY_VALIDATION_ENDPOINT']\n"
            ),
        },
    )
    result = run_probe(tmp_path)
    found = {f.id: f for f in result.findings}
    gap = found["env-vars/only-in-production/-/API_KEY_VALIDATION_ENDPOINT"]
    assert gap.severity == "high"  # code reads it without a fallback: staging fails there
    assert {(e.path, e.line) for e in gap.evidence} >= {
        (f"{eks}/k8s-manifests-prod/app-configmap.yaml", 10),
        ("app/services/validate_api_key.py", 5),
    }
    assert "env-vars/only-in-production/-/LOG_LEVEL" in found
    shared = result.environments["shared"]["files"]
    assert not [f for f in shared if "sandbox" in f or "manifests-test" in f], shared
    for finding in result.findings:
        for ev in finding.evidence:
            assert "k8s-manifests-sandbox" not in ev.path, (finding.id, ev.path)


def test_integration_rules_are_not_production(tmp_path: Path) -> None:
    def rules(name: str, minutes: int) -> str:
        return (
            "groups:\n  - name: backups\n    rules:\n"
            f"      - alert: {name}\n"
            f"        expr: time() - backup_last_success_timestamp > {minutes * 60}\n"
            "        labels: {severity: warning}\n"
        )

    root = "charts/monitoring-config/rules"
    _write(
        tmp_path,
        {
            f"{root}/staging/backups.yaml": rules("DatabaseTransformSlow", 90),
            f"{root}/production/backups.yaml": rules("DatabaseBackupMissing", 60),
            f"{root}/integration/backups.yaml": rules("DatabaseTransformSlow", 30),
            "charts/app-config/values-staging.yaml": "replicaCount: 1\n",
            "charts/app-config/values-production.yaml": "replicaCount: 3\n",
            "charts/app-config/values-integration.yaml": "replicaCount: 1\nextraEnv: []\n",
        },
    )
    result = run_probe(tmp_path)
    ids = _ids(result)
    # before: the integration rule stood in for production, "the threshold differs"
    assert not [i for i in ids if "alert-threshold-differs" in i], ids
    assert "observability/alert-only-in-staging/-/DatabaseTransformSlow" in ids
    assert "observability/alert-only-in-production/-/DatabaseBackupMissing" in ids
    assert not [f for f in result.environments["shared"]["files"] if "integration" in f]


@pytest.mark.parametrize(
    ("path", "env"),
    [
        ("terraform/environments/eks/k8s-manifests-sandbox/app.yaml", "other"),
        ("terraform/environments/eks/k8s-manifests-test/app.yaml", "other"),
        ("terraform/environments/eks/k8s-manifests-prod/app.yaml", "production"),
        ("terraform/environments/preview/main.tf", "other"),
        ("charts/monitoring-config/rules/integration/alerts.yaml", "other"),
        ("charts/app-config/values-integration.yaml", "other"),
        ("docker-compose.pizza.yml", "other"),
        (".env.preview", "other"),
        ("deploy/review-app/values.yaml", "other"),
        ("deploy/pr-123/values.yaml", "other"),
        # the same words as ordinary names: still a base shared by both
        ("k8s/base/integration-service-deployment.yaml", "shared"),
        ("charts/integration-service/values.yaml", "shared"),
        ("charts/image-preview/values.yaml", "shared"),
        ("charts/local-path-provisioner/values.yaml", "shared"),
        ("charts/dev-portal/values.yaml", "shared"),
        ("integrations/stripe/config.yaml", "shared"),
        ("services/preview/Dockerfile", "shared"),
        ("values.yaml", "shared"),
        # staging or production named anywhere still wins
        ("deploy/review-app/values-staging.yaml", "staging"),
    ],
)
def test_third_environments_by_name(path: str, env: str) -> None:
    assert Environments().classify_path(path) == env


@pytest.mark.parametrize(
    ("name", "env"),
    [
        ("deploy-sandbox", "other"),
        ("deploy-review-app", "other"),
        ("pr-${{ github.event.number }}", "other"),
        ("pr-42", "other"),
        ("integration", "other"),
        ("production", "production"),
        ("print", None),
        ("build", None),
    ],
)
def test_third_environment_job_names(name: str, env: str | None) -> None:
    assert Environments().classify_name(name) == env


def test_an_alias_takes_a_third_environment_word_back() -> None:
    envs = Environments.with_aliases({"staging": ["integration"]})
    assert envs.classify_path("charts/app-config/values-integration.yaml") == "staging"
    assert envs.classify_path("rules/integration/alerts.yaml") == "staging"


# -- 4. GitHub Actions: env blocks and dispatch choices --------------------------------------

_LPS_WORKFLOW = """\
name: Deploy LPS ({env})

on:
  {trigger}

concurrency:
  group: deploy-lps-{env}

env:
  BUCKET_NAME: localplanning.{env}.example.org
  SITE_URL: https://localplanning.{env}.example.org
  DIST_ID: ${{{{ secrets.LPS_{upper}_DIST_ID }}}}
  AWS_REGION: eu-west-2

jobs:
  deploy:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - name: Configure AWS Credentials
        uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-region: ${{{{ env.AWS_REGION }}}}
      - name: Run Deploy Script
        run: ./scripts/deploy-lps.sh
      - name: Notify
        env:
          SLACK_TITLE: LPS {env} deploy
        run: echo "$SLACK_TITLE"
"""


def test_workflow_env_sets_variables_for_its_environment(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".github/workflows/deploy-lps-staging.yml": _LPS_WORKFLOW.format(
                env="staging", upper="STAGING", trigger="push:\n    branches: [main]"
            ),
            ".github/workflows/deploy-lps-production.yml": _LPS_WORKFLOW.format(
                env="production", upper="PRODUCTION", trigger="workflow_dispatch:"
            ),
            ".github/workflows/test.yml": (
                "name: test\non: [pull_request]\nenv:\n  DATABASE_URL: postgres://localhost/t\n"
                "jobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: npm test\n"
            ),
            "apps/site/src/config.ts": "export const site = process.env.SITE_URL;\n",
            "apps/site/src/db.ts": "export const db = process.env.DATABASE_URL;\n",
        },
    )
    result = run_probe(tmp_path)
    ids = _ids(result)
    # before: SITE_URL was "required by code but set in neither environment's configuration"
    assert not [i for i in ids if i.endswith("/SITE_URL") and "/differs-by-design/" not in i], ids
    # each environment's own site URL is listed as a difference by design (info), not a gap
    assert "infrastructure/differs-by-design/-/SITE_URL" in ids
    rows = {row.name: row for row in result.env_vars}
    site = rows["SITE_URL"]
    assert {env: cell.scopes for env, cell in site.cells.items()} == {
        "staging": ["build"],
        "production": ["build"],
    }
    assert (".github/workflows/deploy-lps-production.yml", 11) in {
        (e.path, e.line) for e in site.cells["production"].sources
    }
    # a secret held by GitHub is a reference: no fingerprint, never "the same secret"
    assert rows["DIST_ID"].cells["production"].fingerprint is None
    # the pipeline's own plumbing (read by the workflow itself) and a test workflow's
    # variables are not the application's configuration
    for name in ("AWS_REGION", "SLACK_TITLE", "DATABASE_URL"):
        assert name not in rows or not rows[name].cells, name
    assert not [i for i in ids if "only-in" in i and "-/" in i and "AWS_REGION" in i], ids


_DISPATCH = """\
name: Deploy image

on:
  workflow_dispatch:
    inputs:
      image_label:
        description: Image tag to deploy
        type: string
        required: true
      environment:
        description: Target environment
        type: choice
        required: true
        options:
          - staging
          - sandbox
          - production

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - name: Deploy image to selected environment
        run: |
          ENV="${{ inputs.environment }}"
          case "$ENV" in
            staging) NS="credreg-staging" ;;
            sandbox) NS="credreg-sandbox" ;;
            production) NS="credreg-prod" ;;
          esac
          kubectl -n "$NS" set image deploy/main-app main-app="registry:${{ inputs.image_label }}"
"""

_BUILD = """\
name: Build
on:
  push:
    branches: [main]
jobs:
  deploy-staging:
    runs-on: ubuntu-latest
    steps:
      - run: kubectl -n credreg-staging set image deploy/main-app main-app=registry:staging
"""


def test_a_dispatch_choice_of_environments_deploys_each_of_them(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".github/workflows/deploy.yaml": _DISPATCH,
            ".github/workflows/build.yaml": _BUILD,
            "k8s/staging/deployment.yaml": _deployment("credreg-staging", 1),
            "k8s/prod/deployment.yaml": _deployment("credreg-prod", 2),
        },
    )
    result = run_probe(tmp_path)
    ids = _ids(result)
    # before: "No CI job deploys production"
    assert "deploys/no-pipeline-production/-/production" not in ids, ids
    trigger = result.answers["deploys.deploy-trigger"]
    assert trigger.value == {"staging": "on-merge", "production": "pipeline-approval"}
    assert (".github/workflows/deploy.yaml", 20) in {(e.path, e.line) for e in trigger.evidence}
    # the script serves every choice: its namespaces are not taken as both environments'
    assert not [i for i in ids if i.startswith("infrastructure/shared-namespace")], ids


def test_a_dispatch_choice_without_environments_is_no_deploy_of_them(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".github/workflows/deploy.yaml": _DISPATCH.replace("- staging", "- blue")
            .replace("- sandbox", "- green")
            .replace("- production", "- canary"),
            ".github/workflows/build.yaml": _BUILD,
            "k8s/staging/deployment.yaml": _deployment("credreg-staging", 1),
            "k8s/prod/deployment.yaml": _deployment("credreg-prod", 2),
        },
    )
    assert "deploys/no-pipeline-production/-/production" in _ids(run_probe(tmp_path))


def _deployment(namespace: str, replicas: int) -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: main-app\n"
        f"  namespace: {namespace}\nspec:\n  replicas: {replicas}\n  template:\n    spec:\n"
        "      containers:\n        - name: main-app\n          image: registry:2026.07.30\n"
    )
