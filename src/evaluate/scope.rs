//! What an expression can see: the module's known variables (defaults, `TF_VAR_*`, tfvars files,
//! `--var`/`--var-file`, in Terraform's precedence), its locals, `path.*`, and the built-in
//! functions of `functions`. Evaluation uses hcl-rs's evaluator; anything it cannot resolve
//! (a resource attribute, a variable without a value, an unsupported function) leaves the
//! expression unknown, so rules never fire on a guess.

use hcl::eval::{Context, Evaluate};
use hcl_edit::expr::Expression;
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

/// The evaluation scope of one module.
pub struct Scope {
    ctx: Context<'static>,
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scope")
    }
}

impl Scope {
    /// A scope with `variables` (only known ones), `locals` to resolve, and `path.module`.
    pub fn new(
        variables: &Map<String, Value>,
        locals: &[(String, Expression)],
        module_dir: &str,
    ) -> Self {
        let mut ctx = Context::new();
        functions::declare(&mut ctx);
        ctx.declare_var("var", to_hcl(&Value::Object(variables.clone())));
        let path = serde_json::json!({ "module": module_dir, "root": module_dir, "cwd": "." });
        ctx.declare_var("path", to_hcl(&path));
        let mut scope = Self { ctx };
        scope.resolve_locals(locals);
        scope
    }

    /// Locals may refer to each other in any order: evaluate until no more resolve (what is
    /// left, a cycle or an unknown, stays undeclared and so unknown).
    fn resolve_locals(&mut self, locals: &[(String, Expression)]) {
        let mut known: Map<String, Value> = Map::new();
        let mut pending: Vec<&(String, Expression)> = locals.iter().collect();
        loop {
            self.ctx
                .declare_var("local", to_hcl(&Value::Object(known.clone())));
            let before = pending.len();
            pending.retain(|(name, expr)| match self.eval(expr) {
                Some(value) => {
                    known.insert(name.clone(), value);
                    false
                }
                None => true,
            });
            if pending.is_empty() || pending.len() == before {
                break;
            }
        }
        self.ctx.declare_var("local", to_hcl(&Value::Object(known)));
    }

    /// A scope with functions only: for constants (variable files, `--var` values, defaults).
    pub fn constants() -> Self {
        Self::new(&Map::new(), &[], ".")
    }

    /// The value of `expr`, or `None` when it cannot be known here.
    pub fn eval(&self, expr: &Expression) -> Option<Value> {
        let expr: hcl::Expression = expr.clone().into();
        let value = expr.evaluate(&self.ctx).ok()?;
        serde_json::to_value(value).ok()
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

/// Converts JSON to an HCL value.
pub fn to_hcl(value: &Value) -> hcl::Value {
    hcl::to_value(value).unwrap_or(hcl::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(src: &str) -> Expression {
        src.parse().unwrap()
    }

    #[test]
    fn variables_locals_templates_and_conditionals() {
        let vars: Map<String, Value> =
            serde_json::from_str(r#"{"stage": "prod", "memory": 512}"#).unwrap();
        let locals = vec![
            ("name".to_string(), expr(r#""orders-${local.suffix}""#)),
            ("suffix".to_string(), expr("var.stage")),
            (
                "tracing".to_string(),
                expr(r#"var.stage == "prod" ? "Active" : "PassThrough""#),
            ),
            ("role".to_string(), expr("aws_iam_role.x.arn")),
            ("loop_a".to_string(), expr("local.loop_b")),
            ("loop_b".to_string(), expr("local.loop_a")),
        ];
        let scope = Scope::new(&vars, &locals, "services/orders");
        assert_eq!(
            scope.eval(&expr("local.name")),
            Some(Value::from("orders-prod"))
        );
        assert_eq!(
            scope.eval(&expr("local.tracing")),
            Some(Value::from("Active"))
        );
        assert_eq!(scope.eval(&expr("var.memory * 2")), Some(Value::from(1024)));
        assert_eq!(
            scope.eval(&expr(r#""${path.module}/build.zip""#)),
            Some(Value::from("services/orders/build.zip"))
        );
        assert_eq!(
            scope.eval(&expr("local.role")),
            None,
            "a resource attribute is unknown"
        );
        assert_eq!(
            scope.eval(&expr("local.loop_a")),
            None,
            "a cycle is unknown, not a hang"
        );
        assert_eq!(scope.eval(&expr("var.missing")), None);
        assert_eq!(
            scope.eval(&expr("[for s in [\"a\", \"b\"] : upper(s)]")),
            Some(serde_json::json!(["A", "B"]))
        );
    }

    #[test]
    fn precedence_is_terraforms() {
        let defaults: Map<String, Value> =
            serde_json::from_str(r#"{"a": 1, "b": 1, "c": 1, "d": 1}"#).unwrap();
        let declared: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let env: Map<String, Value> =
            serde_json::from_str(r#"{"b": 2, "c": 2, "d": 2, "undeclared": 9}"#).unwrap();
        let file: Map<String, Value> = serde_json::from_str(r#"{"c": 3, "d": 3}"#).unwrap();
        let cli: Map<String, Value> = serde_json::from_str(r#"{"d": 4}"#).unwrap();
        let merged = merge_variables(
            defaults,
            &declared,
            &[file],
            &VarInputs {
                env,
                cli: vec![cli],
            },
        );
        assert_eq!(
            Value::Object(merged),
            serde_json::json!({"a": 1, "b": 2, "c": 3, "d": 4})
        );
    }
}
