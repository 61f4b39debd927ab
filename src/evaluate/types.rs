//! Terraform type constraints (`string`, `list(number)`, `object({ a = optional(string, "x")
//! })`, `any`) and conversion to them, as Terraform converts a variable's value to its declared
//! type: primitives convert (`"5"` to 5), collections convert element by element, object types
//! drop attributes they do not declare and fill `optional` ones with their defaults, at any
//! depth. Also the conversion functions `tostring`, `tonumber`, `tobool`, `tolist`, `toset`
//! and `tomap`.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};

use super::cty::{Attrs, Val};
use super::expr::{self, Constants};

/// Deepest type or value nesting converted.
const MAX_DEPTH: usize = 512;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `any`: the value's own type.
    Any,
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(T)`.
    List(Box<Type>),
    /// `set(T)`.
    Set(Box<Type>),
    /// `map(T)`.
    Map(Box<Type>),
    /// `tuple([T, ...])`.
    Tuple(Vec<Type>),
    /// `object({ name = T, ... })`.
    Object(BTreeMap<String, Attr>),
}

/// One attribute of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// Its type.
    pub ty: Type,
    /// Whether it may be omitted (`optional(...)`).
    pub optional: bool,
    /// The value an omitted or null optional attribute takes.
    pub default: Option<Val>,
}

/// Parses a type constraint as written in a `variable` block's `type`.
pub fn parse(expr: &Expression) -> Result<Type, String> {
    parse_at(expr, 0)
}

fn parse_at(expr: &Expression, depth: usize) -> Result<Type, String> {
    if depth > MAX_DEPTH {
        return Err("the type nests too deeply".into());
    }
    match expr {
        Expression::Variable(v) => match v.as_str() {
            "any" => Ok(Type::Any),
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "list" => Ok(Type::List(Box::new(Type::Any))),
            "map" => Ok(Type::Map(Box::new(Type::Any))),
            "set" => Ok(Type::Set(Box::new(Type::Any))),
            other => Err(format!("\"{other}\" is not a type")),
        },
        Expression::Parenthesis(inner) => parse_at(inner.inner(), depth + 1),
        Expression::FuncCall(call) => {
            let name = call.name.name.as_str();
            let args: Vec<&Expression> = call.args.iter().collect();
            let one = || -> Result<Box<Type>, String> {
                match args[..] {
                    [arg] => Ok(Box::new(parse_at(arg, depth + 1)?)),
                    _ => Err(format!("{name}(...) takes one element type")),
                }
            };
            match name {
                "list" => Ok(Type::List(one()?)),
                "set" => Ok(Type::Set(one()?)),
                "map" => Ok(Type::Map(one()?)),
                "tuple" => match args[..] {
                    [Expression::Array(items)] => Ok(Type::Tuple(
                        items
                            .iter()
                            .map(|i| parse_at(i, depth + 1))
                            .collect::<Result<_, _>>()?,
                    )),
                    _ => Err("tuple(...) takes a list of element types".into()),
                },
                "object" => match args[..] {
                    [Expression::Object(object)] => {
                        let mut attrs = BTreeMap::new();
                        for (key, value) in object.iter() {
                            let key = match key {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => {
                                    s.value().to_string()
                                }
                                _ => return Err("object attribute names must be literal".into()),
                            };
                            attrs.insert(key, attribute(value.expr(), depth + 1)?);
                        }
                        Ok(Type::Object(attrs))
                    }
                    _ => Err("object(...) takes an object of attribute types".into()),
                },
                "optional" => Err("optional(...) is allowed only for an object attribute".into()),
                other => Err(format!("\"{other}\" is not a type constructor")),
            }
        }
        _ => Err("a type constraint is a type name or a type constructor".into()),
    }
}

/// An object attribute's type, `optional(T)` or `optional(T, default)`.
fn attribute(expr: &Expression, depth: usize) -> Result<Attr, String> {
    if let Expression::FuncCall(call) = expr {
        if call.name.name.as_str() == "optional" {
            let args: Vec<&Expression> = call.args.iter().collect();
            let (ty, default) = match args[..] {
                [ty] => (parse_at(ty, depth)?, None),
                [ty, default] => {
                    let ty = parse_at(ty, depth)?;
                    let value = expr::eval(default, &Constants, &Vec::new())
                        .map_err(|e| format!("the default does not evaluate: {e}"))?;
                    let value = convert_at(&value, &ty, depth)?;
                    (ty, Some(value))
                }
                _ => return Err("optional(...) takes a type and an optional default".into()),
            };
            return Ok(Attr {
                ty,
                optional: true,
                default,
            });
        }
    }
    Ok(Attr {
        ty: parse_at(expr, depth)?,
        optional: false,
        default: None,
    })
}

/// Converts `value` to `ty` as Terraform converts a variable's value to its declared type.
pub fn convert(value: &Val, ty: &Type) -> Result<Val, String> {
    convert_at(value, ty, 0)
}

fn convert_at(value: &Val, ty: &Type, depth: usize) -> Result<Val, String> {
    if depth > MAX_DEPTH {
        return Err("the value nests too deeply".into());
    }
    if matches!(value, Val::Unknown | Val::Null) {
        return Ok(value.clone());
    }
    match ty {
        Type::Any => Ok(value.clone()),
        Type::String => value.to_text().map(|s| s.map_or(Val::Unknown, Val::String)),
        Type::Number => value
            .to_number()
            .map(|n| n.map_or(Val::Unknown, Val::Number)),
        Type::Bool => value.to_bool().map(|b| b.map_or(Val::Unknown, Val::Bool)),
        Type::List(element) | Type::Set(element) => {
            let Val::List(items) = value else {
                return Err(format!("a list is required, not a {}", value.kind()));
            };
            let mut out = items
                .iter()
                .map(|i| convert_at(i, element, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            if **element == Type::Any {
                out = unify(out)?;
            }
            Ok(if matches!(ty, Type::Set(_)) {
                if out.iter().any(|v| !v.is_known()) {
                    return Ok(Val::Unknown);
                }
                Val::set(out)
            } else {
                Val::list(out)
            })
        }
        Type::Map(element) => {
            let Some(attrs) = value.as_map() else {
                return Err(format!("a map is required, not a {}", value.kind()));
            };
            let mut out = Attrs::new();
            for (k, v) in attrs {
                out.insert(k.clone(), convert_at(v, element, depth + 1)?);
            }
            if **element == Type::Any {
                let keys: Vec<String> = out.keys().cloned().collect();
                let values = unify(out.into_values().collect())?;
                out = keys.into_iter().zip(values).collect();
            }
            Ok(Val::map(out))
        }
        Type::Tuple(types) => {
            let Val::List(items) = value else {
                return Err(format!("a tuple is required, not a {}", value.kind()));
            };
            if items.len() != types.len() {
                return Err(format!(
                    "a tuple of {} elements is required, not {}",
                    types.len(),
                    items.len()
                ));
            }
            Ok(Val::list(
                items
                    .iter()
                    .zip(types)
                    .map(|(v, t)| convert_at(v, t, depth + 1))
                    .collect::<Result<_, _>>()?,
            ))
        }
        Type::Object(declared) => {
            let Some(attrs) = value.as_map() else {
                return Err(format!("an object is required, not a {}", value.kind()));
            };
            let mut out = Attrs::new();
            for (name, attr) in declared {
                let given = attrs.get(name).filter(|v| !v.is_null());
                let converted = match (given, attr.optional, &attr.default) {
                    (Some(v), _, _) => convert_at(v, &attr.ty, depth + 1)
                        .map_err(|e| format!("attribute \"{name}\": {e}"))?,
                    (None, true, Some(default)) => default.clone(),
                    (None, true, None) => Val::Null,
                    (None, false, _) if attrs.contains_key(name) => Val::Null,
                    (None, false, _) => return Err(format!("attribute \"{name}\" is required")),
                };
                // Defaults apply inside a given nested object too.
                let converted = match (&converted, given) {
                    (v, None) if !v.is_null() => convert_at(v, &attr.ty, depth + 1)?,
                    _ => converted,
                };
                out.insert(name.clone(), converted);
            }
            Ok(Val::map(out))
        }
    }
}

/// The elements of a `list(any)` or `map(any)` converted to one type: primitives of mixed
/// kinds become strings; collections of different kinds cannot unify.
fn unify(items: Vec<Val>) -> Result<Vec<Val>, String> {
    let kinds: std::collections::BTreeSet<&str> = items
        .iter()
        .filter(|v| !matches!(v, Val::Null | Val::Unknown))
        .map(Val::kind)
        .collect();
    if kinds.len() <= 1 {
        return Ok(items);
    }
    if kinds
        .iter()
        .all(|k| matches!(*k, "string" | "number" | "bool"))
    {
        return items
            .into_iter()
            .map(|v| match v {
                Val::Null | Val::Unknown => Ok(v),
                other => other.to_text().map(|s| s.map_or(Val::Unknown, Val::String)),
            })
            .collect();
    }
    Err("all elements must have the same type".into())
}

/// `tostring`, `tonumber`, `tobool`, `tolist`, `toset`, `tomap`; `None` for other names.
pub fn call_conversion(name: &str, args: &[Val]) -> Option<Result<Val, String>> {
    let ty = match name {
        "tostring" => Type::String,
        "tonumber" => Type::Number,
        "tobool" => Type::Bool,
        "tolist" => Type::List(Box::new(Type::Any)),
        "toset" => Type::Set(Box::new(Type::Any)),
        "tomap" => Type::Map(Box::new(Type::Any)),
        _ => return None,
    };
    let [value] = args else {
        return Some(Err(format!("{name} takes one argument")));
    };
    if matches!(ty, Type::String | Type::Number | Type::Bool)
        && matches!(value, Val::List(_) | Val::Map(_) | Val::Open(_))
    {
        return Some(Err(format!("{name}: cannot convert a {}", value.kind())));
    }
    Some(convert(value, &ty).map_err(|e| format!("{name}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ty(src: &str) -> Result<Type, String> {
        parse(&src.parse::<Expression>().map_err(|e| e.to_string())?)
    }

    fn conv(value: serde_json::Value, t: &str) -> Result<serde_json::Value, String> {
        convert(&Val::from_json(&value), &ty(t)?).map(|v| v.to_json())
    }

    #[test]
    fn primitives_convert_like_terraform() {
        assert_eq!(conv(json!("5"), "number"), Ok(json!(5)));
        assert!(conv(json!("abc"), "number").is_err());
        assert_eq!(conv(json!(5), "string"), Ok(json!("5")));
        assert_eq!(conv(json!(true), "string"), Ok(json!("true")));
        assert_eq!(conv(json!("false"), "bool"), Ok(json!(false)));
        assert!(conv(json!("yes"), "bool").is_err());
        assert!(conv(json!([1]), "string").is_err());
        assert_eq!(conv(json!(null), "string"), Ok(json!(null)));
    }

    #[test]
    fn collections_convert_element_by_element() {
        assert_eq!(
            conv(json!(["b", "a", "b"]), "set(string)"),
            Ok(json!(["a", "b"]))
        );
        assert_eq!(conv(json!([1, "2"]), "list(number)"), Ok(json!([1, 2])));
        assert_eq!(conv(json!({"a": 1}), "map(string)"), Ok(json!({"a": "1"})));
        assert_eq!(
            conv(json!({"a": "x", "b": 1}), "map(any)"),
            Ok(json!({"a": "x", "b": "1"}))
        );
        assert!(conv(json!([{"a": 1}, [1]]), "list(any)").is_err());
        assert_eq!(
            conv(json!(["a", 1]), "tuple([string, number])"),
            Ok(json!(["a", 1]))
        );
        assert!(conv(json!(["a"]), "tuple([string, number])").is_err());
        assert_eq!(conv(json!(["x"]), "any"), Ok(json!(["x"])));
    }

    #[test]
    fn objects_drop_undeclared_attributes_and_fill_optional_defaults_at_depth() {
        let t = r#"object({ name = string, mode = optional(string, "Active"), size = optional(number), extra = optional(object({ on = optional(bool, true) }), {}) })"#;
        assert_eq!(
            conv(json!({"name": "a", "unknown_key": 1}), t),
            Ok(json!({"name": "a", "mode": "Active", "size": null, "extra": {"on": true}}))
        );
        assert_eq!(
            conv(json!({"name": "a", "mode": null, "extra": {}}), t),
            Ok(json!({"name": "a", "mode": "Active", "size": null, "extra": {"on": true}}))
        );
        assert!(conv(json!({"mode": "x"}), t).is_err(), "name is required");
        let routes = r#"map(object({ method = string, throttle = optional(number, 10) }))"#;
        assert_eq!(
            conv(json!({"get": {"method": "GET"}}), routes),
            Ok(json!({"get": {"method": "GET", "throttle": 10}}))
        );
        let list = r#"list(object({ a = optional(string, "d") }))"#;
        assert_eq!(
            conv(json!([{}, {"a": "x"}]), list),
            Ok(json!([{"a": "d"}, {"a": "x"}]))
        );
    }

    #[test]
    fn unknowns_stay_where_they_are() {
        let v = Val::list(vec![Val::string("a"), Val::Unknown]);
        assert_eq!(
            convert(&v, &Type::List(Box::new(Type::String))),
            Ok(v.clone())
        );
        assert_eq!(convert(&Val::Unknown, &Type::Number), Ok(Val::Unknown));
        assert_eq!(
            convert(&v, &Type::Set(Box::new(Type::String))),
            Ok(Val::Unknown)
        );
    }

    #[test]
    fn malformed_constraints_are_errors() {
        assert!(ty("list(foo)").is_err());
        assert!(ty(r#"object("x")"#).is_err());
        assert!(ty("optional(string)").is_err());
        assert!(ty("strng").is_err());
    }

    #[test]
    fn conversion_functions() {
        let call = |n: &str, v: serde_json::Value| {
            call_conversion(n, &[Val::from_json(&v)]).map(|r| r.map(|v| v.to_json()))
        };
        assert_eq!(call("tostring", json!(5)), Some(Ok(json!("5"))));
        assert_eq!(call("tonumber", json!("5")), Some(Ok(json!(5))));
        assert_eq!(call("tobool", json!("true")), Some(Ok(json!(true))));
        assert_eq!(call("tolist", json!(["a", 1])), Some(Ok(json!(["a", "1"]))));
        assert_eq!(
            call("toset", json!(["c", "a", "c"])),
            Some(Ok(json!(["a", "c"])))
        );
        assert_eq!(
            call("tomap", json!({"a": 1, "b": true})),
            Some(Ok(json!({"a": "1", "b": "true"})))
        );
        assert!(matches!(call("tostring", json!([1])), Some(Err(_))));
        assert_eq!(call("upper", json!("x")), None);
    }
}
