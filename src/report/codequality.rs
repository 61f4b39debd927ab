//! The GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array of issues in
//! the subset of the Code Climate format GitLab documents, each with `description`,
//! `check_name`, `fingerprint`, `severity` and `location.path` with `location.lines.begin`.
//! GitLab shows them in the merge request widget and on the diff. Suppressed findings are left
//! out (as in the other CI formats); input errors are issues too, so a broken scan shows.

use serde_json::{json, Value};

use super::{Finding, Report};
use crate::{ScanError, Severity};

/// GitLab's severity for ours: `blocker`, `critical`, `major`, `minor` or `info`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

/// Renders `report` as a Code Quality JSON array (pretty-printed, ending with a newline), in
/// the report's order: findings, then input errors.
pub fn render(report: &Report) -> String {
    let mut seen = std::collections::HashSet::new();
    let issues: Vec<Value> = report
        .findings
        .iter()
        .map(finding_issue)
        .chain(report.errors.iter().map(error_issue))
        .map(|mut issue| {
            // GitLab needs each fingerprint once per report: two findings with one identity
            // (the same resource and attribute, reported twice by a rule) keep both.
            let mut fingerprint = issue["fingerprint"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let mut n = 1;
            while !seen.insert(fingerprint.clone()) {
                n += 1;
                fingerprint = format!("{}-{n}", issue["fingerprint"].as_str().unwrap_or_default());
            }
            issue["fingerprint"] = Value::String(fingerprint);
            issue
        })
        .collect();
    let mut out =
        serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

fn finding_issue(f: &Finding) -> Value {
    json!({
        "type": "issue",
        "check_name": f.rule_id,
        "description": format!("{} {}: {} ({})", f.rule_id, f.resource, f.message, f.rule),
        "content": { "body": f.remediation },
        "categories": ["Security"],
        // The finding's identity (rule, root, resource, attribute): stable across edits that
        // move lines, so GitLab tracks an issue from one pipeline to the next.
        "fingerprint": f.fingerprint(),
        "severity": severity(f.severity),
        "location": {
            "path": f.file,
            "lines": { "begin": f.line, "end": f.end_line },
        },
    })
}

fn error_issue(e: &ScanError) -> Value {
    use sha2::{Digest, Sha256};
    let key = format!("error|{}|{}|{}|{}", e.file, e.line, e.column, e.message);
    let digest = Sha256::digest(key.as_bytes());
    let fingerprint: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    json!({
        "type": "issue",
        "check_name": "tfwarden-error",
        "description": format!("tfwarden could not scan this: {}", e.message),
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": "blocker",
        "location": { "path": e.file, "lines": { "begin": e.line.max(1) } },
    })
}
