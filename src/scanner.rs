//! The pipeline: [`Scanner`] loads the policies once and scans paths end to end, from discovery
//! to located findings. Embedders use this; the CLI is one such user.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
        self.pool.install(|| self.scan_inner(paths))
    }

    fn scan_inner(&self, paths: &[PathBuf]) -> Report {
        let mut report = Report::default();
        let Loaded { graph, focus } =
            load_graph(paths, self.exclude.as_ref(), &self.vars, &mut report);
        let mut clock = Stopwatch::start();
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let input = graph.input_value("hcl", &shown);
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
        Ok(Finding {
            rule_id: rule.id.clone(),
            rule: rule.slug.clone(),
            // The configuration re-rates a rule's findings; advisory notes stay notes.
            severity: match self.severities.get(&rule.id) {
                Some(severity) if raw.severity != Severity::Info => *severity,
                _ => raw.severity,
            },
            title: rule.title.clone(),
            message: raw.message,
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
            fix: raw.fix,
            redact: if raw.redact { located.value } else { None },
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
    }
}

/// A loaded configuration.
#[derive(Debug)]
pub struct Loaded {
    /// What policies evaluate.
    pub graph: Graph,
    /// When only files were named: the files whose findings to report (see
    /// [`Discovery::focus`](crate::discover::Discovery::focus)).
    pub focus: Option<std::collections::BTreeSet<String>>,
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
