//! The pipeline: [`Scanner`] loads the policies once and scans paths end to end, from discovery
//! to located findings. Embedders use this; the CLI is one such user.

mod load;

pub use self::load::{load, load_graph, load_input, load_part, Exclude, Input, Loaded};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use crate::config::Config;
use crate::evaluate::{Limits, VarInputs};
use crate::graph::Graph;
use crate::policy::{self, PolicySet, RawFinding, RuleMeta};
use crate::report::{Finding, Report, Summary};
use crate::timing::Stopwatch;
use crate::{suppress, Error, ScanError, Severity};

/// Stack size of evaluation threads: Rego evaluation recurses over nested values.
const WORKER_STACK: usize = 16 << 20;

/// How many of the slowest rules `--timings` lists.
const SLOWEST_RULES_SHOWN: usize = 5;

/// How many root modules go through the policies together. Batches run in parallel, each
/// from parsing to located and fixed findings, so memory is bounded by the batches in flight,
/// not by the size of the monorepo; a larger batch shares the fixed cost of each rule between
/// more roots. `TFWARDEN_BATCH_ROOTS` overrides it (for measuring).
const BATCH_ROOTS: usize = 64;

fn batch_roots() -> usize {
    std::env::var("TFWARDEN_BATCH_ROOTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(BATCH_ROOTS)
}

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
    /// Which rules run and which findings are reported (`--rule`, `--skip-rule`,
    /// `--min-severity`).
    pub select: Selection,
}

/// Which rules a scan runs and which findings it reports: the command line's `--rule`,
/// `--skip-rule` and `--min-severity`. A rule is named by its ID, its slug, or the ID of an
/// equivalent check in another scanner (`CKV_AWS_45`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Run only these rules (empty: every loaded rule).
    pub rules: Vec<String>,
    /// Do not run these rules.
    pub skip: Vec<String>,
    /// Report only findings at or above this severity (after the configuration re-rates them).
    pub min_severity: Option<Severity>,
}

/// The IDs of the rules each of `names` selects (see [`RuleMeta::answers_to`]); a name that
/// selects no loaded rule is a usage error, so a typo never silently selects nothing.
pub fn resolve_rules(
    rules: &[&RuleMeta],
    names: &[String],
    flag: &str,
) -> Result<BTreeSet<String>, Error> {
    let mut ids = BTreeSet::new();
    let mut unknown = Vec::new();
    for name in names {
        let found: Vec<String> = rules
            .iter()
            .filter(|r| r.answers_to(name))
            .map(|r| r.id.clone())
            .collect();
        if found.is_empty() {
            unknown.push(name.as_str());
        }
        ids.extend(found);
    }
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(Error::Usage(format!(
            "{flag} {}: no loaded rule has this ID, slug or equivalent ID (see `tfwarden rules`)",
            unknown.join(", ")
        )))
    }
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
    min_severity: Option<Severity>,
    limits: Limits,
    pool: rayon::ThreadPool,
    /// Keep only the text of files that errors and notes point at ([`Scanner::lean_sources`]).
    lean_sources: bool,
    /// Root modules per batch ([`Scanner::batch_roots`]).
    batch_roots: usize,
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
                // A directory the configuration file lists is shown at its line there.
                Err(e) => errors.push(config.locate_policy_dir(dir).unwrap_or(e)),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Policy(errors));
        }
        let today = match &options.today {
            Some(day) => validate_date(day)?,
            None => chrono::Local::now().format("%Y-%m-%d").to_string(),
        };
        let mut policies = PolicySet::load(&sources, &today, &config.data)?;
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
        // The configuration's rule keys are checked against every loaded rule first: a rule
        // left out on the command line is still a rule the file may name.
        let select = &options.select;
        let loaded: Vec<&RuleMeta> = policies.rules().collect();
        let only = resolve_rules(&loaded, &select.rules, "--rule")?;
        let skip = resolve_rules(&loaded, &select.skip, "--skip-rule")?;
        policies.retain(|r| (only.is_empty() || only.contains(&r.id)) && !skip.contains(&r.id));

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
            min_severity: options.select.min_severity,
            limits: config.limits.clone(),
            pool,
            lean_sources: false,
            batch_roots: batch_roots(),
        })
    }

    /// Scans HCL root modules `roots` at a time (at least one), or, with `0`, all in one graph
    /// as plans are: the reports are the same, only memory and speed differ.
    pub fn batch_roots(&mut self, roots: usize) {
        self.batch_roots = roots;
    }

    /// With `lean`, a report keeps the text only of the files its errors and notes point at,
    /// not of every file scanned (`Report::sources`): for outputs that show no source lines
    /// around findings (JSON, SARIF, ...), so a scan of many root modules holds the text of
    /// the batches in flight only. Fixes are computed all the same.
    pub fn lean_sources(&mut self, lean: bool) {
        self.lean_sources = lean;
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
        self.pool.install(|| self.scan_inner(paths, plans, None))
    }

    /// [`Scanner::scan_with_plans`], handing the findings to `each` as batches of root modules
    /// are judged instead of keeping them: `each` gets them in report order (root modules in
    /// order, each batch sorted by [`Finding::sort_key`]), on the calling thread, while the
    /// next batches are scanned. The returned report has everything else, and counts the
    /// findings it does not hold in [`Report::streamed`]. Memory is then bounded by the
    /// batches in flight, not by the size of the repository.
    pub fn scan_streaming(
        &self,
        paths: &[PathBuf],
        plans: &[PathBuf],
        each: &mut dyn FnMut(Vec<Finding>),
    ) -> Report {
        let (sender, receiver) = std::sync::mpsc::sync_channel(STREAM_AHEAD);
        std::thread::scope(|scope| {
            let worker = scope.spawn(move || {
                self.pool
                    .install(|| self.scan_inner(paths, plans, Some(&sender)))
            });
            for findings in receiver {
                each(findings);
            }
            match worker.join() {
                Ok(report) => report,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    fn scan_inner(&self, paths: &[PathBuf], plans: &[PathBuf], stream: Stream<'_>) -> Report {
        let mut report = Report::default();
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let exclude = self.exclude.as_ref();
        let input = if self.batch_roots == 0 {
            Input::Whole(load(
                paths,
                plans,
                exclude,
                &self.vars,
                &self.limits,
                &mut report,
            ))
        } else {
            load_input(paths, plans, exclude, &self.vars, &self.limits, &mut report)
        };
        let Loaded { graph, focus, kind } = match input {
            Input::Whole(loaded) => loaded,
            Input::Outline(tree) => return self.scan_batches(&tree, &shown, report, stream),
        };
        let mut clock = Stopwatch::start();
        let policy_errors = self.judge(
            &graph,
            kind,
            &shown,
            focus.as_ref(),
            &mut report,
            &mut clock,
            (Vec::new(), &|_| None),
        );
        add_policy_errors(&mut report, policy_errors);
        report.summary.resources = graph.resources().len();
        let mut report = self.finish(report);
        if let Some(stream) = stream {
            let findings = std::mem::take(&mut report.findings);
            hand_out(&mut report, findings, stream);
        }
        report
    }

    /// Scans the roots of an outline in batches of [`BATCH_ROOTS`], in parallel, each batch
    /// loaded, judged, located, suppressed and fixed on its own, then merges the reports.
    /// Nothing of a root depends on another root, so the result is that of one graph of all.
    fn scan_batches(
        &self,
        tree: &crate::evaluate::Tree,
        shown: &[String],
        mut report: Report,
        stream: Stream<'_>,
    ) -> Report {
        let mut clock = Stopwatch::start();
        let batches: Vec<&[String]> = tree.roots.chunks(self.batch_roots.max(1)).collect();
        // A module is reported (file count, errors, text) by the first batch that reads it.
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (i, roots) in batches.iter().enumerate() {
            for root in roots.iter() {
                for dir in tree.closure(root) {
                    owner.entry(dir).or_insert(i);
                }
            }
        }
        let batch_count = batches.len();
        let mut stages: Vec<(&'static str, Duration)> = Vec::new();
        let mut rule_times: Vec<(String, Duration)> = Vec::new();
        let mut policy_errors = Vec::new();
        let mut noted: BTreeSet<(String, usize)> = BTreeSet::new();
        // A few batches per worker at a time, merged in order before the next ones start: what
        // is held is the batches in flight, and findings go out (or in the report) in order.
        let in_flight = rayon::current_num_threads().max(1) * BATCHES_PER_WORKER;
        let numbered: Vec<(usize, &[String])> = batches.into_iter().enumerate().collect();
        for wave in numbered.chunks(in_flight) {
            let parts: Vec<(Report, Vec<ScanError>)> = wave
                .par_iter()
                .map(|&(i, roots)| {
                    let mut part = Report::default();
                    let mut clock = Stopwatch::start();
                    let owned = |dir: &str| owner.get(dir) == Some(&i);
                    let (graph, borrowed, read) =
                        load_part(tree, roots, &owned, &self.vars, &self.limits, &mut part);
                    part.timings.push(clock.lap("parse and evaluate"));
                    // The fixes edit the syntax trees the batch was evaluated from.
                    let parsed: HashMap<&str, &hcl_edit::structure::Body> = read
                        .modules()
                        .flat_map(|m| &m.files)
                        .map(|f| (f.source.path.as_str(), &f.body))
                        .collect();
                    let policy_errors = self.judge(
                        &graph,
                        "hcl",
                        shown,
                        None,
                        &mut part,
                        &mut clock,
                        (borrowed, &|file| parsed.get(file).copied()),
                    );
                    part.summary.resources = graph.resources().len();
                    if self.lean_sources {
                        keep_error_sources(&mut part);
                    }
                    (part, policy_errors)
                })
                .collect();
            for (mut part, errors) in parts {
                let findings = std::mem::take(&mut part.findings);
                match stream {
                    Some(stream) => hand_out(&mut report, findings, stream),
                    None => report.findings.extend(findings),
                }
                report.suppressed.extend(part.suppressed);
                report.errors.extend(part.errors);
                // A suppression in a module several batches use is noted once, as in one graph.
                for note in part.notes {
                    if note.kind != crate::report::NoteKind::Suppression
                        || noted.insert((note.file.clone(), note.line))
                    {
                        report.notes.push(note);
                    }
                }
                report.sources.extend(part.sources);
                report.summary.files += part.summary.files;
                report.summary.resources += part.summary.resources;
                add_times(&mut stages, part.timings);
                add_times(&mut rule_times, part.slowest_rules);
                for error in errors {
                    if !policy_errors.contains(&error) {
                        policy_errors.push(error);
                    }
                }
            }
        }
        // Modules that only call each other, which no root reaches: still read and reported.
        for module in tree.unreached() {
            report.summary.files += module.file_count;
            report.errors.extend(module.errors.iter().cloned());
            for source in &module.sources {
                report.sources.insert(source.path.clone(), source.clone());
            }
        }
        add_policy_errors(&mut report, policy_errors);
        report.timings.push(clock.lap(match batch_count {
            1 => "one batch of roots, wall time",
            _ => "batches of roots, wall time (the stages below are summed over batches)",
        }));
        report.timings.extend(stages);
        report.slowest_rules = rule_times;
        if self.lean_sources {
            keep_error_sources(&mut report);
        }
        self.finish(report)
    }

    /// Judges a graph: builds its input document, evaluates the policies, locates their
    /// findings, keeps those of `focus` and at the severity asked, applies the configuration's
    /// disabled rules and inline suppressions, sorts, and attaches fixes (never in files with
    /// errors, `borrowed` included). Each rule's time goes in `report.slowest_rules`, in rule
    /// order; the policies' own errors are returned.
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        graph: &Graph,
        kind: &str,
        shown: &[String],
        focus: Option<&BTreeSet<String>>,
        report: &mut Report,
        clock: &mut Stopwatch,
        (borrowed, parsed): (Vec<ScanError>, crate::fix::Parsed<'_>),
    ) -> Vec<ScanError> {
        let input = graph.input_value(kind, shown);
        report.timings.push(clock.lap("build input document"));
        let evaluation = self.policies.evaluate(input);
        report.timings.push(clock.lap("evaluate policies"));
        report.slowest_rules = evaluation.rule_times;
        for finding in evaluation.findings {
            match self.locate(graph, finding) {
                Ok(f) => report.findings.push(f),
                Err(e) => report.errors.push(e),
            }
        }
        if let Some(focus) = focus {
            report.findings.retain(|f| focus.contains(&f.file));
        }
        if let Some(min) = self.min_severity {
            report.findings.retain(|f| f.severity >= min);
        }
        report.timings.push(clock.lap("locate findings"));
        let rules: Vec<&RuleMeta> = self.policies.rules().collect();
        if !self.disabled.is_empty() {
            suppress::apply_disabled(report, &self.disabled, &self.config_file);
        }
        suppress::apply_inline(report, &rules, &self.suppressions);
        report.sort();
        report.timings.push(clock.lap("suppress and sort"));
        let own_errors = report.errors.len();
        report.errors.extend(borrowed);
        crate::fix::attach(report, parsed);
        report.errors.truncate(own_errors);
        report.timings.push(clock.lap("fixes"));
        evaluation.errors
    }

    /// The report's summary and order, and its slowest rules (`--timings`).
    fn finish(&self, mut report: Report) -> Report {
        let mut clock = Stopwatch::start();
        report.summary = Summary {
            files: report.summary.files,
            resources: report.summary.resources,
            rules: self.policies.rules().len(),
            skipped: report.summary.skipped,
            ignored: report.summary.ignored,
            ..Summary::default()
        };
        report.slowest_rules.sort_by_key(|r| std::cmp::Reverse(r.1));
        report.slowest_rules.truncate(SLOWEST_RULES_SHOWN);
        report.sort();
        report.timings.push(clock.lap("merge and sort"));
        // The policies loaded before the scan (their analysis went on beside its first stages).
        let mut timings = self.policies.load_timings();
        timings.append(&mut report.timings);
        report.timings = timings;
        report
    }

    fn locate(&self, graph: &Graph, raw: RawFinding) -> Result<Finding, ScanError> {
        let rule = self.policies.rule(raw.rule);
        // A message that names no resource (a Conftest-style policy's) is about the whole
        // configuration.
        let located = if raw.resource.is_empty() {
            graph.start()
        } else {
            graph.locate(raw.root.as_deref(), &raw.resource, &raw.attribute)
        };
        let located = located.ok_or_else(|| {
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
            // Ranges name the file as written (a `.tf.json` file's JSON, not its translation).
            redact: if raw.redact || sensitive {
                located.value.map(|r| located.file.written_range(&r))
            } else {
                None
            },
            range: located.file.written_range(&located.range),
        })
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

/// Adds the policies' run-time errors to a report, each with its policy file's text so the
/// error is shown at its line in the policy, like an HCL error.
fn add_policy_errors(report: &mut Report, errors: Vec<ScanError>) {
    for error in errors {
        if !report.sources.contains_key(&error.file) {
            if let Some(source) = policy::source_file(&error.file) {
                report.sources.insert(error.file.clone(), source);
            }
        }
        report.errors.push(error);
    }
}

/// Drops the text of every file no error or note points at.
fn keep_error_sources(report: &mut Report) {
    let wanted: BTreeSet<&str> = report
        .errors
        .iter()
        .map(|e| e.file.as_str())
        .chain(report.notes.iter().map(|n| n.file.as_str()))
        .collect();
    report
        .sources
        .retain(|file, _| wanted.contains(file.as_str()));
}

/// Adds `times` to `total`, by name, keeping the order names first appear in.
fn add_times<K: PartialEq>(total: &mut Vec<(K, Duration)>, times: Vec<(K, Duration)>) {
    for (name, took) in times {
        match total.iter_mut().find(|(n, _)| *n == name) {
            Some((_, sum)) => *sum += took,
            None => total.push((name, took)),
        }
    }
}

/// Where [`Scanner::scan_streaming`] sends each batch's findings.
type Stream<'a> = Option<&'a std::sync::mpsc::SyncSender<Vec<Finding>>>;

/// How many batches' findings may wait for the caller of [`Scanner::scan_streaming`] before
/// the scan waits for it.
const STREAM_AHEAD: usize = 4;

/// Batches scanned at a time per worker thread; the next ones start when all of these are
/// merged.
const BATCHES_PER_WORKER: usize = 4;

/// Sends `findings` (one batch's, sorted) down `stream`, counting them in `report.streamed`.
fn hand_out(
    report: &mut Report,
    findings: Vec<Finding>,
    stream: &std::sync::mpsc::SyncSender<Vec<Finding>>,
) {
    if findings.is_empty() {
        return;
    }
    for finding in &findings {
        *report.streamed.entry(finding.severity).or_default() += 1;
    }
    // The receiver only goes away when the caller is gone; nothing is left to tell.
    let _ = stream.send(findings);
}

/// A report of errors alone, for a run that could not start (policies that do not load): each
/// policy file's text is attached so the errors show in context.
pub fn error_report(errors: Vec<ScanError>) -> Report {
    let mut report = Report::default();
    for error in &errors {
        if !report.sources.contains_key(&error.file) {
            if let Some(source) = policy::source_file(&error.file) {
                report.sources.insert(error.file.clone(), source);
            }
        }
    }
    report.errors = errors;
    report.sort();
    report
}

fn validate_date(day: &str) -> Result<String, Error> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Error::Usage(format!("invalid date {day:?}: expected YYYY-MM-DD")))
}
