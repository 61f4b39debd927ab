package tfwarden.lambda.lmb203

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name, sg_refs) := testing.with_references(
	testing.resource("aws_lambda_function", name, {"function_name": name, "vpc_config": [{"subnet_ids": ["subnet-a", "subnet-b"], "security_group_ids": [null]}]}),
	{"vpc_config.0.security_group_ids.0": sg_refs},
)

_all_out := {"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]}

test_fires_on_inline_all_traffic_egress if {
	sg := testing.resource("aws_security_group", "fn", {"egress": [_all_out]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, fn])
	findings == {
		lib.at(sg, "egress.0.cidr_blocks.1", "aws_security_group.fn allows egress to 0.0.0.0/0 on all protocols or ports from aws_security_group.fn, a security group of a Lambda function"),
		lib.at(sg, "egress.0.ipv6_cidr_blocks.0", "aws_security_group.fn allows egress to ::/0 on all protocols or ports from aws_security_group.fn, a security group of a Lambda function"),
	}
}

test_shared_group_is_one_finding_per_cidr if {
	sg := testing.resource("aws_security_group", "fn", {"egress": [{"protocol": "all", "cidr_blocks": ["0.0.0.0/0"]}]})
	a := _fn("a", ["aws_security_group.fn"])
	b := _fn("b", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, a, b])
	findings == {lib.at(sg, "egress.0.cidr_blocks.0", "aws_security_group.fn allows egress to 0.0.0.0/0 on all protocols or ports from aws_security_group.fn, a security group of a Lambda function")}
}

test_fires_on_all_ports_security_group_rule if {
	sg := testing.resource("aws_security_group", "fn", {})
	rule := testing.with_references(testing.resource("aws_security_group_rule", "out", {
		"type": "egress", "protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_blocks": ["0.0.0.0/0"],
	}), {"security_group_id": ["aws_security_group.fn"]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, rule, fn])
	findings == {lib.at(rule, "cidr_blocks.0", "aws_security_group_rule.out allows egress to 0.0.0.0/0 on all protocols or ports from aws_security_group.fn, a security group of a Lambda function")}
}

test_fires_on_vpc_egress_rule if {
	sg := testing.resource("aws_security_group", "fn", {})
	rule := testing.with_references(testing.resource("aws_vpc_security_group_egress_rule", "all6", {"ip_protocol": "-1", "cidr_ipv6": "::/0"}), {"security_group_id": ["aws_security_group.fn"]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, rule, fn])
	findings == {lib.at(rule, "cidr_ipv6", "aws_vpc_security_group_egress_rule.all6 allows egress to ::/0 on all protocols or ports from aws_security_group.fn, a security group of a Lambda function")}
}

test_group_referenced_as_a_whole_expression if {
	sg := testing.resource("aws_security_group", "fn", {"egress": [_all_out]})
	fn := testing.with_references(testing.resource("aws_lambda_function", "api", {"vpc_config": [{"security_group_ids": ["sg-1"]}]}), {"vpc_config.0.security_group_ids": ["aws_security_group.fn"]})
	findings := deny with input as testing.document([sg, fn])
	count(findings) == 2
}

test_module_instance_addresses if {
	sg := testing.in_module(testing.resource("aws_security_group", "this", {"egress": [{"protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}]}), "module.fn[\"orders\"]")
	fn := testing.with_references(testing.in_module(testing.resource("aws_lambda_function", "this", {}), "module.fn[\"orders\"]"), {"vpc_config.0.security_group_ids.0": ["module.fn[\"orders\"].aws_security_group.this"]})
	findings := deny with input as testing.document([sg, fn])
	{[f.resource, f.attribute] | some f in findings} == {["module.fn[\"orders\"].aws_security_group.this", "egress.0.cidr_blocks.0"]}
}

test_passes_on_restricted_egress if {
	sg := testing.resource("aws_security_group", "fn", {"egress": [
		{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
		{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/16"]},
	]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, fn])
	count(findings) == 0
}

test_ingress_is_not_egress if {
	sg := testing.resource("aws_security_group", "fn", {"ingress": [_all_out]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, fn])
	count(findings) == 0
}

test_unattached_group_is_out_of_scope if {
	sg := testing.resource("aws_security_group", "web", {"egress": [_all_out]})
	fn := _fn("api", ["aws_security_group.other"])
	literal := testing.resource("aws_lambda_function", "b", {"vpc_config": [{"subnet_ids": ["subnet-a"], "security_group_ids": ["sg-0123456789abcdef0"]}]})
	findings := deny with input as testing.document([sg, fn, literal])
	count(findings) == 0
}

test_group_in_another_root_is_not_joined if {
	sg := testing.in_root(testing.resource("aws_security_group", "fn", {"egress": [_all_out]}), "other")
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, fn])
	count(findings) == 0
}

test_unknowns_do_not_fire if {
	protocol := testing.with_unknown(testing.resource("aws_security_group", "p", {"egress": [{"protocol": null, "from_port": null, "to_port": null, "cidr_blocks": ["0.0.0.0/0"]}]}), ["egress.0.protocol", "egress.0.from_port", "egress.0.to_port"])
	cidr := testing.with_unknown(testing.resource("aws_security_group", "c", {"egress": [{"protocol": "-1", "cidr_blocks": null}]}), ["egress.0.cidr_blocks"])
	dynamic := testing.with_unknown(testing.resource("aws_security_group", "d", {"egress": null}), ["egress"])
	fn := _fn("api", ["aws_security_group.p", "aws_security_group.c", "aws_security_group.d"])
	findings := deny with input as testing.document([protocol, cidr, dynamic, fn])
	count(findings) == 0
}

_src := `resource "aws_security_group" "fn" {
  name = "fn"

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}

resource "aws_lambda_function" "api" {
  function_name = "api"

  vpc_config {
    subnet_ids         = ["subnet-a", "subnet-b"]
    security_group_ids = [aws_security_group.fn.id]
  }
}
`

test_points_at_the_cidr_element if {
	src := _src
	findings := deny with input as tfwarden.hcl(src)
	count(findings) == 1
	some f in findings
	tfwarden.locate(src, f) == {"line": 8, "column": 34}
}
