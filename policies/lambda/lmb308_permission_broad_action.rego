# METADATA
# title: Lambda permission grants more than invoke
# description: >-
#   A resource-based permission whose action is not lambda:InvokeFunction or lambda:InvokeFunctionUrl
#   (for example lambda:*) lets the principal read or change the function, not just call it.
#   Practice: least privilege (grant only the invoke action).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
# custom:
#   id: LMB308
#   slug: lambda-permission-broad-action
#   severity: high
#   practice: least privilege
#   remediation: Set action to "lambda:InvokeFunction" (or "lambda:InvokeFunctionUrl" for a function URL).
#   fix:
#     applicability: unsafe
#     set:
#       action: lambda:InvokeFunction
#   equivalents:
#     checkov: []
#     trivy: []
#     kics: ["75ec6890-83af-4bf1-9f16-e83726df0bd0", "ad9dabc7-7839-4bae-a957-aa9120013f39"]
#   examples:
#     bad: |
#       resource "aws_lambda_permission" "nightly_report" {
#         statement_id  = "AllowEventBridgeInvoke"
#         action        = "lambda:*"
#         function_name = "nightly-report"
#         principal     = "events.amazonaws.com"
#         source_arn    = "arn:aws:events:eu-west-1:123456789012:rule/nightly-report"
#       }
#     good: |
#       resource "aws_lambda_permission" "nightly_report" {
#         statement_id  = "AllowEventBridgeInvoke"
#         action        = "lambda:InvokeFunction"
#         function_name = "nightly-report"
#         principal     = "events.amazonaws.com"
#         source_arn    = "arn:aws:events:eu-west-1:123456789012:rule/nightly-report"
#       }
package tfwarden.lambda.lmb308

import data.tfwarden.lib
import data.tfwarden.lib.invoke_actions
import data.tfwarden.lib.permissions

deny contains lib.at(p, "action", msg) if {
	some p in permissions
	action := p.values.action
	is_string(action)
	not invoke_actions[lower(action)]
	msg := sprintf("%s grants %s; grant only lambda:InvokeFunction or lambda:InvokeFunctionUrl", [p.address, action])
}
