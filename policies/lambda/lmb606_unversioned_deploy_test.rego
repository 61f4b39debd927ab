package tfwarden.lambda.lmb606

import data.tfwarden.lib
import data.tfwarden.testing

_msg(fn) := sprintf("%s is deployed without publish = true: each deployment overwrites $LATEST and leaves no version to roll back to", [fn.address])

test_fires_on_zip_file_without_publish if {
	fn := testing.resource("aws_lambda_function", "api", {"filename": "app.zip"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "publish", _msg(fn))}
}

test_fires_on_s3_with_publish_false if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"s3_bucket": null, "s3_key": "app.zip", "publish": false}), ["s3_bucket"])
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "publish", _msg(fn))}
}

test_passes_with_publish if {
	fn := testing.resource("aws_lambda_function", "api", {"filename": "app.zip", "publish": true})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_publish_does_not_fire if {
	fn := testing.with_unknown(testing.resource("aws_lambda_function", "api", {"filename": "app.zip", "publish": null}), ["publish"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_images_are_out_of_scope if {
	fn := testing.resource("aws_lambda_function", "api", {"package_type": "Image", "image_uri": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:0123"})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

_src := `resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "app.zip"
  publish       = false
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  s3_bucket     = "acme-artifacts"
  s3_key        = "worker.zip"
}
`

test_points_at_publish_or_the_block if {
	src := _src
	findings := deny with input as tfwarden.hcl(src)
	{tfwarden.locate(src, f).line | some f in findings} == {4, 7}
}
