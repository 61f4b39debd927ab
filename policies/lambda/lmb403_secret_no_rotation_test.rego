package tfwarden.lambda.lmb403

import data.tfwarden.lib
import data.tfwarden.testing

_secret := testing.resource("aws_secretsmanager_secret", "db", {"name": "orders/db"})

_env_fn(name, refs) := testing.with_references(
	testing.resource("aws_lambda_function", name, {"function_name": name, "environment": [{"variables": {"DB_SECRET_ARN": null}}]}),
	{"environment.0.variables.DB_SECRET_ARN": refs},
)

_rotation(refs) := testing.with_references(testing.resource("aws_secretsmanager_secret_rotation", "db", {"secret_id": null, "rotation_rules": [{"automatically_after_days": 30}]}), {"secret_id": refs})

test_fires_on_a_secret_in_the_environment if {
	fn := _env_fn("api", ["aws_secretsmanager_secret.db"])
	doc := testing.document([_secret, fn])
	findings := deny with input as doc
	findings == {lib.at(_secret, "", "aws_secretsmanager_secret.db is used by aws_lambda_function.api but has no aws_secretsmanager_secret_rotation")}
}

test_one_finding_per_secret_naming_every_function if {
	a := _env_fn("a", ["aws_secretsmanager_secret.db"])
	b := _env_fn("b", ["aws_secretsmanager_secret.db"])
	doc := testing.document([_secret, a, b])
	findings := deny with input as doc
	findings == {lib.at(_secret, "", "aws_secretsmanager_secret.db is used by aws_lambda_function.a, aws_lambda_function.b but has no aws_secretsmanager_secret_rotation")}
}

test_fires_through_a_secret_version if {
	version := testing.with_references(testing.resource("aws_secretsmanager_secret_version", "db", {"secret_string": null}), {"secret_id": ["aws_secretsmanager_secret.db"]})
	fn := _env_fn("api", ["aws_secretsmanager_secret_version.db"])
	doc := testing.document([_secret, version, fn])
	findings := deny with input as doc
	findings == {lib.at(_secret, "", "aws_secretsmanager_secret.db is used by aws_lambda_function.api but has no aws_secretsmanager_secret_rotation")}
}

test_fires_on_a_secret_in_the_role_policy if {
	d := testing.with_references(
		testing.data_source("aws_iam_policy_document", "read", {"statement": [{"actions": ["secretsmanager:GetSecretValue"], "resources": [null]}]}),
		{"statement.0.resources.0": ["aws_secretsmanager_secret.db"]},
	)
	rp := testing.with_references(testing.resource("aws_iam_role_policy", "read", {"role": "api", "policy": null}), {"policy": ["data.aws_iam_policy_document.read"]})
	role := testing.resource("aws_iam_role", "api", {"name": "api"})
	fn := testing.with_references(testing.resource("aws_lambda_function", "api", {"role": null}), {"role": ["aws_iam_role.api"]})
	doc := testing.document([_secret, d, rp, role, fn])
	findings := deny with input as doc
	findings == {lib.at(_secret, "", "aws_secretsmanager_secret.db is used by aws_lambda_function.api but has no aws_secretsmanager_secret_rotation")}
}

test_fires_in_a_module if {
	secret := testing.in_module(_secret, "module.api")
	fn := testing.in_module(_env_fn("this", ["module.api.aws_secretsmanager_secret.db"]), "module.api")
	doc := testing.document([secret, fn])
	findings := deny with input as doc
	{f.resource | some f in findings} == {"module.api.aws_secretsmanager_secret.db"}
}

test_passes_with_rotation_by_reference if {
	fn := _env_fn("api", ["aws_secretsmanager_secret.db"])
	doc := testing.document([_secret, fn, _rotation(["aws_secretsmanager_secret.db"])])
	findings := deny with input as doc
	count(findings) == 0
}

test_passes_with_rotation_by_name if {
	fn := _env_fn("api", ["aws_secretsmanager_secret.db"])
	rot := testing.resource("aws_secretsmanager_secret_rotation", "db", {"secret_id": "orders/db"})
	doc := testing.document([_secret, fn, rot])
	findings := deny with input as doc
	count(findings) == 0
}

test_fires_when_the_rotation_is_for_another_secret if {
	other := testing.resource("aws_secretsmanager_secret", "other", {"name": "orders/other"})
	fn := _env_fn("api", ["aws_secretsmanager_secret.db"])
	doc := testing.document([_secret, other, fn, _rotation(["aws_secretsmanager_secret.other"])])
	findings := deny with input as doc
	findings == {lib.at(_secret, "", "aws_secretsmanager_secret.db is used by aws_lambda_function.api but has no aws_secretsmanager_secret_rotation")}
}

test_secrets_no_function_uses_pass if {
	fn := testing.resource("aws_lambda_function", "api", {"environment": [{"variables": {"DB_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db-AbCdEf"}}]})
	doc := testing.document([_secret, fn])
	findings := deny with input as doc
	count(findings) == 0
}

test_undecidable_rotation_stays_silent if {
	fn := _env_fn("api", ["aws_secretsmanager_secret.db"])
	rot := testing.with_unknown(testing.resource("aws_secretsmanager_secret_rotation", "x", {"secret_id": null}), ["secret_id"])
	doc := testing.document([_secret, fn, rot])
	findings := deny with input as doc
	count(findings) == 0
}
