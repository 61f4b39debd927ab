package tfwarden.lambda.lmb303

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_iam_auth if {
	url := testing.resource("aws_lambda_function_url", "api", {"function_name": "api", "authorization_type": "AWS_IAM"})
	findings := deny with input as testing.document([url])
	count(findings) == 0
}

test_fires_without_auth if {
	url := testing.resource("aws_lambda_function_url", "api", {"function_name": "api", "authorization_type": "NONE"})
	findings := deny with input as testing.document([url])
	findings == {lib.at(url, "authorization_type", "aws_lambda_function_url.api has authorization_type \"NONE\": anyone can invoke the function over HTTPS")}
}

test_unknown_auth_type_does_not_fire if {
	url := testing.with_unknown(testing.resource("aws_lambda_function_url", "api", {"authorization_type": null}), ["authorization_type"])
	findings := deny with input as testing.document([url])
	count(findings) == 0
}

test_each_url_reported if {
	a := testing.resource("aws_lambda_function_url", "a", {"authorization_type": "NONE"})
	b := testing.resource("aws_lambda_function_url", "b", {"authorization_type": "AWS_IAM"})
	c := testing.resource("aws_lambda_function_url", "c", {"authorization_type": "NONE"})
	findings := deny with input as testing.document([a, b, c])
	{f.resource | some f in findings} == {"aws_lambda_function_url.a", "aws_lambda_function_url.c"}
}
