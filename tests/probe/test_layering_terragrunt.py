"""Terragrunt's own layering: a unit's effective inputs are the root's, then the _envcommon
layer's, then its own; account ids come through read_terragrunt_config; the module ref pins a
version per environment; a unit in one environment only is a resource of that one only."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, values, write

from stagegap.probe.engine import run_probe
from stagegap.probe.facts import Attribute, Kind

ROOT = """
locals {
  account_vars = read_terragrunt_config(find_in_parent_folders("account.hcl"))
  env_vars     = read_terragrunt_config(find_in_parent_folders("env.hcl"))
}
inputs = merge(local.account_vars.locals, local.env_vars.locals)
"""
ENVCOMMON = """
locals {
  env_vars = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  env      = local.env_vars.locals.environment
  base_source_url = "git::git@example.com:acme/modules.git//data-stores/rds"
}
dependency "vpc" {
  config_path = "../vpc"
}
inputs = {
  name           = "orders-${local.env}"
  engine_version = "15.5"
  instance_class = "db.t3.micro"
  vpc_id         = dependency.vpc.outputs.vpc_id
}
"""


def unit(ref: str, inputs: str) -> str:
    return f"""
include "root" {{
  path = find_in_parent_folders()
}}
include "envcommon" {{
  path   = "${{dirname(find_in_parent_folders())}}/_envcommon/rds.hcl"
  expose = true
}}
terraform {{
  source = "${{include.envcommon.locals.base_source_url}}?ref={ref}"
}}
inputs = {{
{inputs}
}}
"""


def repo(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        {
            "terragrunt.hcl": ROOT,
            "_envcommon/rds.hcl": ENVCOMMON,
            "non-prod/account.hcl": 'locals {\n  aws_account_id = "111111111111"\n}\n',
            "non-prod/eu-west-1/staging/env.hcl": 'locals {\n  environment = "staging"\n}\n',
            "non-prod/eu-west-1/staging/rds/terragrunt.hcl": unit(
                "v1.9.0", '  instance_class = "db.t3.medium"\n  multi_az = false'
            ),
            "prod/account.hcl": 'locals {\n  aws_account_id = "222222222222"\n}\n',
            "prod/eu-west-1/prod/env.hcl": 'locals {\n  environment = "prod"\n}\n',
            "prod/eu-west-1/prod/rds/terragrunt.hcl": unit(
                "v1.7.2", '  instance_class = "db.r6g.2xlarge"\n  multi_az = true'
            ),
            "prod/eu-west-1/prod/waf/terragrunt.hcl": (
                'include "root" {\n  path = find_in_parent_folders()\n}\n'
                'terraform {\n  source = "git::git@example.com:acme/waf.git?ref=v0.3.4"\n}\n'
                "inputs = {\n  rate_limit = 2000\n}\n"
            ),
        },
    )


def test_inputs_merge_root_then_envcommon_then_unit(tmp_path: Path) -> None:
    facts, warnings = read_facts(repo(tmp_path))
    assert warnings == []
    staging = values(facts, source="terragrunt", env="staging", service="rds", kind=Kind.SETTING)
    production = values(
        facts, source="terragrunt", env="production", service="rds", kind=Kind.SETTING
    )
    # the unit's own value wins over _envcommon's
    assert staging["inputs.instance_class"] == "db.t3.medium"
    assert production["inputs.instance_class"] == "db.r6g.2xlarge"
    assert staging["inputs.multi_az"] == "false" and production["inputs.multi_az"] == "true"
    # _envcommon's inputs, with its locals read from the unit's env.hcl
    assert staging["inputs.name"] == "orders-staging"
    assert production["inputs.name"] == "orders-prod"
    assert staging["inputs.engine_version"] == production["inputs.engine_version"] == "15.5"
    # the root's merge of account.hcl and env.hcl, found from the unit's folder
    assert staging["inputs.aws_account_id"] == "111111111111"
    assert production["inputs.aws_account_id"] == "222222222222"


def test_each_value_names_the_file_and_layer_that_set_it(tmp_path: Path) -> None:
    facts, _ = read_facts(repo(tmp_path))
    by_key = {
        f.key: f
        for f in facts
        if f.source == "terragrunt" and f.env == "staging" and f.service == "rds"
    }
    assert by_key["inputs.instance_class"].attribute(Attribute.LAYER) == "unit"
    assert by_key["inputs.instance_class"].where.path.endswith("staging/rds/terragrunt.hcl")
    assert by_key["inputs.name"].attribute(Attribute.LAYER) == "envcommon"
    assert by_key["inputs.name"].where.path == "_envcommon/rds.hcl"
    assert by_key["inputs.aws_account_id"].attribute(Attribute.LAYER) == "root"
    # a dependency's output is not in the files: a reference to it, never a guess
    assert by_key["inputs.vpc_id"].value.reference
    assert "dependency.vpc.outputs.vpc_id" in by_key["inputs.vpc_id"].value.shown


def test_module_refs_are_versions_per_environment_and_units_are_resources(
    tmp_path: Path,
) -> None:
    facts, _ = read_facts(repo(tmp_path))
    refs = {
        (f.env, f.service): f.value.shown
        for f in facts
        if f.kind == Kind.VERSION and f.source == "terragrunt"
    }
    assert refs == {
        ("staging", "rds"): "v1.9.0",
        ("production", "rds"): "v1.7.2",
        ("production", "waf"): "v0.3.4",
    }
    units = {(f.env, f.key) for f in facts if f.kind == Kind.RESOURCE and f.source == "terragrunt"}
    assert units == {
        ("staging", "terragrunt/rds"),
        ("production", "terragrunt/rds"),
        ("production", "terragrunt/waf"),
    }


def test_a_terragrunt_live_repository_is_compared_and_sized(tmp_path: Path) -> None:
    result = run_probe(repo(tmp_path))
    assert result.environments["compared"]["staging"] == "staging"
    summaries = " ".join(f.summary for f in result.findings)
    assert "db.t3.medium" in summaries and "db.r6g.2xlarge" in summaries
    # two accounts, read from account.hcl through the root's locals: nothing shared (the
    # generic differ notes the separate accounts at info, as a difference by design)
    about_accounts = [f for f in result.findings if "account" in f.summary.lower()]
    assert about_accounts and all(f.severity == "info" for f in about_accounts)
    assert all("by-design" in f.id or "other-difference" in f.id for f in about_accounts)


def test_a_broken_include_or_invalid_file_is_one_warning_without_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "live/staging/app/terragrunt.hcl": (
                'include "root" {\n  path = find_in_parent_folders()\n}\n'
                'inputs = {\n  size = "small"\n}\n'
            ),
            "live/prod/app/terragrunt.hcl": 'inputs = {\n  size = "SECRETVALUE\n',
        },
    )
    facts, warnings = read_facts(tmp_path)
    staging = values(facts, source="terragrunt", env="staging", service="app", kind=Kind.SETTING)
    assert staging == {"inputs.size": "small"}  # no root to include: its own inputs only
    assert len(warnings) == 1
    assert (
        warnings[0].startswith("live/prod/app/terragrunt.hcl") and "SECRETVALUE" not in warnings[0]
    )
