package tfwarden.lambda.lmb702

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "worker", {"function_name": "worker"})

_msg := "aws_lambda_function.worker has no dead_letter_config target and no event invoke config with an on_failure destination: failed asynchronous events are dropped"

_on_failure := {"destination_config": [{"on_failure": [{"destination": "arn:aws:sqs:eu-west-1:111122223333:worker-failed"}]}]}

test_fires_without_dlq_or_destination if {
	findings := deny with input as testing.document([_fn])
	findings == {lib.at(_fn, "dead_letter_config.0.target_arn", _msg)}
}

test_fires_with_only_a_success_destination if {
	config := testing.with_references(testing.resource("aws_lambda_function_event_invoke_config", "worker", {"function_name": null, "destination_config": [{"on_success": [{"destination": "arn:aws:sqs:eu-west-1:111122223333:ok"}]}]}), {"function_name": ["aws_lambda_function.worker"]})
	findings := deny with input as testing.document([_fn, config])
	findings == {lib.at(_fn, "dead_letter_config.0.target_arn", _msg)}
}

test_fires_when_the_invoke_config_is_for_another_function if {
	config := testing.resource("aws_lambda_function_event_invoke_config", "other", object.union(_on_failure, {"function_name": "other"}))
	findings := deny with input as testing.document([_fn, config])
	findings == {lib.at(_fn, "dead_letter_config.0.target_arn", _msg)}
}

test_passes_with_dead_letter_queue if {
	fn := testing.resource("aws_lambda_function", "worker", {"function_name": "worker", "dead_letter_config": [{"target_arn": "arn:aws:sqs:eu-west-1:111122223333:worker-dlq"}]})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_passes_with_on_failure_destination_by_reference if {
	config := testing.with_references(testing.resource("aws_lambda_function_event_invoke_config", "worker", object.union(_on_failure, {"function_name": null})), {"function_name": ["aws_lambda_function.worker"]})
	findings := deny with input as testing.document([_fn, config])
	count(findings) == 0
}

test_passes_with_on_failure_destination_by_name_or_arn if {
	by_name := testing.resource("aws_lambda_function_event_invoke_config", "worker", object.union(_on_failure, {"function_name": "worker", "qualifier": "live"}))
	findings := deny with input as testing.document([_fn, by_name])
	count(findings) == 0
	by_arn := testing.resource("aws_lambda_function_event_invoke_config", "worker", object.union(_on_failure, {"function_name": "arn:aws:lambda:eu-west-1:111122223333:function:worker"}))
	findings2 := deny with input as testing.document([_fn, by_arn])
	count(findings2) == 0
}

test_unknowns_do_not_fire if {
	dlq := testing.with_unknown(testing.resource("aws_lambda_function", "worker", {"function_name": "worker", "dead_letter_config": [{"target_arn": null}]}), ["dead_letter_config.0.target_arn"])
	findings := deny with input as testing.document([dlq])
	count(findings) == 0
	destination := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function_event_invoke_config", "worker", {"function_name": null, "destination_config": [{"on_failure": [{"destination": null}]}]}), ["destination_config.0.on_failure.0.destination"]), {"function_name": ["aws_lambda_function.worker"]})
	findings2 := deny with input as testing.document([_fn, destination])
	count(findings2) == 0
	unbound := testing.with_unknown(testing.resource("aws_lambda_function_event_invoke_config", "x", {"function_name": null}), ["function_name"])
	findings3 := deny with input as testing.document([_fn, unbound])
	count(findings3) == 0
}
