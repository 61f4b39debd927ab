//! Terraform's JSON configuration syntax (`.tf.json`, as CDKTF and other generators write it),
//! read as the equivalent HCL so the evaluator sees one syntax. `hcl-edit` does not let a
//! program set spans on nodes it builds, so the translation is text: the JSON is written out as
//! HCL with an anchor map from every token back to the JSON that produced it, parsed by the same
//! parser as `.tf` files, and held in a [`SourceFile::translated`] whose positions are the
//! JSON's own lines and columns.
//!
//! The mapping follows Terraform's "JSON Configuration Syntax": the root object's properties are
//! block types; labels nest as objects, innermost the body (an object, or an array of them for
//! several blocks); strings are templates (`"${var.x}"` is the value itself), except where
//! Terraform reads them as expressions (`depends_on`, `provider`, `providers`, lifecycle
//! `ignore_changes` and `replace_triggered_by`, a dynamic block's `iterator`, a variable's
//! `type`, `moved` addresses) or as literals (a variable's `default`, `description`s, the
//! `terraform` block); a property named `//` is a comment. Whether an object inside a resource
//! is a nested block or an object-valued argument depends on the provider's schema, as in
//! Terraform: the AWS provider's block types are in `aws_blocks.txt` (`scripts/aws-blocks.sh`);
//! for other providers, objects are arguments.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::spanned_json::{self, Key, Node, Str, Value};
use super::ParsedFile;
use crate::source::{Anchor, SourceFile};
use crate::ScanError;

/// Whether a path is a Terraform JSON configuration file.
pub fn is_tf_json(path: &str) -> bool {
    path.ends_with(".tf.json")
}

/// Parses a `.tf.json` file: its HCL translation and syntax tree, positions in the JSON.
pub fn parse_tf_json(source: Arc<SourceFile>) -> Result<ParsedFile, ScanError> {
    let at = |offset: usize, message: String| {
        let pos = source.position(offset);
        ScanError::new(&source.path, pos.line, pos.column, message)
    };
    let root = spanned_json::parse(&source.text)
        .map_err(|e| at(e.offset, format!("JSON syntax error: {}", e.message)))?;
    let Value::Object(items) = &root.value else {
        return Err(at(
            root.span.start,
            "a Terraform JSON file must hold an object whose properties are block types \
             (resource, variable, ...)"
                .to_string(),
        ));
    };
    let mut out = Writer::default();
    for (key, node) in items {
        out.top_level(key, node);
    }
    if let Some((offset, message)) = out.errors.first() {
        return Err(at(*offset, message.clone()));
    }
    let written = SourceFile::new(source.path.clone(), source.text.clone());
    let translated = Arc::new(SourceFile::translated(written, out.text, out.anchors));
    match hcl_edit::parser::parse_body(&translated.text) {
        Ok(body) => Ok(ParsedFile {
            source: translated,
            body,
        }),
        Err(err) => {
            // A string holds an expression the template parser rejects: show it where the
            // JSON has it.
            let pos = translated.position(err.location().offset());
            Err(ScanError::new(
                &source.path,
                pos.line,
                pos.column,
                format!(
                    "invalid expression in a JSON string: {}",
                    err.message()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ))
        }
    }
}

/// How a JSON string is read where it appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A string template: `${...}` and `%{...}` are evaluated.
    Template,
    /// Literal text (a variable's default): nothing in it is evaluated.
    Literal,
    /// Expression source (`depends_on = ["aws_iam_role.x"]`).
    Expression,
}

/// What kind of body is being written, which decides which properties are nested blocks and
/// how strings are read.
#[derive(Debug, Clone)]
enum Body {
    /// A resource, data source or provider configuration (or a block nested in one: `parent`
    /// is its block type, empty at the top).
    Schema {
        kind: &'static str,
        ty: String,
        parent: String,
    },
    Module,
    Variable,
    Output,
    Locals,
    Terraform,
    Lifecycle,
    Provisioner,
    Dynamic {
        kind: &'static str,
        ty: String,
        block: String,
    },
    Check,
    /// Arguments only, strings read as `mode` (conditions, backends, `moved`).
    Plain(Mode),
}

#[derive(Default)]
struct Writer {
    text: String,
    anchors: Vec<Anchor>,
    errors: Vec<(usize, String)>,
}

impl Writer {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push((offset, message.into()));
    }

    /// Writes `text` as the translation of the JSON bytes `from`.
    fn token(&mut self, text: &str, from: Range<usize>) {
        self.anchor(from.start, from.len());
        self.text.push_str(text);
    }

    fn anchor(&mut self, written: usize, len: usize) {
        let at = self.text.len();
        match self.anchors.last_mut() {
            Some(last) if last.at == at => *last = Anchor { at, written, len },
            _ => self.anchors.push(Anchor { at, written, len }),
        }
    }

    /// Writes syntax that has no JSON counterpart (it maps to the end of the previous token).
    fn raw(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn top_level(&mut self, key: &Key, node: &Node) {
        let name = key.name.text.as_str();
        let (labels, body) = match name {
            "//" => return,
            "resource" | "data" | "ephemeral" => (2, Body::Plain(Mode::Template)),
            "module" => (1, Body::Module),
            "variable" => (1, Body::Variable),
            "output" => (1, Body::Output),
            "provider" => (1, Body::Plain(Mode::Template)),
            "locals" => (0, Body::Locals),
            "terraform" => (0, Body::Terraform),
            "check" => (1, Body::Check),
            "moved" | "import" | "removed" => (0, Body::Plain(Mode::Template)),
            _ => {
                self.error(
                    key.span.start,
                    format!(
                        "unsupported block type {name:?} (Terraform's JSON syntax has resource, \
                         data, ephemeral, module, variable, output, provider, locals, terraform, \
                         check, moved, import and removed)"
                    ),
                );
                return;
            }
        };
        self.labeled(key, node, labels, &mut Vec::new(), &body);
    }

    /// A block type's value: `labels` more levels of label objects, then the body (or an array
    /// of bodies); any level may be an array of objects.
    fn labeled<'n>(
        &mut self,
        ident: &Key,
        node: &'n Node,
        labels: usize,
        given: &mut Vec<&'n Key>,
        body: &Body,
    ) {
        if let Value::Array(items) = &node.value {
            for item in items {
                self.labeled(ident, item, labels, given, body);
            }
            return;
        }
        let Value::Object(items) = &node.value else {
            self.error(
                node.span.start,
                format!(
                    "{:?} must be an object{}",
                    ident.name.text,
                    if labels > 0 {
                        " whose properties are its labels"
                    } else {
                        " (its body) or an array of objects"
                    }
                ),
            );
            return;
        };
        if labels == 0 {
            let body = self.resolve(ident, given, body);
            self.block(ident, given, node, &body);
            return;
        }
        for (label, value) in items {
            if label.name.text == "//" {
                continue;
            }
            given.push(label);
            self.labeled(ident, value, labels - 1, given, body);
            given.pop();
        }
    }

    /// The body kind of a top-level block, now that its labels are known.
    fn resolve(&self, ident: &Key, labels: &[&Key], body: &Body) -> Body {
        let label = |i: usize| {
            labels
                .get(i)
                .map(|k| k.name.text.clone())
                .unwrap_or_default()
        };
        let schema = |kind: &'static str| Body::Schema {
            kind,
            ty: label(0),
            parent: String::new(),
        };
        match ident.name.text.as_str() {
            "resource" => schema("resource"),
            "data" => schema("data"),
            "ephemeral" => schema("ephemeral"),
            "provider" => schema("provider"),
            "dynamic" => match body {
                // The label names the block type the dynamic block generates.
                Body::Dynamic { kind, ty, .. } => Body::Dynamic {
                    kind,
                    ty: ty.clone(),
                    block: label(0),
                },
                other => other.clone(),
            },
            _ => body.clone(),
        }
    }

    /// `ident "label"... { body }`. The block starts where its innermost label (or, without
    /// labels, its type) is written: that is the line a finding about the block points at.
    fn block(&mut self, ident: &Key, labels: &[&Key], node: &Node, body: &Body) {
        let head = labels.last().copied().unwrap_or(ident);
        self.raw("\n");
        self.token(&ident.name.text, head.span.clone());
        for label in labels {
            self.raw(" ");
            let text = quoted(&label.name.text);
            self.token(&text, label.span.clone());
        }
        self.raw(" ");
        self.token("{", node.span.start..node.span.start + 1);
        if let Value::Object(items) = &node.value {
            for (key, value) in items {
                self.item(key, value, body);
            }
        }
        self.raw("\n");
        self.token("}", node.span.end.saturating_sub(1)..node.span.end);
        self.raw("\n");
    }

    /// One property of a body: a nested block (or several), or an argument.
    fn item(&mut self, key: &Key, value: &Node, body: &Body) {
        let name = key.name.text.as_str();
        if name == "//" {
            return;
        }
        if let Some((labels, nested)) = nested_block(body, name) {
            if labels == 0 {
                match &value.value {
                    Value::Object(_) => self.block(key, &[], value, &nested),
                    Value::Array(items) => {
                        for item in items {
                            if matches!(item.value, Value::Object(_)) {
                                self.block(key, &[], item, &nested);
                            } else {
                                self.error(
                                    item.span.start,
                                    format!("{name:?} is a nested block: each element must be an object"),
                                );
                            }
                        }
                    }
                    _ => self.error(
                        value.span.start,
                        format!(
                            "{name:?} is a nested block: expected an object or an array of objects"
                        ),
                    ),
                }
            } else {
                self.labeled(key, value, labels, &mut Vec::new(), &nested);
            }
            return;
        }
        if !is_identifier(name) {
            self.error(
                key.span.start,
                format!("{name:?} is not a valid argument name"),
            );
            return;
        }
        self.raw("\n");
        self.token(name, key.span.clone());
        self.raw(" = ");
        self.value(value, argument_mode(body, name));
    }

    fn value(&mut self, node: &Node, mode: Mode) {
        match &node.value {
            Value::Null => self.token("null", node.span.clone()),
            Value::Bool(b) => self.token(if *b { "true" } else { "false" }, node.span.clone()),
            Value::Number(n) => self.token(n, node.span.clone()),
            Value::String(s) => self.string(s, node.span.clone(), mode),
            Value::Array(items) => {
                self.token("[", node.span.start..node.span.start + 1);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.raw(", ");
                    }
                    self.value(item, mode);
                }
                self.token("]", node.span.end.saturating_sub(1)..node.span.end);
            }
            Value::Object(items) => {
                self.token("{", node.span.start..node.span.start + 1);
                for (key, item) in items {
                    self.raw("\n");
                    self.object_key(key, mode);
                    self.raw(" = ");
                    self.value(item, mode);
                }
                self.raw("\n");
                self.token("}", node.span.end.saturating_sub(1)..node.span.end);
            }
        }
    }

    /// An object key: a bare name when it is one, a quoted string otherwise, and a template in
    /// parentheses when it interpolates (object keys are templates in Terraform's JSON).
    fn object_key(&mut self, key: &Key, mode: Mode) {
        let name = &key.name.text;
        let interpolates = mode == Mode::Template && (name.contains("${") || name.contains("%{"));
        if is_identifier(name) && !is_keyword(name) {
            self.token(name, key.span.clone());
        } else if interpolates {
            self.raw("(");
            self.string(&key.name, key.span.clone(), Mode::Template);
            self.raw(")");
        } else {
            self.string(&key.name, key.span.clone(), Mode::Literal);
        }
    }

    /// A JSON string read as `mode`; each character is anchored to where the JSON has it.
    fn string(&mut self, s: &Str, span: Range<usize>, mode: Mode) {
        let end = span.end;
        let put = |w: &mut Writer, text: &str, offset: usize| {
            let at = w.text.len() as isize - offset as isize;
            let same = w
                .anchors
                .last()
                .is_some_and(|a| a.at as isize - a.written as isize == at);
            if !same {
                w.anchor(offset, end - offset);
            }
            w.text.push_str(text);
        };
        let chars: Vec<char> = s.text.chars().collect();
        if mode == Mode::Expression {
            // `"${aws_iam_role.x}"` where an expression is expected is the expression itself
            // (as older configurations and converters write it).
            let (from, to) = single_interpolation(&chars).unwrap_or((0, chars.len()));
            for (c, &offset) in chars[from..to].iter().zip(&s.offsets[from..to]) {
                let c = if matches!(c, '\n' | '\r') { ' ' } else { *c };
                put(self, c.encode_utf8(&mut [0; 4]), offset);
            }
            if chars.is_empty() {
                self.token("null", span);
            }
            return;
        }
        self.token("\"", span.start..span.start + 1);
        // Template scanning: a stack of what the text at hand is. Literal text is escaped for
        // an HCL quoted template; interpolations and strings nested in them are expression
        // source, written as they are.
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Text,
            Expr(usize),
            Nested,
        }
        let mut stack = vec![State::Text];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let offset = s.offsets[i];
            let next = chars.get(i + 1).copied();
            let state = stack.last().copied().unwrap_or(State::Text);
            match state {
                State::Text => {
                    let opens = matches!(c, '$' | '%') && next == Some('{');
                    let escaped =
                        matches!(c, '$' | '%') && next == Some(c) && chars.get(i + 2) == Some(&'{');
                    if mode == Mode::Literal && (opens || escaped) {
                        // Double the sigil so nothing is evaluated.
                        let mut doubled = String::from(c);
                        doubled.push(c);
                        put(self, &doubled, offset);
                        i += 1;
                        continue;
                    }
                    if escaped {
                        put(self, &format!("{c}{c}{{"), offset);
                        i += 3;
                        continue;
                    }
                    if opens {
                        put(self, &format!("{c}{{"), offset);
                        stack.push(State::Expr(1));
                        i += 2;
                        continue;
                    }
                    put(self, &escape(c), offset);
                }
                State::Nested => {
                    // A string inside an interpolation: already in expression syntax.
                    if c == '\\' {
                        let mut pair = String::from(c);
                        if let Some(n) = next {
                            pair.push(n);
                        }
                        put(self, &pair, offset);
                        i += 2;
                        continue;
                    }
                    if c == '"' {
                        stack.pop();
                    } else if matches!(c, '$' | '%') && next == Some('{') {
                        put(self, &format!("{c}{{"), offset);
                        stack.push(State::Expr(1));
                        i += 2;
                        continue;
                    }
                    put(self, c.encode_utf8(&mut [0; 4]), offset);
                }
                State::Expr(depth) => {
                    match c {
                        '{' => {
                            stack.pop();
                            stack.push(State::Expr(depth + 1));
                        }
                        '}' => {
                            stack.pop();
                            if depth > 1 {
                                stack.push(State::Expr(depth - 1));
                            }
                        }
                        '"' => stack.push(State::Nested),
                        _ => {}
                    }
                    let c = if matches!(c, '\n' | '\r') { ' ' } else { c };
                    put(self, c.encode_utf8(&mut [0; 4]), offset);
                }
            }
            i += 1;
        }
        let close = s.end;
        self.token("\"", close..close + 1);
    }
}

/// When `chars` is one interpolation and nothing else (`${...}`), the range of its inside.
fn single_interpolation(chars: &[char]) -> Option<(usize, usize)> {
    if chars.len() < 3 || chars[0] != '$' || chars[1] != '{' {
        return None;
    }
    let mut depth = 1;
    let mut in_string = false;
    let mut i = 2;
    while i < chars.len() {
        match (in_string, chars[i]) {
            (true, '\\') => i += 1,
            (true, '"') => in_string = false,
            (false, '"') => in_string = true,
            (false, '{') => depth += 1,
            (false, '}') => {
                depth -= 1;
                if depth == 0 {
                    return (i == chars.len() - 1).then_some((2, i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A literal character as an HCL quoted string writes it.
fn escape(c: char) -> String {
    match c {
        '"' => "\\\"".to_string(),
        '\\' => "\\\\".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        c if (c as u32) < 0x20 || c == '\u{7f}' => format!("\\u{:04x}", c as u32),
        c => c.to_string(),
    }
}

/// `text` as an HCL quoted string with nothing evaluated (block labels, literal keys).
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '$' | '%') && chars.get(i + 1) == Some(&'{') {
            out.push(*c);
        }
        out.push_str(&escape(*c));
    }
    out.push('"');
    out
}

/// An HCL identifier: a letter or `_`, then letters, digits, `_` and `-`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Words that mean something at the start of an object item, so such keys are quoted.
fn is_keyword(name: &str) -> bool {
    matches!(name, "true" | "false" | "null" | "for" | "if" | "in")
}

/// If `name` in `body` is a nested block: how many labels it has and its body kind.
fn nested_block(body: &Body, name: &str) -> Option<(usize, Body)> {
    let plain = Body::Plain(Mode::Template);
    match body {
        Body::Schema { kind, ty, parent } => {
            if parent.is_empty() && *kind != "provider" {
                match name {
                    "lifecycle" => return Some((0, Body::Lifecycle)),
                    "provisioner" => return Some((1, Body::Provisioner)),
                    "connection" => return Some((0, plain)),
                    _ => {}
                }
            }
            if name == "dynamic" {
                // `"dynamic": {"NAME": {...}}`: the label is the block type it generates.
                return Some((
                    1,
                    Body::Dynamic {
                        kind,
                        ty: ty.clone(),
                        block: String::new(),
                    },
                ));
            }
            schema_blocks(kind, ty, parent)
                .is_some_and(|blocks| blocks.contains(name))
                .then(|| {
                    (
                        0,
                        Body::Schema {
                            kind,
                            ty: ty.clone(),
                            parent: name.to_string(),
                        },
                    )
                })
        }
        Body::Dynamic { kind, ty, block } if name == "content" => Some((
            0,
            // The content is the generated block's body: its nested blocks are that block's.
            Body::Schema {
                kind,
                ty: ty.clone(),
                parent: block.clone(),
            },
        )),
        Body::Lifecycle if matches!(name, "precondition" | "postcondition") => Some((0, plain)),
        Body::Output if name == "precondition" => Some((0, plain)),
        Body::Variable if name == "validation" => Some((0, plain)),
        Body::Provisioner if name == "connection" => Some((0, plain)),
        Body::Terraform => match name {
            "required_providers" => Some((0, Body::Plain(Mode::Literal))),
            "backend" | "provider_meta" => Some((1, Body::Plain(Mode::Literal))),
            "cloud" => Some((0, Body::Terraform)),
            "workspaces" => Some((0, Body::Plain(Mode::Literal))),
            _ => None,
        },
        Body::Check => match name {
            "data" => Some((2, Body::Plain(Mode::Template))),
            "assert" => Some((0, plain)),
            _ => None,
        },
        Body::Plain(_) if name == "lifecycle" => Some((0, Body::Lifecycle)),
        _ => None,
    }
}

/// How the strings of argument `name` of `body` are read.
fn argument_mode(body: &Body, name: &str) -> Mode {
    match (body, name) {
        (_, "depends_on") => Mode::Expression,
        (Body::Schema { parent, .. }, "provider") if parent.is_empty() => Mode::Expression,
        (Body::Module, "providers") => Mode::Expression,
        (Body::Module, "source" | "version") => Mode::Literal,
        (Body::Lifecycle, "ignore_changes" | "replace_triggered_by") => Mode::Expression,
        (Body::Dynamic { .. }, "iterator") => Mode::Expression,
        (Body::Variable, "type") => Mode::Expression,
        (Body::Variable | Body::Output, "default" | "description") => Mode::Literal,
        (Body::Plain(_), "from" | "to") => Mode::Expression,
        (Body::Plain(mode), _) => *mode,
        (Body::Terraform, _) => Mode::Literal,
        _ => Mode::Template,
    }
}

type BlockTable = HashMap<(String, String), HashMap<String, HashSet<String>>>;

/// The nested block types of the AWS provider's resources, data sources and provider
/// configuration, by parent block type (`""` for the top of the body).
fn schema_blocks(kind: &str, ty: &str, parent: &str) -> Option<&'static HashSet<String>> {
    static TABLE: OnceLock<BlockTable> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = BlockTable::new();
        for line in include_str!("aws_blocks.txt").lines() {
            let mut parts = line.split(' ');
            let (Some(kind), Some(ty)) = (parts.next(), parts.next()) else {
                continue;
            };
            let entry = table.entry((kind.to_string(), ty.to_string())).or_default();
            for group in parts {
                let (parent, children) = group.split_once(':').unwrap_or(("", group));
                entry
                    .entry(parent.to_string())
                    .or_default()
                    .extend(children.split(',').map(str::to_string));
            }
        }
        table
    });
    table.get(&(kind.to_string(), ty.to_string()))?.get(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translate(json: &str) -> ParsedFile {
        let source = Arc::new(SourceFile::new("main.tf.json", json));
        parse_tf_json(source).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn resources_become_blocks_with_nested_blocks_from_the_schema() {
        let json = r#"{
  "resource": {
    "aws_lambda_function": {
      "api": {
        "function_name": "orders-${var.env}",
        "tracing_config": {"mode": "PassThrough"},
        "environment": {"variables": {"DB_PASSWORD": "hunter2", "cost-center": "x"}},
        "depends_on": ["aws_iam_role.x"],
        "tags": {"team": "a"}
      }
    }
  }
}"#;
        let parsed = translate(json);
        let text = parsed.source.text.to_string();
        assert!(
            text.contains("resource \"aws_lambda_function\" \"api\" {"),
            "{text}"
        );
        assert!(text.contains("tracing_config {"), "{text}");
        assert!(text.contains("environment {"), "{text}");
        assert!(
            text.contains("variables = {"),
            "a map argument inside the block: {text}"
        );
        assert!(text.contains("depends_on = [aws_iam_role.x]"), "{text}");
        assert!(
            text.contains("function_name = \"orders-${var.env}\""),
            "{text}"
        );
        assert!(text.contains("tags = {"), "{text}");
        // Positions are the JSON's: the block at its name key, values where they are written.
        let block = parsed.body.get_blocks("resource").next().unwrap();
        let pos = |offset: usize| parsed.source.position(offset);
        use hcl_edit::Span;
        let start = block.span().unwrap().start;
        assert_eq!((pos(start).line, pos(start).column), (4, 7));
        let mode = block
            .body
            .get_blocks("tracing_config")
            .next()
            .unwrap()
            .body
            .get_attribute("mode")
            .unwrap();
        let at = pos(mode.value.span().unwrap().start);
        assert_eq!((at.line, at.column), (6, 36));
        let env = block.body.get_blocks("environment").next().unwrap();
        let vars = env.body.get_attribute("variables").unwrap();
        let hcl_edit::expr::Expression::Object(obj) = &vars.value else {
            panic!("object")
        };
        let (_, secret) = obj.iter().next().unwrap();
        let at = pos(secret.expr().span().unwrap().start);
        assert_eq!((at.line, at.column), (7, 54));
    }

    #[test]
    fn strings_with_quotes_in_interpolations_and_escapes_translate() {
        let json = r#"{"locals": {"a": "${lookup(var.m, \"k\", \"}\")}-\"q\"", "b": "$${literal}", "c": "line\nnext"}}"#;
        let parsed = translate(json);
        let text = parsed.source.text.to_string();
        assert!(
            text.contains(r#"a = "${lookup(var.m, "k", "}")}-\"q\"""#),
            "{text}"
        );
        assert!(text.contains(r#"b = "$${literal}""#), "{text}");
        assert!(text.contains(r#"c = "line\nnext""#), "{text}");
    }

    #[test]
    fn variables_keep_literal_defaults_and_type_expressions() {
        let json = r#"{"variable": {"x": {"type": "list(string)", "default": ["${not}"], "description": "50%{"}}}"#;
        let text = translate(json).source.text.to_string();
        assert!(text.contains("type = list(string)"), "{text}");
        assert!(text.contains(r#"default = ["$${not}"]"#), "{text}");
        assert!(text.contains(r#"description = "50%%{""#), "{text}");
    }

    #[test]
    fn arrays_of_blocks_dynamic_blocks_and_comments_translate() {
        let json = r#"{
  "//": "generated by a tool",
  "data": {
    "//": "a comment among the types",
    "aws_iam_policy_document": {
      "doc": {
        "//": "a comment in the body",
        "statement": [
          {"actions": ["s3:GetObject"], "principals": {"type": "AWS", "identifiers": ["*"]}},
          {"actions": ["s3:PutObject"]}
        ],
        "dynamic": {
          "statement": {
            "for_each": "${var.extra}",
            "iterator": "x",
            "content": {
              "actions": "${x.value}",
              "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["1"]}]
            }
          }
        }
      }
    }
  }
}"#;
        let parsed = translate(json);
        let text = parsed.source.text.to_string();
        assert!(
            !text.contains("comment") && !text.contains("generated"),
            "{text}"
        );
        let doc = parsed.body.get_blocks("data").next().unwrap();
        let statements: Vec<_> = doc.body.get_blocks("statement").collect();
        assert_eq!(statements.len(), 2, "{text}");
        assert_eq!(statements[0].body.get_blocks("principals").count(), 1);
        let dynamic: Vec<_> = doc.body.get_blocks("dynamic").collect();
        assert_eq!(dynamic.len(), 1, "{text}");
        assert_eq!(dynamic[0].labels[0].as_str(), "statement");
        assert!(text.contains("for_each = \"${var.extra}\""), "{text}");
        assert!(text.contains("iterator = x"), "{text}");
        let content = dynamic[0].body.get_blocks("content").next().unwrap();
        // The generated block's own nested blocks come from the schema, inside `content`.
        assert_eq!(content.body.get_blocks("condition").count(), 1, "{text}");
        assert!(content.body.get_attribute("actions").is_some());
    }

    #[test]
    fn meta_arguments_are_expressions_and_object_values_keep_every_key() {
        let json = r#"{"resource": {"aws_lambda_function": {"f": [{
  "count": "${var.n}",
  "depends_on": ["aws_iam_role.r", "${aws_iam_role.s}"],
  "provider": "aws.west",
  "lifecycle": {
    "ignore_changes": ["tags"],
    "precondition": {"condition": "${var.n > 0}", "error_message": "n is ${var.n}"}
  },
  "tags": {"//": "an object value, not a body", "team": "a"}
}]}, "google_thing": {"g": {"settings": {"tier": "x"}}}}}"#;
        let parsed = translate(json);
        let text = parsed.source.text.to_string();
        assert!(text.contains("count = \"${var.n}\""), "{text}");
        assert!(
            text.contains("depends_on = [aws_iam_role.r, aws_iam_role.s]"),
            "{text}"
        );
        assert!(text.contains("provider = aws.west"), "{text}");
        assert!(text.contains("ignore_changes = [tags]"), "{text}");
        assert!(text.contains("condition = \"${var.n > 0}\""), "{text}");
        // Terraform keeps `//` as a key of an object value: only bodies have comments.
        assert!(text.contains("\"//\" = \"an object value"), "{text}");
        // Without a schema (another provider), an object is an argument.
        assert!(text.contains("settings = {"), "{text}");
        let f = parsed.body.get_blocks("resource").next().unwrap();
        let lifecycle = f.body.get_blocks("lifecycle").next().unwrap();
        assert_eq!(lifecycle.body.get_blocks("precondition").count(), 1);
    }

    #[test]
    fn errors_point_into_the_json() {
        let source = Arc::new(SourceFile::new("x.tf.json", "{\n  \"resource\": 3\n}"));
        let e = parse_tf_json(source).unwrap_err();
        assert_eq!((e.line, e.column), (2, 15));
        let source = Arc::new(SourceFile::new("x.tf.json", "{\"nope\": {}}"));
        let e = parse_tf_json(source).unwrap_err();
        assert!(
            e.message.contains("unsupported block type \"nope\""),
            "{}",
            e.message
        );
        let source = Arc::new(SourceFile::new(
            "x.tf.json",
            "{\"locals\": {\n \"a\": \"${1 +}\"}}",
        ));
        let e = parse_tf_json(source).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("invalid expression"), "{}", e.message);
        let source = Arc::new(SourceFile::new(
            "x.tf.json",
            "{\"resource\": {\"aws_lambda_function\": {\"f\": {\n  \"tracing_config\": [\"Active\"]}}}}",
        ));
        let e = parse_tf_json(source).unwrap_err();
        assert_eq!((e.line, e.column), (2, 22));
        assert!(e.message.contains("nested block"), "{}", e.message);
        let source = Arc::new(SourceFile::new("x.tf.json", "{\"locals\": "));
        let e = parse_tf_json(source).unwrap_err();
        assert!(e.message.starts_with("JSON syntax error"), "{}", e.message);
    }
}
