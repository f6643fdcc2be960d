# Common RDS wiring. Each environment pins the module version and sizes the instance.
locals {
  env_vars = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  env      = local.env_vars.locals.environment
  base_source_url = "git::git@github.com:lantern-travel/infrastructure-modules.git//data-stores/rds"
}

dependency "vpc" {
  config_path = "${get_terragrunt_dir()}/../../vpc"
  mock_outputs = {
    vpc_id             = "vpc-mock"
    private_subnet_ids = ["subnet-mock-a", "subnet-mock-b"]
  }
}

inputs = {
  name              = "bookings-${local.env}"
  engine            = "postgres"
  engine_version    = "15.5"
  port              = 5432
  db_name           = "bookings"
  vpc_id            = dependency.vpc.outputs.vpc_id
  subnet_ids        = dependency.vpc.outputs.private_subnet_ids
  storage_encrypted = true
}
