# One role for both functions, allowed to do anything.

resource "aws_iam_role" "lambda" {
  name = "orders-lambda"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      }
    ]
  })
}

resource "aws_iam_role_policy" "lambda" {
  name = "orders-lambda-everything"
  role = aws_iam_role.lambda.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "GetItDone"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "lambda_admin" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# The CI pipeline deploys with a long-lived IAM user that can create functions and pass any
# role to them.

resource "aws_iam_user" "ci_deployer" {
  name = "orders-ci-deployer"
}

resource "aws_iam_user_policy" "ci_deployer" {
  name = "deploy-lambda"
  user = aws_iam_user.ci_deployer.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Deploy"
        Effect = "Allow"
        Action = [
          "lambda:CreateFunction",
          "lambda:UpdateFunctionCode",
          "lambda:UpdateFunctionConfiguration",
          "iam:PassRole",
        ]
        Resource = "*"
      }
    ]
  })
}
