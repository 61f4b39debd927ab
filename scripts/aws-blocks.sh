#!/usr/bin/env bash
# Regenerates src/parse/aws_blocks.txt: which arguments of each AWS provider resource, data
# source, ephemeral resource and provider configuration are nested blocks (not attributes), from
# the provider's own schema (`terraform providers schema -json`). tfwarden needs it to read
# Terraform's JSON syntax (.tf.json), where a nested block and an object-valued attribute are
# written alike; Terraform tells them apart with the same schema.
#
# One line per type: `KIND TYPE children parent:children ...`, where a bare list holds the block
# types of the top-level body and `parent:` those nested in a block named `parent`.
#
#   bash scripts/aws-blocks.sh        # needs terraform and the AWS provider in a mirror
#
# Environment: TERRAFORM (default: terraform on PATH), TF_PLUGINS (default /opt/tf-plugins),
# AWS_VERSION (default 5.100.0, the version testdata/plan/regenerate.sh plans with).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TERRAFORM=${TERRAFORM:-terraform}
TF_PLUGINS=${TF_PLUGINS:-/opt/tf-plugins}
AWS_VERSION=${AWS_VERSION:-5.100.0}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/main.tf" <<TF
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "$AWS_VERSION" }
  }
}
TF
cat > "$work/rc" <<RC
provider_installation {
  filesystem_mirror { path = "$TF_PLUGINS" }
}
RC
export TF_CLI_CONFIG_FILE="$work/rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
(cd "$work" && "$TERRAFORM" init -input=false >/dev/null && "$TERRAFORM" providers schema -json > schema.json)

python3 - "$work/schema.json" > src/parse/aws_blocks.txt <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
aws = schema["provider_schemas"]["registry.terraform.io/hashicorp/aws"]

def walk(block, parent, pairs):
    for name, nested in block.get("block_types", {}).items():
        pairs.add((parent, name))
        walk(nested["block"], name, pairs)

def line(kind, name, block):
    pairs = set()
    walk(block, "", pairs)
    if not pairs:
        return None
    by_parent = {}
    for parent, child in pairs:
        by_parent.setdefault(parent, []).append(child)
    parts = [(p + ":" if p else "") + ",".join(sorted(c)) for p, c in sorted(by_parent.items())]
    return f"{kind} {name} " + " ".join(parts)

lines = []
for kind, key in (("resource", "resource_schemas"), ("data", "data_source_schemas"),
                  ("ephemeral", "ephemeral_resource_schemas")):
    for name, s in sorted(aws.get(key, {}).items()):
        l = line(kind, name, s["block"])
        if l:
            lines.append(l)
l = line("provider", "aws", aws["provider"]["block"])
if l:
    lines.append(l)
print("\n".join(lines))
PY
echo "wrote src/parse/aws_blocks.txt ($(wc -l < src/parse/aws_blocks.txt) types)" >&2
