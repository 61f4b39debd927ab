//! The policy-authoring workflow end to end: `tfwarden test`, `tfwarden inspect`,
//! `tfwarden rules` and its documentation pages, the rule examples, and how broken policies
//! (syntax errors, recursion) are reported.

mod common;

use common::{tfwarden, TODAY};

use std::fs;
use std::path::Path;

use serde_json::Value;
use tfwarden::{ScanOptions, Scanner};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = tfwarden().args(args).output().expect("tfwarden runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn policy_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const RULE: &str = r#"# METADATA
# title: Functions must set a memory size
# custom:
#   id: ACME900
#   slug: acme-memory-set
#   severity: low
#   remediation: Set memory_size.
package acme.memory

import data.tfwarden.lib
import data.tfwarden.lib.functions

deny contains lib.at(fn, "memory_size", "no memory_size") if {
	some fn in functions
	lib.missing_attr(fn, "memory_size")
}
"#;

const TESTS: &str = r#"package acme.memory

src := `resource "aws_lambda_function" "f" {
  function_name = "f"
}`

test_fires_on_real_hcl if {
	findings := deny with input as tfwarden.hcl(src)
	some f in findings
	tfwarden.locate(src, f) == {"line": 1, "column": 1}
}

test_passes_with_memory if {
	doc := tfwarden.hcl(`resource "aws_lambda_function" "f" {
  memory_size = 256
}`)
	count(deny) == 0 with input as doc
}

test_wrong_expectation if {
	count(deny) == 0 with input as tfwarden.hcl(src)
}
"#;

#[test]
fn test_runs_the_shipped_library_by_default() {
    let (code, out, _) = run(&["test"]);
    assert_eq!(code, 0, "{out}");
    let last = out.lines().last().unwrap_or_default();
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(
        passed >= 150 && last.ends_with(" passed, 0 failed"),
        "{last}"
    );
    assert!(
        out.contains("PASS policies/lambda/lmb201_not_in_vpc_test.rego:"),
        "{out}"
    );
}

#[test]
fn test_reports_each_custom_test_with_its_location_and_fails_on_a_failure() {
    let dir = policy_dir(&[("memory.rego", RULE), ("memory_test.rego", TESTS)]);
    let path = dir.path().to_string_lossy().to_string();
    let (code, out, _) = run(&["test", &path]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "PASS {path}/memory_test.rego:7 acme.memory.test_fires_on_real_hcl"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "PASS {path}/memory_test.rego:13 acme.memory.test_passes_with_memory"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "FAIL {path}/memory_test.rego:20 acme.memory.test_wrong_expectation"
        )),
        "{out}"
    );
    assert!(out.ends_with("2 passed, 1 failed\n"), "{out}");
    // The failure names the statement that did not hold and the values it compared.
    assert!(
        out.contains(
            "     undefined: line 21 did not hold: count(deny) == 0 with input as tfwarden.hcl(src)\n       count(deny) = 1\n"
        ),
        "{out}"
    );

    let (code, out, _) = run(&["test", &path, "--run", "passes"]);
    assert_eq!(
        (code, out.lines().last()),
        (0, Some("1 passed, 0 failed")),
        "{out}"
    );

    let (_, xml, _) = run(&["test", &path, "--format", "junit"]);
    assert!(
        xml.contains(r#"tests="3""#) && xml.contains(r#"failures="1""#),
        "{xml}"
    );

    let (_, out, _) = run(&["test", &path, "--coverage"]);
    let coverage = out
        .lines()
        .find(|l| l.contains("memory.rego") && l.contains('%'))
        .unwrap_or_default();
    assert!(coverage.trim_start().starts_with("100.0%"), "{out}");
}

#[test]
fn a_typo_in_a_test_file_is_a_load_error_at_its_line_not_every_tests_failure() {
    let typo = TESTS.replace(
        "count(deny) == 0 with input as doc",
        "count(denny) == 0 with input as doc",
    );
    let dir = policy_dir(&[("memory.rego", RULE), ("memory_test.rego", &typo)]);
    let path = dir.path().to_string_lossy().to_string();
    let (code, out, err) = run(&["test", &path]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!out.contains("FAIL"), "no test ran: {out}");
    assert!(
        err.contains(&format!("[{path}/memory_test.rego:17:"))
            && err.contains("undefined variable `denny`"),
        "{err}"
    );
}

#[test]
fn print_output_of_a_test_shows_once() {
    let tests = "package acme.memory\n\ntest_prints if {\n\tprint(\"checking the memory rule\")\n\tcount(deny) == 0\n}\n";
    let dir = policy_dir(&[("memory.rego", RULE), ("memory_test.rego", tests)]);
    let path = dir.path().to_string_lossy().to_string();
    let (code, out, err) = run(&["test", &path]);
    assert_eq!(code, 0, "{out}{err}");
    let printed = format!("{out}{err}");
    assert_eq!(
        printed.matches("checking the memory rule").count(),
        1,
        "{printed}"
    );
}

#[test]
fn custom_rule_findings_render_like_shipped_ones() {
    let dir = policy_dir(&[("memory.rego", RULE)]);
    let (code, out, _) = run(&[
        "scan",
        "testdata/hcl/default-tags",
        "--no-default-policies",
        "--policy-dir",
        &dir.path().to_string_lossy(),
        "--color",
        "never",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("ACME900 [low] no memory_size"), "{out}");
    assert!(
        out.contains("╭─[testdata/hcl/default-tags/main.tf:18:1]"),
        "{out}"
    );
}

#[test]
fn a_policy_syntax_error_is_shown_at_its_source() {
    let dir = policy_dir(&[(
        "broken.rego",
        "package broken\n\ndeny contains x if {\n  x := \n}\n",
    )]);
    let (code, _, err) = run(&[
        "scan",
        "testdata/hcl/default-tags",
        "--policy-dir",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.rego:4:"), "{err}");
    assert!(
        err.contains(" 4 │   x := "),
        "the offending line is shown: {err}"
    );
}

#[test]
fn a_recursive_function_is_rejected_before_it_can_crash_the_scan() {
    let dir = policy_dir(&[(
        "loop.rego",
        "# METADATA\n# custom:\n#   id: LOOP1\n#   slug: loop\n#   severity: low\npackage acme.loop\n\nspin(x) := spin(x)\n\ndeny contains {\"resource\": \"x\"} if spin(1)\n",
    )]);
    let path = dir.path().to_string_lossy().to_string();
    let (code, _, err) = run(&["scan", "testdata/hcl/default-tags", "--policy-dir", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("function acme.loop.spin calls itself"),
        "{err}"
    );
    assert!(err.contains("loop.rego:8:1"), "{err}");
    let (code, _, err) = run(&["test", &path]);
    assert_eq!(
        code, 2,
        "tests of a recursive policy do not run either: {err}"
    );
}

#[test]
fn inspect_prints_the_input_document() {
    let (code, out, _) = run(&["inspect", "testdata/hcl/default-tags"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["format_version"], "1");
    let addresses: Vec<&str> = doc["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    assert_eq!(
        addresses,
        [
            "aws_lambda_function.tagged_by_provider",
            "aws_lambda_function.other_region"
        ]
    );
    assert_eq!(
        doc["providers"][0]["values"]["default_tags"][0]["tags"]["team"],
        "platform"
    );
    assert_eq!(
        doc["index"]["by_type"]["aws_lambda_function"],
        serde_json::json!([0, 1])
    );

    let (code, out, _) = run(&[
        "inspect",
        "testdata/hcl/lambda",
        "--resource",
        "aws_lambda_function.unknowns",
    ]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let fn_ = &doc["resources"][0];
    assert_eq!(doc["resources"].as_array().unwrap().len(), 1);
    assert!(
        fn_["unknown"]
            .as_array()
            .unwrap()
            .contains(&Value::from("kms_key_arn")),
        "{fn_}"
    );
    assert_eq!(
        fn_["references"]["kms_key_arn"],
        serde_json::json!(["aws_kms_key.env"])
    );

    let (code, out, err) = run(&["inspect", "testdata/hcl/malformed"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        serde_json::from_str::<Value>(&out).is_ok(),
        "the document is still printed"
    );
    assert!(err.contains("broken.tf"), "{err}");
}

#[test]
fn inspect_masks_secrets_unless_asked_to_show_them() {
    let env = |out: &str| -> Value {
        let doc: Value = serde_json::from_str(out).unwrap();
        doc["resources"][0]["values"]["environment"][0]["variables"].clone()
    };
    let args = [
        "inspect",
        "examples/vulnerable-lambda",
        "--resource",
        "aws_lambda_function.api",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let vars = env(&out);
    assert_eq!(vars["DB_PASSWORD"], "hunt*************", "{vars}");
    assert!(!out.contains("hunter2"), "the secret appears nowhere");
    assert!(err.contains("masked (--show-secrets prints them)"), "{err}");
    // What is not a secret stays readable.
    assert!(vars
        .as_object()
        .unwrap()
        .values()
        .any(|v| v.as_str().is_some_and(|s| !s.contains('*'))));

    let (code, out, err) = run(&[&args[..], &["--show-secrets"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(env(&out)["DB_PASSWORD"], "hunter2-prod-Xy9!");
    assert!(!err.contains("masked"), "{err}");
}

#[test]
fn rule_examples_fail_and_pass_as_documented() {
    let scanner = Scanner::new(&ScanOptions {
        today: Some(TODAY.into()),
        ..ScanOptions::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for rule in scanner.rules() {
        let examples = rule
            .examples
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no examples", rule.id));
        for (kind, code, should_fire) in [
            ("bad", &examples.bad, true),
            ("good", &examples.good, false),
        ] {
            // One directory per example, scanned as a root.
            let module = dir.path().join(format!("{}_{kind}", rule.id));
            fs::create_dir_all(&module).unwrap();
            let file = module.join("main.tf");
            fs::write(&file, code).unwrap();
            let report = scanner.scan(&[module]);
            assert!(
                report.errors.is_empty(),
                "{} {kind}: {:?}",
                rule.id,
                report.errors
            );
            let fires = report.findings.iter().any(|f| f.rule_id == rule.id);
            assert_eq!(fires, should_fire, "{} {kind} example:\n{code}", rule.id);
        }
        checked += 1;
    }
    assert_eq!(checked, common::SHIPPED_RULES);
}

#[test]
fn rule_documentation_pages_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["rules", "--docs", &dir.path().to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let mut pages = 0;
    for entry in fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let fresh = fs::read_to_string(entry.path()).unwrap();
        let committed = fs::read_to_string(Path::new("docs/rules").join(&name)).unwrap_or_default();
        assert!(
            fresh == committed,
            "docs/rules/{name} is out of date: run `make docs`"
        );
        pages += 1;
    }
    assert_eq!(
        pages,
        common::SHIPPED_RULES + 1,
        "a page per rule and an index"
    );
}

#[test]
fn rules_explain_shows_the_examples() {
    let (code, out, _) = run(&["rules", "LMB303"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Fails:") && out.contains("authorization_type = \"NONE\""),
        "{out}"
    );
    assert!(
        out.contains("Passes:") && out.contains("authorization_type = \"AWS_IAM\""),
        "{out}"
    );
    let (_, list, _) = run(&["rules"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("LMB301") && l.contains("Lambda.1")),
        "{list}"
    );
}

#[test]
fn the_custom_policy_example_tests_pass_and_its_rules_fire_where_documented() {
    let (code, out, _) = run(&["test", "examples/custom-policy/policies"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(" passed, 0 failed\n") && !out.starts_with("0 passed"),
        "{out}"
    );

    let (code, out, err) = run(&[
        "scan",
        "--no-default-policies",
        "--policy-dir",
        "examples/custom-policy/policies",
        "examples/custom-policy/terraform",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let got: Vec<(String, u64, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["attribute"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        ("ACME003", 56, "runtime"),
        ("ACME001", 58, "tags"),
        ("ACME002", 70, "memory_size"),
        ("ACME001", 74, "tags.environment"),
    ];
    let expected: Vec<(String, u64, String)> = expected
        .iter()
        .map(|(r, l, a)| (r.to_string(), *l, a.to_string()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn a_runtime_error_in_one_rule_is_reported_at_that_rule_and_the_others_still_run() {
    let dir = policy_dir(&[(
        "numbers.rego",
        "# METADATA\n# custom:\n#   id: NUM1\n#   slug: numbers\n#   severity: low\npackage acme.numbers\n\nimport data.tfwarden.lib.functions\n\ndeny contains {\"resource\": fn.address} if {\n\tsome fn in functions\n\tto_number(fn.values.function_name) > 1\n}\n",
    )]);
    let (code, out, _) = run(&[
        "scan",
        "testdata/hcl/default-tags",
        "--policy-dir",
        &dir.path().to_string_lossy(),
        "--color",
        "never",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("error: rule NUM1 failed"), "{out}");
    assert!(
        out.contains("numbers.rego:12:"),
        "at the failing line: {out}"
    );
    assert!(
        out.contains("to_number(fn.values.function_name) > 1"),
        "the line is shown: {out}"
    );
    assert!(
        out.contains("LMB201 [low]"),
        "the shipped rules still report: {out}"
    );
}
