variable "name" { type = string }
variable "environment" { type = string }
variable "min_replicas" { type = number }
variable "max_replicas" { type = number }
variable "env" { type = map(string) }

# Workload identity, the Kubernetes deployment and its HPA are created by the chart in the app
# repo; this module only reserves the service account and publishes the settings as a config map.
resource "google_service_account" "app" {
  account_id   = "${var.name}-${var.environment}"
  display_name = "${var.name} (${var.environment})"
}

output "settings" {
  value = {
    min_replicas = var.min_replicas
    max_replicas = var.max_replicas
    env          = var.env
  }
}
