include "root" {
  path = find_in_parent_folders()
}

include "envcommon" {
  path   = "${dirname(find_in_parent_folders())}/_envcommon/redis.hcl"
  expose = true
}

terraform {
  source = "${include.envcommon.locals.base_source_url}?ref=v0.6.0"
}

inputs = {
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
