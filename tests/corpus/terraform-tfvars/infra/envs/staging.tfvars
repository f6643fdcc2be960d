# Staging shares the platform team's GCP project with production (cost decision, 2025-03).
project_id  = "parceltrack-platform-4417"
environment = "staging"

db_tier              = "db-custom-1-3840"
db_availability_type = "ZONAL"
db_disk_size_gb      = 20

api_min_replicas = 1
api_max_replicas = 2

redis_memory_size_gb = 1

# The courier's sandbox: returns canned tracking events.
carrier_api_base_url = "https://sandbox.api.swiftcourier.example/v2"

log_retention_days   = 7
uptime_check_enabled = false
