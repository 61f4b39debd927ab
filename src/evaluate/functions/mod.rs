//! Terraform's built-in functions, as a plan evaluates them, on [`Val`]s: the whole pure
//! library of Terraform 1.x (strings, collections, numbers, encodings, hashes, files, dates,
//! networks, type conversions). Impure functions (`timestamp`, `uuid`, `bcrypt`) are unknown,
//! as in a plan.
//!
//! Unknowns follow cty: an argument that is itself unknown makes the result unknown, but a
//! known list with unknown elements is a known list (`length([x, unknown])` is 2); a function
//! that needs an element's value is unknown when that element is. An `Err` is a call Terraform
//! would reject (a wrong argument, a bad input); the caller treats it as unknown. Results are
//! bounded (16 MiB of text, 1,048,576 elements), and nothing recurses without a depth bound.

mod collections;
mod datetime;
mod encoding;
mod files;
mod hash;
mod network;
mod numeric;
mod strings;

use super::cty::{Attrs, Val};

pub use self::files::with_base;

/// The result of a function call.
pub type FnResult = Result<Val, String>;

/// Longest text a function produces.
pub const MAX_TEXT: usize = 16 << 20;
/// Most elements a function produces.
pub const MAX_ELEMENTS: usize = 1 << 20;
/// Deepest nesting a function walks (`flatten`, `jsondecode`, `yamlencode`).
pub const MAX_DEPTH: usize = 512;

/// Every function this module knows, pure or not, in name order.
pub const NAMES: &[&str] = &[
    "abs",
    "abspath",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "basename",
    "bcrypt",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "csvdecode",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "ephemeralasnull",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "fileset",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatdate",
    "formatlist",
    "indent",
    "index",
    "issensitive",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lookup",
    "lower",
    "matchkeys",
    "max",
    "md5",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pathexpand",
    "plantimestamp",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "rsadecrypt",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "templatestring",
    "textdecodebase64",
    "textencodebase64",
    "timeadd",
    "timecmp",
    "timestamp",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "urlencode",
    "uuid",
    "uuidv5",
    "values",
    "yamldecode",
    "yamlencode",
    "zipmap",
];

/// Whether `name` is a Terraform built-in function.
pub fn exists(name: &str) -> bool {
    NAMES.binary_search(&name).is_ok()
}

/// Calls function `name` with evaluated arguments (the `...` expansion done by the caller).
/// `try`, `can`, `templatefile` and `templatestring` are the evaluator's: they need the
/// unevaluated arguments or a template scope.
pub fn call(name: &str, args: &[Val]) -> FnResult {
    let f: fn(&[Val]) -> FnResult = match name {
        // Impure: not known until apply.
        "timestamp" | "plantimestamp" | "uuid" | "bcrypt" | "pathexpand" => {
            return Ok(Val::Unknown)
        }
        "sensitive" | "nonsensitive" | "ephemeralasnull" => identity,
        "issensitive" => |a| {
            arity("issensitive", a, 1, 1)?;
            Ok(Val::Bool(false))
        },
        "tostring" | "tonumber" | "tobool" | "tolist" | "toset" | "tomap" => {
            return super::types::call_conversion(name, args)
                .unwrap_or_else(|| Err(format!("there is no function named \"{name}\"")))
        }
        n => match strings::lookup(n)
            .or_else(|| collections::lookup(n))
            .or_else(|| numeric::lookup(n))
            .or_else(|| encoding::lookup(n))
            .or_else(|| hash::lookup(n))
            .or_else(|| files::lookup(n))
            .or_else(|| datetime::lookup(n))
            .or_else(|| network::lookup(n))
        {
            Some(f) => f,
            None => return Err(format!("there is no function named \"{name}\"")),
        },
    };
    f(args).map_err(|e| format!("{name}: {e}"))
}

/// Reads a confined file of the working tree (for `templatefile`).
pub fn read_file(path: &str) -> Result<String, String> {
    files::read_text(path)
}

fn identity(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    Ok(args[0].clone())
}

/// Checks the number of arguments.
fn arity(_name: &str, args: &[Val], min: usize, max: usize) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(format!("takes {want} arguments, not {}", args.len()));
    }
    Ok(())
}

/// Returns `Ok(Val::Unknown)` from the calling function when the value is unknown.
macro_rules! known {
    ($e:expr) => {
        match $e? {
            Some(v) => v,
            None => return Ok(Val::Unknown),
        }
    };
}
pub(crate) use known;

/// A string argument (numbers and bools convert); `None` when unknown.
fn text(v: &Val) -> Result<Option<String>, String> {
    v.to_text()
}

/// A number argument (numeric strings convert); `None` when unknown.
fn number(v: &Val) -> Result<Option<f64>, String> {
    v.to_number()
}

/// A whole-number argument; `None` when unknown.
fn integer(v: &Val) -> Result<Option<i64>, String> {
    match v.to_number()? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Ok(Some(n as i64)),
        Some(n) => Err(format!("{n} is not a whole number")),
    }
}

/// A list, tuple or set argument; `None` when unknown.
fn list(v: &Val) -> Result<Option<&[Val]>, String> {
    match v {
        Val::List(items) => Ok(Some(items)),
        Val::Unknown => Ok(None),
        Val::Null => Err("a null value cannot be used as a list".into()),
        other => Err(format!("a list is required, not a {}", other.kind())),
    }
}

/// A map or object argument; `None` when unknown.
fn map(v: &Val) -> Result<Option<&Attrs>, String> {
    match v {
        Val::Map(attrs) | Val::Open(attrs) => Ok(Some(attrs)),
        Val::Unknown => Ok(None),
        Val::Null => Err("a null value cannot be used as a map".into()),
        other => Err(format!("a map is required, not a {}", other.kind())),
    }
}

/// The strings of a list, each converted; `None` when any is unknown.
fn strings(items: &[Val]) -> Result<Option<Vec<String>>, String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.is_null() {
            return Err("an element is null".into());
        }
        match item.to_text()? {
            Some(s) => out.push(s),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// Marks a function error as a bound of the scanner (a value too large, a file outside the
/// tree) rather than an error of the configuration: the evaluator reports it where it happened
/// (see [`split_bound`]) instead of leaving the value silently unknown.
pub fn bound(message: String) -> String {
    format!("{BOUND}{message}")
}

/// The message of a function error, and whether it was a [`bound`].
pub fn split_bound(message: &str) -> (&str, bool) {
    match message.find(BOUND) {
        Some(i) => (&message[i + BOUND.len()..], true),
        None => (message, false),
    }
}

const BOUND: &str = "\u{1}bound: ";

/// A string result, refused past [`MAX_TEXT`].
fn bounded(s: String) -> FnResult {
    if s.len() > MAX_TEXT {
        return Err(bound(format!(
            "the result would be longer than {} MiB",
            MAX_TEXT >> 20
        )));
    }
    Ok(Val::String(s))
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::super::cty::Val;

    /// Evaluates a Terraform expression of literals and function calls.
    pub fn eval(src: &str) -> Result<Val, String> {
        let expr: hcl_edit::expr::Expression = src.parse().map_err(|e| format!("{e}"))?;
        super::super::expr::eval(&expr, &super::super::expr::Constants, &Vec::new())
            .map_err(|e| e.message)
    }

    /// The JSON of a wholly known result; panics with the expression otherwise.
    pub fn known(src: &str) -> serde_json::Value {
        match eval(src) {
            Ok(v) if v.is_wholly_known() => v.to_json(),
            other => panic!("{src}: {other:?}"),
        }
    }

    /// Whether the expression is rejected.
    pub fn fails(src: &str) -> bool {
        eval(src).is_err()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn the_name_list_is_sorted_so_lookups_find_every_name() {
        let mut sorted = NAMES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, NAMES);
        assert!(exists("zipmap") && exists("abs") && !exists("nope"));
    }

    #[test]
    fn every_listed_function_is_callable() {
        for name in NAMES {
            if matches!(*name, "try" | "can" | "templatefile" | "templatestring") {
                continue;
            }
            let result = call(name, &[]);
            if let Err(e) = &result {
                assert!(!e.contains("no function named"), "{name}: {e}");
            }
        }
    }

    #[test]
    fn impure_functions_are_unknown_and_unknown_functions_fail() {
        assert_eq!(eval("timestamp()"), Ok(Val::Unknown));
        assert_eq!(eval("uuid()"), Ok(Val::Unknown));
        assert_eq!(eval(r#"bcrypt("x")"#), Ok(Val::Unknown));
        assert!(fails("nosuchfunction(1)"));
        assert_eq!(known(r#"sensitive("x")"#), "x");
        assert_eq!(known(r#"nonsensitive(sensitive("x"))"#), "x");
        assert_eq!(known(r#"issensitive("x")"#), false);
    }
}
