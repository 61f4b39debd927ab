package tfwarden.lambda.lmb701

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_a_limit if {
	a := testing.resource("aws_lambda_function", "a", {"reserved_concurrent_executions": 50})
	b := testing.resource("aws_lambda_function", "b", {"reserved_concurrent_executions": 0})
	findings := deny with input as testing.document([a, b])
	count(findings) == 0
}

test_fires_when_unset if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "reserved_concurrent_executions", "aws_lambda_function.api has no reserved concurrency limit and can scale to the account limit")}
}

test_fires_on_minus_one if {
	fn := testing.resource("aws_lambda_function", "api", {"reserved_concurrent_executions": -1})
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "reserved_concurrent_executions"]}
}

test_fires_on_null if {
	fn := testing.resource("aws_lambda_function", "api", {"reserved_concurrent_executions": null})
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "reserved_concurrent_executions"]}
}

test_unknown_limit_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"reserved_concurrent_executions": null}), ["reserved_concurrent_executions"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}
