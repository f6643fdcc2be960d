locals {
  account_name   = "lantern-prod"
  aws_account_id = "222222222222"
}
