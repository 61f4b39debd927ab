variable "name" {}
variable "runtime" { default = "python3.12" }
variable "tracing_mode" { default = "Active" }
variable "stage" {}
variable "concurrency" { default = 10 }
variable "code_signing_config_arn" {}
variable "kms_key_arn" {}
variable "subnet_ids" {}
variable "security_group_ids" {}
variable "dlq_arn" {}

output "function_name" {
  value = aws_lambda_function.this.function_name
}

output "role_arn" {
  value = aws_iam_role.this.arn
}
