"""An Argo CD GitOps repository: control-plane objects, secret references, a literal secret in a
shared base, and a staging load-test hook. Regression tests for false alarms seen on real
GitOps repositories."""

from __future__ import annotations

import io
import json

from probe_support import probed
from rich.console import Console

from stagegap.probe import output
from stagegap.probe.secrets import Redactor

REPO = "argocd-gitops"
PG = "base/services/postgresql/statefulset.yaml"


def ids() -> set[str]:
    return {f.id for f in probed(REPO).findings}


def test_argocd_objects_do_not_make_a_shared_namespace() -> None:
    """AppProject/Application live in `argocd` in both environments; they deploy elsewhere."""
    result = probed(REPO)
    assert not [f for f in result.findings if "same-namespace" in f.id], ids()


def test_a_staging_hook_in_a_shared_tool_namespace_is_not_a_shared_namespace() -> None:
    """The staging hook runs in `test-runner`, a shared tool's namespace; production deploys
    into its own namespace, so nothing of production is replaced."""
    assert not any(i.startswith("infrastructure/same-namespace/test-runner") for i in ids())


def test_argocd_destination_namespaces_are_read(tmp_path: object) -> None:
    result = probed(REPO)
    envs = result.environments
    assert "argocd/apps/shop-staging.yaml" in envs["staging"]["files"]
    assert "argocd/apps/shop-production.yaml" in envs["production"]["files"]


def test_references_and_placeholders_are_never_the_same_secret() -> None:
    found = ids()
    for name in (
        "DB_PASSWORD",
        "AWS_ACCESS_KEY_ID",
        "NODE_NAME",
        "PAYMENTS_API_KEY",
        "SMTP_PASSWORD",
        "OAUTH_CLIENT_SECRET",
        "SIGNING_KEY",
    ):
        assert not [i for i in found if i.endswith(f"/{name}")], (name, found)


def test_literal_secret_in_a_sole_shared_base_is_reported_once_for_what_it_is() -> None:
    result = probed(REPO)
    hits = [f for f in result.findings if f.id.endswith("/POSTGRES_PASSWORD")]
    assert len(hits) == 1, [f.id for f in hits]
    hit = hits[0]
    assert hit.id == "env-vars/same-secret/postgresql/POSTGRES_PASSWORD"
    assert hit.severity == "medium"
    assert "set once for both environments in a shared file" in hit.summary
    assert [(e.path, e.line, e.environment) for e in hit.evidence] == [(PG, 24, "shared")]
    jwt = [f for f in result.findings if f.id.endswith("/JWT_SECRET")]
    assert len(jwt) == 1 and "CANARY" not in jwt[0].summary + jwt[0].details


def test_evidence_paths_are_never_redacted() -> None:
    """The password "postgres" must not be scrubbed out of base/services/postgresql/..."""
    result = probed(REPO)
    data = json.loads(output.to_json(result))
    paths = [e["path"] for f in data["findings"] for e in f["evidence"]]
    assert PG in paths
    assert all("<redacted>" not in p for p in paths), paths
    assert all("<redacted>" not in p for p in data["environments"]["shared"]["files"])
    sarif = output.to_sarif(result)
    assert PG in sarif and "<redacted>ql" not in sarif
    buffer = io.StringIO()
    output.render(result, Console(file=buffer, width=250), details=True)
    assert PG in buffer.getvalue() and "<redacted>ql" not in buffer.getvalue()
    record = output.safe_record(result)
    assert any(e.path == PG for f in record.findings for e in f.evidence)


def test_scrub_keeps_structure_and_hides_values() -> None:
    r = Redactor()
    r.observe("DB_PASSWORD", "postgres")
    r.observe("API_TOKEN", "CANARY-token-7f1e2d")
    data = {
        "findings": [
            {
                "id": "env-vars/same-secret/postgresql/DB_PASSWORD",
                "service": "postgresql",
                "summary": "password postgres in [postgresql]; token CANARY-token-7f1e2d",
                "evidence": [
                    {"path": "base/postgresql/ss.yaml", "line": 3, "excerpt": "X=postgres"}
                ],
            }
        ],
        "warnings": ["base/postgresql/x.yaml:3: not valid YAML near postgres"],
    }
    out = r.scrub_data(data)
    finding = out["findings"][0]
    assert finding["id"] == data["findings"][0]["id"]
    assert finding["evidence"][0]["path"] == "base/postgresql/ss.yaml"
    assert finding["evidence"][0]["excerpt"] == "X=<redacted>"
    assert finding["summary"] == "password <redacted> in [postgresql]; token <redacted>"
    assert out["warnings"] == ["base/postgresql/x.yaml:3: not valid YAML near <redacted>"]
    assert "CANARY" not in json.dumps(out)


def test_a_staging_load_test_job_is_not_the_application_configuration() -> None:
    """k6's Prometheus remote-write URL is the load test's sink, not the app's metrics; the
    job's own variables and sizes are the test's, not a staging/production difference."""
    found = ids()
    assert not any(i.startswith("observability/metrics-only") for i in found), found
    assert not any("/test-runner/" in i for i in found), found
    assert not any("K6_" in i or i.endswith("/API_URL") for i in found), found


def test_a_k6_script_inside_a_configmap_is_a_load_test_and_its_target_is_said() -> None:
    result = probed(REPO)
    assert "traffic/no-load-test/-/repository" not in ids()
    answer = result.answers["traffic.load-testing"]
    places = {(e.path, e.line, e.environment) for e in answer.evidence}
    assert ("base/services/test-runner/k6-scripts-configmap.yaml", 8, "shared") in places
    assert ("base/services/test-runner/postsync-hook-staging.yaml", 17, "staging") in places
    assert "k6 targets staging" in answer.note
    assert answer.value == "continuously"  # the PostSync hook runs it after every deploy


def test_nothing_found_points_at_no_unrelated_file() -> None:
    hit = {f.id: f for f in probed("dotenv-envs").findings}["traffic/no-load-test/-/repository"]
    assert hit.evidence == []
    assert "ConfigMaps" in hit.details
