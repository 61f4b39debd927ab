# Cross-resource helpers: what surrounds a function. Its security groups and their rules, its log
# groups and alarms, the API Gateway methods, routes and stages that invoke it, its code bucket,
# its layers and where its failed invocations go. Rules LMB203-LMB204, LMB304-LMB306, LMB404,
# LMB502-LMB505, LMB604, LMB606 and LMB702 read through these so each reads like its sentence.
#
# How joins are made:
# - by reference first: r.references maps an attribute path (or a list element / object item
#   below it) to the addresses, in r's root, that its expression mentions;
# - by a known literal name second (a log group named "/aws/lambda/<function_name>", an alarm's
#   FunctionName dimension, a bucket's name, a stage name);
# - a join that an unknown name or reference could change is undecidable: the helpers
#   `*_undecidable` say so, and rules that would fire on a missing join say nothing.
# Reverse lookups ("which rules point at this security group?") go through small indexes built
# once per evaluation (`index[key] contains position`), never a scan of all pairs; every key
# starts with the root, so joins stay inside one configuration.
package tfwarden.lib

# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------

# Attribute path p is path itself or lies below it ("a.0.b.1" lies below "a.0.b", "a.0.bc" not).
path_at_or_below(p, path) if startswith(concat("", [p, "."]), concat("", [path, "."]))

# The addresses that r's expression at path, or at a list element or object item below it,
# refers to (same root as r).
refs_at(r, path) := {a |
	some p, addrs in r.references
	path_at_or_below(p, path)
	some a in addrs
}

# The managed resources of type t that r refers to at path (or below it), looked up in r's root.
referenced(r, path, t) := {x |
	some a in refs_at(r, path)
	x := resource(r.root, a)
	x.type == t
	x.mode == "managed"
}

# v when it is a list, else [] (an unknown block list is null: iterating null is an error).
_graph_list(v) := v if is_array(v) else := []

# v when it is an object, else {} (an unknown block is null).
_graph_object(v) := v if is_object(v) else := {}

# "<root>|<rest>": the key of every join index below.
_graph_key(root, rest) := concat("|", [root, rest])

# The function's known function_name; undefined when unknown or absent.
known_function_name(fn) := n if {
	n := fn.values.function_name
	is_string(n)
}

# ---------------------------------------------------------------------------------------------
# Security groups (LMB203, LMB204)
# ---------------------------------------------------------------------------------------------

# The aws_security_group resources attached to fn: those its vpc_config.0.security_group_ids
# refers to, as a whole expression or element by element. Literal "sg-..." IDs name groups
# outside the configuration and join nothing. (None, without a lookup, when the input has no
# aws_security_group.)
function_security_groups(fn) := set() if {
	not input.index.by_type.aws_security_group
} else := referenced(fn, "vpc_config.0.security_group_ids", "aws_security_group")

# The rules of security group sg that open it to the world ("0.0.0.0/0" or "::/0"), each as
# {"holder", "path", "direction", "cidr", "all_traffic"}:
# - holder: {address, root} of the resource whose HCL holds the CIDR: sg itself for an inline
#   ingress/egress block, else the aws_security_group_rule, aws_vpc_security_group_ingress_rule
#   or aws_vpc_security_group_egress_rule whose security_group_id refers to sg;
# - path: the CIDR's attribute path in holder ("egress.0.cidr_blocks.1", "cidr_ipv4");
# - direction: "ingress" or "egress";
# - all_traffic: every protocol ("-1"/"all") or every port (0 to 65535). An unknown protocol or
#   port range is not all traffic; an unknown CIDR is never reported.
security_group_open_rules(sg) := _sg_inline_open_rules(sg) | _sg_separate_open_rules(sg)

_sg_open_cidrs := {"0.0.0.0/0", "::/0"}

# Every protocol, or the whole port range. For "tcp"/"udp", ports 0-0 is port 0 only.
_sg_all_traffic(protocol, from_port, to_port) := true if {
	lower(sprintf("%v", [protocol])) in {"-1", "all"}
} else := true if {
	from_port == 0
	to_port == 65535
} else := false

_sg_opening(r, path, direction, cidr, all) := {
	"holder": {"address": r.address, "root": r.root},
	"path": path,
	"direction": direction,
	"cidr": cidr,
	"all_traffic": all,
}

_sg_inline_open_rules(sg) := {o |
	some direction in ["ingress", "egress"]
	blocks := object.get(sg.values, direction, [])
	is_array(blocks)
	some n, block in blocks
	is_object(block)
	some attr in ["cidr_blocks", "ipv6_cidr_blocks"]
	cidrs := object.get(block, attr, [])
	is_array(cidrs)
	some m, cidr in cidrs
	cidr in _sg_open_cidrs
	all := _sg_all_traffic(object.get(block, "protocol", null), object.get(block, "from_port", null), object.get(block, "to_port", null))
	o := _sg_opening(sg, sprintf("%s.%d.%s.%d", [direction, n, attr, m]), direction, cidr, all)
}

# Positions of security group rule resources by "<root>|<address security_group_id refers to>".
_sg_rule_index[key] contains i if {
	some t in ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]
	some i in input.index.by_type[t]
	r := input.resources[i]
	r.mode == "managed"
	some a in r.references.security_group_id
	key := _graph_key(r.root, a)
}

_sg_separate_open_rules(sg) := {o |
	some i in _sg_rule_index[_graph_key(sg.root, sg.address)]
	r := input.resources[i]
	r.type == "aws_security_group_rule"
	some attr in ["cidr_blocks", "ipv6_cidr_blocks"]
	cidrs := object.get(r.values, attr, [])
	is_array(cidrs)
	some m, cidr in cidrs
	cidr in _sg_open_cidrs
	direction := r.values.type
	all := _sg_all_traffic(object.get(r.values, "protocol", null), object.get(r.values, "from_port", null), object.get(r.values, "to_port", null))
	o := _sg_opening(r, sprintf("%s.%d", [attr, m]), direction, cidr, all)
} | {o |
	some i in _sg_rule_index[_graph_key(sg.root, sg.address)]
	r := input.resources[i]
	r.type != "aws_security_group_rule"
	some attr in ["cidr_ipv4", "cidr_ipv6"]
	cidr := r.values[attr]
	cidr in _sg_open_cidrs
	direction := trim_suffix(trim_prefix(r.type, "aws_vpc_security_group_"), "_rule")
	all := _sg_all_traffic(object.get(r.values, "ip_protocol", null), object.get(r.values, "from_port", null), object.get(r.values, "to_port", null))
	o := _sg_opening(r, attr, direction, cidr, all)
}

# ---------------------------------------------------------------------------------------------
# Log groups (LMB502, LMB503, LMB504)
# ---------------------------------------------------------------------------------------------

# Positions of aws_cloudwatch_log_group resources by "<root>|<known name>".
_log_groups_by_name[key] contains i if {
	some i in input.index.by_type.aws_cloudwatch_log_group
	r := input.resources[i]
	r.mode == "managed"
	name := r.values.name
	is_string(name)
	key := concat("|", [r.root, name])
}

# Log groups whose name cannot be known: by "<root>|<function address>" for a name that refers
# to that function ("/aws/lambda/${aws_lambda_function.x.function_name}" before the evaluator
# resolves it: it could be that function's and no other's), by "<root>" for a name that refers to
# no function (it could be any function's).
_unknown_log_group_names contains key if {
	some i in input.index.by_type.aws_cloudwatch_log_group
	r := input.resources[i]
	r.mode == "managed"
	"name" in r.unknown
	some key in _unknown_name_keys(r, "name")
}

# "<root>|<address>" for each function r refers to at path (directly or through an alias), or
# "<root>" when it refers to none.
_unknown_name_keys(r, path) := keys if {
	fns := referenced(r, path, "aws_lambda_function") | _alias_functions(r, path)
	count(fns) > 0
	keys := {_graph_key(r.root, fn.address) | some fn in fns}
} else := {r.root}

# The aws_cloudwatch_log_group resources that receive fn's logs: the one named
# "/aws/lambda/<function_name>", and the one logging_config.0.log_group refers to or names.
# (Hot, for every function of three rules: the joins are written out, without helper calls.)
function_log_groups(fn) := {lg |
	name := fn.values.function_name
	is_string(name)
	key := concat("", [fn.root, "|/aws/lambda/", name])
	some i in _log_groups_by_name[key]
	lg := input.resources[i]
} | {lg |
	name := fn.values.logging_config[0].log_group
	is_string(name)
	key := concat("|", [fn.root, name])
	some i in _log_groups_by_name[key]
	lg := input.resources[i]
} | {lg |
	positions := input.index.by_address[fn.root]
	some p, addrs in fn.references
	startswith(concat("", [p, "."]), "logging_config.0.log_group.")
	some a in addrs
	lg := input.resources[positions[a]]
	lg.type == "aws_cloudwatch_log_group"
	lg.mode == "managed"
}

# Log group lg (a managed aws_cloudwatch_log_group) receives some function's logs: lg is in
# function_log_groups(fn) for some fn. For rules about log groups (LMB503, LMB504), which go from
# the groups that fail their test to the functions: the same joins, looked up the other way.
receives_function_logs(lg) := true if {
	name := lg.values.name
	is_string(name)
	key := concat("|", [lg.root, name])
	key in _function_log_group_names
} else := true if {
	[lg.root, lg.address] in _function_log_group_refs
}

# The keys of _log_groups_by_name that function_log_groups looks up: "<root>|/aws/lambda/<name>"
# of each function's known function_name, "<root>|<name>" of its known logging_config.0.log_group.
_function_log_group_names contains key if {
	some fn in functions
	name := fn.values.function_name
	is_string(name)
	key := concat("", [fn.root, "|/aws/lambda/", name])
}

_function_log_group_names contains key if {
	some fn in functions
	name := fn.values.logging_config[0].log_group
	is_string(name)
	key := concat("|", [fn.root, name])
}

# [root, address] of what each function's logging_config.0.log_group refers to.
_function_log_group_refs contains [fn.root, a] if {
	some fn in functions
	some p, addrs in fn.references
	startswith(concat("", [p, "."]), "logging_config.0.log_group.")
	some a in addrs
}

# Whether fn has a log group cannot be decided: its function_name or its
# logging_config.0.log_group is unknown, or a log group of its root has an unknown name that
# refers to fn or to no function at all.
function_log_group_undecidable(fn) if not is_string(fn.values.function_name)

function_log_group_undecidable(fn) if unknown_any(fn, ["logging_config", "logging_config.0", "logging_config.0.log_group"])

function_log_group_undecidable(fn) if fn.root in _unknown_log_group_names

function_log_group_undecidable(fn) if _graph_key(fn.root, fn.address) in _unknown_log_group_names

# ---------------------------------------------------------------------------------------------
# Alarms (LMB505)
# ---------------------------------------------------------------------------------------------

# The metrics an alarm watches, as [path prefix, metric object]: the alarm's own
# (namespace, dimensions) and each metric_query.N.metric.0 of a metric-math alarm.
_alarm_metrics(a) := array.concat([["", a.values]], [[sprintf("metric_query.%d.metric.0.", [n]), m] |
	queries := object.get(a.values, "metric_query", [])
	is_array(queries)
	some n, q in queries
	m := q.metric[0]
	is_object(m)
])

# Positions of AWS/Lambda alarms by "<root>|name:<FunctionName>" (a known dimension value) and
# "<root>|ref:<address>" (what the dimensions refer to).
_lambda_alarms_by_function[key] contains i if {
	some i in input.index.by_type.aws_cloudwatch_metric_alarm
	a := input.resources[i]
	a.mode == "managed"
	some [prefix, metric] in _alarm_metrics(a)
	metric.namespace == "AWS/Lambda"
	some target in _alarm_function_targets(a, prefix, metric)
	key := _graph_key(a.root, target)
}

# A known FunctionName value, and what the dimensions refer to: functions directly or through an
# alias (its function).
_alarm_function_targets(a, prefix, metric) := {concat("", ["name:", n]) |
	n := metric.dimensions.FunctionName
	is_string(n)
} | {concat("", ["ref:", fn.address]) |
	path := concat("", [prefix, "dimensions"])
	fns := referenced(a, path, "aws_lambda_function") | _alias_functions(a, path)
	some fn in fns
}

# Roots holding an alarm that could watch any function: its namespace is unknown, or the
# FunctionName dimension of an AWS/Lambda metric is unknown and refers to no function.
_roots_with_unknown_alarm contains a.root if {
	some i in input.index.by_type.aws_cloudwatch_metric_alarm
	a := input.resources[i]
	a.mode == "managed"
	_alarm_unknown(a)
}

_alarm_unknown(a) if unknown(a, "metric_query")

_alarm_unknown(a) if {
	some [prefix, metric] in _alarm_metrics(a)
	object.get(metric, "namespace", null) == null
	unknown(a, concat("", [prefix, "namespace"]))
}

_alarm_unknown(a) if {
	some [prefix, metric] in _alarm_metrics(a)
	metric.namespace == "AWS/Lambda"
	unknown(a, concat("", [prefix, "dimensions.FunctionName"]))
	_unknown_name_keys(a, concat("", [prefix, "dimensions"])) == {a.root}
}

# The aws_cloudwatch_metric_alarm resources in namespace AWS/Lambda whose FunctionName dimension
# resolves to fn: it equals fn's known function_name, or the dimensions refer to fn. (None,
# without a lookup, when the input has no alarm.)
function_alarms(fn) := set() if {
	not input.index.by_type.aws_cloudwatch_metric_alarm
} else := {a |
	some target in _function_alarm_targets(fn)
	some i in _lambda_alarms_by_function[_graph_key(fn.root, target)]
	a := input.resources[i]
}

_function_alarm_targets(fn) := {concat("", ["ref:", fn.address])} | {concat("", ["name:", n]) | n := known_function_name(fn)}

# Whether an alarm watches fn cannot be decided: fn's function_name is unknown, or an alarm of
# its root has an unknown namespace or FunctionName dimension.
function_alarm_undecidable(fn) if not is_string(fn.values.function_name)

function_alarm_undecidable(fn) if fn.root in _roots_with_unknown_alarm

# ---------------------------------------------------------------------------------------------
# API Gateway (LMB304, LMB305, LMB306)
# ---------------------------------------------------------------------------------------------

# Positions of API Gateway resources by "<root>|<type>|<address they refer to>" (any attribute).
_apigw_index[key] contains i if {
	some t in ["aws_api_gateway_integration", "aws_api_gateway_method_settings", "aws_api_gateway_usage_plan", "aws_apigatewayv2_integration"]
	some i in input.index.by_type[t]
	r := input.resources[i]
	r.mode == "managed"
	some addrs in r.references
	some a in addrs
	key := concat("|", [r.root, t, a])
}

# The resources of type t (one of the indexed API Gateway types) in root that refer to address
# at path or below it.
apigw_referrers(root, address, t, path) := {r |
	some i in _apigw_index[concat("|", [root, t, address])]
	r := input.resources[i]
	address in refs_at(r, path)
}

# The functions an API Gateway integration invokes: what its uri (REST API) or integration_uri
# (HTTP/WebSocket API) refers to, an aws_lambda_function directly or through an
# aws_lambda_alias. MOCK, HTTP and HTTP_PROXY integrations invoke none.
integration_functions(i) := {fn |
	not _non_lambda_integration(i)
	attr := _integration_uri_attr[i.type]
	targets := referenced(i, attr, "aws_lambda_function") | _alias_functions(i, attr)
	some fn in targets
}

_integration_uri_attr := {"aws_api_gateway_integration": "uri", "aws_apigatewayv2_integration": "integration_uri"}

_integration_type_attr := {"aws_api_gateway_integration": "type", "aws_apigatewayv2_integration": "integration_type"}

_non_lambda_integration(i) if {
	t := i.values[_integration_type_attr[i.type]]
	is_string(t)
	upper(t) in {"MOCK", "HTTP", "HTTP_PROXY"}
}

_alias_functions(r, path) := {fn |
	some alias in referenced(r, path, "aws_lambda_alias")
	some fn in referenced(alias, "function_name", "aws_lambda_function")
}

# The aws_api_gateway_integration resources of REST method m: those whose http_method or
# resource_id refers to m, and those that refer to the same rest_api_id and resource_id as m
# with the same known http_method.
method_integrations(m) := {i |
	some path in ["http_method", "resource_id"]
	some i in apigw_referrers(m.root, m.address, "aws_api_gateway_integration", path)
} | {i |
	is_string(m.values.http_method)
	resource_refs := refs_at(m, "resource_id")
	api_refs := refs_at(m, "rest_api_id")
	some target in resource_refs
	some i in apigw_referrers(m.root, target, "aws_api_gateway_integration", "resource_id")
	i.values.http_method == m.values.http_method
	refs_at(i, "resource_id") == resource_refs
	refs_at(i, "rest_api_id") == api_refs
}

# The functions REST method m invokes through its integrations.
method_functions(m) := {fn |
	some i in method_integrations(m)
	some fn in integration_functions(i)
}

# The functions an HTTP or WebSocket API route invokes: through the aws_apigatewayv2_integration
# its target ("integrations/${aws_apigatewayv2_integration.x.id}") refers to.
route_functions(rt) := {fn |
	some i in referenced(rt, "target", "aws_apigatewayv2_integration")
	some fn in integration_functions(i)
}

# rt is a route of an HTTP API: the aws_apigatewayv2_api its api_id refers to has protocol_type
# "HTTP", or api_id refers to no API of the configuration and the route_key is "<METHOD> /path".
http_api_route(rt) if {
	some api in referenced(rt, "api_id", "aws_apigatewayv2_api")
	api.values.protocol_type == "HTTP"
}

http_api_route(rt) if {
	count(referenced(rt, "api_id", "aws_apigatewayv2_api")) == 0
	is_string(rt.values.route_key)
	regex.match(`^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /`, rt.values.route_key)
}

# For each stage type: the attribute naming its API and the integration type of that API.
_stage_api := {
	"aws_api_gateway_stage": ["rest_api_id", "aws_api_gateway_integration"],
	"aws_apigatewayv2_stage": ["api_id", "aws_apigatewayv2_integration"],
}

# The functions an aws_api_gateway_stage or aws_apigatewayv2_stage serves: those invoked by an
# integration that refers to the same API as the stage (rest_api_id / api_id).
stage_functions(s) := {fn |
	[api_attr, integration_type] := _stage_api[s.type]
	some api in refs_at(s, api_attr)
	some i in apigw_referrers(s.root, api, integration_type, api_attr)
	some fn in integration_functions(i)
}

# Stage s limits request rates:
# - REST: an aws_api_gateway_method_settings for s (stage_name refers to s, or equals its known
#   stage_name with the same rest_api_id) sets settings.0.throttling_rate_limit or
#   throttling_burst_limit to anything but -1 (the "not throttled" default), or an
#   aws_api_gateway_usage_plan has an api_stages entry for s and throttle_settings (on the plan)
#   or a throttle of that entry;
# - HTTP/WebSocket: default_route_settings.0 or a route_settings entry sets
#   throttling_rate_limit or throttling_burst_limit.
# An unknown limit counts as set.
stage_throttled(s) if {
	s.type == "aws_api_gateway_stage"
	some ms in _stage_method_settings(s)
	_method_settings_throttle(ms)
}

stage_throttled(s) if {
	s.type == "aws_api_gateway_stage"
	some [plan, n] in _stage_usage_plans(s)
	_usage_plan_throttle(plan, n)
}

stage_throttled(s) if {
	s.type == "aws_apigatewayv2_stage"
	some k in _v2_throttle_keys
	object.get(_graph_object(s.values.default_route_settings[0]), k, null) != null
}

stage_throttled(s) if {
	s.type == "aws_apigatewayv2_stage"
	some k in _v2_throttle_keys
	unknown(s, concat("", ["default_route_settings.0.", k]))
}

stage_throttled(s) if {
	s.type == "aws_apigatewayv2_stage"
	some settings in _graph_list(s.values.route_settings)
	some k in _v2_throttle_keys
	object.get(_graph_object(settings), k, null) != null
}

stage_throttled(s) if {
	s.type == "aws_apigatewayv2_stage"
	unknown(s, "route_settings")
}

_v2_throttle_keys := ["throttling_rate_limit", "throttling_burst_limit"]

_method_settings_throttle(ms) if {
	some k in ["throttling_rate_limit", "throttling_burst_limit"]
	settings := ms.values.settings[0]
	v := settings[k]
	v != null
	v != -1
}

_method_settings_throttle(ms) if {
	some k in ["throttling_rate_limit", "throttling_burst_limit"]
	unknown(ms, concat("", ["settings.0.", k]))
}

_usage_plan_throttle(plan, _) if {
	some k in ["rate_limit", "burst_limit"]
	object.get(_graph_object(plan.values.throttle_settings[0]), k, null) != null
}

_usage_plan_throttle(plan, _) if unknown(plan, "throttle_settings")

_usage_plan_throttle(plan, n) if {
	some t in _graph_list(plan.values.api_stages[n].throttle)
	some k in ["rate_limit", "burst_limit"]
	object.get(_graph_object(t), k, null) != null
}

_usage_plan_throttle(plan, n) if unknown(plan, sprintf("api_stages.%d.throttle", [n]))

# The aws_api_gateway_method_settings of REST stage s (by stage reference, or by known stage
# name under the same rest_api_id reference).
_stage_method_settings(s) := apigw_referrers(s.root, s.address, "aws_api_gateway_method_settings", "stage_name") | {ms |
	is_string(s.values.stage_name)
	some api in refs_at(s, "rest_api_id")
	some ms in apigw_referrers(s.root, api, "aws_api_gateway_method_settings", "rest_api_id")
	ms.values.stage_name == s.values.stage_name
}

# The usage plans with an api_stages entry for REST stage s, as [plan, entry position].
_stage_usage_plans(s) := {[plan, n] |
	some plan in apigw_referrers(s.root, s.address, "aws_api_gateway_usage_plan", "api_stages")
	some n, _ in _graph_list(plan.values.api_stages)
	s.address in refs_at(plan, sprintf("api_stages.%d.stage", [n]))
} | {[plan, n] |
	is_string(s.values.stage_name)
	some api in refs_at(s, "rest_api_id")
	some plan in apigw_referrers(s.root, api, "aws_api_gateway_usage_plan", "api_stages")
	some n, entry in _graph_list(plan.values.api_stages)
	entry.stage == s.values.stage_name
	api in refs_at(plan, sprintf("api_stages.%d.api_id", [n]))
}

# Whether REST stage s is throttled cannot be decided: a method settings or usage plan of its
# API names its stage by an unknown value that refers to nothing, or s's stage_name is unknown
# while one of them names a stage by a literal.
stage_throttling_undecidable(s) if {
	s.type == "aws_api_gateway_stage"
	some api in refs_at(s, "rest_api_id")
	some ms in apigw_referrers(s.root, api, "aws_api_gateway_method_settings", "rest_api_id")
	_unbound_stage(s, ms, "stage_name")
}

stage_throttling_undecidable(s) if {
	s.type == "aws_api_gateway_stage"
	some api in refs_at(s, "rest_api_id")
	some plan in apigw_referrers(s.root, api, "aws_api_gateway_usage_plan", "api_stages")
	some n, _ in _graph_list(plan.values.api_stages)
	api in refs_at(plan, sprintf("api_stages.%d.api_id", [n]))
	_unbound_stage(s, plan, sprintf("api_stages.%d.stage", [n]))
}

stage_throttling_undecidable(s) if {
	s.type == "aws_api_gateway_stage"
	s.root in _roots_with_unbound_throttling
}

# The stage named at path in r could be s: the name is unknown and refers to nothing (a
# variable without a value; a reference to another stage binds it to that stage), or s's own
# name is unknown and r names a stage by a literal.
_unbound_stage(_, r, path) if {
	unknown(r, path)
	count(refs_at(r, path)) == 0
}

_unbound_stage(s, r, path) if {
	not is_string(s.values.stage_name)
	is_string(get(r, path))
}

# Roots holding a method settings or usage plan whose API is unknown and refers to nothing: it
# could throttle any stage of the root.
_roots_with_unbound_throttling contains r.root if {
	some i in input.index.by_type.aws_api_gateway_method_settings
	r := input.resources[i]
	r.mode == "managed"
	"rest_api_id" in r.unknown
	count(refs_at(r, "rest_api_id")) == 0
}

_roots_with_unbound_throttling contains r.root if {
	some i in input.index.by_type.aws_api_gateway_usage_plan
	r := input.resources[i]
	r.mode == "managed"
	some n, _ in _graph_list(r.values.api_stages)
	path := sprintf("api_stages.%d.api_id", [n])
	unknown(r, path)
	count(refs_at(r, path)) == 0
}

_roots_with_unbound_throttling contains r.root if {
	some i in input.index.by_type.aws_api_gateway_usage_plan
	r := input.resources[i]
	r.mode == "managed"
	unknown(r, "api_stages")
}

# ---------------------------------------------------------------------------------------------
# Code bucket (LMB404)
# ---------------------------------------------------------------------------------------------

# Positions of aws_s3_bucket resources by "<root>|<known bucket name>".
_buckets_by_name[key] contains i if {
	some i in input.index.by_type.aws_s3_bucket
	b := input.resources[i]
	b.mode == "managed"
	is_string(b.values.bucket)
	key := _graph_key(b.root, b.values.bucket)
}

# The aws_s3_bucket resources fn's code is deployed from: what s3_bucket refers to (directly,
# or through the bucket of an aws_s3_object / aws_s3_bucket_object), or the bucket whose known
# name equals fn's known s3_bucket. Empty (cheaply) for a function without s3_bucket, or when the
# input has no aws_s3_bucket.
function_code_buckets(fn) := set() if {
	not input.index.by_type.aws_s3_bucket
} else := set() if {
	object.get(fn.values, "s3_bucket", null) == null
	count(object.get(fn.references, "s3_bucket", [])) == 0
} else := _code_buckets(fn)

_code_buckets(fn) := referenced(fn, "s3_bucket", "aws_s3_bucket") | {b |
	some t in ["aws_s3_object", "aws_s3_bucket_object"]
	some object in referenced(fn, "s3_bucket", t)
	some b in referenced(object, "bucket", "aws_s3_bucket")
} | {b |
	is_string(fn.values.s3_bucket)
	some i in _buckets_by_name[_graph_key(fn.root, fn.values.s3_bucket)]
	b := input.resources[i]
}

# Positions of aws_s3_bucket_server_side_encryption_configuration resources by
# "<root>|ref:<address bucket refers to>" and "<root>|name:<known bucket name>".
_bucket_sse_index[key] contains i if {
	some i in input.index.by_type.aws_s3_bucket_server_side_encryption_configuration
	r := input.resources[i]
	r.mode == "managed"
	some target in _sse_bucket_targets(r)
	key := _graph_key(r.root, target)
}

_sse_bucket_targets(r) := {concat("", ["ref:", a]) | some a in refs_at(r, "bucket")} | {concat("", ["name:", n]) |
	n := r.values.bucket
	is_string(n)
}

# Roots holding an encryption configuration whose bucket is unknown and refers to no bucket.
_roots_with_unbound_sse contains r.root if {
	some i in input.index.by_type.aws_s3_bucket_server_side_encryption_configuration
	r := input.resources[i]
	r.mode == "managed"
	"bucket" in r.unknown
	count(referenced(r, "bucket", "aws_s3_bucket")) == 0
}

_kms_algorithms := {"aws:kms", "aws:kms:dsse"}

# Bucket b encrypts new objects with KMS by default: an
# aws_s3_bucket_server_side_encryption_configuration for b (bucket refers to b or names it), or
# b's legacy inline server_side_encryption_configuration, has a rule whose sse_algorithm is
# aws:kms or aws:kms:dsse. An unknown algorithm or rule counts.
bucket_kms_encrypted(b) if {
	some sse in _bucket_sse_configs(b)
	some n, rule in _graph_list(sse.values.rule)
	_kms_or_unknown(sse, rule, sprintf("rule.%d", [n]))
}

bucket_kms_encrypted(b) if {
	some sse in _bucket_sse_configs(b)
	unknown(sse, "rule")
}

bucket_kms_encrypted(b) if {
	some n, rule in _graph_list(b.values.server_side_encryption_configuration[0].rule)
	_kms_or_unknown(b, rule, sprintf("server_side_encryption_configuration.0.rule.%d", [n]))
}

bucket_kms_encrypted(b) if unknown(b, "server_side_encryption_configuration")

_kms_or_unknown(_, rule, _) if rule.apply_server_side_encryption_by_default[0].sse_algorithm in _kms_algorithms

_kms_or_unknown(r, _, path) if unknown(r, concat("", [path, ".apply_server_side_encryption_by_default.0.sse_algorithm"]))

_bucket_sse_configs(b) := {sse |
	some target in _bucket_sse_lookup(b)
	some i in _bucket_sse_index[_graph_key(b.root, target)]
	sse := input.resources[i]
}

_bucket_sse_lookup(b) := {concat("", ["ref:", b.address])} | {concat("", ["name:", n]) |
	n := b.values.bucket
	is_string(n)
}

# Whether bucket b is KMS-encrypted cannot be decided: an encryption configuration of its root
# names its bucket by an unknown value that refers to no bucket, or b's name is unknown while
# one names a bucket by a literal.
bucket_encryption_undecidable(b) if b.root in _roots_with_unbound_sse

bucket_encryption_undecidable(b) if {
	not is_string(b.values.bucket)
	some i in input.index.by_type.aws_s3_bucket_server_side_encryption_configuration
	sse := input.resources[i]
	sse.root == b.root
	is_string(sse.values.bucket)
}

# ---------------------------------------------------------------------------------------------
# Layers (LMB604)
# ---------------------------------------------------------------------------------------------

# The accounts whose layers functions may use: data.tfwarden.lambda.trusted_layer_accounts (the
# shipped list of AWS-published layer accounts) plus data.tfwarden.config.trusted_layer_accounts
# (a team's own, from .tfwarden.toml [data]).
trusted_layer_accounts := {a | some a in data.tfwarden.lambda.trusted_layer_accounts} | {a | some a in _config_trusted_layer_accounts}

_config_trusted_layer_accounts := a if {
	a := data.tfwarden.config.trusted_layer_accounts
	is_array(a)
} else := []

# "<root>|<layer_name>" of every aws_lambda_layer_version with a known layer_name.
_layer_names contains _graph_key(r.root, r.values.layer_name) if {
	some i in input.index.by_type.aws_lambda_layer_version
	r := input.resources[i]
	r.mode == "managed"
	is_string(r.values.layer_name)
}

# The layers fn uses by literal ARN, each {"path": "layers.N", "arn", "account"}: every known
# element of layers shaped arn:<partition>:lambda:<region>:<account>:layer:<name>:<version> whose
# name is not the layer_name of an aws_lambda_layer_version of fn's root (a reference to a layer
# version is unknown, so never listed).
literal_layers(fn) := {{"path": sprintf("layers.%d", [n]), "arn": arn, "account": parts[4]} |
	layers := object.get(fn.values, "layers", [])
	is_array(layers)
	some n, arn in layers
	is_string(arn)
	parts := split(arn, ":")
	count(parts) >= 7
	parts[0] == "arn"
	parts[2] == "lambda"
	parts[5] == "layer"
	not _graph_key(fn.root, parts[6]) in _layer_names
}

# ---------------------------------------------------------------------------------------------
# Deployment and failure handling (LMB606, LMB702)
# ---------------------------------------------------------------------------------------------

# fn is deployed from a package in S3 (s3_bucket) or a local file (filename), known or unknown.
deployed_from_package(fn) if not missing_attr(fn, "s3_bucket")

deployed_from_package(fn) if not missing_attr(fn, "filename")

# fn publishes a version on each deployment: publish is true (or unknown).
publishes_versions(fn) if fn.values.publish in {true, "true"}

publishes_versions(fn) if "publish" in fn.unknown

# fn sends failed asynchronous invocations somewhere: dead_letter_config.0.target_arn is set
# (known or unknown), or an aws_lambda_function_event_invoke_config for fn (function_name refers
# to fn, or equals its known name or ARN) has destination_config.0.on_failure.0.destination
# (known or unknown).
has_failure_destination(fn) if {
	arn := fn.values.dead_letter_config[0].target_arn
	arn != null
	arn != ""
}

has_failure_destination(fn) if unknown_any(fn, ["dead_letter_config", "dead_letter_config.0", "dead_letter_config.0.target_arn"])

has_failure_destination(fn) if {
	some config in function_invoke_configs(fn)
	_on_failure_destination(config)
}

_on_failure_destination(config) if {
	on_failure := config.values.destination_config[0].on_failure
	d := on_failure[0].destination
	d != null
	d != ""
}

_on_failure_destination(config) if unknown(config, "destination_config.0.on_failure.0.destination")

# Positions of aws_lambda_function_event_invoke_config resources by "<root>|ref:<address>" (what
# function_name refers to) and "<root>|name:<function name>" (a known name, or the name in a
# known function ARN).
_invoke_configs_by_function[key] contains i if {
	some i in input.index.by_type.aws_lambda_function_event_invoke_config
	r := input.resources[i]
	r.mode == "managed"
	some target in _invoke_config_targets(r)
	key := _graph_key(r.root, target)
}

_invoke_config_targets(r) := {concat("", ["ref:", a]) | some a in refs_at(r, "function_name")} | {concat("", ["name:", _name_of_function_ref(n)]) |
	n := r.values.function_name
	is_string(n)
}

# "orders" for "orders", "arn:aws:lambda:eu-west-1:111122223333:function:orders[:live]".
_name_of_function_ref(n) := parts[6] if {
	parts := split(n, ":")
	count(parts) >= 7
	parts[5] == "function"
} else := n

# The aws_lambda_function_event_invoke_config resources for fn (none, without a lookup, when the
# input has no such resource).
function_invoke_configs(fn) := set() if {
	not input.index.by_type.aws_lambda_function_event_invoke_config
} else := {config |
	some target in _function_invoke_config_targets(fn)
	some i in _invoke_configs_by_function[_graph_key(fn.root, target)]
	config := input.resources[i]
}

_function_invoke_config_targets(fn) := {concat("", ["ref:", fn.address])} | {concat("", ["name:", n]) | n := known_function_name(fn)}

# Roots holding an event invoke config whose function_name is unknown and refers to no function.
_roots_with_unbound_invoke_config contains r.root if {
	some i in input.index.by_type.aws_lambda_function_event_invoke_config
	r := input.resources[i]
	r.mode == "managed"
	"function_name" in r.unknown
	count(referenced(r, "function_name", "aws_lambda_function")) == 0
}

# Whether fn has a failure destination cannot be decided: an event invoke config of its root
# names its function by an unknown value that refers to no function, or fn's function_name is
# unknown while one names a function by a literal.
failure_destination_undecidable(fn) if fn.root in _roots_with_unbound_invoke_config

failure_destination_undecidable(fn) if {
	not is_string(fn.values.function_name)
	some i in input.index.by_type.aws_lambda_function_event_invoke_config
	config := input.resources[i]
	config.root == fn.root
	is_string(config.values.function_name)
}
