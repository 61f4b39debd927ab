//! Loading what a scan reads: the HCL under the paths, each root module with its module tree
//! ([`load_graph`]), or Terraform plans located in that HCL ([`load`]), into the one graph
//! policies see; and the configuration's `exclude` globs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Stopwatch;
use crate::config::Config;
use crate::discover::discover;
use crate::evaluate::tree::normalize;
use crate::evaluate::{evaluate_root, Limits, ModuleFiles, ModuleValues, Tree, VarInputs};
use crate::graph::Graph;
use crate::report::Report;
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
    if let Some(exclude) = exclude {
        for module in &mut discovery.modules {
            module.files.retain(|f| !exclude.excludes(f));
        }
        discovery.modules.retain(|m| !m.files.is_empty());
    }
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
    if focus_dirs.is_some() {
        let known: BTreeSet<String> = modules.iter().map(|m| m.dir.clone()).collect();
        let wide = discover(&[PathBuf::from(".")]);
        modules.extend(wide.modules.into_iter().filter(|m| !known.contains(&m.dir)));
        if let Some(exclude) = exclude {
            for module in &mut modules {
                module.files.retain(|f| !exclude.excludes(f));
            }
            modules.retain(|m| !m.files.is_empty());
        }
    }
    let keep = |file: &str| exclude.is_none_or(|e| !e.excludes(file));
    let tree = Tree::load(&modules, &keep);
    let mut roots: Vec<&String> = tree.roots.iter().collect();
    let mut used: Option<BTreeSet<String>> = None;
    if let Some(focus_dirs) = &focus_dirs {
        let mut dirs = BTreeSet::new();
        roots.retain(|root| {
            let closure = tree.closure(root);
            let reaches = closure.iter().any(|d| focus_dirs.contains(d));
            if reaches {
                dirs.extend(closure);
            }
            reaches
        });
        used = Some(dirs);
    }
    let evaluated: Vec<(String, ModuleValues)> = roots
        .par_iter()
        .map(|root| (root.to_string(), evaluate_root(&tree, root, vars, limits)))
        .collect();
    let mut modules: Vec<&ModuleFiles> = tree
        .modules()
        .filter(|m| used.as_ref().is_none_or(|u| u.contains(&normalize(&m.dir))))
        .collect();
    modules.sort_by(|a, b| a.dir.cmp(&b.dir));
    for module in modules {
        report.summary.files += module.file_count;
        report.errors.extend(module.errors.iter().cloned());
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
    report.timings.push(clock.lap("parse and evaluate"));
    Loaded {
        graph: Graph::new(resources, providers).with_variables(variables),
        focus: discovery.focus,
        kind: "hcl",
    }
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
        let shown = crate::discover::display_path(path);
        let text = std::fs::read(path)
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
            .and_then(|g| plan_root(g, &plan))
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

/// Whether a file holds a Terraform plan (by content).
fn is_plan_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(1 << 20).read_to_string(&mut head))
        .is_ok_and(|_| crate::parse::looks_like_plan(&head))
}

/// The root of the HCL graph a plan was made from: the one holding most of its addresses.
fn plan_root(graph: &Graph, plan: &crate::parse::PlanFile) -> Option<String> {
    let mut addresses = Vec::new();
    let mut stack: Vec<&serde_json::Value> = plan
        .doc
        .pointer("/planned_values/root_module")
        .into_iter()
        .collect();
    while let Some(module) = stack.pop() {
        for r in module
            .get("resources")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(a) = r.get("address").and_then(|a| a.as_str()) {
                addresses.push(crate::evaluate::plan::config_address(a));
            }
        }
        stack.extend(
            module
                .get("child_modules")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten(),
        );
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in graph.resources() {
        if addresses.contains(&crate::evaluate::plan::config_address(&r.address)) {
            *counts.entry(r.root.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(root, _)| root.to_string())
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
