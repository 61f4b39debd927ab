package tfwarden.lib

import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {
	"function_name": "api",
	"runtime": "python3.12",
	"publish": false,
	"timeout": 0,
	"kms_key_arn": "",
	"layers": [],
	"tags": {},
	"description": null,
	"tracing_config": [{"mode": "Active"}],
	"vpc_config": [{"subnet_ids": ["subnet-a", "subnet-b"], "security_group_ids": []}],
	"environment": [{"variables": {"DB_HOST": "db.internal", "0": "zero"}}],
})

# --- get -------------------------------------------------------------------------------------

test_get_top_level if {
	get(_fn, "runtime") == "python3.12"
}

test_get_nested_block if {
	get(_fn, "tracing_config.0.mode") == "Active"
}

test_get_list_element if {
	get(_fn, "vpc_config.0.subnet_ids.1") == "subnet-b"
}

test_get_whole_list if {
	get(_fn, "vpc_config.0.subnet_ids") == ["subnet-a", "subnet-b"]
}

test_get_map_key if {
	get(_fn, "environment.0.variables.DB_HOST") == "db.internal"
}

test_get_digit_map_key if {
	get(_fn, "environment.0.variables.0") == "zero"
}

test_get_false_value if {
	get(_fn, "publish") == false
}

test_get_zero_value if {
	get(_fn, "timeout") == 0
}

test_get_null_value_is_defined if {
	get(_fn, "description") == null
}

test_get_absent_is_undefined if {
	not get(_fn, "memory_size")
	not get(_fn, "tracing_config.0.missing")
	not get(_fn, "dead_letter_config.0.target_arn")
}

test_get_out_of_range_is_undefined if {
	not get(_fn, "vpc_config.1.subnet_ids")
	not get(_fn, "vpc_config.0.subnet_ids.2")
}

test_get_non_numeric_index_on_list_is_undefined if {
	not get(_fn, "vpc_config.first.subnet_ids")
}

test_get_through_scalar_is_undefined if {
	not get(_fn, "runtime.0")
}

test_get_ten_segments if {
	r := testing.resource("aws_iam_policy", "p", {"a": [{"b": [{"c": [{"d": [{"e": [{"f": "ten"}]}]}]}]}]})
	get(r, "a.0.b.0.c.0.d.0.e.0") == {"f": "ten"}
	not get(r, "a.0.b.0.c.0.d.0.e.0.f")
}

test_get_deep_path if {
	r := testing.resource("aws_iam_policy", "p", {"a": [{"b": [{"c": [{"d": [{"e": "deep"}]}]}]}]})
	get(r, "a.0.b.0.c.0.d.0.e") == "deep"
}

# --- unknown ---------------------------------------------------------------------------------

test_unknown_exact_path if {
	fn := testing.with_unknown(_fn, ["kms_key_arn"])
	unknown(fn, "kms_key_arn")
}

test_unknown_prefix_covers_descendants if {
	fn := testing.with_unknown(_fn, ["vpc_config"])
	unknown(fn, "vpc_config.0.subnet_ids")
	unknown(fn, "vpc_config.0")
	unknown(fn, "vpc_config")
}

test_unknown_prefix_must_end_at_segment if {
	fn := testing.with_unknown(_fn, ["tag"])
	not unknown(fn, "tags")
	not unknown(fn, "tags.Name")
}

test_unknown_descendant_does_not_make_parent_unknown if {
	fn := testing.with_unknown(_fn, ["environment.0.variables.SECRET"])
	unknown(fn, "environment.0.variables.SECRET")
	not unknown(fn, "environment.0.variables")
	not unknown(fn, "environment.0.variables.DB_HOST")
}

test_unknown_nothing_listed if {
	not unknown(_fn, "runtime")
}

# --- known / missing -------------------------------------------------------------------------

test_known_value if {
	known(_fn, "runtime")
	known(_fn, "publish")
	not known(_fn, "description")
	not known(_fn, "memory_size")
}

test_known_false_when_unknown if {
	fn := testing.with_unknown(object.union(_fn, {"values": object.union(_fn.values, {"runtime": null})}), ["runtime"])
	not known(fn, "runtime")
	not value(fn, "runtime")
}

test_missing_absent if {
	missing(_fn, "memory_size")
	missing(_fn, "dead_letter_config.0.target_arn")
}

test_missing_empty_values if {
	missing(_fn, "kms_key_arn")
	missing(_fn, "layers")
	missing(_fn, "tags")
	missing(_fn, "description")
}

test_missing_not_for_set_values if {
	not missing(_fn, "runtime")
	not missing(_fn, "publish")
	not missing(_fn, "timeout")
	not missing(_fn, "vpc_config.0.subnet_ids")
}

test_missing_not_when_unknown if {
	fn := testing.with_unknown(_fn, ["kms_key_arn", "vpc_config"])
	not missing(fn, "kms_key_arn")
	not missing(fn, "vpc_config.0.subnet_ids")
	not missing(fn, "vpc_config.0.anything")
}

# --- lookup ----------------------------------------------------------------------------------

test_resources_by_type_uses_index if {
	a := testing.resource("aws_lambda_function", "a", {})
	b := testing.resource("aws_s3_bucket", "b", {})
	c := testing.resource("aws_lambda_function", "c", {})
	d := testing.data_source("aws_lambda_function", "d", {})
	doc := testing.document([a, b, c, d])
	fns := functions with input as doc
	fns == [a, c]
	buckets := resources("aws_s3_bucket") with input as doc
	buckets == [b]
	datas := data_sources("aws_lambda_function") with input as doc
	datas == [d]
	queues := resources("aws_sqs_queue") with input as doc
	queues == []
}

test_resource_by_address if {
	a := testing.resource("aws_lambda_function", "a", {})
	b := testing.resource("aws_s3_bucket", "b", {})
	doc := testing.document([a, b])
	found := resource(".", "aws_s3_bucket.b") with input as doc
	found == b
	not resource(".", "aws_s3_bucket.nope") with input as doc
}

test_same_address_in_two_roots_stays_apart if {
	a := testing.in_root(testing.resource("aws_iam_role", "r", {"name": "a"}), "svc-a")
	b := testing.in_root(testing.resource("aws_iam_role", "r", {"name": "b"}), "svc-b")
	doc := testing.document([a, b])
	in_a := resource("svc-a", "aws_iam_role.r") with input as doc
	in_a.values.name == "a"
	in_b := resource("svc-b", "aws_iam_role.r") with input as doc
	in_b.values.name == "b"
}

test_providers_are_per_root if {
	fa := testing.in_root(testing.resource("aws_lambda_function", "f", {}), "svc-a")
	fb := testing.in_root(testing.resource("aws_lambda_function", "f", {}), "svc-b")
	pa := object.union(testing.provider("aws", {"default_tags": [{"tags": {"team": "a"}}]}), {"root": "svc-a"})
	pb := object.union(testing.provider("aws", {}), {"root": "svc-b"})
	doc := testing.document_with_providers([fa, fb], [pa, pb])
	tags_a := default_tags(fa) with input as doc
	tags_a == {"team": "a"}
	tags_b := default_tags(fb) with input as doc
	tags_b == {}
}

test_document_index if {
	a := testing.resource("aws_lambda_function", "a", {})
	b := testing.resource("aws_s3_bucket", "b", {})
	c := testing.resource("aws_lambda_function", "c", {})
	doc := testing.document([a, b, c])
	doc.index.by_type == {"aws_lambda_function": [0, 2], "aws_s3_bucket": [1]}
	doc.index.by_address == {".": {"aws_lambda_function.a": 0, "aws_s3_bucket.b": 1, "aws_lambda_function.c": 2}}
}

test_at_builds_finding if {
	at(_fn, "runtime", "m") == {"resource": "aws_lambda_function.api", "root": ".", "attribute": "runtime", "message": "m"}
	at_redacted(_fn, "x", "m").redact == true
}

# --- providers -------------------------------------------------------------------------------

test_provider_for_root if {
	p := testing.provider("aws", {"region": "eu-west-1"})
	west := testing.provider_alias("aws", "west", {"region": "us-west-2"})
	fn := testing.with_provider(_fn, "aws.west")
	got_west := provider_for(fn) with input as testing.document_with_providers([fn], [p, west])
	got_west == west
	root_fn := _fn
	got_root := provider_for(root_fn) with input as testing.document_with_providers([root_fn], [p, west])
	got_root == p
}

test_provider_for_module_prefers_module_entry if {
	root := testing.provider("aws", {"region": "eu-west-1"})
	inner := testing.provider_in_module(testing.provider("aws", {"region": "us-east-1"}), "module.fleet")
	fn := testing.in_module(_fn, "module.fleet")
	got := provider_for(fn) with input as testing.document_with_providers([fn], [root, inner])
	got == inner
}

test_provider_for_module_falls_back_to_root if {
	root := testing.provider("aws", {"region": "eu-west-1"})
	other := testing.provider_in_module(testing.provider("aws", {"region": "us-east-1"}), "module.other")
	fn := testing.in_module(_fn, "module.fleet")
	got := provider_for(fn) with input as testing.document_with_providers([fn], [root, other])
	got == root
}

# --- secrets ---------------------------------------------------------------------------------

test_secret_name if {
	secret_name("DB_PASSWORD")
	secret_name("db_passwd")
	secret_name("ClientSecret")
	secret_name("GITHUB_TOKEN")
	secret_name("STRIPE_API_KEY")
	secret_name("apikey")
	secret_name("SSH_PRIVATE_KEY")
	secret_name("AWS_SECRET_ACCESS_KEY")
	secret_name("GOOGLE_CREDENTIALS")
	secret_name("BASIC_AUTH")
	secret_name("AUTH_HEADER")
	secret_name("x-auth")
	secret_name("auth")
	not secret_name("AUTHOR")
	not secret_name("OAUTH_CLIENT_ID")
	not secret_name("DB_HOST")
}

test_secret_literal if {
	secret_literal("hunter2")
	secret_literal("a b")
	not secret_literal("")
	not secret_literal("   ")
	not secret_literal("3600")
	not secret_literal("-1.5")
	not secret_literal("true")
	not secret_literal("FALSE")
	not secret_literal("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db")
	not secret_literal("/prod/db/password")
	not secret_literal("ssm:/prod/db/password")
	not secret_literal("{{resolve:ssm:/prod/db/password}}")
	secret_literal("/not a path")
	not secret_literal(42)
}

test_credential_kind if {
	credential_kind("AKIAIOSFODNN7EXAMPLE") == "AWS access key ID"
	credential_kind("key=ASIAIOSFODNN7EXAMPLE;") == "AWS access key ID"
	credential_kind("-----BEGIN RSA PRIVATE KEY-----\nMIIE") == "private key"
	credential_kind("-----BEGIN PRIVATE KEY-----") == "private key"
	credential_kind("ghp_0123456789abcdefghijklmnopqrstuvwxyz") == "GitHub token"
	credential_kind("github_pat_11ABCDEFG0123456789_abcdefghijkl") == "GitHub token"
	credential_kind("xoxb-1234-5678-abcdef") == "Slack token"
	credential_kind("sk_live_abc123") == "Stripe live key"
	credential_kind("rk_live_abc123") == "Stripe live key"
	not credential_kind("AKIAIOSFODNN7EXAMPLEXX")
	not credential_kind("AKIA-short")
	not credential_kind("sk_test_abc123")
	not credential_kind("-----BEGIN CERTIFICATE-----")
	not credential_kind("ghp_short")
	not credential_kind("hello")
}

# --- configuration ---------------------------------------------------------------------------

test_today_from_config if {
	d := today with data.tfwarden.config.today as "2030-01-02"
	d == "2030-01-02"
}

test_required_tags_override if {
	a := required_tags with data.tfwarden.config.required_tags as ["owner"]
	a == ["owner"]
	b := required_tags with data.tfwarden.lambda.required_tags as ["team"]
	b == ["team"]
}

test_maybe_secret_is_a_superset_of_the_exact_checks if {
	every name, v in {
		"DB_PASSWORD": "hunter2",
		"basic_auth": "user:pass",
		"ANY": "AKIAIOSFODNN7EXAMPLE",
		"NOTES": "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
		"HOOK": "xoxb-1-2",
		"BILLING": "sk_live_abc",
		"PEM": "-----BEGIN RSA PRIVATE KEY-----",
	} {
		maybe_secret(name, v)
	}
	not maybe_secret("LOG_LEVEL", "info")
	not maybe_secret("REGION", "eu-west-1")
}

test_maybe_secret_names_agrees_with_maybe_secret if {
	vars := {
		"DB_PASSWORD": "hunter2",
		"db_secret_arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db",
		"NOTES": "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
		"PLAIN": "TOKEN in the value",
		"LOG_LEVEL": "info",
		"auth": null,
		"RETRIES": 3,
	}
	fn := testing.resource("aws_lambda_function", "f", {"environment": [{"variables": vars}]})
	quiet := testing.resource("aws_lambda_function", "g", {"environment": [{"variables": {"LOG_LEVEL": "warn", "STAGE": "prod"}}]})
	doc := testing.document([fn, quiet])
	names := maybe_secret_names(fn) with input as doc
	{n | some n in names; is_string(vars[n])} == {n | some n, v in vars; is_string(v); maybe_secret(n, v)}
	{n | some n in names; is_string(vars[n])} == {"DB_PASSWORD", "db_secret_arn", "NOTES", "PLAIN"}
	none := maybe_secret_names(quiet) with input as doc
	none == set()
}
