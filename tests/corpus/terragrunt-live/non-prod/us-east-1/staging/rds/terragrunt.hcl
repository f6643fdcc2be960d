include "root" {
  path = find_in_parent_folders()
}

include "envcommon" {
  path   = "${dirname(find_in_parent_folders())}/_envcommon/rds.hcl"
  expose = true
}

# Staging tracks the newest module release.
terraform {
  source = "${include.envcommon.locals.base_source_url}?ref=v1.9.0"
}

inputs = {
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  multi_az                = false
  backup_retention_period = 1
  deletion_protection     = false
  performance_insights_enabled = false
}
