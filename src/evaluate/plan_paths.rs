//! Addresses and paths of plan documents: instance keys stripped from addresses, module call
//! names, the resource a reference names, `configuration` expressions read for their
//! references and constant values, and the value mirrors (`after_unknown`, `after_sensitive`)
//! turned into attribute paths.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// An address without instance keys: `module.a["x"].aws_b.c[0]` gives `module.a.aws_b.c`.
pub fn config_address(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in address.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_string = true,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The module call names of a module instance address: `module.a["x"].module.b` gives a, b.
pub(super) fn module_calls(module: &str) -> Vec<String> {
    let plain = config_address(module);
    plain
        .split('.')
        .collect::<Vec<_>>()
        .chunks(2)
        .filter_map(|c| match c {
            ["module", name] => Some(name.to_string()),
            _ => None,
        })
        .collect()
}

/// The resource a reference names: `aws_iam_role.x.arn` and `aws_iam_role.x` give
/// `aws_iam_role.x`; `data.t.n.json` gives `data.t.n`; variables, locals and modules give none.
pub(super) fn resource_of_reference(reference: &str) -> Option<String> {
    let plain = config_address(reference);
    let parts: Vec<&str> = plain.split('.').collect();
    match parts.as_slice() {
        ["data", t, n, ..] => Some(format!("data.{t}.{n}")),
        [t, n, ..] if t.contains('_') && !matches!(*t, "each" | "count") => {
            Some(format!("{t}.{n}"))
        }
        _ => None,
    }
}

/// Attribute path to the references of the expression there (`configuration` expressions:
/// `{"attr": {"references": [...]}}`, nested blocks as lists of such objects).
pub(super) fn expression_refs(
    expressions: &Value,
    prefix: &str,
    out: &mut BTreeMap<String, BTreeSet<String>>,
) {
    match expressions {
        Value::Object(map) => {
            if let Some(Value::Array(refs)) = map.get("references") {
                out.entry(prefix.to_string())
                    .or_default()
                    .extend(refs.iter().filter_map(Value::as_str).map(String::from));
                return;
            }
            if map.contains_key("constant_value") {
                return;
            }
            for (k, v) in map {
                expression_refs(v, &join(prefix, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                expression_refs(v, &join(prefix, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// Values of `configuration` expressions: constants are known, references are unknown.
pub(super) fn expression_values(
    expressions: &Value,
    prefix: &str,
    unknown: &mut Vec<String>,
) -> Value {
    match expressions {
        // A `.tf.json` string template has both: its `constant_value` is the template's text.
        Value::Object(map) if map.contains_key("references") => {
            unknown.push(prefix.to_string());
            Value::Null
        }
        Value::Object(map) if map.contains_key("constant_value") => {
            map.get("constant_value").cloned().unwrap_or(Value::Null)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), expression_values(v, &join(prefix, k), unknown)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| expression_values(v, &join(prefix, &i.to_string()), unknown))
                .collect(),
        ),
        other => other.clone(),
    }
}

pub(super) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The paths where a mirror of a value (`after_unknown`, `after_sensitive`) is `true`.
pub(super) fn true_paths(mirror: &Value, prefix: &str, out: &mut Vec<String>) {
    match mirror {
        Value::Bool(true) if !prefix.is_empty() => out.push(prefix.to_string()),
        Value::Object(map) => {
            for (k, v) in map {
                true_paths(v, &join(prefix, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                true_paths(v, &join(prefix, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// Sets the value at a dot path to null where its parent exists (unknown values are null in the
/// input document, as in HCL scans).
pub(super) fn set_null(values: &mut Value, path: &str) {
    let mut node = values;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        node = match node {
            Value::Object(map) => {
                if last {
                    map.insert((*part).to_string(), Value::Null);
                    return;
                }
                match map.get_mut(*part) {
                    Some(next) => next,
                    None => return,
                }
            }
            Value::Array(items) => {
                let Some(next) = part.parse::<usize>().ok().and_then(|i| items.get_mut(i)) else {
                    return;
                };
                if last {
                    *next = Value::Null;
                    return;
                }
                next
            }
            _ => return,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_lose_their_instance_keys() {
        assert_eq!(
            config_address(r#"module.fleet["a.b]"].aws_x.y[2]"#),
            "module.fleet.aws_x.y"
        );
        assert_eq!(module_calls(r#"module.a["x"].module.b[0]"#), ["a", "b"]);
        assert_eq!(
            resource_of_reference("aws_iam_role.r[0].arn").as_deref(),
            Some("aws_iam_role.r")
        );
        assert_eq!(
            resource_of_reference("data.aws_iam_policy_document.p.json").as_deref(),
            Some("data.aws_iam_policy_document.p")
        );
        assert_eq!(resource_of_reference("var.role"), None);
    }

    #[test]
    fn unknown_mirrors_become_paths_and_nulls() {
        let mirror = serde_json::json!({"arn": true, "environment": [{"variables": {"A": true, "B": false}}], "tags": {}});
        let mut paths = Vec::new();
        true_paths(&mirror, "", &mut paths);
        assert_eq!(paths, ["arn", "environment.0.variables.A"]);
        let mut values = serde_json::json!({"environment": [{"variables": {"B": "x"}}]});
        for p in &paths {
            set_null(&mut values, p);
        }
        assert_eq!(
            values,
            serde_json::json!({"arn": null, "environment": [{"variables": {"A": null, "B": "x"}}]})
        );
    }
}
