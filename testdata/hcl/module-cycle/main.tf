# A true cycle between two module instances: each one's output is the other's input, passed
# straight through. Terraform rejects it; tfwarden reports it once, naming every value in it,
# and still judges the rest (the function below has no tracing).

module "left" {
  source = "./modules/echo"
  input  = module.right.output
}

module "right" {
  source = "./modules/echo"
  input  = module.left.output
}

resource "aws_lambda_function" "rest" { # expect: LMB201, LMB502, LMB505, LMB602, LMB701, LMB702, LMB801
  function_name = "cycle-rest"
  role          = "arn:aws:iam::111122223333:role/cycle-rest"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "build/rest.zip"
  publish       = true
  description   = module.left.output

  tracing_config {
    mode = "PassThrough" # expect: LMB501
  }
}
