"""Variables Terraform hands a process (a Lambda's environment block, App Service settings) are
configuration like a .env file's: code that reads them finds them set."""

from __future__ import annotations

from pathlib import Path

from stagegap.probe.engine import run_probe


def test_a_lambda_environment_sets_what_its_code_reads(tmp_path: Path) -> None:
    files = {
        "k8s/overlays/staging/kustomization.yaml": "namespace: app-staging\n",
        "k8s/overlays/production/kustomization.yaml": "namespace: app-production\n",
        "terraform/modules/forwarder/main.tf": (
            'resource "aws_lambda_function" "forwarder" {\n'
            '  function_name = "forwarder"\n'
            "  environment {\n"
            "    variables = {\n"
            "      SSM_WEBHOOK_PARAM = local.ssm_param\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        "terraform/modules/forwarder/lambda/forwarder.py": (
            "import os\nPARAM = os.environ['SSM_WEBHOOK_PARAM']\nOTHER = os.environ['UNSET_ONE']\n"
        ),
    }
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = run_probe(tmp_path)
    unset = [f.id for f in result.findings if "required-unset" in f.id]
    assert unset == ["env-vars/required-unset/-/UNSET_ONE"]
    row = next(r for r in result.env_vars if r.name == "SSM_WEBHOOK_PARAM")
    assert row.cells["shared"].sources[0].line == 5
