# Two resources that refer to each other: Terraform rejects the cycle; tfwarden reports it and
# evaluates both with their references to each other unknown.
resource "aws_iam_role" "a" {
  name        = "a"
  description = aws_iam_role.b.name
}

resource "aws_iam_role" "b" {
  name        = "b"
  description = aws_iam_role.a.name
}

module "missing" {
  source = "./does-not-exist"
}

module "looping" {
  source = "../loop"
}

locals {
  # 10,000 elements: evaluated, not a hang.
  many = [for i in range(10000) : "item-${i}"]
  # A function called with the wrong arguments: unknown, not a crash.
  wrong = upper(1, 2)
}

variable "names" {}

resource "aws_lambda_function" "each_unknown" { # expect: LMB201, LMB602, LMB701, LMB702, LMB801
  for_each      = var.names
  function_name = each.key
  runtime       = "python3.7" # expect: LMB601
  tracing_config {
    mode = local.wrong
  }
  description = "count: ${length(local.many)}"
}
