//! What an expression sees in one module instance ([`InstScope`]): its variables, locals and
//! `path.*`, the iteration (`count.index`, `each.*`) of the block being evaluated, the
//! resources and data sources of the instance and the outputs of its module calls, each
//! demanded from the [`Config`] graph as it is read; and which resource instances an
//! expression refers to, through variables, locals and module outputs.

use std::collections::{BTreeSet, HashMap};

use hcl_edit::expr::{Expression, ObjectKey, Traversal, TraversalOperator};
use hcl_edit::visit::{visit_traversal, Visit};
use hcl_edit::{Decorated, Span};

use super::cty::{Attrs, Val};
use super::expand::{Expansion, Iteration};
use super::expr::{self, Bindings, EvalError, Scope};
use super::module::Config;

/// Iterator names of enclosing `dynamic` blocks and the addresses their values derive from.
pub type IteratorRefs = Vec<(String, BTreeSet<String>)>;

/// What a block's expressions are evaluated in: used by [`super::values::ValueBuilder`].
pub trait Evaluator {
    /// The value of `expr`; unknown where Terraform could not know it or would reject it.
    fn value_with(&self, expr: &Expression, bindings: &Bindings) -> Val;
    /// The resource instance addresses `expr` refers to, with `dynamic` iterators' own.
    fn refs_with(&self, expr: &Expression, iterators: &IteratorRefs) -> BTreeSet<String>;
    /// For `local.x` or `var.x` whose value was written as an object: the addresses each of its
    /// keys derives from (empty for a literal).
    fn item_refs(&self, _expr: &Expression) -> Option<HashMap<String, BTreeSet<String>>> {
        None
    }
}

/// One module instance, seen from one iteration of a block in it.
pub struct InstScope<'c, 't> {
    config: &'c Config<'t>,
    id: usize,
    iteration: Iteration,
    /// What `each.value` derives from: the references of the `for_each` expression.
    each_refs: BTreeSet<String>,
}

impl<'c, 't> InstScope<'c, 't> {
    /// Instance `id` of `config`, in `iteration`.
    pub(super) fn new(config: &'c Config<'t>, id: usize, iteration: Iteration) -> Self {
        Self {
            config,
            id,
            iteration,
            each_refs: BTreeSet::new(),
        }
    }

    /// The same instance in another iteration, whose `each.value` derives from `each_refs`.
    pub(super) fn iterate(&self, iteration: Iteration, each_refs: BTreeSet<String>) -> Self {
        Self {
            config: self.config,
            id: self.id,
            iteration,
            each_refs,
        }
    }

    /// The value of `expr`, unknown where it cannot be known.
    pub fn value(&self, expr: &Expression) -> Val {
        self.value_with(expr, &Vec::new())
    }

    /// The resource instances `expr` refers to.
    pub fn refs(&self, expr: &Expression) -> BTreeSet<String> {
        self.refs_with(expr, &Vec::new())
    }

    /// The references of `expr` into `all`, and, when `expr` is an object literal, those of
    /// each of its items into `items`, so reading one item keeps only its own.
    pub fn refs_by_item(
        &self,
        expr: &Expression,
        all: &mut BTreeSet<String>,
        items: &mut HashMap<String, BTreeSet<String>>,
    ) {
        all.extend(self.refs(expr));
        if let Expression::Object(object) = expr {
            for (key, value) in object.iter() {
                let key = match key {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                    _ => continue,
                };
                items.insert(key, self.refs(value.expr()));
            }
        }
    }

    /// The value of module call `key`'s instances, with only output `output` (all when
    /// `None`) demanded.
    fn module_value(&self, key: &str, output: Option<&str>) -> Val {
        let done = self.config.demand(self.id, key);
        let object = |child: usize| -> Val {
            let inst = self.config.inst(child);
            let mut attrs = Attrs::new();
            for decl in &inst.decls.items {
                let Some(name) = decl.key.strip_prefix("output.") else {
                    continue;
                };
                if output.is_none_or(|o| o == name) {
                    let value = self.config.demand(child, &decl.key).value.clone();
                    attrs.insert(name.to_string(), value);
                }
            }
            Val::map(attrs)
        };
        match done.expansion {
            Some(Expansion::Single) => done
                .instances
                .first()
                .map_or(Val::Unknown, |(_, _, c)| object(*c)),
            Some(Expansion::Count) => {
                Val::list(done.instances.iter().map(|(_, _, c)| object(*c)).collect())
            }
            Some(Expansion::ForEach) => Val::map(
                done.instances
                    .iter()
                    .filter_map(|(k, _, c)| Some((k.as_ref()?.as_str()?.to_string(), object(*c))))
                    .collect(),
            ),
            _ => Val::Unknown,
        }
    }
}

impl Scope for InstScope<'_, '_> {
    fn resolve(
        &self,
        root: &str,
        ops: &[Decorated<TraversalOperator>],
    ) -> Result<Option<(Val, usize)>, EvalError> {
        let value = match root {
            "var" | "local" => {
                let name = attr(ops.first())
                    .ok_or_else(|| EvalError::from(format!("{root} needs an attribute name")))?;
                let key = format!("{root}.{name}");
                return Ok(Some((self.config.demand(self.id, &key).value.clone(), 1)));
            }
            "path" => {
                // As Terraform sees them from the root module's directory, where it runs.
                let inst = self.config.inst(self.id);
                let cwd = std::env::current_dir()
                    .map(|d| d.join(&self.config.root))
                    .map(|d| super::tree::normalize(&d.to_string_lossy()))
                    .unwrap_or_else(|_| self.config.root.clone());
                Val::from_json(&serde_json::json!({
                    "module": super::tree::relative(&self.config.root, &inst.module.dir),
                    "root": ".",
                    "cwd": cwd,
                }))
            }
            "terraform" => Val::from_json(&serde_json::json!({ "workspace": "default" })),
            "count" => match &self.iteration {
                Iteration::Count(i) => Val::from_json(&serde_json::json!({ "index": i })),
                Iteration::Unknown => Val::Unknown,
                _ => {
                    return Err(EvalError::from(
                        "count.index is used where count is not set".to_string(),
                    ))
                }
            },
            "each" => match &self.iteration {
                Iteration::Each(key, value) => Val::map(Attrs::from([
                    ("key".to_string(), key.clone()),
                    ("value".to_string(), value.clone()),
                ])),
                Iteration::Unknown => Val::Unknown,
                _ => {
                    return Err(EvalError::from(
                        "each is used where for_each is not set".to_string(),
                    ))
                }
            },
            "self" => Val::Unknown,
            _ => {
                let Some((key, consumed)) = node_key(root, ops) else {
                    return Ok(None);
                };
                if key.starts_with("module.") {
                    let output = output_read(&ops[consumed..]);
                    return Ok(Some((self.module_value(&key, output), consumed)));
                }
                let done = self.config.demand(self.id, &key);
                return Ok(Some((done.value.clone(), consumed)));
            }
        };
        Ok(Some((value, 0)))
    }

    fn spend(&self) -> Result<(), EvalError> {
        self.config.spend()
    }
}

impl Evaluator for InstScope<'_, '_> {
    fn item_refs(&self, expr: &Expression) -> Option<HashMap<String, BTreeSet<String>>> {
        let Expression::Traversal(t) = expr else {
            return None;
        };
        let Expression::Variable(root) = &t.expr else {
            return None;
        };
        let root = root.as_str();
        if !matches!(root, "var" | "local") || t.operators.len() != 1 {
            return None;
        }
        let name = attr(t.operators.first())?;
        let done = self.config.demand(self.id, &format!("{root}.{name}"));
        (!done.item_refs.is_empty()).then(|| done.item_refs.clone())
    }

    fn value_with(&self, expr: &Expression, bindings: &Bindings) -> Val {
        match expr::eval(expr, self, bindings) {
            Ok(value) => value,
            Err(e) => {
                if e.limit {
                    self.config
                        .report_limit(expr.span().map(|s| s.start), &e.message);
                }
                Val::Unknown
            }
        }
    }

    fn refs_with(&self, expr: &Expression, iterators: &IteratorRefs) -> BTreeSet<String> {
        let mut collector = References {
            scope: self,
            iterators,
            found: BTreeSet::new(),
        };
        collector.visit_expr(expr);
        collector.found
    }
}

/// The output a traversal after `module.m` reads: `.o`, `[k].o` or `[*].o`.
fn output_read(rest: &[Decorated<TraversalOperator>]) -> Option<&str> {
    match rest.first().map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
        Some(
            TraversalOperator::Index(_)
            | TraversalOperator::LegacyIndex(_)
            | TraversalOperator::FullSplat(_)
            | TraversalOperator::AttrSplat(_),
        ) => attr(rest.get(1)),
        None => None,
    }
}

/// The attribute name of a `.name` operator.
pub(super) fn attr(op: Option<&Decorated<TraversalOperator>>) -> Option<&str> {
    match op.map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(ident)) => Some(ident.as_str()),
        _ => None,
    }
}

/// The node key a traversal names and how many operators name it: `aws_x.y` (1),
/// `data.t.n` (2), `module.m` (1).
pub(super) fn node_key(
    root: &str,
    ops: &[Decorated<TraversalOperator>],
) -> Option<(String, usize)> {
    match root {
        "data" => Some((
            format!("data.{}.{}", attr(ops.first())?, attr(ops.get(1))?),
            2,
        )),
        "module" => Some((format!("module.{}", attr(ops.first())?), 1)),
        "var" | "local" | "each" | "count" | "path" | "terraform" | "self" => None,
        t if t.contains('_') => Some((format!("{t}.{}", attr(ops.first())?), 1)),
        _ => None,
    }
}

/// Resolves the references of an expression to full instance addresses.
struct References<'s, 'c, 't> {
    scope: &'s InstScope<'c, 't>,
    iterators: &'s IteratorRefs,
    found: BTreeSet<String>,
}

impl Visit for References<'_, '_, '_> {
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(root) = &node.expr {
            self.reference(root.as_str(), &node.operators);
        }
        visit_traversal(self, node);
    }
}

impl References<'_, '_, '_> {
    fn reference(&mut self, root: &str, ops: &[Decorated<TraversalOperator>]) {
        if let Some((_, refs)) = self.iterators.iter().rev().find(|(n, _)| n == root) {
            self.found.extend(refs.iter().cloned());
            return;
        }
        let config = self.scope.config;
        match root {
            "var" | "local" => {
                let Some(name) = attr(ops.first()) else {
                    return;
                };
                let done = config.demand(self.scope.id, &format!("{root}.{name}"));
                // `local.shared.kms_key_arn` reads one item of an object: its own references
                // when they were recorded, else the whole value's.
                let refs = attr(ops.get(1))
                    .and_then(|item| done.item_refs.get(item))
                    .unwrap_or(&done.refs);
                self.found.extend(refs.iter().cloned());
            }
            "each" => self.found.extend(self.scope.each_refs.iter().cloned()),
            _ => {
                let Some((key, consumed)) = node_key(root, ops) else {
                    return;
                };
                let done = config.demand(self.scope.id, &key);
                let rest = &ops[consumed..];
                let index = match (done.expansion, rest.first().map(|o| o.value())) {
                    (
                        Some(Expansion::Count | Expansion::ForEach),
                        Some(TraversalOperator::Index(e)),
                    ) => expr::eval(e, self.scope, &Vec::new())
                        .ok()
                        .filter(Val::is_known),
                    (
                        Some(Expansion::Count | Expansion::ForEach),
                        Some(TraversalOperator::LegacyIndex(i)),
                    ) => Some(Val::Number(*i.value() as f64)),
                    _ => None,
                };
                let selected = done.instances.iter().filter(|(k, _, _)| {
                    index
                        .as_ref()
                        .is_none_or(|i| k.as_ref().is_some_and(|k| same_key(k, i)))
                });
                if key.starts_with("module.") {
                    let output = output_read(rest);
                    for (_, _, child) in selected {
                        let inst = config.inst(*child);
                        for decl in &inst.decls.items {
                            let Some(name) = decl.key.strip_prefix("output.") else {
                                continue;
                            };
                            if output.is_none_or(|o| o == name) {
                                let out = config.demand(*child, &decl.key);
                                self.found.extend(out.refs.iter().cloned());
                            }
                        }
                    }
                } else {
                    self.found
                        .extend(selected.map(|(_, address, _)| address.clone()));
                }
            }
        }
    }
}

/// `count` indexes compare as numbers, `for_each` keys as strings.
fn same_key(key: &serde_json::Value, index: &Val) -> bool {
    match (key, index) {
        (serde_json::Value::Number(a), Val::Number(b)) => a.as_f64() == Some(*b),
        (serde_json::Value::String(a), Val::String(b)) => a == b,
        (serde_json::Value::Number(a), Val::String(b)) => a.to_string() == *b,
        _ => false,
    }
}
