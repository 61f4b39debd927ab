# METADATA
# title: Lambda function is not attached to a VPC
# description: >-
#   A function outside a VPC reaches the internet and AWS APIs with no network controls of yours.
#   Practice: VPC isolation (run functions in private subnets behind security groups and network ACLs).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
# custom:
#   id: LMB201
#   slug: lambda-not-in-vpc
#   severity: low
#   practice: VPC isolation
#   remediation: Add a vpc_config block with at least two private subnet_ids and security_group_ids.
#   security_hub: Lambda.3
#   equivalents:
#     checkov: [CKV_AWS_117]
#     trivy: []
#     kics: []
package tfwarden.lambda.lmb201

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "vpc_config.0.subnet_ids", msg) if {
	some fn in functions
	not lib.has_vpc_subnets(fn)
	msg := message(fn)
}

message(fn) := sprintf("%s has a vpc_config with no subnet_ids", [fn.address]) if {
	fn.values.vpc_config[0]
} else := sprintf("%s is not attached to a VPC", [fn.address])
