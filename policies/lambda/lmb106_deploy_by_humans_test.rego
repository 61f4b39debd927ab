package tfwarden.lambda.lmb106

import data.tfwarden.lib
import data.tfwarden.testing

_json(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

test_fires_on_a_user_policy_action if {
	up := testing.resource("aws_iam_user_policy", "alice", {"user": "alice", "policy": _json([{"Effect": "Allow", "Action": ["lambda:GetFunction", "lambda:UpdateFunctionCode"], "Resource": "*"}])})
	doc := testing.document([up])
	findings := deny with input as doc
	findings == {lib.at(up, "policy.Statement.0.Action.1", `aws_iam_user_policy.alice lets IAM users or groups deploy Lambda functions: it allows "lambda:UpdateFunctionCode"`)}
}

test_fires_once_on_lambda_star_of_a_group_policy if {
	gp := testing.resource("aws_iam_group_policy", "devs", {"group": "devs", "policy": _json({"Effect": "Allow", "Action": "lambda:*", "Resource": "*"})})
	doc := testing.document([gp])
	findings := deny with input as doc
	findings == {lib.at(gp, "policy.Statement.Action", `aws_iam_group_policy.devs lets IAM users or groups deploy Lambda functions: it allows "lambda:*"`)}
}

test_fires_on_a_data_document_of_an_attached_policy if {
	d := testing.data_source("aws_iam_policy_document", "deploy", {"statement": [{"actions": ["lambda:CreateFunction", "lambda:UpdateFunctionConfiguration", "lambda:InvokeFunction"], "resources": ["*"]}]})
	pol := testing.with_references(testing.resource("aws_iam_policy", "deploy", {"policy": null}), {"policy": ["data.aws_iam_policy_document.deploy"]})
	att := testing.with_references(testing.resource("aws_iam_group_policy_attachment", "devs", {"group": "devs", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.deploy"]})
	doc := testing.document([d, pol, att])
	findings := deny with input as doc
	findings == {
		lib.at(d, "statement.0.actions.0", `data.aws_iam_policy_document.deploy lets IAM users or groups deploy Lambda functions: it allows "lambda:CreateFunction"`),
		lib.at(d, "statement.0.actions.1", `data.aws_iam_policy_document.deploy lets IAM users or groups deploy Lambda functions: it allows "lambda:UpdateFunctionConfiguration"`),
	}
}

test_fires_on_user_attachments_and_policy_attachments if {
	a := testing.resource("aws_iam_policy", "a", {"policy": _json([{"Effect": "Allow", "Action": "lambda:Update*", "Resource": "*"}])})
	b := testing.resource("aws_iam_policy", "b", {"policy": _json([{"Effect": "Allow", "Action": "*", "Resource": "*"}])})
	ua := testing.with_references(testing.resource("aws_iam_user_policy_attachment", "a", {"user": "alice", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.a"]})
	pa := testing.with_references(testing.resource("aws_iam_policy_attachment", "b", {"name": "b", "groups": ["admins"], "policy_arn": null}), {"policy_arn": ["aws_iam_policy.b"]})
	doc := testing.document([a, b, ua, pa])
	findings := deny with input as doc
	findings == {
		lib.at(a, "policy.Statement.0.Action", `aws_iam_policy.a lets IAM users or groups deploy Lambda functions: it allows "lambda:Update*"`),
		lib.at(b, "policy.Statement.0.Action", `aws_iam_policy.b lets IAM users or groups deploy Lambda functions: it allows "*"`),
	}
}

test_fires_on_not_action if {
	up := testing.resource("aws_iam_user_policy", "ops", {"user": "ops", "policy": _json([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}])})
	doc := testing.document([up])
	findings := deny with input as doc
	findings == {lib.at(up, "policy.Statement.0.NotAction", "aws_iam_user_policy.ops lets IAM users or groups deploy Lambda functions: its NotAction allows every action it does not list")}
}

test_passes_on_read_and_invoke_deny_and_roles if {
	up := testing.resource("aws_iam_user_policy", "alice", {"user": "alice", "policy": _json([
		{"Effect": "Allow", "Action": ["lambda:Get*", "lambda:List*", "lambda:InvokeFunction", "lambda:CreateFunctionUrlConfig"], "Resource": "*"},
		{"Effect": "Deny", "Action": "lambda:*", "Resource": "*"},
		{"Effect": "Allow", "NotAction": "lambda:*", "Resource": "*"},
	])})
	role_pol := testing.resource("aws_iam_policy", "ci", {"policy": _json([{"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "*"}])})
	role_att := testing.with_references(testing.resource("aws_iam_role_policy_attachment", "ci", {"role": "ci", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.ci"]})
	role_only := testing.with_references(testing.resource("aws_iam_policy_attachment", "ci", {"name": "ci", "roles": ["ci"], "users": [], "groups": [], "policy_arn": null}), {"policy_arn": ["aws_iam_policy.ci"]})
	rp := testing.resource("aws_iam_role_policy", "ci", {"role": "ci", "policy": _json([{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}])})
	doc := testing.document([up, role_pol, role_att, role_only, rp])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknowns_stay_silent if {
	up := testing.resource("aws_iam_user_policy", "alice", {"user": "alice", "policy": _json([
		{"Effect": "Allow", "Action": [null], "Resource": "*"},
		{"Effect": null, "Action": "lambda:*", "Resource": "*"},
		{"Effect": "Allow", "NotAction": [null], "Resource": "*"},
	])})
	whole := testing.with_unknown(testing.resource("aws_iam_group_policy", "g", {"group": "g", "policy": null}), ["policy"])
	pol := testing.resource("aws_iam_policy", "p", {"policy": _json([{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}])})
	unknown_users := testing.with_unknown(testing.with_references(testing.resource("aws_iam_policy_attachment", "p", {"name": "p", "users": null, "policy_arn": null}), {"policy_arn": ["aws_iam_policy.p"]}), ["users"])
	doc := testing.document([up, whole, pol, unknown_users])
	findings := deny with input as doc
	count(findings) == 0
}
