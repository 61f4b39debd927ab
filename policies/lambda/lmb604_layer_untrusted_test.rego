package tfwarden.lambda.lmb604

import data.tfwarden.lib
import data.tfwarden.testing

_untrusted := "arn:aws:lambda:eu-west-1:444455556666:layer:fast-json:12"

_powertools := "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7"

test_fires_on_untrusted_account if {
	fn := testing.resource("aws_lambda_function", "api", {"layers": [_powertools, _untrusted]})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "layers.1", "aws_lambda_function.api uses layer arn:aws:lambda:eu-west-1:444455556666:layer:fast-json:12 from account 444455556666, which is not a trusted layer account")}
}

test_passes_on_shipped_trusted_account if {
	fn := testing.resource("aws_lambda_function", "api", {"layers": [_powertools]})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_config_extends_the_trusted_accounts if {
	fn := testing.resource("aws_lambda_function", "api", {"layers": [_powertools, _untrusted]})
	findings := deny with input as testing.document([fn]) with data.tfwarden.config.trusted_layer_accounts as ["444455556666"]
	count(findings) == 0
}

test_layer_versions_of_the_configuration_are_trusted if {
	own := testing.resource("aws_lambda_layer_version", "deps", {"layer_name": "fast-json"})
	by_ref := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function", "b", {"layers": [null]}), ["layers.0"]), {"layers.0": ["aws_lambda_layer_version.deps"]})
	by_arn := testing.resource("aws_lambda_function", "a", {"layers": [_untrusted]})
	findings := deny with input as testing.document([own, by_ref, by_arn])
	count(findings) == 0
}

test_unknown_layers_do_not_fire if {
	whole := testing.with_unknown(testing.resource("aws_lambda_function", "a", {"layers": null}), ["layers"])
	element := testing.with_unknown(testing.resource("aws_lambda_function", "b", {"layers": [null]}), ["layers.0"])
	findings := deny with input as testing.document([whole, element])
	count(findings) == 0
}

test_every_untrusted_element_is_a_finding if {
	fn := testing.resource("aws_lambda_function", "api", {"layers": [_untrusted, "arn:aws-cn:lambda:cn-north-1:777788889999:layer:x:1"]})
	findings := deny with input as testing.document([fn])
	{f.attribute | some f in findings} == {"layers.0", "layers.1"}
}

_src := `resource "aws_lambda_function" "api" {
  function_name = "api"
  layers = [
    "arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7",
    "arn:aws:lambda:eu-west-1:444455556666:layer:fast-json:12",
  ]
}
`

test_points_at_the_layer_element if {
	src := _src
	findings := deny with input as tfwarden.hcl(src)
	count(findings) == 1
	some f in findings
	tfwarden.locate(src, f) == {"line": 5, "column": 5}
}
