//! End-to-end: run the `tfwarden` binary on `testdata/` trees and compare every finding's rule,
//! resource, file and line with the `# expect: ID[, ID]` comments written in the fixtures, so
//! both missing and unexpected findings fail. Also exit codes and error reporting.

mod common;

use common::{assert_findings_match, error_positions, scan_json, tfwarden};

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

#[test]
fn lambda_rules_fire_exactly_where_the_fixtures_say() {
    let (code, doc) = scan_json(&["testdata/hcl/lambda"]);
    assert_findings_match("testdata/hcl/lambda", &doc);
    assert_eq!(code, 1, "findings at or above low fail the run");
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_eq!(doc["summary"]["files"], 2);
}

#[test]
fn provider_default_tags_count_as_tags() {
    let (_, doc) = scan_json(&["testdata/hcl/default-tags"]);
    assert_findings_match("testdata/hcl/default-tags", &doc);
}

#[test]
fn findings_point_at_the_exact_span() {
    let (_, doc) = scan_json(&["testdata/hcl/lambda"]);
    let find = |rule: &str, resource: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == rule && f["resource"] == resource)
            .unwrap_or_else(|| panic!("no {rule} on {resource}"))
            .clone()
    };
    let tracing = find("LMB501", "aws_lambda_function.bare");
    assert_eq!(
        (
            &tracing["line"],
            &tracing["column"],
            &tracing["end_line"],
            &tracing["end_column"]
        ),
        (&62.into(), &5.into(), &62.into(), &25.into()),
        "the whole `mode = \"PassThrough\"` attribute"
    );
    assert_eq!(tracing["attribute"], "tracing_config.0.mode");
    let block = find("LMB602", "aws_lambda_function.bare");
    assert_eq!((&block["line"], &block["column"]), (&44.into(), &1.into()));
    assert_eq!(block["end_column"], 40, "just past the opening brace");
    let origin = find("LMB307", "aws_lambda_function_url.open");
    assert_eq!(
        (&origin["line"], &origin["column"], &origin["end_column"]),
        (&82.into(), &7.into(), &10.into())
    );
    assert_eq!(origin["attribute"], "cors.0.allow_origins.1");
}

#[test]
fn secrets_are_never_printed_in_full() {
    let secrets = [
        "hunter2-prod",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "admin:admin",
        "AKIAIOSFODNN7EXAMPLE",
    ];
    for format in ["human", "json"] {
        let out = tfwarden()
            .args(["scan", "testdata/hcl/lambda", "--format", format])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("LMB401"),
            "{format} output has the LMB401 findings"
        );
        for secret in secrets {
            assert!(!text.contains(secret), "{format} output leaks {secret}");
        }
    }
}

#[test]
fn malformed_files_are_errors_and_the_rest_is_still_scanned() {
    let (code, doc) = scan_json(&["testdata/hcl/malformed"]);
    assert_eq!(code, 2, "an error wins over findings");
    assert_findings_match("testdata/hcl/malformed", &doc);
    let errors = error_positions(&doc);
    assert_eq!(
        errors,
        [
            ("testdata/hcl/malformed/broken.tf".to_string(), 3, 13),
            ("testdata/hcl/malformed/labels.tf".to_string(), 1, 1),
            ("testdata/hcl/malformed/latin1.tf".to_string(), 2, 14),
        ]
    );
    for e in doc["errors"].as_array().unwrap() {
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn human_output_of_a_malformed_file_shows_where_it_is_broken() {
    let out = tfwarden()
        .args(["scan", "testdata/hcl/malformed/broken.tf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("testdata/hcl/malformed/broken.tf:3:13"),
        "{text}"
    );
    assert!(text.contains("HCL syntax error"), "{text}");
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = "testdata/hcl/lambda/access.tf";
    let (code, _) = scan_json(&[dir, "--fail-on", "critical"]);
    assert_eq!(code, 1, "LMB301 is critical");
    let (code, doc) = scan_json(&["testdata/hcl/default-tags", "--fail-on", "high"]);
    assert_eq!(code, 0, "only low and medium findings: {doc}");
    let out = tfwarden()
        .args(["scan", dir, "--fail-on", "severe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("invalid value 'severe' for '--fail-on <SEVERITY>'"));
}

#[test]
fn a_missing_path_is_an_error() {
    let (code, doc) = scan_json(&["testdata/does-not-exist"]);
    assert_eq!(code, 2);
    assert_eq!(doc["errors"][0]["file"], "testdata/does-not-exist");
}

#[test]
fn examples_vulnerable_fails_and_hardened_is_clean() {
    let (code, doc) = scan_json(&["examples/vulnerable-lambda"]);
    assert_eq!(code, 1);
    let rules: BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    for id in [
        "LMB201", "LMB202", "LMB301", "LMB302", "LMB303", "LMB307", "LMB308", "LMB401", "LMB402",
        "LMB501", "LMB601", "LMB602", "LMB603", "LMB605", "LMB701", "LMB801",
    ] {
        assert!(
            rules.contains(id),
            "the vulnerable example should trip {id}; it trips {rules:?}"
        );
    }
    let (code, doc) = scan_json(&["examples/hardened-lambda"]);
    assert_eq!(
        doc["findings"],
        serde_json::json!([]),
        "hardened example findings"
    );
    assert_eq!(code, 0);
}

#[test]
fn output_is_deterministic() {
    let (_, first) = scan_json(&["testdata/hcl"]);
    for _ in 0..3 {
        let (_, again) = scan_json(&["testdata/hcl"]);
        assert_eq!(first, again);
    }
}

#[test]
fn custom_policy_dirs_run_like_the_library() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("naming.rego"),
        r#"# METADATA
# title: Function names must start with the team prefix
# custom:
#   id: ACME001
#   slug: function-name-prefix
#   severity: medium
#   remediation: Rename the function to start with "orders-".
package acme.naming

deny contains {"resource": fn.address, "attribute": "function_name", "message": "bad name"} if {
	some i in input.index.by_type.aws_lambda_function
	fn := input.resources[i]
	not startswith(fn.values.function_name, "orders-")
}
"#,
    )
    .unwrap();
    let policy_dir = dir.path().to_string_lossy().to_string();
    let (code, doc) = scan_json(&[
        "testdata/hcl/default-tags",
        "--no-default-policies",
        "--policy-dir",
        &policy_dir,
    ]);
    assert_eq!(code, 1);
    let got: Vec<(&str, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule_id"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(got, [("ACME001", 19), ("ACME001", 38)]);
    assert_eq!(doc["summary"]["rules"], 1);
}

#[test]
fn a_policy_that_does_not_compile_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("broken.rego"),
        "package broken\n\ndeny contains x if {\n  x := \n}\n",
    )
    .unwrap();
    let out = tfwarden()
        .args(["scan", "testdata/hcl/default-tags", "--policy-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.rego:"), "{err}");
    assert!(
        err.contains("broken.rego:4:"),
        "located at the bad line: {err}"
    );
}

#[test]
fn rules_lists_and_explains() {
    let out = tfwarden().arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), common::SHIPPED_RULES + 1, "{text}");
    // The slug is the third column: where it starts must be the same on every line (the
    // header's SLUG too).
    let columns: BTreeSet<usize> = text
        .lines()
        .map(|l| {
            let slug = l.split_whitespace().nth(2).unwrap_or_default();
            l.find(slug).unwrap_or(0)
        })
        .collect();
    assert_eq!(columns.len(), 1, "slugs line up in one column:\n{text}");
    let out = tfwarden()
        .args(["rules", "lambda-tracing-disabled"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("LMB501 lambda-tracing-disabled (low)"),
        "{text}"
    );
    assert!(text.contains("Security Hub: Lambda.7"), "{text}");
    let out = tfwarden().args(["rules", "NOPE999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(Path::new("policies/lambda").is_dir());
}

#[test]
fn a_rule_that_fails_at_run_time_is_an_error_and_the_others_still_report() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad_shape.rego"),
        "# METADATA\n# title: Returns strings\n# custom:\n#   id: BAD001\n#   slug: bad-shape\n#   severity: low\npackage acme.bad\n\ndeny contains \"not an object\" if true\n",
    )
    .unwrap();
    let out = tfwarden()
        .args([
            "scan",
            "testdata/hcl/malformed/good.tf",
            "--format",
            "json",
            "--policy-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = &doc["errors"][0];
    assert!(
        error["file"].as_str().unwrap().ends_with("bad_shape.rego"),
        "{error}"
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("rule BAD001 failed"),
        "{error}"
    );
    assert_eq!(
        doc["findings"][0]["rule_id"], "LMB301",
        "the library's rules still ran"
    );
}

#[test]
fn variables_tfvars_and_locals_are_evaluated() {
    let (code, doc) = scan_json(&["testdata/hcl/variables"]);
    assert_findings_match("testdata/hcl/variables", &doc);
    assert_eq!(code, 1);
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn variables_from_the_command_line_and_environment_take_precedence() {
    let rules = |doc: &Value| -> BTreeSet<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    // --var beats terraform.tfvars (tracing) and TF_VAR_ beats a default (runtime).
    let out = tfwarden()
        .env("TF_VAR_runtime", "python3.13")
        .args([
            "scan",
            "testdata/hcl/variables",
            "--format",
            "json",
            "--var",
            "tracing=Active",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = rules(&doc);
    assert!(
        !found.contains("LMB501") && !found.contains("LMB601"),
        "{found:?}"
    );
    // terraform.tfvars beats TF_VAR_ (stage), so the secret-looking value is still built.
    assert!(found.contains("LMB401"), "{found:?}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dev.tfvars");
    fs::write(&file, "kms_key_arn = \"\"\n").unwrap();
    let out = tfwarden()
        .args([
            "scan",
            "testdata/hcl/variables",
            "--format",
            "json",
            "--var-file",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rules(&doc).contains("LMB402"),
        "an empty key from a var file is known and empty"
    );

    let out = tfwarden()
        .args(["scan", "testdata/hcl/variables", "--var", "novalue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected NAME=VALUE"));
}

#[test]
fn iam_rules_fire_exactly_where_the_fixtures_say() {
    let (code, doc) = scan_json(&["testdata/hcl/iam"]);
    assert_findings_match("testdata/hcl/iam", &doc);
    assert_eq!(code, 1);
}

#[test]
fn network_api_observability_and_deploy_rules_fire_exactly_where_the_fixtures_say() {
    for dir in [
        "testdata/hcl/network",
        "testdata/hcl/apigw",
        "testdata/hcl/observability",
        "testdata/hcl/deploy",
    ] {
        let (code, doc) = scan_json(&[dir]);
        assert_findings_match(dir, &doc);
        assert_eq!(code, 1, "{dir}");
    }
}
