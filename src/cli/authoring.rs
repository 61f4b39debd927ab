//! The policy-authoring commands: `tfwarden test` (Rego unit tests), `tfwarden inspect` (the
//! input document) and `tfwarden rules` (list, explain, documentation pages).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{scanner, today_override, write_all, Format, PolicyArgs};
use crate::policy;
use crate::policy::testing::{run_tests, TestOptions, TestRun};
use crate::report::{human, rules as rule_docs, Report};
use crate::{Error, RuleMeta};

#[derive(Debug, clap::Args)]
pub(crate) struct TestArgs {
    /// Policy directories whose tests to run (default: the shipped library). Their policies are
    /// loaded with the shipped `lib`, so they can use its helpers.
    dirs: Vec<PathBuf>,
    /// Run only tests whose full name (`data.pkg.test_name`) matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    run: Option<String>,
    /// Print line coverage of each policy file.
    #[arg(long)]
    coverage: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TestFormat {
    Human,
    Junit,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// Files or directories to load.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Load a Terraform plan JSON instead (repeatable); PATHs then only locate resources.
    #[arg(long = "plan", value_name = "FILE")]
    plans: Vec<PathBuf>,
    /// Print only this resource (full address; repeatable).
    #[arg(long, value_name = "ADDRESS")]
    resource: Vec<String>,
    /// Print secret values in clear. By default values the plan marks sensitive and values that
    /// look like credentials (by their name, as LMB401 judges, or their form) are masked.
    #[arg(long)]
    show_secrets: bool,
    #[command(flatten)]
    vars: super::VarArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RulesArgs {
    /// A rule to explain: its ID, its slug, or the ID of an equivalent check in another scanner
    /// (`CKV_AWS_45`, `AVD-AWS-0066`), which finds the rule that covers it.
    id: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write one Markdown page per rule, and an index, into DIR.
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    #[command(flatten)]
    policies: PolicyArgs,
}

/// `tfwarden test`: exit 0 when every test passes, 1 when one fails, 2 when policies do not load.
pub(crate) fn test(args: TestArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let filter = args
        .run
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Error::Usage(format!("--run: {e}")))?;
    let mut sources = policy::embedded();
    let mut files = None;
    if !args.dirs.is_empty() {
        // The shipped rules' own tests are not run, but their policies stay loaded for `lib`.
        sources.retain(|s| !s.path.ends_with("_test.rego"));
        let mut errors = Vec::new();
        let mut selected = BTreeSet::new();
        for dir in &args.dirs {
            match policy::read_dir(dir) {
                Ok(found) => {
                    selected.extend(found.iter().map(|s| s.path.clone()));
                    sources.extend(found);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Policy(errors));
        }
        files = Some(selected);
    }
    let today =
        today_override().unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string());
    let run = run_tests(
        &sources,
        &today,
        &TestOptions {
            files,
            filter,
            coverage: args.coverage,
        },
    )?;
    let text = match args.format {
        TestFormat::Human => human_tests(&run),
        TestFormat::Junit => junit_tests(&run)?,
    };
    write_all(out, &text)?;
    Ok(if run.counts().1 > 0 { 1 } else { 0 })
}

fn human_tests(run: &TestRun) -> String {
    let mut s = String::new();
    for o in &run.outcomes {
        let status = if o.failure.is_some() { "FAIL" } else { "PASS" };
        s.push_str(&format!(
            "{status} {}:{} {}\n",
            o.file,
            o.line,
            o.name.trim_start_matches("data.")
        ));
        if let Some(why) = &o.failure {
            for line in why.lines() {
                s.push_str(&format!("     {line}\n"));
            }
        }
    }
    if !run.coverage.is_empty() {
        s.push_str("\ncoverage:\n");
        for f in &run.coverage {
            let missing = line_ranges(&f.not_covered);
            s.push_str(&format!(
                "{:>6.1}%  {}{}\n",
                f.percent(),
                f.file,
                if missing.is_empty() {
                    String::new()
                } else {
                    format!("  (not run: lines {missing})")
                }
            ));
        }
    }
    let (passed, failed) = run.counts();
    if run.outcomes.is_empty() {
        s.push_str("no tests found (test rules are named test_* in *_test.rego files)\n");
    }
    s.push_str(&format!("{passed} passed, {failed} failed\n"));
    s
}

/// `1-3, 7, 9-10` from a set of line numbers.
fn line_ranges(lines: &BTreeSet<u32>) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &line in lines {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => ranges.push((line, line)),
        }
    }
    ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn junit_tests(run: &TestRun) -> Result<String, Error> {
    let mut report = JunitReport::new("tfwarden test");
    let mut suites: Vec<TestSuite> = Vec::new();
    for o in &run.outcomes {
        if suites.last().is_none_or(|s| s.name.as_str() != o.file) {
            suites.push(TestSuite::new(o.file.clone()));
        }
        let status = match &o.failure {
            None => TestCaseStatus::success(),
            Some(why) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(why.clone());
                status
            }
        };
        let mut case = TestCase::new(o.name.trim_start_matches("data.").to_string(), status);
        case.set_classname(format!("{}:{}", o.file, o.line))
            .set_time(o.duration);
        if let Some(suite) = suites.last_mut() {
            suite.add_test_case(case);
        }
    }
    report.add_test_suites(suites);
    report
        .to_string()
        .map_err(|e| Error::Usage(format!("cannot write JUnit XML: {e}")))
}

/// `tfwarden inspect`: the input document as JSON; exit 2 (document still printed) when an
/// input could not be read or parsed.
pub(crate) fn inspect(
    args: InspectArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, Error> {
    let mut report = Report::default();
    let vars = args.vars.inputs()?;
    let loaded = crate::scanner::load(
        &args.paths,
        &args.plans,
        None,
        &vars,
        &crate::evaluate::Limits::default(),
        &mut report,
    );
    let (graph, kind) = (loaded.graph, loaded.kind);
    let shown: Vec<String> = args
        .paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut doc = graph.input_document(kind, &shown);
    let masked = if args.show_secrets {
        0
    } else {
        crate::report::mask::mask_input_document(&mut doc, &graph)
    };
    if !args.resource.is_empty() {
        let wanted: BTreeSet<&str> = args.resource.iter().map(String::as_str).collect();
        let resources: Vec<serde_json::Value> = doc["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["address"].as_str().is_some_and(|a| wanted.contains(a)))
            .cloned()
            .collect();
        if resources.is_empty() {
            return Err(Error::Usage(format!(
                "no resource {} in {}",
                args.resource.join(", "),
                shown.join(" ")
            )));
        }
        doc =
            serde_json::json!({ "format_version": doc["format_version"], "resources": resources });
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    write_all(out, &text)?;
    if masked > 0 {
        let _ = writeln!(
            err,
            "note: {masked} secret value{} masked (--show-secrets prints them)",
            if masked == 1 { "" } else { "s" }
        );
    }
    if report.errors.is_empty() {
        return Ok(0);
    }
    let errors = human::render_errors(
        &report.errors,
        &|file| report.sources.get(file).cloned(),
        human::HumanOptions::default(),
    );
    let _ = write!(err, "{errors}");
    Ok(2)
}

/// `tfwarden rules`: list, explain one (`ID` or slug), or write documentation pages.
pub(crate) fn rules(args: RulesArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let (scanner, _) = scanner(&args.policies, Path::new("."), &super::VarArgs::default())?;
    let all: Vec<&RuleMeta> = scanner.rules().collect();
    if let Some(dir) = &args.docs {
        write_docs(dir, &all)?;
        write_all(
            out,
            &format!(
                "wrote {} rule pages and README.md to {}\n",
                all.len(),
                dir.display()
            ),
        )?;
        return Ok(0);
    }
    // An ID, a slug, or another scanner's ID for the same check (`CKV_AWS_45`).
    let rules: Vec<&RuleMeta> = all
        .iter()
        .copied()
        .filter(|r| args.id.as_ref().is_none_or(|id| r.answers_to(id)))
        .collect();
    if let Some(id) = &args.id {
        if rules.is_empty() {
            return Err(Error::Usage(format!(
                "no rule {id:?}: not an ID, slug or equivalent check ID of a loaded rule (see `tfwarden rules`)"
            )));
        }
    }
    let text = match (args.format, &args.id) {
        (Format::Json, _) => {
            let mut s = serde_json::to_string_pretty(&rules).unwrap_or_default();
            s.push('\n');
            s
        }
        (Format::Human, Some(id)) => {
            let mut text = String::new();
            // Looked up by another tool's ID: say which rule answers to it.
            for r in rules
                .iter()
                .filter(|r| !r.id.eq_ignore_ascii_case(id) && r.slug != *id)
            {
                text.push_str(&format!("{id} is covered by {} ({}):\n\n", r.id, r.slug));
                text.push_str(&rule_docs::explain(r));
            }
            for r in rules
                .iter()
                .filter(|r| r.id.eq_ignore_ascii_case(id) || r.slug == *id)
            {
                text.push_str(&rule_docs::explain(r));
            }
            text
        }
        (Format::Human, None) => rule_docs::list(&rules),
    };
    write_all(out, &text)?;
    Ok(0)
}

/// Writes `<ID>.md` for every rule and `README.md` (the index) into `dir`.
pub fn write_docs(dir: &Path, rules: &[&RuleMeta]) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Usage(format!("cannot write to {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    for r in rules {
        std::fs::write(dir.join(format!("{}.md", r.id)), rule_docs::page(r)).map_err(io)?;
    }
    std::fs::write(dir.join("README.md"), rule_docs::index(rules)).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_are_compact() {
        assert_eq!(
            line_ranges(&BTreeSet::from([1, 2, 3, 7, 9, 10])),
            "1-3, 7, 9-10"
        );
        assert_eq!(line_ranges(&BTreeSet::new()), "");
    }
}
