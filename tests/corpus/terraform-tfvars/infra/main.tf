resource "google_sql_database_instance" "tracker" {
  name             = "tracker-${var.environment}"
  database_version = "POSTGRES_15"
  region           = var.region

  settings {
    tier              = var.db_tier
    availability_type = var.db_availability_type
    disk_size         = var.db_disk_size_gb
    backup_configuration {
      enabled = true
    }
  }
  deletion_protection = var.environment == "production"
}

resource "google_redis_instance" "cache" {
  name           = "tracker-cache-${var.environment}"
  memory_size_gb = var.redis_memory_size_gb
  region         = var.region
}

module "api" {
  source = "./modules/gke-app"

  name         = "tracker-api"
  environment  = var.environment
  min_replicas = var.api_min_replicas
  max_replicas = var.api_max_replicas
  env = {
    CARRIER_API_BASE_URL = var.carrier_api_base_url
    DATABASE_HOST        = google_sql_database_instance.tracker.private_ip_address
    REDIS_HOST           = google_redis_instance.cache.host
  }
}

resource "google_logging_project_bucket_config" "default" {
  project        = var.project_id
  location       = "global"
  bucket_id      = "_Default"
  retention_days = var.log_retention_days
}

resource "google_monitoring_uptime_check_config" "api" {
  count        = var.uptime_check_enabled ? 1 : 0
  display_name = "tracker-api ${var.environment}"
  timeout      = "10s"
  http_check {
    path = "/healthz"
    port = 443
    use_ssl = true
  }
  monitored_resource {
    type = "uptime_url"
    labels = {
      project_id = var.project_id
      host       = "api.${var.environment}.parceltrack.example"
    }
  }
}
