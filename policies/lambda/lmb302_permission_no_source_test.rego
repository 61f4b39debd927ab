package tfwarden.lambda.lmb302

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_source_arn if {
	p := testing.resource("aws_lambda_permission", "events", {
		"principal": "events.amazonaws.com",
		"source_arn": "arn:aws:events:eu-west-1:111122223333:rule/nightly",
	})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_passes_s3_with_both if {
	p := testing.resource("aws_lambda_permission", "s3", {
		"principal": "s3.amazonaws.com",
		"source_arn": "arn:aws:s3:::uploads",
		"source_account": "111122223333",
	})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_fires_without_source_arn if {
	p := testing.resource("aws_lambda_permission", "sns", {"principal": "sns.amazonaws.com"})
	findings := deny with input as testing.document([p])
	findings == {lib.at(p, "source_arn", "aws_lambda_permission.sns lets sns.amazonaws.com invoke the function without source_arn, so any account's resource can trigger it")}
}

test_fires_s3_without_both_once if {
	p := testing.resource("aws_lambda_permission", "s3", {"principal": "s3.amazonaws.com", "source_arn": ""})
	findings := deny with input as testing.document([p])
	findings == {lib.at(p, "source_arn", "aws_lambda_permission.s3 lets s3.amazonaws.com invoke the function without source_arn and source_account, so any account's resource can trigger it")}
}

test_fires_s3_without_source_account if {
	p := testing.resource("aws_lambda_permission", "s3", {"principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::uploads"})
	findings := deny with input as testing.document([p])
	findings == {lib.at(p, "source_account", "aws_lambda_permission.s3 lets s3.amazonaws.com invoke the function without source_account, so any account's resource can trigger it")}
}

test_unknown_source_arn_counts_as_set if {
	p := testing.with_unknown(testing.resource("aws_lambda_permission", "apigw", {"principal": "apigateway.amazonaws.com", "source_arn": null}), ["source_arn"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_unknown_principal_does_not_fire if {
	p := testing.with_unknown(testing.resource("aws_lambda_permission", "p", {"principal": null}), ["principal"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_non_service_principals_are_out_of_scope if {
	a := testing.resource("aws_lambda_permission", "account", {"principal": "111122223333"})
	b := testing.resource("aws_lambda_permission", "role", {"principal": "arn:aws:iam::111122223333:role/caller"})
	c := testing.resource("aws_lambda_permission", "alexa", {"principal": "alexa-appkit.amazon.com"})
	findings := deny with input as testing.document([a, b, c])
	count(findings) == 0
}
