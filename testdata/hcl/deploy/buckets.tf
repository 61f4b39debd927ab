# Code buckets and the layer built in this configuration.

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-kms-artifacts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket" "aes_artifacts" { # expect: LMB404
  bucket = "acme-aes-artifacts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "aes_artifacts" {
  bucket = aws_s3_bucket.aes_artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket" "plain_artifacts" { # expect: LMB404
  bucket = "acme-plain-artifacts"
}

resource "aws_s3_bucket" "legacy_artifacts" {
  bucket = "acme-legacy-artifacts"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms:dsse"
      }
    }
  }
}

# Encrypted with SSE-S3 only, but no function deploys from it: out of scope.
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_lambda_layer_version" "deps" {
  layer_name          = "dep-layered-deps"
  filename            = "build/deps.zip"
  compatible_runtimes = ["python3.13"]
}
