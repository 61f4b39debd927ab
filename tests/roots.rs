//! Findings name their root module, and plans stay in theirs: two roots calling one module give
//! distinguishable findings in every format, `root=` picks one in a suppression, a plan never
//! borrows another root's locations or suppressions, and notes say what they are about.

mod common;

use common::{scan_json, tfwarden};

use std::collections::BTreeSet;

use serde_json::Value;

const PLAN: &str = "testdata/plan/terraform/plan-roots-svc.json";

/// (rule, resource, root, file, line) of every finding.
fn findings(doc: &Value) -> BTreeSet<(String, String, String, String, u64)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (
                s("rule_id"),
                s("resource"),
                s("root"),
                s("file"),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn a_plan_never_borrows_the_locations_or_suppressions_of_another_root() {
    // Only the other root is scanned: it uses the same addresses, with different arguments and
    // a suppression of LMB301. The plan's findings point into the plan and are not suppressed.
    let (code, doc) = scan_json(&["testdata/plan-roots/other", "--plan", PLAN]);
    assert_eq!(code, 1);
    assert_eq!(doc["suppressed"], serde_json::json!([]));
    let got = findings(&doc);
    assert!(got.contains(&(
        "LMB301".into(),
        "aws_lambda_permission.invoke".into(),
        PLAN.into(),
        PLAN.into(),
        66
    )));
    assert!(got.iter().all(|f| f.3 == PLAN), "{got:#?}");
    // Both roots scanned: the plan maps to the configuration it was made from.
    let (code, doc) = scan_json(&["testdata/plan-roots", "--plan", PLAN]);
    assert_eq!(code, 1);
    assert_eq!(doc["suppressed"], serde_json::json!([]));
    let got = findings(&doc);
    let svc = "testdata/plan-roots/svc";
    assert!(got.contains(&(
        "LMB301".into(),
        "aws_lambda_permission.invoke".into(),
        svc.into(),
        format!("{svc}/main.tf"),
        16
    )));
    assert!(
        got.iter()
            .all(|f| f.2 == svc && f.3 == format!("{svc}/main.tf")),
        "{got:#?}"
    );
}

#[test]
fn two_roots_calling_one_module_give_findings_that_name_their_root() {
    let (_, doc) = scan_json(&["testdata/hcl/modules"]);
    let records: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f["fix"] = Value::Null;
            f.to_string()
        })
        .collect();
    let distinct: BTreeSet<&String> = records.iter().collect();
    assert_eq!(
        distinct.len(),
        records.len(),
        "no two findings are the same record"
    );
    let roots: BTreeSet<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["root"].as_str())
        .collect();
    assert_eq!(
        roots,
        BTreeSet::from([
            "testdata/hcl/modules/envs/dev",
            "testdata/hcl/modules/envs/prod"
        ])
    );
}

/// A module called by roots `a` and `b`, with a suppression for root `a` only.
fn shared_module() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write(
        "modules/fn/main.tf",
        "resource \"aws_lambda_function\" \"this\" {\n  function_name = \"f\"\n  tracing_config {\n    # tfwarden:ignore LMB501 root=a reason=\"a samples traces upstream\"\n    mode = \"PassThrough\"\n  }\n}\n",
    );
    for root in ["a", "b"] {
        write(
            &format!("{root}/main.tf"),
            "module \"fn\" {\n  source = \"../modules/fn\"\n}\n",
        );
    }
    dir
}

#[test]
fn a_root_suppression_covers_one_root_of_a_shared_module() {
    let dir = shared_module();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let tracing = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .expect("list")
            .iter()
            .filter(|f| f["rule_id"] == "LMB501")
            .map(|f| f["root"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(tracing("findings"), ["b"]);
    assert_eq!(tracing("suppressed"), ["a"]);
}

#[test]
fn the_human_output_names_the_root_when_several_have_findings() {
    let dir = shared_module();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--fail-on", "critical"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("module.fn.aws_lambda_function.this is not attached to a VPC (root a)"),
        "{text}"
    );
    assert!(text.contains("(root b)"), "{text}");
    let single = tfwarden()
        .args(["scan", "examples/vulnerable-lambda"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&single.stdout).contains("(root "));
}

#[test]
fn notes_are_labelled_by_what_they_are_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"remote\" {\n  source  = \"terraform-aws-modules/lambda/aws\"\n  version = \"7.20.1\"\n}\n",
    )
    .expect("write");
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", "."])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("is not scanned"), "{text}");
    assert!(text.contains("╰── here"), "{text}");
    assert!(!text.contains("this suppression"), "{text}");
    let (_, doc) = scan_json(&["testdata/hcl/modules/envs/prod"]);
    let kinds: BTreeSet<&str> = doc["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["evaluation"]));
}
