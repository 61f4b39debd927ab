//! How tfwarden is installed and run in CI, checked without the tools that run it (GitHub
//! Actions, Docker, pre-commit): the action, the pre-commit hooks and the workflows parse as
//! YAML and hang together (every input a step uses is declared, every job a job needs exists,
//! every script a step runs is in the repository), the release builds the four platforms and
//! names its archives as the action downloads them, the Dockerfile's final stage runs the binary
//! as a non-root user from a build context that holds everything cargo reads, and the versions
//! the documentation gives are Cargo.toml's. The action's install and scan steps also run here,
//! as a runner would run them, against a release that scripts/package-release.sh made (with
//! stand-ins for `gh` and `cargo`). `make packaging` runs the real tools where they exist.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use regex::Regex;
use serde_json::Value;

/// The four platforms a release has binaries for.
const RELEASE_TARGETS: [&str; 4] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
];

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(path: &str) -> Value {
    yaml_serde::from_str(&read(path)).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
}

fn manifest() -> toml::Table {
    read("Cargo.toml").parse().expect("Cargo.toml parses")
}

/// Cargo.toml's `package.<key>`, a string.
fn package(key: &str) -> String {
    manifest()["package"][key]
        .as_str()
        .unwrap_or_else(|| panic!("package.{key} in Cargo.toml"))
        .to_string()
}

fn str_of<'a>(value: &'a Value, what: &str) -> &'a str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{what}: a string, not {value}"))
}

/// Every string in `value`, depth first.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The names `prefix.NAME` that the `${{ }}` expressions in `value`'s strings use.
fn expression_names(value: &Value, prefix: &str) -> BTreeSet<String> {
    let mut texts = Vec::new();
    strings(value, &mut texts);
    let expression = Regex::new(r"\$\{\{(.*?)\}\}").unwrap();
    let name = Regex::new(&format!(r"\b{}\.([A-Za-z0-9_-]+)", regex::escape(prefix))).unwrap();
    let mut names = BTreeSet::new();
    for text in &texts {
        for expr in expression.captures_iter(text) {
            for n in name.captures_iter(&expr[1]) {
                names.insert(n[1].to_string());
            }
        }
    }
    names
}

/// Repository files that `run` scripts name: `scripts/...` and `.ci/run`.
fn scripts_named(run: &str) -> Vec<String> {
    Regex::new(r"(?:^|[\s/])((?:scripts/[\w.-]+)|\.ci/run)\b")
        .unwrap()
        .captures_iter(run)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn the_action_declares_every_input_its_steps_use_and_uses_every_input_it_declares() {
    let action = yaml("action.yml");
    for key in ["name", "description"] {
        assert!(action[key].is_string(), "action.yml: {key}");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().expect("action.yml: inputs");
    for required in [
        "paths",
        "format",
        "fail-on",
        "config",
        "upload-sarif",
        "version",
    ] {
        assert!(
            inputs.contains_key(required),
            "action.yml: input {required}"
        );
    }
    for (name, input) in inputs {
        assert!(
            input["description"].is_string(),
            "input {name}: description"
        );
        assert!(input.get("default").is_some(), "input {name}: a default");
    }
    let steps = action["runs"]["steps"]
        .as_array()
        .expect("action.yml: steps");
    let used = expression_names(&action["runs"], "inputs");
    let declared: BTreeSet<String> = inputs.keys().cloned().collect();
    assert_eq!(
        used, declared,
        "inputs the steps use (left) and inputs action.yml declares (right)"
    );

    // Every step's output that is read comes from a step that has that id.
    let ids: BTreeSet<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    let read_steps = expression_names(&action, "steps");
    for id in &read_steps {
        assert!(ids.contains(id.as_str()), "steps.{id} is not a step id");
    }
    for step in steps {
        if step.get("run").is_some() {
            // Required in composite actions.
            assert!(
                step["shell"].is_string(),
                "a run step without shell: {step}"
            );
        } else {
            assert!(
                step["uses"].is_string(),
                "a step neither runs nor uses: {step}"
            );
        }
    }
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .unwrap_or("")
            .starts_with("github/codeql-action/upload-sarif@")),
        "the action uploads SARIF with github/codeql-action/upload-sarif"
    );
}

#[test]
fn the_action_downloads_the_archives_the_release_publishes() {
    let action = read("action.yml");
    // The platforms the install step knows are the release's.
    let known: BTreeSet<String> = Regex::new(r"target=([a-z0-9_]+-[a-z0-9_-]+)")
        .unwrap()
        .captures_iter(&action)
        .map(|c| c[1].to_string())
        .collect();
    let release: BTreeSet<String> = RELEASE_TARGETS.iter().map(|t| t.to_string()).collect();
    assert_eq!(known, release);
    // One archive name, tfwarden-<tag>-<target>.tar.gz holding tfwarden-<tag>-<target>/tfwarden,
    // on both sides, with its checksum beside it as <archive>.sha256.
    let script = read("scripts/package-release.sh");
    assert!(script.contains(r#"name="tfwarden-v$version-$target""#));
    assert!(script.contains(r#"cp "$binary" "$stage/$name/tfwarden""#));
    assert!(script.contains(r#""$name.tar.gz.sha256""#));
    assert!(action.contains(r#"asset="tfwarden-$1-$target.tar.gz""#));
    assert!(action.contains(r#""$dir/tfwarden-$tag-$target/tfwarden""#));
    assert!(action.contains(r#""$asset.sha256""#));
    // The action builds the source it is part of when there is no release.
    assert!(action.contains(r#"cargo install --locked --path "$GITHUB_ACTION_PATH""#));
}

#[test]
fn the_pre_commit_hooks_build_or_use_an_installed_binary() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let language = |id: &str| {
        let hook = hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("hook {id}"));
        str_of(&hook["language"], "language").to_string()
    };
    assert_eq!(language("tfwarden"), "rust");
    assert_eq!(language("tfwarden-system"), "system");
    let binary = manifest()["bin"].as_array().unwrap()[0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    for hook in hooks {
        for key in ["id", "name", "entry", "language", "files"] {
            assert!(hook[key].is_string(), "hook {}: {key}", hook["id"]);
        }
        let entry = str_of(&hook["entry"], "entry");
        assert_eq!(entry, format!("{binary} scan"), "hook {}", hook["id"]);
        let files = Regex::new(str_of(&hook["files"], "files")).expect("files is a regex");
        for name in ["main.tf", "envs/prod/terraform.tfvars", "x.auto.tfvars"] {
            assert!(files.is_match(name), "hook {} skips {name}", hook["id"]);
        }
        for name in ["main.py", "plan.json", "main.tf.bak"] {
            assert!(!files.is_match(name), "hook {} takes {name}", hook["id"]);
        }
    }
}

#[test]
fn the_workflows_hang_together() {
    let mut workflows: Vec<String> = fs::read_dir(".github/workflows")
        .expect(".github/workflows")
        .map(|e| e.unwrap().path().to_string_lossy().to_string())
        .filter(|p| p.ends_with(".yml") || p.ends_with(".yaml"))
        .collect();
    workflows.push("examples/ci/github-actions.yml".to_string());
    for path in &workflows {
        let doc = yaml(path);
        assert!(doc.get("on").is_some(), "{path}: on");
        let jobs = doc["jobs"]
            .as_object()
            .unwrap_or_else(|| panic!("{path}: jobs"));
        for (name, job) in jobs {
            assert!(job["runs-on"].is_string(), "{path}: job {name}: runs-on");
            let needs = match &job["needs"] {
                Value::Null => vec![],
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a.iter().map(|v| str_of(v, "needs").to_string()).collect(),
                other => panic!("{path}: job {name}: needs {other}"),
            };
            for need in needs {
                assert!(jobs.contains_key(&need), "{path}: job {name} needs {need}");
            }
            for step in job["steps"].as_array().unwrap_or_else(|| panic!("{name}")) {
                match (step["run"].as_str(), step["uses"].as_str()) {
                    (Some(run), None) => {
                        for script in scripts_named(run) {
                            assert!(Path::new(&script).is_file(), "{path}: {script}");
                        }
                    }
                    (None, Some(uses)) => assert!(uses.contains('@'), "{path}: {uses} unpinned"),
                    _ => panic!("{path}: job {name}: a step runs or uses: {step}"),
                }
            }
        }
    }
}

#[test]
fn the_release_workflow_builds_the_four_platforms_on_a_version_tag() {
    let release = yaml(".github/workflows/release.yml");
    assert_eq!(release["on"]["push"]["tags"], serde_json::json!(["v*"]));
    let build = &release["jobs"]["build"];
    let targets: BTreeSet<&str> = build["strategy"]["matrix"]["include"]
        .as_array()
        .expect("build.strategy.matrix.include")
        .iter()
        .map(|t| str_of(&t["target"], "target"))
        .collect();
    assert_eq!(targets, RELEASE_TARGETS.into_iter().collect());
    let text = read(".github/workflows/release.yml");
    assert!(text.contains("cargo build --release --locked"));
    assert!(text.contains("scripts/package-release.sh"));
    assert!(text.contains("sha256sum -c SHA256SUMS"));
    assert!(text.contains("gh release create"));
    assert_eq!(
        release["jobs"]["release"]["permissions"]["contents"],
        "write"
    );
    // The tag is checked against Cargo.toml's version before anything is built.
    assert!(text.contains(r#"[ "$GITHUB_REF_NAME" != "v$version" ]"#));
}

/// The Dockerfile's instructions, continuation lines joined, comments dropped.
fn dockerfile() -> Vec<(String, String)> {
    let text = read("Dockerfile");
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                let (instruction, args) = current.split_once(' ').unwrap_or((&current, ""));
                out.push((instruction.to_uppercase(), args.trim().to_string()));
                current.clear();
            }
        }
    }
    out
}

#[test]
fn the_docker_image_runs_the_binary_as_a_non_root_user() {
    let instructions = dockerfile();
    let last_from = instructions
        .iter()
        .rposition(|(i, _)| i == "FROM")
        .expect("a FROM");
    let final_stage = &instructions[last_from..];
    let user = final_stage
        .iter()
        .rfind(|(i, _)| i == "USER")
        .map(|(_, a)| a.clone())
        .expect("the final stage sets USER");
    let uid = user.split(':').next().unwrap();
    assert!(uid != "root" && uid != "0", "USER {user} is root");
    assert_eq!(
        final_stage
            .iter()
            .find(|(i, _)| i == "ENTRYPOINT")
            .map(|(_, a)| a.as_str()),
        Some(r#"["tfwarden"]"#)
    );
    assert!(
        final_stage.iter().any(|(i, a)| i == "COPY"
            && a.starts_with("--from=build")
            && a.ends_with("/usr/local/bin/tfwarden")),
        "the final stage copies the binary from the build stage"
    );
    // The build stage uses the toolchain Cargo.toml declares.
    assert!(instructions.contains(&(
        "ARG".to_string(),
        format!("RUST_VERSION={}", package("rust-version"))
    )));
}

/// Whether `.dockerignore` (an allow-list: `*`, then `!path` lines) lets `path` into the build
/// context.
fn in_docker_context(allowed: &[String], path: &str) -> bool {
    let top = path.trim_start_matches("./").split('/').next().unwrap();
    allowed.iter().any(|a| a == top)
}

#[test]
fn the_docker_build_context_holds_everything_cargo_reads() {
    let ignore = read(".dockerignore");
    let lines: Vec<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(lines.first(), Some(&"*"), ".dockerignore is an allow-list");
    let allowed: Vec<String> = lines[1..]
        .iter()
        .map(|l| {
            l.strip_prefix('!')
                .unwrap_or_else(|| panic!(".dockerignore: {l}"))
                .to_string()
        })
        .collect();

    // What the build stage copies from the context exists and is let in.
    let mut copied = BTreeSet::new();
    for (instruction, args) in dockerfile() {
        if instruction != "COPY" || args.starts_with("--from") {
            continue;
        }
        let words: Vec<&str> = args.split_whitespace().collect();
        for source in &words[..words.len() - 1] {
            assert!(Path::new(source).exists(), "COPY {source}: no such file");
            assert!(
                in_docker_context(&allowed, source),
                "COPY {source}: .dockerignore drops it"
            );
            copied.insert(source.trim_end_matches('/').to_string());
        }
    }
    for entry in &allowed {
        assert!(
            copied.contains(entry),
            ".dockerignore lets in {entry}, which is never copied"
        );
    }

    // Everything cargo reads to build the binary: the manifest, the lock file, the build
    // script, every target Cargo.toml names (cargo checks that they exist), and the
    // directories embedded with include_dir!.
    let manifest = manifest();
    let mut needed = vec!["Cargo.toml".to_string(), "Cargo.lock".to_string()];
    if Path::new("build.rs").exists() {
        needed.push("build.rs".to_string());
    }
    for kind in ["lib", "bin", "bench", "example", "test"] {
        let targets = match manifest.get(kind) {
            Some(toml::Value::Array(a)) => a.clone(),
            Some(t @ toml::Value::Table(_)) => vec![t.clone()],
            _ => vec![],
        };
        for target in targets {
            let path = match target.get("path").and_then(|p| p.as_str()) {
                Some(p) => p.to_string(),
                None if kind == "bench" => {
                    format!("benches/{}.rs", target["name"].as_str().unwrap())
                }
                None => continue,
            };
            needed.push(path);
        }
    }
    let embed = Regex::new(r#"include_dir!\("\$CARGO_MANIFEST_DIR/([^"]+)"\)"#).unwrap();
    for file in ["src/policy/mod.rs"] {
        for c in embed.captures_iter(&read(file)) {
            needed.push(c[1].to_string());
        }
    }
    assert!(
        needed.iter().any(|n| n == "policies"),
        "the policy library is embedded"
    );
    for path in needed {
        let top = path.split('/').next().unwrap();
        assert!(
            copied.contains(top),
            "the build needs {path}, which the Dockerfile does not copy"
        );
    }
}

#[test]
fn the_documented_versions_are_cargo_toml_s() {
    let version = format!("v{}", package("version"));
    let rust_version = package("rust-version");
    let tag = Regex::new(r"\bv\d+\.\d+\.\d+\b").unwrap();
    let rust_image = Regex::new(r"\brust:(\d+\.\d+)").unwrap();
    let mut files = vec![
        "README.md".to_string(),
        "action.yml".to_string(),
        ".pre-commit-hooks.yaml".to_string(),
    ];
    for entry in fs::read_dir("examples/ci").unwrap() {
        files.push(entry.unwrap().path().to_string_lossy().to_string());
    }
    let mut tags_seen = 0;
    for file in &files {
        let text = read(file);
        for m in tag.find_iter(&text) {
            assert_eq!(
                m.as_str(),
                version,
                "{file}: a tag other than Cargo.toml's version"
            );
            tags_seen += 1;
        }
        for c in rust_image.captures_iter(&text) {
            assert_eq!(&c[1], rust_version, "{file}: rust:{} image", &c[1]);
        }
    }
    assert!(tags_seen >= 3, "the examples pin the release tag");
    let readme = read("README.md");
    assert!(
        readme.contains(&format!("Rust ({rust_version} or later)")),
        "README: the minimum Rust is Cargo.toml's rust-version, {rust_version}"
    );
}

#[test]
fn the_github_example_uses_the_action_with_inputs_it_declares() {
    let action = yaml("action.yml");
    let example = yaml("examples/ci/github-actions.yml");
    let version = format!("v{}", package("version"));
    let mut found = false;
    for job in example["jobs"].as_object().unwrap().values() {
        for step in job["steps"].as_array().unwrap() {
            let Some(uses) = step["uses"].as_str() else {
                continue;
            };
            if uses.ends_with(&format!("/tfwarden@{version}")) {
                found = true;
                for key in step["with"].as_object().into_iter().flat_map(|w| w.keys()) {
                    assert!(
                        action["inputs"].get(key).is_some(),
                        "with: {key} is no input"
                    );
                }
            }
        }
    }
    assert!(found, "the example uses the tfwarden action at {version}");
    // The README documents every input.
    let readme = read("README.md");
    for input in action["inputs"].as_object().unwrap().keys() {
        assert!(
            readme.contains(&format!("`{input}`")),
            "README: action input `{input}`"
        );
    }
}

#[test]
fn make_packaging_runs_the_packaging_checks() {
    let makefile = read("Makefile");
    assert!(makefile.contains("\npackaging:"), "a packaging target");
    assert!(makefile.contains("scripts/check-packaging.sh"));
    for script in ["scripts/check-packaging.sh", "scripts/package-release.sh"] {
        let text = read(script);
        assert!(text.starts_with("#!/usr/bin/env bash\n"), "{script}");
        assert!(text.contains("set -euo pipefail"), "{script}");
    }
}

/// The action's steps, run here as a runner runs them (`bash --noprofile --norc -eo pipefail`),
/// with `gh` and `cargo` replaced by stand-ins that log what they are asked: `gh` serves a
/// release that scripts/package-release.sh made of a small stand-in binary (it only prints its
/// version: the real debug binary is too big to archive in a test), `cargo install` installs
/// that stand-in. The scan step runs the binary under test.
struct Runner {
    dir: tempfile::TempDir,
    action: Value,
}

struct StepRun {
    status: i32,
    stdout: String,
    outputs: String,
}

impl Runner {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("fakebin");
        fs::create_dir_all(&bin).unwrap();
        fs::create_dir_all(dir.path().join("releases")).unwrap();
        fs::create_dir_all(dir.path().join("runner")).unwrap();
        fs::create_dir_all(dir.path().join("workspace")).unwrap();
        // gh release download TAG --repo R --dir D --pattern P...
        let gh = r#"#!/usr/bin/env bash
echo "gh $*" >> "$FAKE_LOG"
tag=$3; shift 3; dir=; patterns=()
while [ $# -gt 0 ]; do
  case $1 in --dir) dir=$2; shift 2 ;; --pattern) patterns+=("$2"); shift 2 ;; *) shift ;; esac
done
[ -d "$FAKE_RELEASES/$tag" ] || { echo "release not found" >&2; exit 1; }
for p in "${patterns[@]}"; do cp "$FAKE_RELEASES/$tag/$p" "$dir/" || exit 1; done
"#;
        // cargo install ... --root R ...: installs the binary under test.
        let cargo = r#"#!/usr/bin/env bash
echo "cargo $*" >> "$FAKE_LOG"
while [ $# -gt 0 ]; do
  case $1 in --root) root=$2; shift 2 ;; *) shift ;; esac
done
mkdir -p "$root/bin" && cp "$FAKE_BINARY" "$root/bin/tfwarden"
"#;
        let stand_in = format!("#!/bin/sh\necho 'tfwarden {}'\n", package("version"));
        fs::create_dir_all(dir.path().join("stand-in")).unwrap();
        for (name, text) in [
            ("fakebin/gh", gh),
            ("fakebin/cargo", cargo),
            ("stand-in/tfwarden", &stand_in),
        ] {
            let path = dir.path().join(name);
            fs::write(&path, text).unwrap();
            let status = std::process::Command::new("chmod")
                .arg("+x")
                .arg(&path)
                .status()
                .unwrap();
            assert!(status.success());
        }
        Runner {
            dir,
            action: yaml("action.yml"),
        }
    }

    fn path(&self, p: &str) -> std::path::PathBuf {
        self.dir.path().join(p)
    }

    /// Publishes the binary under test as the release of Cargo.toml's version, for the Linux
    /// x86_64 runner.
    fn publish(&self) {
        let out = self.path(&format!("releases/v{}", package("version")));
        let status = std::process::Command::new("bash")
            .args(["scripts/package-release.sh", "x86_64-unknown-linux-musl"])
            .arg(self.path("stand-in/tfwarden"))
            .env("DIST_DIR", &out)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "scripts/package-release.sh");
    }

    fn log(&self) -> String {
        fs::read_to_string(self.path("log")).unwrap_or_default()
    }

    /// Runs the step with this id with the given inputs (others take their defaults) and
    /// step outputs.
    fn run(&self, id: &str, inputs: &[(&str, &str)], steps: &[(&str, &str)]) -> StepRun {
        let step = self.action["runs"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id || s["name"] == id)
            .unwrap_or_else(|| panic!("step {id}"));
        let script = self.path(&format!("{id}.sh"));
        fs::write(&script, str_of(&step["run"], "run")).unwrap();
        let outputs = self.path(&format!("{id}.outputs"));
        let _ = fs::remove_file(&outputs);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let installed = self.path("runner/tfwarden/bin");
        let under_test = Path::new(env!("CARGO_BIN_EXE_tfwarden")).parent().unwrap();
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(self.path("workspace"))
            .env_clear()
            .env(
                "PATH",
                format!(
                    "{}:{}:{}:/usr/bin:/bin",
                    self.path("fakebin").display(),
                    installed.display(),
                    under_test.display()
                ),
            )
            .env("HOME", self.path("runner"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", self.path("runner"))
            .env("GITHUB_ACTION_PATH", repo)
            .env("GITHUB_PATH", self.path("github_path"))
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_STEP_SUMMARY", self.path("summary.md"))
            .env("GITHUB_SERVER_URL", "https://github.invalid")
            .env("FAKE_LOG", self.path("log"))
            .env("FAKE_RELEASES", self.path("releases"))
            .env("FAKE_BINARY", self.path("stand-in/tfwarden"));
        // The step's env, with the expressions a runner would evaluate.
        let expression = Regex::new(r"^\$\{\{\s*(\S+)\s*\}\}$").unwrap();
        for (name, value) in step["env"].as_object().into_iter().flatten() {
            let value = str_of(value, name);
            let Some(c) = expression.captures(value) else {
                cmd.env(name, value);
                continue;
            };
            let value = match c[1].split_once('.') {
                Some(("inputs", input)) => inputs
                    .iter()
                    .find(|(k, _)| *k == input)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_else(|| {
                        str_of(&self.action["inputs"][input]["default"], input).to_string()
                    }),
                Some(("github", "action_repository")) => "acme/tfwarden".to_string(),
                Some(("steps", rest)) => {
                    let key = rest
                        .split_once(".outputs.")
                        .map(|(s, o)| format!("{s}.{o}"));
                    steps
                        .iter()
                        .find(|(k, _)| Some(k.to_string()) == key)
                        .map(|(_, v)| v.to_string())
                        .unwrap_or_default()
                }
                _ => panic!("step {id}: env {name} = {value}: not simulated"),
            };
            cmd.env(name, value);
        }
        let out = cmd.output().unwrap();
        StepRun {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
            outputs: fs::read_to_string(&outputs).unwrap_or_default(),
        }
    }
}

#[test]
fn the_action_installs_the_release_of_its_own_version_after_checking_its_checksum() {
    let runner = Runner::new();
    let tag = format!("v{}", package("version"));
    runner.publish();
    let run = runner.run("install", &[], &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(": OK"),
        "sha256sum -c ran: {}",
        run.stdout
    );
    assert!(runner
        .log()
        .contains(&format!("gh release download {tag} --repo acme/tfwarden")));
    assert!(
        !runner.log().contains("cargo"),
        "no build: {}",
        runner.log()
    );
    assert!(run
        .outputs
        .contains(&format!("version=tfwarden {}", package("version"))));
    let path = fs::read_to_string(runner.path("github_path")).unwrap();
    assert!(Path::new(path.trim()).join("tfwarden").is_file());
}

#[test]
fn the_action_builds_its_source_when_its_version_has_no_release() {
    let runner = Runner::new();
    let run = runner.run("install", &[], &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let log = runner.log();
    assert!(log.contains("gh release download"), "{log}");
    assert!(
        log.contains(&format!(
            "cargo install --locked --path {}",
            env!("CARGO_MANIFEST_DIR")
        )),
        "{log}"
    );
    // "source" builds without asking for a release.
    let runner = Runner::new();
    runner.publish();
    let run = runner.run("install", &[("version", "source")], &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(!runner.log().contains("gh "), "{}", runner.log());
}

#[test]
fn the_action_installs_a_named_release_or_fails() {
    let runner = Runner::new();
    runner.publish();
    // With or without the v.
    let run = runner.run("install", &[("version", &package("version"))], &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let tag = format!("v{}", package("version"));
    assert!(runner.log().contains(&format!("gh release download {tag}")));
    let run = runner.run("install", &[("version", "v9.9.9")], &[]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("::error title=tfwarden::cannot install release v9.9.9"));
    assert!(
        !runner.log().contains("cargo"),
        "never a silent build of another version"
    );
}

#[test]
fn the_action_refuses_a_binary_whose_checksum_does_not_match() {
    let runner = Runner::new();
    let tag = format!("v{}", package("version"));
    runner.publish();
    let sum = runner.path(&format!(
        "releases/{tag}/tfwarden-{tag}-x86_64-unknown-linux-musl.tar.gz.sha256"
    ));
    let text = fs::read_to_string(&sum).unwrap();
    fs::write(&sum, format!("{}{}", "0".repeat(64), &text[64..])).unwrap();
    let run = runner.run("install", &[], &[]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("does not match its checksum"),
        "{}",
        run.stdout
    );
    assert!(
        !runner.log().contains("cargo"),
        "no fallback build: {}",
        runner.log()
    );
    assert!(!runner.path("runner/tfwarden/bin/tfwarden").exists());
}

#[test]
fn the_action_scans_with_its_inputs_keeps_the_exit_code_and_fails_after_the_upload() {
    let runner = Runner::new();
    let workspace = runner.path("workspace/infra");
    fs::create_dir_all(&workspace).unwrap();
    for file in fs::read_dir("examples/vulnerable-lambda").unwrap() {
        let file = file.unwrap().path();
        fs::copy(&file, workspace.join(file.file_name().unwrap())).unwrap();
    }
    let inputs = [
        ("paths", "infra"),
        ("fail-on", "critical"),
        ("args", "--compact --color never"),
    ];
    let scan = runner.run("scan", &inputs, &[]);
    assert_eq!(
        scan.status, 0,
        "the scan step records the exit code: {}",
        scan.stdout
    );
    assert!(
        scan.stdout.contains(
            "tfwarden scan --format human --format github --format sarif=tfwarden.sarif \
             --fail-on critical --compact --color never -- infra"
        ),
        "{}",
        scan.stdout
    );
    assert!(
        scan.stdout.contains("::error file=infra/main.tf"),
        "annotations"
    );
    assert!(scan.outputs.contains("exit-code=1"), "{}", scan.outputs);
    assert!(scan.outputs.contains("sarif-file=tfwarden.sarif"));
    let sarif: Value =
        serde_json::from_str(&fs::read_to_string(runner.path("workspace/tfwarden.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(fs::read_to_string(runner.path("summary.md"))
        .unwrap()
        .contains("LMB401"));

    // No SARIF when the upload is off.
    let scan = runner.run("scan", &[("upload-sarif", "false")], &[]);
    assert!(!scan.outputs.contains("sarif-file="), "{}", scan.outputs);

    // The last step fails with the scan's exit code.
    for (code, status) in [("0", 0), ("1", 1), ("2", 2), ("", 2)] {
        let result = runner.run("Result", &[], &[("scan.exit-code", code)]);
        assert_eq!(
            result.status, status,
            "exit code {code:?}: {}",
            result.stdout
        );
    }
}
