//! Loading what a scan reads: the HCL under the paths, each root module with its module tree
//! ([`load_graph`]), or Terraform plans located in that HCL ([`load`]), into the one graph
//! policies see; and the configuration's `exclude` globs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::discover::{discover, discover_modules};
use crate::evaluate::tree::normalize;
use crate::evaluate::{evaluate_root, Limits, ModuleFiles, ModuleValues, Tree, VarInputs};
use crate::graph::Graph;
use crate::report::Report;
use crate::timing::Stopwatch;
use crate::ScanError;

/// Discovers, parses and evaluates `paths` into the graph policies see: each root module with
/// its module tree. Problems with inputs go into `report`, with the sources read, the file count
/// and the stage timings; the rest of the configuration is still loaded. (`tfwarden inspect`
/// prints this graph's input document.)
pub fn load_graph(
    paths: &[PathBuf],
    exclude: Option<&Exclude>,
    vars: &VarInputs,
    limits: &Limits,
    report: &mut Report,
) -> Loaded {
    let mut clock = Stopwatch::start();
    let mut discovery = discover(paths);
    settle(&mut discovery, exclude, vars, report);
    report.errors.extend(std::mem::take(&mut discovery.errors));
    report.timings.push(clock.lap("discover"));
    // Named files (pre-commit): a file of a module is evaluated through the roots that call
    // it, so the working tree is read to find them; only those roots are reported on.
    let focus_dirs: Option<BTreeSet<String>> = discovery.focus.as_ref().map(|files| {
        discovery
            .modules
            .iter()
            .filter(|m| m.files.iter().any(|f| files.contains(f)))
            .map(|m| normalize(&m.dir))
            .collect()
    });
    let mut modules = discovery.modules.clone();
    let keep = |file: &str| exclude.is_none_or(|e| !e.excludes(file));
    let tree = match &focus_dirs {
        None => Tree::load(&modules, &keep),
        Some(focus_dirs) => {
            let known: BTreeSet<String> = modules.iter().map(|m| m.dir.clone()).collect();
            let wide = discover_modules(&[PathBuf::from(".")]);
            modules.extend(wide.modules.into_iter().filter(|m| !known.contains(&m.dir)));
            drop_excluded(&mut modules, exclude);
            // Only the module calls of the working tree are read to find the roots that reach
            // the named files; then only those roots' modules are read and parsed.
            let outline = Tree::outline(&modules, &keep);
            let reaching: Vec<String> = outline
                .roots
                .iter()
                .filter(|root| outline.closure(root).iter().any(|d| focus_dirs.contains(d)))
                .cloned()
                .collect();
            outline.part(&reaching)
        }
    };
    let roots: Vec<String> = tree.roots.clone();
    let modules: Vec<&ModuleFiles> = tree.modules().collect();
    let (graph, _) = evaluate_roots(&tree, &roots, modules, &|_| true, vars, limits, report);
    report.timings.push(clock.lap("parse and evaluate"));
    Loaded {
        graph,
        focus: discovery.focus,
        kind: "hcl",
    }
}

/// What a scan reads, ready for the policies: one graph of everything (plans, or only some
/// files named), or the outline of the root modules under the paths, whose roots are then
/// loaded a batch at a time ([`load_part`]) so memory stays bounded at any number of roots.
#[derive(Debug)]
pub enum Input {
    /// Everything at once.
    Whole(Loaded),
    /// The module tree's shape, no module read yet ([`Tree::outline`]).
    Outline(Tree),
}

/// Loads what `paths` and `plans` hold as [`load`] does, except that HCL root modules (no plan,
/// no files named alone) are only outlined: [`load_part`] then loads some of the roots.
pub fn load_input(
    paths: &[PathBuf],
    plans: &[PathBuf],
    exclude: Option<&Exclude>,
    vars: &VarInputs,
    limits: &Limits,
    report: &mut Report,
) -> Input {
    if !plan_inputs(paths, plans).0.is_empty() {
        return Input::Whole(load(paths, plans, exclude, vars, limits, report));
    }
    let mut clock = Stopwatch::start();
    let mut discovery = discover(paths);
    if discovery.focus.is_some() {
        // Named files are judged through the roots that call them: the whole tree is read.
        return Input::Whole(load_graph(paths, exclude, vars, limits, report));
    }
    settle(&mut discovery, exclude, vars, report);
    report.errors.extend(std::mem::take(&mut discovery.errors));
    report.timings.push(clock.lap("discover"));
    let keep = |file: &str| exclude.is_none_or(|e| !e.excludes(file));
    let tree = Tree::outline(&discovery.modules, &keep);
    report.timings.push(clock.lap("outline module calls"));
    Input::Outline(tree)
}

/// Loads the roots `roots` of an outline into their graph, as [`load_graph`] would for them:
/// the modules their configurations are made of are read and parsed, the roots evaluated.
/// Errors and the file count of the modules `owned` accepts go into `report` (a module shared
/// by several batches of roots is reported by one); the errors of the others are returned, so
/// fixes still leave those files alone. The text of every module read is in `report.sources`.
/// The part of the tree read is returned too: its syntax trees serve the fixes.
pub fn load_part(
    outline: &Tree,
    roots: &[String],
    owned: &dyn Fn(&str) -> bool,
    vars: &VarInputs,
    limits: &Limits,
    report: &mut Report,
) -> (Graph, Vec<ScanError>, Tree) {
    let tree = outline.part(roots);
    let (graph, borrowed) = evaluate_roots(
        &tree,
        roots,
        tree.modules().collect(),
        owned,
        vars,
        limits,
        report,
    );
    (graph, borrowed, tree)
}

/// Evaluates the roots `roots` of `tree` into their graph. Of `modules`, in directory order,
/// those `owned` accepts add their file counts and errors to `report`, the others' errors are
/// returned; the text of every one goes into `report.sources`.
fn evaluate_roots(
    tree: &Tree,
    roots: &[String],
    mut modules: Vec<&ModuleFiles>,
    owned: &dyn Fn(&str) -> bool,
    vars: &VarInputs,
    limits: &Limits,
    report: &mut Report,
) -> (Graph, Vec<ScanError>) {
    let evaluated: Vec<(String, ModuleValues)> = roots
        .par_iter()
        .map(|root| (root.clone(), evaluate_root(tree, root, vars, limits)))
        .collect();
    modules.sort_by(|a, b| a.dir.cmp(&b.dir));
    let mut borrowed = Vec::new();
    for module in modules {
        if owned(&normalize(&module.dir)) {
            report.summary.files += module.file_count;
            report.errors.extend(module.errors.iter().cloned());
        } else {
            borrowed.extend(module.errors.iter().cloned());
        }
        for source in &module.sources {
            report.sources.insert(source.path.clone(), source.clone());
        }
    }
    let mut resources = Vec::new();
    let mut providers = Vec::new();
    let mut variables = BTreeMap::new();
    for (root, values) in evaluated {
        report.errors.extend(values.errors);
        report.notes.extend(values.notes);
        resources.extend(values.resources);
        providers.extend(values.providers);
        variables.insert(root, values.variables);
    }
    (
        Graph::new(resources, providers).with_variables(variables),
        borrowed,
    )
}

/// Removes the files `exclude` matches, and the modules left without files.
/// Applies the configuration's `exclude` to what discovery found (an excluded Terraform file
/// counts as ignored), and puts the files deliberately not read in the report's summary, but
/// for the variable files given with --var-file, which are read.
fn settle(
    discovery: &mut crate::discover::Discovery,
    exclude: Option<&Exclude>,
    vars: &VarInputs,
    report: &mut Report,
) {
    let before: usize = discovery.modules.iter().map(|m| m.files.len()).sum();
    drop_excluded(&mut discovery.modules, exclude);
    let after: usize = discovery.modules.iter().map(|m| m.files.len()).sum();
    discovery.ignored += before - after;
    if let Some(exclude) = exclude {
        discovery.skipped.retain(|s| !exclude.excludes(&s.file));
    }
    let given: BTreeSet<String> = vars
        .files
        .iter()
        .map(|f| normalize(&crate::discover::display_path(f)))
        .collect();
    discovery
        .skipped
        .retain(|s| !given.contains(&normalize(&s.file)));
    report.summary.skipped = discovery.skipped.len();
    report.summary.ignored = discovery.ignored;
    report.skipped = std::mem::take(&mut discovery.skipped);
}

fn drop_excluded(modules: &mut Vec<crate::discover::ModuleDir>, exclude: Option<&Exclude>) {
    if let Some(exclude) = exclude {
        for module in modules.iter_mut() {
            module.files.retain(|f| !exclude.excludes(f));
        }
        modules.retain(|m| !m.files.is_empty());
    }
}

/// The plan files `paths` and `plans` name (plan JSON among the paths, directly or as files of
/// a named directory), and the other paths, the HCL.
fn plan_inputs(paths: &[PathBuf], plans: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut plan_files: Vec<PathBuf> = plans.to_vec();
    let mut hcl_paths: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_file() && is_plan_file(path) {
            plan_files.push(path.clone());
            continue;
        }
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json") && is_plan_file(p))
                    .collect();
                found.sort();
                plan_files.extend(found);
            }
        }
        hcl_paths.push(path.clone());
    }
    (plan_files, hcl_paths)
}

/// Loads what `paths` and `plans` hold: the plans (named, or plan JSON files among the paths,
/// directly or as files of a named directory), located in the HCL of the other paths; or, when
/// there is no plan, the HCL itself ([`load_graph`]).
pub fn load(
    paths: &[PathBuf],
    plans: &[PathBuf],
    exclude: Option<&Exclude>,
    vars: &VarInputs,
    limits: &Limits,
    report: &mut Report,
) -> Loaded {
    let (plan_files, hcl_paths) = plan_inputs(paths, plans);
    if plan_files.is_empty() {
        return load_graph(paths, exclude, vars, limits, report);
    }
    let sources = (!hcl_paths.is_empty())
        .then(|| load_graph(&hcl_paths, exclude, vars, limits, report).graph);
    let mut clock = Stopwatch::start();
    let mut resources = Vec::new();
    let mut providers = Vec::new();
    let mut variables = BTreeMap::new();
    for path in &plan_files {
        let from_stdin = path.as_os_str() == STDIN_PATH;
        let shown = if from_stdin {
            STDIN_NAME.to_string()
        } else {
            crate::discover::display_path(path)
        };
        let text = read_plan(path, from_stdin)
            .map_err(|e| ScanError::file(&shown, format!("cannot read plan: {e}")))
            .and_then(|bytes| crate::parse::decode(&shown, bytes));
        let source = match text {
            Ok(source) => Arc::new(source),
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        report.sources.insert(shown.clone(), source.clone());
        report.summary.files += 1;
        let plan = match crate::parse::parse_plan(source) {
            Ok(plan) => plan,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let root = sources
            .as_ref()
            .and_then(|g| plan_root(g, &plan, path))
            .unwrap_or_else(|| shown.clone());
        let values = crate::evaluate::plan::evaluate_plan(&plan, &root, sources.as_ref());
        report.errors.extend(values.errors);
        resources.extend(values.resources);
        providers.extend(values.providers);
        variables.insert(root, values.variables);
    }
    report.timings.push(clock.lap("read plans"));
    Loaded {
        graph: Graph::new(resources, providers).with_variables(variables),
        focus: None,
        kind: "plan",
    }
}

/// The plan path that means standard input (`--plan -`, as `terraform show -json plan.out |
/// tfwarden scan --plan -`).
pub const STDIN_PATH: &str = "-";

/// How a plan read from standard input is named in findings and errors.
pub const STDIN_NAME: &str = "<stdin>";

fn read_plan(path: &Path, from_stdin: bool) -> std::io::Result<Vec<u8>> {
    if from_stdin {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

/// Whether a file holds a Terraform plan (by content).
fn is_plan_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(1 << 20).read_to_string(&mut head))
        .is_ok_and(|_| crate::parse::looks_like_plan(&head))
}

/// The root of the HCL graph a plan was made from, or `None` when no scanned root is that
/// configuration. A root matches when its own resources and module calls are mostly those the
/// plan's `configuration` declares (Jaccard index of at least one half), a resource counting
/// only if every literal argument the plan records (`constant_value`) has the same value in the
/// HCL. The plan file's own directory wins among matches, else the best match; a tie between
/// other roots is no match: a plan never borrows the locations and suppressions of an
/// unrelated root.
fn plan_root(graph: &Graph, plan: &crate::parse::PlanFile, plan_path: &Path) -> Option<String> {
    use serde_json::Value;
    let config = plan.doc.pointer("/configuration/root_module")?;
    let mut declared: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    for r in config
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(address) = r.get("address").and_then(Value::as_str) else {
            continue;
        };
        let literals = r
            .get("expressions")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, e)| {
                let v = e.get("constant_value")?;
                // In a `.tf.json` configuration a template string is recorded as its text, with
                // the references it makes: not a literal value.
                let literal = !v.is_object() && !v.is_array() && e.get("references").is_none();
                literal.then(|| (k.clone(), v.clone()))
            })
            .collect();
        declared.insert(address.to_string(), literals);
    }
    for (name, _) in config
        .get("module_calls")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        declared.insert(format!("module.{name}"), Vec::new());
    }
    // Each root's own resources (by configuration address) and module calls.
    let mut by_root: BTreeMap<&str, BTreeMap<String, &crate::graph::Resource>> = BTreeMap::new();
    for r in graph.resources() {
        let own = if r.module.is_empty() {
            crate::evaluate::plan::config_address(&r.address)
        } else {
            // `module.fleet["a"].module.x` is the call `module.fleet`.
            let call: Vec<&str> = r.module.splitn(3, '.').take(2).collect();
            let call = call.join(".");
            call.split('[').next().unwrap_or(&call).to_string()
        };
        by_root
            .entry(r.root.as_str())
            .or_default()
            .entry(own)
            .or_insert(r);
    }
    let here = plan_path
        .parent()
        .map(|p| normalize(&crate::discover::display_path(p)));
    let mut best: Option<(f64, &str)> = None;
    let mut tied = false;
    for (root, own) in &by_root {
        let matched = own
            .iter()
            .filter(|(address, r)| {
                declared.get(*address).is_some_and(|literals| {
                    literals.iter().all(|(attr, v)| {
                        r.values
                            .get(attr)
                            .is_none_or(|ours| ours.is_null() || ours == v)
                    })
                })
            })
            .count() as f64;
        let all = (own.len() + declared.len()) as f64 - matched;
        let score = if all == 0.0 { 0.0 } else { matched / all };
        if score < 0.5 {
            continue;
        }
        if here.as_deref() == Some(&normalize(root)) {
            return Some(root.to_string());
        }
        match best {
            Some((b, _)) if score < b => {}
            Some((b, _)) if score == b => tied = true,
            _ => {
                best = Some((score, root));
                tied = false;
            }
        }
    }
    if tied {
        return None;
    }
    best.map(|(_, root)| root.to_string())
}

/// A loaded configuration.
#[derive(Debug)]
pub struct Loaded {
    /// What policies evaluate.
    pub graph: Graph,
    /// When only files were named: the files whose findings to report (see
    /// [`Discovery::focus`](crate::discover::Discovery::focus)).
    pub focus: Option<std::collections::BTreeSet<String>>,
    /// What was read: `hcl` or `plan` (`input.source.kind`).
    pub kind: &'static str,
}

/// The configuration's `exclude` globs, matched against paths relative to the config file's
/// directory (`*` does not cross `/`, as in `.gitignore`).
#[derive(Debug)]
pub struct Exclude {
    base: PathBuf,
    globs: globset::GlobSet,
}

impl Exclude {
    /// The matcher for `config.exclude`, or `None` when it is empty.
    pub fn new(config: &Config) -> Result<Option<Self>, ScanError> {
        if config.exclude.is_empty() {
            return Ok(None);
        }
        let file = config.display_path();
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in &config.exclude {
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| ScanError::file(&file, format!("exclude: {e}")))?;
            builder.add(glob);
        }
        let globs = builder
            .build()
            .map_err(|e| ScanError::file(&file, format!("exclude: {e}")))?;
        let base = config
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(Some(Self { base, globs }))
    }

    /// Whether a scanned file (as reported) is excluded.
    pub fn excludes(&self, file: &str) -> bool {
        let path = Path::new(file);
        let relative = path.strip_prefix(&self.base).unwrap_or(path);
        self.globs.is_match(relative)
    }
}
