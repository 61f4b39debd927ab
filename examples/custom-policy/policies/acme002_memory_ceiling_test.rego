package acme.lambda.acme002

import data.tfwarden.lib
import data.tfwarden.testing

_fn(mb) := testing.resource("aws_lambda_function", "api", {"function_name": "api", "memory_size": mb})

# --- passing ---------------------------------------------------------------------------------

test_passes_at_and_below_the_ceiling if {
	a := testing.resource("aws_lambda_function", "a", {"memory_size": 128})
	b := testing.resource("aws_lambda_function", "b", {"memory_size": 3008})
	findings := deny with input as testing.document([a, b])
	count(findings) == 0
}

test_passes_without_memory_size if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_memory_size_does_not_fire if {
	fn := testing.with_unknown(_fn(null), ["memory_size"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_passes_under_a_raised_ceiling if {
	fn := _fn(4096)
	findings := deny with input as testing.document([fn]) with data.acme.memory_ceiling_mb as 10240
	count(findings) == 0
}

# --- failing ---------------------------------------------------------------------------------

test_fires_just_above_the_ceiling if {
	fn := _fn(3009)
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "memory_size", "aws_lambda_function.api has memory_size 3009 MB, above the 3008 MB ceiling")}
}

test_fires_under_a_lowered_ceiling if {
	fn := _fn(2048)
	findings := deny with input as testing.document([fn]) with data.acme.memory_ceiling_mb as 1024
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "memory_size"]}
}

# --- from real HCL (tfwarden.hcl / tfwarden.locate, provided by `tfwarden test`) ---------------

test_fires_at_memory_size_from_real_hcl if {
	src := `resource "aws_lambda_function" "small" {
  function_name = "small"
  memory_size   = 512
}

resource "aws_lambda_function" "big" {
  function_name = "big"
  runtime       = "java21"
  memory_size   = 10240
}`
	doc := tfwarden.hcl(src)
	findings := deny with input as doc
	count(findings) == 1
	some f in findings
	f.resource == "aws_lambda_function.big"
	f.attribute == "memory_size"
	tfwarden.locate(src, f) == {"line": 9, "column": 3}
}
