"""Precision of the rules on shapes real repositories use: CronJobs kept for manual runs with a
schedule that never fires, debug workloads in one environment only, and images pulled from
public registries. Each test builds a small repository in tmp_path, checks the probe runs, the
false alarm is gone and the real gap next to it is still reported."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagegap.probe.engine import ProbeResult, run_probe
from stagegap.probe.rules import data, deploys, infrastructure
from stagegap.questionnaires.response import ProbeFinding
from stagegap.tui.cli_probe import probe_command


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _found(result: ProbeResult) -> dict[str, ProbeFinding]:
    return {f.id: f for f in result.findings}


def _deployment(name: str, image: str, replicas: int, resources: str = "") -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: {image}
{resources}"""


def _cronjob(name: str, schedule: str, comment: str = "") -> str:
    return f"""\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
  schedule: "{schedule}"{comment}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: {name}
              image: 123456789012.dkr.ecr.eu-west-2.amazonaws.com/shop/api:1.4.2
              command: ["bundle", "exec", "rake", "{name}"]
"""


# -- 1. A schedule that never fires ("0 0 31 2 *", 31 February) -----------------------------

MANUAL = "0 0 31 2 *"
_API = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/shop/api:1.4.2"


def _cron_repo(root: Path) -> None:
    _write(
        root,
        {
            "k8s/staging/api.yaml": _deployment("api", _API, 1),
            "k8s/production/api.yaml": _deployment("api", _API, 3),
            # in both environments, manual only: no gap
            "k8s/staging/reindex.yaml": _cronjob("reindex", MANUAL, "  # to be run manually"),
            "k8s/production/reindex.yaml": _cronjob("reindex", MANUAL, "  # to be run manually"),
            # manual only, and in production only: nothing runs on a schedule anywhere
            "k8s/production/backfill.yaml": _cronjob("backfill", MANUAL),
            # manual only in staging, nightly in production: a real gap
            "k8s/staging/cleanup.yaml": _cronjob("cleanup", MANUAL),
            "k8s/production/cleanup.yaml": _cronjob("cleanup", "0 3 * * *"),
            # the same schedule in both: no gap
            "k8s/staging/sitemap.yaml": _cronjob("sitemap", "30 2 * * *"),
            "k8s/production/sitemap.yaml": _cronjob("sitemap", "30 2 * * *"),
        },
    )


def test_never_firing_schedule_does_not_crash_and_reads_as_manual(tmp_path: Path) -> None:
    _cron_repo(tmp_path)
    result = run_probe(tmp_path)
    found = _found(result)
    deploy_ids = {i for i in found if i.startswith("deploys/cron")}
    assert deploy_ids == {"deploys/cron-only-in-production/-/cleanup"}, deploy_ids
    cleanup = found["deploys/cron-only-in-production/-/cleanup"]
    assert cleanup.severity == "medium"
    assert "(staging: manual only)" in cleanup.summary
    assert "0 0 31 2 * (never fires: manual only)" in cleanup.details
    assert "0 3 * * * (every 1 days)" in cleanup.details
    assert {(e.path, e.line) for e in cleanup.evidence} >= {
        ("k8s/staging/cleanup.yaml", 6),
        ("k8s/production/cleanup.yaml", 6),
    }
    # cleanup and sitemap run on a schedule in production; cleanup does not run in staging
    jobs = result.answers["deploys.background-jobs"]
    assert jobs.value == "partly-disabled"
    assert "2 scheduled jobs run in production; 1 of them" in (jobs.note or "")


def test_never_firing_schedule_in_one_environment_only_through_the_cli(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "k8s/staging/api.yaml": _deployment("api", _API, 1),
            "k8s/production/api.yaml": _deployment("api", _API, 2),
            "k8s/staging/export-orders.yaml": _cronjob("export-orders", MANUAL),
        },
    )
    run = CliRunner().invoke(probe_command, [str(tmp_path), "--json"])
    assert run.exit_code == 0, run.output
    report = json.loads(run.output)
    assert not [f for f in report["findings"] if f["id"].startswith("deploys/cron")]
    # no job runs on a schedule in production, so there is nothing to say about staging's
    assert "deploys.background-jobs" not in report["answers"]


def test_never_firing_refresh_job_gives_no_data_age(tmp_path: Path) -> None:
    workflow = """\
name: refresh staging data
on:
  schedule:
    - cron: "{schedule}"
  workflow_dispatch:
jobs:
  refresh:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - run: pg_dump "$PRODUCTION_DATABASE_URL" --format=custom > prod.dump
      - run: ./scripts/anonymize.sh prod.dump
      - run: pg_restore --clean -d "$STAGING_DATABASE_URL" prod.dump
"""
    files = {
        "k8s/staging/api.yaml": _deployment("api", _API, 1),
        "k8s/production/api.yaml": _deployment("api", _API, 2),
    }
    manual = tmp_path / "manual"
    _write(manual, {**files, ".github/workflows/refresh.yml": workflow.format(schedule=MANUAL)})
    result = run_probe(manual)
    assert result.answers["data.data-source"].value == "anonymized-snapshot"
    assert "data.data-age" not in result.answers  # run by hand: its age is unknowable
    assert not [f for f in result.findings if f.id.startswith("deploys/cron")]
    weekly = tmp_path / "weekly"
    _write(
        weekly, {**files, ".github/workflows/refresh.yml": workflow.format(schedule="0 4 * * 0")}
    )
    result = run_probe(weekly)
    assert result.answers["data.data-age"].value == "under-a-week"


@pytest.mark.parametrize(
    "expression",
    [
        MANUAL,
        "0 0 30 2 *",
        "0 0 31 4 *",
        "0 0 31 2,4,6,9,11 *",
        "0 0 31 2 * 0",
        "0 0 2 1 * 0 2024",  # fires once, then never again
        "0 0 1 1 * 0 2023",  # a year already past
    ],
)
def test_schedules_that_never_fire_again(expression: str) -> None:
    assert deploys.cron_period_hours(expression) == math.inf
    assert deploys.never_fires(expression)
    assert deploys.describe_cron(expression) == f"{expression} (never fires: manual only)"
    assert data._period_days(expression) is None


@pytest.mark.parametrize(
    "expression",
    [
        "@reboot",
        "H H * * *",
        "*/0 * * * *",
        "",
        "<text, 11 chars>",
        "cron(0 12 * * ? *)",
        "rate(5 minutes)",
        "0 0 * * 8",
    ],
)
def test_unreadable_schedules_are_shown_as_written(expression: str) -> None:
    assert deploys.cron_period_hours(expression) is None
    assert not deploys.never_fires(expression)
    assert deploys.describe_cron(expression) == expression
    assert data._period_days(expression) is None


@pytest.mark.parametrize(
    ("expression", "described", "days"),
    [
        ("*/15 * * * *", "every 15 min", 1 / 24),
        ("0 8-16/2 * * 1-5", "every 2 h", 1 / 12),
        ("0 0 29 2 *", "every 1461 days", 1461),  # leap days only: rare, but it fires
        ("0 0 L 2 *", "every 365 days", 365),
        ("0 0 * * 1#5", "every 91 days", 91),
        ("@weekly", "every 7 days", 7),
    ],
)
def test_odd_but_firing_schedules(expression: str, described: str, days: float) -> None:
    assert deploys.describe_cron(expression) == f"{expression} ({described})"
    assert data._period_days(expression) == pytest.approx(days)


# -- 2. Sizing is compared only for workloads both environments run ---------------------------

_SIZED = """\
          resources:
            requests:
              cpu: {cpu}
              memory: 256Mi
{limits}"""

_DEBUG_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: img-inspect
spec:
  containers:
    - name: inspector
      image: 123456789012.dkr.ecr.eu-west-2.amazonaws.com/shop/api:1.4.2
      command: ["sleep", "infinity"]
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
        limits:
          cpu: 500m
          memory: 512Mi
"""


def _hpa(target: str, low: int, high: int) -> str:
    return f"""\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {target}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {target}
  minReplicas: {low}
  maxReplicas: {high}
"""


def test_sizing_of_a_workload_in_one_environment_only_is_not_a_gap(tmp_path: Path) -> None:
    limits = "            limits:\n              cpu: '2'\n              memory: 1Gi\n"
    _write(
        tmp_path,
        {
            "k8s/staging/api.yaml": _deployment(
                "api", _API, 1, _SIZED.format(cpu="250m", limits="")
            ),
            "k8s/production/api.yaml": _deployment(
                "api", _API, 3, _SIZED.format(cpu="1", limits=limits)
            ),
            "k8s/production/api-hpa.yaml": _hpa("api", 3, 12),
            # a debugging pod that exists in staging only
            "k8s/staging/img-inspect.yaml": _DEBUG_POD,
            # alerting that exists in production only, with its own sizing and autoscaler
            "k8s/production/alertmanager.yaml": _deployment(
                "alertmanager",
                "quay.io/prometheus/alertmanager:v0.27.0",
                1,
                _SIZED.format(cpu="50m", limits=limits),
            ),
            "k8s/production/alertmanager-hpa.yaml": _hpa("alertmanager", 1, 3),
            # a staging-only load generator with an autoscaler
            "k8s/staging/traffic-replay.yaml": _deployment(
                "traffic-replay", _API, 1, _SIZED.format(cpu="100m", limits="")
            ),
            "k8s/staging/traffic-replay-hpa.yaml": _hpa("traffic-replay", 1, 4),
        },
    )
    result = run_probe(tmp_path)
    # gaps only: a workload one environment runs alone is listed by the differ at info
    gaps = {i for i, f in _found(result).items() if f.severity != "info"}
    traffic = {i for i in gaps if i.startswith("traffic/")}
    assert not [i for i in traffic if "img-inspect" in i], traffic
    assert not [i for i in traffic if "alertmanager" in i], traffic
    assert not [i for i in traffic if "traffic-replay" in i], traffic
    # the real gaps of the workload both environments run are still reported
    assert {
        "traffic/sizing-differs/-/api.api.resources.requests.cpu",
        "traffic/sizing-only-in-production/-/api.api.resources.limits.cpu",
        "traffic/sizing-only-in-production/-/api.api.resources.limits.memory",
        "traffic/autoscaling-only-in-production/-/api",
        "traffic/replicas-differ/-/api",
    } <= traffic, traffic
    assert result.answers["traffic.resource-settings"].value == "differ"


def test_sizing_from_a_shared_base_counts_the_workload_in_both(tmp_path: Path) -> None:
    """A production overlay adding limits to a base Deployment is a gap: staging runs the
    workload too (from the base), without them."""
    _write(
        tmp_path,
        {
            "k8s/base/kustomization.yaml": "resources:\n  - worker.yaml\n",
            "k8s/base/worker.yaml": _deployment(
                "worker", _API, 1, _SIZED.format(cpu="250m", limits="")
            ),
            "k8s/overlays/staging/kustomization.yaml": "resources:\n  - ../../base\n",
            "k8s/overlays/production/kustomization.yaml": (
                "resources:\n  - ../../base\npatches:\n  - path: worker-limits.yaml\n"
            ),
            "k8s/overlays/production/worker-limits.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          resources:
            limits:
              memory: 2Gi
""",
        },
    )
    found = _found(run_probe(tmp_path))
    assert "traffic/sizing-only-in-production/-/worker.worker.resources.limits.memory" in found


# -- 3. A public registry is not a shared container registry ---------------------------------

_PUBLIC_IMAGES = {
    "elasticsearch": "docker.elastic.co/elasticsearch/elasticsearch:9.2.0",
    "alertmanager": "quay.io/prometheus/alertmanager:v0.27.0",
    "ingress": "registry.k8s.io/ingress-nginx/controller:v1.11.2",
    "otel": "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0",
    "oauth2-proxy": "ghcr.io/oauth2-proxy/oauth2-proxy:v7.6.0",
    "static": "gcr.io/distroless/static-debian12:nonroot",
    "mssql": "mcr.microsoft.com/mssql/server:2022-latest",
    "fluent-bit": "cr.fluentbit.io/fluent/fluent-bit:3.1.4",
    "redis": "docker.io/library/redis:7.2",
}


@pytest.mark.parametrize(
    ("private", "registry"),
    [
        ("123456789012.dkr.ecr.eu-west-2.amazonaws.com/shop/api:1.4.2", None),
        ("gcr.io/acme-shop-prod/api:1.4.2", "gcr.io"),
        ("registry.acme.example:5000/shop/api:1.4.2", "registry.acme.example-5000"),
    ],
)
def test_public_registries_are_not_shared_infrastructure(
    tmp_path: Path, private: str, registry: str | None
) -> None:
    files = {}
    for env in ("staging", "production"):
        files[f"k8s/{env}/api.yaml"] = _deployment("api", private, 1 if env == "staging" else 2)
        for name, image in _PUBLIC_IMAGES.items():
            files[f"k8s/{env}/{name}.yaml"] = _deployment(name, image, 1)
        files[f"k8s/{env}/build-config.yaml"] = f"""\
apiVersion: v1
kind: ConfigMap
metadata:
  name: build-config
data:
  DOCKER_REGISTRY: ghcr.io
  BASE_IMAGE_REGISTRY: https://gcr.io/distroless
  APP_ENV: {env}
"""
    _write(tmp_path, files)
    result = run_probe(tmp_path)
    shared = [f for f in result.findings if f.id.startswith("infrastructure/shared-container")]
    expected = registry or private.split("/", 1)[0]
    assert [f.id for f in shared] == [f"infrastructure/shared-container-registry/-/{expected}"]
    assert {e.path for e in shared[0].evidence} == {
        "k8s/staging/api.yaml",
        "k8s/production/api.yaml",
    }
    assert "container-registry" in result.answers["infrastructure.shared-layers"].value


def test_only_public_registries_leave_no_shared_registry(tmp_path: Path) -> None:
    files = {}
    for env in ("staging", "production"):
        for name, image in _PUBLIC_IMAGES.items():
            files[f"k8s/{env}/{name}.yaml"] = _deployment(name, image, 1)
    _write(tmp_path, files)
    result = run_probe(tmp_path)
    assert not [f for f in result.findings if "container-registry" in f.id]
    shared = result.answers.get("infrastructure.shared-layers")
    assert shared is None or "container-registry" not in shared.value


@pytest.mark.parametrize(
    ("reference", "public"),
    [
        ("docker.elastic.co/elasticsearch/elasticsearch:9.2.0", True),
        ("cr.fluentbit.io/fluent/fluent-bit", True),
        ("GHCR.IO/oauth2-proxy/oauth2-proxy", True),
        ("eu.gcr.io/distroless/base", True),
        ("https://quay.io", True),
        ("gcr.io/acme-shop-prod/api", False),
        ("europe-west2-docker.pkg.dev/acme/shop/api", False),
        ("123456789012.dkr.ecr.eu-west-2.amazonaws.com/shop/api", False),
        ("registry.gitlab.com/acme/orders", False),
    ],
)
def test_public_registry_names(reference: str, public: bool) -> None:
    assert infrastructure.is_public_registry(reference) is public


# -- 4. Shared-layer look-alikes: flags, placeholders, policy principals, one cache twice --------

_TF_ENV = """\
module "app" {{
  source        = "../../modules/app"
  instance_type = "{size}"
}}
"""

_TF_MODULE = """\
resource "aws_eip" "jenkins" {
  vpc = true
}

resource "aws_eks_node_group" "workers" {
  cluster_name = aws_eks_cluster.main.name
  subnet_ids   = [aws_subnet.private.id]
}

resource "aws_subnet" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_s3_bucket" "logs" {
  bucket = var.name

  # 156460612806 is the Elastic Load Balancing log-delivery account of eu-west-1
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::156460612806:root"]},
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::${var.name}/*"
    }
  ]
}
POLICY
}

data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["codecommit:GitPull"]
    resources = ["arn:aws:codecommit:eu-west-2:398263320410:*"]
  }
}
"""

_TF_SHARED_PROVIDER = """\
provider "aws" {
  region = "eu-west-2"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/terraform-deploy"
  }
}

resource "aws_subnet" "app" {
  vpc_id     = "vpc-0a1b2c3d4e5f60001"
  cidr_block = "10.0.1.0/24"
}
"""


def _tf_repo(root: Path, shared_layers: bool) -> None:
    files = {"infra/modules/app/main.tf": _TF_MODULE}
    if shared_layers:
        files["infra/modules/app/provider.tf"] = _TF_SHARED_PROVIDER
    for env, size in (("staging", "t3.small"), ("production", "m5.large")):
        files[f"infra/envs/{env}/main.tf"] = _TF_ENV.format(size=size)
    _write(root, files)


def test_terraform_flags_and_policy_accounts_are_not_shared_layers(tmp_path: Path) -> None:
    """`vpc = true` on an Elastic IP, account ids in a bucket policy or a policy document (a
    vendor's log-delivery account, a CI account) and a module's references to its own
    resources (`cluster_name = aws_eks_cluster.main.name`, one cluster per module instance)
    are not layers both environments use."""
    _tf_repo(tmp_path, shared_layers=False)
    found = _found(run_probe(tmp_path))
    assert not [i for i in found if i.startswith("infrastructure/shared-")], sorted(found)


def test_a_shared_account_and_vpc_in_a_module_are_still_shared(tmp_path: Path) -> None:
    _tf_repo(tmp_path, shared_layers=True)
    found = _found(run_probe(tmp_path))
    shared = {i for i in found if i.startswith("infrastructure/shared-")}
    assert shared == {
        "infrastructure/shared-cloud-account/-/111111111111",
        "infrastructure/shared-network/-/vpc-0a1b2c3d4e5f60001",
    }, shared


def test_a_placeholder_in_a_shared_base_is_not_a_shared_cluster(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "charts/monitoring/values.yaml": "clusterId: eph-xxxxxx\nreplicaCount: 1\n",
            "charts/monitoring/values-staging.yaml": "replicaCount: 1\n",
            "charts/monitoring/values-production.yaml": "replicaCount: 2\n",
        },
    )
    found = _found(run_probe(tmp_path))
    assert not [i for i in found if "shared-kubernetes-cluster" in i], sorted(found)


def test_cache_from_and_cache_to_of_one_cache_are_one_finding(tmp_path: Path) -> None:
    job = """\
  deploy-{env}:
    runs-on: ubuntu-latest
    environment: {env}
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: registry.acme.example/shop/api:${{{{ github.sha }}}}
          cache-from: type=gha
          cache-to: type=gha,mode=max
      - run: kubectl --context {env}-cluster apply -k k8s/{env}
"""
    workflow = (
        "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n"
        + job.format(env="staging")
        + job.format(env="production")
    )
    _write(
        tmp_path,
        {
            ".github/workflows/deploy.yml": workflow,
            "k8s/staging/api.yaml": _deployment("api", _API, 1),
            "k8s/production/api.yaml": _deployment("api", _API, 2),
        },
    )
    found = _found(run_probe(tmp_path))
    caches = [i for i in found if i.startswith("infrastructure/shared-build-cache")]
    assert caches == ["infrastructure/shared-build-cache/-/type-gha"], caches
    lines = {e.line for e in found[caches[0]].evidence}
    assert len(lines) == 4, lines  # cache-from and cache-to of both jobs


def test_a_dump_in_production_only_is_not_a_copy_to_staging(tmp_path: Path) -> None:
    dump_job = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: db-table-dump
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: dump
          image: postgres:16
          command: ["sh", "-c", "pg_dump -t envelopes | aws s3 cp - s3://acme-db-dumps-prod/"]
"""
    files = {
        "k8s/staging/api.yaml": _deployment("api", _API, 1),
        "k8s/production/api.yaml": _deployment("api", _API, 2),
        "k8s/production/db-table-dump-job.yaml": dump_job,
    }
    alone = tmp_path / "alone"
    _write(alone, files)
    result = run_probe(alone)
    assert "data/raw-production-copy/-/snapshot" not in _found(result)
    restored = tmp_path / "restored"
    restore = '#!/bin/sh\npg_restore --clean -d "$STAGING_DATABASE_URL" prod.dump\n'
    _write(restored, {**files, "scripts/restore-prod-to-staging.sh": restore})
    result = run_probe(restored)
    copy = _found(result)["data/raw-production-copy/-/snapshot"]
    assert {e.path for e in copy.evidence} == {"scripts/restore-prod-to-staging.sh"}
    assert result.answers["data.data-source"].value == "production-copy"


def test_a_worker_variable_in_one_environment_is_reported_once(tmp_path: Path) -> None:
    env = """\
          env:
            - name: WEB_CONCURRENCY
              value: "4"
            - name: RAILS_MAX_THREADS
              value: "{threads}"
"""
    _write(
        tmp_path,
        {
            "k8s/staging/api.yaml": _deployment("api", _API, 1, env.format(threads=5)).replace(
                '              value: "4"\n', '              value: "2"\n'
            ),
            "k8s/production/api.yaml": _deployment("api", _API, 2, env.format(threads=5)),
            "k8s/production/worker.yaml": _deployment(
                "worker",
                _API,
                2,
                "          env:\n            - name: SIDEKIQ_CONCURRENCY\n"
                '              value: "15"\n',
            ),
            "k8s/staging/worker.yaml": _deployment("worker", _API, 1),
        },
    )
    result = run_probe(tmp_path)
    found = _found(result)
    assert "env-vars/only-in-production/-/SIDEKIQ_CONCURRENCY" in found
    assert "traffic/sizing-only-in-production/-/SIDEKIQ_CONCURRENCY" not in found
    # a value both environments set differently stays a traffic finding
    assert "traffic/sizing-differs/-/WEB_CONCURRENCY" in found
    sizing = result.answers["traffic.resource-settings"]
    assert sizing.value == "differ"
    assert (sizing.note or "").startswith("2 worker, pool or resource settings differ")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_a_loopback_database_in_both_environments_is_no_shared_server(
    tmp_path: Path, host: str
) -> None:
    """Two environments that both say localhost run on two machines, each with its own server;
    a real host name in both still is one shared server."""
    _write(
        tmp_path,
        {
            ".env.staging": f"DATABASE_URL=postgres://app:EXAMPLEa@{host}:5432/app\n",
            ".env.production": f"DATABASE_URL=postgres://app:EXAMPLEb@{host}:5432/app\n",
        },
    )
    assert not [f for f in _found(run_probe(tmp_path)) if "shared-database-server" in f]
    _write(
        tmp_path,
        {
            ".env.staging": "DATABASE_URL=postgres://app:EXAMPLEa@db.example.internal:5432/a\n",
            ".env.production": "DATABASE_URL=postgres://app:EXAMPLEb@db.example.internal:5432/b\n",
        },
    )
    assert [f for f in _found(run_probe(tmp_path)) if "shared-database-server" in f]


def test_a_backing_service_that_runs_in_one_environment_only_brings_no_variable_gaps(
    tmp_path: Path,
) -> None:
    """The dev compose file's own Postgres container is configured by POSTGRES_*: those are the
    container's settings, not variables production lacks; the app's own variable still is."""
    _write(
        tmp_path,
        {
            "docker-compose.staging.yml": (
                "services:\n"
                "  api:\n    build: .\n    environment:\n      FEATURE_X: 'on'\n"
                "  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: EXAMPLEdev\n      POSTGRES_DB: app\n"
            ),
            "docker-compose.production.yml": "services:\n  api:\n    build: .\n",
        },
    )
    found = _found(run_probe(tmp_path))
    assert not [i for i, f in found.items() if "POSTGRES_" in i and f.severity != "info"]
    assert [i for i in found if i.startswith("env-vars/only-in-staging") and "FEATURE_X" in i]
