# METADATA
# title: Lambda function asks for more memory than Acme allows
# description: >-
#   Memory (and with it CPU) is what a Lambda function is billed on. Above the ceiling in
#   data.acme.memory_ceiling_mb a function needs a capacity review before it ships.
# custom:
#   id: ACME002
#   slug: acme-memory-ceiling
#   severity: low
#   remediation: >-
#     Lower memory_size to the ceiling or below (measure with AWS Lambda Power Tuning), or get a
#     capacity review and an exception.
package acme.lambda.acme002

import data.tfwarden.lib
import data.tfwarden.lib.functions

# An absent memory_size is the 128 MB default; an unknown one is null: neither is a number.
deny contains lib.at(fn, "memory_size", msg) if {
	some fn in functions
	mb := fn.values.memory_size
	is_number(mb)
	mb > data.acme.memory_ceiling_mb
	msg := sprintf("%s has memory_size %v MB, above the %v MB ceiling", [fn.address, mb, data.acme.memory_ceiling_mb])
}
