resource "aws_lambda_function" "broken" {
  function_name = "broken"
  runtime = 
}
