# Builders for unit-test inputs (format_version "1" documents).
package tfwarden.testing

# A managed resource instance of root module "." at its top level, with provider "aws".
resource(type, name, values) := {
	"address": concat(".", [type, name]),
	"mode": "managed",
	"type": type,
	"name": name,
	"root": ".",
	"module": "",
	"index": null,
	"provider": "aws",
	"values": values,
	"unknown": [],
	"references": {},
	"source": {"file": "main.tf", "line": 1},
}

# A data source instance: address "data.<type>.<name>".
data_source(type, name, values) := object.union(resource(type, name, values), {
	"address": concat(".", ["data", type, name]),
	"mode": "data",
})

# r with paths added to its unknown list.
with_unknown(r, paths) := object.union(r, {"unknown": array.concat(r.unknown, paths)})

# r placed in another root module (a directory of a monorepo).
in_root(r, root) := object.union(r, {"root": root})

# r placed in a module: module "module.fleet", address "module.fleet.<type>.<name>".
in_module(r, module) := object.union(r, {
	"module": module,
	"address": concat(".", [module, r.address]),
})

# r using another provider configuration ("aws.west").
with_provider(r, key) := object.union(r, {"provider": key})

# r with its source location set.
at_source(r, file, line) := object.union(r, {"source": {"file": file, "line": line}})

# A provider configuration at the top level of root module ".".
provider(name, values) := {
	"key": name,
	"name": name,
	"alias": null,
	"root": ".",
	"module": "",
	"values": values,
	"unknown": [],
}

# An aliased root-module provider configuration: key "<name>.<alias>".
provider_alias(name, alias, values) := object.union(provider(name, values), {
	"key": concat(".", [name, alias]),
	"alias": alias,
})

# p declared in a module instead of the root.
provider_in_module(p, module) := object.union(p, {"module": module})

# The input document for resources, with its index computed from positions.
document(resources) := {
	"format_version": "1",
	"source": {"kind": "hcl", "paths": ["main.tf"]},
	"resources": resources,
	"providers": [],
	"variables": {},
	"index": {
		"by_type": {t: positions |
			some t in {r.type | some r in resources}
			positions := [i | some i, r in resources; r.type == t]
		},
		"by_address": {root: addresses |
			some root in {r.root | some r in resources}
			addresses := {r.address: i | some i, r in resources; r.root == root}
		},
	},
}

# The input document for resources and provider configurations.
document_with_providers(resources, providers) := object.union(document(resources), {"providers": providers})

# r with references (attribute path -> addresses) merged into its own.
with_references(r, refs) := object.union(r, {"references": object.union(r.references, refs)})

# r as one instance of a counted or for_each resource: index 2 gives "aws_x.y[2]", "a" gives
# "aws_x.y[\"a\"]".
with_index(r, index) := object.union(r, {
	"index": index,
	"address": sprintf("%s[%s]", [r.address, _index_text(index)]),
})

_index_text(index) := sprintf("%d", [index]) if is_number(index)

_index_text(index) := sprintf("\"%s\"", [index]) if is_string(index)
