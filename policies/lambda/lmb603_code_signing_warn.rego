# METADATA
# title: Lambda code signing only warns on untrusted code
# description: >-
#   A code signing configuration whose untrusted_artifact_on_deployment is "Warn" (the default when
#   no policies block is given) still deploys unsigned or tampered packages. Practice: code signing
#   (enforce it, so Lambda rejects code that fails the signature check).
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html
# custom:
#   id: LMB603
#   slug: lambda-code-signing-warn
#   severity: medium
#   practice: code signing
#   remediation: Add policies { untrusted_artifact_on_deployment = "Enforce" } to the code signing configuration.
#   fix:
#     applicability: safe
#     set:
#       policies.0.untrusted_artifact_on_deployment: Enforce
#   equivalents:
#     checkov: []
#     trivy: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_lambda_code_signing_config" "release" {
#         description = "Only deploy packages signed by the release pipeline"
#
#         allowed_publishers {
#           signing_profile_version_arns = [
#             "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release/abcdef1234",
#           ]
#         }
#
#         policies {
#           untrusted_artifact_on_deployment = "Warn"
#         }
#       }
#     good: |
#       resource "aws_lambda_code_signing_config" "release" {
#         description = "Only deploy packages signed by the release pipeline"
#
#         allowed_publishers {
#           signing_profile_version_arns = [
#             "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release/abcdef1234",
#           ]
#         }
#
#         policies {
#           untrusted_artifact_on_deployment = "Enforce"
#         }
#       }
package tfwarden.lambda.lmb603

import data.tfwarden.lib
import data.tfwarden.lib.code_signing_configs

_path := "policies.0.untrusted_artifact_on_deployment"

deny contains lib.at(csc, _path, msg) if {
	some csc in code_signing_configs
	lib.value(csc, _path) == "Warn"
	msg := sprintf("%s only warns when code is unsigned or untrusted; set untrusted_artifact_on_deployment to Enforce", [csc.address])
}

deny contains lib.at(csc, _path, msg) if {
	some csc in code_signing_configs
	lib.missing(csc, _path)
	msg := sprintf("%s has no untrusted_artifact_on_deployment policy, so it defaults to Warn and deploys untrusted code", [csc.address])
}
