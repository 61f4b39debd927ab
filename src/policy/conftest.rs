//! Conftest-style policies: a package without a METADATA block whose `deny`, `violation` or
//! `warn` rules produce messages (`deny contains msg if {...}`, `deny[msg] {...}`), as teams
//! write them for Conftest. They run as rules of their own, named by their package (`main`), so
//! such a policy is never loaded and silently ignored. A message is a string, or an object with
//! `msg` (Conftest's convention) and optionally `resource` (or `address`) and `attribute`. A
//! finding is located at the resource its object names, or else at the resource address its
//! message mentions (the longest one), or else at the start of the configuration.

use std::collections::BTreeMap;

use regorus::Value as RegoValue;

use super::metadata::{PolicyHeader, RuleMeta};
use super::{PolicySource, RawFinding, Severity};

/// The rule sets a Conftest-style package may declare, and the severity of their findings:
/// `deny` and `violation` fail the run like a high-severity rule, `warn` is advisory.
pub(super) const SETS: [(&str, Severity); 3] = [
    ("deny", Severity::High),
    ("violation", Severity::High),
    ("warn", Severity::Info),
];

/// The sets of a Conftest-style package that it declares, or `None` when it declares none (a
/// helper package).
pub(super) fn declared_sets(declares: impl Fn(&str) -> bool) -> Option<Vec<&'static str>> {
    let sets: Vec<&'static str> = SETS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| declares(name))
        .collect();
    (!sets.is_empty()).then_some(sets)
}

/// The rule a Conftest-style package stands for: its ID and slug are the package path
/// (`main`), its findings high severity (the configuration's `[rules.main]` may re-rate them).
pub(super) fn rule_meta(source: &PolicySource, header: &PolicyHeader) -> RuleMeta {
    let id = header
        .package
        .strip_prefix("data.")
        .unwrap_or(&header.package)
        .to_string();
    RuleMeta {
        slug: id.clone(),
        severity: Severity::High,
        title: format!("Conftest policy {id}"),
        description: format!(
            "A Conftest-style policy (package {id}, no METADATA block): each message of its \
             deny, violation or warn rules is a finding."
        ),
        practice: String::new(),
        remediation: "Do what the message asks (a Conftest-style policy has no remediation text)."
            .to_string(),
        security_hub: None,
        equivalents: BTreeMap::new(),
        references: Vec::new(),
        examples: None,
        fix: None,
        package: header.package.clone(),
        file: source.path.clone(),
        line: header.line,
        id,
    }
}

/// Adds `source` to `engine` in Rego v0 syntax (`deny[msg] { ... }`, as older Conftest
/// policies are written); whether it parsed. The engine reads later policies as v1 again.
pub(super) fn add_v0(engine: &mut regorus::Engine, source: &PolicySource) -> bool {
    engine.set_rego_v0(true);
    let added = engine.add_policy(source.path.clone(), source.text.clone());
    engine.set_rego_v0(false);
    added.is_ok()
}

/// The resource addresses of an input document (`input.resources[].address`), for finding the
/// one a message names.
pub(super) fn addresses(input: &RegoValue) -> Vec<String> {
    let mut out: Vec<String> = match &input["resources"] {
        RegoValue::Array(items) => items
            .iter()
            .filter_map(|r| match &r["address"] {
                RegoValue::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    // Longest first, so `aws_lambda_function.api_v2` wins over `aws_lambda_function.api`.
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// One message of a Conftest-style set as a finding; `resource` is empty when neither the
/// message object nor its text names a resource (the scanner then points at the
/// configuration's start).
pub(super) fn finding(
    rule: usize,
    severity: Severity,
    item: &RegoValue,
    addresses: &[String],
) -> Result<RawFinding, String> {
    let json: serde_json::Value = serde_json::to_value(item).map_err(|e| e.to_string())?;
    let (message, named, attribute) = match &json {
        serde_json::Value::String(s) => (s.clone(), None, String::new()),
        serde_json::Value::Object(map) => {
            let text = |key: &str| map.get(key).and_then(serde_json::Value::as_str);
            let message = text("msg")
                .or_else(|| text("message"))
                .map(str::to_string)
                .ok_or_else(|| format!("a message object has no `msg` string: {json}"))?;
            let named = text("resource").or_else(|| text("address"));
            (
                message,
                named.map(str::to_string),
                text("attribute").unwrap_or_default().to_string(),
            )
        }
        other => return Err(format!("a message must be a string or an object: {other}")),
    };
    let resource = named
        .or_else(|| mentioned(&message, addresses).map(str::to_string))
        .unwrap_or_default();
    Ok(RawFinding {
        rule,
        severity,
        resource,
        root: None,
        attribute,
        message,
        redact: false,
        fix: None,
    })
}

/// The longest address that `message` mentions as a whole word (not the start of a longer
/// name); `addresses` are sorted longest first.
fn mentioned<'a>(message: &str, addresses: &'a [String]) -> Option<&'a str> {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-');
    addresses
        .iter()
        .find(|address| {
            message.match_indices(address.as_str()).any(|(at, _)| {
                let before = message[..at].chars().next_back();
                let after = message[at + address.len()..].chars().next();
                !before.is_some_and(|c| word(c) || c == '.')
                    && !after.is_some_and(|c| word(c) || c == '[')
            })
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_the_longest_whole_address_it_mentions() {
        let input = RegoValue::from(serde_json::json!({"resources": [
            {"address": "aws_lambda_function.api"},
            {"address": "aws_lambda_function.api_v2"},
            {"address": "aws_lambda_function.shard[0]"},
            {"address": "module.fn.aws_lambda_function.api"},
        ]}));
        let addresses = addresses(&input);
        let named = |m: &str| mentioned(m, &addresses);
        assert_eq!(
            named("aws_lambda_function.api_v2 has no tracing"),
            Some("aws_lambda_function.api_v2")
        );
        assert_eq!(
            named("function aws_lambda_function.api: no tracing"),
            Some("aws_lambda_function.api")
        );
        assert_eq!(
            named("module.fn.aws_lambda_function.api is old"),
            Some("module.fn.aws_lambda_function.api")
        );
        assert_eq!(
            named("aws_lambda_function.shard[0] is public"),
            Some("aws_lambda_function.shard[0]")
        );
        assert_eq!(named("aws_lambda_function.apix is unknown"), None);
        assert_eq!(named("no address here"), None);
    }

    #[test]
    fn messages_are_strings_or_objects_with_msg() {
        let finding =
            |v: serde_json::Value| super::finding(0, Severity::High, &RegoValue::from(v), &[]);
        let f = finding(
            serde_json::json!({"msg": "m", "resource": "aws_s3_bucket.b", "attribute": "acl"}),
        )
        .unwrap();
        assert_eq!(
            (
                f.message.as_str(),
                f.resource.as_str(),
                f.attribute.as_str()
            ),
            ("m", "aws_s3_bucket.b", "acl")
        );
        let f = finding(serde_json::json!("just text")).unwrap();
        assert_eq!((f.message.as_str(), f.resource.as_str()), ("just text", ""));
        assert!(finding(serde_json::json!({"details": 1}))
            .unwrap_err()
            .contains("no `msg`"));
        assert!(finding(serde_json::json!(3)).is_err());
    }
}
