# METADATA
# title: Lambda function tags do not meet Acme's tagging standard
# description: >-
#   Acme's cost reports and on-call routing read the team, cost-center and environment tags of
#   every function; an untagged function is billed to nobody and paged to nobody. The environment
#   tag must be one of the environments Acme runs (data.acme.environments).
# custom:
#   id: ACME001
#   slug: acme-required-tags
#   severity: medium
#   remediation: >-
#     Add the missing tags to the function (or to default_tags of its AWS provider) and set
#     environment to dev, staging or prod.
package acme.lambda.acme001

import data.tfwarden.lib
import data.tfwarden.lib.functions

# Required keys, from data.json. Own tags and the provider's default_tags both count.
deny contains lib.at(fn, "tags", msg) if {
	some fn in functions
	not lib.tags_unknown(fn)
	keys := lib.tag_keys(fn)
	absent := [k | some k in data.acme.required_tags; not keys[k]]
	count(absent) > 0
	msg := sprintf("%s lacks the required tags: %s", [fn.address, concat(", ", absent)])
}

# The environment tag, when known, is one of data.acme.environments. A tag on the function
# overrides the same key in default_tags, as in the AWS provider.
deny contains lib.at(fn, "tags.environment", msg) if {
	some fn in functions
	env := environment(fn)
	not env in data.acme.environments
	msg := sprintf("%s has environment tag \"%s\"; expected one of %s", [fn.address, env, concat(", ", data.acme.environments)])
}

# The known environment tag value: the function's own, else its provider's default_tags. An
# unknown value is null (and listed in .unknown), so is_string leaves it out.
environment(fn) := env if {
	env := lib.own_tags(fn).environment
	is_string(env)
} else := env if {
	not "environment" in object.keys(lib.own_tags(fn))
	not lib.tags_unknown(fn)
	env := lib.default_tags(fn).environment
	is_string(env)
}
