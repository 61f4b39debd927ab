stage   = "prod"
tracing = "PassThrough"
