//! Numeric functions: `abs`, `ceil`, `floor`, `log`, `max`, `min`, `parseint`, `pow`,
//! `signum`.

use super::{arity, integer, known, number, text, FnResult};
use crate::evaluate::cty::Val;

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "abs" => |a| unary(a, f64::abs),
        "ceil" => |a| unary(a, f64::ceil),
        "floor" => |a| unary(a, f64::floor),
        "signum" => |a| unary(a, |n| if n == 0.0 { 0.0 } else { n.signum() }),
        "log" => |a| binary(a, |n, base| n.ln() / base.ln()),
        "pow" => |a| binary(a, f64::powf),
        "max" => |a| extreme(a, f64::max),
        "min" => |a| extreme(a, f64::min),
        "parseint" => parseint,
        _ => return None,
    })
}

fn unary(args: &[Val], f: fn(f64) -> f64) -> FnResult {
    arity("", args, 1, 1)?;
    Ok(Val::Number(f(known!(number(&args[0])))))
}

fn binary(args: &[Val], f: fn(f64, f64) -> f64) -> FnResult {
    arity("", args, 2, 2)?;
    let a = known!(number(&args[0]));
    let b = known!(number(&args[1]));
    let r = f(a, b);
    if !r.is_finite() {
        return Err("the result is not a finite number".into());
    }
    Ok(Val::Number(r))
}

fn extreme(args: &[Val], pick: fn(f64, f64) -> f64) -> FnResult {
    arity("", args, 1, usize::MAX)?;
    let mut best: Option<f64> = None;
    for arg in args {
        let n = known!(number(arg));
        best = Some(best.map_or(n, |b| pick(b, n)));
    }
    best.map(Val::Number)
        .ok_or_else(|| "needs at least one number".into())
}

fn parseint(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let s = known!(text(&args[0]));
    let base = known!(integer(&args[1]));
    if !(2..=62).contains(&base) {
        return Err("the base must be between 2 and 62".into());
    }
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() {
        return Err(format!("cannot parse \"{s}\" as a base {base} integer"));
    }
    let mut value: f64 = 0.0;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' if base <= 36 => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => base,
        };
        if d >= base {
            return Err(format!("cannot parse \"{s}\" as a base {base} integer"));
        }
        value = value * base as f64 + d as f64;
    }
    Ok(Val::Number(if negative { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fails, known};

    #[test]
    fn documented_examples() {
        assert_eq!(known("abs(-12.4)"), 12.4);
        assert_eq!(known("ceil(5.1)"), 6);
        assert_eq!(known("floor(4.9)"), 4);
        assert_eq!(known("log(16, 2)"), 4);
        assert_eq!(known("max(12, 54, 3)"), 54);
        assert_eq!(known("max([12, 54, 3]...)"), 54);
        assert_eq!(known("min(12, 54, 3)"), 3);
        assert_eq!(known(r#"parseint("100", 10)"#), 100);
        assert_eq!(known(r#"parseint("FF", 16)"#), 255);
        assert_eq!(known(r#"parseint("-10", 16)"#), -16);
        assert_eq!(known(r#"parseint("1011111011101111", 2)"#), 48879);
        assert_eq!(known(r#"parseint("aA", 62)"#), 656);
        assert!(fails(r#"parseint("12", 2)"#));
        assert_eq!(known("pow(3, 2)"), 9);
        assert_eq!(known("signum(-13)"), -1);
        assert_eq!(known("signum(0)"), 0);
        assert!(fails("max()"));
    }
}
