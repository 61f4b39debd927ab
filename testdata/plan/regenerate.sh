#!/usr/bin/env bash
# Regenerates testdata/plan/terraform/NAME.json: the real plan JSON (`terraform show -json`)
# of each configuration below, made offline with Terraform and the AWS provider from a local
# filesystem mirror. The tests compare tfwarden's HCL evaluation against these plans
# (tests/parity.rs); they never run Terraform themselves.
#
#   bash testdata/plan/regenerate.sh            # all
#   bash testdata/plan/regenerate.sh dynamic    # one
#
# Environment: TERRAFORM (default: terraform on PATH), TF_PLUGINS (default /opt/tf-plugins).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

TERRAFORM=${TERRAFORM:-terraform}
TF_PLUGINS=${TF_PLUGINS:-/opt/tf-plugins}
OUT=testdata/plan/terraform

# name  directory-to-copy  root-inside-it
CONFIGS=(
  "dynamic        testdata/hcl/dynamic          ."
  "element-spans  testdata/hcl/element-spans    ."
  "templates      testdata/hcl/templates        ."
  "iam            testdata/hcl/iam              ."
  "functions      testdata/parity/functions     ."
  "registry       testdata/parity/registry      ."
  "plan-roots-svc testdata/plan-roots/svc       ."
  "tf-json        testdata/hcl/tf-json          ."
)

# Values a configuration leaves to the command line (the HCL scan sees them as unknown; the
# parity test lists what this lets only the plan know).
declare -A VARS=(
  [iam]='-var=extra_policy_json={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::iam-clean-data/*"}]}'
)

# Edits made to the copy before planning, where a configuration reads what only AWS can answer
# (offline, a data source other than aws_iam_policy_document cannot be read). The parity test
# names each resource these edits change.
edit_copy() {
  case $1 in
    iam)
      # data.aws_iam_policy.power_user calls the IAM API: use the ARN it would return.
      python3 - admin.tf <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'data "aws_iam_policy" "power_user" \{[^}]*\}\n', "", s)
s = s.replace("data.aws_iam_policy.power_user.arn", '"arn:aws:iam::aws:policy/PowerUserAccess"')
open(p, "w").write(s)
PY
      ;;
  esac
}

if ! command -v "$TERRAFORM" >/dev/null 2>&1; then
  echo "regenerate.sh: terraform is not installed (set TERRAFORM=/path/to/terraform)" >&2
  exit 1
fi
if [[ ! -d $TF_PLUGINS ]]; then
  echo "regenerate.sh: no provider mirror at $TF_PLUGINS (set TF_PLUGINS)" >&2
  exit 1
fi

mkdir -p "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null

for line in "${CONFIGS[@]}"; do
  read -r name dir root <<<"$line"
  if [[ $# -gt 0 && " $* " != *" $name "* ]]; then
    continue
  fi
  echo "regenerate.sh: planning $name ($dir/$root)" >&2
  copy="$work/$name/$(basename "$dir")"
  mkdir -p "$(dirname "$copy")"
  cp -a "$dir" "$copy"
  cd "$copy/$root"
  edit_copy "$name"
  # Offline credentials: nothing is called, the plan is made from the configuration alone.
  cat > zz_regenerate_provider.tf <<'TF'
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
TF
  # A registry module's stand-in is already under .terraform/modules: do not fetch it.
  get=true
  [[ -f .terraform/modules/modules.json ]] && get=false
  "$TERRAFORM" init -no-color -backend=false -get=$get -input=false -plugin-dir="$TF_PLUGINS" >"$work/$name.init.log" 2>&1 \
    || { sed "s/\x1b\[[0-9;]*m//g" "$work/$name.init.log" >&2; exit 1; }
  "$TERRAFORM" plan -no-color -refresh=false -input=false -lock=false ${VARS[$name]:+"${VARS[$name]}"} -out=plan.out >"$work/$name.plan.log" 2>&1 \
    || { sed "s/\x1b\[[0-9;]*m//g" "$work/$name.plan.log" >&2; exit 1; }
  "$TERRAFORM" show -json plan.out | python3 -m json.tool --indent 1 > "$OLDPWD/$OUT/$name.json"
  cd "$OLDPWD"
done
"$TERRAFORM" version | head -1 >&2
