# LMB102 / LMB103 in a data.aws_iam_policy_document attached through an aws_iam_policy, and in a
# literal JSON string attached by role name.

data "aws_iam_policy_document" "documents" {
  statement {
    sid = "Table"
    actions = [
      "dynamodb:Query",
      "dynamodb:*", # expect: LMB102
    ]
    resources = ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]
  }

  statement {
    sid     = "Events"
    actions = ["events:PutEvents"]
    resources = [
      "arn:aws:events:eu-west-1:111122223333:event-bus/orders",
      "*", # expect: LMB103
    ]
  }

  statement {
    sid = "Network"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "Reads"
    actions   = ["ssm:GetParameter", "s3:ListAllMyBuckets", "ec2:Describe*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "documents" {
  name   = "iam-documents"
  policy = data.aws_iam_policy_document.documents.json
}

resource "aws_iam_role" "documents" {
  name               = "iam-documents"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy_attachment" "documents" {
  role       = aws_iam_role.documents.name
  policy_arn = aws_iam_policy.documents.arn
}

# Attached by the role's literal name; a JSON string has no inner locations, so the finding is at
# the attribute.
resource "aws_iam_role_policy" "documents_kms" {
  name   = "kms"
  role   = "iam-documents"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:GenerateDataKey\"], \"Resource\": \"*\"}]}" # expect: LMB103
}

resource "aws_lambda_function" "documents" {
  function_name                  = "iam-documents"
  role                           = aws_iam_role.documents.arn
  runtime                        = "python3.13"
  handler                        = "app.handler"
  filename                       = "build/iam-documents.zip"
  publish                        = true
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  reserved_concurrent_executions = 5

  environment {
    variables = {
      LOG_LEVEL = "info"
    }
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:iam-fixtures-dlq"
  }

  tags = {
    team = "platform"
  }
}

resource "aws_cloudwatch_log_group" "documents" {
  name              = "/aws/lambda/iam-documents"
  retention_in_days = 30
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_metric_alarm" "documents_errors" {
  alarm_name          = "iam-documents-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:iam-fixtures-alerts"]

  dimensions = {
    FunctionName = "iam-documents"
  }
}
