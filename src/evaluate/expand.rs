//! `count` and `for_each`: the instances a resource or module block expands into, with their
//! keys and the iteration each is evaluated in. An unknown count or for_each gives one
//! representative instance and a note; a wrong one, an error at its line.

use std::collections::BTreeSet;

use hcl_edit::structure::Block;
use hcl_edit::Span;
use serde_json::Value;

use super::env::{Env, Expansion, Iteration};
use super::ModuleValues;
use crate::parse::ParsedFile;
use crate::report::Note;
use crate::ScanError;

/// Most instances one `count` or `for_each` may create; more is a mistake, not a plan.
const MAX_INSTANCES: usize = 10_000;

/// The instances `count` / `for_each` create, with their keys; problems become notes or errors.
pub fn expand(
    env: &Env,
    file: &ParsedFile,
    block: &Block,
    shown: &str,
    out: &mut ModuleValues,
) -> (Expansion, Vec<(Option<Value>, Iteration)>) {
    let single = (Expansion::Single, vec![(None, Iteration::None)]);
    let unknown = (Expansion::Unknown, vec![(None, Iteration::Unknown)]);
    let (meta, attr) = match (
        block.body.get_attribute("count"),
        block.body.get_attribute("for_each"),
    ) {
        (Some(a), _) => ("count", a),
        (None, Some(a)) => ("for_each", a),
        (None, None) => return single,
    };
    let at = file.source.position(attr.span().map_or(0, |s| s.start));
    let Some(value) = env.eval(&attr.value) else {
        out.notes.push(Note {
            file: file.source.path.clone(),
            line: at.line,
            column: at.column,
            message: format!(
                "the {meta} of {shown} cannot be known at scan time: it is evaluated as one instance whose {} unknown",
                if meta == "count" { "count.index is" } else { "each.key and each.value are" }
            ),
        });
        return unknown;
    };
    let error = |message: String| ScanError::new(&file.source.path, at.line, at.column, message);
    let keys: Result<Vec<(Option<Value>, Iteration)>, String> = match (meta, &value) {
        ("count", Value::Number(n)) => match n.as_u64() {
            Some(n) if (n as usize) <= MAX_INSTANCES => Ok((0..n as usize)
                .map(|i| (Some(Value::from(i)), Iteration::Count(i)))
                .collect()),
            Some(n) => Err(format!(
                "count of {shown} is {n}: more than {MAX_INSTANCES} instances are not evaluated"
            )),
            None => Err(format!(
                "count of {shown} must be a whole number of 0 or more, not {n}"
            )),
        },
        ("for_each", Value::Object(map)) => {
            let mut keys: Vec<(&String, &Value)> = map.iter().collect();
            keys.sort_by(|a, b| a.0.cmp(b.0));
            Ok(keys
                .into_iter()
                .map(|(k, v)| {
                    (
                        Some(Value::from(k.clone())),
                        Iteration::Each(Value::from(k.clone()), v.clone()),
                    )
                })
                .collect())
        }
        ("for_each", Value::Array(items)) => {
            let strings: Option<BTreeSet<&str>> = items.iter().map(Value::as_str).collect();
            match strings {
                Some(set) => Ok(set
                    .into_iter()
                    .map(|k| {
                        (
                            Some(Value::from(k)),
                            Iteration::Each(Value::from(k), Value::from(k)),
                        )
                    })
                    .collect()),
                None => Err(format!(
                    "for_each of {shown} must be a map or a set of strings"
                )),
            }
        }
        _ => Err(format!(
            "{meta} of {shown} has the wrong type: {}",
            kind_of(&value)
        )),
    };
    match keys {
        Ok(keys) if keys.len() > MAX_INSTANCES => {
            out.errors.push(error(format!(
                "for_each of {shown} has {} keys: more than {MAX_INSTANCES} instances are not evaluated",
                keys.len()
            )));
            unknown
        }
        Ok(keys) => (
            if meta == "count" {
                Expansion::Count
            } else {
                Expansion::ForEach
            },
            keys,
        ),
        Err(message) => {
            out.errors.push(error(message));
            unknown
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `name[0]` or `name["key"]`.
pub fn indexed(base: &str, key: &Option<Value>) -> String {
    match key {
        Some(Value::String(s)) => format!("{base}[{}]", Value::from(s.as_str())),
        Some(k) => format!("{base}[{k}]"),
        None => base.to_string(),
    }
}
