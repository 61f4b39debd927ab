package tfwarden.lambda.lmb801

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_own_tags if {
	fn := testing.resource("aws_lambda_function", "api", {"tags": {"team": "payments"}})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_passes_with_provider_default_tags if {
	fn := testing.resource("aws_lambda_function", "api", {})
	p := testing.provider("aws", {"region": "eu-west-1", "default_tags": [{"tags": {"team": "payments"}}]})
	findings := deny with input as testing.document_with_providers([fn], [p])
	count(findings) == 0
}

test_fires_without_any_tags if {
	fn := testing.resource("aws_lambda_function", "api", {"tags": {}})
	p := testing.provider("aws", {"region": "eu-west-1"})
	findings := deny with input as testing.document_with_providers([fn], [p])
	findings == {lib.at(fn, "tags", "aws_lambda_function.api has no tags (neither tags nor the provider's default_tags)")}
}

test_fires_without_providers if {
	fn := testing.resource("aws_lambda_function", "api", {})
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "tags"]}
}

test_uses_the_functions_own_provider_alias if {
	fn := testing.with_provider(testing.resource("aws_lambda_function", "api", {}), "aws.west")
	root := testing.provider("aws", {"default_tags": [{"tags": {"team": "payments"}}]})
	west := testing.provider_alias("aws", "west", {"region": "us-west-2"})
	findings := deny with input as testing.document_with_providers([fn], [root, west])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "tags"]}
}

test_module_provider_takes_precedence if {
	fn := testing.in_module(testing.resource("aws_lambda_function", "this", {}), "module.fleet")
	root := testing.provider("aws", {"default_tags": [{"tags": {"team": "payments"}}]})
	inner := testing.provider_in_module(testing.provider("aws", {"region": "us-east-1"}), "module.fleet")
	findings := deny with input as testing.document_with_providers([fn], [root, inner])
	{f.resource | some f in findings} == {"module.fleet.aws_lambda_function.this"}
}

test_module_function_falls_back_to_root_provider if {
	fn := testing.in_module(testing.resource("aws_lambda_function", "this", {}), "module.fleet")
	root := testing.provider("aws", {"default_tags": [{"tags": {"team": "payments"}}]})
	findings := deny with input as testing.document_with_providers([fn], [root])
	count(findings) == 0
}

test_fires_on_missing_required_keys if {
	fn := testing.resource("aws_lambda_function", "api", {"tags": {"team": "payments"}})
	p := testing.provider("aws", {"default_tags": [{"tags": {"env": "prod"}}]})
	findings := deny with input as testing.document_with_providers([fn], [p]) with data.tfwarden.lambda.required_tags as ["owner", "team", "env", "cost-center"]
	findings == {lib.at(fn, "tags", "aws_lambda_function.api lacks required tags: owner, cost-center")}
}

test_passes_with_required_keys_from_both_sources if {
	fn := testing.resource("aws_lambda_function", "api", {"tags": {"team": "payments"}})
	p := testing.provider("aws", {"default_tags": [{"tags": {"env": "prod"}}]})
	findings := deny with input as testing.document_with_providers([fn], [p]) with data.tfwarden.lambda.required_tags as ["team", "env"]
	count(findings) == 0
}

test_config_required_tags_override if {
	fn := testing.resource("aws_lambda_function", "api", {"tags": {"team": "payments"}})
	findings := deny with input as testing.document([fn]) with data.tfwarden.lambda.required_tags as ["team"] with data.tfwarden.config.required_tags as ["owner"]
	findings == {lib.at(fn, "tags", "aws_lambda_function.api lacks required tags: owner")}
}

test_no_tags_is_one_finding_even_with_required_keys if {
	fn := testing.resource("aws_lambda_function", "api", {})
	findings := deny with input as testing.document([fn]) with data.tfwarden.lambda.required_tags as ["owner"]
	findings == {lib.at(fn, "tags", "aws_lambda_function.api has no tags (neither tags nor the provider's default_tags)")}
}

test_unknown_tags_do_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"tags": null}), ["tags"])
	findings := deny with input as testing.document([fn]) with data.tfwarden.lambda.required_tags as ["owner"]
	count(findings) == 0
}

test_unknown_default_tags_do_not_fire if {
	fn := testing.resource("aws_lambda_function", "api", {})
	p := object.union(testing.provider("aws", {"default_tags": [{"tags": null}]}), {"unknown": ["default_tags.0.tags"]})
	findings := deny with input as testing.document_with_providers([fn], [p])
	count(findings) == 0
}

test_dynamic_default_tags_block_does_not_fire if {
	fn := testing.resource("aws_lambda_function", "api", {})
	p := object.union(testing.provider("aws", {"default_tags": null}), {"unknown": ["default_tags"]})
	findings := deny with input as testing.document_with_providers([fn], [p])
	count(findings) == 0
}
