"""Secrets stay inside across the layering sources: a token in a module URL, a password in
terragrunt inputs, a token in a value file, a secret in an environment object file."""

from __future__ import annotations

from pathlib import Path

from layering_support import write

from stagegap.probe import output
from stagegap.probe.engine import run_probe

UNIT = (
    'terraform {\n  source = "git::https://oauth2:glpat-CANARYxxxxxxxxxxxx@gitlab.example/m.git'
    '?ref=v1.0.0"\n}\ninputs = {\n  db_password = "CANARY-hunter2-pass"\n}\n'
)


def test_no_secret_value_reaches_any_output(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "live/staging/app/terragrunt.hcl": UNIT,
            "live/prod/app/terragrunt.hcl": UNIT,
            "versions/production/deploy_token": "ghp_CANARY0123456789abcdefABCDEF01234567\n",
            "versions/staging/api": "1.2.0\n",
            "src/environments/environment.prod.ts": (
                "export const environment = { apiKey: 'sk_live_CANARY0123456789abcdef' };\n"
            ),
        },
    )
    result = run_probe(tmp_path)
    assert "CANARY" not in output.to_json(result)
    assert "CANARY" not in output.to_sarif(result)
    assert not [w for w in result.warnings if "CANARY" in w]
