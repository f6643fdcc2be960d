terraform {
  backend "s3" {
    bucket               = "acme-invoicing-terraform"
    key                  = "invoicing/terraform.tfstate"
    workspace_key_prefix = "env"
    region               = "eu-central-1"
  }
}

provider "aws" {
  region = "eu-central-1"
}
