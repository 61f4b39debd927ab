# Evaluation fixtures: dynamic blocks, partial unknowns and modules that read each other's
# outputs, judged as Terraform plans them. A `# expect: ID[, ID]` comment at the end of a line
# says which findings point at that line; findings in modules/ are listed in tests/evaluation.rs.

locals {
  code_signing_config = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  dead_letter_queue   = "arn:aws:sqs:eu-west-1:111122223333:lambda-dead-letters"
  private_subnets     = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
  logs_key            = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  oncall_topic        = "arn:aws:sns:eu-west-1:111122223333:oncall"
  tags                = { team = "platform", service = "fixtures" }

  # One hardened function and one that leaves every dynamic block out.
  functions = {
    hardened = { tracing = "Active", subnets = local.private_subnets, dlq = local.dead_letter_queue }
    bare     = { tracing = null, subnets = [], dlq = null }
  }
}

# Each instance reads the API's execution ARN, and the API reads one instance's ARN: the two
# modules refer to each other, which Terraform accepts (no value depends on itself).
module "fn" {
  source   = "./modules/fn"
  for_each = local.functions

  name                   = each.key
  tracing_mode           = each.value.tracing
  subnet_ids             = each.value.subnets
  dead_letter_target_arn = each.value.dlq
  environment            = each.key == "bare" ? { DB_PASSWORD = "hunter2-correct-horse-battery" } : {}
  source_arn             = "${module.api.execution_arn}/*/*"
  code_signing_config    = local.code_signing_config
  logs_key               = local.logs_key
  oncall_topic           = local.oncall_topic
  tags                   = local.tags
}

module "api" {
  source     = "./modules/api"
  lambda_arn = module.fn["hardened"].invoke_arn
}

# A for_each map whose keys are known and one of whose values is not: one instance per key.
resource "aws_sns_topic" "events" {
  name = "fixture-events"
}

resource "aws_lambda_permission" "from" {
  for_each = {
    SNS    = { principal = "sns.amazonaws.com", source_arn = aws_sns_topic.events.arn }
    Events = { principal = "events.amazonaws.com", source_arn = null }
  }

  statement_id  = "AllowFrom${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = module.fn["hardened"].function_name
  principal     = each.value.principal
  source_arn    = each.value.source_arn
}

# A function whose layer list has an unknown element and an untrusted literal one, one subnet
# whose ID is unknown, and a role whose policy mixes static and dynamic statements.
resource "aws_lambda_layer_version" "own" {
  layer_name = "fixture-own"
  filename   = "build/layer.zip"
}

resource "aws_subnet" "only" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = cidrsubnet("10.20.0.0/16", 8, 1)
}

locals {
  layers = [aws_lambda_layer_version.own.arn]
}

variable "extra_statements" {
  default = {
    admin = { actions = ["*"], resources = ["*"] }
    read  = { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::fixture-data/*"] }
  }
}

data "aws_iam_policy_document" "worker" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/fixture-worker:*"]
  }

  dynamic "statement" {
    for_each = var.extra_statements
    iterator = extra

    content {
      sid       = extra.key
      actions   = extra.value.actions   # expect: LMB102, LMB107
      resources = extra.value.resources
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "fixture-worker"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_lambda_function" "worker" {
  function_name                  = "fixture-worker"
  role                           = aws_iam_role.worker.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/worker.zip"
  publish                        = true
  code_signing_config_arn        = local.code_signing_config
  reserved_concurrent_executions = 10
  layers                         = concat(local.layers, ["arn:aws:lambda:eu-west-1:999988887777:layer:shared:4"]) # expect: LMB604

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = [aws_subnet.only.id] # expect: LMB202
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  dead_letter_config {
    target_arn = local.dead_letter_queue
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/fixture-worker"
  retention_in_days = 90
  kms_key_id        = local.logs_key
}

resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name          = "fixture-worker-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [local.oncall_topic]
  dimensions          = { FunctionName = aws_lambda_function.worker.function_name }
}
