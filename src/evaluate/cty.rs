//! Terraform's value model, as far as a scan needs it: null, bool, number, string, lists
//! (lists, tuples and sets), maps (maps and objects) and **unknown**, at any depth. A list whose
//! second element is unknown is still a known list of two elements, as in Terraform (cty): its
//! length is known and its first element can be read.
//!
//! Sets are lists kept sorted and without duplicates, the order Terraform shows them in a plan.
//! Maps are sorted by key, the order Terraform iterates them in. Collections are shared
//! (`Arc`), so reading a large local in many places copies nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

/// A map or object: attribute name to value, sorted by name.
pub type Attrs = BTreeMap<String, Val>;

/// One Terraform value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Val {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (Terraform's are arbitrary precision; configurations fit in an `f64`).
    Number(f64),
    /// A string.
    String(String),
    /// A list, tuple or set.
    List(Arc<Vec<Val>>),
    /// A map or object.
    Map(Arc<Attrs>),
    /// A resource instance or one of its nested blocks: an object whose attributes that the
    /// configuration does not set may be computed by the provider, so reading one is unknown
    /// rather than an error.
    Open(Arc<Attrs>),
    /// Not known until apply (a computed attribute, a variable without a value).
    Unknown,
}

impl Val {
    /// A list value.
    pub fn list(items: Vec<Val>) -> Val {
        Val::List(Arc::new(items))
    }

    /// A map or object value.
    pub fn map(attrs: Attrs) -> Val {
        Val::Map(Arc::new(attrs))
    }

    /// A string value.
    pub fn string(s: impl Into<String>) -> Val {
        Val::String(s.into())
    }

    /// A set: the items sorted as Terraform orders a set and deduplicated.
    pub fn set(mut items: Vec<Val>) -> Val {
        items.sort_by(set_order);
        items.dedup();
        Val::list(items)
    }

    /// Whether the value itself is known (its elements may not be), as cty's `IsKnown`.
    pub fn is_known(&self) -> bool {
        !matches!(self, Val::Unknown)
    }

    /// Whether the value and everything in it is known, as cty's `IsWhollyKnown`.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Val::Unknown => false,
            Val::List(items) => items.iter().all(Val::is_wholly_known),
            Val::Map(attrs) | Val::Open(attrs) => attrs.values().all(Val::is_wholly_known),
            _ => true,
        }
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if the value is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if the value is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements, if the value is a list, tuple or set.
    pub fn as_list(&self) -> Option<&[Val]> {
        match self {
            Val::List(items) => Some(items),
            _ => None,
        }
    }

    /// The attributes, if the value is a map or object (open or not).
    pub fn as_map(&self) -> Option<&Attrs> {
        match self {
            Val::Map(attrs) | Val::Open(attrs) => Some(attrs),
            _ => None,
        }
    }

    /// The name of the value's kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "bool",
            Val::Number(_) => "number",
            Val::String(_) => "string",
            Val::List(_) => "list",
            Val::Map(_) | Val::Open(_) => "object",
            Val::Unknown => "unknown",
        }
    }

    /// The value as a string, converted as Terraform converts primitives (a number or bool
    /// becomes its text). `Ok(None)` when it is unknown.
    pub fn to_text(&self) -> Result<Option<String>, String> {
        match self {
            Val::String(s) => Ok(Some(s.clone())),
            Val::Number(n) => Ok(Some(number_text(*n))),
            Val::Bool(b) => Ok(Some(b.to_string())),
            Val::Unknown => Ok(None),
            Val::Null => Err("a null value cannot be used as a string".into()),
            other => Err(format!("a string is required, not a {}", other.kind())),
        }
    }

    /// The value as a number, converted as Terraform converts primitives (`"5"` is 5).
    /// `Ok(None)` when it is unknown.
    pub fn to_number(&self) -> Result<Option<f64>, String> {
        match self {
            Val::Number(n) => Ok(Some(*n)),
            Val::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && s.trim() == s.as_str())
                .map(Some)
                .ok_or_else(|| format!("cannot convert \"{s}\" to a number")),
            Val::Unknown => Ok(None),
            Val::Null => Err("a null value cannot be used as a number".into()),
            other => Err(format!("a number is required, not a {}", other.kind())),
        }
    }

    /// The value as a bool, converted as Terraform converts primitives (`"true"` is true).
    /// `Ok(None)` when it is unknown.
    pub fn to_bool(&self) -> Result<Option<bool>, String> {
        match self {
            Val::Bool(b) => Ok(Some(*b)),
            Val::String(s) if s == "true" => Ok(Some(true)),
            Val::String(s) if s == "false" => Ok(Some(false)),
            Val::String(s) => Err(format!("cannot convert \"{s}\" to a bool")),
            Val::Unknown => Ok(None),
            Val::Null => Err("a null value cannot be used as a bool".into()),
            other => Err(format!("a bool is required, not a {}", other.kind())),
        }
    }

    /// Terraform's `==`: `None` when the answer depends on something unknown.
    pub fn equals(&self, other: &Val) -> Option<bool> {
        match (self, other) {
            (Val::Unknown, _) | (_, Val::Unknown) => None,
            (Val::Number(a), Val::Number(b)) => Some(a == b),
            (Val::List(a), Val::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                all_equal(a.iter().zip(b.iter()))
            }
            (Val::Map(a) | Val::Open(a), Val::Map(b) | Val::Open(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                all_equal(a.values().zip(b.values()))
            }
            (a, b) => Some(a == b),
        }
    }

    /// Converts JSON (a `jsondecode` result, a plan value, a variable file) to a value.
    pub fn from_json(value: &Value) -> Val {
        match value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Val::String(s.clone()),
            Value::Array(items) => Val::list(items.iter().map(Val::from_json).collect()),
            Value::Object(map) => Val::map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Val::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts to JSON; unknown parts become `null` (see [`Val::unknown_paths`]).
    pub fn to_json(&self) -> Value {
        match self {
            Val::Null | Val::Unknown => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Number(n) => number_json(*n),
            Val::String(s) => Value::String(s.clone()),
            Val::List(items) => Value::Array(items.iter().map(Val::to_json).collect()),
            Val::Map(attrs) | Val::Open(attrs) => Value::Object(
                attrs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The attribute paths under `prefix` (`a.0.b`) whose values are unknown, in order.
    pub fn unknown_paths(&self, prefix: &str, out: &mut Vec<String>) {
        match self {
            Val::Unknown => out.push(prefix.to_string()),
            Val::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.unknown_paths(&join_path(prefix, &i.to_string()), out);
                }
            }
            Val::Map(attrs) | Val::Open(attrs) => {
                for (k, v) in attrs.iter() {
                    v.unknown_paths(&join_path(prefix, k), out);
                }
            }
            _ => {}
        }
    }

    /// Checks the value against a depth and a size limit: `Err` says which is exceeded. The
    /// size counts every element as Terraform would materialize it (a map holding the same
    /// large value twice counts it twice), but each shared collection is measured once, so the
    /// check is linear in memory even for values whose written-out size is exponential.
    pub fn measure(&self, max_depth: usize, max_size: usize) -> Result<(), Exceeded> {
        let mut seen: std::collections::HashMap<*const (), (usize, usize)> =
            std::collections::HashMap::new();
        let (size, depth) = measure_at(self, &mut seen, max_depth, max_size, 0)?;
        if depth > max_depth {
            return Err(Exceeded::Depth);
        }
        if size > max_size {
            return Err(Exceeded::Size);
        }
        Ok(())
    }

    /// An approximate size in elements and bytes, for evaluation budgets.
    pub fn weight(&self) -> usize {
        match self {
            Val::String(s) => 1 + s.len() / 16,
            Val::List(items) => 1 + items.iter().map(Val::weight).sum::<usize>(),
            Val::Map(attrs) | Val::Open(attrs) => {
                1 + attrs
                    .iter()
                    .map(|(k, v)| k.len() / 16 + v.weight())
                    .sum::<usize>()
            }
            _ => 1,
        }
    }
}

impl fmt::Display for Val {
    /// The value as Terraform shows it in a message (strings quoted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Unknown => f.write_str("(known after apply)"),
            other => write!(f, "{}", other.to_json()),
        }
    }
}

/// Which limit a value exceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// Lists and maps nest too deeply.
    Depth,
    /// Too many elements, written out.
    Size,
}

/// (size, depth) of a value, memoized by collection; stops as soon as a limit is passed.
fn measure_at(
    value: &Val,
    seen: &mut std::collections::HashMap<*const (), (usize, usize)>,
    max_depth: usize,
    max_size: usize,
    level: usize,
) -> Result<(usize, usize), Exceeded> {
    if level > max_depth {
        return Err(Exceeded::Depth);
    }
    let key = match value {
        Val::List(items) => Arc::as_ptr(items) as *const (),
        Val::Map(attrs) | Val::Open(attrs) => Arc::as_ptr(attrs) as *const (),
        _ => return Ok((1, 0)),
    };
    if let Some(&(size, depth)) = seen.get(&key) {
        if level + depth > max_depth {
            return Err(Exceeded::Depth);
        }
        return Ok((size, depth));
    }
    let children: Vec<&Val> = match value {
        Val::List(items) => items.iter().collect(),
        Val::Map(attrs) | Val::Open(attrs) => attrs.values().collect(),
        _ => Vec::new(),
    };
    let (mut size, mut depth) = (1usize, 0usize);
    for child in children {
        let (s, d) = measure_at(child, seen, max_depth, max_size, level + 1)?;
        size = size.saturating_add(s);
        depth = depth.max(d + 1);
        if size > max_size {
            return Err(Exceeded::Size);
        }
    }
    seen.insert(key, (size, depth));
    Ok((size, depth))
}

fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Val, &'a Val)>) -> Option<bool> {
    let mut unknown = false;
    for (a, b) in pairs {
        match a.equals(b) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// Terraform's order of set elements: strings and numbers by value, others by their JSON text.
fn set_order(a: &Val, b: &Val) -> std::cmp::Ordering {
    match (a, b) {
        (Val::String(a), Val::String(b)) => a.cmp(b),
        (Val::Number(a), Val::Number(b)) => a.total_cmp(b),
        (a, b) => a.to_json().to_string().cmp(&b.to_json().to_string()),
    }
}

/// `prefix.key`, or `key` at the top.
pub fn join_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A number as Terraform prints it: whole numbers without a fraction.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn partial_unknowns_keep_their_known_parts() {
        let v = Val::list(vec![Val::string("a"), Val::Unknown]);
        assert!(v.is_known());
        assert!(!v.is_wholly_known());
        assert_eq!(v.to_json(), json!(["a", null]));
        let mut paths = Vec::new();
        Val::map(Attrs::from([("l".to_string(), v)])).unknown_paths("x", &mut paths);
        assert_eq!(paths, ["x.l.1"]);
    }

    #[test]
    fn json_round_trips_and_numbers_print_like_terraform() {
        let j = json!({"b": [1, 2.5, "x", null, true], "a": {}});
        assert_eq!(Val::from_json(&j).to_json(), j);
        assert_eq!(number_text(5.0), "5");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(Val::string("5").to_number(), Ok(Some(5.0)));
        assert!(Val::string("5x").to_number().is_err());
        assert_eq!(Val::Number(3.0).to_text(), Ok(Some("3".into())));
        assert_eq!(Val::Unknown.to_text(), Ok(None));
    }

    #[test]
    fn depth_and_written_out_size_are_measured_in_linear_time() {
        let mut v = Val::Number(1.0);
        for _ in 0..10 {
            v = Val::list(vec![v]);
        }
        assert_eq!(v.measure(9, 100), Err(Exceeded::Depth));
        assert_eq!(v.measure(10, 100), Ok(()));
        assert_eq!(Val::string("x").measure(0, 1), Ok(()));
        // 2^400 leaves written out, 400 collections in memory: measured at once.
        let mut o = Val::Number(1.0);
        for _ in 0..400 {
            o = Val::map(Attrs::from([
                ("a".to_string(), o.clone()),
                ("b".to_string(), o),
            ]));
        }
        assert_eq!(o.measure(1000, 10_000_000), Err(Exceeded::Size));
        assert_eq!(o.measure(100, usize::MAX), Err(Exceeded::Depth));
    }

    #[test]
    fn equality_is_unknown_only_when_it_depends_on_an_unknown() {
        let a = Val::list(vec![Val::Number(1.0), Val::Unknown]);
        let b = Val::list(vec![Val::Number(2.0), Val::Unknown]);
        assert_eq!(a.equals(&b), Some(false));
        assert_eq!(a.equals(&a), None);
        assert_eq!(Val::Null.equals(&Val::Null), Some(true));
        assert_eq!(
            Val::set(vec![Val::string("b"), Val::string("a"), Val::string("b")]),
            Val::list(vec![Val::string("a"), Val::string("b")])
        );
    }
}
