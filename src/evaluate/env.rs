//! What an expression can see in one module instance ([`Env`]): known variables, locals,
//! `path.*`, `count.index` / `each.*`, and the configured arguments of the resources and the
//! outputs of the module calls evaluated so far, with the addresses each value derives from.
//! How expressions are evaluated in it is `resolve`'s business: anything unknown there (a
//! computed attribute such as an ARN, a variable without a value) leaves the expression unknown,
//! so rules never fire on a guess.

use std::collections::{BTreeSet, HashMap};

use hcl_edit::expr::Expression;
use serde_json::{Map, Value};

use super::resolve::{eval_in, references_by_item, references_in};

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
    pub(super) fn value(&self) -> Option<Value> {
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
    pub(super) fn has_attribute(&self, attr: &str) -> bool {
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

/// Converts JSON to an HCL value.
pub fn to_hcl(value: &Value) -> hcl::Value {
    hcl::to_value(value).unwrap_or(hcl::Value::Null)
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
