//! Suppression comments in Terraform sources: `tfwarden:ignore` and `tfwarden:ignore-file`, and
//! the comments of other scanners that users migrate from (`checkov:skip`, `tfsec:ignore`,
//! `trivy:ignore`).

use crate::source::SourceFile;

/// Which tool's syntax a comment uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `# tfwarden:ignore ...`
    Tfwarden,
    /// `#checkov:skip=CKV_AWS_50:reason`, anywhere inside a block.
    Checkov,
    /// `#tfsec:ignore:<id>`.
    Tfsec,
    /// `#trivy:ignore:<id>`.
    Trivy,
}

impl Dialect {
    /// The keys of the rule metadata's `equivalents` this dialect's IDs are looked up in: Trivy
    /// took over tfsec's checks and accepts both its `AVD-` IDs and tfsec's long IDs.
    pub fn equivalents_keys(self) -> &'static [&'static str] {
        match self {
            Dialect::Tfwarden => &[],
            Dialect::Checkov => &["checkov"],
            Dialect::Tfsec | Dialect::Trivy => &["trivy", "tfsec"],
        }
    }
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Its syntax.
    pub dialect: Dialect,
    /// Covers the whole file (`tfwarden:ignore-file`).
    pub whole_file: bool,
    /// Rule IDs or slugs (tfwarden) or the other tool's check IDs.
    pub rules: Vec<String>,
    /// `until=YYYY-MM-DD`.
    pub until: Option<String>,
    /// `instance=ADDRESS`: only this resource or module instance.
    pub instance: Option<String>,
    /// `root=DIR`: only findings of this root module (a module file shared by several roots).
    pub root: Option<String>,
    /// `reason="..."` (or checkov's text after the second colon).
    pub reason: Option<String>,
    /// 1-based line of the comment.
    pub line: usize,
    /// 1-based column where the directive starts.
    pub column: usize,
    /// Something in it could not be read (reported as a note; the directive is not honoured).
    pub problem: Option<String>,
}

/// Every directive in a file, in order.
pub fn directives(file: &SourceFile) -> Vec<Directive> {
    let json = crate::parse::is_tf_json(&file.path);
    let mut out = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        let found = if json {
            json_comment_of(line)
        } else {
            comment_of(line).map(|(column, comment)| (column, comment.to_string()))
        };
        let Some((column, comment)) = found else {
            continue;
        };
        if let Some(d) = parse(comment.trim(), i + 1, column) {
            out.push(d);
        }
    }
    out
}

/// In Terraform's JSON syntax, where comments are `"//"` properties: the text of a line's
/// `"//": "..."` property and the 1-based column of its value, when it holds a directive.
fn json_comment_of(line: &str) -> Option<(usize, String)> {
    let key = line.find("\"//\"")?;
    let rest = &line[key + 4..];
    let colon = rest.find(':')?;
    if !rest[..colon].trim().is_empty() {
        return None;
    }
    let value = rest[colon + 1..].trim_start();
    let at = line.len() - value.len();
    // The string literal: up to its closing quote, decoded as JSON.
    let mut escaped = false;
    let end = value.char_indices().skip(1).find_map(|(i, c)| {
        let closes = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        closes.then_some(i)
    })?;
    let text: String = serde_json::from_str(&value[..=end]).ok()?;
    let marked = format!("#{text}");
    let (_, comment) = wanted(&marked, 0, 1)?;
    Some((line[..at].chars().count() + 1, comment.to_string()))
}

/// The comment text of a line (after `#` or `//`) and the 1-based column of the marker, when the
/// comment holds a directive. Markers inside strings are ignored (good enough for comments that
/// start a line or follow code).
fn comment_of(line: &str) -> Option<(usize, &str)> {
    let mut in_string = false;
    let mut prev = '\0';
    for (i, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '#' if !in_string => return wanted(line, i, 1),
            '/' if !in_string && line[i..].starts_with("//") => return wanted(line, i, 2),
            _ => {}
        }
        prev = c;
    }
    None
}

fn wanted(line: &str, at: usize, marker: usize) -> Option<(usize, &str)> {
    let comment = &line[at + marker..];
    let t = comment.trim_start();
    let known = ["tfwarden:", "checkov:skip", "tfsec:ignore", "trivy:ignore"];
    known
        .iter()
        .any(|k| t.starts_with(k))
        .then(|| (line[..at].chars().count() + 1, comment))
}

fn parse(text: &str, line: usize, column: usize) -> Option<Directive> {
    let blank = |dialect, whole_file| Directive {
        dialect,
        whole_file,
        rules: Vec::new(),
        until: None,
        instance: None,
        root: None,
        reason: None,
        line,
        column,
        problem: None,
    };
    if let Some(rest) = text.strip_prefix("tfwarden:ignore-file") {
        return Some(tfwarden(rest, blank(Dialect::Tfwarden, true)));
    }
    if let Some(rest) = text.strip_prefix("tfwarden:ignore") {
        return Some(tfwarden(rest, blank(Dialect::Tfwarden, false)));
    }
    if let Some(rest) = text.strip_prefix("checkov:skip=") {
        // checkov:skip=CKV_AWS_50:the reason
        let (id, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let mut d = blank(Dialect::Checkov, false);
        d.rules = vec![id.trim().to_string()];
        d.reason = Some(reason.trim())
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        return Some(d);
    }
    for (prefix, dialect) in [
        ("tfsec:ignore:", Dialect::Tfsec),
        ("trivy:ignore:", Dialect::Trivy),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            // trivy:ignore:AVD-AWS-0066[:exp:2025-01-01]
            let mut d = blank(dialect, false);
            let id = rest.split_whitespace().next().unwrap_or_default();
            let (id, expiry) = id.split_once(":exp:").unwrap_or((id, ""));
            d.rules = vec![id.to_string()];
            d.until = Some(expiry.to_string()).filter(|e| !e.is_empty());
            return Some(d);
        }
    }
    None
}

/// `LMB501,LMB701 until=2026-12-31 instance=aws_x.y["a"] reason="why"`.
fn tfwarden(rest: &str, mut d: Directive) -> Directive {
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        d.problem = Some(format!("unknown directive tfwarden:ignore{rest}"));
        return d;
    }
    let mut rest = rest.trim();
    while !rest.is_empty() {
        let (word, tail) = next_word(rest);
        rest = tail.trim_start();
        if let Some(v) = word.strip_prefix("until=") {
            if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
                d.problem = Some(format!("until={v} is not a date (YYYY-MM-DD)"));
            }
            d.until = Some(v.to_string());
        } else if let Some(v) = word.strip_prefix("instance=") {
            d.instance = Some(unquote(v));
        } else if let Some(v) = word.strip_prefix("root=") {
            d.root = Some(unquote(v));
        } else if let Some(v) = word.strip_prefix("reason=") {
            d.reason = Some(unquote(v)).filter(|r| !r.trim().is_empty());
        } else if d.rules.is_empty() && !word.contains('=') {
            d.rules = word
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        } else {
            d.problem = Some(format!(
                "unexpected {word:?} (expected RULES until=DATE instance=ADDRESS root=DIR reason=\"...\")"
            ));
        }
    }
    if d.rules.is_empty() && d.problem.is_none() {
        d.problem = Some("no rule named (tfwarden:ignore LMB501 reason=\"...\")".to_string());
    }
    d
}

/// The next word: up to whitespace outside quotes and brackets, so `reason="two words"` and
/// `instance=aws_x.y["a b"]` are one word each; `\"` escapes a quote.
fn next_word(s: &str) -> (&str, &str) {
    let (mut quoted, mut escaped, mut depth) = (false, false, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '\\' if quoted && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && !quoted && depth == 0 => return (&s[..i], &s[i..]),
            _ => {}
        }
        escaped = false;
    }
    (s, "")
}

fn unquote(v: &str) -> String {
    let v = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v);
    v.replace("\\\"", "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Directive {
        let file = SourceFile::new("main.tf", format!("\n{line}\n"));
        let mut all = directives(&file);
        assert_eq!(all.len(), 1, "{line}");
        all.remove(0)
    }

    #[test]
    fn tfwarden_directives() {
        let d = one(
            r#"  # tfwarden:ignore LMB501,lambda-no-concurrency-limit until=2027-01-31 instance=aws_lambda_function.f["a b"] reason="tracing costs \"too much\" here""#,
        );
        assert_eq!(d.rules, ["LMB501", "lambda-no-concurrency-limit"]);
        assert_eq!(d.until.as_deref(), Some("2027-01-31"));
        assert_eq!(
            d.instance.as_deref(),
            Some(r#"aws_lambda_function.f["a b"]"#)
        );
        assert_eq!(
            d.reason.as_deref(),
            Some(r#"tracing costs "too much" here"#)
        );
        assert_eq!(
            (d.line, d.column, d.whole_file, d.problem),
            (2, 3, false, None)
        );

        let d = one("// tfwarden:ignore-file LMB701 reason=\"batch jobs\"");
        assert!(d.whole_file);
        let d = one("# tfwarden:ignore LMB501");
        assert_eq!(d.reason, None);
        assert!(one("# tfwarden:ignore until=tomorrow LMB501")
            .problem
            .is_some());
        assert!(one("# tfwarden:ignore").problem.is_some());
        assert!(one("# tfwarden:ignored LMB501").problem.is_some());
    }

    #[test]
    fn other_tools_and_trailing_comments() {
        let d = one(r#"  runtime = "python3.8" #checkov:skip=CKV_AWS_363:legacy, migrating in Q1"#);
        assert_eq!(
            (d.dialect, d.rules[0].as_str(), d.reason.as_deref()),
            (
                Dialect::Checkov,
                "CKV_AWS_363",
                Some("legacy, migrating in Q1")
            )
        );
        let d = one("#tfsec:ignore:aws-lambda-enable-tracing");
        assert_eq!(
            (d.dialect, d.rules[0].as_str()),
            (Dialect::Tfsec, "aws-lambda-enable-tracing")
        );
        let d = one("# trivy:ignore:AVD-AWS-0066:exp:2026-01-01");
        assert_eq!(
            (d.rules[0].as_str(), d.until.as_deref()),
            ("AVD-AWS-0066", Some("2026-01-01"))
        );
        let file = SourceFile::new(
            "m.tf",
            "a = \"# tfwarden:ignore LMB501\"\nb = 1 # plain comment\n",
        );
        assert!(
            directives(&file).is_empty(),
            "markers in strings and plain comments are not directives"
        );
    }
}
