//! GitHub Actions workflow commands: one annotation line per finding (`::error`, `::warning` or
//! `::notice` by severity), input errors as `::error`, notes as `::notice`; and the job summary
//! (`$GITHUB_STEP_SUMMARY`), a Markdown table of every finding. Suppressed findings are not
//! annotated. Data is escaped as the Actions toolkit does, so a message cannot end the command
//! or inject another one.

use std::fmt::Write;

use super::{Finding, Report};
use crate::Severity;

/// Renders `report` as workflow commands, one per line. GitHub shows only the first few
/// annotations of each level per step (10 errors, 10 warnings), so the order is by importance:
/// input errors (the scan is incomplete), then findings from critical down (in the report's
/// order within a severity), then notes. The job summary lists everything.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for error in &report.errors {
        // A path with no position (one that does not exist) is named without a line.
        let mut at = vec![("file", error.file.clone())];
        if error.has_position() {
            at.push(("line", error.line.to_string()));
            at.push(("col", error.column.to_string()));
        }
        let _ = writeln!(out, "{}", command("error", &at, &error.message));
    }
    for finding in by_severity(report) {
        let _ = writeln!(out, "{}", finding_command(finding));
    }
    for note in &report.notes {
        let _ = writeln!(
            out,
            "{}",
            command(
                "notice",
                &[
                    ("file", note.file.clone()),
                    ("line", note.line.to_string()),
                    ("col", note.column.to_string()),
                ],
                &note.message
            )
        );
    }
    out
}

/// The findings, most severe first; the report's order (file, line) within a severity.
fn by_severity(report: &Report) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    findings
}

/// The job summary (`$GITHUB_STEP_SUMMARY`, Markdown): the counts, then one table row per
/// finding, most severe first, then input errors; GitHub shows it on the run's page, with
/// nothing left out (annotations are capped per step).
pub fn step_summary(report: &Report) -> String {
    let mut out = String::from("## tfwarden\n\n");
    let _ = writeln!(out, "{}\n", super::human::summary_line(report));
    if !report.findings.is_empty() {
        out.push_str("| severity | rule | resource | location | message |\n");
        out.push_str("|---|---|---|---|---|\n");
        for f in by_severity(report) {
            let _ = writeln!(
                out,
                "| {} | {} `{}` | `{}` | `{}:{}:{}` | {} |",
                f.severity,
                f.rule_id,
                f.rule,
                cell(&f.resource),
                cell(&f.file),
                f.line,
                f.column,
                cell(&f.message)
            );
        }
        out.push('\n');
    }
    if !report.errors.is_empty() {
        out.push_str("| error | location |\n|---|---|\n");
        for e in &report.errors {
            let _ = writeln!(out, "| {} | `{}` |", cell(&e.message), cell(&e.place()));
        }
        out.push('\n');
    }
    out
}

/// Text for a Markdown table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The annotation level of a severity: critical and high are errors, medium and low warnings,
/// info a notice.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "notice",
    }
}

/// One finding's annotation. GitHub only honours columns on a single line, so a finding that
/// spans lines gives `line` and `endLine` only.
fn finding_command(finding: &Finding) -> String {
    let mut properties = vec![
        ("file", finding.file.replace('\\', "/")),
        ("line", finding.line.to_string()),
    ];
    if finding.end_line == finding.line {
        properties.push(("col", finding.column.to_string()));
        properties.push(("endLine", finding.end_line.to_string()));
        properties.push(("endColumn", finding.end_column.to_string()));
    } else {
        properties.push(("endLine", finding.end_line.to_string()));
    }
    properties.push((
        "title",
        format!(
            "{} {} (root {})",
            finding.rule_id, finding.rule, finding.root
        ),
    ));
    command(level(finding.severity), &properties, &finding.message)
}

/// `::name key=value,...::message`, every part escaped.
fn command(name: &str, properties: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!("::{name} {}::{}", props.join(","), escape_data(message))
}

/// Escapes a command's message: `%`, carriage return and newline.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
