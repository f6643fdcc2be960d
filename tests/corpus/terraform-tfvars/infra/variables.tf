variable "project_id" {
  type        = string
  description = "GCP project that hosts this environment"
}

variable "region" {
  type    = string
  default = "europe-west1"
}

variable "environment" {
  type = string
}

variable "db_tier" {
  type        = string
  description = "Cloud SQL machine tier"
  default     = "db-custom-1-3840"
}

variable "db_availability_type" {
  type    = string
  default = "ZONAL"
}

variable "db_disk_size_gb" {
  type    = number
  default = 20
}

variable "api_min_replicas" {
  type    = number
  default = 1
}

variable "api_max_replicas" {
  type    = number
  default = 3
}

variable "redis_memory_size_gb" {
  type    = number
  default = 1
}

variable "carrier_api_base_url" {
  type        = string
  description = "Base URL of the courier's tracking API"
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "uptime_check_enabled" {
  type    = bool
  default = false
}
