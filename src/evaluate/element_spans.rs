//! Where the elements of an evaluated expression are written. An attribute such as
//! `variables = merge(local.common, { SMTP_PASSWORD = "..." })` is evaluated whole, but a
//! finding about `SMTP_PASSWORD` must point at that item's line: this walks the expression's
//! syntax alongside its value and records a span (and the references) for every element
//! written literally inside `merge`, `concat`, a conditional's chosen branch, or a `for`.
//! Elements that arrive through a variable, a local or another reference keep no span of
//! their own: a finding about them points at the attribute that uses them.

use std::collections::{BTreeMap, BTreeSet};

use hcl_edit::expr::{Expression, FuncCall};
use hcl_edit::Span;

use super::cty::{join_path, Val};
use super::values::ValueBuilder;
use crate::graph::{AttrSpan, SpanKind};

impl ValueBuilder<'_> {
    /// The addresses each key of the map `value` (of `expr`) derives from, when every key can
    /// be traced to the text that sets it: an item written in `merge(...)` or a known
    /// conditional's branch, or an item of a local or variable written as an object. `None`
    /// when some key cannot be traced (then the whole value keeps its references).
    pub(super) fn key_references(
        &self,
        expr: &Expression,
        value: &Val,
    ) -> Option<BTreeMap<String, BTreeSet<String>>> {
        let keys = value.as_map()?;
        let expr = self.strip(expr);
        let mut out = BTreeMap::new();
        match expr {
            Expression::FuncCall(call)
                if !call.name.is_namespaced() && call.name.name.as_str() == "merge" =>
            {
                // The last argument that sets a key is where its value comes from.
                for arg in call.args.iter() {
                    let arg = self.strip(arg);
                    let attributed = match arg {
                        Expression::Object(object) => object
                            .iter()
                            .filter_map(|(k, v)| {
                                let name = self.literal_key(k)?;
                                Some((name, self.env.refs_with(v.expr(), &self.iterators)))
                            })
                            .collect(),
                        other => {
                            let v = self.value_of(other);
                            let arg_keys = v.as_map()?;
                            match self.key_references(other, &v) {
                                Some(by_key) => by_key,
                                None => {
                                    let refs = self.env.refs_with(other, &self.iterators);
                                    arg_keys.keys().map(|k| (k.clone(), refs.clone())).collect()
                                }
                            }
                        }
                    };
                    out.extend(attributed);
                }
            }
            Expression::Traversal(_) => {
                let items = self.env.item_refs(expr)?;
                for key in keys.keys() {
                    out.insert(key.clone(), items.get(key)?.clone());
                }
            }
            _ => return None,
        }
        keys.keys().all(|k| out.contains_key(k)).then_some(out)
    }

    /// Records spans under `path` for the literal elements inside `expr`, whose value is
    /// `value`.
    pub(super) fn locate_elements(&mut self, expr: &Expression, path: &str, value: &Val) {
        match expr {
            Expression::Parenthesis(inner) => self.locate_elements(inner.inner(), path, value),
            Expression::Array(array) => {
                for (i, element) in array.iter().enumerate() {
                    let element_path = join_path(path, &i.to_string());
                    self.element(element, &element_path);
                    if let Some(v) = value.as_list().and_then(|l| l.get(i)) {
                        self.locate_elements(element, &element_path, v);
                    }
                }
            }
            Expression::Object(object) => {
                for (key, item) in object.iter() {
                    let Some(name) = self.literal_key(key) else {
                        continue;
                    };
                    let item_path = join_path(path, &name);
                    self.item(key.span(), item.expr(), &item_path);
                    if let Some(v) = value.as_map().and_then(|m| m.get(&name)) {
                        self.locate_elements(item.expr(), &item_path, v);
                    }
                }
            }
            Expression::Conditional(cond) => match self.value_of(&cond.cond_expr).to_bool() {
                Ok(Some(true)) => self.locate_elements(&cond.true_expr, path, value),
                Ok(Some(false)) => self.locate_elements(&cond.false_expr, path, value),
                _ => {}
            },
            Expression::FuncCall(call) if !call.name.is_namespaced() => {
                match call.name.name.as_str() {
                    "merge" => self.merge(call, path, value),
                    "concat" => self.concat(call, path, value),
                    "tolist" | "toset" | "tomap" | "sensitive" | "nonsensitive" => {
                        if let Some(arg) = call.args.iter().next() {
                            self.locate_elements(arg, path, value);
                        }
                    }
                    _ => {}
                }
            }
            Expression::ForExpr(f) => {
                // Every element is the value expression, evaluated once per iteration.
                let Some(range) = f.value_expr.span() else {
                    return;
                };
                let start = f.key_expr.as_ref().and_then(|k| k.span()).map(|s| s.start);
                let keys: Vec<String> = match value {
                    Val::List(items) => (0..items.len()).map(|i| i.to_string()).collect(),
                    Val::Map(attrs) | Val::Open(attrs) => attrs.keys().cloned().collect(),
                    _ => Vec::new(),
                };
                for key in keys {
                    let kind = if start.is_some() {
                        SpanKind::Attribute
                    } else {
                        SpanKind::Element
                    };
                    self.spans
                        .entry(join_path(path, &key))
                        .or_insert_with(|| AttrSpan {
                            range: start.unwrap_or(range.start)..range.end,
                            value: range.clone(),
                            kind,
                        });
                }
            }
            _ => {}
        }
    }

    /// `merge(a, {K = ...}, b)`: a key written in a literal argument is located there, unless a
    /// later argument that is not a literal may set it again.
    fn merge(&mut self, call: &FuncCall, path: &str, value: &Val) {
        let args: Vec<&Expression> = call.args.iter().collect();
        for (i, arg) in args.iter().enumerate() {
            let Expression::Object(object) = self.strip(arg) else {
                continue;
            };
            for (key, item) in object.iter() {
                let Some(name) = self.literal_key(key) else {
                    continue;
                };
                let overridden = args[i + 1..].iter().any(|later| match self.strip(later) {
                    Expression::Object(o) => o
                        .iter()
                        .any(|(k, _)| self.literal_key(k).as_deref() == Some(&name)),
                    other => {
                        let v = self.value_of(other);
                        // An unknown later argument may hold the key.
                        !v.is_known() || v.as_map().is_some_and(|m| m.contains_key(&name))
                    }
                });
                if overridden {
                    continue;
                }
                let item_path = join_path(path, &name);
                self.item(key.span(), item.expr(), &item_path);
                if let Some(v) = value.as_map().and_then(|m| m.get(&name)) {
                    self.locate_elements(item.expr(), &item_path, v);
                }
            }
        }
    }

    /// `concat(a, [x, y])`: the elements of a literal argument, at their place in the result
    /// (as long as the lengths of the arguments before it are known).
    fn concat(&mut self, call: &FuncCall, path: &str, value: &Val) {
        let mut offset = 0usize;
        for arg in call.args.iter() {
            match self.strip(arg) {
                Expression::Array(array) => {
                    for (i, element) in array.iter().enumerate() {
                        let element_path = join_path(path, &(offset + i).to_string());
                        self.element(element, &element_path);
                        if let Some(v) = value.as_list().and_then(|l| l.get(offset + i)) {
                            self.locate_elements(element, &element_path, v);
                        }
                    }
                    offset += array.len();
                }
                other => match self.value_of(other).as_list() {
                    Some(items) => offset += items.len(),
                    None => return,
                },
            }
        }
    }

    /// A list element written at `element`, located at `path`, with its own references.
    fn element(&mut self, element: &Expression, path: &str) {
        if let Some(range) = element.span() {
            self.spans
                .entry(path.to_string())
                .or_insert_with(|| AttrSpan {
                    value: range.clone(),
                    range,
                    kind: SpanKind::Element,
                });
        }
        self.own_references(element, path);
    }

    /// An object item `KEY = value` located at `path`, with its own references.
    fn item(&mut self, key: Option<std::ops::Range<usize>>, value: &Expression, path: &str) {
        if let (Some(key), Some(v)) = (key, value.span()) {
            self.spans
                .entry(path.to_string())
                .or_insert_with(|| AttrSpan {
                    range: key.start..v.end,
                    value: v,
                    kind: SpanKind::Attribute,
                });
        }
        self.own_references(value, path);
    }

    fn own_references(&mut self, expr: &Expression, path: &str) {
        let refs = self.env.refs_with(expr, &self.iterators);
        self.add_references(path, refs);
    }
}

impl ValueBuilder<'_> {
    /// The expression that gives `expr`'s value: inside parentheses, the chosen branch of a
    /// conditional whose condition is known.
    fn strip<'e>(&self, expr: &'e Expression) -> &'e Expression {
        match expr {
            Expression::Parenthesis(inner) => self.strip(inner.inner()),
            Expression::Conditional(cond) => match self.value_of(&cond.cond_expr).to_bool() {
                Ok(Some(true)) => self.strip(&cond.true_expr),
                Ok(Some(false)) => self.strip(&cond.false_expr),
                _ => expr,
            },
            other => other,
        }
    }
}
