variable "default_runtime" {}
variable "tracing_mode" { default = "PassThrough" }
variable "canary" { default = true }
