package tfwarden.lambda.lmb504

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})

_lg(values) := testing.resource("aws_cloudwatch_log_group", "api", object.union({"name": "/aws/lambda/api", "retention_in_days": 30}, values))

test_fires_without_kms_key if {
	lg := _lg({})
	findings := deny with input as testing.document([_fn, lg])
	findings == {lib.at(lg, "kms_key_id", "aws_cloudwatch_log_group.api receives Lambda logs but has no kms_key_id")}
}

test_fires_on_empty_kms_key if {
	lg := _lg({"kms_key_id": ""})
	findings := deny with input as testing.document([_fn, lg])
	count(findings) == 1
}

test_passes_with_kms_key if {
	known := _lg({"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})
	findings := deny with input as testing.document([_fn, known])
	count(findings) == 0
	unknown := testing.with_unknown(_lg({"kms_key_id": null}), ["kms_key_id"])
	findings2 := deny with input as testing.document([_fn, unknown])
	count(findings2) == 0
}

test_log_groups_of_no_function_are_out_of_scope if {
	lg := testing.resource("aws_cloudwatch_log_group", "app", {"name": "/ecs/app"})
	findings := deny with input as testing.document([_fn, lg])
	count(findings) == 0
}
