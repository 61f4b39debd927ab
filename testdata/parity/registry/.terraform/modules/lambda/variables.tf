variable "create" {
  type    = bool
  default = true
}

variable "function_name" {
  type = string
}

variable "handler" {
  type    = string
  default = ""
}

variable "runtime" {
  type    = string
  default = ""
}

variable "tracing_mode" {
  type    = string
  default = null
}

variable "vpc_subnet_ids" {
  type    = list(string)
  default = null
}

variable "vpc_security_group_ids" {
  type    = list(string)
  default = null
}

variable "dead_letter_target_arn" {
  type    = string
  default = null
}

variable "environment_variables" {
  type    = map(string)
  default = {}
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "reserved_concurrent_executions" {
  type    = number
  default = -1
}

variable "tags" {
  type    = map(string)
  default = {}
}
