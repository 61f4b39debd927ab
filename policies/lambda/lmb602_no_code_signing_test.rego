package tfwarden.lambda.lmb602

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_code_signing if {
	fn := testing.resource("aws_lambda_function", "api", {
		"filename": "api.zip",
		"code_signing_config_arn": "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0",
	})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_fires_on_zip_without_code_signing if {
	fn := testing.resource("aws_lambda_function", "api", {"filename": "api.zip"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "code_signing_config_arn", "aws_lambda_function.api does not require signed code (no code_signing_config_arn)")}
}

test_fires_on_explicit_zip_package_type if {
	fn := testing.resource("aws_lambda_function", "api", {"package_type": "Zip", "code_signing_config_arn": ""})
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "code_signing_config_arn"]}
}

test_container_images_are_out_of_scope if {
	fn := testing.resource("aws_lambda_function", "img", {"package_type": "Image", "image_uri": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1"})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_code_signing_counts_as_set if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"code_signing_config_arn": null}), ["code_signing_config_arn"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_package_type_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"package_type": null}), ["package_type"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}
