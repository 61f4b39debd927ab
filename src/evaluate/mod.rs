//! Evaluate stage: turns the parsed files of one module into resource instances and provider
//! configurations with plan-JSON-shaped values, unknown paths, references and spans.
//!
//! What cannot be known stays unknown and is marked so; rules never fire on unknowns.

pub mod functions;
pub mod scope;
pub mod values;

use self::scope::merge_variables;
pub use self::scope::{Scope, VarInputs};

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use hcl_edit::structure::{Block, Structure};
use hcl_edit::Span;

use crate::graph::{Mode, Provider, Resource, SourceMap};
use crate::parse::ParsedFile;
use crate::source::SourceFile;
use crate::ScanError;

use self::values::ValueBuilder;

/// What one module evaluates to.
#[derive(Debug, Default)]
pub struct ModuleValues {
    /// Resource and data instances, in file order.
    pub resources: Vec<Resource>,
    /// Provider configuration blocks.
    pub providers: Vec<Provider>,
    /// Blocks that are malformed (wrong labels, duplicates).
    pub errors: Vec<ScanError>,
}

/// The scope of a module: its `variable` blocks' defaults overridden by `var_files` (already
/// read, lowest precedence first) and `inputs`, its `locals`, and `path.module` = `dir`.
pub fn module_scope(
    files: &[ParsedFile],
    var_files: &[Map<String, Value>],
    inputs: &VarInputs,
    dir: &str,
) -> Scope {
    let empty = Scope::constants();
    let mut defaults = Map::new();
    let mut declared = Vec::new();
    let mut locals = Vec::new();
    for file in files {
        for structure in file.body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            match (block.ident.as_str(), labels(block).as_slice()) {
                ("variable", [name]) => {
                    declared.push(name.to_string());
                    let default = block
                        .body
                        .get_attribute("default")
                        .and_then(|a| empty.eval(&a.value));
                    if let Some(value) = default {
                        defaults.insert(name.to_string(), value);
                    }
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        locals.push((attr.key.as_str().to_string(), attr.value.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    let variables = merge_variables(defaults, &declared, var_files, inputs);
    Scope::new(&variables, &locals, dir)
}

/// Reads a `.tfvars` (HCL) or `.tfvars.json` file into variable values; each value is evaluated
/// as Terraform does (literals, and functions of literals).
pub fn read_var_file(path: &str, text: Arc<SourceFile>) -> Result<Map<String, Value>, ScanError> {
    if path.ends_with(".json") {
        let value: Value = serde_json::from_str(&text.text).map_err(|e| {
            ScanError::new(
                path,
                e.line(),
                e.column(),
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
    let scope = Scope::constants();
    let mut values = Map::new();
    for attr in parsed.body.attributes() {
        match scope.eval(&attr.value) {
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

/// Evaluates the files of the module at address `module` (`""` for the root module itself) in
/// the configuration whose root module is the directory `root`, with expressions seen in
/// `scope`.
pub fn evaluate_module(
    files: &[ParsedFile],
    scope: &Scope,
    root: &str,
    module: &str,
) -> ModuleValues {
    let mut out = ModuleValues::default();
    let mut seen: HashSet<String> = HashSet::new();
    for file in files {
        for structure in file.body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            match block.ident.as_str() {
                kind @ ("resource" | "data") => {
                    let mode = if kind == "data" {
                        Mode::Data
                    } else {
                        Mode::Managed
                    };
                    match resource(file, block, scope, mode, root, module) {
                        Ok(r) => {
                            if seen.insert(r.address.clone()) {
                                out.resources.push(r);
                            } else {
                                out.errors.push(block_error(
                                    file,
                                    block,
                                    format!("duplicate {kind} block {}", r.address),
                                ));
                            }
                        }
                        Err(err) => out.errors.push(err),
                    }
                }
                "provider" => match provider(file, block, scope, root, module) {
                    // Terraform rejects two configurations with the same key in one module.
                    Ok(p) if out.providers.iter().any(|q| q.key() == p.key()) => {
                        out.errors.push(block_error(
                            file,
                            block,
                            format!("duplicate provider configuration {}", p.key()),
                        ));
                    }
                    Ok(p) => out.providers.push(p),
                    Err(err) => out.errors.push(err),
                },
                _ => {}
            }
        }
    }
    // Keep only references to resources that exist, so `references` is a list of real edges.
    let known: HashSet<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    let kept: Vec<BTreeMap<String, Vec<String>>> = out
        .resources
        .iter()
        .map(|r| {
            r.references
                .iter()
                .filter_map(|(path, addrs)| {
                    let addrs: Vec<String> = addrs
                        .iter()
                        .filter(|a| known.contains(a.as_str()) || a.starts_with("module."))
                        .cloned()
                        .collect();
                    (!addrs.is_empty()).then(|| (path.clone(), addrs))
                })
                .collect()
        })
        .collect();
    for (r, refs) in out.resources.iter_mut().zip(kept) {
        r.references = refs;
    }
    out
}

/// Unknown paths in a stable order, once each (the input document treats them as a set).
fn sorted(mut paths: Vec<String>) -> Vec<String> {
    paths.sort();
    paths.dedup();
    paths
}

fn labels(block: &Block) -> Vec<&str> {
    block.labels.iter().map(|l| l.as_str()).collect()
}

fn block_error(file: &ParsedFile, block: &Block, message: String) -> ScanError {
    let pos = file.source.position(block.span().map_or(0, |s| s.start));
    ScanError::new(&file.source.path, pos.line, pos.column, message)
}

fn resource(
    file: &ParsedFile,
    block: &Block,
    scope: &Scope,
    mode: Mode,
    root: &str,
    module: &str,
) -> Result<Resource, ScanError> {
    let kind = block.ident.as_str();
    let [r#type, name] = labels(block)[..] else {
        return Err(block_error(
            file,
            block,
            format!("a {kind} block needs two labels: {kind} \"TYPE\" \"NAME\""),
        ));
    };
    let mut builder = ValueBuilder::with_scope(&file.source.text, scope);
    let values = builder.resource_body(&block.body);
    let local = match mode {
        Mode::Managed => format!("{type}.{name}"),
        Mode::Data => format!("data.{type}.{name}"),
    };
    let address = if module.is_empty() {
        local
    } else {
        format!("{module}.{local}")
    };
    let provider = block
        .body
        .get_attribute("provider")
        .and_then(|a| a.value.span())
        .and_then(|s| file.source.text.get(s))
        .map(str::trim)
        .map_or_else(
            || r#type.split('_').next().unwrap_or(r#type).to_string(),
            str::to_string,
        );
    let header = builder
        .block_header(block)
        .or_else(|| block.span())
        .unwrap_or(0..0);
    Ok(Resource {
        address,
        mode,
        r#type: r#type.to_string(),
        name: name.to_string(),
        root: root.to_string(),
        module: module.to_string(),
        index: None,
        provider,
        values,
        unknown: sorted(builder.unknown),
        references: builder
            .references
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect(),
        source: SourceMap {
            file: file.source.clone(),
            extent: block.span().unwrap_or_else(|| header.clone()),
            block: header,
            attributes: builder.spans,
        },
    })
}

fn provider(
    file: &ParsedFile,
    block: &Block,
    scope: &Scope,
    root: &str,
    module: &str,
) -> Result<Provider, ScanError> {
    let [name] = labels(block)[..] else {
        return Err(block_error(
            file,
            block,
            "a provider block needs one label: provider \"NAME\"".to_string(),
        ));
    };
    let mut builder = ValueBuilder::with_scope(&file.source.text, scope);
    let mut values = builder.resource_body(&block.body);
    let alias = values
        .as_object_mut()
        .and_then(|v| v.remove("alias"))
        .and_then(|a| a.as_str().map(str::to_string));
    let line = file
        .source
        .position(block.span().map_or(0, |s| s.start))
        .line;
    Ok(Provider {
        name: name.to_string(),
        alias,
        root: root.to_string(),
        module: module.to_string(),
        values,
        unknown: sorted(builder.unknown),
        file: file.source.path.clone(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{decode, parse_hcl};
    use std::sync::Arc;

    fn module(src: &str) -> ModuleValues {
        let source = Arc::new(decode("main.tf", src.as_bytes().to_vec()).unwrap());
        let parsed = [parse_hcl(source).unwrap()];
        let scope = module_scope(&parsed, &[], &VarInputs::default(), ".");
        evaluate_module(&parsed, &scope, ".", "")
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
