//! The pipeline: [`Scanner`] loads the policies once and scans paths end to end, from discovery
//! to located findings. Embedders use this; the CLI is one such user.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::discover::discover;
use crate::evaluate::tree::normalize;
use crate::evaluate::{evaluate_root, ModuleFiles, ModuleValues, Tree, VarInputs};
use crate::graph::Graph;
use crate::policy::{self, PolicySet, RawFinding, RuleMeta};
use crate::report::{Finding, Report, Summary};
use crate::{suppress, Error, ScanError, Severity};

/// Stack size of evaluation threads: Rego evaluation recurses over nested values.
const WORKER_STACK: usize = 16 << 20;

/// How many of the slowest rules `--timings` lists.
const SLOWEST_RULES_SHOWN: usize = 5;

/// Which policies to load and how to evaluate them.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// The evaluation date (`YYYY-MM-DD`) for date-dependent rules and suppression expiry;
    /// `None` means today.
    pub today: Option<String>,
    /// The configuration: policy directories, rules to disable or re-rate, suppression policy,
    /// excluded paths and policy data (`Config::default()` when there is no file).
    pub config: Config,
    /// Variable values from outside the configuration (`TF_VAR_*`, `--var`, `--var-file`).
    pub vars: VarInputs,
}

/// A loaded policy set and the worker pool that evaluates it.
#[derive(Debug)]
pub struct Scanner {
    policies: PolicySet,
    suppressions: suppress::Policy,
    /// Severity overrides from the configuration, by rule ID.
    severities: BTreeMap<String, Severity>,
    /// Rules disabled in the configuration: still evaluated, their findings listed as
    /// suppressed (kind `config`) so a disabled rule stays visible to audits.
    disabled: BTreeSet<String>,
    /// The configuration file, as suppressions name it.
    config_file: String,
    exclude: Option<Exclude>,
    vars: VarInputs,
    pool: rayon::ThreadPool,
}

impl Scanner {
    /// Loads and compiles the policies `options` names, and applies the configuration.
    pub fn new(options: &ScanOptions) -> Result<Self, Error> {
        let config = &options.config;
        let mut sources = policy::embedded();
        if !config.default_policies {
            // The helpers stay: custom rules build on `lib` even without the shipped rules.
            sources.retain(|s| s.path.starts_with("policies/lib/"));
        }
        let mut errors = Vec::new();
        for dir in &config.policy_dirs {
            match policy::read_dir(dir) {
                Ok(found) => sources.extend(found),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Policy(errors));
        }
        let today = match &options.today {
            Some(day) => validate_date(day)?,
            None => chrono::Local::now().format("%Y-%m-%d").to_string(),
        };
        let policies = PolicySet::load(&sources, &today, &config.data)?;
        let config_file = config.display_path();
        let mut disabled = BTreeSet::new();
        let mut severities = BTreeMap::new();
        let mut not_ignorable = BTreeSet::new();
        for key in config.rules.keys() {
            let Some(rule) = policies.rules().find(|r| r.id == *key || r.slug == *key) else {
                errors.push(ScanError::file(
                    &config_file,
                    format!("rules.{key}: no loaded rule has this ID or slug"),
                ));
                continue;
            };
            let settings = config.rule(&rule.id, &rule.slug);
            if !settings.enabled {
                disabled.insert(rule.id.clone());
            }
            if let Some(severity) = settings.severity {
                severities.insert(rule.id.clone(), severity);
            }
            if !settings.ignorable {
                not_ignorable.insert(rule.id.clone());
            }
        }
        if !errors.is_empty() {
            return Err(Error::Policy(errors));
        }

        let exclude = Exclude::new(config).map_err(|e| Error::Policy(vec![e]))?;
        let pool = rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("tfwarden-{i}"))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
        let suppressions = suppress::Policy {
            inline: config.suppressions.inline,
            require_reason: config.suppressions.require_reason,
            migrate: config.suppressions.migrate,
            not_ignorable,
            today,
        };
        Ok(Self {
            policies,
            suppressions,
            severities,
            disabled,
            config_file,
            exclude,
            vars: options.vars.clone(),
            pool,
        })
    }

    /// The loaded rules.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &RuleMeta> {
        self.policies.rules()
    }

    /// Scans `paths` (files or directories). Unreadable or malformed inputs, and rules that fail
    /// at run time, become report errors; everything else is still scanned and reported.
    pub fn scan(&self, paths: &[PathBuf]) -> Report {
        self.scan_with_plans(paths, &[])
    }

    /// Scans Terraform plans (`plans`, and plan JSON files found among `paths` by content);
    /// the HCL under `paths` is then used only to locate their findings. Without plans, the
    /// same as [`Scanner::scan`].
    pub fn scan_with_plans(&self, paths: &[PathBuf], plans: &[PathBuf]) -> Report {
        self.pool.install(|| self.scan_inner(paths, plans))
    }

    fn scan_inner(&self, paths: &[PathBuf], plans: &[PathBuf]) -> Report {
        let mut report = Report::default();
        let Loaded { graph, focus, kind } =
            load(paths, plans, self.exclude.as_ref(), &self.vars, &mut report);
        let mut clock = Stopwatch::start();
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let input = graph.input_value(kind, &shown);
        report.timings.push(clock.lap("build input document"));
        let mut evaluation = self.policies.evaluate(input);
        report.timings.push(clock.lap("evaluate policies"));
        evaluation
            .rule_times
            .sort_by_key(|r| std::cmp::Reverse(r.1));
        evaluation.rule_times.truncate(SLOWEST_RULES_SHOWN);
        report.slowest_rules = std::mem::take(&mut evaluation.rule_times);
        for error in evaluation.errors {
            // So the error is shown at its line in the policy, like an HCL error.
            if !report.sources.contains_key(&error.file) {
                if let Some(source) = policy::source_file(&error.file) {
                    report.sources.insert(error.file.clone(), source);
                }
            }
            report.errors.push(error);
        }
        for finding in evaluation.findings {
            match self.locate(&graph, finding) {
                Ok(f) => report.findings.push(f),
                Err(e) => report.errors.push(e),
            }
        }
        report.summary = Summary {
            files: report.summary.files,
            resources: graph.resources().len(),
            rules: self.policies.rules().len(),
            ..Summary::default()
        };
        if let Some(focus) = &focus {
            report.findings.retain(|f| focus.contains(&f.file));
        }
        report.timings.push(clock.lap("locate findings"));
        let rules: Vec<&RuleMeta> = self.policies.rules().collect();
        if !self.disabled.is_empty() {
            suppress::apply_disabled(&mut report, &self.disabled, &self.config_file);
        }
        suppress::apply_inline(&mut report, &rules, &self.suppressions);
        report.sort();
        report.timings.push(clock.lap("suppress and sort"));
        crate::fix::attach(&mut report);
        report.timings.push(clock.lap("fixes"));
        report
    }

    fn locate(&self, graph: &Graph, raw: RawFinding) -> Result<Finding, ScanError> {
        let rule = self.policies.rule(raw.rule);
        let located = graph
            .locate(raw.root.as_deref(), &raw.resource, &raw.attribute)
            .ok_or_else(|| {
                ScanError::new(
                    &rule.file,
                    rule.line,
                    1,
                    format!(
                        "rule {} reported a resource that does not exist, or whose address is \
                     ambiguous without a `root`: {}",
                        rule.id, raw.resource
                    ),
                )
            })?;
        let (start, end) = located.file.range(&located.range);
        let resource = graph.resource(Some(&located.root), &raw.resource);
        let block_lines = resource.map_or((start.line, start.line), |r| {
            let extent = &r.source.extent;
            (
                r.source.file.position(extent.start).line,
                r.source.file.position(extent.end).line,
            )
        });
        let module_calls = resource.map(|r| r.module_calls.clone()).unwrap_or_default();
        // Sensitive values (plan `after_sensitive`) are judged but never shown.
        let (message, sensitive) = match resource {
            Some(r) if !r.sensitive.is_empty() => (
                mask_sensitive(r, raw.message),
                r.sensitive
                    .iter()
                    .any(|s| raw.attribute == *s || raw.attribute.starts_with(&format!("{s}."))),
            ),
            _ => (raw.message, false),
        };
        Ok(Finding {
            rule_id: rule.id.clone(),
            rule: rule.slug.clone(),
            // The configuration re-rates a rule's findings; advisory notes stay notes.
            severity: match self.severities.get(&rule.id) {
                Some(severity) if raw.severity != Severity::Info => *severity,
                _ => raw.severity,
            },
            title: rule.title.clone(),
            message,
            resource: raw.resource,
            root: located.root.clone(),
            block_lines,
            module_calls,
            file: located.file.path.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            attribute: (!raw.attribute.is_empty()).then_some(raw.attribute),
            remediation: rule.remediation.clone(),
            security_hub: rule.security_hub.clone(),
            fix: None,
            edit: edit_of(rule, raw.fix.as_ref()),
            redact: if raw.redact || sensitive {
                located.value
            } else {
                None
            },
            range: located.range,
        })
    }
}

/// Discovers, parses and evaluates `paths` into the graph policies see: each root module with
/// its module tree. Problems with inputs go into `report`, with the sources read, the file count
/// and the stage timings; the rest of the configuration is still loaded. (`tfwarden inspect`
/// prints this graph's input document.)
pub fn load_graph(
    paths: &[PathBuf],
    exclude: Option<&Exclude>,
    vars: &VarInputs,
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
        .map(|root| (root.to_string(), evaluate_root(&tree, root, vars)))
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

/// The edit a finding's fix makes: the rule's `fix.set`, with the finding's own `fix.set`
/// (values that depend on it) taking precedence.
fn edit_of(rule: &RuleMeta, raw: Option<&serde_json::Value>) -> Option<crate::fix::Edit> {
    let spec = rule.fix.as_ref()?;
    let mut set: BTreeMap<String, serde_json::Value> = spec
        .set
        .iter()
        .filter_map(|(path, json)| Some((path.clone(), serde_json::from_str(json).ok()?)))
        .collect();
    if let Some(serde_json::Value::Object(own)) = raw.and_then(|f| f.get("set")) {
        set.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    (!set.is_empty()).then_some(crate::fix::Edit {
        applicability: spec.applicability,
        set,
    })
}

/// `message` with every sensitive string value of `resource` replaced by `(sensitive)`.
fn mask_sensitive(resource: &crate::graph::Resource, mut message: String) -> String {
    for path in &resource.sensitive {
        let mut node = Some(&resource.values);
        for part in path.split('.') {
            node = node.and_then(|n| match n {
                serde_json::Value::Array(items) => {
                    part.parse::<usize>().ok().and_then(|i| items.get(i))
                }
                other => other.get(part),
            });
        }
        let mut leaves = Vec::new();
        if let Some(value) = node {
            string_leaves(value, &mut leaves);
        }
        for leaf in leaves.into_iter().filter(|l| l.len() >= 3) {
            message = message.replace(leaf, "(sensitive)");
        }
    }
    message
}

fn string_leaves<'v>(value: &'v serde_json::Value, out: &mut Vec<&'v str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| string_leaves(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| string_leaves(v, out)),
        _ => {}
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
        return load_graph(paths, exclude, vars, report);
    }
    let sources =
        (!hcl_paths.is_empty()).then(|| load_graph(&hcl_paths, exclude, vars, report).graph);
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

/// Measures the stages of a scan for `--timings`.
struct Stopwatch(std::time::Instant);

impl Stopwatch {
    fn start() -> Self {
        Self(std::time::Instant::now())
    }

    /// The time since the last lap, named.
    fn lap(&mut self, stage: &'static str) -> (&'static str, std::time::Duration) {
        let now = std::time::Instant::now();
        let elapsed = now - self.0;
        self.0 = now;
        (stage, elapsed)
    }
}

fn validate_date(day: &str) -> Result<String, Error> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Error::Usage(format!("invalid date {day:?}: expected YYYY-MM-DD")))
}
