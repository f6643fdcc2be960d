"""GitOps objects hand their charts values: a Flux HelmRelease's `spec.values` (patched per
cluster by a kustomize overlay) and an Argo CD Application's `helm.valuesObject`, `values` and
`parameters` are that release's Helm values in the environment the object belongs to; an
issuer's spec is compared key by key."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, write

from stagegap.probe.facts import Kind

RELEASE = """apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: storefront
spec:
  chart:
    spec:
      version: "3.4.1"
  values:
    replicaCount: 1
    redis:
      architecture: standalone
"""
PATCH = """apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: storefront
spec:
  values:
    replicaCount: 4
    redis:
      architecture: replication
"""
ISSUER = """apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
"""
ACME_PATCH = """resources:
  - ../base
patches:
  - target: {kind: ClusterIssuer, name: letsencrypt}
    patch: |
      - op: replace
        path: /spec/acme/server
        value: https://acme-staging-v02.api.letsencrypt.org/directory
"""


def test_a_helmrelease_patched_per_cluster(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "apps/base/kustomization.yaml": "resources:\n  - release.yaml\n",
            "apps/base/release.yaml": RELEASE,
            "apps/production/kustomization.yaml": (
                "resources:\n  - ../base\npatches:\n  - path: values.yaml\n"
                "    target:\n      kind: HelmRelease\n      name: storefront\n"
            ),
            "apps/production/values.yaml": PATCH,
            "infrastructure/base/kustomization.yaml": "resources:\n  - issuer.yaml\n",
            "infrastructure/base/issuer.yaml": ISSUER,
            "infrastructure/staging/kustomization.yaml": ACME_PATCH,
        },
    )
    facts, warnings = read_facts(tmp_path)
    assert warnings == []
    replicas = {(f.env, f.service): f.value.shown for f in facts if f.kind == Kind.REPLICAS}
    assert replicas == {("shared", "storefront"): "1", ("production", "storefront"): "4"}
    redis = {
        f.env: (f.value.shown, f.where.path)
        for f in facts
        if f.key == "redis.architecture" and f.service == "storefront"
    }
    assert redis["production"] == ("replication", "apps/production/values.yaml")
    server = {
        f.env: f.value.shown for f in facts if f.key == "ClusterIssuer/letsencrypt.spec.acme.server"
    }
    # URLs are shown shortened: the host says which directory each cluster uses
    assert server["shared"].startswith("https://acme-v02.api.letsencrypt.org/")
    assert server["staging"].startswith("https://acme-staging-v02.api.letsencrypt.org/")
    assert set(server) == {"shared", "staging"}


def test_an_argo_application_hands_its_chart_values(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "apps/production/orders.yaml": (
                "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                "  name: orders\n  namespace: argocd\nspec:\n  source:\n    helm:\n"
                "      valuesObject:\n        replicaCount: 3\n"
                "      values: |\n        worker:\n          concurrency: 8\n"
                "      parameters:\n        - name: image.tag\n          value: v1.2.0\n"
                "  destination:\n    namespace: orders\n"
            ),
        },
    )
    facts, _ = read_facts(tmp_path)
    mine = {
        (f.kind, f.key): f.value.shown
        for f in facts
        if f.service == "orders" and f.env == "production"
    }
    assert mine[(Kind.REPLICAS, "orders")] == "3"
    assert mine[(Kind.SETTING, "worker.concurrency")] == "8"
    assert mine[(Kind.SETTING, "image.tag")] == "v1.2.0"
