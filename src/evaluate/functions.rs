//! Terraform's built-in functions that configurations use to build the values rules read
//! (names, tags, policy documents). hcl-rs evaluates expressions but ships no functions; a call
//! to one that is not here fails, and the expression stays unknown.

use std::sync::OnceLock;

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Value};

use super::cty::Val;

/// Calls function `name` with evaluated arguments. Impure functions are unknown, as in a plan;
/// so is any call with an argument that is not wholly known.
pub fn call(name: &str, args: &[Val]) -> Result<Val, String> {
    static CONTEXT: OnceLock<Context<'static>> = OnceLock::new();
    if matches!(name, "timestamp" | "plantimestamp" | "uuid" | "bcrypt") {
        return Ok(Val::Unknown);
    }
    if name == "templatefile" {
        let (Some(path), Some(vars)) = (args.first(), args.get(1)) else {
            return Err("templatefile takes a path and an object".into());
        };
        let (Some(path), Some(vars)) = (path.as_str(), vars.as_map()) else {
            return Ok(Val::Unknown);
        };
        let text = super::file_functions::read(&Value::from(path))?;
        return super::expr::render_template(&text, vars).map_err(|e| e.0);
    }
    if !args.iter().all(Val::is_wholly_known) {
        return Ok(Val::Unknown);
    }
    let ctx = CONTEXT.get_or_init(|| {
        let mut ctx = Context::new();
        declare(&mut ctx);
        super::file_functions::declare(&mut ctx);
        ctx
    });
    let args: Vec<hcl::Expression> = args
        .iter()
        .map(|a| hcl::Expression::from(hcl::to_value(a.to_json()).unwrap_or(Value::Null)))
        .collect();
    let call = args
        .into_iter()
        .fold(hcl::expr::FuncCall::builder(name), |b, a| b.arg(a))
        .build();
    let value = hcl::Expression::from(call)
        .evaluate(ctx)
        .map_err(|e| e.to_string())?;
    Ok(Val::from_json(
        &serde_json::to_value(value).map_err(|e| e.to_string())?,
    ))
}

/// Declares every supported function in `ctx`.
pub fn declare(ctx: &mut Context<'static>) {
    let any = || ParamType::Any;
    let string = || ParamType::String;
    let mut add = |name: &str, def: FuncDef| ctx.declare_func(name.to_string(), def);
    add(
        "jsonencode",
        FuncDef::builder().param(any()).build(jsonencode),
    );
    add(
        "jsondecode",
        FuncDef::builder().param(string()).build(jsondecode),
    );
    add(
        "lower",
        FuncDef::builder()
            .param(string())
            .build(|a| Ok(Value::from(text(&a[0]).to_lowercase()))),
    );
    add(
        "upper",
        FuncDef::builder()
            .param(string())
            .build(|a| Ok(Value::from(text(&a[0]).to_uppercase()))),
    );
    add(
        "trimprefix",
        FuncDef::builder().params([string(), string()]).build(|a| {
            let (s, p) = (text(&a[0]), text(&a[1]));
            Ok(Value::from(
                s.strip_prefix(p.as_str()).unwrap_or(&s).to_string(),
            ))
        }),
    );
    add(
        "trimsuffix",
        FuncDef::builder().params([string(), string()]).build(|a| {
            let (s, p) = (text(&a[0]), text(&a[1]));
            Ok(Value::from(
                s.strip_suffix(p.as_str()).unwrap_or(&s).to_string(),
            ))
        }),
    );
    add(
        "replace",
        FuncDef::builder()
            .params([string(), string(), string()])
            .build(replace),
    );
    add(
        "join",
        FuncDef::builder().params([string(), any()]).build(join),
    );
    add(
        "split",
        FuncDef::builder().params([string(), string()]).build(|a| {
            let (sep, s) = (text(&a[0]), text(&a[1]));
            Ok(Value::Array(
                s.split(sep.as_str())
                    .map(|p| Value::from(p.to_string()))
                    .collect(),
            ))
        }),
    );
    add(
        "format",
        FuncDef::builder()
            .param(string())
            .variadic_param(any())
            .build(format),
    );
    add(
        "concat",
        FuncDef::builder().variadic_param(any()).build(concat),
    );
    add(
        "merge",
        FuncDef::builder().variadic_param(any()).build(merge),
    );
    add(
        "lookup",
        FuncDef::builder()
            .params([any(), string()])
            .variadic_param(any())
            .build(lookup),
    );
    add("length", FuncDef::builder().param(any()).build(length));
    add(
        "coalesce",
        FuncDef::builder().variadic_param(any()).build(|a| {
            a.iter()
                .find(|v| !matches!(v, Value::Null) && *v != &Value::from(""))
                .cloned()
                .ok_or_else(|| "coalesce: no non-null argument".to_string())
        }),
    );
    add(
        "tostring",
        FuncDef::builder()
            .param(any())
            .build(|a| Ok(Value::from(text(&a[0])))),
    );
    add(
        "tolist",
        FuncDef::builder().param(any()).build(|a| Ok(a[0].clone())),
    );
    add("toset", FuncDef::builder().param(any()).build(distinct));
    add("distinct", FuncDef::builder().param(any()).build(distinct));
    add(
        "tomap",
        FuncDef::builder().param(any()).build(|a| Ok(a[0].clone())),
    );
    // Terraform returns keys, and values, in lexical order of the keys.
    add(
        "keys",
        FuncDef::builder().param(any()).build(|a| {
            Ok(Value::Array(
                sorted(&a[0])?
                    .into_iter()
                    .map(|(k, _)| Value::from(k))
                    .collect(),
            ))
        }),
    );
    add(
        "values",
        FuncDef::builder().param(any()).build(|a| {
            Ok(Value::Array(
                sorted(&a[0])?.into_iter().map(|(_, v)| v).collect(),
            ))
        }),
    );
    add(
        "contains",
        FuncDef::builder()
            .params([any(), any()])
            .build(|a| match &a[0] {
                Value::Array(items) => Ok(Value::Bool(items.contains(&a[1]))),
                _ => Err("contains: not a list".into()),
            }),
    );
    add(
        "element",
        FuncDef::builder()
            .params([any(), ParamType::Number])
            .build(|a| match &a[0] {
                Value::Array(items) if !items.is_empty() => {
                    let i = a[1]
                        .as_u64()
                        .ok_or("element: index must be a whole number")?
                        as usize;
                    Ok(items[i % items.len()].clone())
                }
                _ => Err("element: not a non-empty list".into()),
            }),
    );
    add(
        "range",
        FuncDef::builder()
            .variadic_param(ParamType::Number)
            .build(range),
    );
    add(
        "cidrsubnet",
        FuncDef::builder()
            .params([string(), ParamType::Number, ParamType::Number])
            .build(cidrsubnet),
    );
    add(
        "flatten",
        FuncDef::builder()
            .param(any())
            .build(|a| Ok(Value::Array(flatten(&a[0])))),
    );
}

/// A string argument as Terraform converts it (numbers and booleans become text).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn sorted(v: &Value) -> Result<Vec<(String, Value)>, String> {
    let Value::Object(m) = v else {
        return Err("not a map".into());
    };
    let mut entries: Vec<(String, Value)> = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

fn jsonencode(a: FuncArgs) -> Result<Value, String> {
    serde_json::to_string(&a[0])
        .map(Value::from)
        .map_err(|e| e.to_string())
}

fn jsondecode(a: FuncArgs) -> Result<Value, String> {
    let json: serde_json::Value = serde_json::from_str(&text(&a[0])).map_err(|e| e.to_string())?;
    hcl::to_value(json).map_err(|e| e.to_string())
}

fn replace(a: FuncArgs) -> Result<Value, String> {
    let (s, from, to) = (text(&a[0]), text(&a[1]), text(&a[2]));
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        return Err("replace: regular expressions are not supported".into());
    }
    Ok(Value::from(s.replace(&from, &to)))
}

fn join(a: FuncArgs) -> Result<Value, String> {
    let Value::Array(items) = &a[1] else {
        return Err("join: the second argument must be a list".into());
    };
    Ok(Value::from(
        items
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join(&text(&a[0])),
    ))
}

/// `format` with the verbs configurations use: `%s`, `%d`, `%v`, `%%`.
fn format(a: FuncArgs) -> Result<Value, String> {
    let spec = text(&a[0]);
    let mut args = a.iter().skip(1);
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd' | 'v') => {
                out.push_str(&text(args.next().ok_or("format: too few arguments")?))
            }
            other => {
                return Err(format!(
                    "format: unsupported verb %{}",
                    other.unwrap_or(' ')
                ))
            }
        }
    }
    Ok(Value::from(out))
}

fn concat(a: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for v in a.iter() {
        match v {
            Value::Array(items) => out.extend(items.iter().cloned()),
            _ => return Err("concat: arguments must be lists".into()),
        }
    }
    Ok(Value::Array(out))
}

fn merge(a: FuncArgs) -> Result<Value, String> {
    let mut out = Map::new();
    for v in a.iter() {
        match v {
            Value::Object(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            _ => return Err("merge: arguments must be maps".into()),
        }
    }
    Ok(Value::Object(out))
}

fn lookup(a: FuncArgs) -> Result<Value, String> {
    let Value::Object(m) = &a[0] else {
        return Err("lookup: the first argument must be a map".into());
    };
    match (m.get(&text(&a[1])), a.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err("lookup: no such key and no default".into()),
    }
}

fn length(a: FuncArgs) -> Result<Value, String> {
    match &a[0] {
        Value::Array(items) => Ok(Value::from(items.len() as u64)),
        Value::Object(m) => Ok(Value::from(m.len() as u64)),
        Value::String(s) => Ok(Value::from(s.chars().count() as u64)),
        _ => Err("length: not a collection".into()),
    }
}

fn distinct(a: FuncArgs) -> Result<Value, String> {
    let Value::Array(items) = &a[0] else {
        return Err("not a list".into());
    };
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}

fn flatten(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items
            .iter()
            .flat_map(|i| match i {
                Value::Array(_) => flatten(i),
                other => vec![other.clone()],
            })
            .collect(),
        other => vec![other.clone()],
    }
}

/// Most elements `range` produces (Terraform's own limit).
const MAX_RANGE: f64 = 1024.0 * 1024.0;

/// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`.
fn range(a: FuncArgs) -> Result<Value, String> {
    let n: Vec<f64> = a.iter().filter_map(Value::as_f64).collect();
    let (start, limit, step) = match n[..] {
        [limit] => (0.0, limit, 1.0),
        [start, limit] => (start, limit, if limit < start { -1.0 } else { 1.0 }),
        [start, limit, step] => (start, limit, step),
        _ => return Err("range: one to three numbers".into()),
    };
    if step == 0.0 || ((limit - start) / step) > MAX_RANGE {
        return Err("range: the step must move toward the limit, within 1,048,576 elements".into());
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < limit) || (step < 0.0 && x > limit) {
        out.push(if x.fract() == 0.0 {
            Value::from(x as i64)
        } else {
            Value::from(x)
        });
        x += step;
    }
    Ok(Value::Array(out))
}

/// `cidrsubnet(prefix, newbits, netnum)` for IPv4 and IPv6 prefixes.
fn cidrsubnet(a: FuncArgs) -> Result<Value, String> {
    let prefix = text(&a[0]);
    let (addr, len) = prefix
        .split_once('/')
        .ok_or("cidrsubnet: not a CIDR prefix")?;
    let len: u32 = len.parse().map_err(|_| "cidrsubnet: bad prefix length")?;
    let newbits = a[1]
        .as_u64()
        .ok_or("cidrsubnet: newbits must be a whole number")? as u32;
    let netnum = a[2]
        .as_u64()
        .ok_or("cidrsubnet: netnum must be a whole number")? as u128;
    let ip: std::net::IpAddr = addr.parse().map_err(|_| "cidrsubnet: bad address")?;
    let width = if ip.is_ipv4() { 32 } else { 128 };
    let new_len = len + newbits;
    if len > width || new_len > width || (newbits < 128 && netnum >> newbits != 0) {
        return Err(format!(
            "cidrsubnet: {netnum} does not fit in {newbits} new bits of {prefix}"
        ));
    }
    let base: u128 = match ip {
        std::net::IpAddr::V4(v4) => u128::from(u32::from(v4)),
        std::net::IpAddr::V6(v6) => u128::from(v6),
    };
    let host_bits = width - new_len;
    let mask: u128 = if width - len >= 128 {
        0
    } else {
        !((1u128 << (width - len)) - 1)
    } & if width == 32 { 0xffff_ffff } else { u128::MAX };
    let network = (base & mask) | (netnum << host_bits);
    let shown = match ip {
        std::net::IpAddr::V4(_) => std::net::Ipv4Addr::from(network as u32).to_string(),
        std::net::IpAddr::V6(_) => std::net::Ipv6Addr::from(network).to_string(),
    };
    Ok(Value::from(format!("{shown}/{new_len}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn eval(src: &str) -> Option<serde_json::Value> {
        super::super::constant(&src.parse().unwrap())
    }

    #[test]
    fn functions_compute_like_terraform() {
        assert_eq!(
            eval(r#"jsonencode({Action = "s3:*", Resource = ["*"]})"#),
            Some(json!(r#"{"Action":"s3:*","Resource":["*"]}"#))
        );
        assert_eq!(eval(r#"jsondecode("{\"a\": [1]}").a[0]"#), Some(json!(1)));
        assert_eq!(
            eval(r#"format("%s-%d-%%", "orders", 3)"#),
            Some(json!("orders-3-%"))
        );
        assert_eq!(eval(r#"join(",", ["a", "b"])"#), Some(json!("a,b")));
        assert_eq!(eval(r#"split(",", "a,b")"#), Some(json!(["a", "b"])));
        assert_eq!(
            eval(r#"merge({a = 1, b = 1}, {b = 2})"#),
            Some(json!({"a": 1, "b": 2}))
        );
        assert_eq!(
            eval(r#"concat(["a"], ["b", "c"])"#),
            Some(json!(["a", "b", "c"]))
        );
        assert_eq!(eval(r#"lookup({a = 1}, "b", 7)"#), Some(json!(7)));
        assert_eq!(eval(r#"length({a = 1, b = 2})"#), Some(json!(2)));
        assert_eq!(eval(r#"coalesce("", "x")"#), Some(json!("x")));
        assert_eq!(eval(r#"toset(["a", "a", "b"])"#), Some(json!(["a", "b"])));
        assert_eq!(
            eval(r#"upper(trimprefix("lambda-api", "lambda-"))"#),
            Some(json!("API"))
        );
        assert_eq!(eval(r#"replace("a-b-c", "-", "_")"#), Some(json!("a_b_c")));
        assert_eq!(
            eval(r#"flatten([["a"], ["b", ["c"]]])"#),
            Some(json!(["a", "b", "c"]))
        );
        assert_eq!(eval(r#"contains(["a"], "a")"#), Some(json!(true)));
        assert_eq!(eval(r#"element(["a", "b"], 3)"#), Some(json!("b")));
        assert_eq!(eval(r#"keys({b = 1, a = 2})"#), Some(json!(["a", "b"])));
        assert_eq!(eval(r#"values({b = 1, a = 2})"#), Some(json!([2, 1])));
        assert_eq!(
            eval(r#"cidrsubnet("10.1.0.0/16", 8, 2)"#),
            Some(json!("10.1.2.0/24"))
        );
        assert_eq!(
            eval(r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#),
            Some(json!("fd00:fd12:3456:7800:a200::/72"))
        );
        assert_eq!(eval(r#"cidrsubnet("10.1.0.0/16", 8, 256)"#), None);
        assert_eq!(eval("range(3)"), Some(json!([0, 1, 2])));
        assert_eq!(eval("length(range(10000))"), Some(json!(10000)));
        assert_eq!(eval("range(1, 7, 2)"), Some(json!([1, 3, 5])));
        assert_eq!(
            eval(r#"try(lookup({}, "a"), "fallback")"#),
            Some(json!("fallback"))
        );
        assert_eq!(eval(r#"can(cidrsubnet("x", 1, 1))"#), Some(json!(false)));
    }

    #[test]
    fn unsupported_or_wrong_calls_are_unknown() {
        assert_eq!(eval(r#"filebase64sha256("lambda.zip")"#), None);
        assert_eq!(eval(r#"replace("abc", "/b/", "x")"#), None);
        assert_eq!(eval(r#"join(",", "not a list")"#), None);
        assert_eq!(eval(r#"format("%q", "x")"#), None);
    }
}
