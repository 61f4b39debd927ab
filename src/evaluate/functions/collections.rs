//! Collection functions: lists, maps and sets (`concat`, `merge`, `lookup`, `zipmap`,
//! `flatten`, `setproduct`, ...). A known list keeps its unknown elements where Terraform's
//! would: `length`, `concat`, `element`, `slice` and friends work on the list, not its values.

use super::{
    arity, integer, known, list, map, number, strings, text, FnResult, MAX_DEPTH, MAX_ELEMENTS,
};
use crate::evaluate::cty::{Attrs, Val};

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "alltrue" => |a| all_or_any(a, false),
        "anytrue" => |a| all_or_any(a, true),
        "chunklist" => chunklist,
        "coalesce" => coalesce,
        "coalescelist" => coalescelist,
        "compact" => compact,
        "concat" => concat,
        "contains" => contains,
        "distinct" => distinct,
        "element" => element,
        "flatten" => flatten,
        "index" => index,
        "keys" => keys,
        "length" => length,
        "lookup" => lookup_fn,
        "matchkeys" => matchkeys,
        "merge" => merge,
        "one" => one,
        "range" => range,
        "reverse" => reverse,
        "setintersection" => |a| set_op(a, SetOp::Intersection),
        "setsubtract" => |a| set_op(a, SetOp::Subtract),
        "setunion" => |a| set_op(a, SetOp::Union),
        "setproduct" => setproduct,
        "slice" => slice,
        "sort" => sort,
        "sum" => sum,
        "transpose" => transpose,
        "values" => values,
        "zipmap" => zipmap,
        _ => return None,
    })
}

fn all_or_any(args: &[Val], any: bool) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    let mut unknown = false;
    for item in items {
        match item.to_bool()? {
            Some(b) if b == any => return Ok(Val::Bool(any)),
            Some(_) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown {
        Val::Unknown
    } else {
        Val::Bool(!any)
    })
}

fn chunklist(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let items = known!(list(&args[0]));
    let size = known!(integer(&args[1]));
    if size < 0 {
        return Err("the chunk size must not be negative".into());
    }
    if size == 0 {
        return Ok(Val::list(vec![Val::list(items.to_vec())]));
    }
    Ok(Val::list(
        items
            .chunks(size as usize)
            .map(|c| Val::list(c.to_vec()))
            .collect(),
    ))
}

fn coalesce(args: &[Val]) -> FnResult {
    for arg in args {
        match arg {
            Val::Unknown => return Ok(Val::Unknown),
            Val::Null => {}
            Val::String(s) if s.is_empty() => {}
            other => return Ok(other.clone()),
        }
    }
    Err("no non-null, non-empty-string arguments".into())
}

fn coalescelist(args: &[Val]) -> FnResult {
    for arg in args {
        match arg {
            Val::Unknown => return Ok(Val::Unknown),
            Val::Null => {}
            Val::List(items) if items.is_empty() => {}
            Val::List(_) => return Ok(arg.clone()),
            other => {
                return Err(format!(
                    "the arguments must be lists, not a {}",
                    other.kind()
                ))
            }
        }
    }
    Err("no non-null, non-empty list arguments".into())
}

fn compact(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    let mut out = Vec::new();
    for item in items {
        match item {
            Val::Null => {}
            Val::Unknown => return Ok(Val::Unknown),
            v => {
                let s = known!(v.to_text());
                if !s.is_empty() {
                    out.push(Val::String(s));
                }
            }
        }
    }
    Ok(Val::list(out))
}

fn concat(args: &[Val]) -> FnResult {
    let mut out = Vec::new();
    for arg in args {
        out.extend(known!(list(arg)).iter().cloned());
        if out.len() > MAX_ELEMENTS {
            return Err("too many elements".into());
        }
    }
    Ok(Val::list(out))
}

fn contains(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let items = known!(list(&args[0]));
    let mut unknown = false;
    for item in items {
        match item.equals(&args[1]) {
            Some(true) => return Ok(Val::Bool(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown {
        Val::Unknown
    } else {
        Val::Bool(false)
    })
}

fn distinct(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    if items.iter().any(|i| !i.is_wholly_known()) {
        return Ok(Val::Unknown);
    }
    let mut out: Vec<Val> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o.equals(item) == Some(true)) {
            out.push(item.clone());
        }
    }
    Ok(Val::list(out))
}

fn element(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let items = known!(list(&args[0]));
    let i = known!(integer(&args[1]));
    if items.is_empty() {
        return Err("cannot use element function with an empty list".into());
    }
    if i < 0 {
        return Err("cannot use element function with a negative index".into());
    }
    Ok(items[i as usize % items.len()].clone())
}

fn flatten(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    let mut out = Vec::new();
    if !flatten_into(items, &mut out, 0)? {
        return Ok(Val::Unknown);
    }
    Ok(Val::list(out))
}

/// `Ok(false)` when an element is unknown: it may be a list, so the length is unknown.
fn flatten_into(items: &[Val], out: &mut Vec<Val>, depth: usize) -> Result<bool, String> {
    if depth > MAX_DEPTH {
        return Err(super::bound(format!(
            "the list nests more than {MAX_DEPTH} levels deep"
        )));
    }
    for item in items {
        match item {
            Val::List(inner) => {
                if !flatten_into(inner, out, depth + 1)? {
                    return Ok(false);
                }
            }
            Val::Unknown => return Ok(false),
            other => out.push(other.clone()),
        }
        if out.len() > MAX_ELEMENTS {
            return Err("too many elements".into());
        }
    }
    Ok(true)
}

fn index(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let items = known!(list(&args[0]));
    for (i, item) in items.iter().enumerate() {
        match item.equals(&args[1]) {
            Some(true) => return Ok(Val::Number(i as f64)),
            Some(false) => {}
            None => return Ok(Val::Unknown),
        }
    }
    Err("the item was not found in the list".into())
}

fn keys(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let attrs = known!(map(&args[0]));
    Ok(Val::list(
        attrs.keys().map(|k| Val::string(k.clone())).collect(),
    ))
}

fn values(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let attrs = known!(map(&args[0]));
    Ok(Val::list(attrs.values().cloned().collect()))
}

fn length(args: &[Val]) -> FnResult {
    use unicode_segmentation::UnicodeSegmentation;
    arity("", args, 1, 1)?;
    Ok(match &args[0] {
        Val::List(items) => Val::Number(items.len() as f64),
        Val::Map(attrs) | Val::Open(attrs) => Val::Number(attrs.len() as f64),
        Val::String(s) => Val::Number(s.graphemes(true).count() as f64),
        Val::Unknown => Val::Unknown,
        Val::Null => return Err("argument must not be null".into()),
        other => return Err(format!("cannot take the length of a {}", other.kind())),
    })
}

fn lookup_fn(args: &[Val]) -> FnResult {
    arity("", args, 2, 3)?;
    let attrs = known!(map(&args[0]));
    let key = known!(text(&args[1]));
    match (attrs.get(&key), args.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(format!(
            "the map has no key \"{key}\" and no default was given"
        )),
    }
}

fn matchkeys(args: &[Val]) -> FnResult {
    arity("", args, 3, 3)?;
    let values = known!(list(&args[0]));
    let keys = known!(list(&args[1]));
    let search = known!(list(&args[2]));
    if values.len() != keys.len() {
        return Err("the values and keys lists must have the same length".into());
    }
    let mut out = Vec::new();
    for (value, key) in values.iter().zip(keys) {
        let mut found = false;
        for s in search {
            match key.equals(s) {
                Some(true) => found = true,
                Some(false) => {}
                None => return Ok(Val::Unknown),
            }
        }
        if found {
            out.push(value.clone());
        }
    }
    Ok(Val::list(out))
}

fn merge(args: &[Val]) -> FnResult {
    let mut out = Attrs::new();
    for arg in args {
        match arg {
            Val::Null => {}
            Val::Unknown => return Ok(Val::Unknown),
            Val::Map(attrs) | Val::Open(attrs) => {
                out.extend(attrs.iter().map(|(k, v)| (k.clone(), v.clone())))
            }
            other => {
                return Err(format!(
                    "the arguments must be maps or objects, not a {}",
                    other.kind()
                ))
            }
        }
    }
    Ok(Val::map(out))
}

fn one(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    match items {
        [] => Ok(Val::Null),
        [only] => Ok(only.clone()),
        _ => Err(format!(
            "must be a list with at most one element, not {}",
            items.len()
        )),
    }
}

/// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`.
fn range(args: &[Val]) -> FnResult {
    arity("", args, 1, 3)?;
    let mut n = Vec::with_capacity(3);
    for arg in args {
        n.push(known!(number(arg)));
    }
    let (start, limit, step) = match n[..] {
        [limit] => (0.0, limit, 1.0),
        [start, limit] => (start, limit, if limit < start { -1.0 } else { 1.0 }),
        [start, limit, step] => (start, limit, step),
        _ => return Err("takes one to three numbers".into()),
    };
    if step == 0.0 {
        return Err("the step must not be zero".into());
    }
    if (limit - start) / step > MAX_ELEMENTS as f64 {
        return Err(super::bound(format!("more than {MAX_ELEMENTS} elements")));
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < limit) || (step < 0.0 && x > limit) {
        out.push(Val::Number(x));
        x += step;
    }
    Ok(Val::list(out))
}

fn reverse(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    Ok(Val::list(items.iter().rev().cloned().collect()))
}

enum SetOp {
    Union,
    Intersection,
    Subtract,
}

fn set_op(args: &[Val], op: SetOp) -> FnResult {
    let (min, max) = match op {
        SetOp::Subtract => (2, 2),
        _ => (1, usize::MAX),
    };
    arity("", args, min, max)?;
    let mut sets = Vec::with_capacity(args.len());
    for arg in args {
        let items = known!(list(arg));
        if items.iter().any(|i| !i.is_wholly_known()) {
            return Ok(Val::Unknown);
        }
        sets.push(items);
    }
    let member = |set: &[Val], v: &Val| set.iter().any(|s| s.equals(v) == Some(true));
    let out: Vec<Val> = match op {
        SetOp::Union => sets.iter().flat_map(|s| s.iter().cloned()).collect(),
        SetOp::Intersection => sets[0]
            .iter()
            .filter(|v| sets[1..].iter().all(|s| member(s, v)))
            .cloned()
            .collect(),
        SetOp::Subtract => sets[0]
            .iter()
            .filter(|v| !member(sets[1], v))
            .cloned()
            .collect(),
    };
    Ok(Val::set(out))
}

fn setproduct(args: &[Val]) -> FnResult {
    arity("", args, 1, usize::MAX)?;
    let mut lists = Vec::with_capacity(args.len());
    let mut total: usize = 1;
    for arg in args {
        let items = known!(list(arg));
        total = total.saturating_mul(items.len());
        lists.push(items);
    }
    if total > MAX_ELEMENTS {
        return Err(super::bound(format!(
            "the product has more than {MAX_ELEMENTS} elements"
        )));
    }
    let mut out: Vec<Vec<Val>> = vec![Vec::new()];
    for items in lists {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                items.iter().map(move |item| {
                    let mut next = prefix.clone();
                    next.push(item.clone());
                    next
                })
            })
            .collect();
    }
    Ok(Val::list(out.into_iter().map(Val::list).collect()))
}

fn slice(args: &[Val]) -> FnResult {
    arity("", args, 3, 3)?;
    let items = known!(list(&args[0]));
    let start = known!(integer(&args[1]));
    let end = known!(integer(&args[2]));
    if start < 0 || end < start || end as usize > items.len() {
        return Err(format!(
            "the indexes {start} and {end} are out of range for a list of {} elements",
            items.len()
        ));
    }
    Ok(Val::list(items[start as usize..end as usize].to_vec()))
}

fn sort(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    let mut texts = known!(strings(items));
    texts.sort();
    Ok(Val::list(texts.into_iter().map(Val::String).collect()))
}

fn sum(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let items = known!(list(&args[0]));
    if items.is_empty() {
        return Err("cannot sum an empty list".into());
    }
    let mut total = 0.0;
    for item in items {
        if item.is_null() {
            return Err("an element is null".into());
        }
        total += known!(item.to_number());
    }
    Ok(Val::Number(total))
}

fn transpose(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let attrs = known!(map(&args[0]));
    let mut out: std::collections::BTreeMap<String, Vec<Val>> = Default::default();
    for (key, value) in attrs {
        let items = known!(list(value));
        for item in known!(strings(items)) {
            out.entry(item).or_default().push(Val::string(key.clone()));
        }
    }
    Ok(Val::map(
        out.into_iter().map(|(k, v)| (k, Val::list(v))).collect(),
    ))
}

fn zipmap(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let keys = known!(list(&args[0]));
    let values = known!(list(&args[1]));
    if keys.len() != values.len() {
        return Err("the keys and values lists must have the same length".into());
    }
    let keys = known!(strings(keys));
    Ok(Val::map(
        keys.into_iter().zip(values.iter().cloned()).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{eval, fails, known};
    use crate::evaluate::cty::Val;
    use serde_json::json;

    #[test]
    fn documented_examples() {
        assert_eq!(known("alltrue([true, true])"), true);
        assert_eq!(known(r#"alltrue(["true", false])"#), false);
        assert_eq!(known("alltrue([])"), true);
        assert_eq!(known("anytrue([false, true])"), true);
        assert_eq!(known("anytrue([])"), false);
        assert_eq!(
            known(r#"chunklist(["a", "b", "c", "d", "e"], 2)"#),
            json!([["a", "b"], ["c", "d"], ["e"]])
        );
        assert_eq!(known(r#"coalesce("a", "b")"#), "a");
        assert_eq!(known(r#"coalesce("", "b")"#), "b");
        assert_eq!(known("coalesce(null, 1, 2)"), 1);
        assert!(fails(r#"coalesce(null, "")"#));
        assert_eq!(known(r#"coalescelist([], ["c", "d"])"#), json!(["c", "d"]));
        assert_eq!(
            known(r#"compact(["a", "", "b", null, "c"])"#),
            json!(["a", "b", "c"])
        );
        assert_eq!(
            known(r#"concat(["a", ""], ["b", "c"])"#),
            json!(["a", "", "b", "c"])
        );
        assert_eq!(known(r#"contains(["a", "b", "c"], "a")"#), true);
        assert_eq!(known(r#"contains(["a", "b", "c"], "d")"#), false);
        assert_eq!(
            known(r#"distinct(["a", "b", "a", "c", "d", "b"])"#),
            json!(["a", "b", "c", "d"])
        );
        assert_eq!(known(r#"element(["a", "b", "c"], 1)"#), "b");
        assert_eq!(known(r#"element(["a", "b", "c"], 3)"#), "a");
        assert!(fails(r#"element([], 0)"#));
        assert_eq!(
            known(r#"flatten([["a", "b"], [], ["c"]])"#),
            json!(["a", "b", "c"])
        );
        assert_eq!(
            known(r#"flatten([[["a", "b"], []], ["c"]])"#),
            json!(["a", "b", "c"])
        );
        assert_eq!(known(r#"index(["a", "b", "c"], "b")"#), 1);
        assert!(fails(r#"index(["a"], "z")"#));
        assert_eq!(known("keys({a=1, c=2, d=3})"), json!(["a", "c", "d"]));
        assert_eq!(known("length([])"), 0);
        assert_eq!(known(r#"length(["a", "b"])"#), 2);
        assert_eq!(known(r#"length({"a" = "b"})"#), 1);
        assert_eq!(known(r#"length("hello")"#), 5);
        assert_eq!(known(r#"length("👾🕹️")"#), 2);
        assert_eq!(known(r#"lookup({a="ay", b="bee"}, "a", "what?")"#), "ay");
        assert_eq!(known(r#"lookup({a="ay", b="bee"}, "c", "what?")"#), "what?");
        assert!(fails(r#"lookup({a="ay"}, "c")"#));
        assert_eq!(
            known(
                r#"matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])"#
            ),
            json!(["i-abc", "i-def"])
        );
        assert_eq!(
            known(r#"merge({a="b", c="d"}, {e="f", c="z"})"#),
            json!({"a": "b", "c": "z", "e": "f"})
        );
        assert_eq!(known("merge(null, {a = 1})"), json!({"a": 1}));
        assert_eq!(known("one([])"), json!(null));
        assert_eq!(known(r#"one(["hello"])"#), "hello");
        assert!(fails(r#"one(["hello", "goodbye"])"#));
        assert_eq!(known("range(3)"), json!([0, 1, 2]));
        assert_eq!(known("range(1, 4)"), json!([1, 2, 3]));
        assert_eq!(known("range(1, 8, 2)"), json!([1, 3, 5, 7]));
        assert_eq!(known("range(4, 1)"), json!([4, 3, 2]));
        assert_eq!(known("range(0, 1, 0.25)"), json!([0, 0.25, 0.5, 0.75]));
        assert!(fails("range(0, 2000000)"));
        assert_eq!(known("reverse([1, 2, 3])"), json!([3, 2, 1]));
        assert_eq!(
            known(r#"setintersection(["a", "b"], ["b", "c"], ["b", "d"])"#),
            json!(["b"])
        );
        assert_eq!(
            known(r#"setproduct(["development", "staging"], ["app1", "app2"])"#),
            json!([
                ["development", "app1"],
                ["development", "app2"],
                ["staging", "app1"],
                ["staging", "app2"]
            ])
        );
        assert_eq!(
            known(r#"setsubtract(["a", "b", "c"], ["a", "c"])"#),
            json!(["b"])
        );
        assert_eq!(
            known(r#"setunion(["a", "b"], ["b", "c"], ["d"])"#),
            json!(["a", "b", "c", "d"])
        );
        assert_eq!(
            known(r#"slice(["a", "b", "c", "d"], 1, 3)"#),
            json!(["b", "c"])
        );
        assert!(fails(r#"slice(["a"], 0, 2)"#));
        assert_eq!(
            known(r#"sort(["e", "d", "a", "x"])"#),
            json!(["a", "d", "e", "x"])
        );
        assert_eq!(known("sum([10, 13, 6, 4.5])"), 33.5);
        assert!(fails("sum([])"));
        assert_eq!(
            known(r#"transpose({"a" = ["1", "2"], "b" = ["2", "3"]})"#),
            json!({"1": ["a"], "2": ["a", "b"], "3": ["b"]})
        );
        assert_eq!(known("values({a=3, c=2, d=1})"), json!([3, 2, 1]));
        assert_eq!(
            known(r#"zipmap(["a", "b"], [1, 2])"#),
            json!({"a": 1, "b": 2})
        );
        assert!(fails(r#"zipmap(["a"], [1, 2])"#));
    }

    #[test]
    fn known_lists_keep_their_unknown_elements() {
        let v = eval(r#"concat(["a"], [timestamp()])"#).unwrap();
        assert_eq!(v, Val::list(vec![Val::string("a"), Val::Unknown]));
        assert_eq!(known("length([timestamp(), 1])"), 2);
        assert_eq!(known(r#"element(["a", timestamp()], 0)"#), "a");
        assert_eq!(known("keys({a = timestamp()})"), json!(["a"]));
        assert_eq!(known(r#"lookup({a = 1, b = timestamp()}, "a")"#), 1);
        assert_eq!(known(r#"coalesce("x", timestamp())"#), "x");
        assert_eq!(eval(r#"coalesce(timestamp(), "x")"#), Ok(Val::Unknown));
        assert_eq!(known(r#"contains(["a", timestamp()], "a")"#), true);
        assert_eq!(
            eval(r#"contains(["a", timestamp()], "b")"#),
            Ok(Val::Unknown)
        );
        assert_eq!(eval(r#"compact(["a", timestamp()])"#), Ok(Val::Unknown));
        assert_eq!(eval(r#"distinct(["a", timestamp()])"#), Ok(Val::Unknown));
        assert_eq!(eval(r#"flatten([["a"], timestamp()])"#), Ok(Val::Unknown));
        assert_eq!(known("alltrue([false, timestamp()])"), false);
        assert_eq!(eval("alltrue([true, timestamp()])"), Ok(Val::Unknown));
        let m = eval(r#"merge({a = 1}, {b = timestamp()})"#).unwrap();
        assert_eq!(m.to_json(), json!({"a": 1, "b": null}));
        let z = eval(r#"zipmap(["a", "b"], [1, timestamp()])"#).unwrap();
        assert_eq!(z.to_json(), json!({"a": 1, "b": null}));
        assert_eq!(
            eval(r#"zipmap(["a", timestamp()], [1, 2])"#),
            Ok(Val::Unknown)
        );
        assert_eq!(
            known(r#"slice(["a", timestamp(), "c"], 0, 1)"#),
            json!(["a"])
        );
    }
}
