"""Several repositories in one audit: a service's code in one, its deploy platform file in a
second, its chart in a third, read as one system with one pair of environments and every
evidence path prefixed by its repository."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagegap.probe.engine import repository_names, run_probe, run_probe_many
from stagegap.probe.output import to_json
from stagegap.tui.cli_probe import probe_command


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def system(tmp_path: Path) -> list[Path]:
    app = write(
        tmp_path / "orders-app",
        {
            "src/config.py": "import os\n\n"
            'WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"]\n'
            'REGION = os.environ.get("REGION", "eu")\n',
        },
    )
    infra = write(
        tmp_path / "orders-infra",
        {
            "render.yaml": "projects:\n"
            "  - name: orders\n"
            "    environments:\n"
            "      - name: staging\n"
            "        services:\n"
            "          - {type: web, name: orders-staging, plan: starter,\n"
            "             envVars: [{key: REGION, value: eu}]}\n"
            "      - name: production\n"
            "        services:\n"
            "          - {type: web, name: orders, plan: standard,\n"
            "             envVars: [{key: REGION, value: eu},\n"
            "                       {key: WEBHOOK_SECRET, sync: false}]}\n",
        },
    )
    charts = write(
        tmp_path / "orders-charts",
        {
            "chart/values-staging.yaml": "replicaCount: 1\n",
            "chart/values-production.yaml": "replicaCount: 4\n",
        },
    )
    return [app, infra, charts]


def test_a_variable_the_code_requires_set_for_production_only_in_another_repo(
    system: list[Path],
) -> None:
    result = run_probe_many(system)
    found = {f.id: f for f in result.findings}
    gap = found["env-vars/only-in-production/-/WEBHOOK_SECRET"]
    paths = {(e.path, e.line) for e in gap.evidence}
    assert ("orders-app/src/config.py", 3) in paths
    assert ("orders-infra/render.yaml", 12) in paths
    assert "Across repositories: orders-app, orders-infra." in gap.details
    assert gap.severity == "high"  # the code reads it without a fallback
    assert "env-vars/only-in-production/-/REGION" not in found


def test_every_evidence_path_names_its_repository(system: list[Path]) -> None:
    result = run_probe_many(system)
    names = ("orders-app/", "orders-infra/", "orders-charts/")
    evidence = [e.path for f in result.findings for e in f.evidence]
    evidence += [e.path for a in result.answers.values() for e in a.evidence]
    evidence += [e.path for row in result.env_vars for c in row.cells.values() for e in c.sources]
    evidence += [e.path for row in result.env_vars for e in row.read_by_code]
    assert evidence and all(path.startswith(names) for path in evidence), evidence
    replicas = next(f for f in result.findings if f.id.startswith("traffic/replicas-differ"))
    assert {e.path for e in replicas.evidence} == {
        "orders-charts/chart/values-staging.yaml",
        "orders-charts/chart/values-production.yaml",
    }
    assert result.environments["staging"]["files"] == ["orders-charts/chart/values-staging.yaml"]
    assert set(result.environments["repositories"]) == {
        "orders-app",
        "orders-infra",
        "orders-charts",
    }


def test_one_pair_of_environments_is_chosen_across_repositories(tmp_path: Path) -> None:
    # uat is named only in the second repository: it is the compared pair in all of them
    first = write(tmp_path / "a", {"values-prod.yaml": "replicaCount: 3\n"})
    second = write(tmp_path / "b", {"values-uat.yaml": "replicaCount: 1\n"})
    result = run_probe_many([first, second])
    assert result.environments["compared"]["staging"] == "uat"
    assert any(f.id.startswith("traffic/replicas-differ") for f in result.findings)


def test_one_path_is_exactly_the_single_repository_run(system: list[Path]) -> None:
    def stable(text: str) -> str:
        return re.sub(r'"ran_at": "[^"]*"', "", text)

    alone = stable(to_json(run_probe(system[1])))
    assert stable(to_json(run_probe_many([system[1]]))) == alone
    assert "orders-infra/" not in alone


def test_repositories_with_the_same_folder_name_are_told_apart(tmp_path: Path) -> None:
    one, two = tmp_path / "team-a" / "app", tmp_path / "team-b" / "app"
    assert repository_names([one, two]) == ["team-a-app", "team-b-app"]
    assert repository_names([tmp_path / "x", tmp_path / "y"]) == ["x", "y"]


def test_the_command_line_takes_several_paths(system: list[Path]) -> None:
    run = CliRunner().invoke(probe_command, [*map(str, system), "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    paths = {e["path"] for f in data["findings"] for e in f["evidence"]}
    assert "orders-infra/render.yaml" in paths


def test_a_missing_repository_is_one_line(system: list[Path], tmp_path: Path) -> None:
    run = CliRunner().invoke(probe_command, [str(system[0]), str(tmp_path / "nope")])
    assert run.exit_code == 2
    assert "no such directory" in run.output and "Traceback" not in run.output
