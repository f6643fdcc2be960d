# The booking API runs on an auto scaling group behind an ALB.
locals {
  env_vars = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  env      = local.env_vars.locals.environment
  base_source_url = "git::git@github.com:lantern-travel/infrastructure-modules.git//services/asg-service"
}

inputs = {
  name              = "booking-api-${local.env}"
  ami_name_filter   = "booking-api-*"
  health_check_path = "/healthz"
  server_port       = 8080
}
