package acme.lambda.acme003

import data.tfwarden.lib
import data.tfwarden.testing

_fn(runtime) := testing.resource("aws_lambda_function", "api", {"function_name": "api", "runtime": runtime})

# --- passing ---------------------------------------------------------------------------------

test_passes_on_allowed_runtimes if {
	a := testing.resource("aws_lambda_function", "a", {"runtime": "python3.12"})
	b := testing.resource("aws_lambda_function", "b", {"runtime": "python3.13"})
	c := testing.resource("aws_lambda_function", "c", {"runtime": "nodejs22.x"})
	d := testing.resource("aws_lambda_function", "d", {"runtime": "java21"})
	findings := deny with input as testing.document([a, b, c, d])
	count(findings) == 0
}

test_passes_on_a_container_image if {
	fn := testing.resource("aws_lambda_function", "api", {"package_type": "Image", "image_uri": "repo/api:1"})
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_runtime_does_not_fire if {
	fn := testing.with_unknown(_fn(null), ["runtime"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_allow_list_comes_from_data if {
	fn := _fn("ruby3.3")
	findings := deny with input as testing.document([fn]) with data.acme.allowed_runtimes as ["ruby3.3"]
	count(findings) == 0
}

# --- failing ---------------------------------------------------------------------------------

test_fires_on_an_unlisted_runtime if {
	fn := _fn("nodejs20.x")
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "runtime", "aws_lambda_function.api uses runtime nodejs20.x, which is not on the Acme allow-list (python3.12, python3.13, nodejs22.x, java21)")}
}

test_fires_only_on_the_unlisted_function if {
	ok := testing.resource("aws_lambda_function", "ok", {"runtime": "java21"})
	old := testing.resource("aws_lambda_function", "old", {"runtime": "java8.al2"})
	findings := deny with input as testing.document([ok, old])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.old", "runtime"]}
}

# --- from real HCL (tfwarden.hcl / tfwarden.locate, provided by `tfwarden test`) ---------------

test_fires_on_python38_from_real_hcl if {
	src := `resource "aws_lambda_function" "api" {
  function_name = "api"
  runtime       = "python3.8"
}`
	doc := tfwarden.hcl(src)
	findings := deny with input as doc
	some f in findings
	f.attribute == "runtime"
	tfwarden.locate(src, f) == {"line": 3, "column": 3}
}

test_passes_on_java21_from_real_hcl if {
	doc := tfwarden.hcl(`resource "aws_lambda_function" "api" {
  function_name = "api"
  runtime       = "java21"
}`)
	findings := deny with input as doc
	count(findings) == 0
}
