package tfwarden.lambda.lmb308

import data.tfwarden.lib
import data.tfwarden.testing

test_passes_with_invoke_actions if {
	a := testing.resource("aws_lambda_permission", "a", {"action": "lambda:InvokeFunction", "principal": "sns.amazonaws.com"})
	b := testing.resource("aws_lambda_permission", "b", {"action": "lambda:InvokeFunctionUrl", "principal": "111122223333"})
	c := testing.resource("aws_lambda_permission", "c", {"action": "lambda:invokefunction", "principal": "111122223333"})
	findings := deny with input as testing.document([a, b, c])
	count(findings) == 0
}

test_fires_on_wildcard_action if {
	p := testing.resource("aws_lambda_permission", "all", {"action": "lambda:*", "principal": "111122223333"})
	findings := deny with input as testing.document([p])
	findings == {lib.at(p, "action", "aws_lambda_permission.all grants lambda:*; grant only lambda:InvokeFunction or lambda:InvokeFunctionUrl")}
}

test_fires_on_other_action if {
	p := testing.resource("aws_lambda_permission", "get", {"action": "lambda:GetFunction", "principal": "111122223333"})
	findings := deny with input as testing.document([p])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_permission.get", "action"]}
}

test_unknown_action_does_not_fire if {
	p := testing.with_unknown(testing.resource("aws_lambda_permission", "p", {"action": null}), ["action"])
	findings := deny with input as testing.document([p])
	count(findings) == 0
}
