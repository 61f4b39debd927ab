//! The JSON report: DESIGN.md's stable, versioned schema, sorted findings. Version "2" added
//! `root` to every finding and `kind` to every note.

use serde_json::json;

use super::Report;

/// The version of the JSON report schema.
pub const JSON_VERSION: &str = "2";

/// Renders `report` as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let mut doc = json!({
        "version": JSON_VERSION,
        "findings": report.findings,
        "suppressed": report.suppressed,
        "notes": report.notes,
        "errors": report.errors,
        "summary": report.summary,
    });
    // Files deliberately not read, when there are any (an addition to version 2).
    if let (false, Some(object)) = (report.skipped.is_empty(), doc.as_object_mut()) {
        object.insert("skipped".into(), json!(report.skipped));
    }
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
