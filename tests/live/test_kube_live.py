"""Cluster snapshots as `kubectl get deploy,sts,cronjob,hpa,ns,nodes -A -o json` writes them, for
the kustomize fixture repository: live differences between the clusters, and between each
cluster and what the repository declares, are findings of their own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stagegap.tui.cli_probe import probe_command

REPO = Path(__file__).resolve().parents[1] / "fixtures" / "repos" / "kustomize-gha"


def deployment(name: str, replicas: int, image: str, env: list[str]) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {
            "replicas": replicas,
            "template": {
                "spec": {
                    "containers": [
                        {"name": "api", "image": image, "env": [{"name": n} for n in env]}
                    ]
                }
            },
        },
        "status": {"readyReplicas": replicas},
    }


def cronjob(name: str, suspended: bool) -> dict[str, Any]:
    return {
        "kind": "CronJob",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {
            "schedule": "0 * * * *",
            "suspend": suspended,
            "jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}},
        },
    }


def hpa(target: str, low: int, high: int) -> dict[str, Any]:
    return {
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": target, "namespace": "shop"},
        "spec": {
            "scaleTargetRef": {"kind": "Deployment", "name": target},
            "minReplicas": low,
            "maxReplicas": high,
        },
    }


def node(name: str, pool: str, instance_type: str) -> dict[str, Any]:
    labels = {
        "cloud.google.com/gke-nodepool": pool,
        "node.kubernetes.io/instance-type": instance_type,
    }
    return {"kind": "Node", "metadata": {"name": name, "labels": labels}}


def snapshot(path: Path, *items: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": list(items)}))
    return path


@pytest.fixture
def findings(tmp_path: Path) -> dict[str, dict[str, Any]]:
    staging = snapshot(
        tmp_path / "staging.json",
        # The repository's staging overlay says 1 replica; someone scaled it to 3.
        deployment("shop-api", 3, "registry.example.com/shop/api:1.4.2", ["DATABASE_URL"]),
        cronjob("session-cleanup", suspended=True),
        {"kind": "Namespace", "metadata": {"name": "shop"}},
    )
    production = snapshot(
        tmp_path / "production.json",
        deployment(
            "shop-api", 6, "registry.example.com/shop/api:1.4.3", ["DATABASE_URL", "FEATURE_X"]
        ),
        hpa("shop-api", 6, 20),  # the repository's HPA says minReplicas 4
        cronjob("session-cleanup", suspended=False),
        cronjob("billing-run", suspended=False),
        node("gke-prod-a", "general", "n2-standard-8"),
        node("gke-prod-b", "general", "n2-standard-16"),
    )
    run = CliRunner().invoke(
        probe_command,
        [
            str(REPO),
            "--json",
            "--kube",
            f"staging=file:{staging}",
            "--kube",
            f"production=file:{production}",
        ],
    )
    assert run.exit_code == 0, run.output
    doc = json.loads(run.output)
    live = doc["environments"]["live"]
    assert [s["status"] for s in live] == ["read", "read"]
    assert live[0]["seen"]["namespaces"] == ["shop"]
    assert live[1]["seen"]["node_pools"] == {"general": ["n2-standard-16", "n2-standard-8"]}
    return {f["id"]: f for f in doc["findings"] if "/live-" in f["id"]}


def test_a_live_replica_count_that_differs_from_the_repository(findings) -> None:  # type: ignore[no-untyped-def]
    found = findings["traffic/live-replicas-differ-from-repository/-/staging.shop-api"]
    assert found["summary"] == "Staging runs 3 replicas of shop-api, the repository says 1"
    paths = [e["path"] for e in found["evidence"]]
    assert paths[0] == "kubernetes:staging/shop/Deployment/shop-api"
    assert paths[1] == "k8s/overlays/staging/kustomization.yaml"


def test_a_live_autoscaler_that_differs_from_the_repository(findings) -> None:  # type: ignore[no-untyped-def]
    found = findings[
        "traffic/live-autoscaler-differs-from-repository/-/production.shop-api.minReplicas"
    ]
    assert "minReplicas 6, the repository says 4" in found["summary"]


def test_clusters_compared_with_each_other(findings) -> None:  # type: ignore[no-untyped-def]
    suspended = findings["deploys/live-cronjob-suspended/-/session-cleanup"]
    assert suspended["severity"] == "high"
    assert "deploys/live-cronjob-only-in-production/-/billing-run" in findings
    assert "env-vars/live-only-in-production/-/shop-api.api.FEATURE_X" in findings
    assert "deploys/live-image-differs/-/shop-api.api" in findings


def test_a_snapshot_that_is_not_kubectl_json_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "staging.json"
    bad.write_text("{not json")
    run = CliRunner().invoke(probe_command, [str(REPO), "--json", "--kube", f"staging=file:{bad}"])
    assert run.exit_code == 0  # the files' probe still ran and answered
    doc = json.loads(run.output)
    lines = [w for w in doc["warnings"] if "kubernetes:staging" in w]
    assert len(lines) == 1 and "not kubectl JSON (line 1" in lines[0]
    assert doc["answers"]


def test_a_live_finding_can_be_declared_intentional(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo)
    (repo / ".stagegap.yaml").write_text(
        "intentional:\n"
        '  - finding: "deploys/live-cronjob-suspended/*"\n'
        "    reason: staging must not send invoices\n"
        "    owner: billing-team\n"
        "    expires: 2099-01-01\n"
    )
    staging = snapshot(tmp_path / "s.json", cronjob("session-cleanup", suspended=True))
    production = snapshot(tmp_path / "p.json", cronjob("session-cleanup", suspended=False))
    run = CliRunner().invoke(
        probe_command,
        [
            str(repo),
            "--json",
            "--kube",
            f"staging=file:{staging}",
            "--kube",
            f"production=file:{production}",
        ],
    )
    found = next(
        f
        for f in json.loads(run.output)["findings"]
        if f["id"] == "deploys/live-cronjob-suspended/-/session-cleanup"
    )
    assert found["intentional"]["owner"] == "billing-team"
