# METADATA
# title: Lambda function uses a runtime Acme does not support
# description: >-
#   Acme's platform team patches, monitors and builds layers for a short list of runtimes
#   (data.acme.allowed_runtimes). A function on any other runtime misses the shared tooling and
#   security fixes.
# custom:
#   id: ACME003
#   slug: acme-runtime-allow-list
#   severity: high
#   remediation: Move the function to one of the allowed runtimes (python3.12, python3.13, nodejs22.x, java21).
package acme.lambda.acme003

import data.tfwarden.lib
import data.tfwarden.lib.functions

# lib.runtime is the known runtime string: container images (no runtime) and unknown runtimes
# are left out.
deny contains lib.at(fn, "runtime", msg) if {
	some fn in functions
	rt := lib.runtime(fn)
	not rt in data.acme.allowed_runtimes
	msg := sprintf("%s uses runtime %s, which is not on the Acme allow-list (%s)", [fn.address, rt, concat(", ", data.acme.allowed_runtimes)])
}
