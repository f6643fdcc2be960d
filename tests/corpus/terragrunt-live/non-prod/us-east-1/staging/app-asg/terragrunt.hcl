include "root" {
  path = find_in_parent_folders()
}

include "envcommon" {
  path   = "${dirname(find_in_parent_folders())}/_envcommon/app-asg.hcl"
  expose = true
}

terraform {
  source = "${include.envcommon.locals.base_source_url}?ref=v0.14.1"
}

inputs = {
  instance_type    = "t3.small"
  min_size         = 1
  max_size         = 2
  desired_capacity = 1
}
