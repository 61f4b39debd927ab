//! Policy stage: loads Rego policies (the library embedded at build time, plus any directories
//! given), reads their metadata, compiles them once into a prototype `regorus` engine, and
//! evaluates every rule against one input document, fanned out over rayon workers with an
//! engine clone each. Results come back in rule order whatever the thread timing.

mod analysis;
mod conftest;
mod explain;
pub mod metadata;
mod recursion;
pub mod testing;

use std::path::Path;
use std::time::Duration;

use std::sync::Arc;

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use regorus::Value as RegoValue;

pub use self::metadata::{RuleMeta, Severity};
use crate::source::SourceFile;
use crate::timing::Stopwatch;
use crate::{Error, ScanError};

/// The shipped library, embedded in the binary.
static LIBRARY: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// How long one rule may evaluate before it is stopped (runaway loops in custom policies).
const RULE_TIME_LIMIT: Duration = Duration::from_secs(30);

/// One policy or data file.
#[derive(Debug, Clone)]
pub struct PolicySource {
    /// Its path, as reported in errors (`policies/lambda/lmb501_tracing_disabled.rego`).
    pub path: String,
    /// Its text.
    pub text: String,
}

impl PolicySource {
    pub(crate) fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
    fn is_rego(&self) -> bool {
        self.path.ends_with(".rego")
    }
    fn is_data(&self) -> bool {
        [".json", ".yaml", ".yml"]
            .iter()
            .any(|ext| self.path.ends_with(ext))
    }
}

/// The embedded library's `.rego` and `.json` files, sorted by path.
pub fn embedded() -> Vec<PolicySource> {
    let mut out = Vec::new();
    collect_embedded(&LIBRARY, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<PolicySource>) {
    for file in dir.files() {
        let path = format!(
            "policies/{}",
            file.path().to_string_lossy().replace('\\', "/")
        );
        if let Some(text) = file.contents_utf8() {
            let source = PolicySource {
                path,
                text: text.to_string(),
            };
            if source.is_rego() || source.is_data() {
                out.push(source);
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// The text of a policy file by the path errors report: an embedded library file
/// (`policies/...`) or a file on disk. For showing errors in context.
pub fn source_file(path: &str) -> Option<Arc<SourceFile>> {
    let text = match path
        .strip_prefix("policies/")
        .and_then(|p| LIBRARY.get_file(p))
    {
        Some(file) => file.contents_utf8()?.to_string(),
        None => std::fs::read_to_string(path).ok()?,
    };
    Some(Arc::new(SourceFile::new(path, text)))
}

/// Reads the policies (`.rego`) and data files (`.json`, `.yaml`, `.yml`) under `dir`
/// (recursively, sorted).
pub fn read_dir(dir: &Path) -> Result<Vec<PolicySource>, ScanError> {
    let shown = dir.to_string_lossy().to_string();
    if !dir.is_dir() {
        return Err(ScanError::file(shown, "policy directory does not exist"));
    }
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        let entry = entry.map_err(|e| ScanError::file(&shown, e.to_string()))?;
        let path = entry.path();
        let name = path.to_string_lossy().replace('\\', "/");
        let source = PolicySource {
            path: name,
            text: String::new(),
        };
        if !(source.is_rego() || source.is_data()) || !path.is_file() {
            continue;
        }
        let name = source.path;
        let text = std::fs::read_to_string(path)
            .map_err(|e| ScanError::file(&name, format!("cannot read policy file: {e}")))?;
        out.push(PolicySource { path: name, text });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// What a rule reported about one resource, before it is located in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFinding {
    /// Index of the rule in [`PolicySet::rules`].
    pub rule: usize,
    /// Severity: the rule's for `deny`, [`Severity::Info`] for `warn`.
    pub severity: Severity,
    /// The resource address.
    pub resource: String,
    /// The resource's root module (`input.resources[].root`); needed when the address is not
    /// unique across the scanned roots.
    pub root: Option<String>,
    /// The attribute path (`""` for the block).
    pub attribute: String,
    /// The message.
    pub message: String,
    /// The value at `attribute` is a secret and must be masked in every output.
    pub redact: bool,
    /// The rule's fix suggestion, if any.
    pub fix: Option<serde_json::Value>,
}

/// A loaded, compiled set of policies, ready to evaluate many inputs.
pub struct PolicySet {
    /// The engine holding every policy, analyzed in the background ([`analysis`]).
    engine: analysis::Analysis,
    rules: Vec<CompiledRule>,
    /// How long each loading step took (`--timings`).
    load_timings: Vec<(&'static str, Duration)>,
}

#[derive(Debug, Clone)]
struct CompiledRule {
    meta: RuleMeta,
    has_deny: bool,
    has_warn: bool,
    /// For a Conftest-style package (no METADATA): the sets it declares.
    conftest: Option<Vec<&'static str>>,
}

impl CompiledRule {
    /// The rule sets to evaluate and the severity of their findings.
    fn sets(&self) -> Vec<(&'static str, Severity)> {
        if let Some(sets) = &self.conftest {
            return conftest::SETS
                .iter()
                .filter(|(name, _)| sets.contains(name))
                .map(|(name, severity)| match *severity {
                    Severity::Info => (*name, Severity::Info),
                    _ => (*name, self.meta.severity),
                })
                .collect();
        }
        let mut sets = Vec::new();
        if self.has_deny {
            sets.push(("deny", self.meta.severity));
        }
        if self.has_warn {
            sets.push(("warn", Severity::Info));
        }
        sets
    }
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl PolicySet {
    /// Loads and compiles `sources` (test files are skipped), with `today` (`YYYY-MM-DD`) as
    /// `data.tfwarden.config.today`. Every file that fails to load is reported, at its line.
    pub fn load(
        sources: &[PolicySource],
        today: &str,
        config: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, Error> {
        let mut clock = Stopwatch::start();
        let sources: Vec<&PolicySource> = sources.iter().filter(|s| !s.is_test()).collect();
        let Loaded { engine, headers } = build_engine(&sources, today, config, &mut clock)?;
        let mut rules: Vec<CompiledRule> = Vec::new();
        let mut errors = Vec::new();
        for (source, header) in headers {
            let declares = |name: &str| {
                engine
                    .has_declared_rule_rooted_at(&source.path, name)
                    .unwrap_or(false)
            };
            let (meta, conftest) = match header.rule {
                Some(ref meta) => (meta.clone(), None),
                None => match conftest::declared_sets(declares) {
                    // Files of one package share its rules: the package is one rule.
                    Some(_) if rules.iter().any(|r| r.meta.package == header.package) => continue,
                    Some(sets) => (conftest::rule_meta(source, &header), Some(sets)),
                    None => continue,
                },
            };
            if let Some(dup) = rules.iter().find(|r: &&CompiledRule| r.meta.id == meta.id) {
                errors.push(ScanError::new(
                    &source.path,
                    header.line,
                    1,
                    format!(
                        "rule ID {} is already defined in {}",
                        meta.id, dup.meta.file
                    ),
                ));
                continue;
            }
            if conftest.is_none() && !declares("deny") && !declares("warn") {
                errors.push(ScanError::new(
                    &source.path,
                    header.line,
                    1,
                    format!("rule {} declares neither `deny` nor `warn`", meta.id),
                ));
                continue;
            }
            rules.push(CompiledRule {
                has_deny: declares("deny"),
                has_warn: declares("warn"),
                conftest,
                meta,
            });
        }
        if !errors.is_empty() {
            return Err(Error::Policy(errors));
        }
        let mut load_timings = clock.take();
        load_timings.push(clock.lap("load policies: rule sets"));
        let first = rules.first().map(|rule| {
            let set = rule.sets().first().map_or("deny", |(set, _)| *set);
            (
                format!("{}.{set}", rule.meta.package),
                rule.meta.file.clone(),
            )
        });
        Ok(Self {
            engine: analysis::Analysis::start(engine, first),
            rules,
            load_timings,
        })
    }

    /// Waits for the analysis regorus makes before a first evaluation, which runs on a thread
    /// of its own from [`PolicySet::load`] on, and gives the errors only it finds (unsafe
    /// variables). [`PolicySet::evaluate`] waits for it too, and reports those errors.
    pub fn analyzed(&self) -> Result<(), Error> {
        match &self.engine.get().0 {
            Ok(_) => Ok(()),
            Err(errors) => Err(Error::Policy(errors.clone())),
        }
    }

    /// How long each step of [`PolicySet::load`] took, in order, and the analysis that runs
    /// on after it (`--timings`; waits for the analysis).
    pub fn load_timings(&self) -> Vec<(&'static str, Duration)> {
        let mut timings = self.load_timings.clone();
        timings.push((
            "load policies: analyze (on a thread of its own, beside the stages below)",
            self.engine.get().1,
        ));
        timings
    }

    /// The rules, in load order (sorted by file path).
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &RuleMeta> {
        self.rules.iter().map(|r| &r.meta)
    }

    /// Keeps only the rules `keep` accepts (`--rule`, `--skip-rule`); the others are not
    /// evaluated.
    pub fn retain(&mut self, keep: impl Fn(&RuleMeta) -> bool) {
        self.rules.retain(|r| keep(&r.meta));
    }

    /// One rule's metadata by index.
    pub fn rule(&self, index: usize) -> &RuleMeta {
        &self.rules[index].meta
    }

    /// Evaluates every rule against `input`, in parallel; findings are in rule order. A rule
    /// that fails at run time (a builtin error, a finding of the wrong shape, the time limit)
    /// becomes an error at its own file and line; the other rules still report.
    pub fn evaluate(&self, input: RegoValue) -> Evaluation {
        // Conftest-style messages are located by the addresses they mention.
        let addresses = if self.rules.iter().any(|r| r.conftest.is_some()) {
            conftest::addresses(&input)
        } else {
            Vec::new()
        };
        let mut proto = match &self.engine.get().0 {
            Ok(engine) => engine.clone(),
            Err(errors) => {
                return Evaluation {
                    errors: errors.clone(),
                    ..Evaluation::default()
                }
            }
        };
        proto.set_input(input);
        let results: Vec<Result<(Vec<RawFinding>, Duration), ScanError>> = self
            .rules
            .par_iter()
            .enumerate()
            .map(|(index, rule)| {
                let mut engine = proto.clone();
                let t0 = std::time::Instant::now();
                let mut found = Vec::new();
                for (set, severity) in rule.sets() {
                    found.extend(eval_set(
                        &mut engine,
                        (index, rule),
                        set,
                        severity,
                        &addresses,
                    )?);
                }
                Ok((found, t0.elapsed()))
            })
            .collect();
        let mut out = Evaluation::default();
        for (rule, result) in self.rules.iter().zip(results) {
            match result {
                Ok((found, took)) => {
                    out.findings.extend(found);
                    out.rule_times.push((rule.meta.id.clone(), took));
                }
                Err(e) => out.errors.push(e),
            }
        }
        out
    }
}

/// What evaluating the rules gave.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Findings, in rule order.
    pub findings: Vec<RawFinding>,
    /// Rules that failed at run time, at their file and line.
    pub errors: Vec<ScanError>,
    /// How long each rule took to evaluate, in rule order.
    pub rule_times: Vec<(String, Duration)>,
}

/// A fresh engine holding every policy and data file, and the header of each policy file.
struct Loaded<'a> {
    engine: regorus::Engine,
    headers: Vec<(&'a PolicySource, metadata::PolicyHeader)>,
}

/// Adds every policy and data file to a new engine; collects all errors rather than the first.
/// `config` (the configuration's `[data]`) is visible to policies as `data.tfwarden.config`,
/// beside `today`.
fn build_engine<'a>(
    sources: &[&'a PolicySource],
    today: &str,
    config: &serde_json::Map<String, serde_json::Value>,
    clock: &mut Stopwatch,
) -> Result<Loaded<'a>, Error> {
    let mut engine = regorus::Engine::new();
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: RULE_TIME_LIMIT,
        check_interval: std::num::NonZeroU32::MIN.saturating_add(999),
    });
    let mut errors = Vec::new();
    let policies: Vec<&PolicySource> = sources.iter().copied().filter(|s| !s.is_data()).collect();
    // The METADATA headers (YAML) are read on another worker while the engine parses the Rego:
    // together they are most of the start-up of a one-module scan.
    let (read, failed) = rayon::join(
        || {
            policies
                .par_iter()
                .map(|source| metadata::read_header(&source.path, &source.text))
                .collect::<Vec<_>>()
        },
        || {
            // Each policy's parse error, if any, in the order of `policies`.
            let failed: Vec<Option<String>> = policies
                .iter()
                .map(|source| {
                    engine
                        .add_policy(source.path.clone(), source.text.clone())
                        .err()
                        .map(|e| e.to_string())
                })
                .collect();
            for source in sources.iter().filter(|s| s.is_data()) {
                match data_value(source) {
                    Ok(data) => {
                        if let Err(e) = engine.add_data(data) {
                            errors.push(ScanError::file(
                                &source.path,
                                format!("cannot merge data: {e}"),
                            ));
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
            failed
        },
    );
    let mut headers = Vec::new();
    for ((source, header), failed) in policies.iter().zip(read).zip(failed) {
        let header = match header {
            Ok(header) => header,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(e) = failed {
            // A policy without METADATA may be a Conftest one in Rego v0 syntax (`deny[msg] {`).
            if header.rule.is_some() || !conftest::add_v0(&mut engine, source) {
                errors.push(located_error(&e, &source.path));
            }
        }
        headers.push((*source, header));
    }
    clock.record("load policies: parse Rego and METADATA");
    // Before anything runs: a recursive function would abort the process.
    errors.extend(recursion::find_recursion(engine.get_modules()));
    clock.record("load policies: check recursion");
    let mut config = config.clone();
    config.insert("today".into(), today.into());
    let config = serde_json::json!({ "tfwarden": { "config": config } });
    if let Err(e) = engine.add_data(RegoValue::from(config)) {
        errors.push(ScanError::file("data.tfwarden.config", e.to_string()));
    }
    if errors.is_empty() {
        Ok(Loaded { engine, headers })
    } else {
        Err(Error::Policy(errors))
    }
}

/// A data file's document (JSON, or YAML for `.yaml`/`.yml`); it merges at the root of `data`.
fn data_value(source: &PolicySource) -> Result<RegoValue, ScanError> {
    let json: serde_json::Value = if source.path.ends_with(".json") {
        serde_json::from_str(&source.text).map_err(|e| {
            ScanError::new(
                &source.path,
                e.line(),
                e.column(),
                format!("invalid JSON data: {e}"),
            )
        })?
    } else {
        yaml_serde::from_str(&source.text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            ScanError::new(
                &source.path,
                line,
                column,
                format!("invalid YAML data: {e}"),
            )
        })?
    };
    if !json.is_object() {
        return Err(ScanError::file(
            &source.path,
            "a data file must hold an object (merged at the root of `data`)",
        ));
    }
    Ok(RegoValue::from(json))
}

fn eval_set(
    engine: &mut regorus::Engine,
    (index, rule): (usize, &CompiledRule),
    set: &str,
    severity: Severity,
    addresses: &[String],
) -> Result<Vec<RawFinding>, ScanError> {
    let fail = |message: String| {
        let mut error = located_error(&message, &rule.meta.file);
        error.message = format!("rule {} failed: {}", rule.meta.id, error.message);
        error
    };
    let value = engine
        .eval_rule(format!("{}.{set}", rule.meta.package))
        .map_err(|e| fail(e.to_string()))?;
    let items: Vec<RegoValue> = match &value {
        RegoValue::Undefined => return Ok(Vec::new()),
        RegoValue::Set(items) => items.iter().cloned().collect(),
        RegoValue::Array(items) => items.iter().cloned().collect(),
        // Rego v1 reads a Conftest `deny[msg] if {...}` as an object keyed by the messages.
        RegoValue::Object(items) if rule.conftest.is_some() => items.keys().cloned().collect(),
        other => {
            return Err(fail(format!(
                "`{set}` must be a set of findings, got {other}"
            )))
        }
    };
    items
        .iter()
        .map(|item| {
            match rule.conftest {
                Some(_) => conftest::finding(index, severity, item, addresses),
                None => finding(index, severity, item),
            }
            .map_err(fail)
        })
        .collect()
}

fn finding(rule: usize, severity: Severity, item: &RegoValue) -> Result<RawFinding, String> {
    let json: serde_json::Value = serde_json::to_value(item).map_err(|e| e.to_string())?;
    let field = |name: &str| json.get(name).and_then(serde_json::Value::as_str);
    let resource = field("resource")
        .ok_or_else(|| format!("a finding has no `resource` string: {json}"))?
        .to_string();
    Ok(RawFinding {
        rule,
        severity,
        resource,
        root: field("root").map(str::to_string),
        attribute: field("attribute").unwrap_or_default().to_string(),
        message: field("message").unwrap_or_default().to_string(),
        redact: json.get("redact").and_then(serde_json::Value::as_bool) == Some(true),
        fix: json.get("fix").filter(|f| !f.is_null()).cloned(),
    })
}

/// Turns a regorus error message into a located error. regorus formats errors as
/// `--> path:line:col`, the source line with a caret, then `error: message`.
fn located_error(message: &str, fallback_file: &str) -> ScanError {
    let text = message
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error:"))
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| message.trim());
    let location = message.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("-->")?.trim();
        let mut parts = rest.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some((parts.next()?.to_string(), line, column))
    });
    match location {
        Some((file, line, column)) => ScanError::new(file, line, column, text),
        None => ScanError::file(fallback_file, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regorus_errors_keep_their_location() {
        let e = located_error(
            "\n--> x/broken.rego:4:5\n  |\n4 |   x := \n  |     ^\nerror: expecting `}` while parsing set",
            "fallback.rego",
        );
        assert_eq!(
            e,
            ScanError::new("x/broken.rego", 4, 5, "expecting `}` while parsing set")
        );
        let e = located_error("something odd", "fallback.rego");
        assert_eq!(e, ScanError::file("fallback.rego", "something odd"));
    }

    #[test]
    fn unsafe_variables_are_found_when_loading() {
        let source = PolicySource {
            path: "p.rego".into(),
            text: "# METADATA\n# custom:\n#   id: X1\n#   slug: x\n#   severity: low\npackage p\n\ndeny contains x if {\n  y := 1\n}\n".into(),
        };
        let loaded = PolicySet::load(&[source], "2026-01-01", &serde_json::Map::new());
        let Err(Error::Policy(errors)) = loaded.and_then(|set| set.analyzed()) else {
            panic!("an unsafe variable must not load");
        };
        assert_eq!((errors[0].file.as_str(), errors[0].line), ("p.rego", 8));
        assert!(
            errors[0].message.contains("unsafe"),
            "{}",
            errors[0].message
        );
    }
}
