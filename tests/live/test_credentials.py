"""Credentials given to the live readers never leave them: a planted database password and
Prometheus password appear in no output (summary, --json, --sarif, the workspace's files),
even when a connection fails; a password written on the command line is refused."""

from __future__ import annotations

from pathlib import Path

import servers
from click.testing import CliRunner

from stagegap.questionnaires.workspace import Workspace
from stagegap.tui.cli_probe import probe_command

REPO = Path(__file__).resolve().parents[1] / "fixtures" / "repos" / "kustomize-gha"
PLANTED = (servers.DB_PASSWORD, servers.PROM_PASSWORD)


def test_no_planted_credential_in_any_output(
    tmp_path: Path,
    postgres: servers.Postgres,
    prometheus_pair: dict[str, servers.Prometheus],
) -> None:
    Workspace.create(tmp_path / "audit", "Acme")
    dead = f"postgresql://{servers.DB_USER}:{servers.DB_PASSWORD}@127.0.0.1:1/nowhere"
    environ = {
        "STG_DB": postgres.url("staging"),
        "PRD_DB": postgres.url("production"),
        "STG_PROM": prometheus_pair["staging"].url_with_credentials(),
        "PRD_PROM": prometheus_pair["production"].url_with_credentials()
        + f"?access_token={servers.PROM_PASSWORD}",
        "DEAD_DB": dead,
    }
    live = [
        "--db",
        "staging=env:STG_DB",
        "--db",
        "production=env:PRD_DB",
        "--prom",
        "staging=env:STG_PROM",
        "--prom",
        "production=env:PRD_PROM",
        "--prom-window",
        "2h",
    ]
    runner = CliRunner()
    outputs = []
    for extra in (
        [
            "--json",
            "--sarif",
            str(tmp_path / "probe.sarif"),
            "--workspace",
            str(tmp_path / "audit"),
        ],
        ["--details"],
    ):
        run = runner.invoke(probe_command, [str(REPO), *live, *extra], env=environ)
        assert run.exit_code == 0, run.output
        outputs.append(run.output)
    # A failing connection's line is scrubbed too.
    failing = ["--db", "staging=env:DEAD_DB", "--db", "production=env:PRD_DB", "--details"]
    run = runner.invoke(probe_command, [str(REPO), *failing], env=environ)
    assert run.exit_code == 0
    assert "postgres:staging@127.0.0.1:1/nowhere: cannot read" in run.output
    outputs.append(run.output)

    assert (
        '"traffic.request-ratio"' in outputs[0]
        and "postgres:production/public.orders" in (outputs[0])
    )
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sarif" for p in files) and len(files) > 2
    for text in [*outputs, *(p.read_bytes().decode("utf-8", "replace") for p in files)]:
        for secret in PLANTED:
            assert secret not in text


def test_a_password_on_the_command_line_is_refused() -> None:
    url = f"postgresql://{servers.DB_USER}:{servers.DB_PASSWORD}@db.internal/app"
    run = CliRunner().invoke(probe_command, [str(REPO), "--db", f"staging={url}"])
    assert run.exit_code == 2
    assert "--db staging=env:VARIABLE" in run.output
    assert servers.DB_PASSWORD not in run.output


def test_a_variable_that_is_not_set_is_named() -> None:
    run = CliRunner().invoke(
        probe_command, [str(REPO), "--prom", "production=env:NO_SUCH_VAR"], env={}
    )
    assert run.exit_code == 2
    assert "env:NO_SUCH_VAR: the variable is not set or empty" in run.output
