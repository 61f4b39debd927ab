//! One module instance, evaluated as `terraform plan` would without providers: its variables,
//! then its locals, resources, data sources and module calls in dependency order (so a reference
//! to another resource's configured argument resolves), each expanded by `count` / `for_each`,
//! then its outputs for the caller.

use std::collections::{BTreeSet, HashMap, HashSet};

use hcl_edit::expr::{Expression, Traversal};
use hcl_edit::structure::{Block, Structure};
use hcl_edit::visit::{visit_traversal, Visit};
use hcl_edit::Span;
use serde_json::{Map, Value};

use super::env::{readable, Env, Evaluator, Expansion, Instance, Node};
use super::expand::{expand, indexed};
use super::policy_document;
use super::resolve;
use super::tree::{ModuleFiles, Tree};
use super::values::ValueBuilder;
use super::ModuleValues;
use crate::graph::{Mode, Provider, Resource, SourceMap};
use crate::parse::ParsedFile;
use crate::report::Note;
use crate::ScanError;

/// Deepest module nesting followed.
const MAX_DEPTH: usize = 32;

/// Module call arguments as the child sees them: known values, and the addresses each derives
/// from. A given but unknown argument has no value.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Known argument values.
    pub values: Map<String, Value>,
    /// Arguments given, known or not.
    pub given: BTreeSet<String>,
    /// Argument name to the addresses its value derives from.
    pub refs: HashMap<String, BTreeSet<String>>,
}

/// Where an instance sits: its root, its address, and the module directories above it.
#[derive(Debug, Clone)]
pub struct Place<'t> {
    /// The loaded module directories.
    pub tree: &'t Tree,
    /// The root module directory.
    pub root: String,
    /// The module instance address (`""` at the root).
    pub address: String,
    /// `modules.json` key of this module (`"a.b"`; `""` at the root).
    pub key: String,
    /// Directories being evaluated, outermost first (to stop a module that calls itself).
    pub stack: Vec<String>,
    /// The `module` blocks that lead here, outermost first: file, first and last line.
    pub calls: Vec<(String, usize, usize)>,
}

/// What a caller needs back from a module instance.
#[derive(Debug, Default)]
pub struct Outputs {
    /// Known output values.
    pub values: Map<String, Value>,
    /// Output name to the addresses its value derives from.
    pub refs: HashMap<String, BTreeSet<String>>,
}

enum NodeKind<'f> {
    Local(&'f Expression),
    Resource(Mode),
    Module,
}

struct Pending<'f> {
    key: String,
    kind: NodeKind<'f>,
    block: Option<&'f Block>,
    file: &'f ParsedFile,
    span: usize,
}

/// Evaluates the module in `module` at `place`, with `inputs` from its caller (for a root: the
/// merged variable values), adding its resources, providers and problems to `out`.
pub fn evaluate_instance(
    module: &ModuleFiles,
    place: &Place<'_>,
    inputs: &Inputs,
    out: &mut ModuleValues,
) -> Outputs {
    let files = &module.files;
    let mut env = Env {
        module: place.address.clone(),
        path_module: module.dir.clone(),
        path_root: place.root.clone(),
        ..Env::default()
    };
    env.var_refs = inputs.refs.clone();
    let mut nodes: Vec<Pending<'_>> = Vec::new();
    let mut outputs: Vec<(&ParsedFile, &Block)> = Vec::new();
    let mut providers: Vec<(&ParsedFile, &Block)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let constants = Env::constants();
    for file in files {
        for structure in file.body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            let span = block.span().map_or(0, |s| s.start);
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    if inputs.given.contains(*name) {
                        if let Some(v) = inputs.values.get(*name) {
                            env.vars.insert(name.to_string(), v.clone());
                        }
                    } else if let Some(default) = block
                        .body
                        .get_attribute("default")
                        .and_then(|a| constants.eval(&a.value))
                    {
                        env.vars.insert(name.to_string(), default);
                    }
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        nodes.push(Pending {
                            key: format!("local.{}", attr.key.as_str()),
                            kind: NodeKind::Local(&attr.value),
                            block: None,
                            file,
                            span: attr.span().map_or(span, |s| s.start),
                        });
                    }
                }
                (kind @ ("resource" | "data"), _) => {
                    let [r#type, name] = labels[..] else {
                        out.errors.push(block_error(
                            file,
                            block,
                            format!("a {kind} block needs two labels: {kind} \"TYPE\" \"NAME\""),
                        ));
                        continue;
                    };
                    let (mode, key) = if kind == "data" {
                        (Mode::Data, format!("data.{type}.{name}"))
                    } else {
                        (Mode::Managed, format!("{type}.{name}"))
                    };
                    if !seen.insert(key.clone()) {
                        let shown = env.address(&key);
                        out.errors.push(block_error(
                            file,
                            block,
                            format!("duplicate {kind} block {shown}"),
                        ));
                        continue;
                    }
                    nodes.push(Pending {
                        key,
                        kind: NodeKind::Resource(mode),
                        block: Some(block),
                        file,
                        span,
                    });
                }
                ("module", [name]) => {
                    let key = format!("module.{name}");
                    if !seen.insert(key.clone()) {
                        out.errors.push(block_error(
                            file,
                            block,
                            format!("duplicate module call {name}"),
                        ));
                        continue;
                    }
                    nodes.push(Pending {
                        key,
                        kind: NodeKind::Module,
                        block: Some(block),
                        file,
                        span,
                    });
                }
                ("module", _) => out.errors.push(block_error(
                    file,
                    block,
                    "a module block needs one label: module \"NAME\"".to_string(),
                )),
                ("output", [_]) => outputs.push((file, block)),
                ("provider", _) => providers.push((file, block)),
                _ => {}
            }
        }
    }

    for index in dependency_order(&nodes, out) {
        let node = &nodes[index];
        match &node.kind {
            NodeKind::Local(expr) => {
                let name = &node.key["local.".len()..];
                let mut refs = std::mem::take(&mut env.local_refs);
                env.references_by_item(name, expr, &mut refs);
                env.local_refs = refs;
                if let Some(value) = env.eval(expr) {
                    env.locals.insert(name.to_string(), value);
                }
            }
            NodeKind::Resource(mode) => {
                if let Some(block) = node.block {
                    let evaluated = resources(&env, node, block, *mode, place, out);
                    env.nodes.insert(node.key.clone(), evaluated);
                }
            }
            NodeKind::Module => {
                if let Some(block) = node.block {
                    let evaluated = module_call(&env, node, block, place, out);
                    env.nodes.insert(node.key.clone(), evaluated);
                }
            }
        }
    }

    for (file, block) in providers {
        match provider(file, block, &env, place) {
            Ok(p)
                if out
                    .providers
                    .iter()
                    .any(|q| q.root == p.root && q.module == p.module && q.key() == p.key()) =>
            {
                out.errors.push(block_error(
                    file,
                    block,
                    format!("duplicate provider configuration {}", p.key()),
                ));
            }
            Ok(p) => out.providers.push(p),
            Err(e) => out.errors.push(e),
        }
    }

    let mut result = Outputs::default();
    for (_, block) in outputs {
        let (Some(name), Some(value)) = (block.labels.first(), block.body.get_attribute("value"))
        else {
            continue;
        };
        let name = name.as_str().to_string();
        let refs = env.references(&value.value);
        if let Some(v) = env.eval(&value.value) {
            result.values.insert(name.clone(), v);
        }
        result.refs.insert(name, refs);
    }
    if place.address.is_empty() {
        out.variables = env.vars.clone();
    }
    result
}

/// Evaluation order: every node after what it refers to (file order otherwise). A reference
/// cycle is reported once, and its nodes are evaluated in file order (their references to each
/// other are unknown).
fn dependency_order(nodes: &[Pending<'_>], out: &mut ModuleValues) -> Vec<usize> {
    let position: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key.as_str(), i))
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut waiting: Vec<usize> = vec![0; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let mut deps = DependencyKeys::default();
        match (&node.kind, node.block) {
            (NodeKind::Local(expr), _) => deps.visit_expr(expr),
            (_, Some(block)) => deps.visit_body(&block.body),
            _ => {}
        }
        for key in deps.keys {
            if let Some(&j) = position.get(key.as_str()) {
                if j != i {
                    dependents[j].push(i);
                    waiting[i] += 1;
                }
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..nodes.len()).filter(|i| waiting[*i] == 0).collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &d in &dependents[i] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.insert(d);
            }
        }
    }
    if order.len() < nodes.len() {
        let done: HashSet<usize> = order.iter().copied().collect();
        let cycle: Vec<usize> = (0..nodes.len()).filter(|i| !done.contains(i)).collect();
        let names: Vec<&str> = cycle.iter().map(|i| nodes[*i].key.as_str()).collect();
        let first = &nodes[cycle[0]];
        let at = first.file.source.position(first.span);
        out.errors.push(ScanError::new(
            &first.file.source.path,
            at.line,
            at.column,
            format!(
                "reference cycle between {}: their references to each other are unknown",
                names.join(", ")
            ),
        ));
        order.extend(cycle);
    }
    order
}

/// The node keys an expression or body mentions: `aws_x.y`, `data.t.n`, `module.m`, `local.l`.
#[derive(Default)]
struct DependencyKeys {
    keys: BTreeSet<String>,
}

impl Visit for DependencyKeys {
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(root) = &node.expr {
            let ops = &node.operators;
            // The same keys the resolver looks nodes up by, plus locals.
            let key = match root.as_str() {
                "local" => resolve::attr(ops.first()).map(|n| format!("local.{n}")),
                other => resolve::node_key(other, ops).map(|(key, _)| key),
            };
            self.keys.extend(key);
        }
        visit_traversal(self, node);
    }
}

fn resources(
    env: &Env,
    node: &Pending<'_>,
    block: &Block,
    mode: Mode,
    place: &Place<'_>,
    out: &mut ModuleValues,
) -> Node {
    let file = node.file;
    let base = env.address(&node.key);
    let (expansion, keys) = expand(env, file, block, &base, out);
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    let (r#type, name) = (labels[0], labels[1]);
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
    let mut instances = Vec::with_capacity(keys.len());
    for (key, iteration) in keys {
        let scope = env.with_iteration(iteration);
        let mut builder = ValueBuilder::with_env(&file.source.text, &scope);
        let mut values = builder.resource_body(&block.body);
        if mode == Mode::Data && r#type == "aws_iam_policy_document" {
            policy_document::render_into(&mut values, &builder.unknown);
        }
        let header = builder
            .block_header(block)
            .or_else(|| block.span())
            .unwrap_or(0..0);
        let address = indexed(&base, &key);
        let unknown = sorted(std::mem::take(&mut builder.unknown));
        instances.push(Instance {
            key: key.clone(),
            address: address.clone(),
            value: readable(&values).unwrap_or(Value::Null),
            output_refs: HashMap::new(),
        });
        out.resources.push(Resource {
            address,
            mode,
            r#type: r#type.to_string(),
            name: name.to_string(),
            root: place.root.clone(),
            module: place.address.clone(),
            index: key,
            provider: provider.clone(),
            values,
            unknown,
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
            module_calls: place.calls.clone(),
            sensitive: Vec::new(),
        });
    }
    Node {
        expansion,
        instances,
    }
}

/// Arguments of a module block that configure Terraform, not the module's variables.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

fn module_call(
    env: &Env,
    node: &Pending<'_>,
    block: &Block,
    place: &Place<'_>,
    out: &mut ModuleValues,
) -> Node {
    let file = node.file;
    let name = &node.key["module.".len()..];
    let base = env.address(&node.key);
    let empty = Node {
        expansion: Expansion::Unknown,
        instances: Vec::new(),
    };
    let source_attr = block.body.get_attribute("source");
    let source = source_attr.and_then(|a| match &a.value {
        Expression::String(s) => Some(s.value().to_string()),
        _ => None,
    });
    let at = file.source.position(
        source_attr
            .and_then(|a| a.span())
            .or_else(|| block.span())
            .map_or(0, |s| s.start),
    );
    let error = |message: String| ScanError::new(&file.source.path, at.line, at.column, message);
    let Some(source) = source else {
        out.errors.push(error(format!(
            "module \"{name}\" needs a literal source string"
        )));
        return empty;
    };
    let key = if place.key.is_empty() {
        name.to_string()
    } else {
        format!("{}.{name}", place.key)
    };
    let dir = match place
        .tree
        .resolve(&place.root, &env.path_module, &key, &source)
    {
        Ok(dir) => dir,
        Err(super::tree::Unresolved::Missing(dir)) => {
            out.errors.push(error(format!(
                "module \"{name}\": no Terraform files at {dir} (source = \"{source}\")"
            )));
            return empty;
        }
        Err(super::tree::Unresolved::NotInstalled) => {
            out.notes.push(Note {
                file: file.source.path.clone(),
                line: at.line,
                column: at.column,
                message: format!(
                    "module \"{name}\" (source = \"{source}\") is not scanned: it is not installed (run `terraform init` so .terraform/modules/modules.json lists it)"
                ),
            });
            return empty;
        }
    };
    if dir.dir == env.path_module
        || place.stack.contains(&dir.dir)
        || place.stack.len() >= MAX_DEPTH
    {
        out.errors.push(error(format!(
            "module \"{name}\" calls {} which is already being evaluated (a module that calls itself); not followed",
            dir.dir
        )));
        return empty;
    }
    let (expansion, keys) = expand(env, file, block, &base, out);
    let mut instances = Vec::with_capacity(keys.len());
    for (index, iteration) in keys {
        let scope = env.with_iteration(iteration);
        let mut inputs = Inputs::default();
        for attr in block.body.attributes() {
            let arg = attr.key.as_str();
            if MODULE_META.contains(&arg) {
                continue;
            }
            inputs.given.insert(arg.to_string());
            scope.references_by_item(arg, &attr.value, &mut inputs.refs);
            if let Some(value) = scope.value(&attr.value) {
                inputs.values.insert(arg.to_string(), value);
            }
        }
        let address = indexed(&base, &index);
        let mut stack = place.stack.clone();
        stack.push(env.path_module.clone());
        let mut calls = place.calls.clone();
        let extent = block.span().unwrap_or(0..0);
        calls.push((
            file.source.path.clone(),
            file.source.position(extent.start).line,
            file.source.position(extent.end).line,
        ));
        let child = Place {
            tree: place.tree,
            root: place.root.clone(),
            address: address.clone(),
            key: key.clone(),
            stack,
            calls,
        };
        let outputs = evaluate_instance(dir, &child, &inputs, out);
        instances.push(Instance {
            key: index,
            address,
            value: Value::Object(outputs.values),
            output_refs: outputs.refs,
        });
    }
    Node {
        expansion,
        instances,
    }
}

fn provider(
    file: &ParsedFile,
    block: &Block,
    env: &Env,
    place: &Place<'_>,
) -> Result<Provider, ScanError> {
    let [name] = block.labels.iter().map(|l| l.as_str()).collect::<Vec<_>>()[..] else {
        return Err(block_error(
            file,
            block,
            "a provider block needs one label: provider \"NAME\"".to_string(),
        ));
    };
    let mut builder = ValueBuilder::with_env(&file.source.text, env);
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
        root: place.root.clone(),
        module: place.address.clone(),
        values,
        unknown: sorted(builder.unknown),
        file: file.source.path.clone(),
        line,
    })
}

/// Unknown paths in a stable order, once each (the input document treats them as a set).
fn sorted(mut paths: Vec<String>) -> Vec<String> {
    paths.sort();
    paths.dedup();
    paths
}

fn block_error(file: &ParsedFile, block: &Block, message: String) -> ScanError {
    let pos = file.source.position(block.span().map_or(0, |s| s.start));
    ScanError::new(&file.source.path, pos.line, pos.column, message)
}
