# Paging alarms exist only in production; staging errors are looked at in the morning.
resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  count               = terraform.workspace == "production" ? 1 : 0
  alarm_name          = "${local.name}-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-central-1:123456789012:pagerduty-invoicing"]
}

resource "aws_cloudwatch_event_rule" "dunning" {
  count               = terraform.workspace == "production" ? 1 : 0
  name                = "${local.name}-dunning-run"
  schedule_expression = "cron(0 6 * * ? *)"
}
