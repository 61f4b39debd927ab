//! Conftest-style policies (package `main`, `deny`/`violation`/`warn` messages, no METADATA,
//! Rego v1 or v0 syntax) run as rules named by their package, never silently ignored: findings
//! at the resource their message names, or at the start of the configuration.

mod common;

use common::{scan_json, tfwarden};

const STACK: &str = "testdata/conftest/stack";
const POLICY: &str = "testdata/conftest/policy";

#[test]
fn conftest_messages_are_findings_at_the_resource_they_name() {
    let (code, doc) = scan_json(&[STACK, "--no-default-policies", "--policy-dir", POLICY]);
    assert_eq!(code, 1, "deny messages fail the run");
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_eq!(doc["summary"]["rules"], 2, "main and legacy.permissions");
    let got: Vec<(String, String, String, u64, u64, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["resource"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let row = |rule: &str, sev: &str, res: &str, line: u64, col: u64, msg: &str| {
        (
            rule.to_string(),
            sev.to_string(),
            res.to_string(),
            line,
            col,
            msg.to_string(),
        )
    };
    assert_eq!(
        got,
        vec![
            // Names no resource: the start of the configuration.
            row(
                "main",
                "high",
                "",
                1,
                1,
                "the stack has no CloudWatch log group"
            ),
            // Names aws_lambda_function.api (not api_v2): that block.
            row(
                "main",
                "high",
                "aws_lambda_function.api",
                1,
                1,
                "aws_lambda_function.api runs python3.8, which is past end of life"
            ),
            // An object with msg, resource and attribute: the attribute; warn is advisory.
            row(
                "main",
                "info",
                "aws_lambda_function.api",
                7,
                3,
                "functions should publish versions"
            ),
            // Rego v0 `deny[msg] { ... }` in its own package.
            row(
                "legacy.permissions",
                "high",
                "aws_lambda_permission.public",
                18,
                1,
                "aws_lambda_permission.public lets anyone invoke the function"
            ),
        ]
    );
}

#[test]
fn conftest_rules_are_listed_and_selected_by_package() {
    let out = tfwarden()
        .args(["rules", "--no-default-policies", "--policy-dir", POLICY])
        .output()
        .expect("tfwarden runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Conftest policy main"), "{text}");
    // Columns stay aligned with a package name longer than a rule ID.
    let title = text.lines().next().and_then(|h| h.find("TITLE"));
    for line in text.lines().skip(1) {
        assert_eq!(line.find("Conftest policy"), title, "{text}");
    }
    assert!(
        text.contains("Conftest policy legacy.permissions"),
        "{text}"
    );
    let (code, doc) = scan_json(&[
        STACK,
        "--no-default-policies",
        "--policy-dir",
        POLICY,
        "--rule",
        "legacy.permissions",
    ]);
    assert_eq!(code, 1);
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(1));
}
