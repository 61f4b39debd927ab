default_runtime = "nodejs20.x"
tracing_mode    = "Active"
