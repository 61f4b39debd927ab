//! The pipeline: [`Scanner`] loads the policies once and scans paths end to end, from discovery
//! to located findings. Embedders use this; the CLI is one such user.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{discover, ModuleDir};
use crate::evaluate::{evaluate_module, ModuleValues};
use crate::graph::Graph;
use crate::parse::{decode, parse_hcl, ParsedFile};
use crate::policy::{self, PolicySet, RawFinding, RuleMeta};
use crate::report::{Finding, Report, Summary};
use crate::source::SourceFile;
use crate::{Error, ScanError};

/// Stack size of evaluation threads: Rego evaluation recurses over nested values.
const WORKER_STACK: usize = 16 << 20;

/// Which policies to load and how to evaluate them.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Load the shipped Lambda rules (the `lib` helpers are always loaded).
    pub default_policies: bool,
    /// Extra policy directories (`.rego` and `.json` data).
    pub policy_dirs: Vec<PathBuf>,
    /// The evaluation date (`YYYY-MM-DD`) for date-dependent rules; `None` means today.
    pub today: Option<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            default_policies: true,
            policy_dirs: Vec::new(),
            today: None,
        }
    }
}

/// A loaded policy set and the worker pool that evaluates it.
#[derive(Debug)]
pub struct Scanner {
    policies: PolicySet,
    pool: rayon::ThreadPool,
}

impl Scanner {
    /// Loads and compiles the policies `options` names.
    pub fn new(options: &ScanOptions) -> Result<Self, Error> {
        let mut sources = policy::embedded();
        if !options.default_policies {
            // The helpers stay: custom rules build on `lib` even without the shipped rules.
            sources.retain(|s| s.path.starts_with("policies/lib/"));
        }
        let mut errors = Vec::new();
        for dir in &options.policy_dirs {
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
        let policies = PolicySet::load(&sources, &today)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("tfwarden-{i}"))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
        Ok(Self { policies, pool })
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
        let graph = load_graph(paths, &mut report);
        let mut clock = Stopwatch::start();
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let input = graph.input_value("hcl", &shown);
        report.timings.push(clock.lap("build input document"));
        let evaluation = self.policies.evaluate(input);
        report.timings.push(clock.lap("evaluate policies"));
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
        report.sort();
        report.timings.push(clock.lap("locate and sort findings"));
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
        Ok(Finding {
            rule_id: rule.id.clone(),
            rule: rule.slug.clone(),
            severity: raw.severity,
            title: rule.title.clone(),
            message: raw.message,
            resource: raw.resource,
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

/// Discovers, parses and evaluates `paths` into the graph policies see. Problems with inputs go
/// into `report`, with the sources read, the file count and the stage timings; the rest of the
/// configuration is still loaded. (`tfwarden inspect` prints this graph's input document.)
pub fn load_graph(paths: &[PathBuf], report: &mut Report) -> Graph {
    let mut clock = Stopwatch::start();
    let discovery = discover(paths);
    report.errors.extend(discovery.errors);
    report.timings.push(clock.lap("discover"));
    let modules: Vec<ModuleFiles> = discovery.modules.par_iter().map(read_module).collect();
    // Until module calls are resolved, every directory is its own root configuration.
    let evaluated: Vec<ModuleValues> = modules
        .par_iter()
        .zip(discovery.modules.par_iter())
        .map(|(m, dir)| evaluate_module(&m.parsed, &dir.dir, ""))
        .collect();
    report.summary.files = discovery.modules.iter().map(|m| m.files.len()).sum();
    let mut resources = Vec::new();
    let mut providers = Vec::new();
    for (
        ModuleFiles {
            errors, sources, ..
        },
        values,
    ) in modules.into_iter().zip(evaluated)
    {
        report.errors.extend(errors);
        report.errors.extend(values.errors);
        for source in sources {
            report.sources.insert(source.path.clone(), source);
        }
        resources.extend(values.resources);
        providers.extend(values.providers);
    }
    report.timings.push(clock.lap("parse and evaluate"));
    Graph::new(resources, providers)
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

/// One module's files after reading and parsing.
struct ModuleFiles {
    /// The files that parsed.
    parsed: Vec<ParsedFile>,
    /// Files that could not be read, decoded or parsed.
    errors: Vec<ScanError>,
    /// Every file that could be decoded, so errors can be shown in context.
    sources: Vec<Arc<SourceFile>>,
}

/// Reads and parses one module's files.
fn read_module(module: &ModuleDir) -> ModuleFiles {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    let mut sources = Vec::new();
    for path in &module.files {
        let bytes = match std::fs::read(Path::new(path)) {
            Ok(bytes) => bytes,
            Err(e) => {
                errors.push(ScanError::file(path, format!("cannot read file: {e}")));
                continue;
            }
        };
        let source = match decode(path, bytes) {
            Ok(source) => Arc::new(source),
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        sources.push(source.clone());
        match parse_hcl(source) {
            Ok(file) => parsed.push(file),
            Err(e) => errors.push(e),
        }
    }
    ModuleFiles {
        parsed,
        errors,
        sources,
    }
}

fn validate_date(day: &str) -> Result<String, Error> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Error::Usage(format!("invalid date {day:?}: expected YYYY-MM-DD")))
}
