# tfwarden helper library: resource lookup through the input index, attribute access by dot
# path, unknown-value semantics, finding builders and rule-specific predicates.
package tfwarden.lib

# ---------------------------------------------------------------------------------------------
# Resource lookup (always through input.index, never a scan of input.resources)
# ---------------------------------------------------------------------------------------------

# The managed resource instances of a type.
resources(type) := [r |
	some i in input.index.by_type[type]
	r := input.resources[i]
	r.mode == "managed"
]

# The data source instances of a type (data "aws_iam_policy_document" ...).
data_sources(type) := [r |
	some i in input.index.by_type[type]
	r := input.resources[i]
	r.mode == "data"
]

functions := resources("aws_lambda_function")

function_urls := resources("aws_lambda_function_url")

permissions := resources("aws_lambda_permission")

layer_permissions := resources("aws_lambda_layer_version_permission")

code_signing_configs := resources("aws_lambda_code_signing_config")

# One resource (or data source) instance by its full address.
resource(address) := input.resources[input.index.by_address[address]]

# ---------------------------------------------------------------------------------------------
# Attribute access
# ---------------------------------------------------------------------------------------------

# Is s a non-empty run of decimal digits (a list position in a path)?
_digits(s) if {
	s != ""
	trim_left(s, "0123456789") == ""
}

# One step down a value: list positions index arrays, any other segment indexes objects.
_step(v, s) := v[to_number(s)] if {
	is_array(v)
	_digits(s)
}

_step(v, s) := v[s] if is_object(v)

# The value at a dot path in r.values ("tracing_config.0.mode"); undefined when absent. An
# unknown value is null (see unknown). Works on providers too (they carry values/unknown).
# Paths up to 10 segments deep.
get(r, path) := v if {
	s := split(path, ".")
	count(s) == 1
	v := _step(r.values, s[0])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 2
	v := _step(_step(r.values, s[0]), s[1])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 3
	v := _step(_step(_step(r.values, s[0]), s[1]), s[2])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 4
	v := _step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 5
	v := _step(_step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3]), s[4])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 6
	v := _step(_step(_step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3]), s[4]), s[5])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 7
	v1 := _step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3])
	v := _step(_step(_step(v1, s[4]), s[5]), s[6])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 8
	v1 := _step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3])
	v := _step(_step(_step(_step(v1, s[4]), s[5]), s[6]), s[7])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 9
	v1 := _step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3])
	v := _step(_step(_step(_step(_step(v1, s[4]), s[5]), s[6]), s[7]), s[8])
}

get(r, path) := v if {
	s := split(path, ".")
	count(s) == 10
	v1 := _step(_step(_step(_step(_step(r.values, s[0]), s[1]), s[2]), s[3]), s[4])
	v := _step(_step(_step(_step(_step(v1, s[5]), s[6]), s[7]), s[8]), s[9])
}

# The value at path cannot be known at scan time: path itself, or a path it starts with, is
# listed in r.unknown ("vpc_config" unknown makes "vpc_config.0.subnet_ids" unknown).
unknown(r, path) if {
	some u in r.unknown
	u == path
}

unknown(r, path) if {
	some u in r.unknown
	startswith(path, concat("", [u, "."]))
}

# get succeeds with a non-null value that is not unknown.
known(r, path) if {
	v := get(r, path)
	v != null
	not unknown(r, path)
}

# The known, non-null value at path; undefined when absent, null or unknown.
value(r, path) := v if {
	v := get(r, path)
	v != null
	not unknown(r, path)
}

_present(r, path) if {
	_ := get(r, path)
}

_empty(v) if v == null

_empty(v) if v == ""

_empty(v) if v == []

_empty(v) if v == {}

# Absent, null, "", [] or {}, and not unknown: the thing is really not set.
missing(r, path) if {
	not unknown(r, path)
	not _present(r, path)
}

missing(r, path) if {
	not unknown(r, path)
	_empty(get(r, path))
}

# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

# A finding on resource r at attribute path ("" for the block itself).
at(r, path, msg) := {"resource": r.address, "attribute": path, "message": msg}

# A finding whose attribute holds a secret: outputs mask the value.
at_redacted(r, path, msg) := {"resource": r.address, "attribute": path, "message": msg, "redact": true}

# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------

# The evaluation date (YYYY-MM-DD): data.tfwarden.config.today, else the clock.
today := d if {
	d := data.tfwarden.config.today
} else := d if {
	[y, m, day] := time.date(time.now_ns())
	d := sprintf("%d-%s-%s", [y, _two_digits(m), _two_digits(day)])
}

_two_digits(n) := sprintf("0%d", [n]) if n < 10

_two_digits(n) := sprintf("%d", [n]) if n >= 10

# Tag keys every function must carry: data.tfwarden.config.required_tags overrides
# data.tfwarden.lambda.required_tags; empty by default.
required_tags := t if {
	t := data.tfwarden.config.required_tags
} else := t if {
	t := data.tfwarden.lambda.required_tags
} else := []

# ---------------------------------------------------------------------------------------------
# Providers
# ---------------------------------------------------------------------------------------------

_module_providers(r) := [p |
	some p in input.providers
	p.key == r.provider
	p.module == r.module
]

_root_providers(r) := [p |
	some p in input.providers
	p.key == r.provider
	p.module == ""
]

# The provider configuration of r: the entry with r's provider key in r's module, else the
# root module's entry with that key.
provider_for(r) := _module_providers(r)[0]

provider_for(r) := _root_providers(r)[0] if count(_module_providers(r)) == 0

# ---------------------------------------------------------------------------------------------
# Functions: network (LMB201, LMB202)
# ---------------------------------------------------------------------------------------------

# The function has subnets in its vpc_config (unknown subnets count as subnets).
has_vpc_subnets(fn) if not missing(fn, "vpc_config.0.subnet_ids")

# The known list of subnet ids of the function's vpc_config.
vpc_subnets(fn) := s if {
	s := value(fn, "vpc_config.0.subnet_ids")
	is_array(s)
}

# ---------------------------------------------------------------------------------------------
# Functions: environment (LMB401, LMB402)
# ---------------------------------------------------------------------------------------------

# The known environment variables of a function (an object); undefined when unknown or absent.
env_variables(fn) := vars if {
	vars := value(fn, "environment.0.variables")
	is_object(vars)
}

# The function has at least one environment variable (known to exist).
has_env_variables(fn) if count(env_variables(fn)) > 0

# Attribute path of one environment variable.
env_path(name) := concat(".", ["environment.0.variables", name])

# A known literal string value of environment variable name.
env_literal(fn, name) := v if {
	v := env_variables(fn)[name]
	is_string(v)
	not unknown(fn, env_path(name))
}

_secret_words := ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL"]

# The variable name looks like a credential: one of the secret words as a substring, or AUTH
# as a whole word of the name split on "_", "-" and "." (AUTH_HEADER yes, AUTHOR no).
secret_name(name) if {
	n := upper(name)
	some w in _secret_words
	contains(n, w)
}

secret_name(name) if {
	words := split(replace(replace(upper(name), "-", "_"), ".", "_"), "_")
	"AUTH" in words
}

# A value that names or points at a secret instead of holding one.
_not_a_secret(v) if regex.match(`^[+-]?[0-9]+(\.[0-9]+)?$`, v)

_not_a_secret(v) if lower(v) in {"true", "false"}

_not_a_secret(v) if startswith(v, "arn:")

_not_a_secret(v) if {
	startswith(v, "/")
	not regex.match(`[[:space:]]`, v)
}

_not_a_secret(v) if startswith(v, "ssm:")

_not_a_secret(v) if contains(v, "{{resolve:")

# A non-empty literal that is not a number, boolean, ARN, SSM parameter path or reference.
secret_literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not _not_a_secret(v)
}

# Cheap prefilter so the credential regexes only run on values that could match.
_credential_hint(v) if contains(v, "AKIA")

_credential_hint(v) if contains(v, "ASIA")

_credential_hint(v) if contains(v, "PRIVATE KEY-----")

_credential_hint(v) if contains(v, "ghp_")

_credential_hint(v) if contains(v, "gho_")

_credential_hint(v) if contains(v, "ghu_")

_credential_hint(v) if contains(v, "ghs_")

_credential_hint(v) if contains(v, "ghr_")

_credential_hint(v) if contains(v, "github_pat_")

_credential_hint(v) if contains(v, "xox")

_credential_hint(v) if contains(v, "_live_")

# The kind of credential a literal value looks like; undefined when it looks like none.
credential_kind(v) := kind if {
	_credential_hint(v)
	kind := _credential_kind(v)
}

_credential_kind(v) := "AWS access key ID" if {
	regex.match(`(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)`, v)
} else := "private key" if {
	regex.match(`-----BEGIN [A-Z ]*PRIVATE KEY-----`, v)
} else := "GitHub token" if {
	regex.match(`(gh[pousr]_[A-Za-z0-9]{36})|(github_pat_[A-Za-z0-9_]{22,})`, v)
} else := "Slack token" if {
	regex.match(`xox[abprs]-[A-Za-z0-9]`, v)
} else := "Stripe live key" if {
	regex.match(`(sk|rk)_live_[A-Za-z0-9]`, v)
}

# ---------------------------------------------------------------------------------------------
# Functions: monitoring (LMB501)
# ---------------------------------------------------------------------------------------------

# X-Ray active tracing is on, or cannot be known.
tracing_active(fn) if get(fn, "tracing_config.0.mode") == "Active"

tracing_active(fn) if unknown(fn, "tracing_config.0.mode")

# ---------------------------------------------------------------------------------------------
# Functions: runtime (LMB601)
# ---------------------------------------------------------------------------------------------

# The function's known runtime identifier.
runtime(fn) := rt if {
	rt := value(fn, "runtime")
	is_string(rt)
}

# The announced deprecation date of a runtime identifier (YYYY-MM-DD); undefined when none.
runtime_deprecation(rt) := d if {
	d := data.tfwarden.lambda.runtimes[rt].deprecation
	is_string(d)
}

# ---------------------------------------------------------------------------------------------
# Functions: code integrity (LMB602)
# ---------------------------------------------------------------------------------------------

# The function is packaged as a .zip archive (package_type absent means Zip; unknown is not).
zip_packaged(fn) if missing(fn, "package_type")

zip_packaged(fn) if value(fn, "package_type") == "Zip"

# ---------------------------------------------------------------------------------------------
# Functions: scaling (LMB701)
# ---------------------------------------------------------------------------------------------

# reserved_concurrent_executions is unset, null or -1 (scales to the account limit).
unbounded_concurrency(fn) if missing(fn, "reserved_concurrent_executions")

unbounded_concurrency(fn) if value(fn, "reserved_concurrent_executions") == -1

# ---------------------------------------------------------------------------------------------
# Permissions (LMB301, LMB302, LMB308, LMB605)
# ---------------------------------------------------------------------------------------------

# The principal is an AWS service principal (s3.amazonaws.com, events.amazonaws.com, ...).
service_principal(p) if {
	is_string(p)
	endswith(p, ".amazonaws.com")
}

# The actions a function permission is expected to grant.
invoke_actions := {"lambda:invokefunction", "lambda:invokefunctionurl"}

# ---------------------------------------------------------------------------------------------
# Tags (LMB801)
# ---------------------------------------------------------------------------------------------

# The tags cannot be known: the resource's own tags or its provider's default_tags.
tags_unknown(r) if unknown(r, "tags")

tags_unknown(r) if unknown(provider_for(r), "default_tags.0.tags")

_own_tags(r) := t if {
	t := value(r, "tags")
	is_object(t)
} else := {}

_default_tags(r) := t if {
	t := value(provider_for(r), "default_tags.0.tags")
	is_object(t)
} else := {}

# The tag keys a resource ends up with: its own tags plus the provider's default_tags.
tag_keys(r) := {k | some k, _ in _own_tags(r)} | {k | some k, _ in _default_tags(r)}
