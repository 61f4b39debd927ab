# METADATA
# title: Lambda code bucket is not encrypted with KMS
# description: >-
#   The S3 bucket a function's deployment package comes from holds its code and often bundled
#   configuration; without SSE-KMS, anyone with s3:GetObject reads it and no key policy or
#   CloudTrail key usage record stands in the way. Practice: encrypted code storage (keep deployment
#   packages in buckets encrypted with a KMS key).
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-zip.html
# custom:
#   id: LMB404
#   slug: lambda-code-bucket-not-kms
#   severity: medium
#   practice: encrypted code storage
#   remediation: Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with sse_algorithm = "aws:kms" (or "aws:kms:dsse") and a kms_master_key_id.
#   equivalents:
#     checkov: []
#     trivy: []
#     tfsec: []
#     kics: []
#   examples:
#     bad: |
#       resource "aws_s3_bucket" "code" {
#         bucket = "acme-lambda-artifacts"
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         s3_bucket     = aws_s3_bucket.code.id
#         s3_key        = "orders-api/1.4.2.zip"
#       }
#     good: |
#       resource "aws_s3_bucket" "code" {
#         bucket = "acme-lambda-artifacts"
#       }
#
#       resource "aws_s3_bucket_server_side_encryption_configuration" "code" {
#         bucket = aws_s3_bucket.code.id
#
#         rule {
#           apply_server_side_encryption_by_default {
#             sse_algorithm     = "aws:kms"
#             kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
#           }
#           bucket_key_enabled = true
#         }
#       }
#
#       resource "aws_lambda_function" "api" {
#         function_name = "orders-api"
#         role          = "arn:aws:iam::123456789012:role/orders-api-lambda"
#         runtime       = "python3.13"
#         handler       = "app.handler"
#         s3_bucket     = aws_s3_bucket.code.id
#         s3_key        = "orders-api/1.4.2.zip"
#       }
package tfwarden.lambda.lmb404

import data.tfwarden.lib
import data.tfwarden.lib.functions

# One finding per bucket, whichever functions deploy from it (the message names the bucket).
deny contains lib.at(b, "", msg) if {
	some fn in functions
	some b in lib.function_code_buckets(fn)
	not lib.bucket_kms_encrypted(b)
	not lib.bucket_encryption_undecidable(b)
	msg := sprintf("%s holds Lambda deployment packages but has no server-side encryption with aws:kms or aws:kms:dsse", [b.address])
}
