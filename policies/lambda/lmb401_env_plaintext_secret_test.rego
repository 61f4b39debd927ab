package tfwarden.lambda.lmb401

import data.tfwarden.lib
import data.tfwarden.testing

_fn(vars) := testing.resource("aws_lambda_function", "api", {"function_name": "api", "environment": [{"variables": vars}]})

test_passes_with_references_and_plain_config if {
	fn := _fn({
		"DB_HOST": "db.internal",
		"DB_PASSWORD_ARN": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf",
		"API_KEY_PARAM": "/prod/api/key",
		"TOKEN_SSM": "ssm:/prod/token",
		"SECRET_REF": "{{resolve:ssm:/prod/secret}}",
		"TOKEN_TTL": "3600",
		"USE_SECRET_CACHE": "true",
		"AUTHOR": "jane",
		"EMPTY_SECRET": "",
	})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_passes_without_environment if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_fires_on_secret_name_with_literal if {
	fn := _fn({"DB_PASSWORD": "hunter2", "DB_HOST": "db.internal"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at_redacted(fn, "environment.0.variables.DB_PASSWORD", "aws_lambda_function.api: environment variable DB_PASSWORD looks like a credential and holds a literal value")}
}

test_finding_is_redacted_and_message_has_no_value if {
	fn := _fn({"STRIPE_API_KEY": "s3cr3t-value"})
	findings := deny with input as testing.document([fn])
	some f in findings
	f.redact == true
	not contains(f.message, "s3cr3t-value")
}

test_fires_on_auth_word if {
	fn := _fn({"BASIC_AUTH": "user:pass", "AUTH_HEADER": "Bearer abc", "AUTHOR": "jane", "OAUTH_CLIENT_ID": "client"})
	findings := deny with input as testing.document([fn])
	{f.attribute | some f in findings} == {"environment.0.variables.BASIC_AUTH", "environment.0.variables.AUTH_HEADER"}
}

test_fires_on_credential_format_with_any_name if {
	fn := _fn({"KEY_ID": "AKIAIOSFODNN7EXAMPLE", "NOTES": "see ghp_0123456789abcdefghijklmnopqrstuvwxyz", "SIGNING": "-----BEGIN EC PRIVATE KEY-----\nMHc"})
	findings := deny with input as testing.document([fn])
	findings == {
		lib.at_redacted(fn, "environment.0.variables.KEY_ID", "aws_lambda_function.api: environment variable KEY_ID holds what looks like a plaintext credential (AWS access key ID)"),
		lib.at_redacted(fn, "environment.0.variables.NOTES", "aws_lambda_function.api: environment variable NOTES holds what looks like a plaintext credential (GitHub token)"),
		lib.at_redacted(fn, "environment.0.variables.SIGNING", "aws_lambda_function.api: environment variable SIGNING holds what looks like a plaintext credential (private key)"),
	}
}

test_one_finding_when_name_and_format_match if {
	fn := _fn({"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at_redacted(fn, "environment.0.variables.AWS_ACCESS_KEY_ID", "aws_lambda_function.api: environment variable AWS_ACCESS_KEY_ID holds what looks like a plaintext credential (AWS access key ID)")}
}

test_fires_on_slack_and_stripe if {
	fn := _fn({"HOOK": "xoxb-123-456-abc", "BILLING": "sk_live_abcdef"})
	findings := deny with input as testing.document([fn])
	{f.attribute | some f in findings} == {"environment.0.variables.HOOK", "environment.0.variables.BILLING"}
}

test_unknown_variable_does_not_fire if {
	fn := testing.with_unknown(_fn({"DB_PASSWORD": null}), ["environment.0.variables.DB_PASSWORD"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_variables_map_does_not_fire if {
	fn := testing.with_unknown(_fn(null), ["environment.0.variables"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_dynamic_environment_block_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"environment": null}), ["environment"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_non_string_values_do_not_fire if {
	fn := _fn({"TOKEN_LIMIT": 5, "SECRET_ENABLED": true})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_path_with_whitespace_is_a_literal if {
	fn := _fn({"DB_PASSWORD": "/not a parameter"})
	findings := deny with input as testing.document([fn])
	{f.attribute | some f in findings} == {"environment.0.variables.DB_PASSWORD"}
}

test_a_reference_is_never_a_literal_secret if {
	fn := testing.with_references(
		_fn({"SECRET_NAME": "orders/db-password", "API_TOKEN_PARAM": "prod-token", "DB_PASSWORD": "hunter2-literal"}),
		{
			"environment.0.variables.SECRET_NAME": ["aws_secretsmanager_secret.s"],
			"environment.0.variables.API_TOKEN_PARAM": ["module.params"],
		},
	)
	findings := deny with input as testing.document([fn])
	{f.attribute | some f in findings} == {"environment.0.variables.DB_PASSWORD"}
}

test_a_map_evaluated_whole_from_a_reference_is_not_a_literal if {
	fn := testing.with_references(_fn({"DB_PASSWORD": "from-a-resource"}), {"environment.0.variables": ["aws_ssm_parameter.p"]})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}
