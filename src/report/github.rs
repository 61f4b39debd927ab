//! GitHub Actions workflow commands: one annotation line per finding (`::error`, `::warning` or
//! `::notice` by severity), input errors as `::error`, notes as `::notice`. Suppressed findings
//! are not annotated. Data is escaped as the Actions toolkit does, so a message cannot end the
//! command or inject another one.

use std::fmt::Write;

use super::{Finding, Report};
use crate::Severity;

/// Renders `report` as workflow commands, one per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let _ = writeln!(out, "{}", finding_command(finding));
    }
    for error in &report.errors {
        let _ = writeln!(
            out,
            "{}",
            command(
                "error",
                &[
                    ("file", error.file.clone()),
                    ("line", error.line.to_string()),
                    ("col", error.column.to_string()),
                ],
                &error.message
            )
        );
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
