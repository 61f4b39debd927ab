//! Block bodies to values: converts a resource's (or provider's) `hcl-edit` body into its value,
//! nested blocks as lists of objects (plan-JSON shape), recording for every attribute path its
//! span, whether it is unknown, and the resources it refers to.
//!
//! `dynamic` blocks are expanded as Terraform expands them: one block per element of a known
//! `for_each`, evaluated with its iterator, located at the `content` block; static and dynamic
//! blocks of one type keep their order. An unknown `for_each` leaves that block type unknown.
//!
//! Lists and objects written literally are walked element by element, so each element keeps
//! its span; other expressions are evaluated whole, and their unknown parts are found in the
//! value. `jsonencode({...})` of a literal keeps a span, an unknown mark and references for
//! every element inside the encoded text.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;

use super::cty::{join_path, Attrs, Val};
use super::expr::Bindings;
use super::scope::{Evaluator, IteratorRefs};
use crate::graph::{AttrSpan, SpanKind};

/// Meta-arguments that configure Terraform, not the resource: they never appear in values.
const META_ATTRIBUTES: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// Collects a block's values and what is known about each attribute path.
pub struct ValueBuilder<'a> {
    text: &'a str,
    pub(super) env: &'a dyn Evaluator,
    /// Iterators of the `dynamic` blocks being expanded.
    bindings: Bindings,
    pub(super) iterators: IteratorRefs,
    /// Unknown paths inside encoded text (`policy.Statement.0.Resource`): the value there is
    /// `null` in the text.
    pub encoded_unknown: Vec<String>,
    /// Attributes whose encoded text has unknown parts: other expressions read them as unknown.
    pub opaque: Vec<String>,
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
            bindings: Vec::new(),
            iterators: Vec::new(),
            encoded_unknown: Vec::new(),
            opaque: Vec::new(),
            references: BTreeMap::new(),
            spans: HashMap::new(),
        }
    }

    /// The value of a resource-like block body, without meta-arguments: an object whose
    /// unset attributes may be computed.
    pub fn resource_body(&mut self, body: &Body) -> Val {
        Val::Open(Arc::new(self.body(body, "", true)))
    }

    /// Every unknown path of `value` (built by this builder), sorted, once each.
    pub fn unknown_paths(&self, value: &Val) -> Vec<String> {
        let mut paths = self.encoded_unknown.clone();
        value.unknown_paths("", &mut paths);
        paths.sort();
        paths.dedup();
        paths
    }

    /// `value` as other expressions read it: attributes whose encoded text hides unknown parts
    /// are unknown.
    pub fn readable(&self, value: &Val) -> Val {
        let mut value = value.clone();
        for path in &self.opaque {
            set_path(
                &mut value,
                &path.split('.').collect::<Vec<_>>(),
                Val::Unknown,
            );
        }
        value
    }

    /// The values of a body under `prefix`; nested blocks become lists of objects.
    fn body(&mut self, body: &Body, prefix: &str, top: bool) -> Attrs {
        let mut values = Attrs::new();
        let mut blocks: BTreeMap<String, Vec<Val>> = BTreeMap::new();
        let mut unknown_blocks: BTreeSet<String> = BTreeSet::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => {
                    let key = attr.key.as_str();
                    if top && META_ATTRIBUTES.contains(&key) {
                        continue;
                    }
                    let path = join_path(prefix, key);
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
                        self.dynamic(block, prefix, &mut blocks, &mut unknown_blocks);
                        continue;
                    }
                    let list = blocks.entry(ident.to_string()).or_default();
                    let path = join_path(prefix, &format!("{ident}.{}", list.len()));
                    let header = self.block_header(block);
                    let nested = self.nested(block, header, &path);
                    blocks.entry(ident.to_string()).or_default().push(nested);
                }
            }
        }
        for (name, list) in blocks {
            values.insert(name, Val::list(list));
        }
        // A block type generated by a `dynamic` whose for_each is unknown: how many blocks
        // there are, and what they hold, is unknown, even where static blocks exist too.
        for name in unknown_blocks {
            values.insert(name, Val::Unknown);
        }
        values
    }

    /// One nested block's object at `path`, located at `header`.
    fn nested(&mut self, block: &Block, header: Option<Range<usize>>, path: &str) -> Val {
        if let Some(range) = header {
            self.spans.insert(
                path.to_string(),
                AttrSpan {
                    value: range.clone(),
                    range,
                    kind: SpanKind::Block,
                },
            );
        }
        Val::Open(Arc::new(self.body(&block.body, path, false)))
    }

    /// Expands `dynamic "NAME" { for_each = ... iterator = ... content { ... } }` into the
    /// blocks of type NAME.
    fn dynamic(
        &mut self,
        block: &Block,
        prefix: &str,
        blocks: &mut BTreeMap<String, Vec<Val>>,
        unknown_blocks: &mut BTreeSet<String>,
    ) {
        let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
            return;
        };
        let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(v)) => v.as_str().to_string(),
            _ => name.clone(),
        };
        let content = block.body.get_blocks("content").next();
        let for_each = block.body.get_attribute("for_each");
        let (Some(content), Some(for_each)) = (content, for_each) else {
            unknown_blocks.insert(name);
            return;
        };
        let collection = self.env.value_with(&for_each.value, &self.bindings);
        let refs = self.env.refs_with(&for_each.value, &self.iterators);
        let items: Option<Vec<(Val, Val)>> = match &collection {
            Val::List(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Val::Number(i as f64), v.clone()))
                    .collect(),
            ),
            Val::Map(attrs) | Val::Open(attrs) => Some(
                attrs
                    .iter()
                    .map(|(k, v)| (Val::string(k.clone()), v.clone()))
                    .collect(),
            ),
            _ => None,
        };
        let Some(items) = items else {
            let path = join_path(prefix, &name);
            let mut all = refs;
            self.collect_refs(&block.body, &mut all);
            self.add_references(&path, all);
            unknown_blocks.insert(name);
            return;
        };
        let header = self.block_header(content);
        // No element, no block: an empty list, as in a plan.
        blocks.entry(name.clone()).or_default();
        for (key, value) in items {
            let position = blocks.get(&name).map_or(0, Vec::len);
            let path = join_path(prefix, &format!("{name}.{position}"));
            self.bindings.push((
                iterator.clone(),
                Val::map(Attrs::from([
                    ("key".to_string(), key),
                    ("value".to_string(), value),
                ])),
            ));
            self.iterators.push((iterator.clone(), refs.clone()));
            let nested = self.nested(content, header.clone(), &path);
            self.bindings.pop();
            self.iterators.pop();
            blocks.entry(name.clone()).or_default().push(nested);
        }
    }

    /// The value of an expression at `path`.
    pub fn expr(&mut self, expr: &Expression, path: &str) -> Val {
        match expr {
            Expression::Array(array) => {
                let mut items = Vec::with_capacity(array.len());
                for (i, element) in array.iter().enumerate() {
                    let element_path = join_path(path, &i.to_string());
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
                Val::list(items)
            }
            Expression::Object(object) => {
                let mut map = Attrs::new();
                for (key, value) in object.iter() {
                    let Some(name) = self.literal_key(key) else {
                        // A computed key that cannot be known: the object's shape is unknown.
                        return self.evaluated(expr, path);
                    };
                    let item_path = join_path(path, &name);
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
                Val::map(map)
            }
            Expression::Parenthesis(inner) => self.expr(inner.inner(), path),
            Expression::FuncCall(_) => match self.jsonencode(expr, path) {
                Some(value) => value,
                None => self.evaluated(expr, path),
            },
            _ => self.evaluated(expr, path),
        }
    }

    /// The value of `expr` where this builder stands (with the `dynamic` iterators).
    pub(super) fn value_of(&self, expr: &Expression) -> Val {
        self.env.value_with(expr, &self.bindings)
    }

    /// An object key: its name, or `None` when it is computed and unknown.
    pub(super) fn literal_key(&self, key: &ObjectKey) -> Option<String> {
        match key {
            ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
            ObjectKey::Expression(Expression::Variable(v)) => Some(v.as_str().to_string()),
            ObjectKey::Expression(e) => self
                .env
                .value_with(e, &self.bindings)
                .to_text()
                .ok()
                .flatten(),
        }
    }

    /// Records that the value at `path` derives from `refs` (nothing when there are none).
    pub(super) fn add_references(&mut self, path: &str, refs: BTreeSet<String>) {
        if !refs.is_empty() {
            self.references
                .entry(path.to_string())
                .or_default()
                .extend(refs);
        }
    }

    /// An expression evaluated whole; what it refers to is recorded either way.
    fn evaluated(&mut self, expr: &Expression, path: &str) -> Val {
        let value = self.env.value_with(expr, &self.bindings);
        // A map whose every key can be traced to its text keeps references per key, so a
        // literal beside a reference (`merge(local.from_resources, { K = "text" })`) is not
        // taken for one.
        match self.key_references(expr, &value) {
            Some(by_key) => {
                for (key, refs) in by_key {
                    self.add_references(&join_path(path, &key), refs);
                }
            }
            None => {
                let refs = self.env.refs_with(expr, &self.iterators);
                self.add_references(path, refs);
            }
        }
        self.locate_elements(expr, path, &value);
        value
    }

    /// `jsonencode` of a literal object or list: encoded element by element, so each keeps
    /// its span, unknown mark and references under `path` (`policy.Statement.0.Action`).
    fn jsonencode(&mut self, expr: &Expression, path: &str) -> Option<Val> {
        let Expression::FuncCall(call) = expr else {
            return None;
        };
        if call.name.is_namespaced() || call.name.name.as_str() != "jsonencode" {
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
        if !inner.is_wholly_known() {
            inner.unknown_paths(path, &mut self.encoded_unknown);
            self.opaque.push(path.to_string());
        }
        super::functions::call("jsonencode", &[known_or_null(&inner)]).ok()
    }

    /// The references of every expression in a body, nested blocks included.
    fn collect_refs(&self, body: &Body, out: &mut BTreeSet<String>) {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => {
                    out.extend(self.env.refs_with(&attr.value, &self.iterators))
                }
                Structure::Block(block) => self.collect_refs(&block.body, out),
            }
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

/// `value` with its unknown parts as `null`, so it can be encoded.
fn known_or_null(value: &Val) -> Val {
    match value {
        Val::Unknown => Val::Null,
        Val::List(items) => Val::list(items.iter().map(known_or_null).collect()),
        Val::Map(attrs) | Val::Open(attrs) => Val::map(
            attrs
                .iter()
                .map(|(k, v)| (k.clone(), known_or_null(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Sets the value at `path` (attribute names and list indexes), where it exists.
pub fn set_path(value: &mut Val, path: &[&str], new: Val) {
    let Some((first, rest)) = path.split_first() else {
        *value = new;
        return;
    };
    let child = match value {
        Val::Map(attrs) | Val::Open(attrs) => Arc::make_mut(attrs).get_mut(*first),
        Val::List(items) => first
            .parse::<usize>()
            .ok()
            .and_then(|i| Arc::make_mut(items).get_mut(i)),
        _ => None,
    };
    if let Some(child) = child {
        set_path(child, rest, new);
    }
}
