resource "aws_ssm_parameter" "token" {
  name  = "/refs/api-token"
  type  = "SecureString"
  value = "placeholder"
}

output "token_parameter" {
  value = aws_ssm_parameter.token.name
}
