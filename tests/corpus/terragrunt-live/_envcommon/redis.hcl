locals {
  env_vars = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  env      = local.env_vars.locals.environment
  base_source_url = "git::git@github.com:lantern-travel/infrastructure-modules.git//data-stores/redis"
}

inputs = {
  name           = "sessions-${local.env}"
  engine_version = "7.1"
}
