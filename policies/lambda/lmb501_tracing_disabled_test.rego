package tfwarden.lambda.lmb501

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_active_tracing if {
	fn := testing.resource("aws_lambda_function", "api", {"tracing_config": [{"mode": "Active"}]})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_fires_without_tracing_block if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "tracing_config.0.mode", "aws_lambda_function.api does not enable X-Ray active tracing")}
}

test_fires_on_pass_through if {
	fn := testing.resource("aws_lambda_function", "api", {"tracing_config": [{"mode": "PassThrough"}]})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "tracing_config.0.mode", "aws_lambda_function.api has tracing mode PassThrough; set it to Active")}
}

test_fires_on_empty_block_list if {
	fn := testing.resource("aws_lambda_function", "api", {"tracing_config": []})
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "tracing_config.0.mode"]}
}

test_unknown_mode_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"tracing_config": [{"mode": null}]}), ["tracing_config.0.mode"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_dynamic_tracing_block_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"tracing_config": null}), ["tracing_config"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}
