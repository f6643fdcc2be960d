project_id  = "parceltrack-platform-4417"
environment = "production"

db_tier              = "db-custom-8-32768"
db_availability_type = "REGIONAL"
db_disk_size_gb      = 800

api_min_replicas = 4
api_max_replicas = 20

redis_memory_size_gb = 5

carrier_api_base_url = "https://api.swiftcourier.example/v2"

log_retention_days   = 90
uptime_check_enabled = true
