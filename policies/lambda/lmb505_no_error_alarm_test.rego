package tfwarden.lambda.lmb505

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {"function_name": "orders-api"})

_msg := "aws_lambda_function.api has no aws_cloudwatch_metric_alarm on its AWS/Lambda metrics (FunctionName dimension)"

_alarm(values) := testing.resource("aws_cloudwatch_metric_alarm", "errors", object.union({"metric_name": "Errors", "namespace": "AWS/Lambda"}, values))

test_fires_without_alarm if {
	findings := deny with input as testing.document([_fn])
	findings == {lib.at(_fn, "", _msg)}
}

test_fires_when_alarms_watch_something_else if {
	other := _alarm({"dimensions": {"FunctionName": "billing"}})
	sqs := testing.resource("aws_cloudwatch_metric_alarm", "queue", {"namespace": "AWS/SQS", "dimensions": {"FunctionName": "orders-api"}})
	account := testing.resource("aws_cloudwatch_metric_alarm", "account", {"namespace": "AWS/Lambda", "metric_name": "Throttles"})
	findings := deny with input as testing.document([_fn, other, sqs, account])
	findings == {lib.at(_fn, "", _msg)}
}

test_passes_with_alarm_by_name if {
	findings := deny with input as testing.document([_fn, _alarm({"dimensions": {"FunctionName": "orders-api"}})])
	count(findings) == 0
}

test_passes_with_alarm_by_reference if {
	a := testing.with_references(testing.with_unknown(_alarm({"dimensions": {"FunctionName": null}}), ["dimensions.FunctionName"]), {"dimensions.FunctionName": ["aws_lambda_function.api"]})
	findings := deny with input as testing.document([_fn, a])
	count(findings) == 0
}

test_passes_with_metric_math_alarm if {
	a := testing.resource("aws_cloudwatch_metric_alarm", "error_rate", {"metric_query": [
		{"id": "rate", "expression": "errors / invocations", "return_data": true},
		{"id": "errors", "metric": [{"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": {"FunctionName": "orders-api"}}]},
	]})
	findings := deny with input as testing.document([_fn, a])
	count(findings) == 0
}

test_unknowns_do_not_fire if {
	nameless := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"function_name": null}), ["function_name"])
	findings := deny with input as testing.document([nameless])
	count(findings) == 0
	dimension := testing.with_unknown(_alarm({"dimensions": {"FunctionName": null}}), ["dimensions.FunctionName"])
	findings2 := deny with input as testing.document([_fn, dimension])
	count(findings2) == 0
	namespace := testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "x", {"namespace": null, "dimensions": {"FunctionName": "orders-api"}}), ["namespace"])
	findings3 := deny with input as testing.document([_fn, namespace])
	count(findings3) == 0
}

test_alarm_bound_to_another_function_does_not_silence if {
	billing := testing.resource("aws_lambda_function", "billing", {"function_name": "billing"})
	a := testing.with_references(testing.with_unknown(_alarm({"dimensions": {"FunctionName": null}}), ["dimensions.FunctionName"]), {"dimensions.FunctionName": ["aws_lambda_function.billing"]})
	findings := deny with input as testing.document([_fn, billing, a])
	findings == {lib.at(_fn, "", _msg)}
}
