"""Precision of the sources on shapes real repositories use: Helm env references, lists keyed by
name, third environments, and GitHub Actions env blocks and dispatch choices. Each test builds a
small repository in tmp_path and checks the false alarm is gone and the real gap still found."""

from __future__ import annotations

import json
from pathlib import Path

from probe.engine import ProbeResult, run_probe


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
    from probe.yamlload import flatten, load_all

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
