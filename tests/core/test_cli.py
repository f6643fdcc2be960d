"""The command line as a newcomer uses it: init, template, answer, seal, reconcile."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from stagegap.questionnaires.model import Role
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def filled(role: str, values: dict[str, object], tmp_path: Path) -> Path:
    """Fill a template the way a person would: edit values in place, keep the rest."""
    text = run("template", "--role", role).output
    data = yaml.safe_load(text)
    for item_id, value in values.items():
        data["answers"][item_id]["value"] = value
        data["answers"][item_id]["confidence"] = "high"
    data["respondent"] = role.upper()
    path = tmp_path / f"{role}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    target = tmp_path / "audit"
    result = run("init", str(target), "--organisation", "Acme")
    assert result.exit_code == 0, result.output
    return target


def test_template_lists_every_item_with_its_options() -> None:
    text = run("template", "--role", "cto").output
    data = yaml.safe_load(text)
    assert data["role"] == "cto"
    assert len(data["answers"]) == 38
    assert "#   about-equal" in text and "ci-runners" in text
    assert "stagegap answer WORKSPACE --role cto" in text


def test_the_newcomer_flow_names_every_class_produced(ws: Path, tmp_path: Path) -> None:
    cto = filled(
        "cto",
        {
            "infrastructure.shared-layers": ["none"],
            "traffic.request-ratio": "about-equal",
            "traffic.load-testing": "continuously",
        },
        tmp_path,
    )
    engineer = filled(
        "engineer",
        {
            "infrastructure.shared-layers": ["none"],
            "traffic.request-ratio": "1-to-100",
            "traffic.load-testing": "ad-hoc",
        },
        tmp_path,
    )
    assert run("answer", str(ws), "--role", "cto", "--file", str(cto), "--seal").exit_code == 0
    result = run("answer", str(ws), "--role", "engineer", "--file", str(engineer), "--seal")
    assert result.exit_code == 0 and "3 of 38 answers imported" in result.output
    out = CliRunner().invoke(main, ["reconcile", str(ws)], terminal_width=200).output
    assert "Unverified disagreement" in out  # request ratio: config cannot show it
    assert "Not answered" in out
    assert "Host and infrastructure isolation" in out and "Observability" in out


def test_template_round_trips_every_answer_type(ws: Path, tmp_path: Path) -> None:
    values = {
        "traffic.replicas": {"staging": 1, "production": 6},
        "env-vars.map-verified-on": "2026-02-01",
        "env-vars.single-environment-vars": ["SENTRY_DSN", "STRIPE_WEBHOOK_SECRET"],
        "data.migration-lint": True,
        "observability.tools": {"staging": ["metrics"], "production": ["metrics", "apm-tracing"]},
    }
    path = filled("engineer", values, tmp_path)
    result = run("answer", str(ws), "--role", "engineer", "--file", str(path))
    assert result.exit_code == 0 and "5 of 38" in result.output
    saved = Workspace.open(ws).response(Role.ENGINEER)
    assert saved.current("traffic.replicas").value == {"staging": 1.0, "production": 6.0}  # type: ignore[union-attr]
    assert saved.respondent == "ENGINEER"


def test_dont_know_beside_the_templates_empty_slots_is_accepted(ws: Path, tmp_path: Path) -> None:
    text = run("template", "--role", "cto").output
    text = text.replace(
        "  observability.log-level:\n    value:",
        "  observability.log-level:\n    dont_know: true\n    value:",
    )
    path = tmp_path / "cto.yaml"
    path.write_text(text)
    result = run("answer", str(ws), "--role", "cto", "--file", str(path))
    assert result.exit_code == 0 and '1 "I don\'t know"' in result.output


def test_a_value_of_the_wrong_shape_is_one_line(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "cto.yaml"
    path.write_text(
        "role: cto\nanswers:\n  traffic.replicas:\n    value: {staging: [1], production: 2}\n"
    )
    result = CliRunner().invoke(main, ["answer", str(ws), "--role", "cto", "--file", str(path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_reconcile_waits_for_both_seals(ws: Path, tmp_path: Path) -> None:
    cto = filled("cto", {"traffic.load-testing": "never"}, tmp_path)
    run("answer", str(ws), "--role", "cto", "--file", str(cto))
    result = CliRunner().invoke(main, ["reconcile", str(ws)])
    assert result.exit_code == 2
    assert "CTO and Engineer not sealed yet" in result.output
    opened = CliRunner().invoke(main, ["reconcile", str(ws), "--open-early", "offsite"])
    assert opened.exit_code == 0
    assert Workspace.open(ws).manifest.workshop_override is not None


def test_a_bad_answer_file_names_file_and_line_and_saves_nothing(ws: Path, tmp_path: Path) -> None:
    good = filled("cto", {"traffic.load-testing": "never"}, tmp_path)
    assert run("answer", str(ws), "--role", "cto", "--file", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "role: cto\n"
        "answers:\n"
        "  traffic.load-testing:\n"
        "    value: weekly\n"
        "  traffic.nonsense:\n"
        "    value: 3\n"
    )
    result = CliRunner().invoke(main, ["answer", str(ws), "--role", "cto", "--file", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"error: {bad}:4: traffic.load-testing:")
    assert lines[1].startswith(f"error: {bad}:5: traffic.nonsense: no such item")
    saved = Workspace.open(ws).response(Role.CTO).current("traffic.load-testing")
    assert saved is not None and saved.value == "never"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("role: cto\nanswers: [unclosed\n", "not valid YAML"),
        ("role: engineer\nanswers: {}\n", "file is for 'engineer', not cto"),
        ("role: cto\nanswers:\n  data.migration-lint:\n    value: perhaps\n", "yes or no"),
        (
            "role: cto\nanswers:\n  traffic.load-testing:\n    value: never\n    dont_know: true\n",
            "exactly one of",
        ),
    ],
)
def test_malformed_answer_files_get_one_clear_line(
    ws: Path, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(content)
    result = CliRunner().invoke(main, ["answer", str(ws), "--role", "cto", "--file", str(path)])
    assert result.exit_code == 2
    assert expected in result.output
    assert str(path) in result.output and "Traceback" not in result.output


def test_unknown_role_and_missing_workspace(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["template", "--role", "cfo"])
    assert result.exit_code == 2 and "'cfo' is not one of" in result.output
    result = CliRunner().invoke(main, ["reconcile", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'nowhere'}: no such directory"


def test_validate_and_schema(tmp_path: Path) -> None:
    from stagegap.questionnaires.loader import BUNDLED_PATH

    ok = run("validate", str(BUNDLED_PATH))
    assert "valid questionnaire staging-production-gap" in ok.output
    broken = tmp_path / "q.yaml"
    broken.write_text("id: x\nversion: one\ntitle: t\ndimensions: []\n")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 2
    assert f"error: {broken}:2: version:" in result.output
    schema = json.loads(run("schema").output)
    assert "dimensions" in schema["properties"]


def test_the_console_script_is_installed_and_versioned() -> None:
    exe = Path(sys.executable).with_name("stagegap")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("stagegap, version ")
