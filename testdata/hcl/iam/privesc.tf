# LMB107: one policy allows iam:PassRole on every role and lambda:CreateFunction. The CI role is
# not a function's role, so only LMB107 applies to it.

data "aws_iam_policy_document" "ci_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }

    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/orders:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "iam-ci"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

resource "aws_iam_policy" "ci_deploy" {
  name = "iam-ci-deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:PublishVersion"]
        Resource = "arn:aws:lambda:eu-west-1:111122223333:function:iam-*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole" # expect: LMB107
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "ci_deploy" {
  role       = aws_iam_role.ci.name
  policy_arn = aws_iam_policy.ci_deploy.arn
}

# The same permissions with PassRole scoped to the execution roles: no finding.
resource "aws_iam_policy" "ci_deploy_scoped" {
  name = "iam-ci-deploy-scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:CreateFunction", "lambda:UpdateFunctionCode"]
        Resource = "arn:aws:lambda:eu-west-1:111122223333:function:iam-*"
      },
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::111122223333:role/iam-*"
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      },
    ]
  })
}
