//! Golden outputs: the human and JSON reports of the shipped examples and of malformed input,
//! exactly as a user sees them (no colour, date pinned). Review changes with `cargo insta review`.

use assert_cmd::Command;

fn scan(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("tfwarden")
        .expect("binary is built")
        .env("TFWARDEN_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .arg("scan")
        .args(args)
        .output()
        .expect("tfwarden runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn vulnerable_example_human() {
    let (code, text) = scan(&["examples/vulnerable-lambda", "--color", "never"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(text);
}

#[test]
fn vulnerable_example_json() {
    let (code, text) = scan(&["examples/vulnerable-lambda", "--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(text);
}

#[test]
fn hardened_example_human() {
    let (code, text) = scan(&["examples/hardened-lambda", "--color", "never"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(text);
}

#[test]
fn malformed_input_human() {
    let (code, text) = scan(&["testdata/hcl/malformed", "--color", "never"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(text);
}

#[test]
fn lambda_rules_json() {
    let (code, text) = scan(&["testdata/hcl/lambda", "--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(text);
}
