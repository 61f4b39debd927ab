# API Gateway fixtures (LMB304, LMB305, LMB306): REST and HTTP APIs in front of functions. A
# `# expect: ID[, ID]` comment at the end of a line says which findings point at that line; every
# other line must have none. The functions themselves are hardened.

locals {
  private_subnets     = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
  security_group_ids  = ["sg-0123456789abcdef0"]
  code_signing_config = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0"
  dead_letter_queue   = "arn:aws:sqs:eu-west-1:111122223333:lambda-dead-letters"
  logs_key            = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  oncall_topic        = "arn:aws:sns:eu-west-1:111122223333:oncall"

  tags = {
    team    = "platform"
    service = "fixtures"
  }
}
