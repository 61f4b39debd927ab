variable "runtime" {
  type    = string
  default = "python3.8"
}

variable "tracing" {
  type    = string
  default = "Active"
}

variable "stage" {
  type = string # no default: set in terraform.tfvars
}

variable "kms_key_arn" {
  type = string # no default and no value anywhere: unknown
}
