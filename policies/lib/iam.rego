# IAM helpers for the Lambda rules (LMB101..LMB107, LMB403): a function's execution role, the
# policy documents that reach a role, a user or a group, their statements normalized from
# data.aws_iam_policy_document blocks and JSON policies alike, and action predicates.
#
# A normalized statement is an object:
#   owner             the resource holding the statement (the data.aws_iam_policy_document, or the
#                     resource whose attribute holds the JSON): findings point there
#   path              "statement.0" / "policy.Statement.0" ("policy.Statement" for a single object)
#   sid               "" when none
#   effect            "Allow" / "Deny"; null when unknown (a data document without effect is Allow)
#   actions, not_actions, resources, not_resources
#                     [{"value", "path"}]: one entry per element ("statement.0.actions.1",
#                     "policy.Statement.0.Action.1"), or one at the attribute when it is a single
#                     string ("policy.Statement.0.Action"); an unknown element has value null
#   not_actions_path, resources_path
#                     the attribute paths of NotAction / Resource, present or not
#   principals        [{"type", "value", "path"}]: "*" is type "*" value "*"; {"AWS": [..]} gives one
#                     entry per identifier; an unknown identifier has value null
#   conditions        the condition blocks / Condition object as written
# Unknown values are null and never match a pattern.
package tfwarden.lib

# regorus 0.14: index a rule by a variable (k := _key(...); rule[k]); a call written inside the
# brackets (rule[_key(...)]) finds nothing.

# ---------------------------------------------------------------------------------------------
# Small utilities
# ---------------------------------------------------------------------------------------------

# "<root>|<address>": a resource's identity across the roots of a scan, as a map key.
_key(root, address) := concat("|", [root, address])

# p is attr, or a path inside it ("roles.0" is inside "roles").
_within(p, attr) if p == attr

_within(p, attr) if startswith(p, concat("", [attr, "."]))

# v when it is an array, else [] (null, absent or a scalar).
_list(v) := v if {
	is_array(v)
} else := []

# Addresses as a sorted, comma-separated text for messages ("aws_iam_role.a, aws_iam_role.b").
address_list(addresses) := concat(", ", sort(addresses))

# ---------------------------------------------------------------------------------------------
# Execution roles (LMB101..LMB105, LMB403)
# ---------------------------------------------------------------------------------------------

# The addresses of the IAM roles (aws_iam_role resources or data sources of fn's root) that the
# function's role attribute mentions.
_role_refs(fn) := {a |
	positions := input.index.by_address[fn.root]
	some a in fn.references.role
	r := input.resources[positions[a]]
	r.type == "aws_iam_role"
}

# The aws_iam_role resource a function's role refers to: fn.references.role names exactly one
# aws_iam_role resource of fn's root. Undefined for a literal ARN, a data.aws_iam_role, an
# unknown value without a reference, or a choice between several roles. (Hot: the first body is
# the common case of a single reference.)
function_role(fn) := role if {
	[a] := fn.references.role
	positions := input.index.by_address[fn.root]
	role := input.resources[positions[a]]
	role.type == "aws_iam_role"
	role.mode == "managed"
} else := role if {
	count(fn.references.role) > 1
	refs := _role_refs(fn)
	count(refs) == 1
	some a in refs
	positions := input.index.by_address[fn.root]
	role := input.resources[positions[a]]
	role.mode == "managed"
}

# What identifies a function's execution role (LMB101): the address of the one role its role
# attribute refers to (aws_iam_role resource or data source), else the literal ARN string.
# Undefined when unknown (or a choice between several roles). (Hot: the first body is the common
# case of a single reference, without building _role_refs.)
role_key(fn) := a if {
	[a] := fn.references.role
	positions := input.index.by_address[fn.root]
	r := input.resources[positions[a]]
	r.type == "aws_iam_role"
} else := k if {
	refs := _role_refs(fn)
	count(refs) == 1
	some k in refs
} else := k if {
	count(_role_refs(fn)) == 0
	k := fn.values.role
	is_string(k)
	k != ""
}

# The roles that are some function's execution role, by "<root>|<address>" (iterate with
# `some role in execution_roles`). An object, not a set: a set of whole resources would hash
# and compare every role's values on insertion.
execution_roles[k] := role if {
	some fn in functions
	[a] := fn.references.role
	positions := input.index.by_address[fn.root]
	role := input.resources[positions[a]]
	role.type == "aws_iam_role"
	role.mode == "managed"
	k := concat("|", [role.root, a])
}

# (The first body is function_role's common case written inline: one call less per function.)
execution_roles[k] := role if {
	some fn in functions
	fn.references.role[1]
	role := function_role(fn)
	k := concat("|", [role.root, role.address])
}

# The keys of execution_roles, built without looking the roles up (cheaper, for rules that test
# a few keys): what the role attribute of each function refers to when it refers to one thing,
# and the key of function_role when it refers to several. The key of a managed aws_iam_role (as
# document_role_keys and arn_role_keys give them) is in it exactly when the role is in
# execution_roles.
execution_role_keys := {k |
	some fn in functions
	[a] := fn.references.role
	k := concat("|", [fn.root, a])
} | {k |
	some fn in functions
	fn.references.role[1]
	role := function_role(fn)
	k := concat("|", [role.root, role.address])
}

# aws_iam_role addresses by "<root>|<known name>", to join resources that name a role literally.
_roles_by_name[k] contains role.address if {
	some role in resources("aws_iam_role")
	name := role.values.name
	is_string(name)
	k := concat("|", [role.root, name])
}

# The keys ("<root>|<address>") of the aws_iam_role resources that attribute attr of r designates:
# by reference (attr or an element of it mentions the role), or by a literal name (a string or a
# list of strings) equal to a role's known name in r's root.
role_keys_of(r, attr) := {k |
	positions := input.index.by_address[r.root]
	below := concat("", [attr, "."])
	some p, addrs in r.references
	startswith(concat("", [p, "."]), below)
	some a in addrs
	role := input.resources[positions[a]]
	role.type == "aws_iam_role"
	role.mode == "managed"
	k := concat("|", [r.root, a])
} | {k |
	name := r.values[attr]
	is_string(name)
	by_name := concat("|", [r.root, name])
	some a in _roles_by_name[by_name]
	k := concat("|", [r.root, a])
} | {k |
	names := r.values[attr]
	is_array(names)
	some name in names
	is_string(name)
	by_name := concat("|", [r.root, name])
	some a in _roles_by_name[by_name]
	k := concat("|", [r.root, a])
}

# The aws_iam_policy resources that attribute attr of r (or an element of it) refers to.
attached_policies(r, attr) := {pol |
	positions := input.index.by_address[r.root]
	some p, addrs in r.references
	startswith(p, attr)
	_within(p, attr)
	some a in addrs
	pol := input.resources[positions[a]]
	pol.type == "aws_iam_policy"
	pol.mode == "managed"
}

# Policy documents attached to a role by resources of their own, as [holder, attribute path],
# by role key: aws_iam_role_policy, aws_iam_role_policy_attachment -> aws_iam_policy, and
# aws_iam_policy_attachment (roles) -> aws_iam_policy.
_role_attached[k] contains [rp, "policy"] if {
	some rp in resources("aws_iam_role_policy")
	some k in role_keys_of(rp, "role")
}

_role_attached[k] contains [pol, "policy"] if {
	some att in resources("aws_iam_role_policy_attachment")
	some k in role_keys_of(att, "role")
	some pol in attached_policies(att, "policy_arn")
}

_role_attached[k] contains [pol, "policy"] if {
	some att in resources("aws_iam_policy_attachment")
	some k in role_keys_of(att, "roles")
	some pol in attached_policies(att, "policy_arn")
}

# Every policy document that reaches a role, as [holder resource, attribute path]: the role's
# inline_policy blocks, aws_iam_policy resources among its managed_policy_arns, and the
# documents attached by aws_iam_role_policy, aws_iam_role_policy_attachment and
# aws_iam_policy_attachment (by reference to the role or by its literal name).
role_policies(role) := ({[role, p] |
	some i, _ in _list(role.values.inline_policy)
	p := sprintf("inline_policy.%d.policy", [i])
} | {[pol, "policy"] | some pol in attached_policies(role, "managed_policy_arns")}) | {h |
	k := _key(role.root, role.address)
	some h in _role_attached[k]
}

# The normalized statements of every policy document that reaches a role (role_policies).
role_statements(role) := [st |
	some h in role_policies(role)
	some st in statements(h[0], h[1])
]

# Every policy document that role_policies can give, for all roles at once, as [holder, attribute
# path]: the inline_policy blocks of aws_iam_role, and the policy of aws_iam_role_policy and
# aws_iam_policy. Rules that look for something rare in role policies (LMB102, LMB103) go from
# the documents to the roles (document_role_keys): the roles are looked up only for the
# documents that match. An array (each document once): a set would hash every holder's values.
role_documents := array.concat(array.concat(_inline_documents, _documents_of("aws_iam_role_policy")), _documents_of("aws_iam_policy"))

_inline_documents := [[role, p] |
	some role in resources("aws_iam_role")
	blocks := role.values.inline_policy
	is_array(blocks)
	some i, _ in blocks
	p := sprintf("inline_policy.%d.policy", [i])
]

_documents_of(type) := _documents_at(type, "policy")

# [r, path] for each managed resource r of type.
_documents_at(type, path) := [[r, path] | some r in resources(type)]

# The keys ("<root>|<address>") of the roles that policy document h (an element of
# role_documents) reaches: the inverse of role_policies. A role's inline policy reaches the role;
# an aws_iam_role_policy, the roles of its role attribute; an aws_iam_policy, the roles that
# list it in managed_policy_arns or that an attachment resource attaches it to.
document_role_keys(h) := {concat("|", [h[0].root, h[0].address])} if {
	h[0].type == "aws_iam_role"
} else := role_keys_of(h[0], "role") if {
	h[0].type == "aws_iam_role_policy"
} else := keys if {
	k := concat("|", [h[0].root, h[0].address])
	keys := _policy_role_keys[k]
} else := set()

# Role keys by "<root>|<address>" of the aws_iam_policy attached to them: by the role's
# managed_policy_arns, by an aws_iam_role_policy_attachment or by an aws_iam_policy_attachment.
_policy_role_keys[pk] contains k if {
	some role in resources("aws_iam_role")
	some pol in attached_policies(role, "managed_policy_arns")
	pk := concat("|", [pol.root, pol.address])
	k := concat("|", [role.root, role.address])
}

_policy_role_keys[pk] contains k if {
	some att in resources("aws_iam_role_policy_attachment")
	some pol in attached_policies(att, "policy_arn")
	pk := concat("|", [pol.root, pol.address])
	some k in role_keys_of(att, "role")
}

_policy_role_keys[pk] contains k if {
	some att in resources("aws_iam_policy_attachment")
	some pol in attached_policies(att, "policy_arn")
	pk := concat("|", [pol.root, pol.address])
	some k in role_keys_of(att, "roles")
}

# Attachment resources naming a role, as [resource, "policy_arn"], by role key (LMB104).
_role_arn_holders[k] contains [att, "policy_arn"] if {
	some att in resources("aws_iam_role_policy_attachment")
	some k in role_keys_of(att, "role")
}

_role_arn_holders[k] contains [att, "policy_arn"] if {
	some att in resources("aws_iam_policy_attachment")
	some k in role_keys_of(att, "roles")
}

# The managed policy ARNs attached to a role, each {"arn", "owner", "path"}: the role's
# managed_policy_arns elements and the policy_arn of aws_iam_role_policy_attachment /
# aws_iam_policy_attachment resources naming the role. An ARN is a known string, or comes from a
# data.aws_iam_policy referenced there (its known arn, or its name as an AWS-managed ARN).
role_managed_arns(role) := {{"arn": arn, "owner": h[0], "path": h[1]} |
	some h in _arn_paths(role)
	some arn in _policy_arns(h[0], h[1])
}

# Every place that attaches a managed policy ARN to roles, as [holder, attribute path]: each
# element of an aws_iam_role's managed_policy_arns, and the policy_arn of each
# aws_iam_role_policy_attachment and aws_iam_policy_attachment (what role_managed_arns reads, for
# all roles at once; LMB104 goes from the ARNs to the roles: few ARNs are administrator-like).
role_arn_holders := array.concat(array.concat(_role_arn_elements, _documents_at("aws_iam_role_policy_attachment", "policy_arn")), _documents_at("aws_iam_policy_attachment", "policy_arn"))

_role_arn_elements := [[role, p] |
	some role in resources("aws_iam_role")
	arns := role.values.managed_policy_arns
	is_array(arns)
	some i, _ in arns
	p := sprintf("managed_policy_arns.%d", [i])
]

# The keys of the roles that holder h (an element of role_arn_holders) attaches its ARN to: the
# inverse of role_managed_arns.
arn_role_keys(h) := {concat("|", [h[0].root, h[0].address])} if {
	h[0].type == "aws_iam_role"
} else := role_keys_of(h[0], "role") if {
	h[0].type == "aws_iam_role_policy_attachment"
} else := role_keys_of(h[0], "roles")

# The policy ARNs at path of r (see role_managed_arns).
policy_arns(r, path) := _policy_arns(r, path)

_arn_paths(role) := {[role, p] |
	some i, _ in _list(role.values.managed_policy_arns)
	p := sprintf("managed_policy_arns.%d", [i])
} | {h |
	k := _key(role.root, role.address)
	some h in _role_arn_holders[k]
}

# The policy ARN at path of r: a known string, else the ARNs of data.aws_iam_policy sources the
# expression there refers to.
_policy_arns(r, path) := {v} if {
	v := _value_at(r, path)
	is_string(v)
} else := {arn |
	some a in r.references[path]
	d := resource(r.root, a)
	d.type == "aws_iam_policy"
	d.mode == "data"
	arn := _data_policy_arn(d)
}

_data_policy_arn(d) := d.values.arn if {
	is_string(d.values.arn)
} else := concat("", ["arn:aws:iam::aws:policy/", d.values.name]) if {
	is_string(d.values.name)
}

# The name of an AWS-managed policy ARN (arn:aws:iam::aws:policy/[path/]Name) that grants
# administrator-like access: AdministratorAccess, PowerUserAccess, IAMFullAccess or any
# *FullAccess policy. Undefined for any other ARN (customer-managed ones included). (Each of those
# names ends with "Access": one cheap test before the regular expression.)
admin_policy_name(arn) := name if {
	is_string(arn)
	endswith(arn, "Access")
	regex.match(`^arn:aws[a-z-]*:iam::aws:policy/`, arn)
	parts := split(arn, "/")
	name := parts[count(parts) - 1]
	_admin_name(name)
}

_admin_name(name) if name in {"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

_admin_name(name) if endswith(name, "FullAccess")

# ---------------------------------------------------------------------------------------------
# Users and groups (LMB106), every identity policy (LMB107)
# ---------------------------------------------------------------------------------------------

# The policy documents of IAM users and groups, as [holder, attribute path]:
# aws_iam_user_policy, aws_iam_group_policy, and aws_iam_policy resources attached by
# aws_iam_user_policy_attachment, aws_iam_group_policy_attachment or an aws_iam_policy_attachment
# with a known non-empty users or groups list.
human_policies contains [r, "policy"] if {
	some r in resources("aws_iam_user_policy")
}

human_policies contains [r, "policy"] if {
	some r in resources("aws_iam_group_policy")
}

human_policies contains [pol, "policy"] if {
	some t in ["aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"]
	some att in resources(t)
	some pol in attached_policies(att, "policy_arn")
}

human_policies contains [pol, "policy"] if {
	some att in resources("aws_iam_policy_attachment")
	some attr in ["users", "groups"]
	count(_list(att.values[attr])) > 0
	some pol in attached_policies(att, "policy_arn")
}

# Every identity policy document of the configuration, as [holder, attribute path]: the policy of
# aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy and aws_iam_group_policy, and the
# inline_policy blocks of aws_iam_role.
policy_documents contains h if some h in identity_documents

# policy_documents as an array, for rules that iterate them (each document once; building a set
# hashes every holder's values).
identity_documents := array.concat(array.concat(role_documents, _documents_of("aws_iam_user_policy")), _documents_of("aws_iam_group_policy"))

# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------

# The normalized statements (see the top of this file) of the policy document held by attribute
# path of r: when r.references[path] names data.aws_iam_policy_document sources, their statements
# (merged with their source/override documents); else the JSON string at path, parsed.
statements(r, path) := sts if {
	r.references[path]
	docs := _policy_docs(r, path)
	count(docs) > 0
	sts := [st |
		some d in docs
		k := concat("|", [d.root, d.address])
		some st in _document_statements[k]
	]
} else := json_statements(r, path)

# document_statements of every data.aws_iam_policy_document, by "<root>|<address>": computed once
# per document (one trust document often serves every role).
_document_statements[k] := document_statements(d) if {
	some d in data_sources("aws_iam_policy_document")
	k := concat("|", [d.root, d.address])
}

# The data.aws_iam_policy_document sources the expression at path of r refers to.
_policy_docs(r, path) := {d |
	positions := input.index.by_address[r.root]
	some a in r.references[path]
	d := input.resources[positions[a]]
	d.type == "aws_iam_policy_document"
	d.mode == "data"
}

# The statements of a data.aws_iam_policy_document, merged as Terraform does: statements of its
# source_policy_documents, replaced by its own statements with the same sid, and all replaced by
# the statements of its override_policy_documents with the same sid. Merged documents are read
# one level deep (their own statement blocks, or their JSON).
document_statements(d) := array.concat(array.concat(source, own), override) if {
	override := _merged(d, "override_policy_documents")
	override_sids := _sids(override)
	own := [st | some st in _own_statements(d); not override_sids[st.sid]]
	sids := override_sids | _sids(own)
	source := [st | some st in _merged(d, "source_policy_documents"); not sids[st.sid]]
}

_sids(sts) := {s | some st in sts; s := st.sid; is_string(s); s != ""}

# The statement blocks of a data document, normalized.
_own_statements(d) := [_doc_statement(d, sprintf("statement.%d", [i]), st) |
	some i, st in _list(d.values.statement)
	is_object(st)
]

# The statements of the documents listed in attribute attr of data document d: each element
# (attr.N) is a data document reference or a JSON string; an expression for the whole list
# (references at attr itself) gives the documents it refers to.
_merged(d, attr) := [st |
	some p in _merge_paths(d, attr)
	some st in _flat_statements(d, p)
]

_merge_paths(d, attr) := {attr} if {
	count(d.references[attr]) > 0
} else := {sprintf("%s.%d", [attr, i]) | some i, _ in _list(d.values[attr])}

_flat_statements(r, path) := sts if {
	docs := _policy_docs(r, path)
	count(docs) > 0
	sts := [st | some x in docs; some st in _own_statements(x)]
} else := json_statements(r, path)

_doc_statement(d, base, st) := {
	"owner": d,
	"path": base,
	"sid": object.get(st, "sid", ""),
	"effect": _doc_effect(d, base, st),
	"actions": _entries(object.get(st, "actions", null), concat(".", [base, "actions"])),
	"not_actions": _entries(object.get(st, "not_actions", null), concat(".", [base, "not_actions"])),
	"not_actions_path": concat(".", [base, "not_actions"]),
	"resources": _entries(object.get(st, "resources", null), concat(".", [base, "resources"])),
	"resources_path": concat(".", [base, "resources"]),
	"not_resources": _entries(object.get(st, "not_resources", null), concat(".", [base, "not_resources"])),
	"principals": [e |
		some k, pr in _list(object.get(st, "principals", null))
		some e in _doc_principals(pr, sprintf("%s.principals.%d", [base, k]))
	],
	"conditions": object.get(st, "condition", []),
}

# A data document statement's effect: "Allow" when it is not set (a plan lists it as null),
# null when it is unknown.
_doc_effect(d, base, st) := st.effect if {
	is_string(st.effect)
} else := null if {
	concat(".", [base, "effect"]) in d.unknown
} else := "Allow"

# One principals block: an entry per identifier, typed by the block's type.
_doc_principals(pr, base) := [{"type": t, "value": x.value, "path": x.path} |
	is_object(pr)
	t := object.get(pr, "type", null)
	some x in _principal_entries(object.get(pr, "identifiers", null), concat(".", [base, "identifiers"]))
]

# The statements of the JSON policy document at path of r (a string; a jsonencode value is one).
# Statement may be an array (paths <path>.Statement.N) or a single object (<path>.Statement).
# [] when the value is unknown, absent or not a JSON object.
json_statements(r, path) := [_json_statement(r, _statement_base(path, i), st) |
	some [i, st] in _statement_pairs(_value_at(r, path))
	is_object(st)
]

# For rules that look for something rare: the statements of the policy document at path of r as
# written, before normalization, when statements(r, path) reads them from JSON (r.references[path]
# names no data.aws_iam_policy_document) and only when the JSON text contains the string needle
# or a \u escape (else []); undefined when the statements come from data documents (use
# statements(r, path) then). Each is [i, element]: i is its position in the Statement array, or
# -1 for a single Statement object; an element of the array need not be an object (a rule's
# test of its fields fails for one). json_statement(r, path, i, st) normalizes one.
# Normalizing costs tens of microseconds a statement and parsing about ten a document: a rule
# passes a needle that the text of every document it can report contains unless escaped (no
# parsing for the others), tests the raw elements the same way, and normalizes only those that
# pass. (A substring test costs well under a microsecond; regex.match costs several: regorus
# builds its matcher anew on each call. The first body is the common case, written out: a
# top-level attribute that refers to nothing and holds valid JSON with a Statement array.)
json_raw_statements(r, path, needle) := sts if {
	not r.references[path]
	s := r.values[path]
	is_string(s)
	contains(s, needle)
	json.is_valid(s)
	doc := json.unmarshal(s)
	list := doc.Statement
	is_array(list)
	sts := [[i, st] | some i, st in list]
} else := sts if {
	not _from_documents(r, path)
	sts := _matching_statement_pairs(_value_at(r, path), needle)
}

# The normalized statement of r that json_raw_statements(r, path, _) gives as [i, st].
json_statement(r, path, i, st) := _json_statement(r, _statement_base(path, i), st)

# Its actions alone (json_statement(r, path, i, st).actions, without the rest of it).
json_statement_actions(path, i, st) := [e |
	v := st.Action
	some e in _entries(v, concat(".", [_statement_base(path, i), "Action"]))
]

# [i, element] of each statement of JSON text s, as json_raw_statements gives them; [] when s is
# not a string holding a JSON object. For rules that test texts shared by many resources once
# (a trust policy often is the same for every role).
text_raw_statements(s) := _statement_pairs(s)

# statements(r, path) comes from data.aws_iam_policy_document sources.
_from_documents(r, path) if {
	r.references[path]
	count(_policy_docs(r, path)) > 0
}

# [i, element] of each statement of JSON text s (see json_raw_statements); [] when s is unknown
# (null), absent or not a JSON object (a document that is not an object has no Statement).
_statement_pairs(s) := sts if {
	is_string(s)
	json.is_valid(s)
	doc := json.unmarshal(s)
	sts := _pairs(doc.Statement)
} else := []

_matching_statement_pairs(s, needle) := sts if {
	is_string(s)
	_holds(s, needle)
	json.is_valid(s)
	doc := json.unmarshal(s)
	sts := _pairs(doc.Statement)
} else := []

# Text s contains needle, or a \u escape that could spell it.
_holds(s, needle) := true if {
	contains(s, needle)
} else := true if {
	contains(s, `\u`)
}

_pairs(list) := [[i, st] | some i, st in list] if {
	is_array(list)
} else := [[-1, list]] if {
	is_object(list)
}

# The path of statement i of the document at path: <path>.Statement.<i>, or <path>.Statement for
# a single Statement object (i = -1).
_statement_base(path, i) := concat(".", [path, "Statement"]) if {
	i == -1
} else := sprintf("%s.Statement.%d", [path, i])

# The value at path of r: a top-level attribute directly, else through get. (r.values[path] is
# undefined for a path with a ".": attribute names have none.)
_value_at(r, path) := v if {
	v := r.values[path]
} else := get(r, path)

# (Hot: an absent element costs no call, since v := st.X undefined stops the comprehension
# before the call's arguments are evaluated.)
_json_statement(r, base, st) := {
	"owner": r,
	"path": base,
	"sid": object.get(st, "Sid", ""),
	"effect": object.get(st, "Effect", null),
	"actions": [e | v := st.Action; some e in _entries(v, concat(".", [base, "Action"]))],
	"not_actions": [e | v := st.NotAction; some e in _entries(v, not_actions_path)],
	"not_actions_path": not_actions_path,
	"resources": [e | v := st.Resource; some e in _entries(v, resources_path)],
	"resources_path": resources_path,
	"not_resources": [e | v := st.NotResource; some e in _entries(v, concat(".", [base, "NotResource"]))],
	"principals": [e | v := st.Principal; some e in _json_principals(v, concat(".", [base, "Principal"]))],
	"conditions": object.get(st, "Condition", {}),
} if {
	not_actions_path := concat(".", [base, "NotAction"])
	resources_path := concat(".", [base, "Resource"])
}

# Principal "*" (anyone), or {"AWS": ..., "Service": ..., "Federated": ...} with a string or a
# list each.
_json_principals(p, base) := [{"type": "*", "value": "*", "path": base}] if {
	p == "*"
} else := [{"type": t, "value": x.value, "path": x.path} |
	is_object(p)
	some t, v in p
	some x in _principal_entries(v, concat(".", [base, t]))
]

# {"value", "path"} entries of a string (at base) or a list (at base.N); [] otherwise.
_entries(v, base) := e if {
	is_array(v)
	e := [{"value": x, "path": sprintf("%s.%d", [base, i])} | some i, x in v]
} else := [{"value": v, "path": base}] if {
	is_string(v)
} else := []

# As _entries, but an unknown (null) value is one entry with value null: the principal's type is
# still known.
_principal_entries(v, base) := [{"value": null, "path": base}] if {
	v == null
} else := _entries(v, base)

# ---------------------------------------------------------------------------------------------
# Actions (IAM action names are case-insensitive; patterns use * and ?)
# ---------------------------------------------------------------------------------------------

# The action is "*" or "<service>:*" (LMB102).
wildcard_action(v) if {
	is_string(v)
	endswith(v, "*")
	regex.match(`^(\*|[A-Za-z0-9-]+:\*)$`, v)
}

# The action pattern v covers action (a lower-case "service:name"): IAM matching, case-insensitive,
# with * and ?. A pattern with other characters covers only itself. (A pattern whose first
# character is neither the action's nor a wildcard covers nothing: tested before the regex and
# the glob, which cost several microseconds a call.)
action_covers(v, action) := true if {
	is_string(v)
	lower(v) == action
} else := true if {
	is_string(v)
	p := lower(v)
	_may_cover(substring(p, 0, 1), action)
	regex.match(`^[a-z0-9:*?_-]+$`, p)
	glob.match(p, null, action)
}

_may_cover(first, action) := true if {
	startswith(action, first)
} else := true if {
	first in {"*", "?"}
}

# A read action: Describe*, List* or Get* after the service prefix.
read_action(v) if {
	is_string(v)
	regex.match(`^[a-z0-9-]+:(describe|list|get)`, lower(v))
}

# Actions that need resource "*" or do not support resource-level permissions, exempt from
# LMB103: X-Ray writes, ENI management for VPC functions, cloudwatch:PutMetricData.
wildcard_resource_exempt := {
	"xray:puttracesegments",
	"xray:puttelemetryrecords",
	"ec2:createnetworkinterface",
	"ec2:deletenetworkinterface",
	"ec2:describenetworkinterfaces",
	"ec2:assignprivateipaddresses",
	"ec2:unassignprivateipaddresses",
	"cloudwatch:putmetricdata",
}

# A known action that is a write or permissions-management action: not a read and not exempt
# (LMB103 counts it as supporting resource-level permissions).
scoped_action(v) if {
	is_string(v)
	not read_action(v)
	l := lower(v)
	not wildcard_resource_exempt[l]
}

# The paths in an Allow statement that grant action (lower case): the Action entries covering it,
# or the NotAction attribute when every NotAction entry is known and none covers it.
granting_paths(st, action) := {a.path | some a in st.actions; action_covers(a.value, action)} | _not_action_grant(st, action)

_not_action_grant(st, action) := {st.not_actions_path} if {
	count(st.not_actions) > 0
	every a in st.not_actions {
		is_string(a.value)
		not action_covers(a.value, action)
	}
} else := set()

# The raw JSON statement st (an element json_raw_statements gives) grants action: what
# count(granting_paths(json_statement(r, path, i, st), action)) > 0 says, read from the raw
# values without normalizing (no path is built). Its Effect is not tested.
json_grants(st, action) := true if {
	some v in _entry_values(st.Action)
	action_covers(v, action)
} else := true if {
	not_actions := _entry_values(st.NotAction)
	count(not_actions) > 0
	every v in not_actions {
		is_string(v)
		not action_covers(v, action)
	}
}

# The values _entries gives entries for: the elements of a list, a string alone, else none.
_entry_values(v) := v if {
	is_array(v)
} else := [v] if {
	is_string(v)
} else := []

# The statement's resources include "*" exactly: the paths of those entries.
wildcard_resource_paths(st) := {r.path | some r in st.resources; r.value == "*"}

# ---------------------------------------------------------------------------------------------
# Secrets (LMB403)
# ---------------------------------------------------------------------------------------------

# The aws_secretsmanager_secret resources a function references: from its environment (directly,
# or through an aws_secretsmanager_secret_version), or from the Resource of an Allow statement
# of a policy reaching its role (or from a policy attribute whose parts cannot be told apart: an
# unknown value with references).
function_secrets(fn) := env | _policy_secrets(role) if {
	env := _env_secrets(fn)
	role := function_role(fn)
} else := _env_secrets(fn)

_env_secrets(fn) := {s |
	some p, addrs in fn.references
	startswith(p, "environment")
	some a in addrs
	some s in _secrets_at(fn.root, a)
}

_policy_secrets(role) := {s |
	some h in role_policies(role)
	some a in _policy_resource_refs(h[0], h[1])
	some s in _secrets_at(h[0].root, a)
}

# The addresses a policy document refers to in the Resource of its Allow statements, and, when
# the policy value is unknown, every address its expression refers to. (The first body is the
# common case of a JSON policy that refers to nothing: no statement to normalize.)
_policy_resource_refs(r, path) := set() if {
	not r.references[path]
	not _refers_below(r, path)
} else := {a |
	some st in statements(r, path)
	st.effect == "Allow"
	some p, addrs in st.owner.references
	startswith(p, st.resources_path)
	_within(p, st.resources_path)
	some a in addrs
} | {a |
	_value_at(r, path) == null
	some a in r.references[path]
}

# Some expression inside the value at path of r (at <path>.<something>) refers to something.
_refers_below(r, path) if {
	prefix := concat("", [path, "."])
	some p, _ in r.references
	startswith(p, prefix)
}

# The secret at address a of root: an aws_secretsmanager_secret, or the secret an
# aws_secretsmanager_secret_version refers to.
_secrets_at(root, a) := {s} if {
	positions := input.index.by_address[root]
	s := input.resources[positions[a]]
	s.type == "aws_secretsmanager_secret"
	s.mode == "managed"
} else := {s |
	positions := input.index.by_address[root]
	v := input.resources[positions[a]]
	v.type == "aws_secretsmanager_secret_version"
	some b in v.references.secret_id
	s := input.resources[positions[b]]
	s.type == "aws_secretsmanager_secret"
	s.mode == "managed"
}

# What aws_secretsmanager_secret_rotation resources rotate: "<root>|<address>" of a referenced
# secret, "<root>|name:<name>" of a literal secret_id (a name, or an ARN: name with and without
# its random suffix).
_rotated contains k if {
	some rot in resources("aws_secretsmanager_secret_rotation")
	some a in rot.references.secret_id
	k := _key(rot.root, a)
}

_rotated contains k if {
	some rot in resources("aws_secretsmanager_secret_rotation")
	some name in _secret_names(rot.values.secret_id)
	k := _key(rot.root, concat("", ["name:", name]))
}

_secret_names(id) := {n, regex.replace(n, `-[A-Za-z0-9]{6}$`, "")} if {
	is_string(id)
	contains(id, ":secret:")
	parts := split(id, ":secret:")
	n := parts[1]
} else := {id} if is_string(id)

# Roots with a rotation whose secret_id is unknown and refers to nothing: which secret it rotates
# cannot be decided.
_rotation_undecided contains rot.root if {
	some rot in resources("aws_secretsmanager_secret_rotation")
	object.get(rot.values, "secret_id", null) == null
	count(object.get(rot.references, "secret_id", [])) == 0
}

# The secret is rotated, or whether it is cannot be decided: an aws_secretsmanager_secret_rotation
# refers to it or names it, a rotation of its root has an undecidable secret_id, or it configures
# rotation itself (rotation_lambda_arn / rotation_rules of AWS provider versions before 5).
secret_rotated(s) if {
	k := _key(s.root, s.address)
	_rotated[k]
}

secret_rotated(s) if {
	name := s.values.name
	is_string(name)
	k := _key(s.root, concat("", ["name:", name]))
	_rotated[k]
}

secret_rotated(s) if {
	root := s.root
	_rotation_undecided[root]
}

secret_rotated(s) if not missing_attr(s, "rotation_lambda_arn")

secret_rotated(s) if not missing_attr(s, "rotation_rules")
