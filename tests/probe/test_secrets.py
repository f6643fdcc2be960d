"""Secret values never leave the probe: not in JSON, SARIF, the Rich summary or a workspace."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from probe_support import CANARY, REPOS, probed
from rich.console import Console

from stagegap.probe import output
from stagegap.probe.secrets import Redactor, looks_random
from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.cli_probe import probe_command

FIXTURES = sorted(p.name for p in REPOS.iterdir() if p.is_dir())


@pytest.mark.parametrize("repo", FIXTURES)
def test_no_canary_in_json_sarif_or_rich(repo: str) -> None:
    result = probed(repo)
    assert CANARY not in output.to_json(result)
    assert CANARY not in output.to_sarif(result)
    buffer = io.StringIO()
    output.render(result, Console(file=buffer, width=200), details=True)
    assert CANARY not in buffer.getvalue()
    assert CANARY not in repr(result.findings) + repr(result.answers) + repr(result.env_vars)
    assert CANARY not in "\n".join(result.warnings)


@pytest.mark.parametrize("repo", FIXTURES)
def test_no_canary_in_the_workspace(repo: str, tmp_path: Path) -> None:
    Workspace.create(tmp_path / "audit", "Canary Inc")
    sarif = tmp_path / "out.sarif"
    run = CliRunner().invoke(
        probe_command,
        [str(REPOS / repo), "--workspace", str(tmp_path / "audit"), "--sarif", str(sarif)],
    )
    assert run.exit_code == 0, run.output
    assert CANARY not in run.output
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "probe-record.yaml" for p in written)
    for path in written:
        assert CANARY not in path.read_text(encoding="utf-8", errors="replace"), path


def test_redactor_shows_only_what_cannot_be_secret() -> None:
    r = Redactor(salt=b"fixed")
    assert r.observe("REPLICAS", "3").shown == "3"
    assert r.observe("LOG_LEVEL", "debug").shown == "debug"
    url = r.observe("DATABASE_URL", "postgres://app:CANARY-pw-1@db.internal:5432/app?ssl=1")
    assert url.shown == "postgres://db.internal:5432/…" and url.secret and url.host == "db.internal"
    key = r.observe("STRIPE_KEY", "sk_live_CANARYabc123")
    assert key.kind == "Stripe live secret key" and key.mode == "live" and "CANARY" not in key.shown
    assert r.observe("DB_PASSWORD", "hunter2hunter2").secret
    assert r.observe("API_TOKEN", "12345678").secret  # a number under a secret name stays hidden
    assert r.observe("ANYTHING", "a8f3KdLq02ZmX9vBn4Rt7YwE").secret  # looks random
    assert not r.observe("ROLE_ARN", "arn:aws:iam::123456789012:role/deploy").secret
    assert r.observe("PAYPAL_MODE", "sandbox").mode == "sandbox"
    assert r.observe("SECRET_KEY_FILE", "/run/secrets/key").shown == "/run/secrets/key"


def test_fingerprints_are_salted_per_run() -> None:
    a, b = Redactor(), Redactor()
    assert a.fingerprint("same") == a.fingerprint("same")
    assert a.fingerprint("same") != b.fingerprint("same")


def test_scrub_is_the_last_line_of_defence() -> None:
    r = Redactor()
    r.observe("DB_PASSWORD", "CANARY-PASSWORD-XYZ")
    assert "CANARY" not in r.scrub("oops: CANARY-PASSWORD-XYZ leaked")


@pytest.mark.parametrize(
    "expression",
    ["${aws_vpc.main.id}", "${module.vpc.vpc_id}", "${aws_subnet.private[0].id}", "${var.x}"],
)
def test_terraform_references_name_a_value_and_hold_none(expression: str) -> None:
    """python-hcl2 gives `vpc_id = aws_vpc.main.id` as "${aws_vpc.main.id}": a pointer to
    another resource, which two environments can share without sharing what it points at."""
    observed = Redactor().observe("vpc_id", expression)
    assert observed.reference and not observed.secret


@pytest.mark.parametrize(
    ("text", "random"),
    [
        ("search-api-v2-beta-features", False),  # a feature flag's name
        ("govuk_chat_published_documents_production_queue", False),  # a queue
        ("550e8400-e29b-41d4-a716-446655440000", True),  # a UUID
        ("ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", True),  # a GitHub token
        ("AbCdEfGhIjKl-MnOpQrStUvWx-YzAbCdEfGh", True),  # random letters, whatever joins them
        ("d41d8cd98f00b204e9800998ecf8427e", True),  # a hash
    ],
)
def test_names_people_wrote_are_not_random(text: str, random: bool) -> None:
    assert looks_random(text) is random
