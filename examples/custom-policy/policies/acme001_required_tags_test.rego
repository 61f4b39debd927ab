package acme.lambda.acme001

import data.tfwarden.lib
import data.tfwarden.testing

_tags := {"team": "payments", "cost-center": "cc-4711", "environment": "prod"}

_fn(tags) := testing.resource("aws_lambda_function", "api", {"function_name": "api", "tags": tags})

# --- passing ---------------------------------------------------------------------------------

test_passes_with_every_tag if {
	fn := _fn(_tags)
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_passes_with_cost_center_from_default_tags if {
	fn := _fn({"team": "payments", "environment": "dev"})
	p := testing.provider("aws", {"default_tags": [{"tags": {"cost-center": "cc-4711"}}]})
	findings := deny with input as testing.document_with_providers([fn], [p])
	count(findings) == 0
}

test_own_environment_overrides_default_tags if {
	fn := _fn(_tags)
	p := testing.provider("aws", {"default_tags": [{"tags": {"environment": "sandbox"}}]})
	findings := deny with input as testing.document_with_providers([fn], [p])
	count(findings) == 0
}

test_unknown_tags_do_not_fire if {
	fn := testing.with_unknown(_fn(null), ["tags"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_unknown_environment_does_not_fire if {
	fn := testing.with_unknown(_fn(object.union(_tags, {"environment": null})), ["tags.environment"])
	findings := deny with input as testing.document([fn])
	count(findings) == 0
}

test_environments_come_from_data if {
	fn := _fn(object.union(_tags, {"environment": "qa"}))
	findings := deny with input as testing.document([fn]) with data.acme.environments as ["dev", "qa", "prod"]
	count(findings) == 0
}

# --- failing ---------------------------------------------------------------------------------

test_fires_without_team if {
	fn := _fn({"cost-center": "cc-4711", "environment": "prod"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "tags", "aws_lambda_function.api lacks the required tags: team")}
}

test_fires_without_any_tags_listing_every_key if {
	fn := testing.resource("aws_lambda_function", "api", {"function_name": "api"})
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "tags", "aws_lambda_function.api lacks the required tags: team, cost-center, environment")}
}

test_fires_on_an_unlisted_environment if {
	fn := _fn(object.union(_tags, {"environment": "qa"}))
	findings := deny with input as testing.document([fn])
	findings == {lib.at(fn, "tags.environment", `aws_lambda_function.api has environment tag "qa"; expected one of dev, staging, prod`)}
}

test_fires_on_an_unlisted_environment_from_default_tags if {
	fn := _fn({"team": "payments", "cost-center": "cc-4711"})
	p := testing.provider("aws", {"default_tags": [{"tags": {"environment": "production"}}]})
	findings := deny with input as testing.document_with_providers([fn], [p])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.api", "tags.environment"]}
}

test_fires_in_a_module if {
	fn := testing.in_module(_fn({"team": "payments"}), "module.api")
	findings := deny with input as testing.document([fn])
	{[f.resource, f.attribute] | some f in findings} == {["module.api.aws_lambda_function.api", "tags"]}
}

# --- from real HCL (tfwarden.hcl / tfwarden.locate, provided by `tfwarden test`) ---------------

test_fires_on_missing_team_from_real_hcl if {
	src := `provider "aws" {
  default_tags {
    tags = {
      cost-center = "cc-4711"
    }
  }
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  runtime       = "python3.13"

  tags = {
    environment = "prod"
  }
}`
	doc := tfwarden.hcl(src)
	findings := deny with input as doc
	count(findings) == 1
	some f in findings
	f.resource == "aws_lambda_function.report"
	f.attribute == "tags"
	f.message == "aws_lambda_function.report lacks the required tags: team"
	tfwarden.locate(src, f) == {"line": 13, "column": 3}
}

test_fires_on_bad_environment_from_real_hcl if {
	src := `resource "aws_lambda_function" "resizer" {
  function_name = "resizer"

  tags = {
    team        = "media"
    cost-center = "cc-0042"
    environment = "qa"
  }
}`
	doc := tfwarden.hcl(src)
	findings := deny with input as doc
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_function.resizer", "tags.environment"]}
}

test_unknown_environment_from_real_hcl_does_not_fire if {
	doc := tfwarden.hcl(`variable "environment" {
  type = string
}

resource "aws_lambda_function" "api" {
  function_name = "api"

  tags = {
    team        = "payments"
    cost-center = "cc-4711"
    environment = var.environment
  }
}`)
	doc.resources[0].unknown == ["tags.environment"]
	findings := deny with input as doc
	count(findings) == 0
}
