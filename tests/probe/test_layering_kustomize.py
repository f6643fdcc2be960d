"""Kustomize's own layering: an overlay's objects are its bases' objects with its patches
(strategic merge and JSON 6902, inline or in files, with `target`) and images applied; what an
overlay changes is that environment's own configuration, the patch its evidence."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, write

from stagegap.probe.facts import Kind

BASE = {
    "k8s/base/kustomization.yaml": "resources:\n  - deploy.yaml\n  - cron.yaml\n",
    "k8s/base/deploy.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n"
        "  template:\n    spec:\n      containers:\n        - name: api\n"
        "          image: registry.example/api:dev\n"
        "          resources:\n            limits:\n              memory: 512Mi\n"
    ),
    "k8s/base/cron.yaml": (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: reconcile\nspec:\n"
        "  schedule: '30 2 * * *'\n  suspend: false\n"
    ),
}
STAGING = """resources:
  - ../../base
images:
  - name: registry.example/api
    newTag: sha-7f3e2c1
patches:
  - target:
      kind: CronJob
      name: reconcile
    patch: |-
      - op: replace
        path: /spec/suspend
        value: true
"""
PRODUCTION = """resources:
  - ../../base
images:
  - name: registry.example/api
    newTag: v3.18.2
patchesJson6902:
  - target: {group: apps, version: v1, kind: Deployment, name: api}
    path: capacity.yaml
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        template:
          spec:
            containers:
              - name: api
                resources:
                  limits:
                    memory: 2Gi
"""
CAPACITY = "- op: replace\n  path: /spec/replicas\n  value: 5\n"


def _facts(tmp_path: Path) -> list:
    write(
        tmp_path,
        {
            **BASE,
            "k8s/overlays/staging/kustomization.yaml": STAGING,
            "k8s/overlays/production/kustomization.yaml": PRODUCTION,
            "k8s/overlays/production/capacity.yaml": CAPACITY,
        },
    )
    facts, warnings = read_facts(tmp_path)
    assert warnings == []
    return facts


def test_json6902_from_a_file_and_strategic_merge_inline(tmp_path: Path) -> None:
    facts = _facts(tmp_path)
    replicas = {
        (f.env, f.key): (f.value.shown, f.where.path) for f in facts if f.kind == Kind.REPLICAS
    }
    assert replicas[("shared", "api")] == ("1", "k8s/base/deploy.yaml")
    assert replicas[("production", "api")][0] == "5"
    memory = {f.env: f.value.shown for f in facts if f.key == "api.api.resources.limits.memory"}
    # staging's overlay changes the image only: its memory is the base's, said once, shared
    assert memory == {"shared": "512Mi", "production": "2Gi"}


def test_an_inline_json_patch_suspends_a_job_in_one_overlay(tmp_path: Path) -> None:
    facts = _facts(tmp_path)
    crons = {f.env: "suspended" in f.tags for f in facts if f.kind == Kind.CRON}
    assert crons == {"shared": False, "staging": True}


def test_images_set_each_overlays_tag(tmp_path: Path) -> None:
    facts = _facts(tmp_path)
    images = {
        f.env: f.value.shown for f in facts if f.kind == Kind.IMAGE and f.source == "kubernetes"
    }
    assert images["staging"] == "registry.example/api:sha-7f3e2c1"
    assert images["production"] == "registry.example/api:v3.18.2"


def test_generator_env_files_are_the_overlays_variables(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **BASE,
            "k8s/overlays/production/kustomization.yaml": (
                "resources:\n  - ../../base\nconfigMapGenerator:\n  - name: cfg\n"
                "    envs:\n      - config.properties\n"
                "secretGenerator:\n  - name: creds\n    envs:\n      - creds.properties\n"
            ),
            "k8s/overlays/production/config.properties": "LOG_LEVEL=info\nPOOL_SIZE=20\n",
            "k8s/overlays/production/creds.properties": "API_TOKEN=CANARY-not-a-real-token\n",
        },
    )
    facts, warnings = read_facts(tmp_path)
    assert warnings == []
    variables = {
        f.key: (f.env, f.value.shown, f.where.path, f.where.line)
        for f in facts
        if f.kind == Kind.ENV
    }
    assert variables["POOL_SIZE"] == (
        "production",
        "20",
        "k8s/overlays/production/config.properties",
        2,
    )
    assert "CANARY" not in variables["API_TOKEN"][1]  # a secret generator's value is secret
