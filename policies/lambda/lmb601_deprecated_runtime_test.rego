package tfwarden.lambda.lmb601

import data.tfwarden.lib
import data.tfwarden.testing

_fn(runtime) := testing.resource("aws_lambda_function", "api", {"function_name": "api", "runtime": runtime})

test_fires_on_deprecated_runtime if {
	fn := _fn("python3.8")
	doc := testing.document([fn])
	findings := deny with input as doc with data.tfwarden.config.today as "2026-11-22"
	findings == {_with_upgrade(lib.at(fn, "runtime", "aws_lambda_function.api uses runtime python3.8, deprecated since 2024-10-14"), "python3.13")}
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(warnings) == 0
}

# A finding with the fix that upgrades the runtime.
_with_upgrade(finding, to) := object.union(finding, {"fix": {"set": {"runtime": to}}})

test_the_fix_upgrades_within_the_family_and_only_where_there_is_a_current_runtime if {
	a := testing.resource("aws_lambda_function", "a", {"runtime": "nodejs16.x"})
	b := testing.resource("aws_lambda_function", "b", {"runtime": "go1.x"})
	c := testing.resource("aws_lambda_function", "c", {"runtime": "python2.7"})
	findings := deny with input as testing.document([a, b, c]) with data.tfwarden.config.today as "2026-11-22" with data.tfwarden.lambda.runtime_upgrades as {"nodejs": "nodejs22.x", "go": "provided.al2023"}
	{[f.resource, f.fix.set.runtime] | some f in findings; f.fix} == {["aws_lambda_function.a", "nodejs22.x"], ["aws_lambda_function.b", "provided.al2023"]}
	some f in findings
	f.resource == "aws_lambda_function.c"
	not f.fix
}

test_fires_on_retired_runtimes if {
	a := testing.resource("aws_lambda_function", "a", {"runtime": "go1.x"})
	b := testing.resource("aws_lambda_function", "b", {"runtime": "nodejs16.x"})
	c := testing.resource("aws_lambda_function", "c", {"runtime": "dotnetcore3.1"})
	d := testing.resource("aws_lambda_function", "d", {"runtime": "ruby2.7"})
	e := testing.resource("aws_lambda_function", "e", {"runtime": "java8"})
	findings := deny with input as testing.document([a, b, c, d, e]) with data.tfwarden.config.today as "2026-11-22"
	{f.resource | some f in findings} == {"aws_lambda_function.a", "aws_lambda_function.b", "aws_lambda_function.c", "aws_lambda_function.d", "aws_lambda_function.e"}
}

test_fires_on_the_deprecation_day if {
	fn := _fn("python3.10")
	findings := deny with input as testing.document([fn]) with data.tfwarden.config.today as "2026-10-31"
	findings == {_with_upgrade(lib.at(fn, "runtime", "aws_lambda_function.api uses runtime python3.10, deprecated since 2026-10-31"), "python3.13")}
}

test_warns_before_the_deprecation_date if {
	fn := _fn("python3.10")
	doc := testing.document([fn])
	findings := deny with input as doc with data.tfwarden.config.today as "2026-10-30"
	count(findings) == 0
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-10-30"
	warnings == {lib.at(fn, "runtime", "aws_lambda_function.api uses runtime python3.10, which is deprecated on 2026-10-31")}
}

test_warns_on_announced_future_date if {
	fn := _fn("nodejs22.x")
	warnings := warn with input as testing.document([fn]) with data.tfwarden.config.today as "2026-11-22"
	warnings == {lib.at(fn, "runtime", "aws_lambda_function.api uses runtime nodejs22.x, which is deprecated on 2027-04-30")}
}

test_no_warning_years_ahead if {
	fn := _fn("python3.13")
	doc := testing.document([fn])
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(warnings) == 0
	findings := deny with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(findings) == 0
}

test_warning_window_is_inclusive_and_configurable if {
	fn := _fn("nodejs22.x")
	doc := testing.document([fn])

	# 2027-04-30 is exactly 180 days after 2026-11-01.
	on_edge := warn with input as doc with data.tfwarden.config.today as "2026-11-01"
	count(on_edge) == 1
	outside := warn with input as doc with data.tfwarden.config.today as "2026-10-31"
	count(outside) == 0
	short := warn with input as doc
		with data.tfwarden.config.today as "2026-11-22"
		with data.tfwarden.lambda.runtime_warning_days as 30
	count(short) == 0
}

test_no_date_no_finding if {
	fn := _fn("ruby4.0")
	doc := testing.document([fn])
	findings := deny with input as doc with data.tfwarden.config.today as "2026-11-22"
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(findings) == 0
	count(warnings) == 0
}

test_unlisted_runtime_no_finding if {
	fn := _fn("cobol85")
	doc := testing.document([fn])
	findings := deny with input as doc with data.tfwarden.config.today as "2026-11-22"
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(findings) == 0
	count(warnings) == 0
}

test_unknown_runtime_is_not_deprecated if {
	fn := testing.with_unknown(_fn(null), ["runtime"])
	doc := testing.document([fn])
	findings := deny with input as doc with data.tfwarden.config.today as "2026-11-22"
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(findings) == 0
	count(warnings) == 0
}

test_container_image_without_runtime if {
	fn := testing.resource("aws_lambda_function", "img", {"package_type": "Image", "image_uri": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1"})
	doc := testing.document([fn])
	findings := deny with input as doc with data.tfwarden.config.today as "2026-11-22"
	warnings := warn with input as doc with data.tfwarden.config.today as "2026-11-22"
	count(findings) == 0
	count(warnings) == 0
}

test_uses_the_runtime_table if {
	fn := _fn("python3.12")
	table := {"python3.12": {"name": "Python 3.12", "deprecation": "2020-01-01"}}
	findings := deny with input as testing.document([fn]) with data.tfwarden.config.today as "2026-11-22" with data.tfwarden.lambda.runtimes as table
	findings == {_with_upgrade(lib.at(fn, "runtime", "aws_lambda_function.api uses runtime python3.12, deprecated since 2020-01-01"), "python3.13")}
}

test_runtime_table_dates_are_well_formed if {
	count(data.tfwarden.lambda.runtimes) >= 40
	every id, entry in data.tfwarden.lambda.runtimes {
		is_string(entry.name)
		_date_or_null(entry.deprecation)
	}
}

_date_or_null(d) if d == null

_date_or_null(d) if {
	is_string(d)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, d)
}

# An upgrade target must not itself be deprecated, nor close to it (the warning window).
test_upgrade_targets_are_current_runtimes if {
	every _, to in data.tfwarden.lambda.runtime_upgrades {
		date := data.tfwarden.lambda.runtimes[to].deprecation
		date > warn_until with data.tfwarden.config.today as "2026-11-22"
	}
}
