//! `count` and `for_each`: the instances a resource or module block expands into, with their
//! keys and the iteration each is evaluated in. A `for_each` map whose keys are known gives one
//! instance per key even when some values are unknown, as in Terraform's plan. An unknown count
//! or key set gives one representative instance and a note; a wrong one, an error at its line.

use hcl_edit::structure::Block;
use hcl_edit::Span;
use serde_json::Value;

use super::cty::{number_text, Val};
use super::scope::InstScope;
use crate::parse::ParsedFile;
use crate::report::{Note, NoteKind};
use crate::ScanError;

/// Most instances one `count` or `for_each` may create; more is a mistake, not a plan.
pub const MAX_INSTANCES: usize = 10_000;

/// The iteration an instance is evaluated in.
#[derive(Debug, Clone, Default)]
pub enum Iteration {
    /// No `count` or `for_each`.
    #[default]
    None,
    /// `count.index`.
    Count(usize),
    /// `each.key` and `each.value`.
    Each(Val, Val),
    /// `count` or `for_each` could not be known: `count.*` and `each.*` are unknown.
    Unknown,
}

/// How a resource, data source or module call expands into instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    /// One instance, no index.
    Single,
    /// `count`: instances indexed 0, 1, ...
    Count,
    /// `for_each`: instances keyed by string.
    ForEach,
    /// `count` or `for_each` is unknown: one representative instance.
    Unknown,
}

/// Each instance's key (`None` without count/for_each) and iteration.
pub type Keys = Vec<(Option<Value>, Iteration)>;

/// What a block expands into, and what was wrong.
pub struct Expanded {
    /// How it expands.
    pub expansion: Expansion,
    /// Each instance's key and iteration.
    pub keys: Keys,
    /// A wrong count or for_each.
    pub errors: Vec<ScanError>,
    /// An unknown count or for_each.
    pub notes: Vec<Note>,
}

/// The instances `count` / `for_each` of `block` create, evaluated in `scope`.
pub fn expand(
    scope: &InstScope<'_, '_>,
    file: &ParsedFile,
    block: &Block,
    shown: &str,
) -> Expanded {
    let mut out = Expanded {
        expansion: Expansion::Single,
        keys: vec![(None, Iteration::None)],
        errors: Vec::new(),
        notes: Vec::new(),
    };
    let (meta, attr) = match (
        block.body.get_attribute("count"),
        block.body.get_attribute("for_each"),
    ) {
        (Some(a), _) => ("count", a),
        (None, Some(a)) => ("for_each", a),
        (None, None) => return out,
    };
    let at = file.source.position(attr.span().map_or(0, |s| s.start));
    let mut value = scope.value(&attr.value);
    // Terraform converts a count given as text ("3") to a number.
    if let (true, Val::String(text)) = (meta == "count", &value) {
        if let Ok(Some(n)) = Val::string(text.clone()).to_number() {
            value = Val::Number(n);
        }
    }
    let unknown = |out: &mut Expanded| {
        out.expansion = Expansion::Unknown;
        out.keys = vec![(None, Iteration::Unknown)];
    };
    let keys: Result<Option<Keys>, String> = match (meta, &value) {
        (_, Val::Unknown) => Ok(None),
        ("count", Val::Number(n)) if n.fract() == 0.0 && *n >= 0.0 => {
            if *n as usize > MAX_INSTANCES {
                Err(format!(
                    "count of {shown} is {}: more than {MAX_INSTANCES} instances are not evaluated",
                    number_text(*n)
                ))
            } else {
                Ok(Some(
                    (0..*n as usize)
                        .map(|i| (Some(Value::from(i)), Iteration::Count(i)))
                        .collect(),
                ))
            }
        }
        ("count", Val::Number(n)) => Err(format!(
            "count of {shown} must be a whole number of 0 or more, not {}",
            number_text(*n)
        )),
        ("for_each", Val::Map(attrs) | Val::Open(attrs)) => Ok(Some(
            attrs
                .iter()
                .map(|(k, v)| {
                    (
                        Some(Value::from(k.clone())),
                        Iteration::Each(Val::string(k.clone()), v.clone()),
                    )
                })
                .collect(),
        )),
        ("for_each", Val::List(items)) => {
            if items.iter().any(|i| !i.is_known()) {
                // A set with an unknown element: its keys are not known.
                Ok(None)
            } else {
                match items.iter().map(Val::as_str).collect::<Option<Vec<_>>>() {
                    Some(mut set) => {
                        set.sort_unstable();
                        set.dedup();
                        Ok(Some(
                            set.into_iter()
                                .map(|k| {
                                    (
                                        Some(Value::from(k)),
                                        Iteration::Each(Val::string(k), Val::string(k)),
                                    )
                                })
                                .collect(),
                        ))
                    }
                    None => Err(format!(
                        "for_each of {shown} must be a map or a set of strings"
                    )),
                }
            }
        }
        _ => Err(format!(
            "{meta} of {shown} has the wrong type: {}",
            value.kind()
        )),
    };
    match keys {
        Ok(None) => {
            out.notes.push(Note {
                kind: NoteKind::Evaluation,
                file: file.source.path.clone(),
                line: at.line,
                column: at.column,
                message: format!(
                    "the {meta} of {shown} cannot be known at scan time: it is evaluated as one instance whose {} unknown",
                    if meta == "count" { "count.index is" } else { "each.key and each.value are" }
                ),
            });
            unknown(&mut out);
        }
        Ok(Some(keys)) if keys.len() > MAX_INSTANCES => {
            out.errors.push(ScanError::new(
                &file.source.path,
                at.line,
                at.column,
                format!(
                    "for_each of {shown} has {} keys: more than {MAX_INSTANCES} instances are not evaluated",
                    keys.len()
                ),
            ));
            unknown(&mut out);
        }
        Ok(Some(keys)) => {
            out.expansion = if meta == "count" {
                Expansion::Count
            } else {
                Expansion::ForEach
            };
            out.keys = keys;
        }
        Err(message) => {
            out.errors.push(ScanError::new(
                &file.source.path,
                at.line,
                at.column,
                message,
            ));
            unknown(&mut out);
        }
    }
    out
}

/// `name[0]` or `name["key"]`.
pub fn indexed(base: &str, key: &Option<Value>) -> String {
    match key {
        Some(Value::String(s)) => format!("{base}[{}]", Value::from(s.as_str())),
        Some(k) => format!("{base}[{k}]"),
        None => base.to_string(),
    }
}
