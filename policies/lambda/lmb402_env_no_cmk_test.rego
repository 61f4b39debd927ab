package tfwarden.lambda.lmb402

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_kms_key if {
	fn := testing.resource("aws_lambda_function", "api", {
		"environment": [{"variables": {"STAGE": "prod"}}],
		"kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_passes_without_environment if {
	a := testing.resource("aws_lambda_function", "a", {})
	b := testing.resource("aws_lambda_function", "b", {"environment": [{"variables": {}}]})
	findings := deny with input as testing.document([a, b])
	count(findings) == 0
}

test_fires_without_kms_key if {
	fn := testing.resource("aws_lambda_function", "api", {"environment": [{"variables": {"STAGE": "prod"}}]})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "kms_key_arn", "aws_lambda_function.api has environment variables but no kms_key_arn (customer managed KMS key)")}
}

test_fires_with_empty_kms_key if {
	fn := testing.resource("aws_lambda_function", "api", {"environment": [{"variables": {"STAGE": "prod"}}], "kms_key_arn": ""})
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "kms_key_arn"]}
}

test_unknown_kms_key_counts_as_set if {
	fn := testing.with_unknown(
		testing.resource("aws_lambda_function", "api", {"environment": [{"variables": {"STAGE": "prod"}}], "kms_key_arn": null}),
		["kms_key_arn"],
	)
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_variables_do_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"environment": [{"variables": null}]}), ["environment.0.variables"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_variable_value_still_counts_as_a_variable if {
	fn := testing.with_unknown(
		testing.resource("aws_lambda_function", "api", {"environment": [{"variables": {"DB_PASSWORD": null}}]}),
		["environment.0.variables.DB_PASSWORD"],
	)
	findings := deny with input as testing.document([fn])
	{f.attribute | some f in findings} == {"kms_key_arn"}
}
