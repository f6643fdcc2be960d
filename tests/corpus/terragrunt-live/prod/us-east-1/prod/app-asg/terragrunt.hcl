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
  instance_type    = "c6i.xlarge"
  min_size         = 4
  max_size         = 12
  desired_capacity = 6
}
