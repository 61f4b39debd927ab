package tfwarden.lib

import data.tfwarden.testing

# --- execution roles ---------------------------------------------------------------------------

_role := testing.resource("aws_iam_role", "api", {"name": "orders-api"})

_fn_with_role(name, refs) := testing.with_unknown(
	testing.with_references(testing.resource("aws_lambda_function", name, {"function_name": name, "role": null}), {"role": refs}),
	["role"],
)

test_function_role_by_reference if {
	fn := _fn_with_role("api", ["aws_iam_role.api"])
	role := function_role(fn) with input as testing.document([fn, _role])
	role.address == "aws_iam_role.api"
}

test_function_role_of_a_module_instance if {
	role := testing.in_module(_role, "module.fn[\"a\"]")
	fn := testing.in_module(_fn_with_role("this", ["module.fn[\"a\"].aws_iam_role.api"]), "module.fn[\"a\"]")
	found := function_role(fn) with input as testing.document([fn, role])
	found.address == "module.fn[\"a\"].aws_iam_role.api"
}

test_function_role_undefined_for_literal_arn_data_role_or_choice if {
	lit := testing.resource("aws_lambda_function", "lit", {"role": "arn:aws:iam::111122223333:role/x"})
	data_role := testing.data_source("aws_iam_role", "existing", {"name": "existing"})
	by_data := _fn_with_role("by_data", ["data.aws_iam_role.existing"])
	other := testing.resource("aws_iam_role", "other", {})
	choice := _fn_with_role("choice", ["aws_iam_role.api", "aws_iam_role.other"])
	doc := testing.document([lit, data_role, by_data, other, choice, _role])
	not function_role(lit) with input as doc
	not function_role(by_data) with input as doc
	not function_role(choice) with input as doc
}

test_function_role_stays_in_the_root if {
	doc := testing.document([testing.in_root(_role, "other-root")])
	not function_role(_fn_with_role("x", ["aws_iam_role.api"])) with input as doc
}

test_role_key_address_literal_data_and_unknown if {
	data_role := testing.data_source("aws_iam_role", "existing", {})
	other := testing.resource("aws_iam_role", "other", {})
	doc := testing.document([_role, data_role, other])
	role_key(_fn_with_role("a", ["aws_iam_role.api"])) == "aws_iam_role.api" with input as doc
	role_key(_fn_with_role("b", ["data.aws_iam_role.existing"])) == "data.aws_iam_role.existing" with input as doc
	role_key(testing.resource("aws_lambda_function", "c", {"role": "arn:aws:iam::111122223333:role/x"})) == "arn:aws:iam::111122223333:role/x" with input as doc
	not role_key(testing.with_unknown(testing.resource("aws_lambda_function", "d", {"role": null}), ["role"])) with input as doc
	not role_key(_fn_with_role("e", ["aws_iam_role.api", "aws_iam_role.other"])) with input as doc
	not role_key(_fn_with_role("f", ["aws_s3_bucket.b"])) with input as doc
}

test_execution_roles_are_the_roles_of_functions if {
	unused := testing.resource("aws_iam_role", "unused", {})
	fn := _fn_with_role("api", ["aws_iam_role.api"])
	roles := execution_roles with input as testing.document([fn, _role, unused])
	{r.address | some r in roles} == {"aws_iam_role.api"}
}

# --- statements ---------------------------------------------------------------------------------

# [path, effect, action paths, action values] of each statement.
_shape(sts) := [[st.path, st.effect, [a.path | some a in st.actions], [a.value | some a in st.actions]] | some st in sts]

test_json_statements_array_and_string_forms if {
	r := testing.resource("aws_iam_role_policy", "p", {"policy": json.marshal({"Statement": [
		{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
		{"Effect": "Deny", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": ["arn:aws:s3:::b/*", null]},
	]})})
	sts := statements(r, "policy") with input as testing.document([r])
	_shape(sts) == [
		["policy.Statement.0", "Allow", ["policy.Statement.0.Action"], ["s3:GetObject"]],
		["policy.Statement.1", "Deny", ["policy.Statement.1.Action.0", "policy.Statement.1.Action.1"], ["s3:PutObject", "s3:DeleteObject"]],
	]
	sts[0].resources == [{"value": "*", "path": "policy.Statement.0.Resource"}]
	sts[1].resources == [{"value": "arn:aws:s3:::b/*", "path": "policy.Statement.1.Resource.0"}, {"value": null, "path": "policy.Statement.1.Resource.1"}]
	sts[0].owner.address == "aws_iam_role_policy.p"
	sts[0].resources_path == "policy.Statement.0.Resource"
}

test_json_statement_single_object if {
	r := testing.resource("aws_iam_policy", "p", {"policy": `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}}`})
	sts := statements(r, "policy") with input as testing.document([r])
	_shape(sts) == [["policy.Statement", "Allow", [], []]]
	sts[0].not_actions == [{"value": "iam:*", "path": "policy.Statement.NotAction.0"}]
	sts[0].not_actions_path == "policy.Statement.NotAction"
}

test_json_statements_nested_attribute_and_principals if {
	trust := json.marshal({"Statement": [
		{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"},
		{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"], "AWS": null}, "Action": "sts:AssumeRole"},
	]})
	r := testing.resource("aws_iam_role", "r", {"assume_role_policy": trust})
	sts := statements(r, "assume_role_policy") with input as testing.document([r])
	sts[0].principals == [{"type": "*", "value": "*", "path": "assume_role_policy.Statement.0.Principal"}]
	{p | some p in sts[1].principals} == {
		{"type": "Service", "value": "lambda.amazonaws.com", "path": "assume_role_policy.Statement.1.Principal.Service.0"},
		{"type": "Service", "value": "ec2.amazonaws.com", "path": "assume_role_policy.Statement.1.Principal.Service.1"},
		{"type": "AWS", "value": null, "path": "assume_role_policy.Statement.1.Principal.AWS"},
	}
}

test_json_statements_of_unknown_invalid_or_absent_policies_are_empty if {
	unknown := testing.with_unknown(testing.resource("aws_iam_policy", "u", {"policy": null}), ["policy"])
	invalid := testing.resource("aws_iam_policy", "i", {"policy": "{not json"})
	scalar := testing.resource("aws_iam_policy", "s", {"policy": "42"})
	no_statement := testing.resource("aws_iam_policy", "n", {"policy": "{\"Version\": \"2012-10-17\"}"})
	absent := testing.resource("aws_iam_policy", "a", {})
	doc := testing.document([unknown, invalid, scalar, no_statement, absent])
	statements(unknown, "policy") == [] with input as doc
	statements(invalid, "policy") == [] with input as doc
	statements(scalar, "policy") == [] with input as doc
	statements(no_statement, "policy") == [] with input as doc
	statements(absent, "policy") == [] with input as doc
}

test_json_statement_without_effect_is_not_allow if {
	r := testing.resource("aws_iam_policy", "p", {"policy": json.marshal({"Statement": [{"Action": "*", "Resource": "*"}]})})
	sts := statements(r, "policy") with input as testing.document([r])
	sts[0].effect == null
}

_doc := testing.data_source("aws_iam_policy_document", "d", {"statement": [
	{"actions": ["s3:GetObject", "s3:*"], "resources": ["*"]},
	{
		"sid": "Trust",
		"effect": "Deny",
		"actions": ["sts:AssumeRole"],
		"principals": [{"type": "Service", "identifiers": ["lambda.amazonaws.com"]}, {"type": "AWS", "identifiers": null}],
		"condition": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["111122223333"]}],
	},
]})

test_data_document_statements if {
	r := testing.with_references(testing.resource("aws_iam_role_policy", "p", {"policy": null}), {"policy": ["data.aws_iam_policy_document.d"]})
	sts := statements(r, "policy") with input as testing.document([r, _doc])
	_shape(sts) == [
		["statement.0", "Allow", ["statement.0.actions.0", "statement.0.actions.1"], ["s3:GetObject", "s3:*"]],
		["statement.1", "Deny", ["statement.1.actions.0"], ["sts:AssumeRole"]],
	]
	sts[0].owner.address == "data.aws_iam_policy_document.d"
	sts[0].resources == [{"value": "*", "path": "statement.0.resources.0"}]
	sts[0].resources_path == "statement.0.resources"
	sts[1].sid == "Trust"
	sts[1].principals == [
		{"type": "Service", "value": "lambda.amazonaws.com", "path": "statement.1.principals.0.identifiers.0"},
		{"type": "AWS", "value": null, "path": "statement.1.principals.1.identifiers"},
	]
	sts[1].conditions[0].variable == "aws:SourceAccount"
}

test_data_document_wins_over_the_rendered_json if {
	r := testing.with_references(testing.resource("aws_iam_policy", "p", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})}), {"policy": ["data.aws_iam_policy_document.d"]})
	sts := statements(r, "policy") with input as testing.document([r, _doc])
	{st.owner.address | some st in sts} == {"data.aws_iam_policy_document.d"}
}

test_data_document_with_unknown_statements_is_empty if {
	d := testing.with_unknown(testing.data_source("aws_iam_policy_document", "dyn", {"statement": null}), ["statement"])
	r := testing.with_references(testing.resource("aws_iam_policy", "p", {"policy": null}), {"policy": ["data.aws_iam_policy_document.dyn"]})
	statements(r, "policy") == [] with input as testing.document([r, d])
}

test_data_document_merges_source_and_override_documents_by_sid if {
	source := testing.data_source("aws_iam_policy_document", "source", {"statement": [
		{"sid": "Read", "actions": ["s3:*"], "resources": ["*"]},
		{"sid": "Logs", "actions": ["logs:PutLogEvents"], "resources": ["*"]},
	]})
	override := testing.data_source("aws_iam_policy_document", "override", {"statement": [{"sid": "Write", "actions": ["s3:PutObject"], "resources": ["arn:aws:s3:::b/*"]}]})
	main := testing.with_references(testing.data_source("aws_iam_policy_document", "main", {
		"source_policy_documents": [null, json.marshal({"Statement": [{"Sid": "Extra", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]})],
		"override_policy_documents": [null],
		"statement": [
			{"sid": "Read", "actions": ["s3:GetObject"], "resources": ["*"]},
			{"sid": "Write", "actions": ["s3:*"], "resources": ["*"]},
		],
	}), {"source_policy_documents.0": ["data.aws_iam_policy_document.source"], "override_policy_documents.0": ["data.aws_iam_policy_document.override"]})
	doc := testing.document([source, override, main])
	sts := document_statements(main) with input as doc
	[[st.owner.address, st.path] | some st in sts] == [
		["data.aws_iam_policy_document.source", "statement.1"],
		["data.aws_iam_policy_document.main", "source_policy_documents.1.Statement.0"],
		["data.aws_iam_policy_document.main", "statement.0"],
		["data.aws_iam_policy_document.override", "statement.0"],
	]
}

test_data_document_merges_a_whole_list_expression if {
	source := testing.data_source("aws_iam_policy_document", "source", {"statement": [{"actions": ["s3:*"], "resources": ["*"]}]})
	main := testing.with_references(
		testing.with_unknown(testing.data_source("aws_iam_policy_document", "main", {"source_policy_documents": null}), ["source_policy_documents"]),
		{"source_policy_documents": ["data.aws_iam_policy_document.source"]},
	)
	sts := document_statements(main) with input as testing.document([source, main])
	[[st.owner.address, st.path] | some st in sts] == [["data.aws_iam_policy_document.source", "statement.0"]]
}

# --- policies reaching a role ---------------------------------------------------------------------

_policy_json(action) := json.marshal({"Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})

_role_api := testing.with_references(testing.resource("aws_iam_role", "api", {
	"name": "orders-api",
	"inline_policy": [{"name": "inline", "policy": _policy_json("inline:Action")}],
	"managed_policy_arns": [null, "arn:aws:iam::aws:policy/ReadOnlyAccess"],
}), {"managed_policy_arns.0": ["aws_iam_policy.managed"]})

_reach_resources := [
	_role_api,
	testing.resource("aws_iam_policy", "managed", {"policy": _policy_json("managed:Action")}),
	testing.with_references(testing.resource("aws_iam_role_policy", "by_ref", {"role": null, "policy": _policy_json("rp:ByRef")}), {"role": ["aws_iam_role.api"]}),
	testing.resource("aws_iam_role_policy", "by_name", {"role": "orders-api", "policy": _policy_json("rp:ByName")}),
	testing.resource("aws_iam_role_policy", "other_role", {"role": "someone-else", "policy": _policy_json("rp:Other")}),
	testing.with_references(testing.resource("aws_iam_role_policy_attachment", "att", {"role": "orders-api", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.attached"]}),
	testing.resource("aws_iam_policy", "attached", {"policy": _policy_json("att:Attached")}),
	testing.with_references(testing.resource("aws_iam_policy_attachment", "multi", {"name": "multi", "roles": [null], "policy_arn": null}), {"roles.0": ["aws_iam_role.api"], "policy_arn": ["aws_iam_policy.multi"]}),
	testing.resource("aws_iam_policy", "multi", {"policy": _policy_json("multi:Attached")}),
	testing.resource("aws_iam_policy", "unattached", {"policy": _policy_json("none:Unattached")}),
	testing.resource("aws_iam_role_policy_attachment", "literal", {"role": "orders-api", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
	testing.with_references(testing.resource("aws_iam_role_policy_attachment", "data_arn", {"role": "orders-api", "policy_arn": null}), {"policy_arn": ["data.aws_iam_policy.power"]}),
	testing.data_source("aws_iam_policy", "power", {"name": "PowerUserAccess"}),
]

test_role_statements_follow_every_join if {
	doc := testing.document(_reach_resources)
	sts := role_statements(_role_api) with input as doc
	{[st.owner.address, st.actions[0].value] | some st in sts} == {
		["aws_iam_role.api", "inline:Action"],
		["aws_iam_policy.managed", "managed:Action"],
		["aws_iam_role_policy.by_ref", "rp:ByRef"],
		["aws_iam_role_policy.by_name", "rp:ByName"],
		["aws_iam_policy.attached", "att:Attached"],
		["aws_iam_policy.multi", "multi:Attached"],
	}
	some st in sts
	st.owner.address == "aws_iam_role.api"
	st.path == "inline_policy.0.policy.Statement.0"
}

test_role_statements_stay_in_the_root if {
	moved := testing.in_root(testing.resource("aws_iam_role_policy", "by_name", {"role": "orders-api", "policy": _policy_json("rp:ByName")}), "elsewhere")
	sts := role_statements(testing.resource("aws_iam_role", "api", {"name": "orders-api"})) with input as testing.document([testing.resource("aws_iam_role", "api", {"name": "orders-api"}), moved])
	sts == []
}

test_role_name_join_needs_a_known_name if {
	role := testing.with_unknown(testing.resource("aws_iam_role", "api", {"name": null}), ["name"])
	rp := testing.resource("aws_iam_role_policy", "p", {"role": "orders-api", "policy": _policy_json("rp:X")})
	sts := role_statements(role) with input as testing.document([role, rp])
	sts == []
}

test_role_managed_arns if {
	doc := testing.document(_reach_resources)
	arns := role_managed_arns(_role_api) with input as doc
	{[x.arn, x.owner.address, x.path] | some x in arns} == {
		["arn:aws:iam::aws:policy/ReadOnlyAccess", "aws_iam_role.api", "managed_policy_arns.1"],
		["arn:aws:iam::aws:policy/AdministratorAccess", "aws_iam_role_policy_attachment.literal", "policy_arn"],
		["arn:aws:iam::aws:policy/PowerUserAccess", "aws_iam_role_policy_attachment.data_arn", "policy_arn"],
	}
}

test_admin_policy_name if {
	admin_policy_name("arn:aws:iam::aws:policy/AdministratorAccess") == "AdministratorAccess"
	admin_policy_name("arn:aws:iam::aws:policy/PowerUserAccess") == "PowerUserAccess"
	admin_policy_name("arn:aws:iam::aws:policy/IAMFullAccess") == "IAMFullAccess"
	admin_policy_name("arn:aws:iam::aws:policy/AmazonS3FullAccess") == "AmazonS3FullAccess"
	admin_policy_name("arn:aws-us-gov:iam::aws:policy/AWSLambda_FullAccess") == "AWSLambda_FullAccess"
	admin_policy_name("arn:aws:iam::aws:policy/job-function/AdministratorAccess") == "AdministratorAccess"
	not admin_policy_name("arn:aws:iam::aws:policy/ReadOnlyAccess")
	not admin_policy_name("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
	not admin_policy_name("arn:aws:iam::111122223333:policy/OrdersFullAccess")
	not admin_policy_name(null)
}

# --- users, groups, every document -----------------------------------------------------------------

test_human_policies if {
	up := testing.resource("aws_iam_user_policy", "up", {"user": "alice", "policy": "{}"})
	gp := testing.resource("aws_iam_group_policy", "gp", {"group": "devs", "policy": "{}"})
	upa := testing.with_references(testing.resource("aws_iam_user_policy_attachment", "upa", {"user": "alice", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.u"]})
	gpa := testing.with_references(testing.resource("aws_iam_group_policy_attachment", "gpa", {"group": "devs", "policy_arn": null}), {"policy_arn": ["aws_iam_policy.g"]})
	pa_users := testing.with_references(testing.resource("aws_iam_policy_attachment", "pa_users", {"name": "x", "users": ["bob"], "policy_arn": null}), {"policy_arn": ["aws_iam_policy.pa"]})
	pa_roles := testing.with_references(testing.resource("aws_iam_policy_attachment", "pa_roles", {"name": "y", "roles": ["r"], "users": [], "policy_arn": null}), {"policy_arn": ["aws_iam_policy.roles_only"]})
	pols := [testing.resource("aws_iam_policy", n, {"policy": "{}"}) | some n in ["u", "g", "pa", "roles_only"]]
	rp := testing.resource("aws_iam_role_policy", "rp", {"role": "r", "policy": "{}"})
	doc := testing.document(array.concat([up, gp, upa, gpa, pa_users, pa_roles, rp], pols))
	found := human_policies with input as doc
	{[h[0].address, h[1]] | some h in found} == {
		["aws_iam_user_policy.up", "policy"],
		["aws_iam_group_policy.gp", "policy"],
		["aws_iam_policy.u", "policy"],
		["aws_iam_policy.g", "policy"],
		["aws_iam_policy.pa", "policy"],
	}
}

test_policy_documents if {
	doc := testing.document([
		testing.resource("aws_iam_policy", "p", {}),
		testing.resource("aws_iam_role_policy", "rp", {}),
		testing.resource("aws_iam_user_policy", "up", {}),
		testing.resource("aws_iam_group_policy", "gp", {}),
		testing.resource("aws_iam_role", "r", {"inline_policy": [{"name": "a"}, {"name": "b"}]}),
		testing.resource("aws_iam_role", "plain", {}),
	])
	found := policy_documents with input as doc
	{[h[0].address, h[1]] | some h in found} == {
		["aws_iam_policy.p", "policy"],
		["aws_iam_role_policy.rp", "policy"],
		["aws_iam_user_policy.up", "policy"],
		["aws_iam_group_policy.gp", "policy"],
		["aws_iam_role.r", "inline_policy.0.policy"],
		["aws_iam_role.r", "inline_policy.1.policy"],
	}
}

# --- actions ---------------------------------------------------------------------------------------

test_wildcard_action if {
	wildcard_action("*")
	wildcard_action("s3:*")
	wildcard_action("Lambda:*")
	not wildcard_action("s3:Get*")
	not wildcard_action("s3:*Object")
	not wildcard_action("s3:GetObject")
	not wildcard_action(null)
}

test_action_covers if {
	action_covers("*", "lambda:createfunction")
	action_covers("lambda:*", "lambda:createfunction")
	action_covers("Lambda:CreateFunction", "lambda:createfunction")
	action_covers("lambda:Create*", "lambda:createfunction")
	action_covers("lambda:Update?unctionCode", "lambda:updatefunctioncode")
	not action_covers("lambda:CreateFunctionUrlConfig", "lambda:createfunction")
	not action_covers("lambda:Invoke*", "lambda:createfunction")
	not action_covers(null, "lambda:createfunction")
	not action_covers("lambda:{Create}", "lambda:createfunction")
}

test_read_and_scoped_actions if {
	read_action("ec2:DescribeInstances")
	read_action("s3:Get*")
	read_action("dynamodb:ListTables")
	not read_action("s3:PutObject")
	scoped_action("s3:PutObject")
	scoped_action("kms:Decrypt")
	scoped_action("logs:CreateLogGroup")
	scoped_action("s3:*Object")
	not scoped_action("s3:GetObject")
	not scoped_action("xray:PutTraceSegments")
	not scoped_action("EC2:CreateNetworkInterface")
	not scoped_action("cloudwatch:PutMetricData")
	not scoped_action(null)
}

test_granting_paths if {
	st := {
		"actions": [{"value": "lambda:*", "path": "a.0"}, {"value": "s3:GetObject", "path": "a.1"}, {"value": null, "path": "a.2"}],
		"not_actions": [],
		"not_actions_path": "na",
	}
	granting_paths(st, "lambda:createfunction") == {"a.0"}
	granting_paths(st, "iam:passrole") == set()
	not_iam := {"actions": [], "not_actions": [{"value": "iam:*", "path": "na.0"}], "not_actions_path": "na"}
	granting_paths(not_iam, "lambda:createfunction") == {"na"}
	granting_paths(not_iam, "iam:passrole") == set()
	unknown := {"actions": [], "not_actions": [{"value": null, "path": "na.0"}], "not_actions_path": "na"}
	granting_paths(unknown, "lambda:createfunction") == set()
}

test_wildcard_resource_paths if {
	wildcard_resource_paths({"resources": [{"value": "arn:aws:s3:::b", "path": "r.0"}, {"value": "*", "path": "r.1"}, {"value": null, "path": "r.2"}]}) == {"r.1"}
}

test_address_list if {
	address_list({"b", "a"}) == "a, b"
}

# --- secrets -------------------------------------------------------------------------------------

_secret := testing.resource("aws_secretsmanager_secret", "db", {"name": "orders/db"})

test_function_secrets_from_environment_and_version if {
	version := testing.with_references(testing.resource("aws_secretsmanager_secret_version", "v", {"secret_string": null}), {"secret_id": ["aws_secretsmanager_secret.db"]})
	other := testing.resource("aws_secretsmanager_secret", "other", {})
	fn := testing.with_references(testing.resource("aws_lambda_function", "f", {"environment": [{"variables": {"A": null, "B": null}}]}), {
		"environment.0.variables.A": ["aws_secretsmanager_secret_version.v"],
		"environment.0.variables.B": ["aws_s3_bucket.b"],
	})
	found := function_secrets(fn) with input as testing.document([fn, version, _secret, other])
	{s.address | some s in found} == {"aws_secretsmanager_secret.db"}
}

test_function_secrets_from_role_policy_resources if {
	d := testing.with_references(
		testing.data_source("aws_iam_policy_document", "d", {"statement": [
			{"actions": ["secretsmanager:GetSecretValue"], "resources": [null]},
			{"effect": "Deny", "actions": ["secretsmanager:*"], "resources": [null]},
		]}),
		{"statement.0.resources.0": ["aws_secretsmanager_secret.db"], "statement.1.resources.0": ["aws_secretsmanager_secret.denied"]},
	)
	denied := testing.resource("aws_secretsmanager_secret", "denied", {})
	role := testing.with_references(testing.resource("aws_iam_role", "r", {"inline_policy": [{"name": "x", "policy": null}]}), {"inline_policy.0.policy": ["data.aws_iam_policy_document.d"]})
	fn := _fn_with_role("f", ["aws_iam_role.r"])
	found := function_secrets(fn) with input as testing.document([fn, role, d, _secret, denied])
	{s.address | some s in found} == {"aws_secretsmanager_secret.db"}
}

test_function_secrets_from_a_json_statement_resource if {
	rp := testing.with_references(
		testing.resource("aws_iam_role_policy", "p", {"role": null, "policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": null}]})}),
		{"role": ["aws_iam_role.r"], "policy.Statement.0.Resource": ["aws_secretsmanager_secret.db"]},
	)
	role := testing.resource("aws_iam_role", "r", {})
	fn := _fn_with_role("f", ["aws_iam_role.r"])
	found := function_secrets(fn) with input as testing.document([fn, role, rp, _secret])
	{s.address | some s in found} == {"aws_secretsmanager_secret.db"}
}

test_function_secrets_from_an_unknown_whole_policy if {
	rp := testing.with_unknown(testing.with_references(
		testing.resource("aws_iam_role_policy", "p", {"role": null, "policy": null}),
		{"role": ["aws_iam_role.r"], "policy": ["aws_secretsmanager_secret.db"]},
	), ["policy", "role"])
	role := testing.resource("aws_iam_role", "r", {})
	fn := _fn_with_role("f", ["aws_iam_role.r"])
	found := function_secrets(fn) with input as testing.document([fn, role, rp, _secret])
	{s.address | some s in found} == {"aws_secretsmanager_secret.db"}
}

test_secret_rotated_by_reference if {
	by_ref := testing.with_references(testing.resource("aws_secretsmanager_secret_rotation", "r", {"secret_id": null}), {"secret_id": ["aws_secretsmanager_secret.db"]})
	doc := testing.document([_secret, by_ref])
	secret_rotated(_secret) with input as doc
}

test_secret_rotated_by_name if {
	by_name := testing.resource("aws_secretsmanager_secret_rotation", "r", {"secret_id": "orders/db"})
	doc := testing.document([_secret, by_name])
	secret_rotated(_secret) with input as doc
}

test_secret_rotated_by_arn if {
	by_arn := testing.resource("aws_secretsmanager_secret_rotation", "r", {"secret_id": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db-AbCdEf"})
	doc := testing.document([_secret, by_arn])
	secret_rotated(_secret) with input as doc
}

test_secret_rotated_by_partial_arn if {
	partial := testing.resource("aws_secretsmanager_secret_rotation", "r", {"secret_id": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db"})
	doc := testing.document([_secret, partial])
	secret_rotated(_secret) with input as doc
}

test_secret_rotation_undecidable if {
	unknown := testing.with_unknown(testing.resource("aws_secretsmanager_secret_rotation", "r", {"secret_id": null}), ["secret_id"])
	doc := testing.document([_secret, unknown])
	secret_rotated(_secret) with input as doc
}

test_secret_rotated_inline_legacy_or_unknown if {
	legacy := testing.resource("aws_secretsmanager_secret", "legacy", {"rotation_lambda_arn": "arn:aws:lambda:eu-west-1:111122223333:function:rotate"})
	rules_unknown := testing.with_unknown(testing.resource("aws_secretsmanager_secret", "u", {"rotation_rules": null}), ["rotation_rules"])
	doc := testing.document([legacy, rules_unknown])
	secret_rotated(legacy) with input as doc
	secret_rotated(rules_unknown) with input as doc
}

test_secret_not_rotated if {
	other := testing.resource("aws_secretsmanager_secret", "other", {"name": "orders/api"})
	for_other := testing.with_references(testing.resource("aws_secretsmanager_secret_rotation", "r", {"secret_id": null}), {"secret_id": ["aws_secretsmanager_secret.other"]})
	by_other_name := testing.resource("aws_secretsmanager_secret_rotation", "n", {"secret_id": "orders/api"})
	elsewhere := testing.in_root(testing.with_unknown(testing.resource("aws_secretsmanager_secret_rotation", "u", {"secret_id": null}), ["secret_id"]), "other")
	doc := testing.document([_secret, other, for_other, by_other_name, elsewhere])
	not secret_rotated(_secret) with input as doc
}

test_secret_without_any_rotation_is_not_rotated if {
	doc := testing.document([_secret])
	not secret_rotated(_secret) with input as doc
}







test_function_role_among_references_to_other_things if {
	bucket := testing.resource("aws_s3_bucket", "b", {})
	fn := _fn_with_role("api", ["aws_iam_role.api", "aws_s3_bucket.b"])
	doc := testing.document([fn, _role, bucket])
	role := function_role(fn) with input as doc
	role.address == "aws_iam_role.api"
}

test_role_managed_arns_from_a_data_policy_arn if {
	role := testing.resource("aws_iam_role", "api", {"name": "api"})
	d := testing.data_source("aws_iam_policy", "admin", {"arn": "arn:aws:iam::aws:policy/AdministratorAccess"})
	att := testing.with_references(testing.resource("aws_iam_role_policy_attachment", "a", {"role": "api", "policy_arn": null}), {"policy_arn": ["data.aws_iam_policy.admin"]})
	doc := testing.document([role, d, att])
	arns := role_managed_arns(role) with input as doc
	{x.arn | some x in arns} == {"arn:aws:iam::aws:policy/AdministratorAccess"}
}

# --- the other way round: documents to roles, ARNs to roles, raw statements ------------------------
# The rules that go from documents or ARNs to roles (LMB102-LMB104) rely on these helpers giving
# exactly what the role-to-document helpers give.

_other_role := testing.resource("aws_iam_role", "other", {"name": "someone-else", "inline_policy": [{"name": "x", "policy": _policy_json("other:Inline")}]})

test_document_role_keys_invert_role_policies if {
	doc := testing.document(array.concat(_reach_resources, [_other_role]))
	forward := {[h[0].address, h[1], k] |
		some role in resources("aws_iam_role")
		k := concat("|", [role.root, role.address])
		some h in role_policies(role)
	} with input as doc
	backward := {[h[0].address, h[1], k] | some h in role_documents; some k in document_role_keys(h)} with input as doc
	count(forward) == 8
	forward == backward
}

test_arn_role_keys_invert_role_managed_arns if {
	doc := testing.document(array.concat(_reach_resources, [_other_role]))
	forward := {[x.owner.address, x.path, x.arn, k] |
		some role in resources("aws_iam_role")
		k := concat("|", [role.root, role.address])
		some x in role_managed_arns(role)
	} with input as doc
	backward := {[h[0].address, h[1], arn, k] |
		some h in role_arn_holders
		some arn in policy_arns(h[0], h[1])
		some k in arn_role_keys(h)
	} with input as doc
	count(forward) == 3
	forward == backward
}

test_execution_role_keys_are_the_keys_of_execution_roles if {
	single := _fn_with_role("single", ["aws_iam_role.api"])
	choice := _fn_with_role("choice", ["aws_s3_bucket.b", "aws_iam_role.other"])
	by_data := _fn_with_role("by_data", ["data.aws_iam_role.existing"])
	unused := testing.resource("aws_iam_role", "unused", {})
	doc := testing.document([single, choice, by_data, _role, _other_role, unused, testing.resource("aws_s3_bucket", "b", {}), testing.data_source("aws_iam_role", "existing", {})])
	keys := execution_role_keys with input as doc
	roles := execution_roles with input as doc
	{k | some k, _ in roles} == {".|aws_iam_role.api", ".|aws_iam_role.other"}
	{k | some k in keys; startswith(k, ".|aws_iam_role.")} == {".|aws_iam_role.api", ".|aws_iam_role.other"}
	role_key(choice) == "aws_iam_role.other" with input as doc
}

test_json_raw_statements_and_json_statement_give_statements if {
	r := testing.resource("aws_iam_role_policy", "p", {"policy": json.marshal({"Statement": [
		{"Effect": "Allow", "Action": ["s3:GetObject", "s3:*"], "Resource": "*"},
		"not a statement",
		{"Effect": "Deny", "NotAction": "iam:*", "Resource": ["arn:aws:s3:::b", null], "Principal": "*"},
	]})})
	single := testing.resource("aws_iam_policy", "s", {"policy": `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`})
	doc := testing.document([r, single])
	raw := json_raw_statements(r, "policy", "s3:") with input as doc
	[i | some [i, _] in raw] == [0, 1, 2]
	[json_statement(r, "policy", i, st) | some [i, st] in raw; is_object(st)] == statements(r, "policy") with input as doc
	[json_statement_actions("policy", i, st) | some [i, st] in raw; is_object(st)] == [st.actions | some st in statements(r, "policy")] with input as doc
	raw_single := json_raw_statements(single, "policy", "*") with input as doc
	[json_statement(single, "policy", i, st) | some [i, st] in raw_single] == statements(single, "policy") with input as doc
	raw_single[0][0] == -1
}

test_json_raw_statements_needle_escapes_and_documents if {
	plain := testing.resource("aws_iam_policy", "plain", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})})
	escaped := testing.resource("aws_iam_policy", "escaped", {"policy": `{"Statement": [{"Effect": "Allow", "Action": "s3:\u002a", "Resource": "x"}]}`})
	text := json.marshal({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
	inline := testing.resource("aws_iam_role", "r", {"inline_policy": [{"name": "a", "policy": text}]})
	data_doc := testing.data_source("aws_iam_policy_document", "d", {"statement": [{"actions": ["s3:*"], "resources": ["*"]}]})
	by_doc := testing.with_references(testing.resource("aws_iam_policy", "by_doc", {"policy": null}), {"policy": ["data.aws_iam_policy_document.d"]})
	doc := testing.document([plain, escaped, inline, data_doc, by_doc])
	json_raw_statements(plain, "policy", "iam:") == [] with input as doc
	count(json_raw_statements(plain, "policy", "s3:")) == 1 with input as doc
	count(json_raw_statements(escaped, "policy", "*")) == 1 with input as doc
	count(json_raw_statements(inline, "inline_policy.0.policy", "*")) == 1 with input as doc
	not json_raw_statements(by_doc, "policy", "*") with input as doc
	[[i, st.Action] | some [i, st] in text_raw_statements(text)] == [[0, "s3:*"]]
	text_raw_statements("{not json") == []
}

test_json_grants_agrees_with_granting_paths if {
	raws := [
		{"Effect": "Allow", "Action": "lambda:*"},
		{"Effect": "Allow", "Action": ["s3:GetObject", "Lambda:CreateFunction"]},
		{"Effect": "Allow", "Action": ["s3:GetObject"]},
		{"Effect": "Allow", "NotAction": ["s3:*"]},
		{"Effect": "Allow", "NotAction": "lambda:*"},
		{"Effect": "Allow", "NotAction": ["s3:*", null]},
		{"Effect": "Allow", "NotAction": []},
		{"Effect": "Allow", "Action": 42},
		{"Effect": "Allow"},
	]
	r := testing.resource("aws_iam_policy", "p", {})
	every action in ["lambda:createfunction", "iam:passrole"] {
		every i, raw in raws {
			st := json_statement(r, "policy", i, raw)
			_grants_or_false(raw, action) == (count(granting_paths(st, action)) > 0)
		}
	}
}

_grants_or_false(raw, action) := true if {
	json_grants(raw, action)
} else := false

test_identity_documents_are_policy_documents if {
	doc := testing.document(array.concat(_reach_resources, [
		_other_role,
		testing.resource("aws_iam_user_policy", "up", {"policy": "{}"}),
		testing.resource("aws_iam_group_policy", "gp", {"policy": "{}"}),
	]))
	list := identity_documents with input as doc
	set := policy_documents with input as doc
	count(list) == count(set)
	{h | some h in list} == set
}

test_function_secrets_with_a_policy_that_refers_to_nothing if {
	secret := testing.resource("aws_secretsmanager_secret", "db", {"name": "db"})
	role := testing.resource("aws_iam_role", "api", {"name": "api"})
	rp := testing.with_references(testing.resource("aws_iam_role_policy", "p", {"role": null, "policy": _policy_json("secretsmanager:GetSecretValue")}), {"role": ["aws_iam_role.api"]})
	fn := testing.with_references(_fn_with_role("api", ["aws_iam_role.api"]), {"role": ["aws_iam_role.api"], "environment.0.variables.DB": ["aws_secretsmanager_secret.db"]})
	found := function_secrets(fn) with input as testing.document([secret, role, rp, fn])
	{s.address | some s in found} == {"aws_secretsmanager_secret.db"}
}

test_a_plan_data_document_statement_without_effect_allows if {
	d := testing.data_source("aws_iam_policy_document", "d", {"statement": [
		{"effect": null, "actions": ["s3:GetObject"], "resources": ["*"]},
		{"effect": null, "actions": ["s3:PutObject"], "resources": ["*"]},
	]})
	u := testing.with_unknown(d, ["statement.1.effect"])
	effects := [st.effect | some st in document_statements(u)] with input as testing.document([u])
	effects == ["Allow", null]
}
