//! The CI and pre-commit workflow end to end: suppressions and their governance, baselines,
//! `.tfwarden.toml`, several output formats in one run, and the pre-commit file mode.

mod common;

use common::tfwarden;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

fn scan_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = tfwarden()
        .current_dir(dir)
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("tfwarden runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), doc)
}

fn here() -> &'static Path {
    Path::new(".")
}

/// (line, rule) of every entry of a findings-like list.
fn at(list: &Value) -> BTreeSet<(u64, String)> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["rule_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn set(items: &[(u64, &str)]) -> BTreeSet<(u64, String)> {
    items.iter().map(|(l, r)| (*l, r.to_string())).collect()
}

/// A copy of `testdata/hcl/suppressions` with a `.tfwarden.toml` holding `config`.
fn suppressions_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        "testdata/hcl/suppressions/main.tf",
        dir.path().join("main.tf"),
    )
    .unwrap();
    fs::write(dir.path().join(".tfwarden.toml"), config).unwrap();
    dir
}

#[test]
fn inline_suppressions_with_reasons_expiry_and_migration() {
    let (code, doc) = scan_json(here(), &["testdata/hcl/suppressions"]);
    assert_eq!(code, 1);
    // What stays reported is what the fixture's `# expect:` comments list.
    let expected: BTreeSet<(u64, String)> = common::expectations("testdata/hcl/suppressions")
        .into_iter()
        .map(|(_, line, rule, _)| (line as u64, rule))
        .collect();
    assert_eq!(at(&doc["findings"]), expected);
    assert!(expected.contains(&(14, "LMB501".to_string())));
    assert_eq!(
        at(&doc["suppressed"]),
        set(&[
            (6, "LMB801"),
            (19, "LMB201"),
            (19, "LMB602"),
            (19, "LMB701"),
            (19, "LMB801"),
            (27, "LMB501"),
            (32, "LMB801"),
            (40, "LMB801"),
            (47, "LMB501"),
            (47, "LMB701"),
            (47, "LMB801"),
            (57, "LMB501"),
            (57, "LMB801"),
        ])
    );
    let batch = doc["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["line"] == 19 && s["rule_id"] == "LMB602")
        .unwrap();
    assert_eq!(batch["suppression"]["kind"], "inline");
    assert_eq!(
        batch["suppression"]["reason"],
        "internal batch job, reviewed in SEC-12"
    );
    assert_eq!(batch["suppression"]["line"], 18);
    let notes: Vec<(u64, &str)> = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["line"].as_u64().unwrap(), n["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                31,
                "suppression not honoured: it has no reason (add reason=\"...\")"
            ),
            (39, "suppression not honoured: it expired on 2026-01-31"),
        ]
    );
    assert_eq!(doc["summary"]["suppressed"], 13);
}

#[test]
fn configuration_governs_suppressions() {
    // Reasons not required: the reasonless one is honoured.
    let dir = suppressions_with_config("[suppressions]\nrequire_reason = false\n");
    let (_, doc) = scan_json(dir.path(), &["."]);
    assert!(!at(&doc["findings"]).contains(&(32, "LMB201".into())));

    // A rule that cannot be suppressed: reported, with a note at each comment that tried.
    let dir = suppressions_with_config("[rules.lambda-tracing-disabled]\nignorable = false\n");
    let (_, doc) = scan_json(dir.path(), &["."]);
    assert!(
        at(&doc["findings"]).contains(&(27, "LMB501".into())),
        "vetoed"
    );
    let notes: Vec<String> = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("LMB501 cannot be suppressed")),
        "{notes:?}"
    );

    // Inline suppressions off entirely.
    let dir = suppressions_with_config("[suppressions]\ninline = false\n");
    let (_, doc) = scan_json(dir.path(), &["."]);
    assert_eq!(doc["suppressed"], serde_json::json!([]));
    assert!(doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["message"].as_str().unwrap().contains("turned off")));

    // Migration off: checkov comments are plain comments again.
    let dir = suppressions_with_config("[suppressions]\nmigrate = false\n");
    let (_, doc) = scan_json(dir.path(), &["."]);
    assert!(at(&doc["findings"]).contains(&(47, "LMB701".into())));
}

#[test]
fn instance_scoped_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("main.tf"),
        "# tfwarden:ignore LMB303 instance=aws_lambda_function_url.other reason=\"not this one\"\nresource \"aws_lambda_function_url\" \"public\" {\n  function_name      = \"f\"\n  authorization_type = \"NONE\"\n}\n\n# tfwarden:ignore LMB303 instance=aws_lambda_function_url.webhook reason=\"signed webhook, HMAC checked in code\"\nresource \"aws_lambda_function_url\" \"webhook\" {\n  function_name      = \"g\"\n  authorization_type = \"NONE\"\n}\n",
    )
    .unwrap();
    let (_, doc) = scan_json(dir.path(), &["."]);
    assert_eq!(at(&doc["findings"]), set(&[(4, "LMB303")]));
    assert_eq!(at(&doc["suppressed"]), set(&[(10, "LMB303")]));
}

#[test]
fn configuration_file_settings() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("infra/legacy")).unwrap();
    fs::copy(
        "testdata/hcl/default-tags/main.tf",
        dir.path().join("infra/main.tf"),
    )
    .unwrap();
    fs::copy(
        "testdata/hcl/lambda/access.tf",
        dir.path().join("infra/legacy/access.tf"),
    )
    .unwrap();
    fs::write(
        dir.path().join(".tfwarden.toml"),
        "fail_on = \"high\"\nexclude = [\"infra/legacy/**\"]\n\n[rules.LMB201]\nenabled = false\n\n[rules.lambda-no-code-signing]\nseverity = \"critical\"\n\n[data]\nrequired_tags = [\"team\", \"cost-center\"]\n",
    )
    .unwrap();
    let (code, doc) = scan_json(dir.path(), &["infra"]);
    let rules: BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert!(!rules.contains("LMB201"), "disabled: {rules:?}");
    let disabled = doc["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rule_id"] == "LMB201")
        .expect("listed as suppressed");
    assert_eq!(disabled["suppression"]["kind"], "config");
    assert_eq!(disabled["suppression"]["file"], ".tfwarden.toml");
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["file"].as_str().unwrap().contains("legacy")),
        "excluded"
    );
    let signing: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "LMB602")
        .collect();
    assert!(
        !signing.is_empty() && signing.iter().all(|f| f["severity"] == "critical"),
        "re-rated"
    );
    let tags = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "LMB801" && f["line"] == 18)
        .expect("required tags from config data");
    assert!(
        tags["message"].as_str().unwrap().contains("cost-center"),
        "{tags}"
    );
    assert_eq!(code, 1, "a critical finding fails at fail_on = high");
    assert_eq!(doc["summary"]["rules"], common::SHIPPED_RULES);

    // The effective configuration is printed, with defaults.
    let out = tfwarden()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && text.contains("fail_on = \"high\"")
            && text.contains("require_reason = true"),
        "{text}"
    );
}

#[test]
fn configuration_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        "testdata/hcl/default-tags/main.tf",
        dir.path().join("main.tf"),
    )
    .unwrap();
    fs::write(
        dir.path().join(".tfwarden.toml"),
        "fail_on = \"low\"\n\n[rules.LMB201]\nenabeld = false\n",
    )
    .unwrap();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", "."])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains(".tfwarden.toml:4:1") && err.contains("enabeld"),
        "{err}"
    );

    fs::write(
        dir.path().join(".tfwarden.toml"),
        "[rules.LMB999]\nenabled = false\n",
    )
    .unwrap();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rules.LMB999: no loaded rule"));
}

#[test]
fn baseline_round_trip_survives_moved_lines_and_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let stack = dir.path().join("stack");
    fs::create_dir_all(&stack).unwrap();
    for entry in fs::read_dir("examples/vulnerable-lambda").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tf") {
            fs::copy(&path, stack.join(path.file_name().unwrap())).unwrap();
        }
    }
    let (_, before) = scan_json(dir.path(), &["stack"]);
    let total = before["findings"].as_array().unwrap().len();
    assert!(
        total > 20,
        "the vulnerable stack has many findings: {total}"
    );
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", "stack", "--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let baseline = fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        !baseline.contains("hunter2") && !baseline.contains("sk_live"),
        "no secret values in the baseline"
    );

    let (code, doc) = scan_json(dir.path(), &["stack", "--baseline", "baseline.json"]);
    assert_eq!(
        (code, doc["findings"].as_array().unwrap().len()),
        (0, 0),
        "everything is in the baseline"
    );
    assert_eq!(doc["summary"]["suppressed"], total);
    assert_eq!(doc["suppressed"][0]["suppression"]["kind"], "baseline");

    // Move every line, fix one finding, add a new one.
    let main = stack.join("main.tf");
    let text = fs::read_to_string(&main).unwrap();
    let moved = format!(
        "# moved\n\n\n{}",
        text.replace("mode = \"PassThrough\"", "mode = \"Active\"")
    );
    let new = "\nresource \"aws_lambda_function_url\" \"debug\" {\n  function_name      = \"orders-api\"\n  authorization_type = \"NONE\"\n}\n";
    fs::write(&main, format!("{moved}{new}")).unwrap();
    let (code, doc) = scan_json(dir.path(), &["stack", "--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let new_findings: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap(),
                f["resource"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(new_findings, [("LMB303", "aws_lambda_function_url.debug")]);
    let stale = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["file"] == "baseline.json")
        .expect("stale note");
    assert!(
        stale["message"]
            .as_str()
            .unwrap()
            .starts_with("1 baseline entry no longer occurs"),
        "{stale}"
    );
}

#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let (_, plain) = scan_json(Path::new("."), &["examples/vulnerable-lambda"]);
    let total = plain["findings"].as_array().unwrap().len();
    let sarif = dir.path().join("out.sarif");
    let junit = dir.path().join("out.xml");
    let out = tfwarden()
        .args(["scan", "examples/vulnerable-lambda", "--format", "human"])
        .arg("--format")
        .arg(format!("sarif={}", sarif.display()))
        .arg("--format")
        .arg(format!("junit={}", junit.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("{total} findings")),
        "human on stdout"
    );
    let sarif: Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), total);
    assert!(fs::read_to_string(&junit).unwrap().contains("<testsuites"));

    let out = tfwarden()
        .args(["scan", "examples/vulnerable-lambda", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().filter(|l| l.starts_with("::")).count(), total);

    let out = tfwarden()
        .args(["scan", ".", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format"));
}

#[test]
fn pre_commit_file_mode_reports_only_the_named_files_but_evaluates_their_module() {
    let (code, doc) = scan_json(here(), &["testdata/hcl/lambda/access.tf"]);
    assert_eq!(code, 1);
    let files: BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, BTreeSet::from(["testdata/hcl/lambda/access.tf"]));
    assert_eq!(
        doc["summary"]["files"], 2,
        "the sibling functions.tf is part of the module"
    );
    assert_eq!(doc["summary"]["resources"], 24);
}

#[test]
fn the_pre_commit_hook_definition_is_valid() {
    let text =
        fs::read_to_string(".pre-commit-hooks.yaml").expect(".pre-commit-hooks.yaml at the root");
    let hooks: Vec<serde_json::Map<String, Value>> = yaml_serde::from_str(&text).unwrap();
    let hook = hooks
        .iter()
        .find(|h| h["id"] == "tfwarden")
        .expect("a tfwarden hook");
    assert_eq!(hook["language"], "rust");
    assert!(hook["entry"].as_str().unwrap().starts_with("tfwarden scan"));
    // pre-commit matches `files` with Python's re.search; this regex means the same here.
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for staged in [
        "main.tf",
        "envs/prod/terraform.tfvars",
        "cdktf.out/stacks/orders/cdk.tf.json",
        "prod.auto.tfvars.json",
    ] {
        assert!(files.is_match(staged), "the hook skips {staged}");
    }
    for other in ["main.tf.bak", "package.json", "notes.tfstate"] {
        assert!(!files.is_match(other), "the hook runs on {other}");
    }
}

#[test]
fn the_ci_examples_are_well_formed() {
    let config = tfwarden::config::Config::load(Path::new("examples/ci/tfwarden.toml"))
        .expect("the example config loads");
    assert_eq!(config.fail_on, Some(tfwarden::Severity::Medium));
    assert!(!config.rule("LMB701", "lambda-no-concurrency-limit").enabled);
    assert!(
        !config
            .rule("LMB401", "lambda-env-plaintext-secret")
            .ignorable
    );
    for file in [
        "github-actions.yml",
        "gitlab-ci.yml",
        "pre-commit-config.yaml",
    ] {
        let text = fs::read_to_string(Path::new("examples/ci").join(file)).unwrap();
        let doc: Value = yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(doc.is_object(), "{file}");
    }
}

#[test]
fn pre_commit_on_a_module_file_evaluates_the_roots_that_call_it() {
    let file = "testdata/hcl/modules/modules/function/main.tf";
    let (code, doc) = scan_json(here(), &[file]);
    assert_eq!(code, 1);
    let found: BTreeSet<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["resource"].as_str().unwrap()))
        .collect();
    // The runtimes come from the callers' inputs: the module alone would have nothing to judge.
    assert_eq!(
        found,
        BTreeSet::from([
            (file, r#"module.fleet["catalog"].aws_lambda_function.this"#),
            (file, r#"module.fleet["orders"].aws_lambda_function.this"#),
            (file, r#"module.pair["new"].aws_lambda_function.this"#),
        ])
    );
    // Only the configurations that use the module are read into the report: no error from
    // the malformed fixtures elsewhere in the tree.
    assert_eq!(doc["errors"], serde_json::json!([]));
}
