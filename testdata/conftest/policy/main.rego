# A Conftest-style policy: package main, no METADATA, message-only rules. tfwarden runs it as
# rule `main` against its input document (input.resources[]).
package main

# A message that names a resource address: located at that resource.
deny contains msg if {
	some r in input.resources
	r.type == "aws_lambda_function"
	r.values.runtime == "python3.8"
	msg := sprintf("%s runs python3.8, which is past end of life", [r.address])
}

# A message that names no resource: located at the start of the configuration.
deny contains msg if {
	count([r | some r in input.resources; r.type == "aws_cloudwatch_log_group"]) == 0
	msg := "the stack has no CloudWatch log group"
}

# An object with Conftest's msg and the resource and attribute: located at the attribute.
warn contains {"msg": "functions should publish versions", "resource": r.address, "attribute": "publish"} if {
	some r in input.resources
	r.type == "aws_lambda_function"
	r.values.publish == false
}
