# METADATA
# title: Lambda function uses a deprecated runtime
# description: >-
#   A deprecated runtime no longer receives security patches, and AWS later blocks creating and
#   updating functions that use it. Practice: keep runtimes patched (move to a supported runtime
#   before its deprecation date).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
# custom:
#   id: LMB601
#   slug: lambda-deprecated-runtime
#   severity: high
#   practice: keep runtimes patched
#   remediation: Change runtime to a supported version of the language (for example python3.13, nodejs22.x, java21) and test the function on it.
#   security_hub: Lambda.2
#   equivalents:
#     checkov: [CKV_AWS_363]
#     trivy: []
#     kics: []
package tfwarden.lambda.lmb601

import data.tfwarden.lib

# Deprecation date reached: failure at the rule's severity.
deny contains lib.at(fn, "runtime", msg) if {
	some fn in lib.functions
	rt := lib.runtime(fn)
	date := lib.runtime_deprecation(rt)
	date <= lib.today
	msg := sprintf("%s uses runtime %s, deprecated since %s", [fn.address, rt, date])
}

# Deprecation announced for a later date: advisory note (severity info).
warn contains lib.at(fn, "runtime", msg) if {
	some fn in lib.functions
	rt := lib.runtime(fn)
	date := lib.runtime_deprecation(rt)
	date > lib.today
	msg := sprintf("%s uses runtime %s, which is deprecated on %s", [fn.address, rt, date])
}
