//! The JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure DevOps):
//! one test suite per rule, named `ID slug`, with a failing test case per finding, a skipped case
//! per suppressed finding (the reason as its message) and, for a rule without findings, one
//! passing case, so the rules that passed show too. Input errors form a last suite, `errors`.
//! Deterministic: rules in the order given, findings in the report's order, no times.

use std::collections::HashMap;

use quick_junit::{
    NonSuccessKind, Property, Report as JunitReport, TestCase, TestCaseStatus, TestSuite,
};

use super::{Finding, Report, Suppressed, SuppressionKind};
use crate::{RuleMeta, ScanError};

/// Renders `report` as JUnit XML. `rules` are the loaded rules, in the order their suites are
/// written; findings of a rule not among them get a suite after them, by rule ID.
pub fn render(report: &Report, rules: &[&RuleMeta]) -> String {
    let mut by_rule: HashMap<&str, RuleCases> = HashMap::new();
    for finding in &report.findings {
        by_rule
            .entry(finding.rule_id.as_str())
            .or_default()
            .findings
            .push(finding);
    }
    for suppressed in &report.suppressed {
        by_rule
            .entry(suppressed.finding.rule_id.as_str())
            .or_default()
            .suppressed
            .push(suppressed);
    }
    let mut junit = JunitReport::new("tfwarden");
    for rule in rules {
        let mut suite = TestSuite::new(format!("{} {}", rule.id, rule.slug));
        suite.add_property(Property::new("severity", rule.severity.as_str()));
        suite.add_property(Property::new("title", rule.title.as_str()));
        if let Some(control) = &rule.security_hub {
            suite.add_property(Property::new("security_hub", control.as_str()));
        }
        add_cases(&mut suite, by_rule.get(rule.id.as_str()), Some(rule));
        junit.add_test_suite(suite);
    }
    let mut unknown: Vec<(&str, &str)> = report
        .findings
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.finding))
        .filter(|f| !rules.iter().any(|r| r.id == f.rule_id))
        .map(|f| (f.rule_id.as_str(), f.rule.as_str()))
        .collect();
    unknown.sort_unstable();
    unknown.dedup_by(|a, b| a.0 == b.0);
    for (id, slug) in unknown {
        let mut suite = TestSuite::new(format!("{id} {slug}"));
        add_cases(&mut suite, by_rule.get(id), None);
        junit.add_test_suite(suite);
    }
    if !report.errors.is_empty() {
        let mut suite = TestSuite::new("errors");
        suite.add_test_cases(report.errors.iter().map(error_case));
        junit.add_test_suite(suite);
    }
    match junit.to_string() {
        Ok(mut xml) => {
            if !xml.ends_with('\n') {
                xml.push('\n');
            }
            xml
        }
        Err(e) => format!("<!-- cannot write JUnit XML: {e} -->\n"),
    }
}

/// One rule's findings and suppressed findings, in the report's order.
#[derive(Default)]
struct RuleCases<'a> {
    findings: Vec<&'a Finding>,
    suppressed: Vec<&'a Suppressed>,
}

/// The cases of one rule's suite: its findings, its suppressed findings and, without findings,
/// one passing case.
fn add_cases(suite: &mut TestSuite, cases: Option<&RuleCases<'_>>, rule: Option<&RuleMeta>) {
    let (findings, suppressed) = cases.map_or((&[][..], &[][..]), |c| {
        (c.findings.as_slice(), c.suppressed.as_slice())
    });
    suite.add_test_cases(findings.iter().map(|f| finding_case(f)));
    suite.add_test_cases(suppressed.iter().map(|s| suppressed_case(s)));
    if findings.is_empty() {
        if let Some(rule) = rule {
            let mut case = TestCase::new(
                format!("{} {}", rule.id, rule.slug),
                TestCaseStatus::success(),
            );
            case.set_classname("tfwarden");
            suite.add_test_case(case);
        }
    }
}

/// The test case name of a finding: `root: resource attribute` (one address can be in several
/// roots).
fn case_name(finding: &Finding) -> String {
    match &finding.attribute {
        Some(attribute) => format!("{}: {} {}", finding.root, finding.resource, attribute),
        None => format!("{}: {}", finding.root, finding.resource),
    }
}

fn location(finding: &Finding) -> String {
    format!(
        "{}:{}:{}: {}",
        finding.file, finding.line, finding.column, finding.message
    )
}

/// A failing case: message `file:line:column: message`, type the severity, the title and
/// remediation as its text.
fn finding_case(finding: &Finding) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status
        .set_message(location(finding))
        .set_type(finding.severity.as_str())
        .set_description(format!(
            "{}\nRemediation: {}",
            finding.title, finding.remediation
        ));
    let mut case = TestCase::new(case_name(finding), status);
    case.set_classname(finding.file.as_str());
    case
}

/// A skipped case: the suppression's reason as message, its kind as type.
fn suppressed_case(suppressed: &Suppressed) -> TestCase {
    let finding = &suppressed.finding;
    let suppression = &suppressed.suppression;
    let kind = match suppression.kind {
        SuppressionKind::Inline => "inline",
        SuppressionKind::Baseline => "baseline",
        SuppressionKind::Config => "config",
    };
    let mut status = TestCaseStatus::skipped();
    status
        .set_message(
            suppression
                .reason
                .clone()
                .unwrap_or_else(|| "suppressed".to_string()),
        )
        .set_type(kind)
        .set_description(location(finding));
    let mut case = TestCase::new(case_name(finding), status);
    case.set_classname(finding.file.as_str());
    case
}

/// An erroring case for an input that could not be read or parsed.
fn error_case(error: &ScanError) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_message(error.to_string()).set_type("error");
    let name = error.place();
    let mut case = TestCase::new(name, status);
    case.set_classname(error.file.as_str());
    case
}
