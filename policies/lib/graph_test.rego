package tfwarden.lib

import data.tfwarden.testing

# --- references --------------------------------------------------------------------------------

test_path_at_or_below if {
	path_at_or_below("a.0.b", "a.0.b")
	path_at_or_below("a.0.b.1", "a.0.b")
	not path_at_or_below("a.0.bc", "a.0.b")
	not path_at_or_below("a.0", "a.0.b")
}

test_refs_at_collects_elements_and_whole_attribute if {
	r := testing.with_references(testing.resource("aws_x", "r", {}), {
		"a.0.ids": ["aws_y.whole"],
		"a.0.ids.1": ["aws_y.one", "aws_z.two"],
		"a.0.idsx": ["aws_y.other"],
	})
	refs_at(r, "a.0.ids") == {"aws_y.whole", "aws_y.one", "aws_z.two"}
	refs_at(r, "nothing") == set()
}

test_referenced_filters_type_mode_and_root if {
	sg := testing.resource("aws_security_group", "a", {})
	ds := testing.data_source("aws_security_group", "b", {})
	other_root := testing.in_root(testing.resource("aws_security_group", "c", {}), "other")
	fn := testing.with_references(testing.resource("aws_lambda_function", "f", {}), {"vpc_config.0.security_group_ids.0": [
		"aws_security_group.a", "data.aws_security_group.b",
		"aws_security_group.c", "aws_vpc.v",
	]})
	doc := testing.document([sg, ds, other_root, fn])
	found := function_security_groups(fn) with input as doc
	found == {sg}
}

# --- security groups ---------------------------------------------------------------------------

_gt_attached_sg := testing.resource("aws_security_group", "fn", {
	"ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}],
	"egress": [
		{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]},
		{"protocol": "tcp", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]},
	],
})

test_inline_open_rules if {
	doc := testing.document([_gt_attached_sg])
	rules := security_group_open_rules(_gt_attached_sg) with input as doc
	holder := {"address": "aws_security_group.fn", "root": "."}
	rules == {
		{"holder": holder, "path": "ingress.0.cidr_blocks.1", "direction": "ingress", "cidr": "0.0.0.0/0", "all_traffic": false},
		{"holder": holder, "path": "egress.0.cidr_blocks.0", "direction": "egress", "cidr": "0.0.0.0/0", "all_traffic": true},
		{"holder": holder, "path": "egress.0.ipv6_cidr_blocks.0", "direction": "egress", "cidr": "::/0", "all_traffic": true},
		{"holder": holder, "path": "egress.1.cidr_blocks.0", "direction": "egress", "cidr": "0.0.0.0/0", "all_traffic": false},
	}
}

test_separate_open_rules if {
	sg := testing.resource("aws_security_group", "fn", {})
	rule := testing.with_references(testing.with_unknown(testing.resource("aws_security_group_rule", "all_out", {
		"type": "egress", "security_group_id": null, "protocol": "tcp", "from_port": 0, "to_port": 65535,
		"cidr_blocks": ["0.0.0.0/0"],
	}), ["security_group_id"]), {"security_group_id": ["aws_security_group.fn"]})
	v4 := testing.with_references(testing.resource("aws_vpc_security_group_ingress_rule", "https", {
		"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0",
	}), {"security_group_id": ["aws_security_group.fn"]})
	v6 := testing.with_references(testing.resource("aws_vpc_security_group_egress_rule", "all6", {
		"ip_protocol": "-1", "cidr_ipv6": "::/0",
	}), {"security_group_id": ["aws_security_group.fn"]})
	elsewhere := testing.with_references(testing.resource("aws_vpc_security_group_egress_rule", "other", {
		"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0",
	}), {"security_group_id": ["aws_security_group.other"]})
	doc := testing.document([sg, rule, v4, v6, elsewhere])
	rules := security_group_open_rules(sg) with input as doc
	rules == {
		{"holder": {"address": "aws_security_group_rule.all_out", "root": "."}, "path": "cidr_blocks.0", "direction": "egress", "cidr": "0.0.0.0/0", "all_traffic": true},
		{"holder": {"address": "aws_vpc_security_group_ingress_rule.https", "root": "."}, "path": "cidr_ipv4", "direction": "ingress", "cidr": "0.0.0.0/0", "all_traffic": false},
		{"holder": {"address": "aws_vpc_security_group_egress_rule.all6", "root": "."}, "path": "cidr_ipv6", "direction": "egress", "cidr": "::/0", "all_traffic": true},
	}
}

test_unknown_cidrs_and_blocks_are_not_open if {
	sg := testing.with_unknown(testing.resource("aws_security_group", "fn", {
		"ingress": null,
		"egress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": [null]}],
	}), ["ingress", "egress.0.cidr_blocks.0"])
	doc := testing.document([sg])
	rules := security_group_open_rules(sg) with input as doc
	rules == set()
}

test_all_traffic if {
	_sg_all_traffic("-1", 0, 0)
	_sg_all_traffic(-1, null, null)
	_sg_all_traffic("ALL", null, null)
	_sg_all_traffic("tcp", 0, 65535)
	not _sg_all_traffic("tcp", 0, 0)
	not _sg_all_traffic("tcp", 443, 443)
	not _sg_all_traffic(null, null, null)
}

# --- log groups --------------------------------------------------------------------------------

test_log_group_by_name_and_logging_config if {
	fn := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	named := testing.resource("aws_cloudwatch_log_group", "named", {"name": "/aws/lambda/orders"})
	other := testing.resource("aws_cloudwatch_log_group", "other", {"name": "/aws/lambda/billing"})
	in_other_root := testing.in_root(testing.resource("aws_cloudwatch_log_group", "named", {"name": "/aws/lambda/orders"}), "elsewhere")
	doc := testing.document([fn, named, other, in_other_root])
	found := function_log_groups(fn) with input as doc
	found == {named}
	not function_log_group_undecidable(fn) with input as doc
}

test_log_group_by_logging_config_reference_and_literal if {
	fn := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function", "f", {
		"function_name": "orders",
		"logging_config": [{"log_format": "JSON", "log_group": null}],
	}), ["logging_config.0.log_group"]), {"logging_config.0.log_group": ["aws_cloudwatch_log_group.custom"]})
	custom := testing.resource("aws_cloudwatch_log_group", "custom", {"name": "/platform/orders"})
	fn2 := testing.resource("aws_lambda_function", "g", {"function_name": "billing", "logging_config": [{"log_group": "/platform/orders"}]})
	doc := testing.document([fn, custom, fn2])
	found := function_log_groups(fn) with input as doc
	found == {custom}
	found2 := function_log_groups(fn2) with input as doc
	found2 == {custom}
}

test_receives_function_logs_inverts_function_log_groups if {
	by_name := testing.resource("aws_lambda_function", "a", {"function_name": "orders"})
	by_literal := testing.resource("aws_lambda_function", "b", {"function_name": "billing", "logging_config": [{"log_group": "/platform/shared"}]})
	by_ref := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function", "c", {"function_name": "c", "logging_config": [{"log_group": null}]}), ["logging_config.0.log_group"]), {"logging_config.0.log_group": ["aws_cloudwatch_log_group.custom"]})
	groups := [
		testing.resource("aws_cloudwatch_log_group", "named", {"name": "/aws/lambda/orders"}),
		testing.resource("aws_cloudwatch_log_group", "shared", {"name": "/platform/shared"}),
		testing.resource("aws_cloudwatch_log_group", "custom", {"name": null}),
		testing.resource("aws_cloudwatch_log_group", "nobody", {"name": "/aws/lambda/nobody"}),
		testing.in_root(testing.resource("aws_cloudwatch_log_group", "named", {"name": "/aws/lambda/orders"}), "elsewhere"),
		testing.in_root(testing.resource("aws_cloudwatch_log_group", "custom", {}), "elsewhere"),
	]
	doc := testing.document(array.concat([by_name, by_literal, by_ref], groups))
	forward := {[lg.root, lg.address] | some fn in functions; some lg in function_log_groups(fn)} with input as doc
	backward := {[lg.root, lg.address] | some lg in resources("aws_cloudwatch_log_group"); receives_function_logs(lg)} with input as doc
	forward == {[".", "aws_cloudwatch_log_group.named"], [".", "aws_cloudwatch_log_group.shared"], [".", "aws_cloudwatch_log_group.custom"]}
	forward == backward
}

test_log_group_undecidable if {
	fn := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	unnamed := testing.with_unknown(testing.resource("aws_cloudwatch_log_group", "x", {"name": null}), ["name"])
	doc := testing.document([fn, unnamed])
	function_log_group_undecidable(fn) with input as doc
	nameless := testing.with_unknown(testing.resource("aws_lambda_function", "f", {"function_name": null}), ["function_name"])
	doc1 := testing.document([nameless])
	function_log_group_undecidable(nameless) with input as doc1
	via_var := testing.with_unknown(testing.resource("aws_lambda_function", "f", {"function_name": "a", "logging_config": [{"log_group": null}]}), ["logging_config.0.log_group"])
	doc2 := testing.document([via_var])
	function_log_group_undecidable(via_var) with input as doc2
}

# --- alarms ------------------------------------------------------------------------------------

test_alarms_by_name_reference_and_metric_query if {
	fn := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	by_name := testing.resource("aws_cloudwatch_metric_alarm", "by_name", {"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": {"FunctionName": "orders"}})
	by_ref := testing.with_references(testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "by_ref", {"namespace": "AWS/Lambda", "dimensions": {"FunctionName": null}}), ["dimensions.FunctionName"]), {"dimensions.FunctionName": ["aws_lambda_function.f"]})
	by_query := testing.resource("aws_cloudwatch_metric_alarm", "by_query", {"metric_query": [
		{"id": "e", "expression": "errors / invocations"},
		{"id": "errors", "metric": [{"namespace": "AWS/Lambda", "metric_name": "Errors", "dimensions": {"FunctionName": "orders"}}]},
	]})
	wrong_namespace := testing.resource("aws_cloudwatch_metric_alarm", "sqs", {"namespace": "AWS/SQS", "dimensions": {"FunctionName": "orders"}})
	other_fn := testing.resource("aws_cloudwatch_metric_alarm", "other", {"namespace": "AWS/Lambda", "dimensions": {"FunctionName": "billing"}})
	doc := testing.document([fn, by_name, by_ref, by_query, wrong_namespace, other_fn])
	found := function_alarms(fn) with input as doc
	{a.address | some a in found} == {"aws_cloudwatch_metric_alarm.by_name", "aws_cloudwatch_metric_alarm.by_ref", "aws_cloudwatch_metric_alarm.by_query"}
	not function_alarm_undecidable(fn) with input as doc
}

test_unknown_log_group_name_bound_to_a_function if {
	f := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	g := testing.resource("aws_lambda_function", "g", {"function_name": "billing"})
	lg := testing.with_references(testing.with_unknown(testing.resource("aws_cloudwatch_log_group", "g", {"name": null}), ["name"]), {"name": ["aws_lambda_function.g"]})
	doc := testing.document([f, g, lg])
	not function_log_group_undecidable(f) with input as doc
	function_log_group_undecidable(g) with input as doc
}

test_alarm_undecidable if {
	fn := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	ns := testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "ns", {"namespace": null}), ["namespace"])
	doc3 := testing.document([fn, ns])
	function_alarm_undecidable(fn) with input as doc3
	dim := testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "dim", {"namespace": "AWS/Lambda", "dimensions": null}), ["dimensions"])
	doc4 := testing.document([fn, dim])
	function_alarm_undecidable(fn) with input as doc4
	bound := testing.with_references(testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "g", {"namespace": "AWS/Lambda", "dimensions": {"FunctionName": null}}), ["dimensions.FunctionName"]), {"dimensions.FunctionName": ["aws_lambda_function.g"]})
	g := testing.resource("aws_lambda_function", "g", {"function_name": "billing"})
	doc_bound := testing.document([fn, g, bound])
	not function_alarm_undecidable(fn) with input as doc_bound
	sqs := testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "sqs", {"namespace": "AWS/SQS", "dimensions": {"QueueName": null}}), ["dimensions.QueueName"])
	doc5 := testing.document([fn, sqs])
	not function_alarm_undecidable(fn) with input as doc5
}

# --- API Gateway -------------------------------------------------------------------------------

_gt_fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})

_gt_integration(name, values, refs) := testing.with_references(testing.resource("aws_api_gateway_integration", name, values), refs)

test_integration_functions if {
	direct := _gt_integration("direct", {"type": "AWS_PROXY", "uri": null}, {"uri": ["aws_lambda_function.api"]})
	alias := testing.with_references(testing.resource("aws_lambda_alias", "live", {"name": "live"}), {"function_name": ["aws_lambda_function.api"]})
	via_alias := testing.with_references(testing.resource("aws_apigatewayv2_integration", "v2", {"integration_type": "AWS_PROXY"}), {"integration_uri": ["aws_lambda_alias.live"]})
	mock := _gt_integration("mock", {"type": "MOCK", "uri": null}, {"uri": ["aws_lambda_function.api"]})
	doc := testing.document([_gt_fn, direct, alias, via_alias, mock])
	f1 := integration_functions(direct) with input as doc
	f1 == {_gt_fn}
	f2 := integration_functions(via_alias) with input as doc
	f2 == {_gt_fn}
	f3 := integration_functions(mock) with input as doc
	f3 == set()
}

test_method_integrations_by_reference_and_by_same_resource if {
	m := testing.with_references(testing.resource("aws_api_gateway_method", "get", {"http_method": "GET", "authorization": "NONE"}), {
		"rest_api_id": ["aws_api_gateway_rest_api.api"],
		"resource_id": ["aws_api_gateway_resource.items"],
	})
	by_ref := _gt_integration("by_ref", {"type": "AWS_PROXY"}, {"http_method": ["aws_api_gateway_method.get"], "resource_id": ["aws_api_gateway_resource.items"], "rest_api_id": ["aws_api_gateway_rest_api.api"]})
	by_key := _gt_integration("by_key", {"type": "AWS_PROXY", "http_method": "GET"}, {"resource_id": ["aws_api_gateway_resource.items"], "rest_api_id": ["aws_api_gateway_rest_api.api"]})
	other_method := _gt_integration("post", {"type": "AWS_PROXY", "http_method": "POST"}, {"resource_id": ["aws_api_gateway_resource.items"], "rest_api_id": ["aws_api_gateway_rest_api.api"]})
	other_api := _gt_integration("other_api", {"type": "AWS_PROXY", "http_method": "GET"}, {"resource_id": ["aws_api_gateway_resource.items"], "rest_api_id": ["aws_api_gateway_rest_api.other"]})
	doc := testing.document([m, by_ref, by_key, other_method, other_api])
	found := method_integrations(m) with input as doc
	{i.address | some i in found} == {"aws_api_gateway_integration.by_ref", "aws_api_gateway_integration.by_key"}
}

test_route_functions_and_http_routes if {
	api := testing.resource("aws_apigatewayv2_api", "http", {"protocol_type": "HTTP"})
	ws := testing.resource("aws_apigatewayv2_api", "ws", {"protocol_type": "WEBSOCKET"})
	i := testing.with_references(testing.resource("aws_apigatewayv2_integration", "fn", {"integration_type": "AWS_PROXY"}), {"integration_uri": ["aws_lambda_function.api"]})
	rt := testing.with_references(testing.resource("aws_apigatewayv2_route", "get", {"route_key": "$default"}), {"api_id": ["aws_apigatewayv2_api.http"], "target": ["aws_apigatewayv2_integration.fn"]})
	ws_rt := testing.with_references(testing.resource("aws_apigatewayv2_route", "msg", {"route_key": "$default"}), {"api_id": ["aws_apigatewayv2_api.ws"]})
	outside := testing.resource("aws_apigatewayv2_route", "outside", {"route_key": "GET /items", "api_id": "a1b2c3"})
	outside_ws := testing.resource("aws_apigatewayv2_route", "outside_ws", {"route_key": "$default", "api_id": "a1b2c3"})
	doc := testing.document([_gt_fn, api, ws, i, rt, ws_rt, outside, outside_ws])
	fns := route_functions(rt) with input as doc
	fns == {_gt_fn}
	http_api_route(rt) with input as doc
	not http_api_route(ws_rt) with input as doc
	http_api_route(outside) with input as doc
	not http_api_route(outside_ws) with input as doc
}

_gt_rest_stage := testing.with_references(testing.resource("aws_api_gateway_stage", "prod", {"stage_name": "prod"}), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})

_gt_rest_integration := _gt_integration("fn", {"type": "AWS_PROXY"}, {"rest_api_id": ["aws_api_gateway_rest_api.api"], "uri": ["aws_lambda_function.api"]})

test_stage_functions if {
	other := testing.with_references(testing.resource("aws_api_gateway_stage", "other", {"stage_name": "prod"}), {"rest_api_id": ["aws_api_gateway_rest_api.other"]})
	doc := testing.document([_gt_fn, _gt_rest_stage, other, _gt_rest_integration])
	fns := stage_functions(_gt_rest_stage) with input as doc
	fns == {_gt_fn}
	none := stage_functions(other) with input as doc
	none == set()
}

test_rest_stage_throttled_by_method_settings if {
	by_ref := testing.with_references(testing.resource("aws_api_gateway_method_settings", "all", {"method_path": "*/*", "settings": [{"throttling_rate_limit": 100}]}), {"rest_api_id": ["aws_api_gateway_rest_api.api"], "stage_name": ["aws_api_gateway_stage.prod"]})
	doc6 := testing.document([_gt_rest_stage, by_ref])
	stage_throttled(_gt_rest_stage) with input as doc6
	by_name := testing.with_references(testing.resource("aws_api_gateway_method_settings", "all", {"stage_name": "prod", "settings": [{"throttling_burst_limit": 50}]}), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	doc7 := testing.document([_gt_rest_stage, by_name])
	stage_throttled(_gt_rest_stage) with input as doc7
	disabled := testing.with_references(testing.resource("aws_api_gateway_method_settings", "all", {"stage_name": "prod", "settings": [{"throttling_burst_limit": -1, "metrics_enabled": true}]}), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	doc8 := testing.document([_gt_rest_stage, disabled])
	not stage_throttled(_gt_rest_stage) with input as doc8
	other_stage := testing.with_references(testing.resource("aws_api_gateway_method_settings", "all", {"stage_name": "dev", "settings": [{"throttling_burst_limit": 5}]}), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	doc9 := testing.document([_gt_rest_stage, other_stage])
	not stage_throttled(_gt_rest_stage) with input as doc9
}

test_rest_stage_throttled_by_usage_plan if {
	plan := testing.with_references(testing.resource("aws_api_gateway_usage_plan", "basic", {"api_stages": [{"api_id": null, "stage": null}], "throttle_settings": [{"rate_limit": 10, "burst_limit": 20}]}), {"api_stages.0.api_id": ["aws_api_gateway_rest_api.api"], "api_stages.0.stage": ["aws_api_gateway_stage.prod"]})
	doc10 := testing.document([_gt_rest_stage, plan])
	stage_throttled(_gt_rest_stage) with input as doc10
	per_stage := testing.with_references(testing.resource("aws_api_gateway_usage_plan", "basic", {"api_stages": [{"api_id": null, "stage": "prod", "throttle": [{"path": "/items/GET", "rate_limit": 5}]}]}), {"api_stages.0.api_id": ["aws_api_gateway_rest_api.api"]})
	doc11 := testing.document([_gt_rest_stage, per_stage])
	stage_throttled(_gt_rest_stage) with input as doc11
	quota_only := testing.with_references(testing.resource("aws_api_gateway_usage_plan", "basic", {"api_stages": [{"api_id": null, "stage": null}], "quota_settings": [{"limit": 1000, "period": "DAY"}]}), {"api_stages.0.api_id": ["aws_api_gateway_rest_api.api"], "api_stages.0.stage": ["aws_api_gateway_stage.prod"]})
	doc12 := testing.document([_gt_rest_stage, quota_only])
	not stage_throttled(_gt_rest_stage) with input as doc12
}

test_rest_stage_throttling_undecidable if {
	unbound := testing.with_references(testing.with_unknown(testing.resource("aws_api_gateway_method_settings", "all", {"stage_name": null, "settings": [{"throttling_burst_limit": 5}]}), ["stage_name"]), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	doc13 := testing.document([_gt_rest_stage, unbound])
	stage_throttling_undecidable(_gt_rest_stage) with input as doc13
	api_unknown := testing.with_unknown(testing.resource("aws_api_gateway_method_settings", "all", {"rest_api_id": null, "stage_name": "prod"}), ["rest_api_id"])
	doc14 := testing.document([_gt_rest_stage, api_unknown])
	stage_throttling_undecidable(_gt_rest_stage) with input as doc14
	bound := testing.with_references(testing.with_unknown(testing.resource("aws_api_gateway_method_settings", "all", {"stage_name": null}), ["stage_name"]), {"rest_api_id": ["aws_api_gateway_rest_api.api"], "stage_name": ["aws_api_gateway_stage.dev"]})
	doc15 := testing.document([_gt_rest_stage, bound])
	not stage_throttling_undecidable(_gt_rest_stage) with input as doc15
}

test_http_stage_throttled if {
	default_route := testing.resource("aws_apigatewayv2_stage", "s", {"default_route_settings": [{"throttling_rate_limit": 100}]})
	doc16 := testing.document([default_route])
	stage_throttled(default_route) with input as doc16
	per_route := testing.resource("aws_apigatewayv2_stage", "s", {"route_settings": [{"route_key": "GET /items", "throttling_burst_limit": 10}]})
	doc17 := testing.document([per_route])
	stage_throttled(per_route) with input as doc17
	logging_only := testing.resource("aws_apigatewayv2_stage", "s", {"default_route_settings": [{"detailed_metrics_enabled": true}]})
	doc18 := testing.document([logging_only])
	not stage_throttled(logging_only) with input as doc18
	unknown_limit := testing.with_unknown(testing.resource("aws_apigatewayv2_stage", "s", {"default_route_settings": [{"throttling_rate_limit": null}]}), ["default_route_settings.0.throttling_rate_limit"])
	doc19 := testing.document([unknown_limit])
	stage_throttled(unknown_limit) with input as doc19
}

# --- code bucket -------------------------------------------------------------------------------

test_function_code_buckets if {
	bucket := testing.resource("aws_s3_bucket", "code", {"bucket": "acme-code"})
	object := testing.with_references(testing.resource("aws_s3_object", "zip", {"key": "app.zip"}), {"bucket": ["aws_s3_bucket.code"]})
	by_ref := testing.with_references(testing.resource("aws_lambda_function", "a", {"s3_bucket": null}), {"s3_bucket": ["aws_s3_bucket.code"]})
	by_object := testing.with_references(testing.resource("aws_lambda_function", "b", {"s3_bucket": null}), {"s3_bucket": ["aws_s3_object.zip"]})
	by_name := testing.resource("aws_lambda_function", "c", {"s3_bucket": "acme-code"})
	outside := testing.resource("aws_lambda_function", "d", {"s3_bucket": "someone-elses"})
	doc := testing.document([bucket, object, by_ref, by_object, by_name, outside])
	a := function_code_buckets(by_ref) with input as doc
	a == {bucket}
	b := function_code_buckets(by_object) with input as doc
	b == {bucket}
	c := function_code_buckets(by_name) with input as doc
	c == {bucket}
	d := function_code_buckets(outside) with input as doc
	d == set()
}

test_joins_to_absent_types_are_empty if {
	fn := testing.with_references(testing.resource("aws_lambda_function", "f", {"s3_bucket": "acme-code"}), {"vpc_config.0.security_group_ids": ["aws_security_group.a"]})
	doc := testing.document([fn])
	groups := function_security_groups(fn) with input as doc
	groups == set()
	buckets := function_code_buckets(fn) with input as doc
	buckets == set()
}

test_bucket_kms_encrypted if {
	bucket := testing.resource("aws_s3_bucket", "code", {"bucket": "acme-code"})
	kms := testing.with_references(testing.resource("aws_s3_bucket_server_side_encryption_configuration", "code", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}), {"bucket": ["aws_s3_bucket.code"]})
	doc20 := testing.document([bucket, kms])
	bucket_kms_encrypted(bucket) with input as doc20
	dsse_by_name := testing.resource("aws_s3_bucket_server_side_encryption_configuration", "code", {"bucket": "acme-code", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms:dsse"}]}]})
	doc21 := testing.document([bucket, dsse_by_name])
	bucket_kms_encrypted(bucket) with input as doc21
	aes := testing.with_references(testing.resource("aws_s3_bucket_server_side_encryption_configuration", "code", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}), {"bucket": ["aws_s3_bucket.code"]})
	doc22 := testing.document([bucket, aes])
	not bucket_kms_encrypted(bucket) with input as doc22
	inline := testing.resource("aws_s3_bucket", "legacy", {"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}]})
	doc23 := testing.document([inline])
	bucket_kms_encrypted(inline) with input as doc23
	unknown_algorithm := testing.with_references(testing.with_unknown(testing.resource("aws_s3_bucket_server_side_encryption_configuration", "code", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": null}]}]}), ["rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"]), {"bucket": ["aws_s3_bucket.code"]})
	doc24 := testing.document([bucket, unknown_algorithm])
	bucket_kms_encrypted(bucket) with input as doc24
}

test_bucket_encryption_undecidable if {
	bucket := testing.resource("aws_s3_bucket", "code", {"bucket": "acme-code"})
	unbound := testing.with_unknown(testing.resource("aws_s3_bucket_server_side_encryption_configuration", "x", {"bucket": null}), ["bucket"])
	doc25 := testing.document([bucket, unbound])
	bucket_encryption_undecidable(bucket) with input as doc25
	nameless := testing.with_unknown(testing.resource("aws_s3_bucket", "code", {"bucket": null}), ["bucket"])
	literal := testing.resource("aws_s3_bucket_server_side_encryption_configuration", "x", {"bucket": "acme-code"})
	doc26 := testing.document([nameless, literal])
	bucket_encryption_undecidable(nameless) with input as doc26
	doc27 := testing.document([bucket, literal])
	not bucket_encryption_undecidable(bucket) with input as doc27
}

# --- layers ------------------------------------------------------------------------------------

test_literal_layers if {
	own := testing.resource("aws_lambda_layer_version", "deps", {"layer_name": "orders-deps"})
	fn := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function", "f", {"layers": [
		"arn:aws:lambda:eu-west-1:444455556666:layer:tracer:3",
		null,
		"arn:aws:lambda:eu-west-1:111122223333:layer:orders-deps:7",
		"not-an-arn",
	]}), ["layers.1"]), {"layers.1": ["aws_lambda_layer_version.deps"]})
	doc28 := testing.document([own, fn])
	layers := literal_layers(fn) with input as doc28
	layers == {{"path": "layers.0", "arn": "arn:aws:lambda:eu-west-1:444455556666:layer:tracer:3", "account": "444455556666"}}
}

test_trusted_layer_accounts_extend_the_shipped_list if {
	accounts := trusted_layer_accounts with data.tfwarden.lambda.trusted_layer_accounts as ["017000801446"] with data.tfwarden.config.trusted_layer_accounts as ["444455556666"]
	accounts == {"017000801446", "444455556666"}
	shipped := trusted_layer_accounts with data.tfwarden.lambda.trusted_layer_accounts as ["017000801446"]
	shipped == {"017000801446"}
}

# --- deployment and failure handling -----------------------------------------------------------

test_deployed_from_package_and_publish if {
	deployed_from_package(testing.resource("aws_lambda_function", "f", {"filename": "app.zip"}))
	deployed_from_package(testing.with_unknown(testing.resource("aws_lambda_function", "f", {"s3_bucket": null}), ["s3_bucket"]))
	not deployed_from_package(testing.resource("aws_lambda_function", "f", {"image_uri": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1"}))
	publishes_versions(testing.resource("aws_lambda_function", "f", {"publish": true}))
	publishes_versions(testing.with_unknown(testing.resource("aws_lambda_function", "f", {"publish": null}), ["publish"]))
	not publishes_versions(testing.resource("aws_lambda_function", "f", {"publish": false}))
	not publishes_versions(testing.resource("aws_lambda_function", "f", {}))
}

test_failure_destination if {
	dlq := testing.resource("aws_lambda_function", "f", {"function_name": "f", "dead_letter_config": [{"target_arn": "arn:aws:sqs:eu-west-1:111122223333:dlq"}]})
	doc29 := testing.document([dlq])
	has_failure_destination(dlq) with input as doc29
	dlq_unknown := testing.with_unknown(testing.resource("aws_lambda_function", "f", {"function_name": "f", "dead_letter_config": [{"target_arn": null}]}), ["dead_letter_config.0.target_arn"])
	doc30 := testing.document([dlq_unknown])
	has_failure_destination(dlq_unknown) with input as doc30
	bare := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	doc31 := testing.document([bare])
	not has_failure_destination(bare) with input as doc31
	on_failure := {"destination_config": [{"on_failure": [{"destination": "arn:aws:sqs:eu-west-1:111122223333:failed"}]}]}
	by_ref := testing.with_references(testing.resource("aws_lambda_function_event_invoke_config", "c", object.union(on_failure, {"function_name": null})), {"function_name": ["aws_lambda_function.f"]})
	doc32 := testing.document([bare, by_ref])
	has_failure_destination(bare) with input as doc32
	by_arn := testing.resource("aws_lambda_function_event_invoke_config", "c", object.union(on_failure, {"function_name": "arn:aws:lambda:eu-west-1:111122223333:function:orders:live"}))
	doc33 := testing.document([bare, by_arn])
	has_failure_destination(bare) with input as doc33
	success_only := testing.resource("aws_lambda_function_event_invoke_config", "c", {"function_name": "orders", "destination_config": [{"on_success": [{"destination": "arn:aws:sqs:eu-west-1:111122223333:ok"}]}]})
	doc34 := testing.document([bare, success_only])
	not has_failure_destination(bare) with input as doc34
}

test_failure_destination_undecidable if {
	bare := testing.resource("aws_lambda_function", "f", {"function_name": "orders"})
	unbound := testing.with_unknown(testing.resource("aws_lambda_function_event_invoke_config", "c", {"function_name": null}), ["function_name"])
	doc35 := testing.document([bare, unbound])
	failure_destination_undecidable(bare) with input as doc35
	nameless := testing.with_unknown(testing.resource("aws_lambda_function", "f", {"function_name": null}), ["function_name"])
	literal := testing.resource("aws_lambda_function_event_invoke_config", "c", {"function_name": "orders"})
	doc36 := testing.document([nameless, literal])
	failure_destination_undecidable(nameless) with input as doc36
	doc37 := testing.document([bare, literal])
	not failure_destination_undecidable(bare) with input as doc37
}


test_rest_stage_throttling_undecidable_by_usage_plans_and_unknown_stage_name if {
	plan_stage := testing.with_references(testing.with_unknown(testing.resource("aws_api_gateway_usage_plan", "p", {"api_stages": [{"api_id": null, "stage": null}], "throttle_settings": [{"rate_limit": 5}]}), ["api_stages.0.stage"]), {"api_stages.0.api_id": ["aws_api_gateway_rest_api.api"]})
	doc1 := testing.document([_gt_rest_stage, plan_stage])
	stage_throttling_undecidable(_gt_rest_stage) with input as doc1
	plan_api := testing.with_unknown(testing.resource("aws_api_gateway_usage_plan", "p", {"api_stages": [{"api_id": null, "stage": "prod"}]}), ["api_stages.0.api_id"])
	doc2 := testing.document([_gt_rest_stage, plan_api])
	stage_throttling_undecidable(_gt_rest_stage) with input as doc2
	plan_dynamic := testing.with_unknown(testing.resource("aws_api_gateway_usage_plan", "p", {"api_stages": null}), ["api_stages"])
	doc3 := testing.document([_gt_rest_stage, plan_dynamic])
	stage_throttling_undecidable(_gt_rest_stage) with input as doc3
	nameless := testing.with_references(testing.with_unknown(testing.resource("aws_api_gateway_stage", "prod", {"stage_name": null}), ["stage_name"]), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	literal := testing.with_references(testing.resource("aws_api_gateway_method_settings", "all", {"stage_name": "prod", "settings": [{"throttling_rate_limit": 5}]}), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	doc4 := testing.document([nameless, literal])
	stage_throttling_undecidable(nameless) with input as doc4
	doc5 := testing.document([_gt_rest_stage, literal])
	not stage_throttling_undecidable(_gt_rest_stage) with input as doc5
}

test_indexed_instances_join_by_their_full_address if {
	fn := testing.with_index(testing.resource("aws_lambda_function", "shard", {"function_name": null}), 2)
	alarm := testing.with_references(testing.with_unknown(testing.resource("aws_cloudwatch_metric_alarm", "shard", {"namespace": "AWS/Lambda", "dimensions": {"FunctionName": null}}), ["dimensions.FunctionName"]), {"dimensions.FunctionName": ["aws_lambda_function.shard[2]"]})
	other := testing.with_index(testing.resource("aws_lambda_function", "shard", {"function_name": null}), 1)
	doc := testing.document([fn, other, alarm])
	found := function_alarms(fn) with input as doc
	found == {alarm}
	none := function_alarms(other) with input as doc
	none == set()
}

# Dynamic blocks and unknown values everywhere (null values, paths in unknown): every rule that
# reads through these helpers evaluates without a run-time error and reports nothing.
_gt_unknown(type, name, attrs, refs) := testing.with_references(
	testing.with_unknown(testing.resource(type, name, {a: null | some a in attrs}), attrs),
	refs,
)

test_unknown_blocks_never_fail_or_fire if {
	fn := _gt_unknown("aws_lambda_function", "f", ["function_name", "vpc_config", "logging_config", "layers", "s3_bucket", "publish", "dead_letter_config"], {
		"vpc_config": ["aws_security_group.sg"],
		"s3_bucket": ["aws_s3_bucket.b"],
	})
	sg := _gt_unknown("aws_security_group", "sg", ["ingress", "egress"], {})
	rule := _gt_unknown("aws_security_group_rule", "r", ["type", "cidr_blocks", "ipv6_cidr_blocks", "protocol", "from_port", "to_port"], {"security_group_id": ["aws_security_group.sg"]})
	v4 := _gt_unknown("aws_vpc_security_group_ingress_rule", "i", ["cidr_ipv4", "cidr_ipv6", "ip_protocol"], {"security_group_id": ["aws_security_group.sg"]})
	lg := _gt_unknown("aws_cloudwatch_log_group", "lg", ["name", "retention_in_days", "kms_key_id"], {})
	alarm := _gt_unknown("aws_cloudwatch_metric_alarm", "a", ["namespace", "dimensions", "metric_query"], {})
	bucket := _gt_unknown("aws_s3_bucket", "b", ["bucket", "server_side_encryption_configuration"], {})
	sse := _gt_unknown("aws_s3_bucket_server_side_encryption_configuration", "b", ["bucket", "rule"], {"bucket": ["aws_s3_bucket.b"]})
	method := _gt_unknown("aws_api_gateway_method", "m", ["http_method", "authorization", "api_key_required", "request_validator_id"], {"rest_api_id": ["aws_api_gateway_rest_api.api"], "resource_id": ["aws_api_gateway_resource.r"]})
	integration := _gt_unknown("aws_api_gateway_integration", "m", ["type", "uri", "http_method"], {"http_method": ["aws_api_gateway_method.m"], "rest_api_id": ["aws_api_gateway_rest_api.api"], "uri": ["aws_lambda_function.f"]})
	stage := _gt_unknown("aws_api_gateway_stage", "s", ["stage_name"], {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	settings := _gt_unknown("aws_api_gateway_method_settings", "s", ["stage_name", "settings"], {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	plan := _gt_unknown("aws_api_gateway_usage_plan", "p", ["api_stages", "throttle_settings"], {"api_stages": ["aws_api_gateway_rest_api.api"]})
	route := _gt_unknown("aws_apigatewayv2_route", "rt", ["route_key", "authorization_type", "target"], {"target": ["aws_apigatewayv2_integration.i"], "api_id": ["aws_apigatewayv2_api.api"]})
	api := _gt_unknown("aws_apigatewayv2_api", "api", ["protocol_type"], {})
	v2i := _gt_unknown("aws_apigatewayv2_integration", "i", ["integration_type", "integration_uri"], {"api_id": ["aws_apigatewayv2_api.api"], "integration_uri": ["aws_lambda_function.f"]})
	v2s := _gt_unknown("aws_apigatewayv2_stage", "s", ["default_route_settings", "route_settings"], {"api_id": ["aws_apigatewayv2_api.api"]})
	config := _gt_unknown("aws_lambda_function_event_invoke_config", "c", ["function_name", "destination_config"], {})
	layer := _gt_unknown("aws_lambda_layer_version", "l", ["layer_name"], {})
	doc := testing.document([fn, sg, rule, v4, lg, alarm, bucket, sse, method, integration, stage, settings, plan, route, api, v2i, v2s, config, layer])
	findings := {[id, f] |
		some id in ["lmb203", "lmb204", "lmb304", "lmb305", "lmb306", "lmb404", "lmb502", "lmb503", "lmb504", "lmb505", "lmb604", "lmb606", "lmb702"]
		some f in data.tfwarden.lambda[id].deny
	} with input as doc
	findings == set()
}
