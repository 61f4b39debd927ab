//! Expression and body values: converts `hcl-edit` trees into plan-JSON-shaped values while
//! recording, for every attribute path, its span, whether its value is unknown, and the
//! resources it refers to.
//!
//! Literals are known. Other expressions (references, function calls, templates, conditionals,
//! `for`) are evaluated in the module instance's environment ([`Evaluator`]); what cannot be
//! known there (a computed attribute, a variable without a value) is unknown. The resources an
//! expression refers to are recorded either way. `jsonencode({...})` of a literal object keeps
//! a span, an unknown mark and references for every element inside it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey, UnaryOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::Element;
use hcl_edit::Span;
use serde_json::{Map, Value};

use super::env::{Env, Evaluator};
use crate::graph::{AttrSpan, SpanKind};

/// Meta-arguments that configure Terraform, not the resource: they never appear in values.
const META_ATTRIBUTES: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// Collects a block's values and what is known about each attribute path.
pub struct ValueBuilder<'a> {
    text: &'a str,
    env: &'a dyn Evaluator,
    /// Unknown attribute paths, in source order.
    pub unknown: Vec<String>,
    /// Attribute path to the addresses its expression mentions (not yet filtered).
    pub references: BTreeMap<String, BTreeSet<String>>,
    /// Attribute path to span.
    pub spans: HashMap<String, AttrSpan>,
}

impl<'a> ValueBuilder<'a> {
    /// A builder for blocks of the file whose text is `text`, evaluating expressions in `env`.
    pub fn with_env(text: &'a str, env: &'a dyn Evaluator) -> Self {
        Self {
            text,
            env,
            unknown: Vec::new(),
            references: BTreeMap::new(),
            spans: HashMap::new(),
        }
    }

    /// A builder where only literals and functions of literals are known.
    pub fn new(text: &'a str) -> Self {
        static CONSTANTS: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
        Self::with_env(text, CONSTANTS.get_or_init(Env::constants))
    }

    /// The values of a resource-like block body, without meta-arguments.
    pub fn resource_body(&mut self, body: &Body) -> Value {
        Value::Object(self.body(body, "", true))
    }

    /// The values of a body under `prefix`; nested blocks become lists of objects.
    fn body(&mut self, body: &Body, prefix: &str, top: bool) -> Map<String, Value> {
        let mut values = Map::new();
        let mut dynamic: BTreeSet<String> = BTreeSet::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => {
                    let key = attr.key.as_str();
                    if top && META_ATTRIBUTES.contains(&key) {
                        continue;
                    }
                    let path = join(prefix, key);
                    if let (Some(range), Some(value)) = (attr.span(), attr.value.span()) {
                        self.spans.insert(
                            path.clone(),
                            AttrSpan {
                                range,
                                value,
                                kind: SpanKind::Attribute,
                            },
                        );
                    }
                    let value = self.expr(&attr.value, &path);
                    values.insert(key.to_string(), value);
                }
                Structure::Block(block) => {
                    let ident = block.ident.as_str();
                    if top && META_BLOCKS.contains(&ident) {
                        continue;
                    }
                    if ident == "dynamic" {
                        if let Some(name) = block.labels.first() {
                            let name = name.as_str().to_string();
                            self.record_references(&join(prefix, &name), block);
                            dynamic.insert(name);
                        }
                        continue;
                    }
                    let list = values
                        .entry(ident.to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    let position = list.as_array().map_or(0, Vec::len);
                    let path = join(prefix, &format!("{ident}.{position}"));
                    if let Some(range) = self.block_header(block) {
                        self.spans.insert(
                            path.clone(),
                            AttrSpan {
                                value: range.clone(),
                                range,
                                kind: SpanKind::Block,
                            },
                        );
                    }
                    let nested = Value::Object(self.body(&block.body, &path, false));
                    if let Some(list) = values.get_mut(ident).and_then(Value::as_array_mut) {
                        list.push(nested);
                    }
                }
            }
        }
        // A block generated by `dynamic` has contents that depend on its iterator: the whole
        // block type is unknown, even where static blocks of the same type exist.
        for name in dynamic {
            values.insert(name.clone(), Value::Null);
            self.unknown.push(join(prefix, &name));
        }
        values
    }

    /// The value of an expression at `path`.
    pub fn expr(&mut self, expr: &Expression, path: &str) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => number(n.value()),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(array) => {
                let mut items = Vec::with_capacity(array.len());
                for (i, element) in array.iter().enumerate() {
                    let element_path = join(path, &i.to_string());
                    if let Some(range) = element.span() {
                        self.spans.insert(
                            element_path.clone(),
                            AttrSpan {
                                value: range.clone(),
                                range,
                                kind: SpanKind::Element,
                            },
                        );
                    }
                    items.push(self.expr(element, &element_path));
                }
                Value::Array(items)
            }
            Expression::Object(object) => {
                let mut map = Map::new();
                for (key, value) in object.iter() {
                    let Some(name) = object_key(key) else {
                        // A computed key: the object's shape is not known.
                        return self.unknown_value(expr, path);
                    };
                    let item_path = join(path, &name);
                    if let (Some(key_span), Some(value_span)) = (key.span(), value.expr().span()) {
                        self.spans.insert(
                            item_path.clone(),
                            AttrSpan {
                                range: key_span.start..value_span.end,
                                value: value_span,
                                kind: SpanKind::Attribute,
                            },
                        );
                    }
                    let value = self.expr(value.expr(), &item_path);
                    map.insert(name, value);
                }
                Value::Object(map)
            }
            Expression::StringTemplate(template) => match literal_template(template.iter()) {
                Some(s) => Value::String(s),
                None => self.unknown_value(expr, path),
            },
            Expression::HeredocTemplate(heredoc) => {
                let mut heredoc = heredoc.as_ref().clone();
                heredoc.dedent();
                match literal_template(heredoc.template.iter()) {
                    Some(s) => Value::String(s),
                    None => self.unknown_value(expr, path),
                }
            }
            Expression::Parenthesis(inner) => self.expr(inner.inner(), path),
            Expression::FuncCall(_) => match self.jsonencode(expr, path) {
                Some(value) => value,
                None => self.unknown_value(expr, path),
            },
            Expression::UnaryOp(op) => match (op.operator.value(), &op.expr) {
                (UnaryOperator::Neg, Expression::Number(n)) => negate(n.value()),
                (UnaryOperator::Not, Expression::Bool(b)) => Value::Bool(!b.value()),
                _ => self.unknown_value(expr, path),
            },
            _ => self.unknown_value(expr, path),
        }
    }

    /// The value of an expression that is not a literal: evaluated in the environment when it
    /// can be known there, else unknown. What it refers to is recorded either way.
    fn unknown_value(&mut self, expr: &Expression, path: &str) -> Value {
        let refs = self.env.refs(expr);
        if !refs.is_empty() {
            self.references
                .entry(path.to_string())
                .or_default()
                .extend(refs);
        }
        if let Some(value) = self.env.value(expr) {
            return value;
        }
        self.unknown.push(path.to_string());
        Value::Null
    }

    /// `jsonencode` of a literal object or list: encoded element by element, so each keeps its
    /// span, unknown mark and references under `path` (`policy.Statement.0.Action`).
    fn jsonencode(&mut self, expr: &Expression, path: &str) -> Option<Value> {
        let Expression::FuncCall(call) = expr else {
            return None;
        };
        if !call.name.namespace.is_empty() || call.name.name.as_str() != "jsonencode" {
            return None;
        }
        let mut args = call.args.iter();
        let (Some(arg), None) = (args.next(), args.next()) else {
            return None;
        };
        if !matches!(arg, Expression::Object(_) | Expression::Array(_)) {
            return None;
        }
        let inner = self.expr(arg, path);
        serde_json::to_string(&inner).ok().map(Value::String)
    }

    /// Records what a `dynamic` block's expressions refer to, at `path`.
    fn record_references(&mut self, path: &str, block: &Block) {
        let mut refs = BTreeSet::new();
        collect_block_refs(self.env, &block.body, &mut refs);
        if !refs.is_empty() {
            self.references
                .entry(path.to_string())
                .or_default()
                .extend(refs);
        }
    }

    /// The span of `ident "label" ... {`: from the identifier to the opening brace.
    pub fn block_header(&self, block: &Block) -> Option<Range<usize>> {
        let start = block.span()?.start;
        let after_labels = block
            .labels
            .iter()
            .filter_map(|l| l.span())
            .map(|s| s.end)
            .chain(block.ident.span().map(|s| s.end))
            .max()?;
        let brace = self.text.get(after_labels..)?.find('{')?;
        Some(start..after_labels + brace + 1)
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn object_key(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.value().clone()),
        ObjectKey::Expression(Expression::StringTemplate(t)) => literal_template(t.iter()),
        ObjectKey::Expression(_) => None,
    }
}

fn literal_template<'e>(mut elements: impl Iterator<Item = &'e Element>) -> Option<String> {
    elements.try_fold(String::new(), |mut acc, element| {
        acc.push_str(element.as_literal()?.value());
        Some(acc)
    })
}

fn number(n: &hcl_edit::Number) -> Value {
    serde_json::to_value(n).unwrap_or(Value::Null)
}

fn negate(n: &hcl_edit::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::from(-i)
    } else if let Some(f) = n.as_f64() {
        serde_json::Number::from_f64(-f).map_or(Value::Null, Value::Number)
    } else {
        Value::Null
    }
}

/// The references of every expression in a body, nested blocks included.
fn collect_block_refs(env: &dyn Evaluator, body: &Body, out: &mut BTreeSet<String>) {
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => out.extend(env.refs(&attr.value)),
            Structure::Block(block) => collect_block_refs(env, &block.body, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl_edit::structure::Structure;
    use serde_json::json;

    fn build(src: &str) -> (Value, ValueBuilder<'_>) {
        let body = hcl_edit::parser::parse_body(src).unwrap();
        let block = body
            .iter()
            .find_map(|s| match s {
                Structure::Block(b) => Some(b.clone()),
                _ => None,
            })
            .unwrap();
        let mut builder = ValueBuilder::new(src);
        let values = builder.resource_body(&block.body);
        (values, builder)
    }

    #[test]
    fn literals_nested_blocks_and_negatives_have_plan_shape() {
        let src = r#"resource "aws_lambda_function" "f" {
  count   = 2
  runtime = "python3.8"
  reserved_concurrent_executions = -1
  tracing_config {
    mode = "PassThrough"
  }
  environment {
    variables = {
      DB_PASSWORD = "x"
      "QUOTED"    = true
    }
  }
  lifecycle { ignore_changes = [tags] }
}"#;
        let (values, ValueBuilder { unknown, spans, .. }) = build(src);
        assert_eq!(
            values,
            json!({
                "runtime": "python3.8",
                "reserved_concurrent_executions": -1,
                "tracing_config": [{"mode": "PassThrough"}],
                "environment": [{"variables": {"DB_PASSWORD": "x", "QUOTED": true}}],
            })
        );
        assert!(unknown.is_empty());
        let item = &spans["environment.0.variables.DB_PASSWORD"];
        assert_eq!(&src[item.range.clone()], "DB_PASSWORD = \"x\"");
        assert_eq!(&src[item.value.clone()], "\"x\"");
        assert_eq!(
            &src[spans["runtime"].range.clone()],
            "runtime = \"python3.8\""
        );
        assert_eq!(
            &src[spans["tracing_config.0"].range.clone()],
            "tracing_config {"
        );
        assert_eq!(spans["tracing_config.0"].kind, SpanKind::Block);
    }

    #[test]
    fn expressions_are_unknown_with_their_references() {
        use super::super::env::{Expansion, Instance, Node};
        let mut env = Env::constants();
        for key in [
            "aws_iam_role.lambda",
            "data.aws_lambda_layer_version.l",
            "aws_subnet.a",
            "aws_s3_bucket.b",
        ] {
            env.nodes.insert(
                key.to_string(),
                Node {
                    expansion: Expansion::Single,
                    instances: vec![Instance {
                        key: None,
                        address: key.to_string(),
                        value: json!({"bucket": "code"}),
                        output_refs: Default::default(),
                    }],
                },
            );
        }
        let src = r#"resource "aws_lambda_function" "f" {
  role        = aws_iam_role.lambda.arn
  kms_key_arn = var.key
  layers      = ["arn:aws:lambda:us-east-1:123456789012:layer:x:1", data.aws_lambda_layer_version.l.arn]
  description = "fn ${local.name}"
  s3_bucket   = aws_s3_bucket.b.bucket
  policy      = jsonencode({ Statement = [{ Action = "s3:*", Resource = aws_s3_bucket.b.arn }] })
  dynamic "vpc_config" {
    for_each = var.vpc
    content { subnet_ids = aws_subnet.a[*].id }
  }
}"#;
        let body = hcl_edit::parser::parse_body(src).unwrap();
        let Some(Structure::Block(block)) = body.iter().next() else {
            panic!("no block")
        };
        let mut builder = ValueBuilder::with_env(src, &env);
        let values = builder.resource_body(&block.body);
        let ValueBuilder {
            unknown,
            references: refs,
            spans,
            ..
        } = builder;
        assert_eq!(values["role"], Value::Null);
        assert_eq!(
            values["s3_bucket"],
            json!("code"),
            "a configured argument resolves"
        );
        assert_eq!(
            values["policy"],
            json!(r#"{"Statement":[{"Action":"s3:*","Resource":null}]}"#)
        );
        assert_eq!(
            unknown,
            vec![
                "role",
                "kms_key_arn",
                "layers.1",
                "description",
                "policy.Statement.0.Resource",
                "vpc_config"
            ]
        );
        let set = |a: &str| BTreeSet::from([a.to_string()]);
        assert_eq!(refs["role"], set("aws_iam_role.lambda"));
        assert_eq!(refs["s3_bucket"], set("aws_s3_bucket.b"));
        assert!(!refs.contains_key("kms_key_arn"));
        assert_eq!(refs["layers.1"], set("data.aws_lambda_layer_version.l"));
        assert_eq!(refs["policy.Statement.0.Resource"], set("aws_s3_bucket.b"));
        assert_eq!(refs["vpc_config"], set("aws_subnet.a"));
        assert_eq!(
            &src[spans["layers.1"].range.clone()],
            "data.aws_lambda_layer_version.l.arn"
        );
        assert_eq!(
            &src[spans["policy.Statement.0.Action"].range.clone()],
            "Action = \"s3:*\""
        );
    }
}
