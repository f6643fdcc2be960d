resource "aws_db_instance" "invoices" {
  identifier          = local.name
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = local.env.db_instance_class
  allocated_storage   = local.env.db_allocated_storage
  skip_final_snapshot = terraform.workspace != "production"
}
