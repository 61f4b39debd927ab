//! Evaluate stage: turns parsed module directories into resource instances and provider
//! configurations with plan-JSON-shaped values, unknown paths, references and spans, the way
//! `terraform plan` would without providers: each root module with its whole module tree.
//!
//! What cannot be known stays unknown and is marked so; rules never fire on unknowns.

pub mod cty;
mod element_spans;
pub mod expand;
pub mod expr;
pub mod functions;
mod module;
pub mod plan;
mod plan_paths;
pub mod policy_document;
mod resource;
pub mod scope;
pub mod tree;
pub mod types;
pub mod values;

pub use self::tree::{ModuleFiles, Tree};

use std::sync::Arc;

use hcl_edit::structure::Structure;
use hcl_edit::Span;
use serde_json::{Map, Value};

use hcl_edit::expr::Expression;

use self::cty::Val;
use self::module::Config;
use crate::graph::{Provider, Resource};
use crate::parse::ParsedFile;
use crate::report::Note;
use crate::source::SourceFile;
use crate::ScanError;

/// What one root module, with its module tree, evaluates to.
#[derive(Debug, Default)]
pub struct ModuleValues {
    /// Resource and data instances, in evaluation order.
    pub resources: Vec<Resource>,
    /// Provider configuration blocks.
    pub providers: Vec<Provider>,
    /// Blocks that are malformed (wrong labels, duplicates), modules that cannot be found,
    /// reference cycles, invalid `count` / `for_each`.
    pub errors: Vec<ScanError>,
    /// What could not be evaluated but is not wrong (an unknown `for_each`, a module not
    /// installed).
    pub notes: Vec<Note>,
    /// The root module's known variable values.
    pub variables: Map<String, Value>,
}

/// How much evaluating one root module may cost. Far above any real configuration and far
/// below the machine: a hostile root costs at most a few seconds and a few hundred MiB, its
/// values past the limit are unknown, and a located error says which limit and where.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Limits {
    /// Expression evaluations (each sub-expression counts one).
    pub steps: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Module instances, the root included.
    pub module_instances: usize,
    /// How deep lists and objects may nest in one value.
    pub value_depth: usize,
    /// How many elements one value may hold, written out (a value that refers to another
    /// twice counts it twice).
    pub value_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps: 20_000_000,
            seconds: 10.0,
            module_instances: 10_000,
            value_depth: 256,
            value_size: 10_000_000,
        }
    }
}

/// Evaluates the root module in directory `root` of `tree` with its module tree; its variables
/// come from its defaults, `inputs.env`, its variable files and `inputs.cli`, in Terraform's
/// precedence.
pub fn evaluate_root(tree: &Tree, root: &str, inputs: &VarInputs, limits: &Limits) -> ModuleValues {
    let Some(module) = tree.module(root) else {
        return ModuleValues::default();
    };
    let declared = declared_variables(&module.files);
    let values = merge_variables(Map::new(), &declared, &module.var_files, inputs);
    // Terraform runs in the root module's directory: relative file paths start there, and
    // files are read only from the directories of this configuration's modules.
    let allowed: Vec<String> = tree.closure(&tree::normalize(root)).into_iter().collect();
    let mut out = functions::with_base(root, &allowed, || {
        Config::new(tree, root, module, values, limits).evaluate()
    });
    // A module used by several instances reports its problems once.
    dedup(&mut out.errors, |e| {
        (e.file.clone(), e.line, e.column, e.message.clone())
    });
    dedup(&mut out.notes, |n| {
        (n.file.clone(), n.line, n.column, n.message.clone())
    });
    out
}

/// Evaluates parsed files as one root module in `dir`, with no variable inputs and no module
/// directories to call (for evaluating a text, as policy unit tests do).
pub fn evaluate_files(files: Vec<ParsedFile>, dir: &str) -> ModuleValues {
    let tree = Tree::single(ModuleFiles {
        dir: dir.to_string(),
        files,
        ..ModuleFiles::default()
    });
    let root = tree.roots[0].clone();
    evaluate_root(&tree, &root, &VarInputs::default(), &Limits::default())
}

fn dedup<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|i| seen.insert(key(i)));
}

fn declared_variables(files: &[ParsedFile]) -> Vec<String> {
    let mut declared = Vec::new();
    for file in files {
        for structure in file.body.iter() {
            if let Structure::Block(block) = structure {
                if block.ident.as_str() == "variable" {
                    if let Some(name) = block.labels.first() {
                        declared.push(name.as_str().to_string());
                    }
                }
            }
        }
    }
    declared
}

/// The value of an expression of literals and functions of literals (a variable file, a
/// `--var` value), or `None` when it refers to anything or cannot be evaluated.
pub fn constant(expr: &Expression) -> Option<Value> {
    expr::eval(expr, &expr::Constants, &Vec::new())
        .ok()
        .filter(Val::is_wholly_known)
        .map(|v| v.to_json())
}

/// Variable values given from outside the configuration, lowest precedence first.
#[derive(Debug, Clone, Default)]
pub struct VarInputs {
    /// `TF_VAR_name` environment variables (values parsed as HCL when they parse, else strings).
    pub env: Map<String, Value>,
    /// `--var-file` contents and `--var` assignments, in command-line order.
    pub cli: Vec<Map<String, Value>>,
    /// The `--var-file` paths, as given (such a file is read, never reported as skipped).
    pub files: Vec<std::path::PathBuf>,
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

/// Reads a `.tfvars` (HCL) or `.tfvars.json` file into variable values; each value is evaluated
/// as Terraform does (literals, and functions of literals).
pub fn read_var_file(path: &str, text: Arc<SourceFile>) -> Result<Map<String, Value>, ScanError> {
    if path.ends_with(".json") {
        let value: Value = serde_json::from_str(&text.text).map_err(|e| {
            // serde_json counts a position before a line's first character as column 0.
            ScanError::new(
                path,
                e.line().max(1),
                e.column().max(1),
                format!("invalid JSON variables file: {e}"),
            )
        })?;
        return match value {
            Value::Object(map) => Ok(map),
            _ => Err(ScanError::file(
                path,
                "a .tfvars.json file must hold an object",
            )),
        };
    }
    let parsed = crate::parse::parse_hcl(text)?;
    let mut values = Map::new();
    for attr in parsed.body.attributes() {
        match constant(&attr.value) {
            Some(value) => {
                values.insert(attr.key.as_str().to_string(), value);
            }
            None => {
                let at = parsed.source.position(attr.span().map_or(0, |s| s.start));
                return Err(ScanError::new(
                    path,
                    at.line,
                    at.column,
                    format!(
                        "the value of {} is not a constant (variable files hold literal values)",
                        attr.key.as_str()
                    ),
                ));
            }
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{decode, parse_hcl};
    use std::sync::Arc;

    fn module(src: &str) -> ModuleValues {
        module_within(src, &Limits::default())
    }

    fn module_within(src: &str, limits: &Limits) -> ModuleValues {
        let source = Arc::new(decode("main.tf", src.as_bytes().to_vec()).unwrap());
        let tree = Tree::single(ModuleFiles {
            dir: ".".to_string(),
            files: vec![parse_hcl(source).unwrap()],
            ..ModuleFiles::default()
        });
        evaluate_root(&tree, ".", &VarInputs::default(), limits)
    }

    #[test]
    fn a_root_over_its_step_budget_is_one_located_error_and_the_rest_is_unknown() {
        let limits = Limits {
            steps: 1_000,
            ..Limits::default()
        };
        let out = module_within(
            "locals {\n  many = [for i in range(100000) : i]\n}\nresource \"aws_s3_bucket\" \"b\" {\n  tags = { n = length(local.many) }\n}\n",
            &limits,
        );
        let errors: Vec<(usize, &str)> = out
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, 2);
        assert!(
            errors[0].1.contains("more than 1000 evaluation steps"),
            "{errors:?}"
        );
        assert_eq!(out.resources.len(), 1, "the resource is still there");
        assert_eq!(out.resources[0].unknown, ["tags.n"]);
    }

    #[test]
    fn values_nested_past_the_depth_limit_are_unknown_with_a_located_error() {
        let mut src = String::from("locals {\n  l0 = 1\n");
        for i in 1..=40 {
            src.push_str(&format!("  l{i} = [[[[[[[[[[local.l{}]]]]]]]]]]\n", i - 1));
        }
        src.push_str(
            "}\nresource \"aws_s3_bucket\" \"b\" {\n  tags = { deep = jsonencode(local.l40) }\n}\n",
        );
        let out = module_within(&src, &Limits::default());
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        // l26 is the first local 260 levels deep: past the default limit of 256.
        assert_eq!(out.errors[0].line, 28);
        assert!(out.errors[0]
            .message
            .contains("local.l26 nests more than 256 levels"));
        assert_eq!(out.resources[0].unknown, ["tags.deep"]);
    }

    #[test]
    fn resources_data_and_providers_are_read() {
        let out = module(
            r#"
provider "aws" {
  region = "eu-west-1"
  default_tags { tags = { team = "a" } }
}
provider "aws" { alias = "west" }
data "aws_iam_policy_document" "p" {}
resource "aws_iam_role" "r" {}
resource "aws_lambda_function" "f" {
  provider = aws.west
  role     = aws_iam_role.r.arn
  layers   = [aws_lambda_layer_version.gone.arn]
}
"#,
        );
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let addrs: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            addrs,
            [
                "data.aws_iam_policy_document.p",
                "aws_iam_role.r",
                "aws_lambda_function.f"
            ]
        );
        let f = &out.resources[2];
        assert_eq!(f.provider, "aws.west");
        assert_eq!(out.resources[1].provider, "aws");
        assert_eq!(
            f.references.get("role"),
            Some(&vec!["aws_iam_role.r".to_string()])
        );
        // A reference to a resource that does not exist is not an edge.
        assert!(!f.references.contains_key("layers.0"));
        assert_eq!(out.providers.len(), 2);
        assert_eq!(out.providers[1].key(), "aws.west");
        assert_eq!(
            out.providers[0].values["default_tags"][0]["tags"]["team"],
            "a"
        );
        assert_eq!(f.source.file.position(f.source.block.start).line, 9);
    }

    #[test]
    fn malformed_blocks_are_errors_and_the_rest_is_kept() {
        let out = module(
            "resource \"aws_s3_bucket\" {}\nresource \"aws_s3_bucket\" \"b\" {}\nresource \"aws_s3_bucket\" \"b\" {}\nprovider \"aws\" {}\nprovider \"aws\" {}\n",
        );
        assert_eq!(out.resources.len(), 1);
        let messages: Vec<(usize, &str)> = out
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    1,
                    "a resource block needs two labels: resource \"TYPE\" \"NAME\""
                ),
                (3, "duplicate resource block aws_s3_bucket.b"),
                (5, "duplicate provider configuration aws"),
            ]
        );
    }
}
