package tfwarden.lambda.lmb404

import data.tfwarden.lib
import data.tfwarden.testing

_bucket := testing.resource("aws_s3_bucket", "code", {"bucket": "acme-code"})

_msg := "aws_s3_bucket.code holds Lambda deployment packages but has no server-side encryption with aws:kms or aws:kms:dsse"

_fn(name) := testing.with_references(testing.with_unknown(testing.resource("aws_lambda_function", name, {"function_name": name, "s3_bucket": null, "s3_key": "app.zip"}), ["s3_bucket"]), {"s3_bucket": ["aws_s3_bucket.code"]})

_sse(algorithm) := testing.with_references(testing.resource("aws_s3_bucket_server_side_encryption_configuration", "code", {"bucket": null, "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm}]}]}), {"bucket": ["aws_s3_bucket.code"]})

test_fires_on_bucket_without_encryption_configuration if {
	findings := deny with input as testing.document([_bucket, _fn("a"), _fn("b")])
	findings == {lib.at(_bucket, "", _msg)}
}

test_fires_on_sse_s3 if {
	findings := deny with input as testing.document([_bucket, _fn("a"), _sse("AES256")])
	findings == {lib.at(_bucket, "", _msg)}
}

test_fires_on_legacy_inline_aes if {
	b := testing.resource("aws_s3_bucket", "code", {"bucket": "acme-code", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}]})
	findings := deny with input as testing.document([b, _fn("a")])
	findings == {lib.at(b, "", _msg)}
}

test_joins_by_literal_bucket_name_and_through_an_object if {
	by_name := testing.resource("aws_lambda_function", "a", {"s3_bucket": "acme-code"})
	object := testing.with_references(testing.resource("aws_s3_object", "zip", {"key": "b.zip"}), {"bucket": ["aws_s3_bucket.code"]})
	by_object := testing.with_references(testing.resource("aws_lambda_function", "b", {"s3_bucket": null}), {"s3_bucket": ["aws_s3_object.zip"]})
	findings := deny with input as testing.document([_bucket, by_name])
	findings == {lib.at(_bucket, "", _msg)}
	findings2 := deny with input as testing.document([_bucket, object, by_object])
	findings2 == {lib.at(_bucket, "", _msg)}
}

test_passes_with_kms if {
	findings := deny with input as testing.document([_bucket, _fn("a"), _sse("aws:kms")])
	count(findings) == 0
	findings2 := deny with input as testing.document([_bucket, _fn("a"), _sse("aws:kms:dsse")])
	count(findings2) == 0
}

test_passes_with_legacy_inline_kms if {
	b := testing.resource("aws_s3_bucket", "code", {"bucket": "acme-code", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}]})
	findings := deny with input as testing.document([b, _fn("a")])
	count(findings) == 0
}

test_passes_with_encryption_by_bucket_name if {
	sse := testing.resource("aws_s3_bucket_server_side_encryption_configuration", "code", {"bucket": "acme-code", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]})
	findings := deny with input as testing.document([_bucket, _fn("a"), sse])
	count(findings) == 0
}

test_unknowns_do_not_fire if {
	algorithm := testing.with_unknown(_sse(null), ["rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"])
	findings := deny with input as testing.document([_bucket, _fn("a"), algorithm])
	count(findings) == 0
	unbound := testing.with_unknown(testing.resource("aws_s3_bucket_server_side_encryption_configuration", "x", {"bucket": null}), ["bucket"])
	findings2 := deny with input as testing.document([_bucket, _fn("a"), unbound])
	count(findings2) == 0
	var_bucket := testing.with_unknown(testing.resource("aws_lambda_function", "v", {"s3_bucket": null}), ["s3_bucket"])
	findings3 := deny with input as testing.document([_bucket, var_bucket])
	count(findings3) == 0
}

test_buckets_not_used_for_code_are_out_of_scope if {
	fn := testing.resource("aws_lambda_function", "a", {"filename": "app.zip"})
	outside := testing.resource("aws_lambda_function", "b", {"s3_bucket": "someone-elses-bucket"})
	findings := deny with input as testing.document([_bucket, fn, outside])
	count(findings) == 0
}
