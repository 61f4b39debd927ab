//! Plan JSON (`terraform show -json plan.out`): read, checked for being a plan of a format
//! version tfwarden understands, with the text kept so findings without HCL sources and errors
//! can point at a line of the plan file.

use std::sync::Arc;

use std::ops::Range;

use serde_json::value::RawValue;
use serde_json::Value;

use crate::source::SourceFile;
use crate::ScanError;

/// A parsed plan file.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// The file's text and line index.
    pub source: Arc<SourceFile>,
    /// What is judged of the plan besides its resources (see [`pruned`]): `format_version`,
    /// `configuration`, `variables`, and of `resource_changes` what each change knows.
    pub doc: Value,
    /// Where `planned_values.root_module` is in the text: resources are read from it one at a
    /// time (the plan's largest part is never held as one document).
    pub planned: Option<Range<usize>>,
    /// Where `prior_state.values.root_module` is in the text (its data sources are judged).
    pub prior: Option<Range<usize>>,
}

impl PlanFile {
    /// The module object at `range` of the text (`planned` or `prior`), as raw JSON.
    pub fn module_at(&self, range: Option<Range<usize>>) -> Option<&RawValue> {
        let text = self.source.text.get(range?)?;
        serde_json::from_str(text).ok()
    }

    /// The offset in the text of `raw`, a part of it.
    pub fn offset_of(&self, raw: &RawValue) -> usize {
        offset_in(&self.source.text, raw)
    }
}

/// The offset in `text` of `raw`, a part of it read without copying.
fn offset_in(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
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
    let invalid = |e: serde_json::Error| {
        ScanError::new(
            &path,
            e.line().max(1),
            e.column().max(1),
            format!("invalid plan JSON: {e}"),
        )
    };
    if !source.text.trim_start().starts_with('{') {
        // Valid JSON that is not an object, or not JSON at all.
        serde_json::from_str::<serde::de::IgnoredAny>(&source.text).map_err(invalid)?;
        return Err(ScanError::file(
            &path,
            "not a Terraform plan: the JSON is not an object",
        ));
    }
    let (doc, planned, prior) = pruned(&source.text).map_err(invalid)?;
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
    if planned.is_none() {
        return Err(ScanError::file(
            &path,
            "not a Terraform plan: no planned_values object (a state file, or `terraform show -json` without a plan?)",
        ));
    }
    Ok(PlanFile {
        source,
        doc,
        planned: planned.flatten(),
        prior,
    })
}

/// The parts of a plan that are judged, as one document: `format_version`, `planned_values`,
/// `configuration`, `variables`; of `resource_changes` each change's address, `actions`,
/// `after_unknown` and `after_sensitive` (not `before`/`after`, which repeat the planned values);
/// of `prior_state` the data sources. The rest (drift, outputs, checks, relevant attributes, the
/// state's managed resources) is skipped while reading, so memory follows what is judged and
/// not the size of the file.
/// Returns the document, where `planned_values.root_module` is (`None` when there is no
/// `planned_values` object; `Some(None)` without a root module), and where
/// `prior_state.values.root_module` is.
#[allow(clippy::type_complexity)]
fn pruned(
    text: &str,
) -> Result<(Value, Option<Option<Range<usize>>>, Option<Range<usize>>), serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Top<'a> {
        format_version: Option<Value>,
        #[serde(borrow)]
        planned_values: Option<&'a RawValue>,
        configuration: Option<Value>,
        variables: Option<Value>,
        #[serde(borrow)]
        resource_changes: Option<&'a RawValue>,
        #[serde(borrow)]
        prior_state: Option<&'a RawValue>,
    }
    #[derive(serde::Deserialize)]
    struct Change<'a> {
        address: Option<Value>,
        #[serde(borrow)]
        change: Option<&'a RawValue>,
    }
    #[derive(serde::Deserialize)]
    struct Judged {
        actions: Option<Value>,
        after_unknown: Option<Value>,
        after_sensitive: Option<Value>,
    }

    let top: Top = serde_json::from_str(text)?;
    let mut doc = serde_json::Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            doc.insert(key.to_string(), value);
        }
    };
    put("format_version", top.format_version);
    put("configuration", top.configuration);
    put("variables", top.variables);
    if let Some(raw) = top.resource_changes {
        // A list of changes keeps what is judged of each; anything else is kept as it is, for
        // the reader to report.
        let changes = match serde_json::from_str::<Vec<Change>>(raw.get()) {
            Ok(changes) => Value::Array(
                changes
                    .into_iter()
                    .map(|c| {
                        let judged = c
                            .change
                            .and_then(|raw| serde_json::from_str::<Judged>(raw.get()).ok());
                        let mut change = serde_json::Map::new();
                        if let Some(j) = judged {
                            for (key, value) in [
                                ("actions", j.actions),
                                ("after_unknown", j.after_unknown),
                                ("after_sensitive", j.after_sensitive),
                            ] {
                                if let Some(value) = value {
                                    change.insert(key.to_string(), value);
                                }
                            }
                        }
                        let mut entry = serde_json::Map::new();
                        if let Some(address) = c.address {
                            entry.insert("address".to_string(), address);
                        }
                        entry.insert("change".to_string(), Value::Object(change));
                        Value::Object(entry)
                    })
                    .collect(),
            ),
            Err(_) => serde_json::from_str(raw.get())?,
        };
        put("resource_changes", Some(changes));
    }
    let range = |raw: &RawValue| {
        let start = offset_in(text, raw);
        start..start + raw.get().len()
    };
    #[derive(serde::Deserialize)]
    struct Planned<'a> {
        #[serde(borrow)]
        root_module: Option<&'a RawValue>,
    }
    let planned = top
        .planned_values
        .and_then(|raw| serde_json::from_str::<Planned>(raw.get()).ok())
        .map(|p| p.root_module.map(range));
    let prior = top
        .prior_state
        .and_then(|raw| serde_json::from_str::<PriorState>(raw.get()).ok())
        .and_then(|s| s.values?.root_module)
        .map(range);
    Ok((Value::Object(doc), planned, prior))
}

/// `prior_state` as far as its root module.
#[derive(serde::Deserialize)]
struct PriorState<'a> {
    #[serde(borrow)]
    values: Option<StateValues<'a>>,
}

#[derive(serde::Deserialize)]
struct StateValues<'a> {
    #[serde(borrow)]
    root_module: Option<&'a RawValue>,
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
    fn keys_are_found_as_keys() {
        let text = "{\"x\": \"values\", \"address\": \"aws_a.b\",\n \"values\": {}}";
        let at = key_offset(text, 0, "values").unwrap();
        assert!(text[at..].starts_with("\"values\": {}"));
        assert!(looks_like_plan(
            r#"{"format_version": "1.2", "planned_values": {}}"#
        ));
        assert!(!looks_like_plan(r#"{"version": 4}"#));
    }
}
