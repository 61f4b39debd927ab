package tfwarden.lambda.lmb502

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {"function_name": "orders-api"})

_msg := "aws_lambda_function.api has no aws_cloudwatch_log_group for its logs (none named /aws/lambda/orders-api, none set in logging_config): Lambda creates one that never expires"

test_fires_without_log_group if {
	findings := deny with input as testing.document([_fn])
	findings == {lib.at(_fn, "", _msg)}
}

test_fires_when_log_groups_belong_to_others if {
	other := testing.resource("aws_cloudwatch_log_group", "billing", {"name": "/aws/lambda/billing"})
	prefixed := testing.resource("aws_cloudwatch_log_group", "prefixed", {"name_prefix": "/aws/lambda/orders-api"})
	elsewhere := testing.in_root(testing.resource("aws_cloudwatch_log_group", "api", {"name": "/aws/lambda/orders-api"}), "other")
	findings := deny with input as testing.document([_fn, other, prefixed, elsewhere])
	findings == {lib.at(_fn, "", _msg)}
}

test_fires_when_logging_config_names_an_unmanaged_group if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "orders-api", "logging_config": [{"log_format": "JSON", "log_group": "/platform/orders"}]})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "", _msg)}
}

test_passes_with_log_group_by_name if {
	lg := testing.resource("aws_cloudwatch_log_group", "api", {"name": "/aws/lambda/orders-api"})
	findings := deny with input as testing.document([_fn, lg])
	count(findings) == 0
}

test_passes_with_logging_config_reference if {
	fn := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function", "api", {"function_name": "orders-api", "logging_config": [{"log_group": null}]}), ["logging_config.0.log_group"]), {"logging_config.0.log_group": ["aws_cloudwatch_log_group.shared"]})
	lg := testing.resource("aws_cloudwatch_log_group", "shared", {"name": "/platform/orders"})
	findings := deny with input as testing.document([fn, lg])
	count(findings) == 0
}

test_passes_with_logging_config_literal_name if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "orders-api", "logging_config": [{"log_group": "/platform/orders"}]})
	lg := testing.resource("aws_cloudwatch_log_group", "shared", {"name": "/platform/orders"})
	findings := deny with input as testing.document([fn, lg])
	count(findings) == 0
}

test_module_instance_joins_by_name if {
	fn := testing.with_index(testing.in_module(testing.resource("aws_lambda_function", "this", {"function_name": "orders-api"}), "module.fleet[\"orders\"]"), 0)
	lg := testing.in_module(testing.resource("aws_cloudwatch_log_group", "this", {"name": "/aws/lambda/orders-api"}), "module.fleet[\"orders\"]")
	findings := deny with input as testing.document([fn, lg])
	count(findings) == 0
}

test_unknown_names_do_not_fire if {
	nameless := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"function_name": null}), ["function_name"])
	findings := deny with input as testing.document([nameless])
	count(findings) == 0
	lg := testing.with_unknown(testing.resource("aws_cloudwatch_log_group", "x", {"name": null}), ["name"])
	findings2 := deny with input as testing.document([_fn, lg])
	count(findings2) == 0
	config := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"function_name": "orders-api", "logging_config": [{"log_group": null}]}), ["logging_config.0.log_group"])
	findings3 := deny with input as testing.document([config])
	count(findings3) == 0
}

test_unknown_name_of_another_functions_log_group_does_not_silence if {
	billing := testing.resource("aws_lambda_function", "billing", {"function_name": "billing"})
	lg := testing.with_references(testing.with_unknown(testing.resource("aws_cloudwatch_log_group", "billing", {"name": null}), ["name"]), {"name": ["aws_lambda_function.billing"]})
	findings := deny with input as testing.document([_fn, billing, lg])
	findings == {lib.at(_fn, "", _msg)}
}
