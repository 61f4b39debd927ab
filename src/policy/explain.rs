//! Why a Rego unit test is undefined: regorus only says the rule has no value. This finds the
//! first statement of the test's body that does not hold, by evaluating probe rules made of
//! the body's first statements (1, 1-2, 1-3, ...) in the test's own package, and shows the
//! values of that statement's operands when it is a comparison
//! (`count(deny) == 1` -> `count(deny) = 0`).

use regorus::Value as RegoValue;

use super::PolicySource;

/// At most this many statements of a body are probed.
const MAX_STATEMENTS: usize = 64;

/// One statement of a rule body: its text and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    text: String,
    line: usize,
}

/// Explains the undefined test whose rule starts on 1-based `line` of `source`, in `package`
/// (`data.acme.memory`): the statement that did not hold and the values of its operands; `None`
/// when the body cannot be read or probed (the plain "undefined" stays).
pub(super) fn undefined(
    engine: &regorus::Engine,
    source: &PolicySource,
    package: &str,
    line: usize,
) -> Option<String> {
    let statements = body(&source.text, line)?;
    if statements.is_empty() || statements.len() > MAX_STATEMENTS {
        return None;
    }
    let imports: Vec<&str> = source
        .text
        .lines()
        .filter(|l| l.starts_with("import "))
        .collect();
    let mut module = format!(
        "package {}\n{}\n",
        package.strip_prefix("data.").unwrap_or(package),
        imports.join("\n")
    );
    for k in 1..=statements.len() {
        module.push_str(&format!("\n__tfwarden_holds_{k} if {{\n"));
        for s in &statements[..k] {
            module.push_str(&format!("  {}\n", s.text));
        }
        module.push_str("}\n");
        if let Some((lhs, rhs, with)) = comparison(&statements[k - 1].text) {
            for (side, operand) in [("lhs", lhs), ("rhs", rhs)] {
                module.push_str(&format!("\n__tfwarden_{side}_{k} := __tfwarden_v if {{\n"));
                for s in &statements[..k - 1] {
                    module.push_str(&format!("  {}\n", s.text));
                }
                module.push_str(&format!("  __tfwarden_v := ({operand}){with}\n}}\n"));
            }
        }
    }
    let mut probe = engine.clone();
    probe.set_gather_prints(true);
    probe
        .add_policy(format!("{}#explain", source.path), module)
        .ok()?;
    let eval = |probe: &mut regorus::Engine, rule: String| {
        probe
            .eval_rule(format!("{package}.{rule}"))
            .unwrap_or(RegoValue::Undefined)
    };
    let k = (1..=statements.len())
        .find(|k| eval(&mut probe, format!("__tfwarden_holds_{k}")) == RegoValue::Undefined)?;
    let failed = &statements[k - 1];
    let mut out = format!(
        "undefined: line {} did not hold: {}",
        failed.line,
        shorten(&failed.text)
    );
    if let Some((lhs, rhs, _)) = comparison(&failed.text) {
        for (side, operand) in [("lhs", lhs), ("rhs", rhs)] {
            let value = match eval(&mut probe, format!("__tfwarden_{side}_{k}")) {
                RegoValue::Undefined => "undefined".to_string(),
                v => shorten(&v.to_string()),
            };
            if value != operand.trim() {
                out.push_str(&format!("\n  {} = {value}", shorten(operand.trim())));
            }
        }
    }
    let _ = probe.take_prints();
    Some(out)
}

/// At most 200 characters of `text`, on one line.
fn shorten(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(200) {
        Some((i, _)) => format!("{}...", &one[..i]),
        None => one,
    }
}

/// The statements of the body of the rule on 1-based `line` of `text`: a `{ ... }` block
/// (split at top-level newlines and `;`), or the expression after `if` on a one-line rule.
fn body(text: &str, line: usize) -> Option<Vec<Statement>> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let head = text.get(start..)?;
    let first_line = head.lines().next()?;
    let after_if = first_line.find(" if ").map(|i| i + 4)?;
    let rest = first_line.get(after_if..)?.trim_start();
    if !rest.starts_with('{') {
        let expr = rest.trim();
        return (!expr.is_empty()).then(|| {
            vec![Statement {
                text: expr.to_string(),
                line,
            }]
        });
    }
    let open = start + first_line.find('{')? + 1;
    let mut statements = Vec::new();
    let mut current = String::new();
    let mut current_line = line;
    let mut at_line = line;
    let mut depth = 0usize;
    let mut chars = text.get(open..)?.chars().peekable();
    let mut in_string: Option<char> = None;
    let flush = |current: &mut String, statements: &mut Vec<Statement>, line: usize| {
        let t = current.trim();
        if !t.is_empty() {
            statements.push(Statement {
                text: t.to_string(),
                line,
            });
        }
        current.clear();
    };
    while let Some(c) = chars.next() {
        if let Some(quote) = in_string {
            current.push(c);
            if c == '\\' && quote == '"' {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            } else if c == quote {
                in_string = None;
            } else if c == '\n' {
                at_line += 1;
            }
            continue;
        }
        match c {
            '"' | '`' => {
                in_string = Some(c);
                current.push(c);
            }
            '#' => {
                // A comment runs to the end of the line.
                for n in chars.by_ref() {
                    if n == '\n' {
                        at_line += 1;
                        if depth == 0 {
                            flush(&mut current, &mut statements, current_line);
                            current_line = at_line;
                        } else {
                            current.push(' ');
                        }
                        break;
                    }
                }
            }
            '{' | '[' | '(' => {
                depth += 1;
                current.push(c);
            }
            '}' if depth == 0 => {
                flush(&mut current, &mut statements, current_line);
                return Some(statements);
            }
            '}' | ']' | ')' => {
                depth = depth.saturating_sub(1);
                current.push(c);
            }
            '\n' => {
                at_line += 1;
                if depth == 0 {
                    flush(&mut current, &mut statements, current_line);
                    current_line = at_line;
                } else {
                    current.push('\n');
                }
            }
            ';' if depth == 0 => {
                flush(&mut current, &mut statements, current_line);
                current_line = at_line;
            }
            c => {
                if current.trim().is_empty() {
                    current_line = at_line;
                }
                current.push(c);
            }
        }
    }
    None
}

/// A comparison statement's operands and its `with` modifiers (` with input as x`):
/// `count(deny) == 1 with input as i` -> (`count(deny) `, ` 1`, ` with input as i`).
fn comparison(statement: &str) -> Option<(&str, &str, &str)> {
    let (expr, with) = match top_level(statement, " with ") {
        Some(i) => (&statement[..i], &statement[i..]),
        None => (statement, ""),
    };
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some(i) = top_level(expr, op) {
            let (lhs, rhs) = (&expr[..i], &expr[i + op.len()..]);
            if lhs.trim().is_empty() || rhs.trim().is_empty() || lhs.ends_with(':') {
                continue;
            }
            return Some((lhs, rhs, with));
        }
    }
    None
}

/// The byte offset of the first `needle` in `text` outside strings and brackets.
fn top_level(text: &str, needle: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_string: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(quote) = in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' && quote == '"' {
                escaped = true;
            } else if c == quote {
                in_string = None;
            }
            continue;
        }
        match c {
            '"' | '`' => in_string = Some(c),
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            _ if depth == 0 && text[i..].starts_with(needle) => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_split_into_statements_with_their_lines() {
        let text = "package p\n\ntest_x if {\n  x := {\"a\": 1,\n    \"b\": \"}\"}  # a comment\n  x.a == 2; y := 3\n}\n\ntest_y if 1 == 2\n";
        let got = body(text, 3).unwrap();
        let lines: Vec<(usize, &str)> = got.iter().map(|s| (s.line, s.text.as_str())).collect();
        assert_eq!(
            lines,
            [
                (4, "x := {\"a\": 1,\n    \"b\": \"}\"}"),
                (6, "x.a == 2"),
                (6, "y := 3"),
            ]
        );
        assert_eq!(body(text, 9).unwrap()[0].text, "1 == 2");
    }

    #[test]
    fn comparisons_split_outside_strings_and_brackets() {
        assert_eq!(
            comparison("count(deny) == 1 with input as {\"a\": 1 == 1}"),
            Some(("count(deny) ", " 1", " with input as {\"a\": 1 == 1}"))
        );
        assert_eq!(comparison("x := \"a == b\""), None);
        assert_eq!(comparison("f(a >= b)"), None);
        assert_eq!(comparison("x.a != \"y\""), Some(("x.a ", " \"y\"", "")));
    }
}
