//! Terraform as the oracle: for each configuration that `testdata/plan/regenerate.sh` planned
//! with Terraform 1.11 and the AWS provider 5.100 (`testdata/plan/terraform/*.json`), the HCL
//! evaluation must give every value the plan knows and the configuration sets, or mark it
//! unknown, never a different value; both must have the same instances; and `scan` must give
//! the same findings (rule, resource, file, line) from the HCL as from the plan. Where the plan
//! knows less than the HCL, the exception is listed here with its reason and asserted exactly.

mod common;

use common::{actual, scan_json, tfwarden, Expectation};

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// One planned configuration and what is known to differ.
struct Case {
    name: &'static str,
    dir: &'static str,
    /// Fewest attribute values that must compare equal (so the test cannot pass vacuously).
    min_equal: usize,
    /// Findings only the HCL scan gives, with why the plan cannot give them.
    only_hcl: &'static [(
        &'static str,
        &'static str,
        &'static str,
        usize,
        &'static str,
    )],
    /// Instances only the HCL has, with why.
    only_hcl_instances: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        name: "dynamic",
        dir: "testdata/hcl/dynamic",
        min_equal: 110,
        only_hcl: &[
            // The AWS provider (SDKv2) plans a list with an unknown element as wholly unknown:
            // `layers = concat([<unknown ARN>], ["arn:...:999988887777:..."])` is unknown in the
            // plan; the HCL keeps the known, untrusted layer.
            (
                "LMB604",
                "aws_lambda_function.worker",
                "main.tf",
                121,
                "provider: list",
            ),
            // A set with an unknown element is unknown as a whole in the plan:
            // `subnet_ids = [aws_subnet.only.id]` has one element, which only the HCL knows.
            (
                "LMB202",
                "aws_lambda_function.worker",
                "main.tf",
                128,
                "provider: set",
            ),
        ],
        only_hcl_instances: &[],
    },
    Case {
        name: "element-spans",
        dir: "testdata/hcl/element-spans",
        min_equal: 60,
        only_hcl: &[],
        only_hcl_instances: &[],
    },
    Case {
        name: "templates",
        dir: "testdata/hcl/templates",
        min_equal: 50,
        only_hcl: &[],
        only_hcl_instances: &[],
    },
    Case {
        name: "iam",
        dir: "testdata/hcl/iam",
        min_equal: 250,
        only_hcl: &[],
        only_hcl_instances: &[(
            "data.aws_iam_policy.power_user",
            "read from the IAM API at plan time; regenerate.sh plans without it (its ARN literal)",
        )],
    },
    Case {
        name: "functions",
        dir: "testdata/parity/functions",
        min_equal: 95,
        only_hcl: &[],
        only_hcl_instances: &[],
    },
    Case {
        name: "registry",
        dir: "testdata/parity/registry",
        min_equal: 25,
        only_hcl: &[],
        only_hcl_instances: &[],
    },
    // Terraform's JSON syntax (.tf.json, .tfvars.json): the same values and findings as
    // Terraform reads them, findings at the JSON's own lines.
    Case {
        name: "tf-json",
        dir: "testdata/hcl/tf-json",
        min_equal: 60,
        only_hcl: &[],
        only_hcl_instances: &[],
    },
];

/// What one comparison of values counted.
#[derive(Debug, Default)]
struct Counts {
    compared: usize,
    equal: usize,
    unknown_ours: usize,
    plan_knows_less: usize,
    different: Vec<String>,
}

fn inspect(dir: &str) -> Value {
    let out = tfwarden()
        .args(["inspect", "--show-secrets", dir])
        .output()
        .expect("tfwarden runs");
    serde_json::from_slice(&out.stdout).expect("inspect prints JSON")
}

fn plan(name: &str) -> Value {
    let path = format!("testdata/plan/terraform/{name}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("plan JSON")
}

/// Address to (values, after_unknown) for every instance the plan has: `planned_values` with
/// child modules, and data sources read while planning (`prior_state`).
fn plan_resources(plan: &Value) -> BTreeMap<String, (Value, Value)> {
    let mut unknown: BTreeMap<String, Value> = BTreeMap::new();
    for rc in plan["resource_changes"].as_array().into_iter().flatten() {
        if let Some(a) = rc["address"].as_str() {
            unknown.insert(a.to_string(), rc["change"]["after_unknown"].clone());
        }
    }
    let mut out = BTreeMap::new();
    fn walk(module: &Value, out: &mut BTreeMap<String, Value>) {
        for r in module["resources"].as_array().into_iter().flatten() {
            if let Some(a) = r["address"].as_str() {
                out.entry(a.to_string())
                    .or_insert_with(|| r["values"].clone());
            }
        }
        for child in module["child_modules"].as_array().into_iter().flatten() {
            walk(child, out);
        }
    }
    let mut values = BTreeMap::new();
    walk(&plan["planned_values"]["root_module"], &mut values);
    walk(&plan["prior_state"]["values"]["root_module"], &mut values);
    for (address, v) in values {
        let u = unknown.get(&address).cloned().unwrap_or(Value::Null);
        out.insert(address, (v, u));
    }
    out
}

/// The value at a dotted path (`a.0.b`).
fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, key| match v {
        Value::Object(m) => m.get(*key),
        Value::Array(a) => a.get(key.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Whether `after_unknown` marks the path (or a prefix of it) unknown.
fn plan_unknown(after_unknown: &Value, path: &[&str]) -> bool {
    let mut v = after_unknown;
    if v == &Value::Bool(true) {
        return true;
    }
    for key in path {
        v = match v {
            Value::Object(m) => match m.get(*key) {
                Some(x) => x,
                None => return false,
            },
            Value::Array(a) => match key.parse::<usize>().ok().and_then(|i| a.get(i)) {
                Some(x) => x,
                None => return false,
            },
            _ => return false,
        };
        if v == &Value::Bool(true) {
            return true;
        }
    }
    false
}

/// Scalar leaves of `value` with their paths.
fn leaves(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                prefix.push(k.clone());
                leaves(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(i.to_string());
                leaves(v, prefix, out);
                prefix.pop();
            }
        }
        scalar => out.push((prefix.clone(), scalar.clone())),
    }
}

/// Equal as Terraform means it, after the normalizations documented in each arm.
fn same(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        // 128 and 128.0 are one number.
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        // A map(string) or string attribute holds numbers and bools as text: the provider's
        // schema converts them (`MEMORY = 512` plans as "512").
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            s.parse::<f64>().ok() == n.as_f64()
        }
        (Value::Bool(b), Value::String(s)) | (Value::String(s), Value::Bool(b)) => {
            s == &b.to_string()
        }
        (Value::String(a), Value::String(b)) if a != b => {
            // Policy documents: the provider reformats JSON (indentation, key order) and writes
            // the lists of `aws_iam_policy_document` (actions, resources, identifiers: sets in
            // its schema) in its own set order; compare what they mean.
            match (
                serde_json::from_str::<Value>(a),
                serde_json::from_str::<Value>(b),
            ) {
                (Ok(x @ (Value::Object(_) | Value::Array(_))), Ok(y)) => {
                    canonical(&x) == canonical(&y)
                }
                _ => false,
            }
        }
        (a, b) => a == b,
    }
}

fn compare_values(case: &Case, counts: &mut Counts) -> (BTreeSet<String>, BTreeSet<String>) {
    let hcl = inspect(case.dir);
    let planned = plan_resources(&plan(case.name));
    let mut ours = BTreeSet::new();
    for r in hcl["resources"].as_array().expect("resources") {
        let address = r["address"].as_str().expect("address").to_string();
        ours.insert(address.clone());
        let Some((values, after_unknown)) = planned.get(&address) else {
            continue;
        };
        let unknown: Vec<Vec<&str>> = r["unknown"]
            .as_array()
            .expect("unknown")
            .iter()
            .filter_map(Value::as_str)
            .map(|p| p.split('.').collect())
            .collect();
        let is_ours_unknown = |path: &[&str]| unknown.iter().any(|u| path.starts_with(u));
        let mut found = Vec::new();
        leaves(&r["values"], &mut Vec::new(), &mut found);
        for (path, value) in found {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let theirs = at(values, &path);
            let theirs_unknown = plan_unknown(after_unknown, &path);
            if is_ours_unknown(&path) {
                if theirs.is_some_and(|v| !v.is_null()) && !theirs_unknown {
                    counts.unknown_ours += 1;
                }
                continue;
            }
            let Some(theirs) = theirs.filter(|_| !theirs_unknown) else {
                counts.plan_knows_less += 1;
                continue;
            };
            counts.compared += 1;
            let equal = same(&value, theirs) || set_equal(&r["values"], values, &path);
            if equal {
                counts.equal += 1;
            } else {
                counts.different.push(format!(
                    "{address} {}: HCL {value} vs plan {theirs}",
                    path.join(".")
                ));
            }
        }
    }
    let theirs: BTreeSet<String> = planned.keys().cloned().collect();
    (ours, theirs)
}

/// A value with every list sorted (by canonical text) and objects compared by content: equal
/// for two values that differ only in the order of set elements.
fn canonical(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let mut parts: Vec<String> = items.iter().map(canonical).collect();
            parts.sort();
            format!("[{}]", parts.join(","))
        }
        Value::Object(map) => {
            let mut parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k:?}:{}", canonical(v)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
        scalar => scalar.to_string(),
    }
}

/// Sets are ordered by the provider in a plan (strings sorted, blocks by hash): a value inside a
/// list that holds the same members on both sides, in another order, is the same set member.
fn set_equal(ours: &Value, theirs: &Value, path: &[&str]) -> bool {
    (0..path.len()).rev().any(
        |end| match (at(ours, &path[..end]), at(theirs, &path[..end])) {
            (Some(a @ Value::Array(_)), Some(b @ Value::Array(_))) => canonical(a) == canonical(b),
            _ => false,
        },
    )
}

#[test]
fn the_hcl_evaluation_gives_what_terraforms_plan_knows_never_a_different_value() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for case in CASES {
        let mut counts = Counts::default();
        let (ours, theirs) = compare_values(case, &mut counts);
        report.push(format!(
            "{:<14} compared {:>4}  equal {:>4}  unknown on our side {:>3}  plan knows less {:>3}  different {}",
            case.name,
            counts.compared,
            counts.equal,
            counts.unknown_ours,
            counts.plan_knows_less,
            counts.different.len()
        ));
        failures.extend(
            counts
                .different
                .iter()
                .map(|d| format!("{}: {d}", case.name)),
        );
        if counts.equal < case.min_equal {
            failures.push(format!(
                "{}: only {} values equal, fewer than {}",
                case.name, counts.equal, case.min_equal
            ));
        }
        let only_ours: BTreeSet<&str> = ours.difference(&theirs).map(String::as_str).collect();
        let excused: BTreeSet<&str> = case.only_hcl_instances.iter().map(|(a, _)| *a).collect();
        if only_ours != excused {
            failures.push(format!(
                "{}: instances only the HCL has: {only_ours:?}",
                case.name
            ));
        }
        let only_theirs: Vec<&String> = theirs.difference(&ours).collect();
        if !only_theirs.is_empty() {
            failures.push(format!(
                "{}: instances only the plan has: {only_theirs:?}",
                case.name
            ));
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn scan_finds_the_same_from_the_hcl_and_from_terraforms_plan() {
    for case in CASES {
        let plan = format!("testdata/plan/terraform/{}.json", case.name);
        let (hcl_code, hcl) = scan_json(&[case.dir]);
        let (plan_code, planned) = scan_json(&[case.dir, "--plan", &plan]);
        assert_eq!(hcl["errors"], serde_json::json!([]), "{}", case.name);
        assert_eq!(planned["errors"], serde_json::json!([]), "{}", case.name);
        let hcl = actual(&hcl);
        let planned = actual(&planned);
        let expected_only_hcl: BTreeSet<Expectation> = case
            .only_hcl
            .iter()
            .map(|(rule, resource, file, line, _)| {
                (
                    format!("{}/{file}", case.dir),
                    *line,
                    rule.to_string(),
                    resource.to_string(),
                )
            })
            .collect();
        let only_hcl: BTreeSet<Expectation> = hcl.difference(&planned).cloned().collect();
        let only_plan: BTreeSet<Expectation> = planned.difference(&hcl).cloned().collect();
        assert_eq!(
            only_hcl, expected_only_hcl,
            "{}: findings only the HCL gives",
            case.name
        );
        assert_eq!(
            only_plan,
            BTreeSet::new(),
            "{}: findings only the plan gives",
            case.name
        );
        assert!(!hcl.is_empty(), "{}: no findings to compare", case.name);
        eprintln!(
            "{:<14} findings compared {:>3}, identical {:>3}",
            case.name,
            hcl.len(),
            hcl.intersection(&planned).count()
        );
        assert_eq!(hcl_code, plan_code, "{}", case.name);
    }
}
