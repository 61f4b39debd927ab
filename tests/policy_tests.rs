//! Runs every Rego unit test (`test_*` rules) of the shipped library, and checks that every
//! rule has tests beside it.

use std::collections::BTreeMap;

use tfwarden::policy::testing::{run_tests, TestOptions};
use tfwarden::policy::{embedded, PolicySet};

/// Tests that depend on the date pin it with `with data.tfwarden.config.today as ...`; the
/// default here is fixed so a run never depends on the day it happens.
const TODAY: &str = "2026-11-22";

#[test]
fn every_rego_unit_test_passes() {
    let sources = embedded();
    let outcomes = run_tests(&sources, TODAY, &TestOptions::default())
        .unwrap_or_else(|e| panic!("policies do not load: {e}"))
        .outcomes;
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.failure
                .as_ref()
                .map(|why| format!("{}:{}: {}: {why}", o.file, o.line, o.name))
        })
        .collect();
    println!("{} Rego tests, {} failed", outcomes.len(), failures.len());
    assert!(
        failures.is_empty(),
        "failing Rego tests:\n{}",
        failures.join("\n")
    );
    assert!(
        outcomes.len() >= 50,
        "expected the library's tests, found {}",
        outcomes.len()
    );
}

#[test]
fn every_rule_has_at_least_a_passing_and_a_failing_test() {
    let sources = embedded();
    let set = PolicySet::load(&sources, TODAY, &serde_json::Map::new()).expect("library loads");
    let outcomes = run_tests(&sources, TODAY, &TestOptions::default())
        .expect("tests load")
        .outcomes;
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &outcomes {
        *per_file.entry(o.file.as_str()).or_default() += 1;
    }
    for rule in set.rules() {
        let test_file = rule.file.replace(".rego", "_test.rego");
        let count = per_file.get(test_file.as_str()).copied().unwrap_or(0);
        assert!(
            count >= 2,
            "{} ({}) has {count} tests in {test_file}",
            rule.id,
            rule.file
        );
    }
}
