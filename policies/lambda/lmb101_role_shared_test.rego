package tfwarden.lambda.lmb101

import data.tfwarden.lib
import data.tfwarden.testing

_role := testing.resource("aws_iam_role", "shared", {"name": "shared"})

_fn(name, role_refs) := testing.with_unknown(
	testing.with_references(testing.resource("aws_lambda_function", name, {"function_name": name, "role": null}), {"role": role_refs}),
	["role"],
)

_literal(name, arn) := testing.resource("aws_lambda_function", name, {"function_name": name, "role": arn})

test_fires_on_every_function_of_a_shared_role if {
	a := _fn("a", ["aws_iam_role.shared"])
	b := _fn("b", ["aws_iam_role.shared"])
	c := _fn("c", ["aws_iam_role.shared"])
	doc := testing.document([_role, a, b, c])
	findings := deny with input as doc
	findings == {
		lib.at(a, "role", "aws_lambda_function.a shares its execution role aws_iam_role.shared with aws_lambda_function.b, aws_lambda_function.c; give each function its own role"),
		lib.at(b, "role", "aws_lambda_function.b shares its execution role aws_iam_role.shared with aws_lambda_function.a, aws_lambda_function.c; give each function its own role"),
		lib.at(c, "role", "aws_lambda_function.c shares its execution role aws_iam_role.shared with aws_lambda_function.a, aws_lambda_function.b; give each function its own role"),
	}
}

test_fires_on_a_shared_literal_arn if {
	a := _literal("a", "arn:aws:iam::111122223333:role/lambda")
	b := _literal("b", "arn:aws:iam::111122223333:role/lambda")
	doc := testing.document([a, b])
	findings := deny with input as doc
	findings == {
		lib.at(a, "role", "aws_lambda_function.a shares its execution role arn:aws:iam::111122223333:role/lambda with aws_lambda_function.b; give each function its own role"),
		lib.at(b, "role", "aws_lambda_function.b shares its execution role arn:aws:iam::111122223333:role/lambda with aws_lambda_function.a; give each function its own role"),
	}
}

test_fires_on_a_shared_data_role if {
	existing := testing.data_source("aws_iam_role", "existing", {"name": "legacy"})
	a := _fn("a", ["data.aws_iam_role.existing"])
	b := _fn("b", ["data.aws_iam_role.existing"])
	doc := testing.document([existing, a, b])
	findings := deny with input as doc
	count(findings) == 2
}

test_fires_across_module_instances if {
	a := testing.in_module(_fn("this", ["aws_iam_role.shared"]), "module.fn[\"a\"]")
	b := testing.in_module(_fn("this", ["aws_iam_role.shared"]), "module.fn[\"b\"]")
	doc := testing.document([_role, a, b])
	findings := deny with input as doc
	{f.resource | some f in findings} == {"module.fn[\"a\"].aws_lambda_function.this", "module.fn[\"b\"].aws_lambda_function.this"}
}

test_passes_with_one_role_per_function if {
	other := testing.resource("aws_iam_role", "other", {})
	a := _fn("a", ["aws_iam_role.shared"])
	b := _fn("b", ["aws_iam_role.other"])
	c := _literal("c", "arn:aws:iam::111122223333:role/c")
	d := _literal("d", "arn:aws:iam::111122223333:role/d")
	doc := testing.document([_role, other, a, b, c, d])
	findings := deny with input as doc
	count(findings) == 0
}

test_passes_with_one_role_per_instance if {
	r0 := testing.with_index(_role, 0)
	r1 := testing.with_index(_role, 1)
	a := testing.with_index(_fn("f", ["aws_iam_role.shared[0]"]), 0)
	b := testing.with_index(_fn("f", ["aws_iam_role.shared[1]"]), 1)
	doc := testing.document([r0, r1, a, b])
	findings := deny with input as doc
	count(findings) == 0
}

test_same_address_in_two_roots_is_not_shared if {
	a := _fn("a", ["aws_iam_role.shared"])
	b := testing.in_root(_fn("b", ["aws_iam_role.shared"]), "other")
	doc := testing.document([_role, testing.in_root(_role, "other"), a, b])
	findings := deny with input as doc
	count(findings) == 0
}

test_unknown_roles_stay_silent if {
	a := testing.with_unknown(testing.resource("aws_lambda_function", "a", {"role": null}), ["role"])
	b := testing.with_unknown(testing.resource("aws_lambda_function", "b", {"role": null}), ["role"])
	other := testing.resource("aws_iam_role", "other", {})
	c := _fn("c", ["aws_iam_role.shared", "aws_iam_role.other"])
	d := _fn("d", ["aws_iam_role.shared"])
	doc := testing.document([_role, other, a, b, c, d])
	findings := deny with input as doc
	count(findings) == 0
}
