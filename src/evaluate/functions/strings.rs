//! String functions: `format`, `formatlist`, `join`, `split`, `replace` (with regular
//! expressions), `regex`, `regexall`, `substr` and the rest of Terraform's string library.
//! Lengths and offsets count grapheme clusters, as Terraform does.

use unicode_segmentation::UnicodeSegmentation;

use super::{arity, bounded, integer, known, list, strings, text, FnResult, MAX_ELEMENTS};
use crate::evaluate::cty::{number_text, Attrs, Val};

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "chomp" => |a| unary(a, |s| s.trim_end_matches(['\r', '\n']).to_string()),
        "endswith" => |a| pair(a, |s, x| Val::Bool(s.ends_with(x))),
        "startswith" => |a| pair(a, |s, x| Val::Bool(s.starts_with(x))),
        "strcontains" => |a| pair(a, |s, x| Val::Bool(s.contains(x))),
        "format" => format_fn,
        "formatlist" => formatlist,
        "indent" => indent,
        "join" => join,
        "lower" => |a| unary(a, str::to_lowercase),
        "upper" => |a| unary(a, str::to_uppercase),
        "regex" => |a| regex_fn(a, false),
        "regexall" => |a| regex_fn(a, true),
        "replace" => replace,
        "split" => split,
        "strrev" => |a| unary(a, |s| s.graphemes(true).rev().collect()),
        "substr" => substr,
        "title" => |a| unary(a, title),
        "trim" => |a| pair(a, |s, cut| Val::string(s.trim_matches(|c| cut.contains(c)))),
        "trimprefix" => |a| pair(a, |s, p| Val::string(s.strip_prefix(p).unwrap_or(s))),
        "trimsuffix" => |a| pair(a, |s, p| Val::string(s.strip_suffix(p).unwrap_or(s))),
        "trimspace" => |a| unary(a, |s| s.trim().to_string()),
        _ => return None,
    })
}

fn unary(args: &[Val], f: impl Fn(&str) -> String) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    bounded(f(&s))
}

fn pair(args: &[Val], f: impl Fn(&str, &str) -> Val) -> FnResult {
    arity("", args, 2, 2)?;
    let a = known!(text(&args[0]));
    let b = known!(text(&args[1]));
    Ok(f(&a, &b))
}

fn join(args: &[Val]) -> FnResult {
    arity("", args, 2, usize::MAX)?;
    let sep = known!(text(&args[0]));
    let mut parts = Vec::new();
    for arg in &args[1..] {
        let items = known!(list(arg));
        parts.extend(known!(strings(items)));
    }
    let size: usize = parts.iter().map(String::len).sum::<usize>() + sep.len() * parts.len();
    if size > super::MAX_TEXT {
        return Err(super::bound(format!(
            "the result would be longer than {} MiB",
            super::MAX_TEXT >> 20
        )));
    }
    Ok(Val::String(parts.join(&sep)))
}

fn split(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let sep = known!(text(&args[0]));
    let s = known!(text(&args[1]));
    let parts: Vec<Val> = if sep.is_empty() {
        s.chars().map(|c| Val::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Val::string).collect()
    };
    Ok(Val::list(parts))
}

fn indent(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let n = known!(integer(&args[0]));
    let s = known!(text(&args[1]));
    if !(0..=1024).contains(&n) {
        return Err("the number of spaces must be between 0 and 1024".into());
    }
    let pad = " ".repeat(n as usize);
    bounded(s.replace('\n', &format!("\n{pad}")))
}

fn substr(args: &[Val]) -> FnResult {
    arity("", args, 3, 3)?;
    let s = known!(text(&args[0]));
    let offset = known!(integer(&args[1]));
    let length = known!(integer(&args[2]));
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let len = graphemes.len() as i64;
    let start = if offset < 0 { len + offset } else { offset };
    if start < 0 || start > len {
        return Err("offset is out of range of the string".into());
    }
    let end = if length < 0 {
        len
    } else {
        (start + length).min(len)
    };
    Ok(Val::String(
        graphemes[start as usize..end as usize].concat(),
    ))
}

/// Go's `strings.Title`: the first letter of each word upper case.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_separates = true;
    for c in s.chars() {
        if previous_separates {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        previous_separates = !(c.is_alphanumeric() || c == '_');
    }
    out
}

fn replace(args: &[Val]) -> FnResult {
    arity("", args, 3, 3)?;
    let s = known!(text(&args[0]));
    let from = known!(text(&args[1]));
    let to = known!(text(&args[2]));
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        let re = compile(&from[1..from.len() - 1])?;
        return bounded(re.replace_all(&s, to.as_str()).into_owned());
    }
    if from.is_empty() {
        return Ok(Val::String(s));
    }
    bounded(s.replace(&from, &to))
}

fn compile(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid regular expression: {e}"))
}

/// `regex` (the first match) and `regexall` (every match): the match itself without capture
/// groups, a list of the groups, or an object of named groups.
fn regex_fn(args: &[Val], all: bool) -> FnResult {
    arity("", args, 2, 2)?;
    let pattern = known!(text(&args[0]));
    let s = known!(text(&args[1]));
    let re = compile(&pattern)?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let shape = |caps: regex::Captures<'_>| -> Val {
        let group = |i: usize| caps.get(i).map_or(Val::Null, |m| Val::string(m.as_str()));
        if names.is_empty() {
            group(0)
        } else if names.iter().all(Option::is_some) {
            Val::map(
                names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| Some((n.as_ref()?.to_string(), group(i + 1))))
                    .collect::<Attrs>(),
            )
        } else {
            Val::list((1..=names.len()).map(group).collect())
        }
    };
    if all {
        let matches: Vec<Val> = re.captures_iter(&s).take(MAX_ELEMENTS).map(shape).collect();
        return Ok(Val::list(matches));
    }
    re.captures(&s)
        .map(shape)
        .ok_or_else(|| "the pattern did not match".to_string())
}

fn formatlist(args: &[Val]) -> FnResult {
    arity("", args, 1, usize::MAX)?;
    let mut length: Option<usize> = None;
    for arg in &args[1..] {
        match arg {
            Val::Unknown => return Ok(Val::Unknown),
            Val::List(items) => match length {
                Some(n) if n != items.len() => {
                    return Err("all the list arguments must have the same length".into())
                }
                _ => length = Some(items.len()),
            },
            _ => {}
        }
    }
    let n = length.unwrap_or(1);
    if n > MAX_ELEMENTS {
        return Err("too many elements".into());
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = vec![args[0].clone()];
        for arg in &args[1..] {
            row.push(match arg {
                Val::List(items) => items[i].clone(),
                other => other.clone(),
            });
        }
        out.push(format_fn(&row)?);
    }
    Ok(Val::list(out))
}

/// `format` with Go's verbs as Terraform documents them: `%v %s %q %d %f %e %g %t %b %o %x %X
/// %%`, flags `+ - # 0 space`, width, precision and `%[n]` argument indexes.
pub(super) fn format_fn(args: &[Val]) -> FnResult {
    arity("", args, 1, usize::MAX)?;
    let spec = known!(text(&args[0]));
    let values = &args[1..];
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "+-# 0".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let digits: String = chars.by_ref().take_while(|c| *c != ']').collect();
            let n: usize = digits
                .parse()
                .map_err(|_| format!("bad argument index [{digits}]"))?;
            next = n.checked_sub(1).ok_or("argument indexes start at 1")?;
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|c| c.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|c| c.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let verb = chars
            .next()
            .ok_or("the format ends in the middle of a verb")?;
        let value = values
            .get(next)
            .ok_or_else(|| format!("not enough arguments for %{verb}"))?;
        next += 1;
        if !value.is_known() {
            return Ok(Val::Unknown);
        }
        let width: usize = width.parse().unwrap_or(0);
        if width > 1 << 16 || precision.is_some_and(|p| p > 1 << 10) {
            return Err("the width or precision is too large".into());
        }
        let body = verb_text(verb, value, &flags, precision)?;
        let Some(body) = body else {
            return Ok(Val::Unknown);
        };
        let pad = width.saturating_sub(body.chars().count());
        if flags.contains('-') {
            out.push_str(&body);
            out.push_str(&" ".repeat(pad));
        } else if flags.contains('0') && "dfeEgGbxXo".contains(verb) {
            let (sign, digits) = match body.strip_prefix(['-', '+']) {
                Some(rest) => (&body[..1], rest),
                None => ("", body.as_str()),
            };
            out.push_str(sign);
            out.push_str(&"0".repeat(pad));
            out.push_str(digits);
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&body);
        }
        if out.len() > super::MAX_TEXT {
            return Err(super::bound("the result is too long".into()));
        }
    }
    if next < values.len() && !spec.contains("%[") {
        return Err(format!(
            "too many arguments: the format uses {next}, {} were given",
            values.len()
        ));
    }
    Ok(Val::String(out))
}

/// One verb applied to one known value; `Ok(None)` when a nested part is unknown.
fn verb_text(
    verb: char,
    value: &Val,
    flags: &str,
    precision: Option<usize>,
) -> Result<Option<String>, String> {
    let sign = |n: f64, s: String| {
        if n >= 0.0 && flags.contains('+') {
            format!("+{s}")
        } else if n >= 0.0 && flags.contains(' ') {
            format!(" {s}")
        } else {
            s
        }
    };
    let num = || -> Result<f64, String> {
        value
            .to_number()?
            .ok_or_else(|| "the value is unknown".to_string())
    };
    let int = || -> Result<i64, String> {
        let n = num()?;
        if n.fract() != 0.0 {
            return Err(format!(
                "%{verb} needs a whole number, not {}",
                number_text(n)
            ));
        }
        Ok(n as i64)
    };
    Ok(Some(match verb {
        'v' => match value {
            Val::String(s) => s.clone(),
            Val::Number(n) => number_text(*n),
            Val::Bool(b) => b.to_string(),
            Val::Null => "null".to_string(),
            other => {
                if !other.is_wholly_known() {
                    return Ok(None);
                }
                other.to_json().to_string()
            }
        },
        's' => match value.to_text() {
            Ok(Some(s)) => match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            },
            Ok(None) => return Ok(None),
            Err(e) => return Err(e),
        },
        'q' => {
            let s = value.to_text()?.ok_or("the value is unknown")?;
            serde_json::to_string(&s).map_err(|e| e.to_string())?
        }
        't' => value.to_bool()?.ok_or("the value is unknown")?.to_string(),
        'd' => {
            let n = int()?;
            sign(n as f64, n.to_string())
        }
        'b' => format!("{:b}", int()?),
        'o' => {
            let n = int()?;
            if flags.contains('#') {
                format!("0{n:o}")
            } else {
                format!("{n:o}")
            }
        }
        'x' | 'X' => {
            let s = match value {
                Val::String(s) => s.bytes().map(|b| format!("{b:02x}")).collect(),
                _ => format!("{:x}", int()?),
            };
            let s = if flags.contains('#') {
                format!("0x{s}")
            } else {
                s
            };
            if verb == 'X' {
                s.to_uppercase()
            } else {
                s
            }
        }
        'f' | 'F' => {
            let n = num()?;
            sign(n, format!("{:.*}", precision.unwrap_or(6), n))
        }
        'e' | 'E' => {
            let n = num()?;
            let s = go_exponent(&format!("{:.*e}", precision.unwrap_or(6), n));
            sign(n, if verb == 'E' { s.to_uppercase() } else { s })
        }
        'g' | 'G' => {
            let n = num()?;
            sign(n, number_text(n))
        }
        other => return Err(format!("unsupported verb %{other}")),
    }))
}

/// Rust writes `1.5e3`; Go writes `1.5e+03`.
fn go_exponent(s: &str) -> String {
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{eval, fails, known};
    use crate::evaluate::cty::Val;
    use serde_json::json;

    #[test]
    fn documented_examples() {
        assert_eq!(known(r#"chomp("hello\n")"#), "hello");
        assert_eq!(known(r#"chomp("hello\r\n")"#), "hello");
        assert_eq!(known(r#"chomp("hello\n\n")"#), "hello");
        assert_eq!(known(r#"endswith("hello world", "world")"#), true);
        assert_eq!(known(r#"startswith("hello world", "hello")"#), true);
        assert_eq!(known(r#"strcontains("hello world", "wor")"#), true);
        assert_eq!(known(r#"format("Hello, %s!", "Ander")"#), "Hello, Ander!");
        assert_eq!(
            known(r#"format("There are %d lights", 4)"#),
            "There are 4 lights"
        );
        assert_eq!(known(r#"format("%-5s|%5s|", "a", "b")"#), "a    |    b|");
        assert_eq!(known(r#"format("%05.2f", 3.14159)"#), "03.14");
        assert_eq!(known(r#"format("%q", "x\"y")"#), "\"x\\\"y\"");
        assert_eq!(known(r#"format("%[2]s %[1]s", "a", "b")"#), "b a");
        assert_eq!(
            known(r#"format("%x %X %#o %b", 255, 255, 8, 5)"#),
            "ff FF 010 101"
        );
        assert_eq!(known(r#"format("%v %v", [1], true)"#), "[1] true");
        assert_eq!(known(r#"format("%e", 1500)"#), "1.500000e+03");
        assert!(fails(r#"format("%d", 1.5)"#));
        assert!(fails(r#"format("%s %s", "a")"#));
        assert_eq!(
            known(r#"formatlist("Hello, %s!", ["Valentina", "Ander"])"#),
            json!(["Hello, Valentina!", "Hello, Ander!"])
        );
        assert_eq!(
            known(r#"formatlist("%s, %s!", "Salutations", ["Valentina", "Ander"])"#),
            json!(["Salutations, Valentina!", "Salutations, Ander!"])
        );
        assert_eq!(known(r#"indent(2, "a\nb\n")"#), "a\n  b\n  ");
        assert_eq!(
            known(r#"join(", ", ["foo", "bar", "baz"])"#),
            "foo, bar, baz"
        );
        assert_eq!(known(r#"join("-", ["a"], ["b", 1])"#), "a-b-1");
        assert_eq!(known(r#"lower("HELLO")"#), "hello");
        assert_eq!(known(r#"upper("hello")"#), "HELLO");
        assert_eq!(
            known(r#"split(",", "foo,bar,baz")"#),
            json!(["foo", "bar", "baz"])
        );
        assert_eq!(known(r#"split(",", "")"#), json!([""]));
        assert_eq!(known(r#"strrev("hello")"#), "olleh");
        assert_eq!(known(r#"substr("hello world", 1, 4)"#), "ello");
        assert_eq!(known(r#"substr("🤔🤷", 0, 1)"#), "🤔");
        assert_eq!(known(r#"substr("hello world", -5, -1)"#), "world");
        assert_eq!(known(r#"substr("hello world", 6, 10)"#), "world");
        assert!(fails(r#"substr("hello", 10, 1)"#));
        assert_eq!(known(r#"title("hello world")"#), "Hello World");
        assert_eq!(known(r#"trim("?!hello?!", "!?")"#), "hello");
        assert_eq!(known(r#"trimprefix("helloworld", "hello")"#), "world");
        assert_eq!(known(r#"trimsuffix("helloworld", "world")"#), "hello");
        assert_eq!(known(r#"trimspace("  hello\n\n")"#), "hello");
    }

    #[test]
    fn regular_expressions_as_terraform_shapes_them() {
        assert_eq!(
            known(r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#),
            "aaabbbccc"
        );
        assert_eq!(
            known(r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#),
            json!(["2019", "02", "01"])
        );
        assert_eq!(
            known(
                r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#
            ),
            json!({"authority": "terraform.io", "scheme": "https"})
        );
        assert!(fails(r#"regex("[a-z]+", "123")"#));
        assert_eq!(
            known(r#"regexall("[a-z]+", "1234abcd5678efgh9")"#),
            json!(["abcd", "efgh"])
        );
        assert_eq!(known(r#"length(regexall("[a-z]+", "1234"))"#), 0);
        assert_eq!(known(r#"replace("1 + 2 + 3", "+", "-")"#), "1 - 2 - 3");
        assert_eq!(
            known(r#"replace("hello world", "/w.*d/", "everybody")"#),
            "hello everybody"
        );
        assert_eq!(known(r#"replace("a-b", "/(\\w)-(\\w)/", "$2-$1")"#), "b-a");
        assert!(fails(r#"replace("x", "/(/", "y")"#));
    }

    #[test]
    fn unknown_arguments_make_unknown_results() {
        let unknown = |s: &str| eval(s) == Ok(Val::Unknown);
        assert!(unknown("upper(timestamp())"));
        assert!(unknown(r#"join(",", ["a", timestamp()])"#));
        assert!(unknown(r#"format("%s-%s", "a", timestamp())"#));
        assert!(unknown(r#"formatlist("%s", timestamp())"#));
        assert!(fails(r#"join(",", ["a", null])"#));
    }
}
