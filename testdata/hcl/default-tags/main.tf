# The provider's default_tags tag every function it creates, so LMB801 does not fire for the
# default provider; the aliased provider has none.
provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      team = "platform"
    }
  }
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_lambda_function" "tagged_by_provider" { # expect: LMB201, LMB402, LMB502, LMB505, LMB602, LMB606, LMB701, LMB702
  function_name = "tagged-by-provider"
  role          = "arn:aws:iam::111122223333:role/tagged"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"

  environment {
    variables = {
      STAGE = "prod"
    }
  }

  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "other_region" { # expect: LMB201, LMB502, LMB505, LMB602, LMB606, LMB701, LMB702, LMB801
  provider      = aws.us
  function_name = "other-region"
  role          = "arn:aws:iam::111122223333:role/other"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"

  tracing_config {
    mode = "Active"
  }
}
