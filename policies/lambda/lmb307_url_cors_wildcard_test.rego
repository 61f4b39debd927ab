package tfwarden.lambda.lmb307

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_named_origins if {
	url := testing.resource("aws_lambda_function_url", "api", {
		"authorization_type": "AWS_IAM",
		"cors": [{"allow_origins": ["https://app.example.com"], "allow_methods": ["GET"]}],
	})
	findings := deny with input as testing.document([url])
	count(findings) == 0
}

test_passes_without_cors if {
	url := testing.resource("aws_lambda_function_url", "api", {"authorization_type": "AWS_IAM"})
	findings := deny with input as testing.document([url])
	count(findings) == 0
}

test_fires_at_the_wildcard_element if {
	url := testing.resource("aws_lambda_function_url", "api", {"cors": [{"allow_origins": ["https://app.example.com", "*"]}]})
	findings := deny with input as testing.document([url])
	findings == {lib.at(url, "cors.0.allow_origins.1", "aws_lambda_function_url.api allows CORS requests from any origin (\"*\")")}
}

test_fires_on_first_element if {
	url := testing.resource("aws_lambda_function_url", "api", {"cors": [{"allow_origins": ["*"]}]})
	findings := deny with input as testing.document([url])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function_url.api", "cors.0.allow_origins.0"]}
}

test_unknown_origins_do_not_fire if {
	url := testing.with_unknown(testing.resource("aws_lambda_function_url", "api", {"cors": [{"allow_origins": null}]}), ["cors.0.allow_origins"])
	findings := deny with input as testing.document([url])
	count(findings) == 0
}

test_dynamic_cors_block_does_not_fire if {
	url := testing.with_unknown(testing.resource("aws_lambda_function_url", "api", {"cors": null}), ["cors"])
	findings := deny with input as testing.document([url])
	count(findings) == 0
}

test_unknown_element_is_not_a_wildcard if {
	url := testing.with_unknown(
		testing.resource("aws_lambda_function_url", "api", {"cors": [{"allow_origins": [null, "https://a.example.com"]}]}),
		["cors.0.allow_origins.0"],
	)
	findings := deny with input as testing.document([url])
	count(findings) == 0
}
