variable "vpc_id" { type = string }
variable "db_instance_class" { type = string }
variable "db_engine_version" { type = string }
variable "db_server_endpoint" { type = string }
variable "cache_node_type" { type = string }
variable "redis_version" { type = string }
