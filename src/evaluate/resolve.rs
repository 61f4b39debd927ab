//! How an expression is evaluated in an [`Env`]: every reference is replaced by its known
//! value (`try` and `can` by their results) and the result is evaluated by hcl-rs with a shared,
//! functions-only context; and how its references resolve to full instance addresses, through
//! variables, locals and module outputs.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use hcl::eval::{Context, Evaluate};
use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::visit::{visit_traversal, Visit};
use hcl_edit::visit_mut::{visit_expr_mut, VisitMut};
use hcl_edit::Decorated;
use serde_json::Value;

use super::env::{to_hcl, Env, Expansion, Instance, Iteration};
use super::functions;

/// The functions-only hcl-rs context every evaluation uses: all values are substituted first.
fn functions_context() -> &'static Context<'static> {
    static CONTEXT: OnceLock<Context<'static>> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let mut ctx = Context::new();
        functions::declare(&mut ctx);
        super::file_functions::declare(&mut ctx);
        ctx
    })
}

pub(super) fn eval_in(env: &Env, iteration: &Iteration, expr: &Expression) -> Option<Value> {
    let mut expr = expr.clone();
    let mut substitute = Substitute {
        env,
        iteration,
        unknown: false,
    };
    substitute.visit_expr_mut(&mut expr);
    if substitute.unknown {
        return None;
    }
    evaluate(expr).ok()
}

/// Evaluates a fully substituted expression. `Err(true)` when it used a name that is not
/// declared (a `for` iterator seen out of its loop): that is unknown, not an error.
fn evaluate(expr: Expression) -> Result<Value, bool> {
    let expr: hcl::Expression = expr.into();
    match expr.evaluate(functions_context()) {
        Ok(value) => serde_json::to_value(value).map_err(|_| false),
        Err(e) => Err(matches!(e.kind(), hcl::eval::ErrorKind::UndefinedVar(_))),
    }
}

pub(super) fn references_in(
    env: &Env,
    iteration: &Iteration,
    expr: &Expression,
) -> BTreeSet<String> {
    let mut collector = References {
        env,
        iteration,
        found: BTreeSet::new(),
    };
    collector.visit_expr(expr);
    collector.found
}

pub(super) fn references_by_item(
    env: &Env,
    iteration: &Iteration,
    name: &str,
    expr: &Expression,
    out: &mut HashMap<String, BTreeSet<String>>,
) {
    let all = references_in(env, iteration, expr);
    if all.is_empty() {
        return;
    }
    if let Expression::Object(object) = expr {
        for (key, value) in object.iter() {
            let key = match key {
                hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_string(),
                hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => {
                    s.value().to_string()
                }
                _ => continue,
            };
            out.insert(
                format!("{name}.{key}"),
                references_in(env, iteration, value.expr()),
            );
        }
    }
    out.insert(name.to_string(), all);
}

/// An expression holding a literal value.
fn literal(value: &Value) -> Expression {
    Expression::from(hcl::Expression::from(to_hcl(value)))
}

/// The value a traversal's root stands for, and how many of its operators that value covers.
enum Lookup {
    /// Replace the root and the first `consumed` operators by `value`.
    Value(Value, usize),
    /// The traversal reads something unknown.
    Unknown,
    /// Not ours (a `for` iterator): leave it to the evaluator.
    Pass,
}

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

fn lookup(
    env: &Env,
    iteration: &Iteration,
    root: &str,
    ops: &[Decorated<TraversalOperator>],
) -> Lookup {
    match root {
        "var" | "local" => {
            let Some(name) = attr(ops.first()) else {
                return Lookup::Unknown;
            };
            let known = if root == "var" {
                &env.vars
            } else {
                &env.locals
            };
            known
                .get(name)
                .map_or(Lookup::Unknown, |v| Lookup::Value(v.clone(), 1))
        }
        "path" => Lookup::Value(
            serde_json::json!({ "module": env.path_module, "root": env.path_root, "cwd": "." }),
            0,
        ),
        "terraform" => Lookup::Value(serde_json::json!({ "workspace": "default" }), 0),
        "count" => match iteration {
            Iteration::Count(i) => Lookup::Value(serde_json::json!({ "index": i }), 0),
            _ => Lookup::Unknown,
        },
        "each" => match iteration {
            Iteration::Each(key, value) => {
                Lookup::Value(serde_json::json!({ "key": key, "value": value }), 0)
            }
            _ => Lookup::Unknown,
        },
        "self" => Lookup::Unknown,
        _ => {
            let Some((key, consumed)) = node_key(root, ops) else {
                return Lookup::Pass;
            };
            let Some(node) = env.nodes.get(&key) else {
                return Lookup::Unknown;
            };
            // The attribute read (after an optional index): a computed one (an ARN) is unknown.
            let rest = &ops[consumed..];
            let read = match (node.expansion, rest.first().map(|o| o.value())) {
                (Expansion::Single, _) => attr(rest.first()),
                (_, Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))) => {
                    attr(rest.get(1))
                }
                _ => None,
            };
            if read.is_some_and(|a| !node.has_attribute(a)) {
                return Lookup::Unknown;
            }
            node.value()
                .map_or(Lookup::Unknown, |v| Lookup::Value(v, consumed))
        }
    }
}

/// Replaces every reference by its known value, and `try` / `can` by their results.
struct Substitute<'a> {
    env: &'a Env,
    iteration: &'a Iteration,
    unknown: bool,
}

impl Substitute<'_> {
    /// Whether `arg`, substituted, is unknown (`None`) or evaluates (`Some(Ok)`) or fails.
    fn attempt(&self, arg: &Expression) -> Option<Result<Value, ()>> {
        let mut arg = arg.clone();
        let mut inner = Substitute {
            env: self.env,
            iteration: self.iteration,
            unknown: false,
        };
        inner.visit_expr_mut(&mut arg);
        if inner.unknown {
            return None;
        }
        match evaluate(arg) {
            Ok(v) => Some(Ok(v)),
            Err(true) => None,
            Err(false) => Some(Err(())),
        }
    }
}

impl VisitMut for Substitute<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expression) {
        if self.unknown {
            return;
        }
        match expr {
            Expression::Traversal(traversal) => {
                if let Expression::Variable(root) = &traversal.expr {
                    let ops = &traversal.operators;
                    match lookup(self.env, self.iteration, root.as_str(), ops) {
                        Lookup::Unknown => {
                            self.unknown = true;
                            return;
                        }
                        Lookup::Value(value, consumed) => {
                            let rest: Vec<Decorated<TraversalOperator>> = ops[consumed..].to_vec();
                            *expr = if rest.is_empty() {
                                literal(&value)
                            } else {
                                Expression::from(Traversal::new(literal(&value), rest))
                            };
                        }
                        Lookup::Pass => {}
                    }
                }
            }
            Expression::Variable(var) if matches!(var.as_str(), "each" | "count" | "self") => {
                match lookup(self.env, self.iteration, var.as_str(), &[]) {
                    Lookup::Value(value, _) => *expr = literal(&value),
                    _ => {
                        self.unknown = true;
                        return;
                    }
                }
            }
            Expression::FuncCall(call)
                if call.name.namespace.is_empty()
                    && matches!(call.name.name.as_str(), "try" | "can") =>
            {
                let is_try = call.name.name.as_str() == "try";
                let args: Vec<Expression> = call.args.iter().cloned().collect();
                let mut result = None;
                for arg in &args {
                    match self.attempt(arg) {
                        // An unknown argument makes try/can unknown, as in Terraform.
                        None => {
                            self.unknown = true;
                            return;
                        }
                        Some(Ok(value)) => {
                            result = Some(if is_try { value } else { Value::Bool(true) });
                            break;
                        }
                        Some(Err(())) if !is_try => {
                            result = Some(Value::Bool(false));
                            break;
                        }
                        Some(Err(())) => {}
                    }
                }
                match result {
                    Some(value) => *expr = literal(&value),
                    // Every argument of try failed: Terraform reports an error; here, unknown.
                    None => self.unknown = true,
                }
                return;
            }
            _ => {}
        }
        visit_expr_mut(self, expr);
    }
}

/// Resolves the references of an expression to full instance addresses.
struct References<'a> {
    env: &'a Env,
    iteration: &'a Iteration,
    found: BTreeSet<String>,
}

impl Visit for References<'_> {
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(root) = &node.expr {
            let ops = &node.operators;
            let root = root.as_str();
            match root {
                "var" | "local" => {
                    let known = if root == "var" {
                        &self.env.var_refs
                    } else {
                        &self.env.local_refs
                    };
                    // `local.shared.kms_key_arn` reads one item of an object: its own references
                    // when they were recorded, else the whole value's.
                    let name = attr(ops.first());
                    let item = name.zip(attr(ops.get(1))).map(|(n, k)| format!("{n}.{k}"));
                    let refs = item
                        .and_then(|i| known.get(&i))
                        .or_else(|| name.and_then(|n| known.get(n)));
                    if let Some(refs) = refs {
                        self.found.extend(refs.iter().cloned());
                    }
                }
                _ => {
                    if let Some((key, consumed)) = node_key(root, ops) {
                        self.node(&key, &ops[consumed..]);
                    }
                }
            }
        }
        visit_traversal(self, node);
    }
}

impl References<'_> {
    /// The instances of node `key` that `rest` selects (an index picks one), and for a module
    /// call the resources behind the output it reads.
    fn node(&mut self, key: &str, rest: &[Decorated<TraversalOperator>]) {
        let Some(node) = self.env.nodes.get(key) else {
            return;
        };
        let mut selected: Vec<&Instance> = node.instances.iter().collect();
        let mut rest = rest;
        if node.expansion != Expansion::Single {
            let index = match rest.first().map(|o| o.value()) {
                Some(TraversalOperator::Index(e)) => eval_in(self.env, self.iteration, e),
                Some(TraversalOperator::LegacyIndex(i)) => Some(Value::from(*i.value())),
                _ => None,
            };
            if let Some(index) = index {
                selected.retain(|i| i.key.as_ref().is_some_and(|k| same_key(k, &index)));
                rest = &rest[1..];
            }
        }
        if key.starts_with("module.") {
            let output = attr(rest.first());
            for instance in selected {
                for (name, refs) in &instance.output_refs {
                    if output.is_none_or(|o| o == name) {
                        self.found.extend(refs.iter().cloned());
                    }
                }
            }
        } else {
            self.found
                .extend(selected.into_iter().map(|i| i.address.clone()));
        }
    }
}

/// `count` indexes compare as numbers, `for_each` keys as strings.
fn same_key(key: &Value, index: &Value) -> bool {
    match (key, index) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Number(a), Value::String(b)) => a.to_string() == *b,
        _ => false,
    }
}
