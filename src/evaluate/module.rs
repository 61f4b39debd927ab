//! One root module with its whole module tree, evaluated as Terraform's graph is: one node per
//! variable, local, output, resource, data source and module call of every module instance,
//! evaluated on demand, each once. Two modules that read each other's outputs are fine, as in
//! Terraform, as long as no value depends on itself; a value that does is a reference cycle,
//! reported at its line with the values in it, and is unknown.
//!
//! [`Config::evaluate`] demands every node of every module instance, in declaration order, so
//! resources come out in the order they are written, a module's where it is called.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::time::{Duration, Instant};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Structure};
use hcl_edit::Span;
use serde_json::Value;

use super::cty::{Exceeded, Val};
use super::expand::{expand, indexed, Expansion, Iteration, Keys};
use super::expr::{self, Constants};
use super::resource::{evaluate_provider, evaluate_resources};
use super::scope::InstScope;
use super::tree::{ModuleFiles, Tree, Unresolved};
use super::{Limits, ModuleValues};
use crate::graph::{Mode, Resource};
use crate::parse::ParsedFile;
use crate::report::{Note, NoteKind};
use crate::ScanError;

/// Deepest module nesting followed.
const MAX_MODULE_DEPTH: usize = 32;
/// Longest chain of values that depend on each other (a local reading a local reading ...).
const MAX_CHAIN: usize = 2_000;
/// How many steps pass between two looks at the clock.
const CLOCK_EVERY: u64 = 4096;

/// What kind of node a declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Variable,
    Local,
    Resource(Mode),
    ModuleCall,
    Output,
}

/// One declaration of a module directory: `var.x`, `local.x`, `aws_x.y`, `data.t.n`,
/// `module.m`, `output.o`.
pub(super) struct Decl<'t> {
    pub key: String,
    pub kind: Kind,
    pub file: &'t ParsedFile,
    pub block: Option<&'t Block>,
    /// A local's expression.
    pub expr: Option<&'t Expression>,
    /// Where the declaration starts.
    pub offset: usize,
}

/// The declarations of one module directory, read once however many instances it has.
pub(super) struct Decls<'t> {
    pub items: Vec<Decl<'t>>,
    pub by_key: HashMap<String, usize>,
    pub providers: Vec<(&'t ParsedFile, &'t Block)>,
    /// Malformed or duplicate blocks.
    pub errors: Vec<ScanError>,
}

/// One module instance: the root, or one instance of a module call.
pub(super) struct Inst<'t> {
    pub address: String,
    /// `modules.json` key of the module (`"a.b"`; `""` at the root).
    pub key: String,
    pub module: &'t ModuleFiles,
    pub decls: Rc<Decls<'t>>,
    /// The calling instance, the `module` block and the iteration this instance is.
    pub caller: Option<(usize, &'t ParsedFile, &'t Block, Iteration)>,
    /// Module directories above, outermost first (to stop a module that calls itself).
    pub dirs: Vec<String>,
    /// The `module` blocks that lead here, outermost first: file, first and last line.
    pub calls: Vec<(String, usize, usize)>,
}

/// A node's evaluated value and the resource addresses it derives from.
#[derive(Debug, Default)]
pub(super) struct Done {
    pub value: Val,
    pub refs: BTreeSet<String>,
    /// For an object written as a literal: key to the addresses that key's value derives from.
    pub item_refs: HashMap<String, BTreeSet<String>>,
    /// A resource's or module call's expansion.
    pub expansion: Option<Expansion>,
    /// A resource's instances (key, address) or a module call's instances (key, instance).
    pub instances: Vec<(Option<Value>, String, usize)>,
    /// A resource's evaluated instances, for the input document.
    pub resources: Vec<Resource>,
}

enum State {
    InProgress,
    Done(Rc<Done>),
}

/// One root's configuration under evaluation.
pub(super) struct Config<'t> {
    pub tree: &'t Tree,
    pub root: String,
    /// The root module's variable values (defaults excluded: those are the declarations').
    pub root_vars: serde_json::Map<String, Value>,
    pub insts: RefCell<Vec<Rc<Inst<'t>>>>,
    states: RefCell<HashMap<(usize, String), State>>,
    stack: RefCell<Vec<(usize, String)>>,
    decls: RefCell<HashMap<String, Rc<Decls<'t>>>>,
    pub out: RefCell<ModuleValues>,
    limits: Limits,
    /// Evaluation steps left, and when the time is up.
    steps: Cell<u64>,
    deadline: Instant,
    exhausted: Cell<bool>,
    /// Whether a value limit was reported (once per root), and where expression limits were.
    limit_reported: Cell<bool>,
    limits_at: RefCell<BTreeSet<(String, usize)>>,
}

impl<'t> Config<'t> {
    /// A configuration rooted at `root` of `tree`, with the root's variable values.
    pub fn new(
        tree: &'t Tree,
        root: &str,
        module: &'t ModuleFiles,
        root_vars: serde_json::Map<String, Value>,
        limits: &Limits,
    ) -> Self {
        let config = Config {
            limits: limits.clone(),
            steps: Cell::new(limits.steps),
            deadline: Instant::now() + Duration::from_secs_f64(limits.seconds),
            exhausted: Cell::new(false),
            limit_reported: Cell::new(false),
            limits_at: RefCell::new(BTreeSet::new()),
            tree,
            root: root.to_string(),
            root_vars,
            insts: RefCell::new(Vec::new()),
            states: RefCell::new(HashMap::new()),
            stack: RefCell::new(Vec::new()),
            decls: RefCell::new(HashMap::new()),
            out: RefCell::new(ModuleValues::default()),
        };
        let decls = config.decls_of(module);
        config.insts.borrow_mut().push(Rc::new(Inst {
            address: String::new(),
            key: String::new(),
            module,
            decls,
            caller: None,
            dirs: Vec::new(),
            calls: Vec::new(),
        }));
        config
    }

    /// Evaluates every node of every instance and returns what the configuration holds.
    pub fn evaluate(self) -> ModuleValues {
        let mut resources = Vec::new();
        self.force(0, &mut resources);
        let root = self.inst(0);
        let mut out = self.out.into_inner();
        out.resources = resources;
        for decl in &root.decls.items {
            if decl.kind == Kind::Variable {
                if let Some(State::Done(d)) = self.states.borrow().get(&(0, decl.key.clone())) {
                    if d.value.is_wholly_known() {
                        out.variables
                            .insert(decl.key["var.".len()..].to_string(), d.value.to_json());
                    }
                }
            }
        }
        out
    }

    /// Demands every node of instance `id` in declaration order, collecting resources, then
    /// evaluates its providers.
    fn force(&self, id: usize, resources: &mut Vec<Resource>) {
        let inst = self.inst(id);
        for decl in &inst.decls.items {
            let done = self.demand(id, &decl.key);
            match decl.kind {
                Kind::Resource(_) => resources.extend(done.resources.iter().cloned()),
                Kind::ModuleCall => {
                    for (_, _, child) in &done.instances {
                        self.force(*child, resources);
                    }
                }
                _ => {}
            }
        }
        for (file, block) in &inst.decls.providers {
            let scope = InstScope::new(self, id, Iteration::None);
            match evaluate_provider(file, block, &scope, &self.root, &inst.address) {
                Ok(p) => {
                    let mut out = self.out.borrow_mut();
                    if out
                        .providers
                        .iter()
                        .any(|q| q.root == p.root && q.module == p.module && q.key() == p.key())
                    {
                        out.errors.push(block_error(
                            file,
                            block,
                            format!("duplicate provider configuration {}", p.key()),
                        ));
                    } else {
                        out.providers.push(p);
                    }
                }
                Err(e) => self.out.borrow_mut().errors.push(e),
            }
        }
    }

    /// Instance `id`.
    pub fn inst(&self, id: usize) -> Rc<Inst<'t>> {
        self.insts.borrow()[id].clone()
    }

    /// The value of node `key` (`var.x`, `local.x`, `aws_x.y`, `module.m`, `output.o`) of
    /// instance `id`, evaluated the first time it is asked for.
    pub fn demand(&self, id: usize, key: &str) -> Rc<Done> {
        let slot = (id, key.to_string());
        match self.states.borrow().get(&slot) {
            Some(State::Done(done)) => return done.clone(),
            Some(State::InProgress) => {
                self.cycle(&slot);
                return Rc::new(Done::unknown());
            }
            None => {}
        }
        if self.stack.borrow().len() >= MAX_CHAIN {
            self.error_at(
                id,
                key,
                format!("more than {MAX_CHAIN} values depend on each other in a chain: {key} is not evaluated"),
            );
            return Rc::new(Done::unknown());
        }
        self.states
            .borrow_mut()
            .insert(slot.clone(), State::InProgress);
        self.stack.borrow_mut().push(slot.clone());
        // Deep but legal chains recurse deeply: grow the stack on the heap instead of
        // overflowing it.
        let mut done = stacker::maybe_grow(128 * 1024, 8 << 20, || self.evaluate_node(id, key));
        if let Err(exceeded) = done
            .value
            .measure(self.limits.value_depth, self.limits.value_size)
        {
            let what = match exceeded {
                Exceeded::Depth => format!(
                    "nests more than {} levels deep (limits.value_depth)",
                    self.limits.value_depth
                ),
                Exceeded::Size => format!(
                    "has more than {} elements written out (limits.value_size)",
                    self.limits.value_size
                ),
            };
            // Once per root: a value built on an unknown one does not exceed it again.
            if !self.limit_reported.replace(true) {
                self.error_at(
                    id,
                    key,
                    format!("the value of {key} {what}: it is unknown, and so is what uses it"),
                );
            }
            done.value = Val::Unknown;
        }
        let done = Rc::new(done);
        self.stack.borrow_mut().pop();
        self.states
            .borrow_mut()
            .insert(slot, State::Done(done.clone()));
        done
    }

    /// Spends one evaluation step. Once the root's step or time budget is exhausted, every
    /// further expression fails (and is unknown); the error is reported once, at the value
    /// being evaluated when it ran out.
    pub fn spend(&self) -> Result<(), expr::EvalError> {
        if self.exhausted.get() {
            return Err(expr::EvalError::from(
                "the evaluation budget is exhausted".to_string(),
            ));
        }
        let left = self.steps.get().saturating_sub(1);
        self.steps.set(left);
        let out_of_time = left.is_multiple_of(CLOCK_EVERY) && Instant::now() > self.deadline;
        if left == 0 || out_of_time {
            self.exhausted.set(true);
            let what = if left == 0 {
                format!("{} evaluation steps (limits.steps)", self.limits.steps)
            } else {
                format!("{} seconds (limits.seconds)", self.limits.seconds)
            };
            let top = self.stack.borrow().last().cloned();
            if let Some((id, key)) = top {
                self.error_at(
                    id,
                    &key,
                    format!(
                        "evaluating {key} took more than {what}: this root's evaluation stopped here, and what it had not evaluated is unknown"
                    ),
                );
            }
            return Err(expr::EvalError::from(
                "the evaluation budget is exhausted".to_string(),
            ));
        }
        Ok(())
    }

    /// Reports an evaluation limit reached by an expression at `offset` of the declaration
    /// being evaluated (its start when `None`), once per place.
    pub fn report_limit(&self, offset: Option<usize>, message: &str) {
        let Some((id, key)) = self.stack.borrow().last().cloned() else {
            return;
        };
        let inst = self.inst(id);
        let Some(decl) = inst.decls.by_key.get(&key).map(|i| &inst.decls.items[*i]) else {
            return;
        };
        let offset = offset.unwrap_or(decl.offset);
        let place = (decl.file.source.path.clone(), offset);
        if !self.limits_at.borrow_mut().insert(place) {
            return;
        }
        let at = decl.file.source.position(offset);
        self.out.borrow_mut().errors.push(ScanError::new(
            &decl.file.source.path,
            at.line,
            at.column,
            format!("{message}: the value is unknown"),
        ));
    }

    /// Reports the cycle that demanding `slot` again closes, once, at the first value in it.
    fn cycle(&self, slot: &(usize, String)) {
        let stack = self.stack.borrow();
        let Some(start) = stack.iter().position(|s| s == slot) else {
            return;
        };
        let names: Vec<String> = stack[start..]
            .iter()
            .map(|(id, key)| {
                let inst = self.inst(*id);
                if inst.address.is_empty() {
                    key.clone()
                } else {
                    format!("{}.{key}", inst.address)
                }
            })
            .collect();
        let (id, key) = slot.clone();
        drop(stack);
        self.error_at(
            id,
            &key,
            format!(
                "reference cycle: {} -> {}; these values are unknown",
                names.join(" -> "),
                names[0]
            ),
        );
    }

    /// Adds an error located at the declaration of `key` in instance `id`.
    /// A module instance's variable is located at the argument that sets it in the caller.
    fn error_at(&self, id: usize, key: &str, message: String) {
        let inst = self.inst(id);
        let argument = key.strip_prefix("var.").and_then(|name| {
            let (_, file, call, _) = inst.caller.as_ref()?;
            let attr = call.body.get_attribute(name)?;
            Some((*file, attr.span()?.start))
        });
        let (file, offset) = match argument {
            Some(found) => found,
            None => {
                let Some(decl) = inst.decls.by_key.get(key).map(|i| &inst.decls.items[*i]) else {
                    return;
                };
                (decl.file, decl.offset)
            }
        };
        let at = file.source.position(offset);
        self.out.borrow_mut().errors.push(ScanError::new(
            &file.source.path,
            at.line,
            at.column,
            message,
        ));
    }

    fn evaluate_node(&self, id: usize, key: &str) -> Done {
        let inst = self.inst(id);
        let Some(decl) = inst.decls.by_key.get(key).map(|i| &inst.decls.items[*i]) else {
            // A reference to something not declared: Terraform rejects it; unknown here.
            return Done::unknown();
        };
        match decl.kind {
            Kind::Variable => self.variable(&inst, decl),
            Kind::Local => {
                let scope = InstScope::new(self, id, Iteration::None);
                let expr = decl.expr.map_or(Val::Unknown, |e| scope.value(e));
                let mut done = Done {
                    value: expr,
                    ..Done::default()
                };
                if let Some(e) = decl.expr {
                    scope.refs_by_item(e, &mut done.refs, &mut done.item_refs);
                }
                done
            }
            Kind::Output => {
                let scope = InstScope::new(self, id, Iteration::None);
                match decl.block.and_then(|b| b.body.get_attribute("value")) {
                    Some(attr) => {
                        let mut done = Done {
                            value: scope.value(&attr.value),
                            ..Done::default()
                        };
                        scope.refs_by_item(&attr.value, &mut done.refs, &mut done.item_refs);
                        done
                    }
                    None => Done::unknown(),
                }
            }
            Kind::Resource(mode) => match decl.block {
                Some(block) => evaluate_resources(self, id, &inst, decl, block, mode),
                None => Done::unknown(),
            },
            Kind::ModuleCall => match decl.block {
                Some(block) => self.module_call(id, &inst, decl, block),
                None => Done::unknown(),
            },
        }
    }

    /// A variable: the caller's argument (or the root's given value), else its default.
    fn variable(&self, inst: &Inst<'t>, decl: &Decl<'t>) -> Done {
        let name = &decl.key["var.".len()..];
        let block = decl.block;
        let default = || {
            block
                .and_then(|b| b.body.get_attribute("default"))
                .map_or(Val::Unknown, |a| {
                    expr::eval(&a.value, &Constants, &Vec::new()).unwrap_or(Val::Unknown)
                })
        };
        let nullable = block
            .and_then(|b| b.body.get_attribute("nullable"))
            .is_none_or(|a| !matches!(&a.value, Expression::Bool(b) if !*b.value()));
        let mut done = Done::default();
        let given = match &inst.caller {
            None => self.root_vars.get(name).map(Val::from_json),
            Some((parent, _, call, iteration)) => call.body.get_attribute(name).map(|attr| {
                let scope = InstScope::new(self, *parent, iteration.clone());
                scope.refs_by_item(&attr.value, &mut done.refs, &mut done.item_refs);
                scope.value(&attr.value)
            }),
        };
        let value = match given {
            Some(Val::Null) if !nullable => default(),
            Some(v) => v,
            None => default(),
        };
        // Converted to the declared type, as Terraform does (optional attributes get their
        // defaults); a value that does not convert is one Terraform rejects.
        done.value = match block.and_then(|b| b.body.get_attribute("type")) {
            Some(ty) => match super::types::parse(&ty.value)
                .and_then(|t| super::types::convert(&value, &t))
            {
                Ok(converted) => converted,
                Err(_) => Val::Unknown,
            },
            None => value,
        };
        done
    }

    /// A module call: its expansion, and one instance per key, evaluated lazily.
    fn module_call(&self, id: usize, inst: &Inst<'t>, decl: &Decl<'t>, block: &'t Block) -> Done {
        let file = decl.file;
        let name = &decl.key["module.".len()..];
        let base = if inst.address.is_empty() {
            decl.key.clone()
        } else {
            format!("{}.{}", inst.address, decl.key)
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
        let error = |message: String| {
            self.out.borrow_mut().errors.push(ScanError::new(
                &file.source.path,
                at.line,
                at.column,
                message,
            ));
            Done::unknown()
        };
        let Some(source) = source else {
            return error(format!("module \"{name}\" needs a literal source string"));
        };
        let key = if inst.key.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", inst.key)
        };
        let dir = match self
            .tree
            .resolve(&self.root, &inst.module.dir, &key, &source)
        {
            Ok(dir) => dir,
            Err(Unresolved::Missing(dir)) => {
                return error(format!(
                    "module \"{name}\": no Terraform files at {dir} (source = \"{source}\")"
                ))
            }
            Err(Unresolved::NotInstalled) => {
                self.out.borrow_mut().notes.push(Note {
                    kind: NoteKind::Evaluation,
                    file: file.source.path.clone(),
                    line: at.line,
                    column: at.column,
                    message: format!(
                        "module \"{name}\" (source = \"{source}\") is not scanned: it is not installed (run `terraform init` so .terraform/modules/modules.json lists it)"
                    ),
                });
                return Done::unknown();
            }
        };
        if dir.dir == inst.module.dir
            || inst.dirs.contains(&dir.dir)
            || inst.dirs.len() >= MAX_MODULE_DEPTH
        {
            return error(format!(
                "module \"{name}\" calls {} which is already being evaluated (a module that calls itself); not followed",
                dir.dir
            ));
        }
        let scope = InstScope::new(self, id, Iteration::None);
        let (expansion, keys) = self.expand(&scope, file, block, &base);
        if self.insts.borrow().len() + keys.len() > self.limits.module_instances {
            // Once per root: every later call would say the same.
            if self.limit_reported.replace(true) {
                return Done::unknown();
            }
            return error(format!(
                "module \"{name}\" would bring this configuration over {} module instances (limits.module_instances): not evaluated",
                self.limits.module_instances
            ));
        }
        let decls = self.decls_of(dir);
        let mut dirs = inst.dirs.clone();
        dirs.push(inst.module.dir.clone());
        let mut calls = inst.calls.clone();
        let extent = block.span().unwrap_or(0..0);
        calls.push((
            file.source.path.clone(),
            file.source.position(extent.start).line,
            file.source.position(extent.end).line,
        ));
        let mut done = Done {
            expansion: Some(expansion),
            ..Done::default()
        };
        for (index, iteration) in keys {
            let address = indexed(&base, &index);
            let child = Inst {
                address: address.clone(),
                key: key.clone(),
                module: dir,
                decls: decls.clone(),
                caller: Some((id, file, block, iteration)),
                dirs: dirs.clone(),
                calls: calls.clone(),
            };
            let child_id = {
                let mut insts = self.insts.borrow_mut();
                insts.push(Rc::new(child));
                insts.len() - 1
            };
            done.instances.push((index, address, child_id));
        }
        done
    }

    /// The declarations of module directory `module`, read once.
    fn decls_of(&self, module: &'t ModuleFiles) -> Rc<Decls<'t>> {
        if let Some(d) = self.decls.borrow().get(&module.dir) {
            return d.clone();
        }
        let decls = Rc::new(read_decls(module));
        self.out
            .borrow_mut()
            .errors
            .extend(decls.errors.iter().cloned());
        self.decls
            .borrow_mut()
            .insert(module.dir.clone(), decls.clone());
        decls
    }
}

impl Config<'_> {
    /// `count` / `for_each` of a block in instance scope `scope`; problems are reported.
    pub fn expand(
        &self,
        scope: &InstScope<'_, '_>,
        file: &ParsedFile,
        block: &Block,
        shown: &str,
    ) -> (Expansion, Keys) {
        let result = expand(scope, file, block, shown);
        let mut out = self.out.borrow_mut();
        out.errors.extend(result.errors);
        out.notes.extend(result.notes);
        (result.expansion, result.keys)
    }
}

impl Done {
    /// A node whose value cannot be known.
    pub fn unknown() -> Self {
        Done {
            value: Val::Unknown,
            expansion: Some(Expansion::Unknown),
            ..Done::default()
        }
    }
}

/// Reads the declarations of a module directory, in file order.
fn read_decls(module: &ModuleFiles) -> Decls<'_> {
    let mut decls = Decls {
        items: Vec::new(),
        by_key: HashMap::new(),
        providers: Vec::new(),
        errors: Vec::new(),
    };
    for file in &module.files {
        for structure in file.body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            let offset = block.span().map_or(0, |s| s.start);
            let decl = |key: String, kind: Kind| Decl {
                key,
                kind,
                file,
                block: Some(block),
                expr: None,
                offset,
            };
            let (what, new) = match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => ("variable", decl(format!("var.{name}"), Kind::Variable)),
                ("output", [name]) => ("output", decl(format!("output.{name}"), Kind::Output)),
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        let key = format!("local.{}", attr.key.as_str());
                        let new = Decl {
                            key,
                            kind: Kind::Local,
                            file,
                            block: None,
                            expr: Some(&attr.value),
                            offset: attr.span().map_or(offset, |s| s.start),
                        };
                        push(&mut decls, file, "local value", new);
                    }
                    continue;
                }
                (kind @ ("resource" | "data"), _) => {
                    let [r#type, name] = labels[..] else {
                        decls.errors.push(block_error(
                            file,
                            block,
                            format!("a {kind} block needs two labels: {kind} \"TYPE\" \"NAME\""),
                        ));
                        continue;
                    };
                    if kind == "data" {
                        (
                            "data",
                            decl(format!("data.{type}.{name}"), Kind::Resource(Mode::Data)),
                        )
                    } else {
                        (
                            "resource",
                            decl(format!("{type}.{name}"), Kind::Resource(Mode::Managed)),
                        )
                    }
                }
                ("module", [name]) => ("module", decl(format!("module.{name}"), Kind::ModuleCall)),
                ("module", _) => {
                    decls.errors.push(block_error(
                        file,
                        block,
                        "a module block needs one label: module \"NAME\"".to_string(),
                    ));
                    continue;
                }
                ("provider", _) => {
                    decls.providers.push((file, block));
                    continue;
                }
                _ => continue,
            };
            push(&mut decls, file, what, new);
        }
    }
    decls
}

fn push<'t>(decls: &mut Decls<'t>, file: &ParsedFile, what: &str, decl: Decl<'t>) {
    if decls.by_key.contains_key(&decl.key) {
        let message = match decl.kind {
            Kind::ModuleCall => format!("duplicate module call {}", &decl.key["module.".len()..]),
            Kind::Resource(_) => format!("duplicate {what} block {}", decl.key),
            _ => format!("duplicate {what} {}", decl.key),
        };
        let at = file.source.position(decl.offset);
        decls.errors.push(ScanError::new(
            &file.source.path,
            at.line,
            at.column,
            message,
        ));
        return;
    }
    decls.by_key.insert(decl.key.clone(), decls.items.len());
    decls.items.push(decl);
}

/// An error at the start of `block`.
pub(super) fn block_error(file: &ParsedFile, block: &Block, message: String) -> ScanError {
    let pos = file.source.position(block.span().map_or(0, |s| s.start));
    ScanError::new(&file.source.path, pos.line, pos.column, message)
}
