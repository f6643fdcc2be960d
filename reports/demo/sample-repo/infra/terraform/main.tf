# One module for both environments; the tfvars files choose sizes and names.
module "network" {
  source = "./modules/network"
  # Both environments attach to the VPC created by the production stack.
  vpc_id = var.vpc_id
}

module "database" {
  source          = "./modules/postgres"
  instance_class  = var.db_instance_class
  engine_version  = var.db_engine_version
  # Staging gets its own logical database on the same server.
  server_endpoint = var.db_server_endpoint
}

module "cache" {
  source         = "./modules/redis"
  node_type      = var.cache_node_type
  engine_version = var.redis_version
}
