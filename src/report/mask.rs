//! Masking of secret values in the documents tfwarden prints whole (`tfwarden inspect`): the
//! values a plan marks sensitive, and string values that look like credentials by their name
//! or their form. Findings mask the value they point at (see [`super::redact`]); a printed input
//! document holds every value, so it is masked here before it is shown.
//!
//! The tests for "looks like a secret" are those of the shipped policies' library
//! (`policies/lib/lib.rego`: `secret_name`, `secret_literal`, the credential formats), so what
//! LMB401 would call a secret is never printed in clear.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::graph::Graph;

/// A variable or attribute name that says it holds a credential (case-insensitive): PASSWORD,
/// SECRET, TOKEN, ... anywhere, AUTH as a whole word.
static SECRET_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL|(^|[_.-])AUTH([_.-]|$)",
    )
    .ok()
});

/// A value that names or points at a secret instead of holding one: a number, a boolean, an
/// ARN, a parameter path, an `ssm:` or `{{resolve:...}}` reference.
static NOT_A_SECRET: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?s)^([+-]?[0-9]+([.][0-9]+)?|(?i:true|false)|arn:.*|/[^[:space:]]*|ssm:.*)$|\{\{resolve:")
        .ok()
});

/// A string in the form of a known credential, whatever its name.
static CREDENTIAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(AKIA|ASIA)[A-Z0-9]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9]|(sk|rk)_live_[A-Za-z0-9]",
    )
    .ok()
});

/// Whether the string `value`, held under `name`, is to be masked.
pub fn looks_secret(name: &str, value: &str) -> bool {
    let matches =
        |re: &LazyLock<Option<Regex>>, text: &str| re.as_ref().is_some_and(|re| re.is_match(text));
    if matches(&CREDENTIAL, value) {
        return true;
    }
    matches(&SECRET_NAME, name) && !value.trim().is_empty() && !matches(&NOT_A_SECRET, value)
}

/// How many leading characters of `value` a mask shows: four of a value of twelve or more.
pub fn kept_chars(value: &str) -> usize {
    if value.chars().count() >= 12 {
        4
    } else {
        0
    }
}

/// `value` masked for display: the first four characters of a long value kept (enough to
/// recognise it), every other character a `*`.
pub fn mask_text(value: &str) -> String {
    let keep = kept_chars(value);
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if i < keep { c } else { '*' })
        .collect()
}

/// Masks the input document `doc` of `graph` (as `Graph::input_document` builds it) in place:
/// every sensitive path of each resource, and every secret-looking string of resources,
/// providers and variables. Returns how many values were masked.
pub fn mask_input_document(doc: &mut Value, graph: &Graph) -> usize {
    let mut masked = 0;
    if let Some(resources) = doc.get_mut("resources").and_then(Value::as_array_mut) {
        for (resource, source) in resources.iter_mut().zip(graph.resources()) {
            let Some(values) = resource.get_mut("values") else {
                continue;
            };
            masked += mask_secrets(values, "");
            for path in &source.sensitive {
                if let Some(node) = at_path(values, path) {
                    masked += mask_all(node);
                }
            }
        }
    }
    if let Some(providers) = doc.get_mut("providers").and_then(Value::as_array_mut) {
        for provider in providers {
            if let Some(values) = provider.get_mut("values") {
                masked += mask_secrets(values, "");
            }
        }
    }
    if let Some(Value::Object(roots)) = doc.get_mut("variables") {
        for vars in roots.values_mut() {
            let Value::Object(vars) = vars else { continue };
            for (name, var) in vars.iter_mut() {
                if let Some(value) = var.get_mut("value") {
                    masked += mask_secrets(value, name);
                }
            }
        }
    }
    masked
}

/// The node at a dotted attribute path (`environment.0.variables.DB_PASSWORD`).
fn at_path<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    path.split('.').try_fold(value, |node, part| match node {
        Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        Value::Object(map) => map.get_mut(part),
        _ => None,
    })
}

/// Whether `s` is already a mask (of [`mask_text`]).
fn is_masked(s: &str) -> bool {
    s.contains('*') && s == mask_text(s)
}

/// Masks every string under `value` (a sensitive value is hidden whatever it looks like).
fn mask_all(value: &mut Value) -> usize {
    match value {
        Value::String(s) if !is_masked(s) => {
            *s = mask_text(s);
            1
        }
        Value::Array(items) => items.iter_mut().map(mask_all).sum(),
        Value::Object(map) => map.values_mut().map(mask_all).sum(),
        _ => 0,
    }
}

/// Masks the secret-looking strings under `value`, each judged with the name of the nearest
/// object key above it (`name` for `value` itself).
fn mask_secrets(value: &mut Value, name: &str) -> usize {
    match value {
        Value::String(s) if looks_secret(name, s) => {
            *s = mask_text(s);
            1
        }
        Value::Array(items) => items.iter_mut().map(|v| mask_secrets(v, name)).sum(),
        Value::Object(map) => map.iter_mut().map(|(k, v)| mask_secrets(v, k)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_forms_of_secrets_are_recognised() {
        assert!(looks_secret("DB_PASSWORD", "hunter2"));
        assert!(looks_secret("basic_auth", "admin:admin"));
        assert!(
            looks_secret("MODE", "AKIAIOSFODNN7EXAMPLE"),
            "a credential's form"
        );
        // Names and pointers of secrets, numbers and empty values are not secrets.
        assert!(!looks_secret("DB_PASSWORD", "/prod/db/password"));
        assert!(!looks_secret(
            "DB_PASSWORD",
            "arn:aws:secretsmanager:eu-west-1:1:secret:x"
        ));
        assert!(!looks_secret("PASSWORD_LEN", "16"));
        assert!(!looks_secret("TOKEN", " "));
        assert!(!looks_secret("AUTHOR", "Ada"), "AUTH only as a word");
        assert!(!looks_secret("MODE", "fast"));
    }

    #[test]
    fn masks_keep_a_recognisable_start_of_long_values_only() {
        assert_eq!(mask_text("hunter2"), "*******");
        assert_eq!(mask_text("wh1te-R4bbit-prod"), "wh1t*************");
    }

    #[test]
    fn sensitive_paths_and_secret_names_are_masked_in_place() {
        let mut values = serde_json::json!({
            "environment": [{ "variables": { "DB_PASSWORD": "hunter2", "MODE": "x", "N": "3" } }],
            "handler": "index.handler",
        });
        let node = at_path(&mut values, "environment.0.variables.N");
        assert_eq!(node.map(mask_all), Some(1));
        assert_eq!(mask_secrets(&mut values, ""), 1);
        assert_eq!(
            values,
            serde_json::json!({
                "environment": [{ "variables": { "DB_PASSWORD": "*******", "MODE": "x", "N": "*" } }],
                "handler": "index.handler",
            })
        );
    }
}
