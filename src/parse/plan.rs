//! Plan JSON (`terraform show -json plan.out`): read, checked for being a plan of a format
//! version tfwarden understands, with the text kept so findings without HCL sources and errors
//! can point at a line of the plan file.

use std::sync::Arc;

use serde_json::Value;

use crate::source::SourceFile;
use crate::ScanError;

/// A parsed plan file.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// The file's text and line index.
    pub source: Arc<SourceFile>,
    /// The plan document.
    pub doc: Value,
    /// Where each `"address": "..."` key is, by address, in text order: read once, so locating
    /// thousands of resources in a large plan is not a scan of the text per resource.
    addresses: std::collections::HashMap<String, Vec<usize>>,
}

impl PlanFile {
    /// The offset of the object whose `"address"` is `address`, at or after `from`: the
    /// position of that `"address"` key.
    pub fn address_offset(&self, from: usize, address: &str) -> Option<usize> {
        let offsets = self.addresses.get(address)?;
        let i = offsets.partition_point(|o| *o < from);
        offsets.get(i).copied()
    }
}

/// Every `"address": "..."` key of a plan's text, by address.
fn address_index(text: &str) -> std::collections::HashMap<String, Vec<usize>> {
    let mut index: std::collections::HashMap<String, Vec<usize>> = Default::default();
    let key = "\"address\"";
    let mut at = 0;
    while let Some(i) = text.get(at..).and_then(|t| t.find(key)) {
        let start = at + i;
        at = start + key.len();
        let rest = text[at..].trim_start();
        let Some(value) = rest.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        if !value.starts_with('"') {
            continue;
        }
        // The JSON string: up to the first quote that no backslash escapes.
        let bytes = value.as_bytes();
        let mut end = 1;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        if let Some(Ok(address)) = value.get(..=end).map(serde_json::from_str::<String>) {
            index.entry(address).or_default().push(start);
        }
    }
    index
}

/// Whether a text looks like a plan (cheap: a content sniff before parsing).
pub fn looks_like_plan(text: &str) -> bool {
    let head = text.trim_start();
    head.starts_with('{')
        && text.contains("\"planned_values\"")
        && text.contains("\"format_version\"")
}

/// Parses and checks a plan: valid JSON, an object with `planned_values`, and a
/// `format_version` from 0.1 through 1.x.
pub fn parse_plan(source: Arc<SourceFile>) -> Result<PlanFile, ScanError> {
    let path = source.path.clone();
    let doc: Value = serde_json::from_str(&source.text).map_err(|e| {
        ScanError::new(
            &path,
            e.line().max(1),
            e.column().max(1),
            format!("invalid plan JSON: {e}"),
        )
    })?;
    let Some(map) = doc.as_object() else {
        return Err(ScanError::file(
            &path,
            "not a Terraform plan: the JSON is not an object",
        ));
    };
    let at = |key: &str| {
        let offset = key_offset(&source.text, 0, key).unwrap_or(0);
        let p = source.position(offset);
        (p.line, p.column)
    };
    match map.get("format_version") {
        Some(Value::String(v)) if supported(v) => {}
        Some(other) => {
            let (line, column) = at("format_version");
            return Err(ScanError::new(
                &path,
                line,
                column,
                format!(
                    "unsupported plan format_version {other}: tfwarden reads 0.1 through 1.x (`terraform show -json` of Terraform 0.12 and later)"
                ),
            ));
        }
        None => {
            return Err(ScanError::file(
                &path,
                "not a Terraform plan: no format_version (a plan comes from `terraform show -json plan.out`)",
            ));
        }
    }
    if !map.get("planned_values").is_some_and(Value::is_object) {
        return Err(ScanError::file(
            &path,
            "not a Terraform plan: no planned_values object (a state file, or `terraform show -json` without a plan?)",
        ));
    }
    let addresses = address_index(&source.text);
    Ok(PlanFile {
        source,
        doc,
        addresses,
    })
}

fn supported(version: &str) -> bool {
    let mut parts = version.split('.');
    let (Some(major), Some(minor)) = (parts.next(), parts.next()) else {
        return false;
    };
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    parts.next().is_none()
        && numeric(major)
        && numeric(minor)
        && matches!((major, minor), ("0", "1" | "2") | ("1", _))
}

/// The offset of `"key"` used as an object key (followed by `:`) at or after `from`.
pub fn key_offset(text: &str, from: usize, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(&quoted) {
        let start = at + i;
        let after = start + quoted.len();
        if text.get(after..)?.trim_start().starts_with(':') {
            return Some(start);
        }
        at = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::decode;

    fn plan(text: &str) -> Result<PlanFile, ScanError> {
        parse_plan(Arc::new(
            decode("plan.json", text.as_bytes().to_vec()).unwrap(),
        ))
    }

    #[test]
    fn versions_and_shapes_are_checked() {
        assert!(plan(r#"{"format_version": "1.2", "planned_values": {}}"#).is_ok());
        assert!(plan(r#"{"format_version": "0.1", "planned_values": {}}"#).is_ok());
        let e = plan("{\n  \"format_version\": \"2.0\",\n  \"planned_values\": {}\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e
            .message
            .contains("unsupported plan format_version \"2.0\""));
        let e = plan(r#"{"version": 4, "format_version": "1.0", "resources": []}"#).unwrap_err();
        assert!(e.message.contains("no planned_values"));
        let e = plan("{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.starts_with("invalid plan JSON"));
    }

    #[test]
    fn addresses_are_found_as_keys() {
        let text = "{\"x\": \"aws_a.b\", \"address\": \"aws_a.b\",\n \"values\": {}}";
        let index = address_index(text);
        let at = index["aws_a.b"][0];
        assert!(text[at..].starts_with("\"address\": \"aws_a.b\""));
        let quoted = address_index(r#"{"address": "a[\"k\\\"\"]", "address" : "b"}"#);
        assert_eq!(
            quoted
                .keys()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            2
        );
        assert!(quoted.contains_key("a[\"k\\\"\"]"), "{quoted:?}");
        let at = key_offset(text, 0, "values").unwrap();
        assert!(text[at..].starts_with("\"values\": {}"));
        assert!(looks_like_plan(
            r#"{"format_version": "1.2", "planned_values": {}}"#
        ));
        assert!(!looks_like_plan(r#"{"version": 4}"#));
    }
}
