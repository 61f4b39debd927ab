# Values set through variables, tfvars and locals are judged by their value.

locals {
  name    = "orders-${var.stage}"
  is_prod = var.stage == "prod"
  tags = {
    team  = "payments"
    stage = var.stage
  }
  concurrency = local.is_prod ? 100 : -1
}

resource "aws_lambda_function" "from_variables" { # expect: LMB201, LMB502, LMB505, LMB602, LMB606, LMB702
  function_name                  = local.name
  role                           = aws_iam_role.fn.arn
  runtime                        = var.runtime # expect: LMB601
  handler                        = "app.handler"
  filename                       = "app.zip"
  reserved_concurrent_executions = local.concurrency
  kms_key_arn                    = var.kms_key_arn

  environment {
    variables = {
      STAGE       = var.stage
      DB_PASSWORD = format("%s-%s", "hunter2", var.stage) # expect: LMB401
    }
  }

  tracing_config {
    mode = var.tracing # expect: LMB501
  }

  tags = merge(local.tags, { service = "orders" })
}

resource "aws_iam_role" "fn" {
  name = "${local.name}-role"
}
