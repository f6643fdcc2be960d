locals {
  settings = {
    staging = {
      task_cpu            = 256
      task_memory         = 512
      desired_count       = 1
      db_instance_class   = "db.t4g.micro"
      db_allocated_storage = 20
      log_retention_days  = 7
      pdf_renderer_url    = "https://pdf-sandbox.docraptor.example"
    }
    production = {
      task_cpu            = 1024
      task_memory         = 2048
      desired_count       = 4
      db_instance_class   = "db.m6g.large"
      db_allocated_storage = 400
      log_retention_days  = 365
      pdf_renderer_url    = "https://api.docraptor.example"
    }
  }

  env = local.settings[terraform.workspace]
  name = "invoicing-${terraform.workspace}"
}
