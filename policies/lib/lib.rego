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

# The common types, written out (a function call per type costs more than the comprehension).
functions := [r |
	some i in input.index.by_type.aws_lambda_function
	r := input.resources[i]
	r.mode == "managed"
]

function_urls := [r |
	some i in input.index.by_type.aws_lambda_function_url
	r := input.resources[i]
	r.mode == "managed"
]

permissions := [r |
	some i in input.index.by_type.aws_lambda_permission
	r := input.resources[i]
	r.mode == "managed"
]

layer_permissions := [r |
	some i in input.index.by_type.aws_lambda_layer_version_permission
	r := input.resources[i]
	r.mode == "managed"
]

code_signing_configs := [r |
	some i in input.index.by_type.aws_lambda_code_signing_config
	r := input.resources[i]
	r.mode == "managed"
]

# One resource (or data source) instance by its root module and full address. A scan can hold
# many root modules (a monorepo); addresses are unique only within one, so joins stay in r.root:
# resource(r.root, "aws_iam_role.x").
resource(root, address) := input.resources[i] if {
	positions := input.index.by_address[root]
	i := positions[address]
}

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
# Paths up to 10 segments deep. Rules on hot paths use direct references instead (a rule-specific
# helper with fn.values.tracing_config[0].mode is several times cheaper).
get(r, path) := _walk(r.values, split(path, "."))

_walk(v, s) := _step(v, s[0]) if count(s) == 1

_walk(v, s) := _step(_step(v, s[0]), s[1]) if count(s) == 2

_walk(v, s) := _step(_step(_step(v, s[0]), s[1]), s[2]) if count(s) == 3

_walk(v, s) := _step(_step(_step(_step(v, s[0]), s[1]), s[2]), s[3]) if count(s) == 4

_walk(v, s) := _step(_step(_step(_step(_step(v, s[0]), s[1]), s[2]), s[3]), s[4]) if count(s) == 5

_walk(v, s) := _step(_walk5(v, s), s[5]) if count(s) == 6

_walk(v, s) := _step(_step(_walk5(v, s), s[5]), s[6]) if count(s) == 7

_walk(v, s) := _step(_step(_step(_walk5(v, s), s[5]), s[6]), s[7]) if count(s) == 8

_walk(v, s) := _step(_step(_step(_step(_walk5(v, s), s[5]), s[6]), s[7]), s[8]) if count(s) == 9

_walk(v, s) := _step(_step(_step(_step(_step(_walk5(v, s), s[5]), s[6]), s[7]), s[8]), s[9]) if count(s) == 10

_walk5(v, s) := _step(_step(_step(_step(_step(v, s[0]), s[1]), s[2]), s[3]), s[4])

# The value at path cannot be known at scan time: path itself, or a path it starts with, is
# listed in r.unknown ("vpc_config" unknown makes "vpc_config.0.subnet_ids" unknown).
unknown(r, path) if {
	some u in r.unknown
	startswith(path, u)
	_extends(path, u)
}

# path is u, or continues u with a "." (so "tags" does not make "tags_all" unknown).
_extends(path, u) if count(path) == count(u)

_extends(path, u) if substring(path, count(u), 1) == "."

# One of paths is unknown. For a fixed path, list it with its prefixes
# (["vpc_config", "vpc_config.0", "vpc_config.0.subnet_ids"]): a set lookup each, much cheaper
# than unknown(), which walks every unknown path of r.
unknown_any(r, paths) if {
	some p in paths
	p in r.unknown
}

# get succeeds with a non-null value; such a value is never unknown (unknown values are null).
known(r, path) if get(r, path) != null

# The known, non-null value at path; undefined when absent, null or unknown.
value(r, path) := v if {
	v := get(r, path)
	v != null
}

_empties := {null, "", [], {}}

# Absent, null, "", [] or {}, and not unknown: the thing is really not set.
missing(r, path) if {
	_walk_or_null(r, path) in _empties
	not unknown(r, path)
}

_walk_or_null(r, path) := v if {
	v := get(r, path)
} else := null

# missing for a top-level attribute, without walking a path (a top-level name is unknown only
# when listed itself). Hot helpers are single-bodied and call builtins only: in regorus each
# helper call costs microseconds, times every function of a monorepo.
missing_attr(r, name) if {
	object.get(r.values, name, null) in _empties
	not name in r.unknown
}

# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

# A finding on resource r at attribute path ("" for the block itself). The root tells which
# configuration r belongs to when several are scanned together.
at(r, path, msg) := {"resource": r.address, "root": r.root, "attribute": path, "message": msg}

# A finding whose attribute holds a secret: outputs mask the value.
at_redacted(r, path, msg) := object.union(at(r, path, msg), {"redact": true})

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

# Provider configurations by "<root>|<module>|<key>", built in one pass. Terraform allows one
# configuration per key in a module, and tfwarden reports a duplicate as an input error.
providers_by_key := {_provider_key(p.root, p.module, p.key): p | some p in input.providers}

_provider_key(root, module, key) := concat("|", [root, module, key])

# The provider configuration of r: the entry with r's provider key in r's module, else the
# root module's entry with that key.
provider_for(r) := p if {
	p := providers_by_key[_provider_key(r.root, r.module, r.provider)]
} else := p if {
	p := providers_by_key[_provider_key(r.root, "", r.provider)]
}

# ---------------------------------------------------------------------------------------------
# Rule-specific helpers. They use direct references (fn.values.x[0].y) rather than get(): a
# non-null value is known, and only an absent/null value needs the unknown check.
# ---------------------------------------------------------------------------------------------

# Functions: network (LMB201, LMB202)

# The function has subnets in its vpc_config (unknown subnets count as subnets).
has_vpc_subnets(fn) if {
	s := fn.values.vpc_config[0].subnet_ids
	is_array(s)
	count(s) > 0
}

has_vpc_subnets(fn) if unknown_any(fn, ["vpc_config", "vpc_config.0", "vpc_config.0.subnet_ids"])

# The known list of subnet ids of the function's vpc_config.
vpc_subnets(fn) := s if {
	s := fn.values.vpc_config[0].subnet_ids
	is_array(s)
}

# Functions: environment (LMB401, LMB402)

# The known environment variables of a function (an object); undefined when unknown or absent.
env_variables(fn) := vars if {
	vars := fn.values.environment[0].variables
	is_object(vars)
}

# The function has at least one environment variable (known to exist).
has_env_variables(fn) if {
	vars := fn.values.environment[0].variables
	is_object(vars)
	count(vars) > 0
}

# Attribute path of one environment variable.
env_path(name) := concat(".", ["environment.0.variables", name])

# Whether the value at path of r derives from a reference to a resource, data source or module
# output: the path itself, or an enclosing value evaluated whole, refers to one.
from_reference(r, path) if {
	some p, addrs in r.references
	count(addrs) > 0
	_within(path, p)
}

# A known literal string value of environment variable name (unknown values are null).
env_literal(fn, name) := v if {
	vars := env_variables(fn)
	v := vars[name]
	is_string(v)
}

# The variable name looks like a credential: PASSWORD, PASSWD, SECRET, TOKEN, API_KEY, APIKEY,
# PRIVATE_KEY, ACCESS_KEY or CREDENTIAL anywhere in it, or AUTH as a whole word of the name split
# on "_", "-" and "." (AUTH_HEADER yes, AUTHOR no). Case-insensitive.
secret_name(name) if regex.match(`PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL|(^|[_.-])AUTH([_.-]|$)`, upper(name))

# A value that names or points at a secret instead of holding one: a number, a boolean, an ARN,
# an SSM parameter path (no whitespace), an ssm: reference or a {{resolve:...}} reference.
# (The common ARN, reference and parameter path cases first, without the large regular
# expression.)
_not_a_secret(v) := true if {
	startswith(v, "arn:")
} else := true if {
	contains(v, "{{resolve:")
} else := true if {
	regex.match(`^/[^[:space:]]*$`, v)
} else := true if {
	regex.match(`(?s)^([+-]?[0-9]+([.][0-9]+)?|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|arn:.*|/[^[:space:]]*|ssm:.*)$`, v)
}

# A non-empty literal that is not a number, boolean, ARN, SSM parameter path or reference.
secret_literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not _not_a_secret(v)
}

_credential_pattern := `(AKIA|ASIA)[A-Z0-9]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9]|(sk|rk)_live_[A-Za-z0-9]`

# A cheap superset of "name looks like a credential or value looks like one": one regex over
# NAME=value decides whether the exact checks (secret_name, secret_literal, credential_kind) are
# worth running. regorus clones a cached regex per call, which costs microseconds, and most
# variables are plain configuration.
maybe_secret(name, v) if regex.match(maybe_secret_pattern, concat("=", [upper(name), v]))

# The names of the environment variables of fn (one of functions) for which maybe_secret holds,
# without a regular expression per variable (regorus builds a matcher anew on each call). No
# alternative of the pattern holds "=", so it matches "<UPPER NAME>=<value>" exactly when it
# matches the upper-cased name or the value: names are tested once per distinct name of the
# input (most repeat across functions), values only in an environment whose string values match
# as a whole. (A name is listed whatever its value; maybe_secret needs a string.)
maybe_secret_names(fn) := (object.keys(vars) & _secret_looking_env_names) | _secret_looking_values(vars) if {
	vars := env_variables(fn)
}

# The environment variable names of functions whose upper-cased form the pattern matches.
_secret_looking_env_names := {n |
	some n in _env_names
	regex.match(maybe_secret_pattern, upper(n))
}

_env_names := union({object.keys(vars) | some fn in functions; vars := env_variables(fn)})

# The names of the string variables of vars whose value the pattern matches.
_secret_looking_values(vars) := {n |
	some n, v in vars
	is_string(v)
	regex.match(maybe_secret_pattern, v)
} if {
	regex.match(maybe_secret_pattern, concat("\n", [v | some v in vars; is_string(v)]))
} else := set()

maybe_secret_pattern := `PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL|AUTH|AKIA|ASIA|PRIVATE KEY|gh[pousr]_|github_pat_|xox[abprs]-|(sk|rk)_live_`

# The kind of credential a literal string looks like; undefined when it looks like none. One
# regex decides whether any format matches; the kind is worked out only for matches. (First a
# regex of the formats' literal prefixes: the counted repetitions make the full one costly to
# run, and regorus builds its matcher anew on each call.)
credential_kind(v) := kind if {
	regex.match(`AKIA|ASIA|-----BEGIN |gh[pousr]_|github_pat_|xox[abprs]-|[sr]k_live_`, v)
	regex.match(_credential_pattern, v)
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

# Functions: monitoring (LMB501)

# X-Ray active tracing is on, or cannot be known.
tracing_active(fn) if fn.values.tracing_config[0].mode == "Active"

tracing_active(fn) if unknown_any(fn, ["tracing_config", "tracing_config.0", "tracing_config.0.mode"])

# The known tracing mode, when one is set.
tracing_mode(fn) := m if {
	m := fn.values.tracing_config[0].mode
	m != null
}

# Functions: runtime (LMB601)

# The function's known runtime identifier.
runtime(fn) := rt if {
	rt := fn.values.runtime
	is_string(rt)
}

# The announced deprecation date of a runtime identifier (YYYY-MM-DD); undefined when none.
runtime_deprecation(rt) := d if {
	d := _runtime_table[rt].deprecation
	is_string(d)
}

# data.tfwarden.lambda.runtimes, read once: in regorus a data reference with a variable index
# (data.x[rt]) walks every loaded module on each lookup.
_runtime_table := data.tfwarden.lambda.runtimes

# Functions: code integrity (LMB602)

# The function is packaged as a .zip archive (package_type absent means Zip; unknown is not).
zip_packaged(fn) if {
	object.get(fn.values, "package_type", null) in {null, "", "Zip"}
	not "package_type" in fn.unknown
}

# Functions: scaling (LMB701)

# reserved_concurrent_executions is unset, null or -1 (scales to the account limit).
unbounded_concurrency(fn) if {
	object.get(fn.values, "reserved_concurrent_executions", null) in {null, -1}
	not "reserved_concurrent_executions" in fn.unknown
}

# Permissions (LMB301, LMB302, LMB308, LMB605)

# The principal is an AWS service principal (s3.amazonaws.com, events.amazonaws.com, ...).
service_principal(p) if {
	is_string(p)
	endswith(p, ".amazonaws.com")
}

# The actions a function permission is expected to grant, lower-cased.
invoke_actions := {"lambda:invokefunction", "lambda:invokefunctionurl"}

# Tags (LMB801)

# The tags cannot be known: the resource's own tags or its provider's default_tags.
tags_unknown(r) if "tags" in r.unknown

tags_unknown(r) if unknown_any(provider_for(r), ["default_tags", "default_tags.0", "default_tags.0.tags"])

# The resource's own known tags ({} when none).
own_tags(r) := t if {
	t := r.values.tags
	is_object(t)
} else := {}

# The default_tags of the resource's provider ({} when none).
default_tags(r) := t if {
	p := provider_for(r)
	t := p.values.default_tags[0].tags
	is_object(t)
} else := {}

# Neither the resource nor its provider's default_tags give it any tag, and neither is unknown.
untagged(r) if {
	count(own_tags(r)) == 0
	count(default_tags(r)) == 0
	not tags_unknown(r)
}

# The tag keys a resource ends up with: its own tags plus the provider's default_tags.
tag_keys(r) := {k | some k, _ in own_tags(r)} | {k | some k, _ in default_tags(r)}
