package tfwarden.lambda.lmb503

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name) := testing.resource("aws_lambda_function", name, {"function_name": name})

_lg(values) := testing.resource("aws_cloudwatch_log_group", "api", object.union({"name": "/aws/lambda/api"}, values))

_msg := "aws_cloudwatch_log_group.api receives Lambda logs and never expires them (no retention_in_days, or 0)"

test_fires_without_retention if {
	lg := _lg({})
	findings := deny with input as testing.document([_fn("api"), lg])
	findings == {lib.at(lg, "retention_in_days", _msg)}
}

test_fires_on_zero_retention if {
	lg := _lg({"retention_in_days": 0})
	findings := deny with input as testing.document([_fn("api"), lg])
	findings == {lib.at(lg, "retention_in_days", _msg)}
}

test_shared_log_group_is_one_finding if {
	lg := testing.resource("aws_cloudwatch_log_group", "api", {"name": "/platform/shared"})
	a := testing.resource("aws_lambda_function", "a", {"function_name": "a", "logging_config": [{"log_group": "/platform/shared"}]})
	b := testing.with_references(testing.resource("aws_lambda_function", "b", {"function_name": "b", "logging_config": [{"log_group": null}]}), {"logging_config.0.log_group": ["aws_cloudwatch_log_group.api"]})
	findings := deny with input as testing.document([a, b, lg])
	findings == {lib.at(lg, "retention_in_days", _msg)}
}

test_passes_with_retention if {
	findings := deny with input as testing.document([_fn("api"), _lg({"retention_in_days": 365})])
	count(findings) == 0
}

test_unknown_retention_does_not_fire if {
	lg := testing.with_unknown(_lg({"retention_in_days": null}), ["retention_in_days"])
	findings := deny with input as testing.document([_fn("api"), lg])
	count(findings) == 0
}

test_log_groups_of_no_function_are_out_of_scope if {
	findings := deny with input as testing.document([_fn("billing"), _lg({})])
	count(findings) == 0
}

_src := `resource "aws_lambda_function" "api" {
  function_name = "api"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/api"
  retention_in_days = 0
}
`

test_points_at_zero_retention if {
	src := _src
	findings := deny with input as tfwarden.hcl(src)
	count(findings) == 1
	some f in findings
	tfwarden.locate(src, f) == {"line": 7, "column": 3}
}
