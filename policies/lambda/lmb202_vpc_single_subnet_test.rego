package tfwarden.lambda.lmb202

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_two_subnets if {
	fn := testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": ["subnet-a", "subnet-b"]}]})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_fires_with_one_subnet if {
	fn := testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": ["subnet-a"]}]})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "vpc_config.0.subnet_ids", "aws_lambda_function.api runs in a single subnet; use subnets in at least two Availability Zones")}
}

test_fires_with_one_unknown_subnet_element if {
	fn := testing.with_unknown(
		testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": [null]}]}),
		["vpc_config.0.subnet_ids.0"],
	)
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "vpc_config.0.subnet_ids"]}
}

test_zero_subnets_is_not_this_rule if {
	fn := testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": []}]})
	none := testing.resource("aws_lambda_function", "none", {})
	findings := deny with input as testing.document([fn, none])
	count(findings) == 0
}

test_unknown_subnet_list_does_not_fire if {
	fn := testing.with_unknown(
		testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": null}]}),
		["vpc_config.0.subnet_ids"],
	)
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_dynamic_vpc_config_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"vpc_config": null}), ["vpc_config"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}
