//! Date and time functions on RFC 3339 timestamps: `formatdate`, `timeadd`, `timecmp`.
//! (`timestamp()` and `plantimestamp()` are unknown until apply.)

use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat, Timelike};

use super::{arity, known, text, FnResult};
use crate::evaluate::cty::Val;

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "formatdate" => formatdate,
        "timeadd" => timeadd,
        "timecmp" => timecmp,
        _ => return None,
    })
}

fn parse(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("\"{s}\" is not an RFC 3339 timestamp: {e}"))
}

fn formatdate(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let spec = known!(text(&args[0]));
    let t = parse(&known!(text(&args[1])))?;
    let mut out = String::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i = j + 1;
                continue;
            }
            while j < chars.len() && chars[j] != '\'' {
                out.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return Err("unterminated quoted literal".into());
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut n = 1;
        while chars.get(i + n) == Some(&c) {
            n += 1;
        }
        let hour12 = match t.hour() % 12 {
            0 => 12,
            h => h,
        };
        let offset = t.offset().local_minus_utc();
        let (sign, abs) = if offset < 0 {
            ('-', -offset)
        } else {
            ('+', offset)
        };
        let (oh, om) = (abs / 3600, (abs % 3600) / 60);
        let token: String = match (c, n) {
            ('Y', 4) => format!("{:04}", t.year()),
            ('Y', 2) => format!("{:02}", t.year() % 100),
            ('M', 4) => t.format("%B").to_string(),
            ('M', 3) => t.format("%b").to_string(),
            ('M', 2) => format!("{:02}", t.month()),
            ('M', 1) => t.month().to_string(),
            ('D', 2) => format!("{:02}", t.day()),
            ('D', 1) => t.day().to_string(),
            ('E', 4) => t.format("%A").to_string(),
            ('E', 3) => t.format("%a").to_string(),
            ('h', 2) => format!("{:02}", t.hour()),
            ('h', 1) => t.hour().to_string(),
            ('H', 2) => format!("{hour12:02}"),
            ('H', 1) => hour12.to_string(),
            ('A', 2) => if t.hour() < 12 { "AM" } else { "PM" }.to_string(),
            ('a', 2) => if t.hour() < 12 { "am" } else { "pm" }.to_string(),
            ('m', 2) => format!("{:02}", t.minute()),
            ('m', 1) => t.minute().to_string(),
            ('s', 2) => format!("{:02}", t.second()),
            ('s', 1) => t.second().to_string(),
            ('Z', 5) => format!("{sign}{oh:02}:{om:02}"),
            ('Z', 4) => format!("{sign}{oh:02}{om:02}"),
            ('Z', 3) if offset == 0 => "UTC".to_string(),
            ('Z', 3) => format!("{sign}{oh:02}{om:02}"),
            ('Z', 1) if offset == 0 => "Z".to_string(),
            ('Z', 1) => format!("{sign}{oh:02}:{om:02}"),
            _ => {
                return Err(format!(
                    "invalid date format verb {:?}",
                    std::iter::repeat_n(c, n).collect::<String>()
                ))
            }
        };
        out.push_str(&token);
        i += n;
    }
    Ok(Val::String(out))
}

/// A Go duration (`1h30m`, `-10m`, `1.5s`, `300ms`) in nanoseconds.
fn duration(s: &str) -> Result<i64, String> {
    let bad = || format!("\"{s}\" is not a duration");
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let value: f64 = rest[..number_len].parse().map_err(|_| bad())?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        total += value * unit;
    }
    if total > i64::MAX as f64 {
        return Err(bad());
    }
    Ok(if negative {
        -(total as i64)
    } else {
        total as i64
    })
}

fn timeadd(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let t = parse(&known!(text(&args[0])))?;
    let d = duration(&known!(text(&args[1])))?;
    let sum = t
        .checked_add_signed(chrono::Duration::nanoseconds(d))
        .ok_or("the time is out of range")?;
    Ok(Val::String(
        sum.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    ))
}

fn timecmp(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let a = parse(&known!(text(&args[0])))?;
    let b = parse(&known!(text(&args[1])))?;
    Ok(Val::Number(match a.cmp(&b) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fails, known};

    #[test]
    fn documented_examples() {
        let t = "2018-01-02T23:12:01Z";
        assert_eq!(
            known(&format!(r#"formatdate("DD MMM YYYY hh:mm ZZZ", "{t}")"#)),
            "02 Jan 2018 23:12 UTC"
        );
        assert_eq!(
            known(&format!(
                r#"formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "{t}")"#
            )),
            "Tuesday, 02-Jan-18 23:12:01 UTC"
        );
        assert_eq!(
            known(&format!(
                r#"formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "{t}")"#
            )),
            "Tue, 02 Jan 2018 23:12:01 UTC"
        );
        assert_eq!(
            known(&format!(r#"formatdate("MMM DD, YYYY", "{t}")"#)),
            "Jan 02, 2018"
        );
        assert_eq!(
            known(&format!(r#"formatdate("HH:mmaa", "{t}")"#)),
            "11:12pm"
        );
        assert_eq!(
            known(r#"formatdate("h'h'mm", "2018-01-02T23:12:01-08:00")"#),
            "23h12"
        );
        assert_eq!(
            known(r#"formatdate("YYYY-MM-DD'T'hh:mm:ssZ", "2018-01-02T23:12:01+05:30")"#),
            "2018-01-02T23:12:01+05:30"
        );
        assert!(fails(r#"formatdate("QQ", "2018-01-02T23:12:01Z")"#));
        assert!(fails(r#"formatdate("YYYY", "yesterday")"#));
        assert_eq!(
            known(r#"timeadd("2017-11-22T00:00:00Z", "10m")"#),
            "2017-11-22T00:10:00Z"
        );
        assert_eq!(
            known(r#"timeadd("2017-11-22T00:00:00Z", "-1h30m")"#),
            "2017-11-21T22:30:00Z"
        );
        assert!(fails(r#"timeadd("2017-11-22T00:00:00Z", "10 minutes")"#));
        assert_eq!(
            known(r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")"#),
            0
        );
        assert_eq!(
            known(r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")"#),
            -1
        );
        assert_eq!(
            known(r#"timecmp("2017-11-22T01:00:00Z", "2017-11-22T01:00:00+01:00")"#),
            1
        );
    }
}
