package tfwarden.lambda.lmb204

import data.tfwarden.lib
import data.tfwarden.testing

_fn(name, sg_refs) := testing.with_references(
	testing.resource("aws_lambda_function", name, {"function_name": name, "vpc_config": [{"subnet_ids": ["subnet-a", "subnet-b"], "security_group_ids": [null]}]}),
	{"vpc_config.0.security_group_ids.0": sg_refs},
)

test_fires_on_inline_ingress_on_any_port if {
	sg := testing.resource("aws_security_group", "fn", {"ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]}]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, fn])
	findings == {
		lib.at(sg, "ingress.0.cidr_blocks.0", "aws_security_group.fn allows ingress from 0.0.0.0/0 into aws_security_group.fn, a security group of a Lambda function"),
		lib.at(sg, "ingress.0.ipv6_cidr_blocks.0", "aws_security_group.fn allows ingress from ::/0 into aws_security_group.fn, a security group of a Lambda function"),
	}
}

test_fires_on_security_group_rule if {
	sg := testing.resource("aws_security_group", "fn", {})
	rule := testing.with_references(testing.resource("aws_security_group_rule", "ssh", {"type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}), {"security_group_id": ["aws_security_group.fn"]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, rule, fn])
	findings == {lib.at(rule, "cidr_blocks.0", "aws_security_group_rule.ssh allows ingress from 0.0.0.0/0 into aws_security_group.fn, a security group of a Lambda function")}
}

test_fires_on_vpc_ingress_rule_once_for_two_functions if {
	sg := testing.resource("aws_security_group", "fn", {})
	rule := testing.with_references(testing.resource("aws_vpc_security_group_ingress_rule", "https", {"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}), {"security_group_id": ["aws_security_group.fn"]})
	a := _fn("a", ["aws_security_group.fn"])
	b := _fn("b", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, rule, a, b])
	findings == {lib.at(rule, "cidr_ipv4", "aws_vpc_security_group_ingress_rule.https allows ingress from 0.0.0.0/0 into aws_security_group.fn, a security group of a Lambda function")}
}

test_passes_on_private_sources_and_egress if {
	sg := testing.resource("aws_security_group", "fn", {
		"ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/16"]}],
		"egress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
	})
	rule := testing.with_references(testing.resource("aws_security_group_rule", "out", {"type": "egress", "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}), {"security_group_id": ["aws_security_group.fn"]})
	from_sg := testing.with_references(testing.resource("aws_vpc_security_group_ingress_rule", "alb", {"ip_protocol": "tcp", "from_port": 8080, "to_port": 8080}), {"security_group_id": ["aws_security_group.fn"], "referenced_security_group_id": ["aws_security_group.alb"]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, rule, from_sg, fn])
	count(findings) == 0
}

test_unattached_group_is_out_of_scope if {
	sg := testing.resource("aws_security_group", "web", {"ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, fn])
	count(findings) == 0
}

test_unknown_cidr_and_type_do_not_fire if {
	sg := testing.resource("aws_security_group", "fn", {})
	cidr := testing.with_references(testing.with_unknown(testing.resource("aws_vpc_security_group_ingress_rule", "c", {"cidr_ipv4": null}), ["cidr_ipv4"]), {"security_group_id": ["aws_security_group.fn"]})
	kind := testing.with_references(testing.with_unknown(testing.resource("aws_security_group_rule", "k", {"type": null, "cidr_blocks": ["0.0.0.0/0"]}), ["type"]), {"security_group_id": ["aws_security_group.fn"]})
	fn := _fn("api", ["aws_security_group.fn"])
	findings := deny with input as testing.document([sg, cidr, kind, fn])
	count(findings) == 0
}
