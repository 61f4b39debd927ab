# Buckets: deployment artifacts (worker code) and customer uploads.

resource "aws_s3_bucket" "artifacts" {
  bucket = "${var.bucket_prefix}-lambda-artifacts"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "${var.bucket_prefix}-uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.worker.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "incoming/"
  }

  depends_on = [aws_lambda_permission.s3_uploads]
}
