"""The check catalogue (probe/checks.yaml) is the one list of finding kinds: every finding on
the fixtures has an entry, SARIF's rules and --list-checks come from it, the README's table
matches it, and .stagegap.yaml ids it cannot match are named with file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from probe_support import REPOS, probed

from stagegap.probe.checks import catalogue, check_of
from stagegap.probe.engine import run_probe
from stagegap.questionnaires.loader import bundled
from stagegap.tui.cli_probe import probe_command

README = Path(__file__).resolve().parents[2] / "README.md"
DEMO = Path(__file__).resolve().parents[2] / "reports" / "demo" / "sample-repo"
FIXTURES = sorted(p.name for p in REPOS.iterdir() if p.is_dir())


@pytest.mark.parametrize("repo", FIXTURES)
def test_every_finding_on_the_fixtures_has_a_catalogue_entry(repo: str) -> None:
    for finding in probed(repo).findings:
        check = catalogue().get(check_of(finding.id))
        assert check is not None, f"{finding.id} has no entry in probe/checks.yaml"
        assert check.dimension == finding.dimension
        if finding.item is not None:
            assert check.item == finding.item, finding.id


def test_the_demo_repository_findings_are_catalogued_too() -> None:
    missing = [f.id for f in run_probe(DEMO).findings if check_of(f.id) not in catalogue()]
    assert missing == []


def test_entries_name_real_questionnaire_items() -> None:
    items = {f"{dimension.id}.{item.id}" for dimension, item in bundled().items()}
    for check in catalogue().values():
        assert check.item is None or check.item in items, check.id
        assert check.title and check.why and check.remedy, check.id
        assert "{" not in check.id + check.title + check.why + check.remedy, check.id


def test_sarif_rules_come_from_the_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "probe.sarif"
    run = CliRunner().invoke(probe_command, [str(REPOS / "kustomize-gha"), "--sarif", str(out)])
    assert run.exit_code == 0
    sarif = json.loads(out.read_text())["runs"][0]
    rules = sarif["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(catalogue())
    for result in sarif["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["shortDescription"]["text"] == catalogue()[rule["id"]].title
        assert "Remedy:" in rule["help"]["text"]


def test_list_checks_prints_the_catalogue() -> None:
    run = CliRunner().invoke(probe_command, ["--list-checks", "--json"])
    assert run.exit_code == 0
    listed = json.loads(run.output)
    assert [c["id"] for c in listed] == list(catalogue())
    assert set(listed[0]) == {"id", "dimension", "item", "severity", "title", "why", "remedy"}
    table = CliRunner().invoke(probe_command, ["--list-checks"], env={"COLUMNS": "200"}).output
    assert "env-vars/same-secret" in table and "Staging and production use the same secret" in (
        table
    )


def test_the_readme_table_matches_the_catalogue() -> None:
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+/[a-z-]+)` \| (\w+) \| ([^|]+) \|$", text, re.MULTILINE)
    expected = [(c.id, c.severity, c.title) for c in catalogue().values()]
    assert [(i, s, t.strip()) for i, s, t in rows] == expected, (
        "README's check table is stale: regenerate it with "
        "`python -m stagegap.probe.checks --markdown`"
    )


def test_unknown_check_ids_in_stagegap_yaml_are_named_with_file_and_line(
    tmp_path: Path,
) -> None:
    (tmp_path / ".env.staging").write_text("A=1\n")
    (tmp_path / ".env.production").write_text("B=1\n")
    (tmp_path / ".stagegap.yaml").write_text(
        "intentional:\n"
        "  - finding: env-vars/only-in-staging/-/A\n"
        "    reason: known\n"
        "    owner: ops\n"
        "  - finding: env-vars/only-in-stagin/-/A\n"
        "    reason: typo\n"
        "    owner: ops\n"
        "  - finding: 'observability/*'\n"
        "    reason: a glob that matches checks\n"
        "    owner: ops\n"
    )
    result = run_probe(tmp_path)
    unknown = [w for w in result.warnings if "names no known check" in w]
    assert unknown == [
        ".stagegap.yaml:5: 'env-vars/only-in-stagin/-/A' names no known check "
        "(stagegap probe --list-checks lists them)"
    ]
    assert "env-vars/only-in-staging/-/A" in result.intentional
