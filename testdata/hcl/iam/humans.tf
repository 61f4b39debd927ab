# LMB106: people who can deploy Lambda code. Not tied to a function.

resource "aws_iam_user" "deployer" {
  name = "iam-deployer"
}

resource "aws_iam_user_policy" "deployer" {
  name = "lambda-deploy"
  user = aws_iam_user.deployer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = [
          "lambda:GetFunction",
          "lambda:UpdateFunctionCode", # expect: LMB106
        ]
        Resource = "arn:aws:lambda:eu-west-1:111122223333:function:iam-*"
      },
    ]
  })
}

resource "aws_iam_group" "developers" {
  name = "iam-developers"
}

data "aws_iam_policy_document" "developers" {
  statement {
    actions   = ["lambda:*"] # expect: LMB106
    resources = ["arn:aws:lambda:eu-west-1:111122223333:function:iam-*"]
  }
}

resource "aws_iam_policy" "developers" {
  name   = "iam-developers-lambda"
  policy = data.aws_iam_policy_document.developers.json
}

resource "aws_iam_group_policy_attachment" "developers" {
  group      = aws_iam_group.developers.name
  policy_arn = aws_iam_policy.developers.arn
}

# Read-only access for people is fine.
resource "aws_iam_group" "readers" {
  name = "iam-readers"
}

resource "aws_iam_group_policy" "readers" {
  name  = "lambda-read"
  group = aws_iam_group.readers.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:Get*", "lambda:List*", "logs:FilterLogEvents"]
        Resource = "*"
      },
    ]
  })
}
