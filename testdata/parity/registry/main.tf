# A registry module as `terraform init` installs it: .terraform/modules holds a small stand-in
# for terraform-aws-modules/lambda/aws (written for these tests, in the style of that module:
# every optional setting a dynamic block) and modules.json says where. tfwarden follows the
# manifest; findings point into the installed module's own file.

module "lambda" {
  source   = "terraform-aws-modules/lambda/aws"
  version  = "7.20.1"
  for_each = { orders = "Active", billing = null }

  function_name          = "registry-${each.key}"
  handler                = "app.handler"
  runtime                = "python3.13"
  tracing_mode           = each.value
  vpc_subnet_ids         = each.key == "orders" ? ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"] : null
  vpc_security_group_ids = ["sg-0123456789abcdef0"]
  environment_variables  = { STAGE = "prod" }
  tags                   = { team = "platform" }
}
