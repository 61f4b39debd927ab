variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "VPC of the worker's security group."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "bucket_prefix" {
  description = "Prefix of the S3 bucket names."
  type        = string
  default     = "acme-orders"
}
