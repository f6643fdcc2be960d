include "root" {
  path = find_in_parent_folders()
}

include "envcommon" {
  path   = "${dirname(find_in_parent_folders())}/_envcommon/rds.hcl"
  expose = true
}

# Pinned: v1.9.0 changes the parameter group naming, rollout planned for Q1.
terraform {
  source = "${include.envcommon.locals.base_source_url}?ref=v1.7.2"
}

inputs = {
  instance_class          = "db.r6g.2xlarge"
  allocated_storage       = 1500
  multi_az                = true
  backup_retention_period = 30
  deletion_protection     = true
  performance_insights_enabled = true
}
