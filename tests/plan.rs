//! Plan JSON input end to end: findings from `scan DIR --plan plan.json` equal those of
//! `scan DIR` (same rule, resource, file and line) except where the plan knows what the HCL
//! cannot; plans alone point into the plan file; deletes are not judged; sensitive values never
//! appear; malformed plans are located errors.

mod common;

use common::{actual, scan_json, tfwarden, Expectation};

use std::collections::BTreeSet;

use serde_json::Value;

fn set(items: &[(&str, &str, &str, usize)]) -> BTreeSet<Expectation> {
    items
        .iter()
        .map(|(rule, resource, file, line)| {
            (
                file.to_string(),
                *line,
                rule.to_string(),
                resource.to_string(),
            )
        })
        .collect()
}

/// Asserts that the plan scan of `dir` finds what the HCL scan finds, plus exactly `extra`.
fn assert_parity(dir: &str, plan: &str, extra: BTreeSet<Expectation>) {
    let (hcl_code, hcl) = scan_json(&[dir]);
    let (plan_code, planned) = scan_json(&[dir, "--plan", plan]);
    assert_eq!(planned["errors"], serde_json::json!([]), "{plan}");
    let hcl = actual(&hcl);
    let planned = actual(&planned);
    let missing: Vec<_> = hcl.difference(&planned).collect();
    assert!(
        missing.is_empty(),
        "{plan} lacks HCL findings: {missing:#?}"
    );
    let more: BTreeSet<Expectation> = planned.difference(&hcl).cloned().collect();
    assert_eq!(more, extra, "{plan}: findings only the plan gives");
    assert_eq!(hcl_code, plan_code);
}

#[test]
fn the_vulnerable_example_plan_gives_the_hcl_findings_at_the_hcl_lines() {
    assert_parity(
        "examples/vulnerable-lambda",
        "testdata/plan/vulnerable.json",
        BTreeSet::new(),
    );
}

#[test]
fn the_lambda_plan_knows_the_variables_given_at_plan_time() {
    // The two secrets come from variables with no value in the HCL: only the plan knows them.
    let file = "testdata/hcl/lambda/functions.tf";
    assert_parity(
        "testdata/hcl/lambda",
        "testdata/plan/lambda.json",
        set(&[
            ("LMB401", "aws_lambda_function.unknowns", file, 81),
            ("LMB401", "aws_lambda_function.unknowns", file, 82),
        ]),
    );
}

#[test]
fn module_instances_from_a_plan_point_into_the_module_files() {
    // module.fleet["catalog"] and ["orders"] are located in modules/function/main.tf exactly as
    // the HCL scan does; the registry module, installed by `terraform init` and absent from the
    // HCL, points at its values in the plan.
    let plan = "testdata/plan/modules-prod.json";
    let registry = "module.registry.aws_lambda_function.this[0]";
    let extra: Vec<(&str, &str, &str, usize)> = [
        "LMB201", "LMB501", "LMB502", "LMB505", "LMB602", "LMB606", "LMB701", "LMB702", "LMB801",
    ]
    .into_iter()
    .map(|rule| (rule, registry, plan, 710))
    .collect();
    assert_parity("testdata/hcl/modules/envs/prod", plan, set(&extra));
    let text = std::fs::read_to_string(plan).unwrap();
    let values_line = text
        .lines()
        .enumerate()
        .skip_while(|(_, l)| !l.contains(&format!("\"address\": {}", serde_json::json!(registry))))
        .find(|(_, l)| l.contains("\"values\""))
        .map(|(i, _)| i + 1);
    assert_eq!(values_line, Some(710), "the line where its values begin");
}

#[test]
fn instances_only_the_plan_can_expand_are_judged_at_their_block() {
    // for_each over a variable given with -var at plan time: two instances the HCL cannot know.
    let file = "testdata/hcl/modules/envs/dev/main.tf";
    assert_parity(
        "testdata/hcl/modules/envs/dev",
        "testdata/plan/modules-dev.json",
        set(&[
            (
                "LMB502",
                r#"aws_lambda_function.dynamic["alpha"]"#,
                file,
                58,
            ),
            ("LMB502", r#"aws_lambda_function.dynamic["beta"]"#, file, 58),
            (
                "LMB505",
                r#"aws_lambda_function.dynamic["alpha"]"#,
                file,
                58,
            ),
            ("LMB505", r#"aws_lambda_function.dynamic["beta"]"#, file, 58),
        ]),
    );
}

#[test]
fn a_plan_alone_points_into_the_plan_and_finds_the_same_things() {
    let (code, alone) = scan_json(&["testdata/plan/vulnerable.json"]);
    let (_, located) = scan_json(&[
        "examples/vulnerable-lambda",
        "--plan",
        "testdata/plan/vulnerable.json",
    ]);
    assert_eq!(code, 1);
    let pairs = |doc: &Value| -> BTreeSet<(String, String)> {
        actual(doc)
            .into_iter()
            .map(|(_, _, rule, resource)| (rule, resource))
            .collect()
    };
    assert_eq!(pairs(&alone), pairs(&located));
    assert!(actual(&alone)
        .iter()
        .all(|(file, line, _, _)| file == "testdata/plan/vulnerable.json" && *line > 1));
}

#[test]
fn resources_being_destroyed_are_not_judged() {
    let (_, doc) = scan_json(&["testdata/hcl/lambda", "--plan", "testdata/plan/lambda.json"]);
    let text = doc.to_string();
    assert!(!text.contains("aws_lambda_function.retired"), "{text}");
}

#[test]
fn sensitive_values_are_judged_but_never_printed() {
    let secret = "wh1te-R4bbit-prod";
    let plan = std::fs::read_to_string("testdata/plan/lambda.json").unwrap();
    assert!(
        plan.contains(secret),
        "the fixture holds the sensitive value"
    );
    for format in ["human", "json", "sarif", "junit", "github"] {
        for args in [
            vec!["testdata/plan/lambda.json"],
            vec!["testdata/hcl/lambda", "--plan", "testdata/plan/lambda.json"],
        ] {
            let out = tfwarden()
                .arg("scan")
                .args(&args)
                .args(["--format", format])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("DB_PASSWORD"),
                "{format}: the finding is there"
            );
            assert!(
                !text.contains(secret),
                "{format} {args:?} prints the secret:\n{text}"
            );
        }
    }
}

#[test]
fn inspect_gives_the_same_document_shape_for_a_plan_and_its_hcl() {
    let run = |args: &[&str]| -> Value {
        let out = tfwarden().arg("inspect").args(args).output().unwrap();
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let hcl = run(&["examples/vulnerable-lambda"]);
    let plan = run(&[
        "examples/vulnerable-lambda",
        "--plan",
        "testdata/plan/vulnerable.json",
    ]);
    assert_eq!(hcl["source"]["kind"], "hcl");
    assert_eq!(plan["source"]["kind"], "plan");
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&hcl), keys(&plan));
    assert_eq!(keys(&hcl["resources"][0]), keys(&plan["resources"][0]));
    let addresses = |doc: &Value| -> BTreeSet<String> {
        doc["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["address"].as_str().unwrap().to_string())
            .collect()
    };
    // The HCL also has the data sources the plan reads (they are not planned resources).
    let plan_addresses = addresses(&plan);
    let hcl_addresses = addresses(&hcl);
    assert!(plan_addresses.is_subset(&hcl_addresses));
    assert!(
        hcl_addresses
            .difference(&plan_addresses)
            .all(|a| a.starts_with("data.")),
        "{:?}",
        hcl_addresses
            .difference(&plan_addresses)
            .collect::<Vec<_>>()
    );
    let role = |doc: &Value| -> Value {
        doc["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == "aws_lambda_function.api")
            .map(|r| r["references"]["role"].clone())
            .unwrap()
    };
    assert_eq!(role(&hcl), role(&plan), "references are the same edges");
}

#[test]
fn malformed_plans_are_located_errors_and_the_others_still_report() {
    let cases = [
        ("truncated.json", 491, "invalid plan JSON"),
        (
            "wrong-types.json",
            6,
            "planned_values.root_module.resources must be a list",
        ),
        (
            "future-format.json",
            2,
            "unsupported plan format_version \"2.0\"",
        ),
        (
            "bad-module-address.json",
            10,
            "is listed in module module.fleet[\"a\"]",
        ),
        ("not-a-plan.json", 1, "not a Terraform plan"),
    ];
    for (name, line, message) in cases {
        let path = format!("testdata/plan/malformed/{name}");
        let (code, doc) = scan_json(&["--plan", &path, "--plan", "testdata/plan/vulnerable.json"]);
        assert_eq!(code, 2, "{name}");
        let errors = doc["errors"].as_array().unwrap();
        assert!(
            errors.iter().any(|e| e["file"] == path.as_str()
                && e["line"] == line
                && e["message"].as_str().unwrap().contains(message)),
            "{name}: {errors:#?}"
        );
        assert!(
            !doc["findings"].as_array().unwrap().is_empty(),
            "{name}: the good plan is still reported"
        );
    }
}
