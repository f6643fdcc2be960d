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
