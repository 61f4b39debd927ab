package tfwarden.lambda.lmb107

import data.tfwarden.lib
import data.tfwarden.testing

_json(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_msg(owner) := sprintf(`%s allows iam:PassRole on every role ("*") and lambda:CreateFunction: whoever holds it can create a function that runs with a more powerful role`, [owner])

test_fires_on_two_statements_of_one_policy if {
	pol := testing.resource("aws_iam_policy", "deployer", {"policy": _json([
		{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:UpdateFunctionCode"], "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:orders-*"},
		{"Effect": "Allow", "Action": ["iam:GetRole", "iam:PassRole"], "Resource": "*"},
	])})
	doc := testing.document([pol])
	findings := deny with input as doc
	findings == {lib.at(pol, "policy.Statement.1.Action.1", _msg("aws_iam_policy.deployer"))}
}

test_fires_on_one_statement_with_lambda_star if {
	up := testing.resource("aws_iam_user_policy", "ci", {"user": "ci", "policy": _json({"Effect": "Allow", "Action": ["lambda:*", "iam:PassRole"], "Resource": ["*"]})})
	doc := testing.document([up])
	findings := deny with input as doc
	findings == {lib.at(up, "policy.Statement.Action.1", _msg("aws_iam_user_policy.ci"))}
}

test_fires_on_a_role_inline_data_document if {
	d := testing.data_source("aws_iam_policy_document", "deploy", {"statement": [
		{"actions": ["lambda:CreateFunction"], "resources": ["*"]},
		{"actions": ["iam:Pass*"], "resources": ["arn:aws:iam::111122223333:role/x", "*"]},
	]})
	role := testing.with_references(testing.resource("aws_iam_role", "ci", {"name": "ci", "inline_policy": [{"name": "deploy", "policy": null}]}), {"inline_policy.0.policy": ["data.aws_iam_policy_document.deploy"]})
	doc := testing.document([d, role])
	findings := deny with input as doc
	findings == {lib.at(d, "statement.1.actions.0", _msg("data.aws_iam_policy_document.deploy"))}
}

test_fires_on_group_and_role_policies if {
	gp := testing.resource("aws_iam_group_policy", "ops", {"group": "ops", "policy": _json([{"Effect": "Allow", "Action": "*", "Resource": "*"}])})
	rp := testing.resource("aws_iam_role_policy", "ci", {"role": "ci", "policy": _json([{"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}])})
	doc := testing.document([gp, rp])
	findings := deny with input as doc
	findings == {
		lib.at(gp, "policy.Statement.0.Action", _msg("aws_iam_group_policy.ops")),
		lib.at(rp, "policy.Statement.0.NotAction", _msg("aws_iam_role_policy.ci")),
	}
}

test_passes_when_scoped_split_or_denied if {
	scoped := testing.resource("aws_iam_policy", "scoped", {"policy": _json([
		{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
		{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/orders-*"},
	])})
	pass_only := testing.resource("aws_iam_policy", "pass_only", {"policy": _json([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}])})
	create_only := testing.resource("aws_iam_policy", "create_only", {"policy": _json([{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:Invoke*"], "Resource": "*"}])})
	denied := testing.resource("aws_iam_policy", "denied", {"policy": _json([
		{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
		{"Effect": "Deny", "Action": "lambda:CreateFunction", "Resource": "*"},
		{"Effect": "Allow", "Action": "lambda:CreateFunctionUrlConfig", "Resource": "*"},
	])})
	doc := testing.document([scoped, pass_only, create_only, denied])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknowns_stay_silent if {
	pol := testing.resource("aws_iam_policy", "p", {"policy": _json([
		{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
		{"Effect": "Allow", "Action": "iam:PassRole", "Resource": null},
		{"Effect": null, "Action": "iam:PassRole", "Resource": "*"},
		{"Effect": "Allow", "Action": [null], "Resource": "*"},
	])})
	create_unknown := testing.resource("aws_iam_policy", "q", {"policy": _json([
		{"Effect": "Allow", "Action": null, "Resource": "*"},
		{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
	])})
	whole := testing.with_unknown(testing.resource("aws_iam_policy", "w", {"policy": null}), ["policy"])
	doc := testing.document([pol, create_unknown, whole])
	findings := deny with input as doc
	count(findings) == 0
}
