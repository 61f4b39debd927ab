variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "bucket_prefix" {
  description = "Prefix of the S3 bucket names."
  type        = string
  default     = "acme-orders"
}

variable "cognito_user_pool_id" {
  description = "Cognito user pool that issues the API's JWTs."
  type        = string
  default     = "us-east-1_EXAMPLE12"
}

variable "cognito_client_id" {
  description = "App client ID the JWTs must be issued for."
  type        = string
  default     = "1example23456789abcdefghij"
}

variable "db_rotation_lambda_arn" {
  description = "Rotation function of the database secret (deployed by the database stack)."
  type        = string
  default     = "arn:aws:lambda:us-east-1:123456789012:function:orders-db-rotation"
}

variable "alert_email" {
  description = "Where alarms are sent."
  type        = string
  default     = "orders-oncall@example.com"
}
