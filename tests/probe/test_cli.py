"""The command line: the JSON contract, SARIF, exit codes, --fail-on with declared intentional
differences, aliases, and the workspace recording."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from probe_support import REPOS

from stagegap.probe.discovery import Cancelled
from stagegap.probe.engine import run_probe
from stagegap.questionnaires.model import Role
from stagegap.questionnaires.response import ProbeRecord
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.cli_probe import probe_command

REPO = str(REPOS / "kustomize-gha")


def invoke(*args: str) -> tuple[int, str]:
    run = CliRunner().invoke(probe_command, list(args))
    assert "Traceback" not in run.output
    return run.exit_code, run.output


def test_json_follows_the_contract() -> None:
    code, text = invoke(REPO, "--json")
    assert code == 0
    data = json.loads(text)
    assert set(data) >= {"environments", "findings", "answers"}
    assert {"staging", "production", "shared"} <= set(data["environments"])
    dimensions = {
        "infrastructure",
        "env-vars",
        "traffic",
        "data",
        "deploys",
        "integrations",
        "observability",
    }
    for finding in data["findings"]:
        assert finding["dimension"] in dimensions
        assert finding["severity"] in {"critical", "high", "medium", "low", "info"}
        assert finding["summary"] and "\n" not in finding["summary"]
        for ev in finding["evidence"]:
            assert not ev["path"].startswith("/") and (ev["line"] is None or ev["line"] > 0)
    shared = next(f for f in data["findings"] if f["id"].startswith("env-vars/same-secret"))
    assert set(shared["locations"]) == {"staging", "production"}
    assert data["answers"]["traffic.replicas"]["value"] == {"staging": 1.0, "production": 4.0}


def test_sarif_has_locations_and_related_locations(tmp_path: Path) -> None:
    out = tmp_path / "probe.sarif"
    code, _ = invoke(REPO, "--sarif", str(out))
    assert code == 0
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert result["level"] in {"error", "warning", "note"}
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "SRCROOT"
    cluster = next(
        r
        for r in run["results"]
        if r["partialFingerprints"]["stagegapFinding/v1"].startswith(
            "infrastructure/shared-kubernetes-cluster"
        )
    )
    assert cluster["locations"][0]["physicalLocation"]["region"]["startLine"] == 28
    assert cluster["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 38


def test_rich_summary_groups_by_dimension() -> None:
    code, text = invoke(REPO)
    assert code == 0
    for dimension in ("infrastructure", "env-vars", "observability"):
        assert dimension in text
    assert "high" in text and "findings" in text


def test_fail_on_and_declared_intentional_differences(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPOS / "kustomize-gha", repo)
    assert invoke(str(repo), "--fail-on", "high")[0] == 1
    assert invoke(str(repo), "--fail-on", "critical")[0] == 0
    (repo / ".stagegap.yaml").write_text(
        "intentional:\n"
        "  - finding: env-vars/only-in-production/*\n"
        "    reason: feature flags and webhooks are production-only by design\n"
        "    owner: platform-team\n"
        "    expires: 2999-12-31\n"
        "  - finding: env-vars/same-secret/-/SESSION_SECRET\n"
        "    reason: rotating next sprint\n"
        "    owner: alice\n"
        "    expires: 2999-01-01\n"
        "  - finding: infrastructure/shared-kubernetes-cluster/*\n"
        "    reason: one cluster, separate namespaces\n"
        "    owner: platform-team\n"
        "  - finding: deploys/cron-only-in-production/*\n"
        "    reason: expired long ago\n"
        "    owner: bob\n"
        "    expires: 2001-01-01\n"
    )
    code, text = invoke(str(repo), "--fail-on", "high")
    assert code == 1 and "1 finding(s)" in text  # only the expired billing-run remains
    result = run_probe(repo)
    assert "deploys/cron-only-in-production/-/billing-run" not in result.intentional
    assert result.intentional["env-vars/same-secret/-/SESSION_SECRET"].owner == "alice"
    data = json.loads(invoke(str(repo), "--json")[1])
    marked = [f for f in data["findings"] if f["intentional"]]
    assert {f["id"] for f in marked} >= {"env-vars/same-secret/-/SESSION_SECRET"}
    # the record kept in a workspace carries the declaration too
    record = {f.id: f for f in result.record().findings}
    declared = record["env-vars/same-secret/-/SESSION_SECRET"].intentional
    assert declared is not None and declared.owner == "alice"
    assert declared.reason == "rotating next sprint" and str(declared.expires) == "2999-01-01"
    assert record["deploys/cron-only-in-production/-/billing-run"].intentional is None


def test_alias_adds_an_environment_name(tmp_path: Path) -> None:
    (tmp_path / ".env.qa").write_text("LOG_LEVEL=debug\nQA_ONLY=1\n")
    (tmp_path / ".env.prod").write_text("LOG_LEVEL=info\n")
    code, text = invoke(str(tmp_path), "--json", "--alias", "staging=qa")
    assert code == 0
    data = json.loads(text)
    assert data["environments"]["staging"]["files"] == [".env.qa"]
    assert any(f["id"] == "env-vars/only-in-staging/-/QA_ONLY" for f in data["findings"])
    assert invoke(str(tmp_path), "--alias", "qa")[0] == 2


def test_workspace_recording(tmp_path: Path) -> None:
    audit = tmp_path / "audit"
    Workspace.create(audit, "Shop Ltd")
    code, _ = invoke(REPO, "--workspace", str(audit))
    assert code == 0
    ws = Workspace.open(audit)
    record = ws.probe_record()
    assert isinstance(record, ProbeRecord) and record.findings and record.env_vars
    probe_answers = ws.response(Role.PROBE).answers
    assert probe_answers["traffic.replicas"].evidence
    assert invoke(REPO, "--workspace", str(tmp_path / "nowhere"))[0] == 2


def test_progress_walks_the_seven_dimensions_and_cancel_is_honoured() -> None:
    seen: list[tuple[str, float]] = []
    run_probe(REPOS / "kustomize-gha", on_progress=lambda label, f: seen.append((label, f)))
    labels = [label for label, _ in seen]
    for dimension in (
        "infrastructure",
        "env-vars",
        "traffic",
        "data",
        "deploys",
        "integrations",
        "observability",
    ):
        assert dimension in labels
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        run_probe(REPOS / "kustomize-gha", cancel=cancel)
