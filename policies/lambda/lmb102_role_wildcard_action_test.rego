package tfwarden.lambda.lmb102

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name, role) := testing.with_unknown(
	testing.with_references(testing.resource("aws_lambda_function", name, {"function_name": name, "role": null}), {"role": [role]}),
	["role"],
)

_json(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_role(name) := testing.resource("aws_iam_role", name, {"name": name})

test_fires_on_an_inline_policy_action_element if {
	role := testing.resource("aws_iam_role", "api", {"name": "api", "inline_policy": [{"name": "s3", "policy": _json([{"Effect": "Allow", "Action": ["s3:GetObject", "s3:*"], "Resource": "arn:aws:s3:::b/*"}])}]})
	doc := testing.document([role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(role, "inline_policy.0.policy.Statement.0.Action.1", `aws_iam_role.api grants every s3 action ("s3:*") to the Lambda execution role aws_iam_role.api`)}
}

test_fires_on_a_role_policy_with_a_star_string if {
	rp := testing.with_references(testing.resource("aws_iam_role_policy", "api", {"role": null, "policy": _json({"Effect": "Allow", "Action": "*", "Resource": "*"})}), {"role": ["aws_iam_role.api"]})
	doc := testing.document([_role("api"), rp, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(rp, "policy.Statement.Action", `aws_iam_role_policy.api grants every action ("*") to the Lambda execution role aws_iam_role.api`)}
}

test_fires_on_a_data_document_of_an_attached_policy if {
	d := testing.data_source("aws_iam_policy_document", "api", {"statement": [{"actions": ["dynamodb:GetItem", "DynamoDB:*"], "resources": ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]}]})
	pol := testing.with_references(testing.resource("aws_iam_policy", "api", {"policy": null}), {"policy": ["data.aws_iam_policy_document.api"]})
	att := testing.with_references(testing.resource("aws_iam_role_policy_attachment", "api", {"role": "api", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.api"]})
	doc := testing.document([_role("api"), d, pol, att, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(d, "statement.0.actions.1", `data.aws_iam_policy_document.api grants every DynamoDB action ("DynamoDB:*") to the Lambda execution role aws_iam_role.api`)}
}

test_fires_through_managed_policy_arns_and_policy_attachment if {
	role := testing.with_references(testing.resource("aws_iam_role", "api", {"name": "api", "managed_policy_arns": [null]}), {"managed_policy_arns.0": ["aws_iam_policy.a"]})
	a := testing.resource("aws_iam_policy", "a", {"policy": _json([{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}])})
	b := testing.resource("aws_iam_policy", "b", {"policy": _json([{"Effect": "Allow", "Action": "sns:*", "Resource": "*"}])})
	pa := testing.with_references(testing.resource("aws_iam_policy_attachment", "b", {"name": "b", "roles": ["api"], "policy_arn": null}), {"policy_arn": ["aws_iam_policy.b"]})
	doc := testing.document([role, a, b, pa, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {
		lib.at(a, "policy.Statement.0.Action", `aws_iam_policy.a grants every sqs action ("sqs:*") to the Lambda execution role aws_iam_role.api`),
		lib.at(b, "policy.Statement.0.Action", `aws_iam_policy.b grants every sns action ("sns:*") to the Lambda execution role aws_iam_role.api`),
	}
}

test_one_finding_for_a_document_shared_by_two_roles if {
	d := testing.data_source("aws_iam_policy_document", "common", {"statement": [{"actions": ["logs:*"], "resources": ["*"]}]})
	pa := testing.with_references(testing.resource("aws_iam_role_policy", "a", {"role": "a", "policy": null}), {"policy": ["data.aws_iam_policy_document.common"]})
	pb := testing.with_references(testing.resource("aws_iam_role_policy", "b", {"role": "b", "policy": null}), {"policy": ["data.aws_iam_policy_document.common"]})
	doc := testing.document([_role("a"), _role("b"), d, pa, pb, _fn("a", "aws_iam_role.a"), _fn("b", "aws_iam_role.b"), _fn("c", "aws_iam_role.b")])
	findings := deny with input as doc
	findings == {lib.at(d, "statement.0.actions.0", `data.aws_iam_policy_document.common grants every logs action ("logs:*") to the Lambda execution role aws_iam_role.a, aws_iam_role.b`)}
}

test_passes_on_specific_prefix_deny_or_unattached if {
	rp := testing.with_references(testing.resource("aws_iam_role_policy", "api", {"role": null, "policy": _json([
		{"Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "*"},
		{"Effect": "Deny", "Action": "*", "Resource": "*"},
		{"Action": "*", "Resource": "*"},
	])}), {"role": ["aws_iam_role.api"]})
	unused := testing.resource("aws_iam_role", "unused", {"name": "unused", "inline_policy": [{"name": "x", "policy": _json([{"Effect": "Allow", "Action": "*", "Resource": "*"}])}]})
	doc := testing.document([_role("api"), rp, unused, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}

test_literal_role_arn_is_out_of_reach if {
	fn := testing.resource("aws_lambda_function", "api", {"role": "arn:aws:iam::111122223333:role/api"})
	rp := testing.resource("aws_iam_role_policy", "api", {"role": "api", "policy": _json([{"Effect": "Allow", "Action": "*", "Resource": "*"}])})
	doc := testing.document([fn, rp])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknowns_stay_silent if {
	d := testing.with_unknown(testing.data_source("aws_iam_policy_document", "d", {"statement": [{"effect": null, "actions": [null, "s3:*"], "resources": ["*"]}]}), ["statement.0.effect", "statement.0.actions.0"])
	rp := testing.with_references(testing.resource("aws_iam_role_policy", "api", {"role": null, "policy": null}), {"role": ["aws_iam_role.api"], "policy": ["data.aws_iam_policy_document.d"]})
	unknown_policy := testing.with_unknown(testing.with_references(testing.resource("aws_iam_role_policy", "unknown", {"role": null, "policy": null}), {"role": ["aws_iam_role.api"]}), ["policy"])
	json_unknown := testing.with_references(testing.resource("aws_iam_role_policy", "json", {"role": null, "policy": _json([{"Effect": "Allow", "Action": null, "Resource": "*"}])}), {"role": ["aws_iam_role.api"]})
	doc := testing.document([_role("api"), d, rp, unknown_policy, json_unknown, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}
