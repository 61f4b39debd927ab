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
#   fix:
#     applicability: unsafe
#   security_hub: Lambda.2
#   equivalents:
#     checkov: [CKV_AWS_363]
#     trivy: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.8"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
#     good: |
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         filename      = "build/orders-api.zip"
#       }
package tfwarden.lambda.lmb601

import data.tfwarden.lib
import data.tfwarden.lib.functions
import data.tfwarden.lib.today

# Deprecation date reached: failure at the rule's severity, with the upgrade to the family's
# current runtime as an (unsafe) fix when the family has one.
deny contains finding if {
	some fn in functions
	rt := lib.runtime(fn)
	date := lib.runtime_deprecation(rt)
	date <= today
	msg := sprintf("%s uses runtime %s, deprecated since %s", [fn.address, rt, date])
	finding := object.union(lib.at(fn, "runtime", msg), upgrade(rt))
}

# {"fix": {"set": {"runtime": <current runtime of rt's family>}}}, or {} when there is none.
upgrade(rt) := {"fix": {"set": {"runtime": to}}} if {
	family := regex.find_n(`^[a-z]+`, rt, 1)[0]
	to := data.tfwarden.lambda.runtime_upgrades[family]
} else := {}

# Deprecation announced for a date within the warning window (runtime_warning_days, 180 by
# default): advisory note (severity info). AWS announces dates years ahead for every current
# runtime, so a note for each of them would be noise.
warn contains lib.at(fn, "runtime", msg) if {
	some fn in functions
	rt := lib.runtime(fn)
	date := lib.runtime_deprecation(rt)
	date > today
	date <= warn_until
	msg := sprintf("%s uses runtime %s, which is deprecated on %s", [fn.address, rt, date])
}

# The last deprecation date that is close enough to warn about (YYYY-MM-DD).
warn_until := time.format([time.add_date(_today_ns, 0, 0, warning_days), "UTC", "2006-01-02"])

_today_ns := time.parse_ns("2006-01-02", today)

# (Read the one key: data.tfwarden.lambda as a whole contains this package, a recursion.)
warning_days := d if {
	d := data.tfwarden.lambda.runtime_warning_days
} else := 180
