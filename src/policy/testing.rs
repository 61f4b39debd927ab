//! The Rego unit-test runner: regorus has none, so this finds every `test_*` rule in the loaded
//! test files and evaluates it; a test passes when it evaluates to `true`.
//!
//! Tests get two builtins besides the standard ones, so a rule can be tested against real
//! Terraform rather than hand-written JSON:
//! - `tfwarden.hcl(text)`: the input document of an inline HCL file (root `.`, file `main.tf`);
//! - `tfwarden.locate(text, finding)`: `{"line", "column"}` where that finding points in it.
//!
//! They exist only here: a scan's policies get no builtin that reads or parses anything.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use regorus::Value as RegoValue;

use super::{build_engine, located_error, Loaded, PolicySource};
use crate::evaluate::evaluate_files;
use crate::graph::Graph;
use crate::parse::{decode, parse_hcl};
use crate::timing::Stopwatch;
use crate::{Error, ScanError};

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
    /// How long it took.
    pub duration: Duration,
}

/// Which tests to run and what to measure.
#[derive(Debug, Default, Clone)]
pub struct TestOptions {
    /// Only tests written in these files (all test files when `None`).
    pub files: Option<BTreeSet<String>>,
    /// Only tests whose full name (`data.pkg.test_x`) matches.
    pub filter: Option<regex::Regex>,
    /// Record which policy lines the tests executed.
    pub coverage: bool,
}

/// Line coverage of one policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoverage {
    /// The policy file.
    pub file: String,
    /// Lines executed by the tests.
    pub covered: BTreeSet<u32>,
    /// Lines that hold code the tests never executed.
    pub not_covered: BTreeSet<u32>,
}

impl FileCoverage {
    /// Covered lines as a percentage of lines with code (100 for a file without code).
    pub fn percent(&self) -> f64 {
        let total = self.covered.len() + self.not_covered.len();
        if total == 0 {
            100.0
        } else {
            self.covered.len() as f64 * 100.0 / total as f64
        }
    }
}

/// The result of a test run.
#[derive(Debug, Default)]
pub struct TestRun {
    /// Every test run, sorted by file and line.
    pub outcomes: Vec<TestOutcome>,
    /// Coverage of the non-test policy files under test, when asked for.
    pub coverage: Vec<FileCoverage>,
}

impl TestRun {
    /// How many tests passed and failed.
    pub fn counts(&self) -> (usize, usize) {
        let failed = self.outcomes.iter().filter(|o| o.failure.is_some()).count();
        (self.outcomes.len() - failed, failed)
    }
}

/// Loads `sources` (tests included) and runs the `test_*` rules that `options` selects.
/// `today` is `data.tfwarden.config.today` (tests that depend on the date override it).
pub fn run_tests(
    sources: &[PolicySource],
    today: &str,
    options: &TestOptions,
) -> Result<TestRun, Error> {
    let refs: Vec<&PolicySource> = sources.iter().collect();
    let Loaded {
        mut engine,
        headers,
    } = build_engine(
        &refs,
        today,
        &serde_json::Map::new(),
        &mut Stopwatch::start(),
    )?;
    add_builtins(&mut engine)?;
    let mut tests: Vec<(String, usize, String)> = Vec::new();
    for (source, header) in &headers {
        if !source.is_test()
            || options
                .files
                .as_ref()
                .is_some_and(|f| !f.contains(&source.path))
        {
            continue;
        }
        let mut seen = BTreeSet::new();
        for (i, line) in source.text.lines().enumerate() {
            let Some(name) = test_rule_name(line) else {
                continue;
            };
            let full = format!("{}.{name}", header.package);
            if options
                .filter
                .as_ref()
                .is_some_and(|re| !re.is_match(&full))
            {
                continue;
            }
            if seen.insert(name.to_string()) {
                tests.push((source.path.clone(), i + 1, full));
            }
        }
    }
    engine.set_input(RegoValue::new_object());
    // Analyze every module once, before any test runs: a mistake the analyzer finds (an
    // unknown name, an unsafe variable) is the files' error, at its line, not every test's
    // failure; and no test runs twice (its print() output would show twice).
    if let Err(e) = engine.eval_query("true".to_string(), false) {
        let fallback = tests
            .first()
            .map_or("<tests>", |(file, _, _)| file.as_str());
        return Err(Error::Policy(vec![located_error(&e.to_string(), fallback)]));
    }
    engine.set_enable_coverage(options.coverage);
    let run_one = |engine: &mut regorus::Engine, (file, line, name): (String, usize, String)| {
        let started = Instant::now();
        let failure = match engine.eval_rule(name.clone()) {
            Ok(RegoValue::Bool(true)) => None,
            Ok(RegoValue::Undefined) => Some(UNDEFINED.to_string()),
            Ok(other) => Some(format!("evaluated to {other}, not true")),
            Err(e) => Some(format!("error: {}", located_error(&e.to_string(), &file))),
        };
        TestOutcome {
            file,
            line,
            name,
            failure,
            duration: started.elapsed(),
        }
    };
    let mut run = TestRun::default();
    if options.coverage {
        // Coverage is recorded per engine: run in one, in order.
        run.outcomes = tests.into_iter().map(|t| run_one(&mut engine, t)).collect();
        run.coverage = coverage(&engine, &headers, options.files.as_ref());
    } else {
        // The engine is prepared (above): every clone shares the analysis.
        run.outcomes = tests
            .into_par_iter()
            .map(|t| run_one(&mut engine.clone(), t))
            .collect();
    }
    run.outcomes
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    // An undefined test names the statement that did not hold and its operands' values.
    for outcome in &mut run.outcomes {
        if outcome.failure.as_deref() != Some(UNDEFINED) {
            continue;
        }
        let source = headers.iter().find(|(s, _)| s.path == outcome.file);
        let package = outcome.name.rsplit_once('.').map(|(p, _)| p);
        if let (Some((source, _)), Some(package)) = (source, package) {
            engine.set_enable_coverage(false);
            if let Some(why) = super::explain::undefined(&engine, source, package, outcome.line) {
                outcome.failure = Some(why);
            }
        }
    }
    Ok(run)
}

/// What an undefined test says when its failing statement cannot be found.
const UNDEFINED: &str = "undefined (a condition did not hold)";

fn coverage(
    engine: &regorus::Engine,
    headers: &[(&PolicySource, super::metadata::PolicyHeader)],
    files: Option<&BTreeSet<String>>,
) -> Vec<FileCoverage> {
    let Ok(report) = engine.get_coverage_report() else {
        return Vec::new();
    };
    let policies: BTreeSet<&str> = headers
        .iter()
        .filter(|(s, _)| !s.is_test() && files.is_none_or(|f| f.contains(&s.path)))
        .map(|(s, _)| s.path.as_str())
        .collect();
    let mut files: Vec<FileCoverage> = report
        .files
        .into_iter()
        .filter(|f| policies.contains(f.path.as_str()))
        .map(|f| FileCoverage {
            file: f.path,
            covered: f.covered,
            not_covered: f.not_covered,
        })
        .collect();
    files.sort_by(|a, b| a.file.cmp(&b.file));
    files
}

/// Registers `tfwarden.hcl` and `tfwarden.locate`.
fn add_builtins(engine: &mut regorus::Engine) -> Result<(), Error> {
    let hcl = |args: Vec<RegoValue>| -> anyhow::Result<RegoValue> {
        let text = args[0].as_string()?.to_string();
        let graph = graph_of(&text).map_err(anyhow::Error::msg)?;
        Ok(RegoValue::from(
            graph.input_document("hcl", &["main.tf".to_string()]),
        ))
    };
    let locate = |args: Vec<RegoValue>| -> anyhow::Result<RegoValue> {
        let text = args[0].as_string()?.to_string();
        let graph = graph_of(&text).map_err(anyhow::Error::msg)?;
        let finding: serde_json::Value = serde_json::to_value(&args[1])?;
        let field = |name: &str| finding.get(name).and_then(serde_json::Value::as_str);
        let resource =
            field("resource").ok_or_else(|| anyhow::anyhow!("the finding has no `resource`"))?;
        let located = graph
            .locate(
                field("root"),
                resource,
                field("attribute").unwrap_or_default(),
            )
            .ok_or_else(|| anyhow::anyhow!("no resource {resource} in the HCL"))?;
        let start = located.file.position(located.range.start);
        Ok(RegoValue::from(
            serde_json::json!({ "line": start.line, "column": start.column }),
        ))
    };
    let register =
        |engine: &mut regorus::Engine, name: &str, nargs, f: Box<dyn regorus::Extension>| {
            engine
                .add_extension(name.to_string(), nargs, f)
                .map_err(|e| Error::Policy(vec![ScanError::file("<builtins>", e.to_string())]))
        };
    register(engine, "tfwarden.hcl", 1, Box::new(hcl))?;
    register(engine, "tfwarden.locate", 2, Box::new(locate))
}

/// The graph of one inline HCL file, `main.tf` in root `.`; errors name line and column.
fn graph_of(text: &str) -> Result<Graph, String> {
    let fail = |e: ScanError| format!("inline HCL {}:{}: {}", e.line, e.column, e.message);
    let source = Arc::new(decode("main.tf", text.as_bytes().to_vec()).map_err(fail)?);
    let parsed = parse_hcl(source).map_err(fail)?;
    let module = evaluate_files(vec![parsed], ".");
    if let Some(e) = module.errors.into_iter().next() {
        return Err(fail(e));
    }
    Ok(Graph::new(module.resources, module.providers))
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

    fn run(sources: &[PolicySource], options: &TestOptions) -> Vec<(String, usize, bool)> {
        run_tests(sources, "2026-01-01", options)
            .unwrap()
            .outcomes
            .into_iter()
            .map(|o| (o.name, o.line, o.failure.is_none()))
            .collect()
    }

    #[test]
    fn passing_failing_and_undefined_tests_are_told_apart() {
        let got = run(
            &[source(
                "p_test.rego",
                "package p\n\nx := 2\n\ntest_ok if x == 2\n\ntest_false := false\n\ntest_undefined if x == 3\n",
            )],
            &TestOptions::default(),
        );
        assert_eq!(
            got,
            [
                ("data.p.test_ok".to_string(), 5, true),
                ("data.p.test_false".to_string(), 7, false),
                ("data.p.test_undefined".to_string(), 9, false),
            ]
        );
    }

    #[test]
    fn filter_and_file_selection() {
        let sources = [
            source(
                "a_test.rego",
                "package a\n\ntest_one if true\n\ntest_two if true\n",
            ),
            source("b_test.rego", "package b\n\ntest_one if true\n"),
        ];
        let only_two = TestOptions {
            filter: Some(regex::Regex::new("two$").unwrap()),
            ..TestOptions::default()
        };
        assert_eq!(
            run(&sources, &only_two),
            [("data.a.test_two".to_string(), 5, true)]
        );
        let only_b = TestOptions {
            files: Some(BTreeSet::from(["b_test.rego".to_string()])),
            ..TestOptions::default()
        };
        assert_eq!(
            run(&sources, &only_b),
            [("data.b.test_one".to_string(), 3, true)]
        );
    }

    #[test]
    fn inline_hcl_gives_the_input_document_and_locations() {
        let test = r#"package t

src := `resource "aws_lambda_function" "api" {
  runtime = "python3.8"
  tags    = { team = "a" }
}`

test_document if {
	doc := tfwarden.hcl(src)
	fn := doc.resources[0]
	fn.address == "aws_lambda_function.api"
	fn.values.runtime == "python3.8"
	doc.index.by_type.aws_lambda_function == [0]
}

test_locate if {
	tfwarden.locate(src, {"resource": "aws_lambda_function.api", "attribute": "tags.team"}) == {"line": 3, "column": 15}
	tfwarden.locate(src, {"resource": "aws_lambda_function.api", "attribute": "kms_key_arn"}) == {"line": 1, "column": 1}
}

test_bad_hcl_is_an_error if {
	tfwarden.hcl("resource {")
}
"#;
        let outcomes = run_tests(
            &[source("t_test.rego", test)],
            "2026-01-01",
            &TestOptions::default(),
        )
        .unwrap()
        .outcomes;
        assert_eq!(outcomes[0].failure, None, "{:?}", outcomes[0]);
        assert_eq!(outcomes[1].failure, None, "{:?}", outcomes[1]);
        let bad = outcomes[2].failure.as_deref().unwrap_or_default();
        assert!(bad.contains("inline HCL 1:"), "{bad}");
    }

    #[test]
    fn coverage_reports_lines_the_tests_ran() {
        let sources = [
            source(
                "p.rego",
                "package p\n\nf(x) := 1 if x > 0\n\ng(x) := 2 if {\n  x < 0\n}\n",
            ),
            source("p_test.rego", "package p\n\ntest_f if f(1) == 1\n"),
        ];
        let run = run_tests(
            &sources,
            "2026-01-01",
            &TestOptions {
                coverage: true,
                ..TestOptions::default()
            },
        )
        .unwrap();
        assert_eq!(run.counts(), (1, 0));
        assert_eq!(run.coverage.len(), 1);
        let file = &run.coverage[0];
        assert_eq!(file.file, "p.rego");
        assert!(file.covered.contains(&3), "{file:?}");
        assert!(file.not_covered.contains(&6), "{file:?}");
        assert!(file.percent() < 100.0);
    }

    #[test]
    fn today_is_visible_to_tests() {
        let outcomes = run_tests(
            &[source(
                "d_test.rego",
                "package d\n\ntest_today if data.tfwarden.config.today == \"2030-02-03\"\n",
            )],
            "2030-02-03",
            &TestOptions::default(),
        )
        .unwrap()
        .outcomes;
        assert_eq!(outcomes[0].failure, None);
    }
}
