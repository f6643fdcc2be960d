resource "aws_ecs_task_definition" "api" {
  family                   = local.name
  cpu                      = local.env.task_cpu
  memory                   = local.env.task_memory
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"

  container_definitions = jsonencode([{
    name  = "api"
    image = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/invoicing:latest"
    environment = [
      { name = "APP_ENV", value = terraform.workspace },
      { name = "PDF_RENDERER_URL", value = local.env.pdf_renderer_url },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group  = aws_cloudwatch_log_group.api.name
        awslogs-region = "eu-central-1"
      }
    }
  }])
}

resource "aws_ecs_service" "api" {
  name            = local.name
  cluster         = "invoicing"
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = local.env.desired_count
  launch_type     = "FARGATE"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/ecs/${local.name}"
  retention_in_days = local.env.log_retention_days
}
