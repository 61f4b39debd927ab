package tfwarden.lambda.lmb201

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_subnets if {
	fn := testing.resource("aws_lambda_function", "api", {
		"function_name": "api",
		"vpc_config": [{"subnet_ids": ["subnet-a", "subnet-b"], "security_group_ids": ["sg-1"]}],
	})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_fires_without_vpc if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "vpc_config.0.subnet_ids", "aws_lambda_function.api is not attached to a VPC")}
}

test_fires_with_empty_vpc_config_list if {
	fn := testing.resource("aws_lambda_function", "api", {"vpc_config": []})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "vpc_config.0.subnet_ids", "aws_lambda_function.api is not attached to a VPC")}
}

test_fires_with_empty_subnet_ids if {
	fn := testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": [], "security_group_ids": []}]})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "vpc_config.0.subnet_ids", "aws_lambda_function.api has a vpc_config with no subnet_ids")}
}

test_unknown_subnets_count_as_subnets if {
	fn := testing.with_unknown(
		testing.resource("aws_lambda_function", "api", {"vpc_config": [{"subnet_ids": null, "security_group_ids": []}]}),
		["vpc_config.0.subnet_ids"],
	)
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_dynamic_vpc_config_block_is_unknown if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"vpc_config": null}), ["vpc_config"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_one_finding_per_function if {
	a := testing.resource("aws_lambda_function", "a", {})
	b := testing.resource("aws_lambda_function", "b", {"vpc_config": [{"subnet_ids": ["subnet-1", "subnet-2"]}]})
	c := testing.in_module(testing.resource("aws_lambda_function", "c", {}), "module.fleet")
	findings := deny with input as testing.document([a, b, c])
	{f.resource | some f in findings} == {"aws_lambda_function.a", "module.fleet.aws_lambda_function.c"}
}

test_ignores_data_sources_and_other_types if {
	d := testing.data_source("aws_lambda_function", "existing", {})
	q := testing.resource("aws_sqs_queue", "q", {})
	findings := deny with input as testing.document([d, q])
	count(findings) == 0
}
