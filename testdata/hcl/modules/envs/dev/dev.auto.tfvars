tracing_mode = "PassThrough"
