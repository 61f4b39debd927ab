package tfwarden.lambda.lmb305

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})

_integration := testing.with_references(testing.resource("aws_api_gateway_integration", "fn", {"type": "AWS_PROXY"}), {"rest_api_id": ["aws_api_gateway_rest_api.api"], "uri": ["aws_lambda_function.api"]})

_stage := testing.with_references(testing.resource("aws_api_gateway_stage", "prod", {"stage_name": "prod"}), {"rest_api_id": ["aws_api_gateway_rest_api.api"], "deployment_id": ["aws_api_gateway_deployment.api"]})

_rest_msg := "aws_api_gateway_stage.prod serves a Lambda integration with no throttling: no aws_api_gateway_method_settings with throttling_rate_limit/throttling_burst_limit and no usage plan with throttle_settings for this stage"

_settings(values, refs) := testing.with_references(testing.resource("aws_api_gateway_method_settings", "all", object.union({"method_path": "*/*"}, values)), object.union({"rest_api_id": ["aws_api_gateway_rest_api.api"]}, refs))

test_fires_on_rest_stage_without_throttling if {
	findings := deny with input as testing.document([_fn, _integration, _stage])
	findings == {lib.at(_stage, "", _rest_msg)}
}

test_fires_when_method_settings_only_enable_metrics if {
	ms := _settings({"settings": [{"metrics_enabled": true, "throttling_rate_limit": -1}]}, {"stage_name": ["aws_api_gateway_stage.prod"]})
	findings := deny with input as testing.document([_fn, _integration, _stage, ms])
	findings == {lib.at(_stage, "", _rest_msg)}
}

test_passes_with_method_settings_by_reference if {
	ms := _settings({"stage_name": null, "settings": [{"throttling_rate_limit": 100, "throttling_burst_limit": 50}]}, {"stage_name": ["aws_api_gateway_stage.prod"]})
	findings := deny with input as testing.document([_fn, _integration, _stage, ms])
	count(findings) == 0
}

test_passes_with_method_settings_by_stage_name if {
	ms := _settings({"stage_name": "prod", "settings": [{"throttling_burst_limit": 50}]}, {})
	findings := deny with input as testing.document([_fn, _integration, _stage, ms])
	count(findings) == 0
}

test_method_settings_of_another_stage_do_not_count if {
	ms := _settings({"stage_name": "dev", "settings": [{"throttling_burst_limit": 50}]}, {})
	findings := deny with input as testing.document([_fn, _integration, _stage, ms])
	findings == {lib.at(_stage, "", _rest_msg)}
}

test_passes_with_usage_plan if {
	plan := testing.with_references(testing.resource("aws_api_gateway_usage_plan", "standard", {
		"api_stages": [{"api_id": null, "stage": null}],
		"throttle_settings": [{"rate_limit": 20, "burst_limit": 10}],
	}), {"api_stages.0.api_id": ["aws_api_gateway_rest_api.api"], "api_stages.0.stage": ["aws_api_gateway_stage.prod"]})
	findings := deny with input as testing.document([_fn, _integration, _stage, plan])
	count(findings) == 0
}

test_unknown_limits_and_stage_names_do_not_fire if {
	limit := testing.with_unknown(_settings({"stage_name": "prod", "settings": [{"throttling_rate_limit": null}]}, {}), ["settings.0.throttling_rate_limit"])
	findings := deny with input as testing.document([_fn, _integration, _stage, limit])
	count(findings) == 0
	name := testing.with_unknown(_settings({"stage_name": null, "settings": [{"throttling_rate_limit": 10}]}, {}), ["stage_name"])
	findings2 := deny with input as testing.document([_fn, _integration, _stage, name])
	count(findings2) == 0
}

test_stage_without_function_integration_is_out_of_scope if {
	mock := testing.with_references(testing.resource("aws_api_gateway_integration", "mock", {"type": "MOCK"}), {"rest_api_id": ["aws_api_gateway_rest_api.api"]})
	other := testing.with_references(testing.resource("aws_api_gateway_integration", "fn", {"type": "AWS_PROXY"}), {"rest_api_id": ["aws_api_gateway_rest_api.other"], "uri": ["aws_lambda_function.api"]})
	findings := deny with input as testing.document([_fn, mock, other, _stage])
	count(findings) == 0
}

_v2_integration := testing.with_references(testing.resource("aws_apigatewayv2_integration", "fn", {"integration_type": "AWS_PROXY"}), {"api_id": ["aws_apigatewayv2_api.http"], "integration_uri": ["aws_lambda_function.api"]})

_v2_stage(values) := testing.with_references(testing.resource("aws_apigatewayv2_stage", "default", object.union({"name": "$default"}, values)), {"api_id": ["aws_apigatewayv2_api.http"]})

test_fires_on_http_stage_without_throttling if {
	s := _v2_stage({"default_route_settings": [{"detailed_metrics_enabled": true}]})
	findings := deny with input as testing.document([_fn, _v2_integration, s])
	findings == {lib.at(s, "", "aws_apigatewayv2_stage.default serves a Lambda integration with no throttling: no throttling_rate_limit/throttling_burst_limit in default_route_settings or route_settings")}
}

test_passes_on_throttled_http_stages if {
	a := _v2_stage({"default_route_settings": [{"throttling_rate_limit": 100, "throttling_burst_limit": 50}]})
	findings := deny with input as testing.document([_fn, _v2_integration, a])
	count(findings) == 0
	b := _v2_stage({"route_settings": [{"route_key": "POST /orders", "throttling_rate_limit": 10}]})
	findings2 := deny with input as testing.document([_fn, _v2_integration, b])
	count(findings2) == 0
	c := testing.with_unknown(_v2_stage({"default_route_settings": null}), ["default_route_settings"])
	findings3 := deny with input as testing.document([_fn, _v2_integration, c])
	count(findings3) == 0
}
