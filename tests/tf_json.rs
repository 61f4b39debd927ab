//! Terraform's JSON syntax end to end: a Lambda stack written as `.tf.json` and
//! `.tfvars.json` (as CDKTF writes it) is scanned like its HCL equivalent, findings name the
//! JSON file's own lines and columns, broken JSON is a located error, and fixes are refused.
//! `tests/parity.rs` compares the same configuration with Terraform's own plan of it.

mod common;

use common::{actual, error_positions, scan_json, tfwarden, Expectation};

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

const DIR: &str = "testdata/hcl/tf-json";
const MAIN: &str = "testdata/hcl/tf-json/main.tf.json";

fn finding<'d>(doc: &'d Value, rule: &str, resource: &str) -> &'d Value {
    doc["findings"]
        .as_array()
        .and_then(|fs| {
            fs.iter()
                .find(|f| f["rule_id"] == rule && f["resource"] == resource)
        })
        .unwrap_or_else(|| panic!("no {rule} on {resource}"))
}

#[test]
fn a_json_configuration_has_its_findings_at_the_json_lines() {
    let (code, doc) = scan_json(&[DIR]);
    assert_eq!(code, 1);
    assert_eq!(doc["errors"], serde_json::json!([]));
    let expected: BTreeSet<Expectation> = [
        // The policy document's statements: one of the array, one from a `dynamic` block fed
        // by terraform.tfvars.json.
        (51, "LMB102", "data.aws_iam_policy_document.access"),
        (60, "LMB102", "data.aws_iam_policy_document.access"),
        // Missing settings point at the resource's name key.
        (83, "LMB201", "aws_lambda_function.api"),
        (83, "LMB402", "aws_lambda_function.api"),
        (83, "LMB505", "aws_lambda_function.api"),
        (83, "LMB602", "aws_lambda_function.api"),
        (83, "LMB606", "aws_lambda_function.api"),
        (83, "LMB701", "aws_lambda_function.api"),
        (83, "LMB702", "aws_lambda_function.api"),
        (91, "LMB101", "aws_lambda_function.api"),
        // `"runtime": "${var.runtime}"`, python3.8 from terraform.tfvars.json.
        (92, "LMB601", "aws_lambda_function.api"),
        (97, "LMB401", "aws_lambda_function.api"),
        (102, "LMB501", "aws_lambda_function.api"),
        // `count` from a template string; its alarm comes from a JSON module.
        (107, "LMB602", "aws_lambda_function.worker[0]"),
        (110, "LMB101", "aws_lambda_function.worker[0]"),
        (145, "LMB303", "aws_lambda_function_url.api"),
        (147, "LMB307", "aws_lambda_function_url.api"),
        (156, "LMB301", "aws_lambda_permission.public"),
    ]
    .into_iter()
    .map(|(line, rule, resource)| (MAIN.to_string(), line, rule.into(), resource.into()))
    .collect();
    assert_eq!(actual(&doc), expected);
    // Columns and ends are the JSON's: the whole `"mode": "PassThrough"` property, the `"*"`
    // element of allow_origins, the `"api"` key of a block.
    let tracing = finding(&doc, "LMB501", "aws_lambda_function.api");
    assert_eq!(
        [
            &tracing["column"],
            &tracing["end_line"],
            &tracing["end_column"]
        ],
        [11, 102, 32]
    );
    let origin = finding(&doc, "LMB307", "aws_lambda_function_url.api");
    assert_eq!([&origin["column"], &origin["end_column"]], [57, 60]);
    let block = finding(&doc, "LMB606", "aws_lambda_function.api");
    // Up to the brace that opens its body, as for an HCL block.
    assert_eq!([&block["column"], &block["end_column"]], [7, 15]);
    assert_eq!(doc["summary"]["files"], 3, "{}", doc["summary"]);
}

#[test]
fn human_output_shows_the_json_and_masks_the_secret() {
    let out = tfwarden()
        .args(["scan", DIR])
        .output()
        .expect("tfwarden runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("─[testdata/hcl/tf-json/main.tf.json:102:11]"),
        "{text}"
    );
    assert!(text.contains(r#""mode": "PassThrough""#), "{text}");
    assert!(!text.contains("hunter2-correct-horse"), "{text}");
}

#[test]
fn fixes_are_refused_for_json_configurations_with_the_reason() {
    let out = tfwarden()
        .args(["fix", DIR, "--unsafe"])
        .output()
        .expect("tfwarden runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains("+++"), "no diff: {stdout}");
    assert!(
        stderr.contains(
            "not fixed: testdata/hcl/tf-json/main.tf.json:102 LMB501 aws_lambda_function.api: \
             a JSON configuration (.tf.json) is generated"
        ),
        "{stderr}"
    );
}

#[test]
fn broken_json_is_an_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(
        root.join("main.tf.json"),
        "{\n  \"resource\": {\n    \"aws_lambda_function\": {\n      \"f\": {\"runtime\": \"python3.8\",}\n    }\n  }\n}\n",
    )
    .expect("write");
    fs::write(
        root.join("template.tf.json"),
        "{\"locals\": {\n  \"x\": \"${upper(}\"\n}}\n",
    )
    .expect("write");
    fs::write(root.join("terraform.tfvars.json"), "{\"a\": [1,\n 2\n").expect("write");
    fs::write(
        root.join("ok.tf"),
        "resource \"aws_lambda_function\" \"ok\" {\n  runtime = \"python3.8\"\n}\n",
    )
    .expect("write");
    let out = tfwarden()
        .current_dir(root)
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("tfwarden runs");
    assert_eq!(out.status.code(), Some(2), "an error wins over findings");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let errors: BTreeSet<(String, u64, u64)> = error_positions(&doc).into_iter().collect();
    assert_eq!(
        errors,
        [
            // The `}` after a trailing comma.
            ("main.tf.json".to_string(), 4, 36),
            // The interpolation that does not parse.
            ("template.tf.json".to_string(), 2, 9),
            // The end of the file, inside the array.
            ("terraform.tfvars.json".to_string(), 3, 1),
        ]
        .into_iter()
        .collect()
    );
    let messages: Vec<&str> = doc["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("JSON syntax error")),
        "{messages:?}"
    );
    // The rest is still scanned.
    assert!(
        doc["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["resource"] == "aws_lambda_function.ok")),
        "{}",
        doc["findings"]
    );
}

#[test]
fn suppressions_are_read_from_comment_properties() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("main.tf.json"),
        r#"{
  "resource": {
    "aws_lambda_function": {
      "//": "tfwarden:ignore LMB801 reason=\"tags come from the account's tag policy\"",
      "f": {
        "runtime": "python3.13",
        "tracing_config": {
          "//": "tfwarden:ignore LMB501 reason=\"sampled upstream\"",
          "mode": "PassThrough"
        },
        "//": "tfwarden:ignore LMB201"
      }
    }
  }
}
"#,
    )
    .expect("write");
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("tfwarden runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let suppressed: BTreeSet<(String, u64)> = doc["suppressed"]
        .as_array()
        .expect("suppressed")
        .iter()
        .map(|s| {
            (
                s["rule_id"].as_str().unwrap_or_default().to_string(),
                s["suppression"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        [("LMB501".to_string(), 8), ("LMB801".to_string(), 4)]
            .into_iter()
            .collect()
    );
    // Without a reason it is not honoured: the finding stays, with a note at the property.
    let reported = |rule: &str| {
        doc["findings"]
            .as_array()
            .is_some_and(|fs| fs.iter().any(|f| f["rule_id"] == rule))
    };
    assert!(reported("LMB201"), "{}", doc["findings"]);
    assert_eq!(doc["notes"][0]["line"], 11, "{}", doc["notes"]);
}
