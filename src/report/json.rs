//! The JSON report: DESIGN.md's stable, versioned schema, sorted findings. Version "2" added
//! `root` to every finding and `kind` to every note.

use serde::Serialize;

use super::{Finding, Note, Report, Summary, Suppressed};
use crate::ScanError;

/// The version of the JSON report schema.
pub const JSON_VERSION: &str = "2";

/// The document, serialized straight from the report (no intermediate `serde_json::Value`
/// copy of every finding, which at 10,000 root modules cost hundreds of MiB).
#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    findings: &'a [Finding],
    suppressed: &'a [Suppressed],
    notes: &'a [Note],
    errors: &'a [ScanError],
    summary: &'a Summary,
    /// Files deliberately not read, when there are any (an addition to version 2).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skipped: &'a [crate::discover::Skipped],
}

/// Renders `report` as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let doc = Document {
        version: JSON_VERSION,
        findings: &report.findings,
        suppressed: &report.suppressed,
        notes: &report.notes,
        errors: &report.errors,
        summary: &report.summary,
        skipped: &report.skipped,
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
