# A suppression above a module block covers what the module reports; instance= picks one
# instance of a for_each module.
locals {
  shared = {
    code_signing_config_arn = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-1"
    kms_key_arn             = "arn:aws:kms:eu-west-1:123456789012:key/k"
    subnet_ids              = ["subnet-a", "subnet-b"]
    security_group_ids      = ["sg-1"]
    dlq_arn                 = "arn:aws:sqs:eu-west-1:123456789012:dlq"
  }
}

# tfwarden:ignore LMB601 until=2027-03-31 reason="legacy reports job, migration planned in Q1"
module "legacy" {
  source                  = "../modules/modules/function"
  name                    = "legacy"
  runtime                 = "python3.8"
  stage                   = "prod"
  code_signing_config_arn = local.shared.code_signing_config_arn
  kms_key_arn             = local.shared.kms_key_arn
  subnet_ids              = local.shared.subnet_ids
  security_group_ids      = local.shared.security_group_ids
  dlq_arn                 = local.shared.dlq_arn
}

# tfwarden:ignore LMB601 instance=module.pair["old"] reason="decommissioned next sprint"
module "pair" {
  source   = "../modules/modules/function"
  for_each = { old = "python3.8", new = "python3.9" }

  name                    = each.key
  runtime                 = each.value
  stage                   = "prod"
  code_signing_config_arn = local.shared.code_signing_config_arn
  kms_key_arn             = local.shared.kms_key_arn
  subnet_ids              = local.shared.subnet_ids
  security_group_ids      = local.shared.security_group_ids
  dlq_arn                 = local.shared.dlq_arn
}
