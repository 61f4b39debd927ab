# An older Conftest policy in Rego v0 syntax, in a package of its own.
package legacy.permissions

deny[msg] {
	r := input.resources[_]
	r.type == "aws_lambda_permission"
	r.values.principal == "*"
	msg := sprintf("%v lets anyone invoke the function", [r.address])
}
