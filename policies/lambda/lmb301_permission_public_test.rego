package tfwarden.lambda.lmb301

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_service_principal if {
	p := testing.resource("aws_lambda_permission", "api", {
		"action": "lambda:InvokeFunction",
		"function_name": "api",
		"principal": "apigateway.amazonaws.com",
		"source_arn": "arn:aws:execute-api:eu-west-1:111122223333:abc/*",
	})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_passes_with_wildcard_limited_to_org if {
	p := testing.resource("aws_lambda_permission", "org", {"principal": "*", "principal_org_id": "o-abc123"})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_fires_on_wildcard_principal if {
	p := testing.resource("aws_lambda_permission", "public", {"action": "lambda:InvokeFunction", "principal": "*"})
	findings := deny with input as testing.document([p])
	findings == {lib.at(p, "principal", "aws_lambda_permission.public lets any principal invoke the function (principal \"*\" with no principal_org_id)")}
}

test_fires_with_empty_org_id if {
	p := testing.resource("aws_lambda_permission", "public", {"principal": "*", "principal_org_id": ""})
	findings := deny with input as testing.document([p])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_permission.public", "principal"]}
}

test_unknown_principal_does_not_fire if {
	p := testing.with_unknown(testing.resource("aws_lambda_permission", "p", {"principal": null}), ["principal"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_unknown_org_id_counts_as_set if {
	p := testing.with_unknown(testing.resource("aws_lambda_permission", "p", {"principal": "*", "principal_org_id": null}), ["principal_org_id"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_account_principal_does_not_fire if {
	p := testing.resource("aws_lambda_permission", "p", {"principal": "111122223333"})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}
