package tfwarden.lambda.lmb605

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_account_principal if {
	p := testing.resource("aws_lambda_layer_version_permission", "share", {
		"layer_name": "deps",
		"version_number": 3,
		"principal": "111122223333",
		"action": "lambda:GetLayerVersion",
		"statement_id": "share",
	})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_passes_with_organization if {
	p := testing.resource("aws_lambda_layer_version_permission", "org", {"principal": "*", "organization_id": "o-abc123"})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_fires_on_public_layer if {
	p := testing.resource("aws_lambda_layer_version_permission", "public", {"principal": "*", "action": "lambda:GetLayerVersion"})
	findings := deny with input as testing.document([p])
	findings == {lib.at(p, "principal", "aws_lambda_layer_version_permission.public shares the layer with every AWS account (principal \"*\" with no organization_id)")}
}

test_unknown_organization_counts_as_set if {
	p := testing.with_unknown(testing.resource("aws_lambda_layer_version_permission", "p", {"principal": "*", "organization_id": null}), ["organization_id"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_unknown_principal_does_not_fire if {
	p := testing.with_unknown(testing.resource("aws_lambda_layer_version_permission", "p", {"principal": null}), ["principal"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}

test_function_permissions_are_not_layer_permissions if {
	p := testing.resource("aws_lambda_permission", "public", {"principal": "*"})
	findings := deny with input as testing.document([p])
	count(findings) == 0
}
