//! Encoding functions: JSON, YAML, CSV, base64 (plain, gzipped, of other text encodings) and
//! URL query encoding, written the way Terraform writes them (`jsonencode` sorts keys and
//! escapes `<`, `>` and `&` as Go does; `yamlencode` quotes strings as go-yaml does).

use std::io::Write as _;

use base64::Engine as _;

use super::{arity, bounded, known, text, FnResult, MAX_DEPTH};
use crate::evaluate::cty::{number_text, Attrs, Val};

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "base64encode" => |a| {
            arity("", a, 1, 1)?;
            let s = known!(text(&a[0]));
            bounded(base64::engine::general_purpose::STANDARD.encode(s))
        },
        "base64decode" => |a| {
            arity("", a, 1, 1)?;
            let s = known!(text(&a[0]));
            let bytes = decode_base64(&s)?;
            String::from_utf8(bytes)
                .map(Val::String)
                .map_err(|_| "the decoded bytes are not valid UTF-8".into())
        },
        "base64gzip" => base64gzip,
        "csvdecode" => csvdecode,
        "jsondecode" => jsondecode,
        "jsonencode" => |a| {
            arity("", a, 1, 1)?;
            if !a[0].is_wholly_known() {
                return Ok(Val::Unknown);
            }
            jsonencode(&a[0]).map(Val::String)
        },
        "textencodebase64" => textencodebase64,
        "textdecodebase64" => textdecodebase64,
        "urlencode" => |a| {
            arity("", a, 1, 1)?;
            let s = known!(text(&a[0]));
            bounded(urlencode(&s))
        },
        "yamldecode" => yamldecode,
        "yamlencode" => |a| {
            arity("", a, 1, 1)?;
            if !a[0].is_wholly_known() {
                return Ok(Val::Unknown);
            }
            let mut out = String::new();
            yaml_block(&a[0], 0, &mut out, 0)?;
            bounded(out)
        },
        _ => return None,
    })
}

fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| format!("invalid base64 data: {e}"))
}

/// `jsonencode`: keys sorted, numbers as Terraform prints them, HTML characters escaped.
pub(super) fn jsonencode(value: &Val) -> Result<String, String> {
    let text = serde_json::to_string(&value.to_json()).map_err(|e| e.to_string())?;
    Ok(text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

fn jsondecode(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    let value: serde_json::Value =
        serde_json::from_str(&s).map_err(|e| format!("invalid JSON: {e}"))?;
    Ok(Val::from_json(&value))
}

fn base64gzip(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(s.as_bytes()).map_err(|e| e.to_string())?;
    let bytes = gz.finish().map_err(|e| e.to_string())?;
    bounded(base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn csvdecode(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(s.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("invalid CSV: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("invalid CSV: {e}"))?;
        let row: Attrs = headers
            .iter()
            .cloned()
            .zip(record.iter().map(Val::string))
            .collect();
        rows.push(Val::map(row));
        if rows.len() > super::MAX_ELEMENTS {
            return Err(super::bound("too many rows".into()));
        }
    }
    Ok(Val::list(rows))
}

fn textencodebase64(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let s = known!(text(&args[0]));
    let encoding = known!(text(&args[1])).to_ascii_uppercase();
    let bytes: Vec<u8> = match encoding.as_str() {
        "UTF-8" | "UTF8" => s.into_bytes(),
        "UTF-16LE" => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        "UTF-16BE" => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        "ISO-8859-1" | "LATIN1" => s
            .chars()
            .map(|c| {
                u8::try_from(u32::from(c)).map_err(|_| format!("{c:?} has no {encoding} form"))
            })
            .collect::<Result<_, _>>()?,
        other => return Err(format!("unsupported encoding \"{other}\"")),
    };
    bounded(base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn textdecodebase64(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let s = known!(text(&args[0]));
    let encoding = known!(text(&args[1])).to_ascii_uppercase();
    let bytes = decode_base64(&s)?;
    let utf16 = |be: bool| -> Result<String, String> {
        if bytes.len() % 2 != 0 {
            return Err("odd number of bytes for UTF-16".into());
        }
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|e| e.to_string())
    };
    let decoded = match encoding.as_str() {
        "UTF-8" | "UTF8" => String::from_utf8(bytes).map_err(|e| e.to_string())?,
        "UTF-16LE" => utf16(false)?,
        "UTF-16BE" => utf16(true)?,
        "ISO-8859-1" | "LATIN1" => bytes.iter().map(|b| char::from(*b)).collect(),
        other => return Err(format!("unsupported encoding \"{other}\"")),
    };
    Ok(Val::String(decoded))
}

/// Go's `url.QueryEscape`: spaces become `+`, unreserved characters stay.
fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn yamldecode(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let s = known!(text(&args[0]));
    let value: serde_json::Value =
        yaml_serde::from_str(&s).map_err(|e| format!("invalid YAML: {e}"))?;
    Ok(Val::from_json(&value))
}

/// A scalar as go-yaml writes it: strings double-quoted.
fn yaml_scalar(value: &Val) -> Option<String> {
    Some(match value {
        Val::Null => "null".into(),
        Val::Bool(b) => b.to_string(),
        Val::Number(n) => number_text(*n),
        Val::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Val::List(items) if items.is_empty() => "[]".into(),
        Val::Map(a) | Val::Open(a) if a.is_empty() => "{}".into(),
        _ => return None,
    })
}

/// Writes `value` as a YAML block at `indent` spaces.
fn yaml_block(value: &Val, indent: usize, out: &mut String, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(super::bound(format!(
            "the value nests more than {MAX_DEPTH} levels deep"
        )));
    }
    let pad = " ".repeat(indent);
    match value {
        Val::List(items) if !items.is_empty() => {
            for item in items.iter() {
                out.push_str(&pad);
                out.push_str("- ");
                match yaml_scalar(item) {
                    Some(s) => {
                        out.push_str(&s);
                        out.push('\n');
                    }
                    None => {
                        // The first line of a nested block follows the dash.
                        let mut nested = String::new();
                        yaml_block(item, indent + 2, &mut nested, depth + 1)?;
                        out.push_str(nested.get(indent + 2..).unwrap_or(""));
                    }
                }
            }
        }
        Val::Map(attrs) | Val::Open(attrs) if !attrs.is_empty() => {
            for (key, item) in attrs.iter() {
                out.push_str(&pad);
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                match yaml_scalar(item) {
                    Some(s) => {
                        out.push(' ');
                        out.push_str(&s);
                        out.push('\n');
                    }
                    None => {
                        out.push('\n');
                        let inner = if matches!(item, Val::List(_)) {
                            indent
                        } else {
                            indent + 2
                        };
                        yaml_block(item, inner, out, depth + 1)?;
                    }
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&yaml_scalar(scalar).unwrap_or_default());
            out.push('\n');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fails, known};
    use serde_json::json;

    #[test]
    fn documented_examples() {
        assert_eq!(known(r#"base64encode("Hello World")"#), "SGVsbG8gV29ybGQ=");
        assert_eq!(known(r#"base64decode("SGVsbG8gV29ybGQ=")"#), "Hello World");
        assert!(fails(r#"base64decode("not base64!")"#));
        assert_eq!(
            known(r#"csvdecode("a,b,c\n1,2,3\n4,5,6")"#),
            json!([{"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "5", "c": "6"}])
        );
        assert!(fails(r#"csvdecode("a,b\n1")"#));
        assert_eq!(
            known(r#"jsondecode("{\"hello\": \"world\"}")"#),
            json!({"hello": "world"})
        );
        assert_eq!(known(r#"jsondecode("true")"#), true);
        assert_eq!(
            known(r#"jsonencode({"hello"="world"})"#),
            r#"{"hello":"world"}"#
        );
        assert_eq!(
            known(r#"jsonencode({b = 1.5, a = [1, null]})"#),
            r#"{"a":[1,null],"b":1.5}"#
        );
        assert_eq!(known(r#"jsonencode("<a&b>")"#), r#""\u003ca\u0026b\u003e""#);
        assert_eq!(
            known(r#"textencodebase64("Hello World", "UTF-16LE")"#),
            "SABlAGwAbABvACAAVwBvAHIAbABkAA=="
        );
        assert_eq!(
            known(r#"textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")"#),
            "Hello World"
        );
        assert_eq!(known(r#"urlencode("Hello World!")"#), "Hello+World%21");
        assert_eq!(known(r#"urlencode("☃")"#), "%E2%98%83");
        assert_eq!(
            known(r#"urlencode("foo=bar&bar=baz")"#),
            "foo%3Dbar%26bar%3Dbaz"
        );
        assert_eq!(
            known(r#"yamldecode("hello: world")"#),
            json!({"hello": "world"})
        );
        assert_eq!(known(r#"yamldecode("true")"#), true);
        assert_eq!(
            known(r#"yamldecode("{a: &foo [1, 2, 3], b: *foo}")"#),
            json!({"a": [1, 2, 3], "b": [1, 2, 3]})
        );
        assert_eq!(
            known(r#"yamlencode({"a":"b", "c":"d"})"#),
            "\"a\": \"b\"\n\"c\": \"d\"\n"
        );
        assert_eq!(
            known(r#"yamlencode({"foo":[1, 2, 3], "bar": "baz"})"#),
            "\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"
        );
        assert_eq!(
            known(r#"yamlencode({"foo":[1, {"a":"b","c":"d"}, 3], "bar": "baz"})"#),
            "\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"
        );
        assert!(!known(r#"base64gzip("test")"#)
            .as_str()
            .unwrap_or("")
            .is_empty());
    }
}
