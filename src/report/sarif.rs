//! The SARIF 2.1.0 report, for GitHub code scanning and other SARIF consumers: one run, every
//! loaded rule in `tool.driver.rules`, every finding and every suppressed finding as a result
//! (suppressed ones carry `suppressions`), and input errors and notes as tool execution
//! notifications. The output is deterministic: findings keep the report's order and nothing
//! depends on the clock or the machine.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{Finding, Note, Report, Suppression, SuppressionKind};
use crate::{RuleMeta, ScanError, Severity};

/// The `$schema` of the document.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The key of our fingerprint in `partialFingerprints` (bump the suffix if its recipe changes).
pub const FINGERPRINT_KEY: &str = "tfwarden/v1";

/// Renders `report` as a pretty-printed SARIF 2.1.0 log, ending with a newline. `rules` are the
/// loaded rules (all of them, so code scanning knows the ones that found nothing);
/// `tool_version` is the tfwarden version.
pub fn render(report: &Report, rules: &[&RuleMeta], tool_version: &str) -> String {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        index.entry(rule.id.as_str()).or_insert(i);
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, None, &index))
        .chain(
            report
                .suppressed
                .iter()
                .map(|s| result(&s.finding, Some(&s.suppression), &index)),
        )
        .collect();
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(error_notification)
        .chain(report.notes.iter().map(note_notification))
        .collect();
    let doc = json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "tfwarden",
                    "version": tool_version,
                    "semanticVersion": tool_version,
                    "rules": rules.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            // Our columns count characters, not UTF-16 code units (the SARIF default).
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot write SARIF: {e}\"}}"));
    out.push('\n');
    out
}

/// The SARIF level of a severity: critical and high are errors, medium and low warnings, info a
/// note.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

/// The `security-severity` GitHub code scanning ranks alerts by (0.0 to 10.0, as a string).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// A slug in PascalCase, the SARIF convention for `reportingDescriptor.name`:
/// `lambda-url-no-auth` → `LambdaUrlNoAuth`.
pub fn pascal_case(slug: &str) -> String {
    slug.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}

/// A file as a SARIF URI: relative paths stay relative (`/`-separated, without `./`), absolute
/// ones become `file://` URIs; characters that are not allowed in a URI are percent-encoded.
pub fn artifact_uri(file: &str) -> String {
    let mut path = file.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    let drive =
        path.len() >= 2 && path.as_bytes()[0].is_ascii_alphabetic() && path.as_bytes()[1] == b':';
    if path.starts_with('/') {
        format!("file://{}", encode_path(&path, true))
    } else if drive {
        format!("file:///{}", encode_path(&path, true))
    } else {
        // A `:` in a relative reference would read as a URI scheme: encode it.
        encode_path(&path, false)
    }
}

fn encode_path(path: &str, colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&byte)
            || (colon && byte == b':');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `tool.driver.rules[]`: one rule's reportingDescriptor.
fn rule_descriptor(rule: &RuleMeta) -> Value {
    let mut descriptor = Map::new();
    descriptor.insert("id".into(), json!(rule.id));
    descriptor.insert("name".into(), json!(pascal_case(&rule.slug)));
    descriptor.insert("shortDescription".into(), json!({ "text": rule.title }));
    let full = if rule.description.is_empty() {
        &rule.title
    } else {
        &rule.description
    };
    descriptor.insert("fullDescription".into(), json!({ "text": full }));
    descriptor.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(rule.severity) }),
    );
    descriptor.insert(
        "help".into(),
        json!({ "text": rule.remediation, "markdown": help_markdown(rule) }),
    );
    if let Some(uri) = rule.references.first() {
        descriptor.insert("helpUri".into(), json!(uri));
    }
    let mut tags = vec!["security".to_string()];
    tags.extend(practices(&rule.practice));
    tags.extend(rule.security_hub.iter().cloned());
    let mut properties = Map::new();
    properties.insert(
        "security-severity".into(),
        json!(security_severity(rule.severity)),
    );
    properties.insert("severity".into(), json!(rule.severity.as_str()));
    properties.insert("slug".into(), json!(rule.slug));
    properties.insert("tags".into(), json!(tags));
    if !rule.equivalents.is_empty() {
        properties.insert("equivalents".into(), json!(rule.equivalents));
    }
    descriptor.insert("properties".into(), Value::Object(properties));
    Value::Object(descriptor)
}

/// The practices of a rule, one tag each: `least privilege, supply chain` → two tags, commas in
/// parentheses kept (`bound autoscaling (cost, DoS)` is one).
fn practices(practice: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in practice.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                tags.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    tags.push(current);
    tags.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// `help.markdown`: the remediation, then the failing and passing examples when documented.
fn help_markdown(rule: &RuleMeta) -> String {
    let mut md = rule.remediation.clone();
    if let Some(examples) = &rule.examples {
        md.push_str("\n\n**Fails:**\n\n```hcl\n");
        md.push_str(examples.bad.trim_end());
        md.push_str("\n```\n\n**Passes:**\n\n```hcl\n");
        md.push_str(examples.good.trim_end());
        md.push_str("\n```");
    }
    md
}

/// One `results[]` entry; `suppression` is set for a suppressed finding. `index` maps rule IDs
/// to their place in `tool.driver.rules`.
fn result(
    finding: &Finding,
    suppression: Option<&Suppression>,
    index: &HashMap<&str, usize>,
) -> Value {
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(finding.rule_id));
    if let Some(i) = index.get(finding.rule_id.as_str()) {
        result.insert("ruleIndex".into(), json!(i));
    }
    result.insert("level".into(), json!(level(finding.severity)));
    result.insert("message".into(), json!({ "text": finding.message }));
    result.insert(
        "locations".into(),
        json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": artifact_uri(&finding.file) },
                "region": {
                    "startLine": finding.line,
                    "startColumn": finding.column,
                    "endLine": finding.end_line,
                    "endColumn": finding.end_column,
                }
            }
        }]),
    );
    result.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: finding.fingerprint() }),
    );
    if let Some(fixes) = fixes(finding) {
        result.insert("fixes".into(), fixes);
    }
    if let Some(suppression) = suppression {
        result.insert(
            "suppressions".into(),
            json!([suppression_object(suppression)]),
        );
    }
    result.insert(
        "properties".into(),
        json!({
            "root": finding.root,
            "resource": finding.resource,
            "attribute": finding.attribute,
            "severity": finding.severity.as_str(),
            "securityHub": finding.security_hub,
        }),
    );
    Value::Object(result)
}

/// SARIF `fixes` for a finding's mechanical fix: one replacement of whole lines (from the
/// start of the first changed line to the start of the line after the last), or an insertion
/// before a line.
fn fixes(finding: &Finding) -> Option<Value> {
    let fix = finding.fix.as_ref()?;
    let (first, last, inserted) = &fix.replacement;
    let region = json!({
        "startLine": first,
        "startColumn": 1,
        "endLine": (*last).max(first - 1) + 1,
        "endColumn": 1,
    });
    Some(json!([{
        "description": { "text": format!("{} ({} fix)", finding.remediation, fix.applicability) },
        "artifactChanges": [{
            "artifactLocation": { "uri": artifact_uri(&fix.file) },
            "replacements": [{ "deletedRegion": region, "insertedContent": { "text": inserted } }],
        }],
    }]))
}

/// A result's `suppressions[]` entry: inline comments are `inSource`, baseline and config
/// entries `external`.
fn suppression_object(suppression: &Suppression) -> Value {
    let mut object = Map::new();
    let kind = match suppression.kind {
        SuppressionKind::Inline => "inSource",
        SuppressionKind::Baseline | SuppressionKind::Config => "external",
    };
    object.insert("kind".into(), json!(kind));
    object.insert("status".into(), json!("accepted"));
    if let Some(reason) = &suppression.reason {
        object.insert("justification".into(), json!(reason));
    }
    if let Some(file) = &suppression.file {
        let mut physical = Map::new();
        physical.insert(
            "artifactLocation".into(),
            json!({ "uri": artifact_uri(file) }),
        );
        if let Some(line) = suppression.line {
            physical.insert("region".into(), json!({ "startLine": line }));
        }
        object.insert(
            "location".into(),
            json!({ "physicalLocation": Value::Object(physical) }),
        );
    }
    let source = match suppression.kind {
        SuppressionKind::Inline => "inline",
        SuppressionKind::Baseline => "baseline",
        SuppressionKind::Config => "config",
    };
    let mut properties = Map::new();
    properties.insert("source".into(), json!(source));
    if let Some(expires) = &suppression.expires {
        properties.insert("expires".into(), json!(expires));
    }
    object.insert("properties".into(), Value::Object(properties));
    Value::Object(object)
}

/// An input error as a `toolExecutionNotifications[]` entry of level `error`.
fn error_notification(error: &ScanError) -> Value {
    notification(
        "error",
        &error.file,
        error.line,
        error.column,
        &error.message,
    )
}

/// A note as a `toolExecutionNotifications[]` entry of level `note`.
fn note_notification(note: &Note) -> Value {
    notification("note", &note.file, note.line, note.column, &note.message)
}

fn notification(level: &str, file: &str, line: usize, column: usize, message: &str) -> Value {
    // Line 0 is a path as such (one that does not exist): no region.
    let region = (line > 0).then(|| json!({ "startLine": line, "startColumn": column.max(1) }));
    let mut location = json!({ "artifactLocation": { "uri": artifact_uri(file) } });
    if let (Some(region), Some(object)) = (region, location.as_object_mut()) {
        object.insert("region".into(), region);
    }
    json!({
        "level": level,
        "message": { "text": message },
        "locations": [{
            "physicalLocation": location
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("lambda-url-no-auth"), "LambdaUrlNoAuth");
        assert_eq!(pascal_case("acme_memory--set"), "AcmeMemorySet");
    }

    #[test]
    fn uris_are_relative_or_file_uris() {
        assert_eq!(artifact_uri("./infra\\main.tf"), "infra/main.tf");
        assert_eq!(artifact_uri("my dir/a:b.tf"), "my%20dir/a%3Ab.tf");
        assert_eq!(artifact_uri("/tmp/x/main.tf"), "file:///tmp/x/main.tf");
        assert_eq!(artifact_uri("C:\\x\\main.tf"), "file:///C:/x/main.tf");
        assert_eq!(artifact_uri("ünï.tf"), "%C3%BCn%C3%AF.tf");
    }

    #[test]
    fn practices_split_outside_parentheses() {
        assert_eq!(
            practices("least privilege, supply chain"),
            ["least privilege", "supply chain"]
        );
        assert_eq!(
            practices("bound autoscaling (cost, DoS)"),
            ["bound autoscaling (cost, DoS)"]
        );
        assert!(practices("").is_empty());
    }
}
