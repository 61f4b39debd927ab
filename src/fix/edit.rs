//! One mechanical edit of HCL text: set an attribute path of a resource block to a value, on
//! the original text, so comments, blank lines, alignment and attribute order are kept. A new
//! attribute or block is indented like its neighbours (and aligned on their `=`).

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;
use serde_json::Value;

/// Why an edit is not made (the fix stays a hint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// Sets `path` (`tracing_config.0.mode`) of the top-level block starting on 1-based line
/// `block_line` of `text` to `value`, returning the new text.
pub fn set(text: &str, block_line: usize, path: &str, value: &Value) -> Result<String, Refusal> {
    let body = parse(text)?;
    set_parsed(text, &body, block_line, path, value)
}

/// `text` parsed, for several [`set_parsed`] calls on the same text.
pub fn parse(text: &str) -> Result<Body, Refusal> {
    hcl_edit::parser::parse_body(text).map_err(|e| Refusal(format!("the file does not parse: {e}")))
}

/// [`set`] on a text already parsed into `body`.
pub fn set_parsed(
    text: &str,
    body: &Body,
    block_line: usize,
    path: &str,
    value: &Value,
) -> Result<String, Refusal> {
    let block = block_on_line(text, body, block_line)
        .ok_or_else(|| Refusal(format!("no block starts on line {block_line}")))?;
    let segments: Vec<&str> = path.split('.').collect();
    set_in(text, block, &segments, value)
}

fn set_in(text: &str, block: &Block, path: &[&str], value: &Value) -> Result<String, Refusal> {
    let body = &block.body;
    match path {
        [] => Err(Refusal("empty attribute path".into())),
        [name] => match body.get_attribute(name) {
            Some(attr) => {
                if !is_literal(&attr.value) {
                    return Err(Refusal(format!(
                        "{name} is computed by an expression: change the value where it is written"
                    )));
                }
                let span = attr
                    .value
                    .span()
                    .ok_or_else(|| Refusal(format!("{name} has no position")))?;
                Ok(splice(text, span, &literal(value)))
            }
            None => insert_attribute(text, block, name, &literal(value)),
        },
        [name, index, rest @ ..] if index.parse::<usize>().is_ok() => {
            let n: usize = index.parse().unwrap_or(0);
            let nested: Vec<&Block> = blocks_named(body, name);
            match nested.get(n) {
                Some(inner) => set_in(text, inner, rest, value),
                None if n == nested.len() && !has_dynamic(body, name) => {
                    let content = nested_text(rest, value)?;
                    insert(text, block, &format!("{name} {{\n{content}}}"))
                }
                None => Err(Refusal(format!("no {name} block number {n} to edit"))),
            }
        }
        _ => Err(Refusal(format!(
            "cannot edit {} mechanically",
            path.join(".")
        ))),
    }
}

/// The variable an attribute of the block on line `block_line` is set from, when it is written
/// as exactly `var.NAME` (so the value is written where the variable gets it).
pub fn variable_at(text: &str, block_line: usize, path: &str) -> Option<String> {
    let body = hcl_edit::parser::parse_body(text).ok()?;
    let mut block = block_on_line(text, &body, block_line)?;
    let segments: Vec<&str> = path.split('.').collect();
    let (last, parents) = segments.split_last()?;
    for pair in parents.chunks(2) {
        let [name, index] = pair else {
            return None;
        };
        block = *blocks_named(&block.body, name).get(index.parse::<usize>().ok()?)?;
    }
    let expr = &block.body.get_attribute(last)?.value;
    let Expression::Traversal(t) = expr else {
        return None;
    };
    match (&t.expr, t.operators.as_slice()) {
        (Expression::Variable(root), [op]) if root.as_str() == "var" => match op.value() {
            hcl_edit::expr::TraversalOperator::GetAttr(name) => Some(name.as_str().to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Sets variable `name` where `text` writes its value: the `default` of its `variable` block
/// (a `.tf` file) or its top-level assignment (a `.tfvars` file), when that is a literal.
pub fn set_variable(text: &str, name: &str, value: &Value) -> Option<String> {
    let body = hcl_edit::parser::parse_body(text).ok()?;
    let attr = body.iter().find_map(|s| match s {
        Structure::Attribute(a) if a.key.as_str() == name => Some(a),
        Structure::Block(b)
            if b.ident.as_str() == "variable"
                && b.labels.first().is_some_and(|l| l.as_str() == name) =>
        {
            b.body.get_attribute("default")
        }
        _ => None,
    })?;
    if !is_literal(&attr.value) {
        return None;
    }
    Some(splice(text, attr.value.span()?, &literal(value)))
}

/// The lines of a new nested block's body for the rest of the path, indented by two spaces
/// (re-indented when inserted).
fn nested_text(path: &[&str], value: &Value) -> Result<String, Refusal> {
    match path {
        [name] => Ok(format!("  {name} = {}\n", literal(value))),
        [name, "0", rest @ ..] => {
            let inner = nested_text(rest, value)?;
            let inner: String = inner.lines().map(|l| format!("  {l}\n")).collect();
            Ok(format!("  {name} {{\n{inner}  }}\n"))
        }
        _ => Err(Refusal(format!("cannot create {}", path.join(".")))),
    }
}

fn blocks_named<'b>(body: &'b Body, name: &str) -> Vec<&'b Block> {
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) if b.ident.as_str() == name => Some(b),
            _ => None,
        })
        .collect()
}

fn has_dynamic(body: &Body, name: &str) -> bool {
    body.iter().any(|s| {
        matches!(s, Structure::Block(b) if b.ident.as_str() == "dynamic"
            && b.labels.first().is_some_and(|l| l.as_str() == name))
    })
}

/// Whether an expression is written as a value (a literal), not computed.
fn is_literal(expr: &Expression) -> bool {
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => true,
        Expression::Array(a) => a.iter().all(is_literal),
        Expression::Object(o) => o.iter().all(|(_, v)| is_literal(v.expr())),
        Expression::StringTemplate(t) => t.iter().all(|e| e.as_literal().is_some()),
        _ => false,
    }
}

/// Inserts `lines` (one attribute or a nested block, newline-separated) as the last item of
/// `block`, indented like the block's other items and aligned on their `=`.
fn insert(text: &str, block: &Block, lines: &str) -> Result<String, Refusal> {
    let span = block
        .span()
        .ok_or_else(|| Refusal("the block has no position".into()))?;
    let open = text[span.clone()]
        .find('{')
        .map(|i| span.start + i)
        .ok_or_else(|| Refusal("the block has no body".into()))?;
    let close = span.end - 1;
    if text.as_bytes().get(close) != Some(&b'}') {
        return Err(Refusal("the block does not end with }".into()));
    }
    let outer = indentation(text, span.start);
    let inside = &text[open + 1..close];
    if inside.trim().is_empty() {
        let indent = format!("{outer}  ");
        let new = format!("{{\n{}{outer}}}", indented(lines, &indent, None));
        return Ok(splice(text, open..close + 1, &new));
    }
    if !inside.contains('\n') {
        return Err(Refusal(
            "the block is written on one line: add the attribute by hand".into(),
        ));
    }
    let first = inside
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let indent: String = first.chars().take_while(|c| c.is_whitespace()).collect();
    // Insert at the start of the line holding the closing brace.
    let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..close].trim().is_empty() {
        return Err(Refusal("the closing brace follows other text".into()));
    }
    let previous = text[..line_start].lines().last().unwrap_or("");
    let align = previous
        .trim_start()
        .split_once('=')
        .filter(|(key, _)| !key.trim().is_empty() && !key.contains('{'))
        .map(|(key, _)| key.len());
    Ok(splice(
        text,
        line_start..line_start,
        &indented(lines, &indent, align),
    ))
}

/// Inserts `name = value` as terraform fmt would leave it: after the block's last attribute
/// before its first nested block (arguments first, then blocks), with the `=` of the run of
/// single-line attributes it joins aligned again.
fn insert_attribute(text: &str, block: &Block, name: &str, value: &str) -> Result<String, Refusal> {
    let line = format!("{name} = {value}");
    let mut last_attribute = None;
    let mut first_block = None;
    for structure in block.body.iter() {
        match structure {
            Structure::Attribute(a) => last_attribute = a.span(),
            Structure::Block(b) => {
                first_block = b.span();
                break;
            }
        }
    }
    let one_line = block
        .span()
        .is_some_and(|s| !text[s.clone()].trim_end().contains('\n'));
    if one_line || (last_attribute.is_none() && first_block.is_none()) {
        return insert(text, block, &line);
    }
    let (at, indent, gap) = match (last_attribute, first_block) {
        // After the line where the last leading attribute ends.
        (Some(attr), _) => (
            text[attr.end..]
                .find('\n')
                .map_or(text.len(), |i| attr.end + i + 1),
            indentation(text, attr.start),
            "",
        ),
        // Only nested blocks: before the first, separated from it by a blank line.
        (None, Some(first)) => (
            text[..first.start].rfind('\n').map_or(0, |i| i + 1),
            indentation(text, first.start),
            "\n",
        ),
        (None, None) => return insert(text, block, &line),
    };
    let inserted = splice(text, at..at, &format!("{indent}{line}\n{gap}"));
    Ok(realign(&inserted, at))
}

/// Aligns the `=` of the run of single-line attributes around the line starting at `offset`,
/// as terraform fmt does: a blank line, a comment line, a nested block or a value spanning
/// lines ends a run, and each key is padded to the longest key of its run.
fn realign(text: &str, offset: usize) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|s| *s <= text.len())
        .collect();
    let Some(here) = starts.iter().position(|s| *s == offset) else {
        return text.to_string();
    };
    let line = |i: usize| {
        let start = starts[i];
        let end = starts.get(i + 1).map_or(text.len(), |e| e - 1);
        &text[start..end]
    };
    let Some((indent, _, _)) = single_line_attribute(line(here)) else {
        return text.to_string();
    };
    let in_run =
        |i: usize| single_line_attribute(line(i)).is_some_and(|(other, _, _)| other == indent);
    let mut first = here;
    while first > 0 && in_run(first - 1) {
        first -= 1;
    }
    let mut last = here;
    while last + 1 < starts.len() && in_run(last + 1) {
        last += 1;
    }
    let width = (first..=last)
        .filter_map(|i| single_line_attribute(line(i)).map(|(_, key, _)| key.len()))
        .max()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..starts[first]]);
    for i in first..=last {
        if let Some((indent, key, rest)) = single_line_attribute(line(i)) {
            let _ = std::fmt::Write::write_fmt(
                &mut out,
                format_args!("{indent}{key:<width$} = {rest}\n"),
            );
        }
    }
    out.push_str(
        text.get(starts.get(last + 1).copied().unwrap_or(text.len())..)
            .unwrap_or(""),
    );
    out
}

/// A line holding one whole attribute (`  key = value  # comment`): its indentation, key and
/// what follows the `=`; `None` for anything else (a comment, a block header, the first line
/// of a value that spans lines).
fn single_line_attribute(line: &str) -> Option<(&str, &str, &str)> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let (key, rest) = body.split_once('=')?;
    let key = key.trim_end();
    let identifier = key
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !identifier || rest.starts_with('=') {
        return None;
    }
    let rest = rest.trim_start();
    // The value must close on this line: brackets balanced outside strings, no heredoc.
    let mut depth = 0i32;
    let mut in_string = false;
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => in_string = false,
            (false, '"') => in_string = true,
            (false, '{' | '[' | '(') => depth += 1,
            (false, '}' | ']' | ')') => depth -= 1,
            (false, '#') => break,
            (false, '/') if chars.clone().next() == Some('/') => break,
            _ => {}
        }
    }
    (depth == 0 && !in_string && !rest.starts_with("<<") && !rest.is_empty())
        .then_some((indent, key, rest))
}

/// `lines` with each line prefixed by `indent`; the first line's `=` padded to column `align`
/// (the width of the neighbour's `key   `).
fn indented(lines: &str, indent: &str, align: Option<usize>) -> String {
    let mut out = String::new();
    for (i, line) in lines.lines().enumerate() {
        let line = match (i, align, line.split_once(" = ")) {
            (0, Some(width), Some((key, rest))) if key.len() < width && !key.contains(' ') => {
                format!("{key:<width$}= {rest}")
            }
            _ => line.to_string(),
        };
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The leading whitespace of the line holding `offset`.
fn indentation(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

fn splice(text: &str, range: std::ops::Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

/// The top-level block of `body` (parsed from `text`) that starts on 1-based line `line`.
fn block_on_line<'b>(text: &str, body: &'b Body, line: usize) -> Option<&'b Block> {
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) => Some(b),
            Structure::Attribute(_) => None,
        })
        .find(|b| b.span().is_some_and(|s| line_of(text, s.start) == line))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// A JSON value written as an HCL literal.
pub fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let quoted = serde_json::to_string(s).unwrap_or_default();
            quoted.replace("${", "$${").replace("%{", "%%{")
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(literal).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!(
                    "{} = {}",
                    serde_json::to_string(k).unwrap_or_default(),
                    literal(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FN: &str = r#"# The API function.
resource "aws_lambda_function" "api" {
  function_name = "api"   # keep this comment
  runtime       = "python3.8"

  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = var.runtime
}
"#;

    #[test]
    fn an_existing_literal_is_replaced_in_place() {
        let out = set(FN, 2, "tracing_config.0.mode", &json!("Active")).unwrap();
        assert_eq!(out, FN.replace("\"PassThrough\"", "\"Active\""));
        let out = set(FN, 2, "runtime", &json!("python3.13")).unwrap();
        assert!(out.contains("  runtime       = \"python3.13\"\n"));
        assert!(out.contains("# keep this comment"));
    }

    #[test]
    fn a_missing_attribute_or_block_is_added_like_its_neighbours() {
        let out = set(FN, 11, "publish", &json!(true)).unwrap();
        assert!(
            out.contains("  runtime       = var.runtime\n  publish       = true\n}\n"),
            "{out}"
        );
        let out = set(FN, 11, "tracing_config.0.mode", &json!("Active")).unwrap();
        assert!(
            out.contains("  runtime       = var.runtime\n  tracing_config {\n    mode = \"Active\"\n  }\n}\n"),
            "{out}"
        );
        let empty = "resource \"aws_lambda_function_url\" \"u\" {}\n";
        assert_eq!(
            set(empty, 1, "authorization_type", &json!("AWS_IAM")).unwrap(),
            "resource \"aws_lambda_function_url\" \"u\" {\n  authorization_type = \"AWS_IAM\"\n}\n"
        );
    }

    #[test]
    fn a_new_argument_goes_before_nested_blocks_and_its_run_is_aligned_again() {
        // `publish` joins the arguments above `tracing_config`, not the end of the block.
        let out = set(FN, 2, "publish", &json!(true)).unwrap();
        assert!(
            out.contains(
                "  runtime       = \"python3.8\"\n  publish       = true\n\n  tracing_config {"
            ),
            "{out}"
        );
        // A key longer than its neighbours re-pads the whole run, comments follow.
        let group = "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name = \"/aws/lambda/x\" # c\n  tags = { a = 1 }\n}\n";
        assert_eq!(
            set(group, 1, "retention_in_days", &json!(365)).unwrap(),
            "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name              = \"/aws/lambda/x\" # c\n  tags              = { a = 1 }\n  retention_in_days = 365\n}\n"
        );
        // A multi-line value ends a run: the new line is aligned on its own.
        let multi = "resource \"x\" \"y\" {\n  name = \"n\"\n  tags = {\n    a = 1\n  }\n}\n";
        assert_eq!(
            set(multi, 1, "retention_in_days", &json!(1)).unwrap(),
            "resource \"x\" \"y\" {\n  name = \"n\"\n  tags = {\n    a = 1\n  }\n  retention_in_days = 1\n}\n"
        );
    }

    #[test]
    fn computed_values_and_broken_files_are_refused() {
        let e = set(FN, 11, "runtime", &json!("python3.13")).unwrap_err();
        assert!(e.0.contains("computed by an expression"), "{e:?}");
        assert!(set("resource \"x\" \"y\" {", 1, "a", &json!(1)).is_err());
        assert!(set(FN, 5, "a", &json!(1)).is_err(), "no block starts there");
    }
}

#[cfg(test)]
mod variable_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_from_variables_are_found_and_set_where_written() {
        let text = std::fs::read_to_string("testdata/hcl/fixes/main.tf").unwrap();
        assert_eq!(
            variable_at(&text, 16, "tracing_config.0.mode").as_deref(),
            Some("tracing")
        );
        let out = set_variable(&text, "tracing", &json!("Active")).unwrap();
        assert!(
            out.contains("variable \"tracing\" {\n  default = \"Active\"\n}"),
            "{out}"
        );
        assert_eq!(
            set_variable(
                "stage = \"prod\"\ntracing = \"PassThrough\"\n",
                "tracing",
                &json!("Active")
            )
            .as_deref(),
            Some("stage = \"prod\"\ntracing = \"Active\"\n")
        );
    }
}
