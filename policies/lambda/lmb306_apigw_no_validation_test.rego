package tfwarden.lambda.lmb306

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})

_method(values) := testing.with_references(testing.resource("aws_api_gateway_method", "create", object.union({"http_method": "POST", "authorization": "AWS_IAM"}, values)), {
	"rest_api_id": ["aws_api_gateway_rest_api.api"],
	"resource_id": ["aws_api_gateway_rest_api.api"],
})

_integration(type, uri_refs) := testing.with_references(testing.resource("aws_api_gateway_integration", "create", {"type": type, "http_method": null}), {
	"http_method": ["aws_api_gateway_method.create"],
	"rest_api_id": ["aws_api_gateway_rest_api.api"],
	"resource_id": ["aws_api_gateway_rest_api.api"],
	"uri": uri_refs,
})

test_fires_without_request_validator if {
	m := _method({})
	findings := deny with input as testing.document([_fn, m, _integration("AWS_PROXY", ["aws_lambda_function.api"])])
	findings == {lib.at(m, "request_validator_id", "aws_api_gateway_method.create passes requests to a Lambda function without a request validator")}
}

test_fires_on_empty_request_validator if {
	m := _method({"request_validator_id": ""})
	findings := deny with input as testing.document([_fn, m, _integration("AWS", ["aws_lambda_function.api"])])
	count(findings) == 1
}

test_passes_with_request_validator if {
	m := testing.with_unknown(_method({"request_validator_id": null}), ["request_validator_id"])
	findings := deny with input as testing.document([_fn, m, _integration("AWS_PROXY", ["aws_lambda_function.api"])])
	count(findings) == 0
}

test_non_function_integrations_are_out_of_scope if {
	m := _method({})
	findings := deny with input as testing.document([_fn, m, _integration("MOCK", [])])
	count(findings) == 0
	findings2 := deny with input as testing.document([_fn, m, _integration("AWS", ["aws_sqs_queue.q"])])
	count(findings2) == 0
}
