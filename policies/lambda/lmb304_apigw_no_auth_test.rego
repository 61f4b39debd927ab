package tfwarden.lambda.lmb304

import data.tfwarden.lib
import data.tfwarden.testing

_fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})

_method(name, values) := testing.with_references(testing.resource("aws_api_gateway_method", name, object.union({"http_method": "GET"}, values)), {
	"rest_api_id": ["aws_api_gateway_rest_api.api"],
	"resource_id": ["aws_api_gateway_resource.items"],
})

_integration(method, refs) := testing.with_references(testing.resource("aws_api_gateway_integration", method, {"type": "AWS_PROXY", "http_method": null}), object.union(
	{"http_method": [concat(".", ["aws_api_gateway_method", method])], "rest_api_id": ["aws_api_gateway_rest_api.api"], "uri": ["aws_lambda_function.api"]},
	refs,
))

_rest_msg(m) := sprintf("%s invokes a Lambda function with no authorization and no API key: anyone who reaches the API can call it", [m.address])

_route_msg(rt) := sprintf("%s invokes a Lambda function with no authorizer: anyone who reaches the API can call it", [rt.address])

test_fires_on_rest_method_without_authorization if {
	m := _method("get", {"authorization": "NONE"})
	i := _integration("get", {})
	findings := deny with input as testing.document([_fn, m, i])
	findings == {lib.at(m, "authorization", _rest_msg(m))}
}

test_fires_with_api_key_not_required if {
	m := _method("get", {"authorization": "NONE", "api_key_required": false})
	i := _integration("get", {})
	findings := deny with input as testing.document([_fn, m, i])
	findings == {lib.at(m, "authorization", _rest_msg(m))}
}

test_joins_by_same_resource_and_http_method if {
	m := _method("get", {"authorization": "NONE"})
	i := testing.with_references(testing.resource("aws_api_gateway_integration", "get", {"type": "AWS_PROXY", "http_method": "GET"}), {
		"rest_api_id": ["aws_api_gateway_rest_api.api"],
		"resource_id": ["aws_api_gateway_resource.items"],
		"uri": ["aws_lambda_function.api"],
	})
	findings := deny with input as testing.document([_fn, m, i])
	findings == {lib.at(m, "authorization", _rest_msg(m))}
}

test_passes_with_authorizer_or_api_key if {
	iam := _method("iam", {"authorization": "AWS_IAM"})
	custom := _method("custom", {"authorization": "CUSTOM", "authorizer_id": null})
	key := _method("key", {"authorization": "NONE", "api_key_required": true})
	doc := testing.document([_fn, iam, custom, key, _integration("iam", {}), _integration("custom", {}), _integration("key", {})])
	findings := deny with input as doc
	count(findings) == 0
}

test_mock_and_http_integrations_are_out_of_scope if {
	m := _method("get", {"authorization": "NONE"})
	mock := testing.with_references(testing.resource("aws_api_gateway_integration", "get", {"type": "MOCK"}), {"http_method": ["aws_api_gateway_method.get"]})
	h := _method("proxy", {"authorization": "NONE"})
	http := testing.with_references(testing.resource("aws_api_gateway_integration", "proxy", {"type": "HTTP_PROXY", "uri": "https://backend.example.com/{proxy}"}), {"http_method": ["aws_api_gateway_method.proxy"]})
	findings := deny with input as testing.document([_fn, m, mock, h, http])
	count(findings) == 0
}

test_method_without_function_integration_is_out_of_scope if {
	m := _method("get", {"authorization": "NONE"})
	findings := deny with input as testing.document([_fn, m])
	count(findings) == 0
}

test_unknowns_do_not_fire if {
	auth := testing.with_unknown(_method("auth", {"authorization": null}), ["authorization"])
	key := testing.with_unknown(_method("key", {"authorization": "NONE", "api_key_required": null}), ["api_key_required"])
	doc := testing.document([_fn, auth, key, _integration("auth", {}), _integration("key", {})])
	findings := deny with input as doc
	count(findings) == 0
}

_http_api := testing.resource("aws_apigatewayv2_api", "http", {"protocol_type": "HTTP"})

_v2_integration := testing.with_references(testing.resource("aws_apigatewayv2_integration", "fn", {"integration_type": "AWS_PROXY", "integration_uri": null}), {
	"api_id": ["aws_apigatewayv2_api.http"],
	"integration_uri": ["aws_lambda_function.api"],
})

_route(name, values) := testing.with_references(testing.resource("aws_apigatewayv2_route", name, object.union({"route_key": "GET /items", "target": null}, values)), {
	"api_id": ["aws_apigatewayv2_api.http"],
	"target": ["aws_apigatewayv2_integration.fn"],
})

test_fires_on_http_route_without_authorization_type if {
	rt := _route("get", {})
	findings := deny with input as testing.document([_fn, _http_api, _v2_integration, rt])
	findings == {lib.at(rt, "authorization_type", _route_msg(rt))}
}

test_fires_on_http_route_with_none if {
	rt := _route("get", {"authorization_type": "NONE"})
	findings := deny with input as testing.document([_fn, _http_api, _v2_integration, rt])
	findings == {lib.at(rt, "authorization_type", _route_msg(rt))}
}

test_passes_on_http_route_with_authorizer if {
	jwt := _route("jwt", {"authorization_type": "JWT", "authorizer_id": null})
	iam := _route("iam", {"authorization_type": "AWS_IAM"})
	unknown := testing.with_unknown(_route("var", {"authorization_type": null}), ["authorization_type"])
	findings := deny with input as testing.document([_fn, _http_api, _v2_integration, jwt, iam, unknown])
	count(findings) == 0
}

test_websocket_routes_are_out_of_scope if {
	ws := testing.resource("aws_apigatewayv2_api", "http", {"protocol_type": "WEBSOCKET"})
	rt := _route("message", {"route_key": "sendmessage"})
	findings := deny with input as testing.document([_fn, ws, _v2_integration, rt])
	count(findings) == 0
}

test_http_route_through_an_alias if {
	alias := testing.with_references(testing.resource("aws_lambda_alias", "live", {"name": "live"}), {"function_name": ["aws_lambda_function.api"]})
	i := testing.with_references(testing.resource("aws_apigatewayv2_integration", "fn", {"integration_type": "AWS_PROXY"}), {"api_id": ["aws_apigatewayv2_api.http"], "integration_uri": ["aws_lambda_alias.live"]})
	rt := _route("get", {})
	findings := deny with input as testing.document([_fn, _http_api, alias, i, rt])
	findings == {lib.at(rt, "authorization_type", _route_msg(rt))}
}

test_http_route_to_http_backend_is_out_of_scope if {
	i := testing.resource("aws_apigatewayv2_integration", "fn", {"integration_type": "HTTP_PROXY", "integration_uri": "https://backend.example.com"})
	rt := _route("get", {})
	findings := deny with input as testing.document([_fn, _http_api, i, rt])
	count(findings) == 0
}

_src := `resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "fn" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.api.invoke_arn
}

resource "aws_apigatewayv2_route" "get" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /orders"
  target    = "integrations/${aws_apigatewayv2_integration.fn.id}"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
}
`

test_hcl_route_points_at_the_block if {
	src := _src
	findings := deny with input as tfwarden.hcl(src)
	count(findings) == 1
	some f in findings
	tfwarden.locate(src, f) == {"line": 12, "column": 1}
}
