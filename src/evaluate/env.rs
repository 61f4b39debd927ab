//! What an expression can see in one module instance, and how it is evaluated: known variables,
//! locals, `path.*`, `count.index` / `each.*`, the configured arguments of the resources and the
//! outputs of the module calls evaluated so far, and the functions of `functions`.
//!
//! Every reference an expression makes is replaced by its known value before hcl-rs evaluates it
//! with a shared, functions-only context; a reference to something unknown (a computed attribute
//! such as an ARN, a variable without a value) makes the expression unknown, so rules never fire
//! on a guess. The same walk resolves references to full instance addresses for the graph.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use hcl::eval::{Context, Evaluate};
use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::visit::{visit_traversal, Visit};
use hcl_edit::visit_mut::{visit_expr_mut, VisitMut};
use hcl_edit::Decorated;
use serde_json::{Map, Value};

use super::functions;

/// Variable values given from outside the configuration, lowest precedence first.
#[derive(Debug, Clone, Default)]
pub struct VarInputs {
    /// `TF_VAR_name` environment variables (values parsed as HCL when they parse, else strings).
    pub env: Map<String, Value>,
    /// `--var-file` contents and `--var` assignments, in command-line order.
    pub cli: Vec<Map<String, Value>>,
}

/// The iteration an instance is evaluated in.
#[derive(Debug, Clone, Default)]
pub enum Iteration {
    /// No `count` or `for_each`.
    #[default]
    None,
    /// `count.index`.
    Count(usize),
    /// `each.key` and `each.value`.
    Each(Value, Value),
    /// `count` or `for_each` could not be known: `count.*` and `each.*` are unknown.
    Unknown,
}

/// How a resource, data source or module call expands into instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    /// One instance, no index.
    Single,
    /// `count`: instances indexed 0, 1, ...
    Count,
    /// `for_each`: instances keyed by string.
    ForEach,
    /// `count` or `for_each` is unknown: one representative instance.
    Unknown,
}

/// One evaluated instance of a resource, data source or module call.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `count` index or `for_each` key.
    pub key: Option<Value>,
    /// Full address (`module.a.aws_iam_role.r[0]`, `module.fleet["x"]`).
    pub address: String,
    /// What other expressions can read: a resource's configured arguments with unknown parts
    /// removed (so reading them fails, and the reader is unknown); a module call's known outputs.
    pub value: Value,
    /// A module call's outputs: output name to the addresses its value derives from.
    pub output_refs: HashMap<String, BTreeSet<String>>,
}

/// An evaluated resource, data source or module call (`aws_iam_role.r`, `data.x.y`, `module.m`).
#[derive(Debug, Clone)]
pub struct Node {
    /// How it expands.
    pub expansion: Expansion,
    /// Its instances, in index or key order.
    pub instances: Vec<Instance>,
}

impl Node {
    /// The value references to the node read: an object, a list (count) or a map (for_each).
    fn value(&self) -> Option<Value> {
        match self.expansion {
            Expansion::Single => self.instances.first().map(|i| i.value.clone()),
            Expansion::Count => Some(Value::Array(
                self.instances.iter().map(|i| i.value.clone()).collect(),
            )),
            Expansion::ForEach => Some(Value::Object(
                self.instances
                    .iter()
                    .filter_map(|i| Some((i.key.as_ref()?.as_str()?.to_string(), i.value.clone())))
                    .collect(),
            )),
            Expansion::Unknown => None,
        }
    }

    /// Whether any instance has `attr` known (a configured argument, or a known output).
    fn has_attribute(&self, attr: &str) -> bool {
        self.instances
            .iter()
            .any(|i| i.value.get(attr).is_some_and(|v| !v.is_null()))
    }
}

/// The evaluation environment of one module instance.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// The module instance's address, `""` at the root.
    pub module: String,
    /// `path.module`.
    pub path_module: String,
    /// `path.root`.
    pub path_root: String,
    /// Known variables.
    pub vars: Map<String, Value>,
    /// Variable name to the addresses its value derives from (a module input set from a
    /// resource attribute in the caller).
    pub var_refs: HashMap<String, BTreeSet<String>>,
    /// Known locals.
    pub locals: Map<String, Value>,
    /// Local name to the addresses its value derives from.
    pub local_refs: HashMap<String, BTreeSet<String>>,
    /// Evaluated resources, data sources and module calls, by local key
    /// (`aws_iam_role.r`, `data.aws_iam_policy_document.p`, `module.m`).
    pub nodes: HashMap<String, Node>,
    /// The iteration of the instance being evaluated.
    pub iteration: Iteration,
}

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

impl Env {
    /// An environment where only functions of literals can be evaluated (variable files,
    /// `--var` values, defaults).
    pub fn constants() -> Self {
        Self::default()
    }

    /// The same environment, evaluating one instance of a counted or `for_each` block.
    pub fn with_iteration(&self, iteration: Iteration) -> IterationEnv<'_> {
        IterationEnv {
            env: self,
            iteration,
        }
    }

    /// The value of `expr`, or `None` when it cannot be known here.
    pub fn eval(&self, expr: &Expression) -> Option<Value> {
        eval_in(self, &self.iteration, expr)
    }

    /// The full addresses of the resources, data sources and module resources that `expr`
    /// refers to, directly or through variables, locals and module outputs.
    pub fn references(&self, expr: &Expression) -> BTreeSet<String> {
        references_in(self, &self.iteration, expr)
    }

    /// The references of `expr` recorded under `name` (the whole value) and, when `expr` is an
    /// object literal, under `name.key` for each item, so reading one item keeps only its own.
    pub fn references_by_item(
        &self,
        name: &str,
        expr: &Expression,
        out: &mut HashMap<String, BTreeSet<String>>,
    ) {
        references_by_item(self, &self.iteration, name, expr, out)
    }

    /// A local key's full address prefix: `module.m.` inside a module, `""` at the root.
    pub fn address(&self, local: &str) -> String {
        if self.module.is_empty() {
            local.to_string()
        } else {
            format!("{}.{local}", self.module)
        }
    }
}

/// An [`Env`] seen from one instance of a counted or `for_each` block.
#[derive(Debug)]
pub struct IterationEnv<'a> {
    env: &'a Env,
    iteration: Iteration,
}

impl IterationEnv<'_> {
    /// [`Env::references_by_item`] in this instance.
    pub fn references_by_item(
        &self,
        name: &str,
        expr: &Expression,
        out: &mut HashMap<String, BTreeSet<String>>,
    ) {
        references_by_item(self.env, &self.iteration, name, expr, out)
    }

    /// The value of `expr` in this instance, or `None` when it cannot be known.
    pub fn eval(&self, expr: &Expression) -> Option<Value> {
        eval_in(self.env, &self.iteration, expr)
    }

    /// The addresses `expr` refers to in this instance.
    pub fn references(&self, expr: &Expression) -> BTreeSet<String> {
        references_in(self.env, &self.iteration, expr)
    }
}

/// What expressions are evaluated in: an environment and the iteration of one instance.
pub trait Evaluator {
    /// The value of `expr`, or `None` when it cannot be known.
    fn value(&self, expr: &Expression) -> Option<Value>;
    /// The addresses `expr` refers to.
    fn refs(&self, expr: &Expression) -> BTreeSet<String>;
}

impl Evaluator for Env {
    fn value(&self, expr: &Expression) -> Option<Value> {
        self.eval(expr)
    }
    fn refs(&self, expr: &Expression) -> BTreeSet<String> {
        self.references(expr)
    }
}

impl Evaluator for IterationEnv<'_> {
    fn value(&self, expr: &Expression) -> Option<Value> {
        self.eval(expr)
    }
    fn refs(&self, expr: &Expression) -> BTreeSet<String> {
        self.references(expr)
    }
}

fn eval_in(env: &Env, iteration: &Iteration, expr: &Expression) -> Option<Value> {
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

fn references_in(env: &Env, iteration: &Iteration, expr: &Expression) -> BTreeSet<String> {
    let mut collector = References {
        env,
        iteration,
        found: BTreeSet::new(),
    };
    collector.visit_expr(expr);
    collector.found
}

fn references_by_item(
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

/// Converts JSON to an HCL value.
pub fn to_hcl(value: &Value) -> hcl::Value {
    hcl::to_value(value).unwrap_or(hcl::Value::Null)
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

fn attr(op: Option<&Decorated<TraversalOperator>>) -> Option<&str> {
    match op.map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(ident)) => Some(ident.as_str()),
        _ => None,
    }
}

/// The node key a traversal names and how many operators name it: `aws_x.y` (1),
/// `data.t.n` (2), `module.m` (1).
fn node_key(root: &str, ops: &[Decorated<TraversalOperator>]) -> Option<(String, usize)> {
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

/// Terraform's precedence: defaults, then `TF_VAR_*`, then `terraform.tfvars`,
/// `terraform.tfvars.json`, `*.auto.tfvars(.json)` in name order, then the command line.
pub fn merge_variables(
    defaults: Map<String, Value>,
    declared: &[String],
    var_files: &[Map<String, Value>],
    inputs: &VarInputs,
) -> Map<String, Value> {
    let mut values = defaults;
    let layers = std::iter::once(&inputs.env)
        .chain(var_files)
        .chain(&inputs.cli);
    for layer in layers {
        for (name, value) in layer {
            // Values for undeclared variables are ignored, as Terraform does (with a warning).
            if declared.iter().any(|d| d == name) {
                values.insert(name.clone(), value.clone());
            }
        }
    }
    values
}

/// A value as other expressions read it: unknown parts (null) are removed, so reading them
/// fails and the reader is unknown; a list with an unknown element is removed whole.
pub fn readable(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::Array(items) => items
            .iter()
            .map(readable)
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        Value::Object(map) => Some(Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), readable(v)?)))
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expr(src: &str) -> Expression {
        src.parse().unwrap()
    }

    fn node(address: &str, value: Value) -> Node {
        Node {
            expansion: Expansion::Single,
            instances: vec![Instance {
                key: None,
                address: address.to_string(),
                value,
                output_refs: HashMap::new(),
            }],
        }
    }

    fn env() -> Env {
        let mut env = Env {
            path_module: "services/orders".into(),
            ..Env::default()
        };
        env.vars = serde_json::from_str(r#"{"stage": "prod", "memory": 512}"#).unwrap();
        env.locals.insert("name".into(), Value::from("orders-prod"));
        env.nodes.insert(
            "aws_lambda_function.f".into(),
            node(
                "aws_lambda_function.f",
                json!({"function_name": "orders", "tracing_config": [{"mode": "Active"}]}),
            ),
        );
        env.nodes.insert(
            "aws_iam_role.r".into(),
            Node {
                expansion: Expansion::Count,
                instances: (0..2)
                    .map(|i| Instance {
                        key: Some(Value::from(i)),
                        address: format!("aws_iam_role.r[{i}]"),
                        value: json!({"name": format!("role-{i}")}),
                        output_refs: HashMap::new(),
                    })
                    .collect(),
            },
        );
        env.var_refs.insert(
            "role_arn".into(),
            BTreeSet::from(["aws_iam_role.shared".to_string()]),
        );
        env
    }

    #[test]
    fn references_to_configured_arguments_resolve_and_computed_ones_are_unknown() {
        let env = env();
        assert_eq!(
            env.eval(&expr(
                r#""/aws/lambda/${aws_lambda_function.f.function_name}""#
            )),
            Some(json!("/aws/lambda/orders"))
        );
        assert_eq!(
            env.eval(&expr("aws_lambda_function.f.tracing_config[0].mode")),
            Some(json!("Active"))
        );
        assert_eq!(env.eval(&expr("aws_lambda_function.f.arn")), None);
        assert_eq!(
            env.eval(&expr("aws_iam_role.r[1].name")),
            Some(json!("role-1"))
        );
        assert_eq!(
            env.eval(&expr("aws_iam_role.r[*].name")),
            Some(json!(["role-0", "role-1"]))
        );
        assert_eq!(
            env.eval(&expr(r#""${local.name}-${var.memory * 2}""#)),
            Some(json!("orders-prod-1024"))
        );
        assert_eq!(env.eval(&expr("var.missing")), None);
        assert_eq!(
            env.eval(&expr(r#""${path.module}/build.zip""#)),
            Some(json!("services/orders/build.zip"))
        );
    }

    #[test]
    fn references_resolve_to_instances_and_through_variables() {
        let env = env();
        let refs = env.references(&expr(
            "[aws_iam_role.r[1].arn, aws_lambda_function.f.arn, var.role_arn]",
        ));
        assert_eq!(
            refs.into_iter().collect::<Vec<_>>(),
            [
                "aws_iam_role.r[1]",
                "aws_iam_role.shared",
                "aws_lambda_function.f"
            ]
        );
        let all = env.references(&expr("aws_iam_role.r[*].arn"));
        assert_eq!(all.len(), 2);
        let each = env.with_iteration(Iteration::Count(0));
        assert_eq!(
            each.references(&expr("aws_iam_role.r[count.index].arn"))
                .into_iter()
                .collect::<Vec<_>>(),
            ["aws_iam_role.r[0]"]
        );
        assert_eq!(
            each.eval(&expr("aws_iam_role.r[count.index].name")),
            Some(json!("role-0"))
        );
    }

    #[test]
    fn try_and_can_never_guess_past_an_unknown() {
        let env = env();
        assert_eq!(
            env.eval(&expr(r#"try(var.settings.mode, "PassThrough")"#)),
            None,
            "settings has no value: try is unknown, not its fallback"
        );
        assert_eq!(
            env.eval(&expr(r#"try(aws_lambda_function.f.function_name.x, "d")"#)),
            Some(json!("d"))
        );
        assert_eq!(
            env.eval(&expr(r#"try(local.name, "d")"#)),
            Some(json!("orders-prod"))
        );
        assert_eq!(env.eval(&expr("can(local.name)")), Some(json!(true)));
        assert_eq!(env.eval(&expr("can(aws_lambda_function.f.arn)")), None);
        assert_eq!(
            env.eval(&expr(r#"[for s in ["a", "b"] : try(upper(s), s)]"#)),
            None,
            "an iterator seen out of its loop is unknown"
        );
        let each = env.with_iteration(Iteration::Each(json!("a"), json!({"mem": 128})));
        assert_eq!(
            each.eval(&expr(r#""${each.key}-${each.value.mem}""#)),
            Some(json!("a-128"))
        );
        assert_eq!(env.eval(&expr("each.key")), None);
    }

    #[test]
    fn readable_drops_unknown_parts() {
        assert_eq!(
            readable(&json!({"a": null, "b": [1, null], "c": [1, 2], "d": {"e": null, "f": 1}})),
            Some(json!({"c": [1, 2], "d": {"f": 1}}))
        );
    }
}
