# Production only: AWS WAF in front of the booking API ALB, with a per-IP rate limit.
include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "git::git@github.com:lantern-travel/infrastructure-modules.git//networking/waf?ref=v0.3.4"
}

inputs = {
  name            = "booking-api-prod"
  rate_limit      = 2000
  managed_rule_groups = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]
}
