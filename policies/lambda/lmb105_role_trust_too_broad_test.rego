package tfwarden.lambda.lmb105

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name, role) := testing.with_unknown(
	testing.with_references(testing.resource("aws_lambda_function", name, {"function_name": name, "role": null}), {"role": [role]}),
	["role"],
)

_trust(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_role(name, statements) := testing.resource("aws_iam_role", name, {"name": name, "assume_role_policy": _trust(statements)})

_allow(principal) := {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}

test_passes_on_lambda_and_edge_lambda if {
	a := _role("a", [_allow({"Service": "lambda.amazonaws.com"})])
	b := _role("b", [_allow({"Service": ["lambda.amazonaws.com", "EdgeLambda.amazonaws.com"]})])
	doc := testing.document([a, b, _fn("a", "aws_iam_role.a"), _fn("b", "aws_iam_role.b")])
	findings := deny with input as doc
	count(findings) == 0
}

test_fires_on_a_star_principal if {
	role := _role("api", [_allow({"Service": "lambda.amazonaws.com"}), _allow("*")])
	doc := testing.document([role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(role, "assume_role_policy.Statement.1.Principal", `aws_iam_role.api lets anyone ("*") assume the Lambda execution role aws_iam_role.api`)}
}

test_fires_on_an_account_root_and_another_service if {
	role := _role("api", [_allow({"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"], "AWS": "arn:aws:iam::111122223333:root"})])
	doc := testing.document([role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {
		lib.at(role, "assume_role_policy.Statement.0.Principal.Service.1", "aws_iam_role.api lets the service ec2.amazonaws.com assume the Lambda execution role aws_iam_role.api"),
		lib.at(role, "assume_role_policy.Statement.0.Principal.AWS", "aws_iam_role.api lets the AWS principal arn:aws:iam::111122223333:root assume the Lambda execution role aws_iam_role.api"),
	}
}

test_fires_on_aws_star_in_a_single_statement_object if {
	role := testing.resource("aws_iam_role", "api", {"name": "api", "assume_role_policy": json.marshal({"Statement": _allow({"AWS": "*"})})})
	doc := testing.document([role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(role, "assume_role_policy.Statement.Principal.AWS", `aws_iam_role.api lets anyone ("*") assume the Lambda execution role aws_iam_role.api`)}
}

test_fires_on_a_data_document_principal_shared_by_two_roles if {
	d := testing.data_source("aws_iam_policy_document", "trust", {"statement": [{
		"actions": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"],
		"principals": [
			{"type": "Service", "identifiers": ["lambda.amazonaws.com"]},
			{"type": "Federated", "identifiers": ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]},
		],
	}]})
	a := testing.with_references(testing.resource("aws_iam_role", "a", {"name": "a", "assume_role_policy": null}), {"assume_role_policy": ["data.aws_iam_policy_document.trust"]})
	b := testing.with_references(testing.resource("aws_iam_role", "b", {"name": "b", "assume_role_policy": null}), {"assume_role_policy": ["data.aws_iam_policy_document.trust"]})
	doc := testing.document([d, a, b, _fn("a", "aws_iam_role.a"), _fn("b", "aws_iam_role.b")])
	findings := deny with input as doc
	findings == {lib.at(d, "statement.0.principals.1.identifiers.0", "data.aws_iam_policy_document.trust lets the Federated principal arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com assume the Lambda execution role aws_iam_role.a, aws_iam_role.b")}
}

test_fires_on_a_star_typed_data_principal if {
	d := testing.data_source("aws_iam_policy_document", "trust", {"statement": [{"actions": ["sts:AssumeRole"], "principals": [{"type": "*", "identifiers": ["*"]}]}]})
	role := testing.with_references(testing.resource("aws_iam_role", "api", {"name": "api", "assume_role_policy": null}), {"assume_role_policy": ["data.aws_iam_policy_document.trust"]})
	doc := testing.document([d, role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(d, "statement.0.principals.0.identifiers.0", `data.aws_iam_policy_document.trust lets anyone ("*") assume the Lambda execution role aws_iam_role.api`)}
}

test_an_aws_principal_fires_even_when_its_arn_is_unknown if {
	role := testing.with_unknown(_role("api", [_allow({"Service": "lambda.amazonaws.com"}), _allow({"AWS": null})]), ["assume_role_policy.Statement.1.Principal.AWS"])
	doc := testing.document([role, _fn("api", "aws_iam_role.api")])
	findings := deny with input as doc
	findings == {lib.at(role, "assume_role_policy.Statement.1.Principal.AWS", "aws_iam_role.api lets a principal of type AWS (its identifier is unknown at scan time) assume the Lambda execution role aws_iam_role.api")}
}

test_deny_statements_and_roles_without_function_pass if {
	denied := _role("denied", [_allow({"Service": "lambda.amazonaws.com"}), {"Effect": "Deny", "Action": "sts:AssumeRole", "Principal": "*"}])
	unused := _role("unused", [_allow("*")])
	doc := testing.document([denied, unused, _fn("denied", "aws_iam_role.denied")])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknowns_stay_silent if {
	service := testing.with_unknown(_role("service", [_allow({"Service": null})]), ["assume_role_policy.Statement.0.Principal.Service"])
	principal := testing.with_unknown(_role("principal", [_allow(null)]), ["assume_role_policy.Statement.0.Principal"])
	whole := testing.with_unknown(testing.resource("aws_iam_role", "whole", {"assume_role_policy": null}), ["assume_role_policy"])
	d := testing.with_unknown(testing.data_source("aws_iam_policy_document", "t", {"statement": [{"actions": ["sts:AssumeRole"], "principals": [{"type": null, "identifiers": ["arn:aws:iam::111122223333:root"]}]}]}), ["statement.0.principals.0.type"])
	typed := testing.with_references(testing.resource("aws_iam_role", "typed", {"assume_role_policy": null}), {"assume_role_policy": ["data.aws_iam_policy_document.t"]})
	effect := testing.with_unknown(_role("effect", [{"Effect": null, "Action": "sts:AssumeRole", "Principal": "*"}]), ["assume_role_policy.Statement.0.Effect"])
	doc := testing.document([service, principal, whole, d, typed, effect, _fn("service", "aws_iam_role.service"), _fn("principal", "aws_iam_role.principal"), _fn("whole", "aws_iam_role.whole"), _fn("typed", "aws_iam_role.typed"), _fn("effect", "aws_iam_role.effect")])
	findings := deny with input as doc
	count(findings) == 0
}
