//! The Rego unit-test runner: regorus has none, so this finds every `test_*` rule in the loaded
//! files and evaluates it; a test passes when it evaluates to `true`.

use rayon::prelude::*;

use super::{build_engine, located_error, Loaded, PolicySource};
use crate::Error;

/// The outcome of one `test_*` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// The file the test is written in.
    pub file: String,
    /// 1-based line of its first definition.
    pub line: usize,
    /// `data.<package>.<test name>`.
    pub name: String,
    /// `None` when it passed; otherwise what happened (false, undefined, an error).
    pub failure: Option<String>,
}

/// Loads `sources` (tests included) and runs every `test_*` rule, sorted by file and line.
/// `today` is `data.tfwarden.config.today` (tests that depend on the date override it).
pub fn run_tests(sources: &[PolicySource], today: &str) -> Result<Vec<TestOutcome>, Error> {
    let refs: Vec<&PolicySource> = sources.iter().collect();
    let Loaded {
        mut engine,
        headers,
    } = build_engine(&refs, today)?;
    let mut tests: Vec<(String, usize, String)> = Vec::new();
    for (source, header) in &headers {
        let mut seen = std::collections::HashSet::new();
        for (i, line) in source.text.lines().enumerate() {
            let Some(name) = test_rule_name(line) else {
                continue;
            };
            if seen.insert(name.to_string()) {
                tests.push((
                    source.path.clone(),
                    i + 1,
                    format!("{}.{name}", header.package),
                ));
            }
        }
    }
    engine.set_input(regorus::Value::new_object());
    if let Some((file, _, name)) = tests.first() {
        // Prepare once so every clone shares the analysis.
        if let Err(e) = engine.eval_rule(name.clone()) {
            if !e.to_string().contains("undefined") {
                return Err(Error::Policy(vec![located_error(&e.to_string(), file)]));
            }
        }
    }
    let mut outcomes: Vec<TestOutcome> = tests
        .into_par_iter()
        .map(|(file, line, name)| {
            let mut engine = engine.clone();
            let failure = match engine.eval_rule(name.clone()) {
                Ok(regorus::Value::Bool(true)) => None,
                Ok(regorus::Value::Undefined) => {
                    Some("undefined (a condition did not hold)".into())
                }
                Ok(other) => Some(format!("evaluated to {other}, not true")),
                Err(e) => Some(format!("error: {e}")),
            };
            TestOutcome {
                file,
                line,
                name,
                failure,
            }
        })
        .collect();
    outcomes.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(outcomes)
}

/// The name of a test rule defined on this line (`test_x if {`, `test_x := ...`), if any.
fn test_rule_name(line: &str) -> Option<&str> {
    if !line.starts_with("test_") {
        return None;
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    Some(&line[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, text: &str) -> PolicySource {
        PolicySource {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn passing_failing_and_undefined_tests_are_told_apart() {
        let outcomes = run_tests(
            &[source(
                "p_test.rego",
                "package p\n\nx := 2\n\ntest_ok if x == 2\n\ntest_false := false\n\ntest_undefined if x == 3\n",
            )],
            "2026-01-01",
        )
        .unwrap();
        let got: Vec<(&str, usize, bool)> = outcomes
            .iter()
            .map(|o| (o.name.as_str(), o.line, o.failure.is_none()))
            .collect();
        assert_eq!(
            got,
            [
                ("data.p.test_ok", 5, true),
                ("data.p.test_false", 7, false),
                ("data.p.test_undefined", 9, false),
            ]
        );
    }

    #[test]
    fn today_is_visible_to_tests() {
        let outcomes = run_tests(
            &[source(
                "d_test.rego",
                "package d\n\ntest_today if data.tfwarden.config.today == \"2030-02-03\"\n",
            )],
            "2030-02-03",
        )
        .unwrap();
        assert_eq!(outcomes[0].failure, None);
    }
}
