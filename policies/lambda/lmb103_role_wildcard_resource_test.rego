package tfwarden.lambda.lmb103

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name, role) := testing.with_unknown(
	testing.with_references(testing.resource("aws_lambda_function", name, {"function_name": name, "role": null}), {"role": [role]}),
	["role"],
)

_json(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_role(name) := testing.resource("aws_iam_role", name, {"name": name})

_role_policy(name, role, statements) := testing.resource("aws_iam_role_policy", name, {"role": role, "policy": _json(statements)})

test_fires_on_writes_on_star if {
	rp := _role_policy("api", "api", [{"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem", "kms:Decrypt"], "Resource": "*"}])
	doc := testing.document([_role("api"), rp, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(rp, "policy.Statement.0.Resource", `aws_iam_role_policy.api grants dynamodb:PutItem, kms:Decrypt on every resource ("*") to the Lambda execution role aws_iam_role.api`)}
}

test_fires_at_the_star_element_of_a_data_document if {
	d := testing.data_source("aws_iam_policy_document", "api", {"statement": [{"actions": ["logs:CreateLogStream", "logs:PutLogEvents"], "resources": ["arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/api:*", "*"]}]})
	role := testing.with_references(testing.resource("aws_iam_role", "api", {"name": "api", "inline_policy": [{"name": "logs", "policy": null}]}), {"inline_policy.0.policy": ["data.aws_iam_policy_document.api"]})
	doc := testing.document([role, d, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(d, "statement.0.resources.1", `data.aws_iam_policy_document.api grants logs:CreateLogStream, logs:PutLogEvents on every resource ("*") to the Lambda execution role aws_iam_role.api`)}
}

test_fires_on_not_action_on_star if {
	rp := _role_policy("api", "api", [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}])
	doc := testing.document([_role("api"), rp, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(rp, "policy.Statement.0.Resource", `aws_iam_role_policy.api grants every action not listed in NotAction on every resource ("*") to the Lambda execution role aws_iam_role.api`)}
}

test_fires_on_an_attached_policy_for_every_role if {
	pol := testing.resource("aws_iam_policy", "shared", {"policy": _json([{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}])})
	a := testing.with_references(testing.resource("aws_iam_role_policy_attachment", "a", {"role": "a", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.shared"]})
	b := testing.with_references(testing.resource("aws_iam_role_policy_attachment", "b", {"role": null, "policy_arn": null}), {"role": ["aws_iam_role.b"], "policy_arn": ["aws_iam_policy.shared"]})
	doc := testing.document([_role("a"), _role("b"), pol, a, b, _fn("a", "aws_iam_role.a"), _fn("b", "aws_iam_role.b")])
	findings := deny with input as doc
	findings == {lib.at(pol, "policy.Statement.0.Resource", `aws_iam_policy.shared grants sqs:SendMessage on every resource ("*") to the Lambda execution role aws_iam_role.a, aws_iam_role.b`)}
}

test_exempt_and_read_actions_pass if {
	rp := _role_policy("api", "api", [
		{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules"], "Resource": "*"},
		{"Effect": "Allow", "Action": ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"], "Resource": "*"},
		{"Effect": "Allow", "Action": ["cloudwatch:PutMetricData", "s3:ListAllMyBuckets", "ssm:Get*", "ec2:Describe*"], "Resource": ["*"]},
	])
	doc := testing.document([_role("api"), rp, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}

test_scoped_resources_deny_and_lmb102_statements_pass if {
	rp := _role_policy("api", "api", [
		{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::orders/*"},
		{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
		{"Effect": "Allow", "Action": ["s3:*", "kms:Decrypt"], "Resource": "*"},
		{"Effect": "Allow", "NotAction": "*", "Resource": "*"},
	])
	doc := testing.document([_role("api"), rp, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}

test_role_without_function_passes if {
	rp := _role_policy("api", "api", [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}])
	doc := testing.document([_role("api"), rp])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknowns_stay_silent if {
	rp := _role_policy("api", "api", [
		{"Effect": "Allow", "Action": "s3:PutObject", "Resource": null},
		{"Effect": "Allow", "Action": null, "Resource": "*"},
		{"Effect": "Allow", "NotAction": [null], "Resource": "*"},
		{"Effect": null, "Action": "s3:PutObject", "Resource": "*"},
	])
	doc := testing.document([_role("api"), rp, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}
