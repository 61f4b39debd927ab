//! End-to-end evaluation: module trees, `count` / `for_each` instances, references resolved
//! across resources and modules, and inputs that Terraform would reject, on `testdata/hcl`.

mod common;

use common::{actual, assert_findings_match, scan_json, tfwarden};

use std::collections::BTreeSet;

use serde_json::Value;

const MODULES: &str = "testdata/hcl/modules";

fn inspect(path: &str) -> Value {
    let out = tfwarden()
        .args(["inspect", path])
        .output()
        .expect("tfwarden runs");
    serde_json::from_slice(&out.stdout).expect("inspect prints JSON")
}

fn resource<'a>(doc: &'a Value, root: &str, address: &str) -> &'a Value {
    doc["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["root"] == root && r["address"] == address)
        .unwrap_or_else(|| panic!("{root}: {address} not in the input document"))
}

#[test]
fn module_and_count_findings_carry_instance_addresses_and_module_lines() {
    let (code, doc) = scan_json(&[MODULES]);
    assert_eq!(code, 1);
    let module_file = "testdata/hcl/modules/modules/function/main.tf";
    let dev = "testdata/hcl/modules/envs/dev/main.tf";
    let expected: BTreeSet<(String, usize, String, String)> = [
        // The runtime comes from terraform.tfvars (catalog) and a local (orders), through a
        // for_each module input; the line is the module's own.
        (
            module_file,
            17,
            "LMB601",
            r#"module.fleet["catalog"].aws_lambda_function.this"#,
        ),
        (
            module_file,
            17,
            "LMB601",
            r#"module.fleet["orders"].aws_lambda_function.this"#,
        ),
        // count.index picks the runtime: only the last shard is deprecated.
        (dev, 11, "LMB601", "aws_lambda_function.shard[2]"),
        // The shards have no log group and no error alarm: one finding per instance.
        (dev, 6, "LMB502", "aws_lambda_function.shard[0]"),
        (dev, 6, "LMB502", "aws_lambda_function.shard[1]"),
        (dev, 6, "LMB502", "aws_lambda_function.shard[2]"),
        (dev, 6, "LMB505", "aws_lambda_function.shard[0]"),
        (dev, 6, "LMB505", "aws_lambda_function.shard[1]"),
        (dev, 6, "LMB505", "aws_lambda_function.shard[2]"),
        // The tracing mode comes from dev.auto.tfvars, for every shard.
        (dev, 24, "LMB501", "aws_lambda_function.shard[0]"),
        (dev, 24, "LMB501", "aws_lambda_function.shard[1]"),
        (dev, 24, "LMB501", "aws_lambda_function.shard[2]"),
    ]
    .into_iter()
    .map(|(f, l, r, a)| (f.to_string(), l, r.to_string(), a.to_string()))
    .collect();
    assert_eq!(actual(&doc), expected);
    // Not a root of its own: the module is evaluated only through its callers.
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["resource"] != "aws_lambda_function.this"));
}

#[test]
fn what_cannot_be_evaluated_is_a_note_not_a_guess() {
    let (_, doc) = scan_json(&[MODULES]);
    let notes: Vec<(String, u64)> = doc["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| {
            (
                n["file"].as_str().unwrap().to_string(),
                n["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("testdata/hcl/modules/envs/dev/main.tf".to_string(), 59),
            ("testdata/hcl/modules/envs/prod/main.tf".to_string(), 69),
        ]
    );
    let messages: Vec<&str> = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["message"].as_str())
        .collect();
    assert!(messages[0].contains("for_each of aws_lambda_function.dynamic cannot be known"));
    assert!(messages[1].contains("module \"registry\""));
    assert!(messages[1].contains("terraform init"));
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn references_resolve_through_modules_variables_and_locals() {
    let doc = inspect(MODULES);
    let prod = "testdata/hcl/modules/envs/prod";
    let catalog = resource(
        &doc,
        prod,
        r#"module.fleet["catalog"].aws_lambda_function.this"#,
    );
    assert_eq!(catalog["module"], r#"module.fleet["catalog"]"#);
    assert_eq!(catalog["values"]["function_name"], "catalog");
    assert_eq!(catalog["values"]["runtime"], "nodejs20.x");
    assert_eq!(
        catalog["references"]["role"],
        serde_json::json!([r#"module.fleet["catalog"].aws_iam_role.this"#])
    );
    // One item of a local object passed as a module input keeps only its own reference.
    assert_eq!(
        catalog["references"]["kms_key_arn"],
        serde_json::json!(["aws_kms_key.lambda"])
    );
    assert!(catalog["unknown"]
        .as_array()
        .unwrap()
        .contains(&Value::from("kms_key_arn")));
    // A configured argument of another resource resolves; the reference is kept.
    let logs = resource(
        &doc,
        prod,
        r#"module.fleet["orders"].aws_cloudwatch_log_group.this"#,
    );
    assert_eq!(logs["values"]["name"], "/aws/lambda/orders");
    let permission = resource(&doc, prod, "aws_lambda_permission.catalog_from_events");
    assert_eq!(permission["values"]["function_name"], "catalog");
    assert_eq!(
        permission["references"]["function_name"],
        serde_json::json!([r#"module.fleet["catalog"].aws_lambda_function.this"#])
    );
    // count = 1 from a conditional, count = 0 creates nothing.
    resource(&doc, prod, "module.canary[0].aws_lambda_function.this");
    let dev = "testdata/hcl/modules/envs/dev";
    assert!(doc["resources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| !r["address"]
            .as_str()
            .unwrap()
            .starts_with("module.disabled")));
    let shard = resource(&doc, dev, "aws_lambda_function.shard[1]");
    assert_eq!(shard["index"], 1);
    assert_eq!(
        shard["references"]["role"],
        serde_json::json!(["aws_iam_role.shard[1]"])
    );
    // Root variables, after tfvars, per root.
    assert_eq!(
        doc["variables"][prod]["default_runtime"]["value"],
        "nodejs20.x"
    );
    assert_eq!(
        doc["variables"][dev]["tracing_mode"]["value"],
        "PassThrough"
    );
}

#[test]
fn a_root_scanned_alone_still_loads_the_modules_it_calls() {
    let (_, doc) = scan_json(&["testdata/hcl/modules/envs/prod"]);
    let resources: BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["resource"].as_str())
        .collect();
    assert_eq!(
        resources,
        BTreeSet::from([
            r#"module.fleet["catalog"].aws_lambda_function.this"#,
            r#"module.fleet["orders"].aws_lambda_function.this"#,
        ])
    );
    assert!(doc["findings"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("modules/function/main.tf"));
}

#[test]
fn cycles_missing_and_recursive_modules_are_errors_and_the_rest_is_scanned() {
    let (code, doc) = scan_json(&["testdata/hcl/robustness"]);
    assert_eq!(code, 2);
    assert_findings_match("testdata/hcl/robustness", &doc);
    let errors: Vec<(String, u64, String)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].2.contains("calls itself"), "{errors:#?}");
    assert_eq!(errors[1].1, 3);
    assert!(
        errors[1]
            .2
            .contains("reference cycle: aws_iam_role.a -> aws_iam_role.b -> aws_iam_role.a"),
        "{errors:#?}"
    );
    assert!(errors[2]
        .2
        .contains("no Terraform files at testdata/hcl/robustness/root/does-not-exist"));
}

#[test]
fn a_suppression_above_a_module_block_covers_its_instances() {
    let (code, doc) = scan_json(&["testdata/hcl/module-suppression"]);
    assert_eq!(code, 1);
    let findings: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["resource"].as_str())
        .collect();
    assert_eq!(findings, [r#"module.pair["new"].aws_lambda_function.this"#]);
    let suppressed: Vec<(&str, &str, u64)> = doc["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["resource"].as_str().unwrap(),
                s["suppression"]["file"].as_str().unwrap(),
                s["suppression"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let file = "testdata/hcl/module-suppression/main.tf";
    assert_eq!(
        suppressed,
        [
            ("module.legacy.aws_lambda_function.this", file, 13),
            (r#"module.pair["old"].aws_lambda_function.this"#, file, 26),
        ]
    );
}

#[test]
fn instance_suppressions_pick_one_for_each_instance_of_a_resource() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"# tfwarden:ignore LMB601 instance=aws_lambda_function.fleet["legacy"] reason="retired in Q1"
resource "aws_lambda_function" "fleet" {
  for_each      = { legacy = "python3.8", current = "python3.8" }
  function_name = each.key
  runtime       = each.value
}
"#,
    )
    .unwrap();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let of_rule = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "LMB601")
            .map(|f| f["resource"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        of_rule(&doc["findings"]),
        [r#"aws_lambda_function.fleet["current"]"#]
    );
    assert_eq!(
        of_rule(&doc["suppressed"]),
        [r#"aws_lambda_function.fleet["legacy"]"#]
    );
}

const DYNAMIC: &str = "testdata/hcl/dynamic";

#[test]
fn dynamic_blocks_partial_unknowns_and_modules_reading_each_other_are_judged() {
    let (code, doc) = scan_json(&[DYNAMIC]);
    // Two modules that read each other's outputs are valid Terraform: no error.
    assert_eq!(doc["errors"], serde_json::json!([]), "{:#}", doc["errors"]);
    assert_eq!(code, 1);
    let module = "testdata/hcl/dynamic/modules/fn/main.tf";
    let bare = r#"module.fn["bare"].aws_lambda_function.this"#;
    let mut expected = common::expectations(DYNAMIC);
    for (line, rule) in [
        // The dynamic tracing, VPC and dead-letter blocks are absent for this instance: the
        // findings about missing settings point at the module's resource block.
        (15, "LMB201"),
        (15, "LMB501"),
        (15, "LMB702"),
        // Its environment block exists (the dynamic for_each has one element) with a literal
        // secret given by the caller: located at the attribute that uses the variable.
        (51, "LMB401"),
        // kms_key_arn is null exactly when the environment is set.
        (24, "LMB402"),
    ] {
        expected.insert((module.to_string(), line, rule.to_string(), bare.to_string()));
    }
    // Of the two instances of one for_each map, the one without a source ARN; the other's is
    // unknown (an SNS topic's ARN), so it is not judged.
    expected.insert((
        "testdata/hcl/dynamic/main.tf".to_string(),
        58,
        "LMB302".to_string(),
        r#"aws_lambda_permission.from["Events"]"#.to_string(),
    ));
    let got = actual(&doc);
    let missing: Vec<_> = expected.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
}

#[test]
fn dynamic_blocks_expand_into_the_values_terraform_plans() {
    let doc = inspect(DYNAMIC);
    let hardened = resource(
        &doc,
        DYNAMIC,
        r#"module.fn["hardened"].aws_lambda_function.this"#,
    );
    assert_eq!(
        hardened["values"]["tracing_config"],
        serde_json::json!([{"mode": "Active"}])
    );
    assert_eq!(
        hardened["values"]["vpc_config"][0]["subnet_ids"],
        serde_json::json!(["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"])
    );
    assert_eq!(hardened["values"]["environment"], serde_json::json!([]));
    let bare = resource(
        &doc,
        DYNAMIC,
        r#"module.fn["bare"].aws_lambda_function.this"#,
    );
    assert_eq!(bare["values"]["tracing_config"], serde_json::json!([]));
    assert_eq!(bare["unknown"], serde_json::json!([]), "nothing is unknown");
    // The policy document: one static statement, then one per key of the dynamic for_each,
    // in key order, with the iterator's values.
    let document = resource(&doc, DYNAMIC, "data.aws_iam_policy_document.worker");
    let sids: Vec<&Value> = document["values"]["statement"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| &s["sid"])
        .collect();
    assert_eq!(
        sids,
        [&Value::Null, &Value::from("admin"), &Value::from("read")]
    );
    let json: Value =
        serde_json::from_str(document["values"]["json"].as_str().expect("rendered json"))
            .expect("the rendered policy is JSON");
    assert_eq!(json["Statement"][1]["Action"], "*");
}

#[test]
fn unknowns_stay_at_the_elements_terraform_cannot_know() {
    let doc = inspect(DYNAMIC);
    // Known keys, one unknown value: an instance per key.
    for key in ["SNS", "Events"] {
        let address = format!("aws_lambda_permission.from[\"{key}\"]");
        let permission = resource(&doc, DYNAMIC, &address);
        assert_eq!(
            permission["values"]["statement_id"],
            format!("AllowFrom{key}")
        );
    }
    let sns = resource(&doc, DYNAMIC, r#"aws_lambda_permission.from["SNS"]"#);
    assert_eq!(sns["unknown"], serde_json::json!(["source_arn"]));
    // A module output that passes a configured argument through is known.
    assert_eq!(sns["values"]["function_name"], "hardened");
    // One element of a list unknown: the list keeps its length and its known elements.
    let worker = resource(&doc, DYNAMIC, "aws_lambda_function.worker");
    assert_eq!(
        worker["values"]["layers"],
        serde_json::json!([null, "arn:aws:lambda:eu-west-1:999988887777:layer:shared:4"])
    );
    assert_eq!(
        worker["values"]["vpc_config"][0]["subnet_ids"],
        serde_json::json!([null])
    );
    let unknown: Vec<&str> = worker["unknown"]
        .as_array()
        .expect("unknown")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(unknown, ["layers.0", "role", "vpc_config.0.subnet_ids.0"]);
}

#[test]
fn a_true_cycle_across_modules_is_one_error_naming_its_values_and_the_rest_is_judged() {
    let dir = "testdata/hcl/module-cycle";
    let (code, doc) = scan_json(&[dir]);
    assert_eq!(code, 2);
    assert_findings_match(dir, &doc);
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    // Located at the module argument where the cycle closes.
    assert_eq!(errors[0]["file"], "testdata/hcl/module-cycle/main.tf");
    assert_eq!(errors[0]["line"], 7);
    assert_eq!(
        errors[0]["message"],
        "reference cycle: module.left.var.input -> module.right.output.output -> \
         module.right.var.input -> module.left.output.output -> module.left.var.input; \
         these values are unknown"
    );
}

#[test]
fn elements_written_inside_merge_concat_and_conditionals_are_located_at_their_own_lines() {
    let dir = "testdata/hcl/element-spans";
    let (code, doc) = scan_json(&[dir]);
    assert_eq!(code, 1);
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_findings_match(dir, &doc);
}

#[test]
fn a_count_written_as_text_is_converted_like_terraform_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_sqs_queue\" \"q\" {\n  count = \"2\"\n  name  = \"q-${count.index}\"\n}\n",
    )
    .expect("write");
    let doc = inspect(dir.path().to_str().expect("utf-8 path"));
    let names: Vec<&Value> = doc["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| &r["values"]["name"])
        .collect();
    assert_eq!(names, [&Value::from("q-0"), &Value::from("q-1")]);
}

#[test]
fn file_functions_read_from_the_root_module_directory_as_terraform_runs_there() {
    let dir = "testdata/hcl/templates";
    let (code, doc) = scan_json(&[dir]);
    assert_eq!(code, 1);
    // A path outside the configuration is not read and is no error: the value is unknown.
    assert_eq!(doc["errors"], serde_json::json!([]));
    let mut expected = common::expectations(dir);
    // The module's trust policy, read through path.module, lets any AWS principal assume it.
    expected.insert((
        "testdata/hcl/templates/modules/role/main.tf".to_string(),
        5,
        "LMB105".to_string(),
        "module.reader.aws_iam_role.this".to_string(),
    ));
    expected.insert((
        "testdata/hcl/templates/main.tf".to_string(),
        13,
        "LMB107".to_string(),
        "aws_iam_role_policy.worker".to_string(),
    ));
    assert_eq!(actual(&doc), expected);
    let doc = inspect(dir);
    let worker = resource(&doc, dir, "aws_lambda_function.worker");
    assert_eq!(
        worker["unknown"],
        serde_json::json!(["description", "role"])
    );
}

#[test]
fn references_are_never_literal_secrets_and_literals_are_wherever_they_are_written() {
    let dir = "testdata/hcl/secret-references";
    let (code, doc) = scan_json(&[dir]);
    assert_eq!(code, 1);
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_findings_match(dir, &doc);
    let attributes: BTreeSet<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["attribute"].as_str())
        .collect();
    for reference in [
        "SECRET_NAME",
        "TOKEN_PARAM",
        "SMTP_PASSWORD_PARAM",
        "DB_SECRET_NAME",
    ] {
        assert!(
            !attributes.contains(format!("environment.0.variables.{reference}").as_str()),
            "{reference} comes from a reference"
        );
    }
}
