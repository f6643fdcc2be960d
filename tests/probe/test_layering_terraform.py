"""Terraform's own layering: a configuration keyed by `terraform.workspace` is one configuration
per workspace (locals maps, `count` conditions), and module refs are versions."""

from __future__ import annotations

from pathlib import Path

from layering_support import read_facts, values, write

from stagegap.probe.facts import Attribute, Kind

LOCALS = """
locals {
  sizes = {
    staging    = { desired_count = 1, instance_class = "db.t4g.micro" }
    production = { desired_count = 4, instance_class = "db.m6g.large" }
  }
  env  = local.sizes[terraform.workspace]
  name = "billing-${terraform.workspace}"
}
variable "region" {
  default = "eu-west-1"
}
"""
MAIN = """
resource "aws_ecs_service" "api" {
  name          = local.name
  desired_count = local.env.desired_count
  region        = var.region
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  count      = terraform.workspace == "production" ? 1 : 0
  alarm_name = "${local.name}-5xx"
}
module "db" {
  source         = "git::https://example.com/modules.git//rds?ref=v2.1.0"
  instance_class = local.env.instance_class
}
"""


def test_each_workspace_is_its_own_configuration(tmp_path: Path) -> None:
    write(tmp_path, {"infra/locals.tf": LOCALS, "infra/main.tf": MAIN})
    facts, warnings = read_facts(tmp_path)
    assert warnings == []
    staging = values(facts, source="terraform", env="staging", kind=Kind.SETTING)
    production = values(facts, source="terraform", env="production", kind=Kind.SETTING)
    assert staging["aws_ecs_service.api.desired_count"] == "1"
    assert production["aws_ecs_service.api.desired_count"] == "4"
    assert staging["aws_ecs_service.api.name"] == "billing-staging"
    assert staging["aws_ecs_service.api.region"] == "eu-west-1"  # a variable's default
    assert production["module.db.instance_class"] == "db.m6g.large"
    # the alarm exists in production only (count is 0 in staging)
    assert "aws_cloudwatch_metric_alarm.errors.alarm_name" in production
    assert not [k for k in staging if k.startswith("aws_cloudwatch_metric_alarm")]
    # nothing left as a shared base that would fill in for either workspace
    assert not [f for f in facts if f.source == "terraform" and f.env == "shared"]
    layer = next(f for f in facts if f.env == "staging").attribute(Attribute.LAYER)
    assert layer == "workspace:staging"


def test_module_refs_are_versions(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "envs/staging/main.tf": MAIN.replace("v2.1.0", "v2.2.0").replace("terraform.", "x."),
            "envs/production/main.tf": MAIN.replace("terraform.", "x."),
        },
    )
    facts, _ = read_facts(tmp_path)
    refs = {(f.env, f.value.shown) for f in facts if f.kind == Kind.VERSION}
    assert refs == {("staging", "v2.2.0"), ("production", "v2.1.0")}


def test_without_workspaces_a_module_is_read_as_before(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n'})
    facts, _ = read_facts(tmp_path)
    assert values(facts, source="terraform", env="shared") == {"aws_s3_bucket.b.bucket": "logs"}
