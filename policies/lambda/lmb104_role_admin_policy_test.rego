package tfwarden.lambda.lmb104

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name, role) := testing.with_unknown(
	testing.with_references(testing.resource("aws_lambda_function", name, {"function_name": name, "role": null}), {"role": [role]}),
	["role"],
)

_role(name) := testing.resource("aws_iam_role", name, {"name": name})

_attachment(name, role, arn) := testing.resource("aws_iam_role_policy_attachment", name, {"role": role, "policy_arn": arn})

test_fires_on_an_attachment_by_role_name if {
	att := _attachment("admin", "api", "arn:aws:iam::aws:policy/AdministratorAccess")
	doc := testing.document([_role("api"), att, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(att, "policy_arn", "aws_iam_role_policy_attachment.admin attaches the AWS-managed policy AdministratorAccess to the Lambda execution role aws_iam_role.api")}
}

test_fires_on_an_attachment_by_reference if {
	att := testing.with_unknown(testing.with_references(_attachment("power", null, "arn:aws:iam::aws:policy/PowerUserAccess"), {"role": ["aws_iam_role.api"]}), ["role"])
	doc := testing.document([_role("api"), att, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(att, "policy_arn", "aws_iam_role_policy_attachment.power attaches the AWS-managed policy PowerUserAccess to the Lambda execution role aws_iam_role.api")}
}

test_fires_on_a_managed_policy_arns_element if {
	role := testing.resource("aws_iam_role", "api", {"name": "api", "managed_policy_arns": [
		"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
		"arn:aws:iam::aws:policy/AmazonS3FullAccess",
	]})
	doc := testing.document([role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(role, "managed_policy_arns.1", "aws_iam_role.api attaches the AWS-managed policy AmazonS3FullAccess to the Lambda execution role aws_iam_role.api")}
}

test_fires_on_a_data_policy_and_a_policy_attachment if {
	admin := testing.data_source("aws_iam_policy", "admin", {"name": "IAMFullAccess"})
	att := testing.with_references(_attachment("iam", "api", null), {"policy_arn": ["data.aws_iam_policy.admin"]})
	pa := testing.resource("aws_iam_policy_attachment", "lambda_full", {"name": "x", "roles": ["api", "other"], "policy_arn": "arn:aws:iam::aws:policy/AWSLambda_FullAccess"})
	doc := testing.document([_role("api"), _role("other"), admin, att, pa, _fn("api", "aws_iam_role.api"), _fn("other", "aws_iam_role.other")])
	findings := deny with input as doc
	findings == {
		lib.at(att, "policy_arn", "aws_iam_role_policy_attachment.iam attaches the AWS-managed policy IAMFullAccess to the Lambda execution role aws_iam_role.api"),
		lib.at(pa, "policy_arn", "aws_iam_policy_attachment.lambda_full attaches the AWS-managed policy AWSLambda_FullAccess to the Lambda execution role aws_iam_role.api, aws_iam_role.other"),
	}
}

test_passes_on_scoped_customer_and_unused if {
	basic := _attachment("basic", "api", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
	customer := _attachment("customer", "api", "arn:aws:iam::111122223333:policy/OrdersFullAccess")
	unused := _attachment("unused", "unused", "arn:aws:iam::aws:policy/AdministratorAccess")
	doc := testing.document([_role("api"), _role("unused"), basic, customer, unused, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknowns_stay_silent if {
	unknown_arn := testing.with_unknown(_attachment("arn", "api", null), ["policy_arn"])
	unknown_role := testing.with_unknown(_attachment("role", null, "arn:aws:iam::aws:policy/AdministratorAccess"), ["role"])
	role := testing.with_unknown(testing.resource("aws_iam_role", "api", {"name": "api", "managed_policy_arns": [null]}), ["managed_policy_arns.0"])
	doc := testing.document([role, unknown_arn, unknown_role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	count(findings) == 0
}
