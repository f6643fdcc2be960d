locals {
  account_name   = "lantern-non-prod"
  aws_account_id = "111111111111"
}
