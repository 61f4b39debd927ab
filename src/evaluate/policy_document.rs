//! `data "aws_iam_policy_document"` rendered to its `json`, as the AWS provider would, so an
//! attribute set from `.json` holds the policy. The data source's own values keep the HCL shape
//! (with spans per statement element), which is where rules point.

use serde_json::{json, Map, Value};

/// Sets `json` (and `minified_json`) in a policy document's `values`, unless its statements
/// cannot be known (a `dynamic` statement block) or it merges other documents. Unknown parts
/// of a statement are `null` in the JSON, and their paths stay in the data source's `unknown`.
pub fn render_into(values: &mut Value, unknown: &[String]) {
    let Some(map) = values.as_object_mut() else {
        return;
    };
    let merges = [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ]
    .iter()
    .any(|k| map.get(*k).is_some_and(|v| !v.is_null()) || unknown.iter().any(|u| u == k));
    if merges || unknown.iter().any(|u| u == "statement") {
        return;
    }
    let statements: Vec<Value> = map
        .get("statement")
        .and_then(Value::as_array)
        .map(|s| s.iter().map(statement).collect())
        .unwrap_or_default();
    let version = map
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or("2012-10-17")
        .to_string();
    let mut doc = Map::new();
    doc.insert("Version".into(), Value::from(version));
    if let Some(id) = map.get("policy_id").and_then(Value::as_str) {
        doc.insert("Id".into(), Value::from(id));
    }
    doc.insert("Statement".into(), Value::Array(statements));
    let doc = Value::Object(doc);
    let text = serde_json::to_string(&doc).unwrap_or_default();
    map.insert("json".into(), Value::from(text.clone()));
    map.insert("minified_json".into(), Value::from(text));
}

/// One statement block in IAM JSON: single values are written as strings, as the provider does.
fn statement(block: &Value) -> Value {
    let mut out = Map::new();
    if let Some(sid) = block
        .get("sid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        out.insert("Sid".into(), Value::from(sid));
    }
    let effect = block
        .get("effect")
        .and_then(Value::as_str)
        .unwrap_or("Allow");
    out.insert("Effect".into(), Value::from(effect));
    for (field, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(list) = block.get(field).filter(|v| !v.is_null()) {
            out.insert(key.into(), one_or_many(list));
        }
    }
    for (field, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(blocks) = block.get(field).and_then(Value::as_array) {
            // A plan lists absent blocks as [].
            if !blocks.is_empty() {
                out.insert(key.into(), principals(blocks));
            }
        }
    }
    if let Some(conditions) = block
        .get("condition")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty())
    {
        let mut by_test: Map<String, Value> = Map::new();
        for c in conditions {
            let (Some(test), Some(variable)) = (
                c.get("test").and_then(Value::as_str),
                c.get("variable").and_then(Value::as_str),
            ) else {
                continue;
            };
            let values = c.get("values").map(one_or_many).unwrap_or(Value::Null);
            if let Value::Object(vars) = by_test
                .entry(test.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
            {
                vars.insert(variable.to_string(), values);
            }
        }
        out.insert("Condition".into(), Value::Object(by_test));
    }
    Value::Object(out)
}

/// `principals { type = "AWS" identifiers = [...] }` blocks as a `Principal` value, as the AWS
/// provider renders them: `"*"` when the only block is the anonymous wildcard, else one key per
/// type (`"*"` among them).
fn principals(blocks: &[Value]) -> Value {
    if let [only] = blocks {
        if only.get("type").and_then(Value::as_str) == Some("*") {
            return json!("*");
        }
    }
    let mut by_type: Map<String, Value> = Map::new();
    for b in blocks {
        let Some(kind) = b.get("type").and_then(Value::as_str) else {
            continue;
        };
        let ids = b.get("identifiers").cloned().unwrap_or(Value::Null);
        let entry = by_type
            .entry(kind.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let (Value::Array(all), Value::Array(new)) = (entry, ids) {
            all.extend(new);
        }
    }
    Value::Object(
        by_type
            .into_iter()
            .map(|(k, v)| (k, one_or_many(&v)))
            .collect(),
    )
}

fn one_or_many(list: &Value) -> Value {
    match list {
        Value::Array(items) if items.len() == 1 => items[0].clone(),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_render_like_the_provider() {
        let mut values = json!({
            "statement": [
                {"sid": "Logs", "actions": ["logs:PutLogEvents"], "resources": ["*"]},
                {"effect": "Allow", "actions": ["sts:AssumeRole"],
                 "principals": [{"type": "Service", "identifiers": ["lambda.amazonaws.com"]}],
                 "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["1"]}]},
                {"actions": ["s3:GetObject", "s3:PutObject"], "resources": [null]}
            ]
        });
        render_into(&mut values, &["statement.2.resources.0".to_string()]);
        let doc: Value = serde_json::from_str(values["json"].as_str().unwrap()).unwrap();
        assert_eq!(
            doc,
            json!({"Version": "2012-10-17", "Statement": [
                {"Sid": "Logs", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"},
                {"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"Service": "lambda.amazonaws.com"},
                 "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}},
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": null}
            ]})
        );
    }

    #[test]
    fn dynamic_statements_leave_json_unknown() {
        let mut values = json!({"statement": null});
        render_into(&mut values, &["statement".to_string()]);
        assert!(values.get("json").is_none());
    }
}
