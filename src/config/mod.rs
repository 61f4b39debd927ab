//! Configuration: the `.tfwarden.toml` file. This module owns finding it (upward from the scanned
//! path), reading and validating it (every problem is a [`ScanError`] at the file, line and column
//! of the offending key or value), the effective [`Config`] with its defaults, and printing it back
//! as TOML for `tfwarden config`. It does not apply the configuration: the CLI and the scanner
//! read [`Config`], check rule keys against the loaded rules, and hand [`Config::data`] to
//! policies as `data.tfwarden.config`.
//!
//! ```toml
//! fail_on = "medium"
//! policy_dirs = ["policies/acme"]      # relative to this file's directory
//! default_policies = true
//! exclude = ["legacy/**", "**/sandbox/*.tf"]
//!
//! [rules.LMB701]                       # a rule ID or slug
//! enabled = false
//! [rules.lambda-tracing-disabled]
//! severity = "medium"
//! ignorable = false
//!
//! [suppressions]
//! inline = true                        # honour `# tfwarden:ignore` comments
//! require_reason = true                # ... only when they give a reason
//! migrate = true                       # honour checkov/tfsec/trivy comments
//!
//! [data]                               # any values, for policies
//! required_tags = ["team", "cost-center"]
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::evaluate::Limits;
use crate::source::SourceFile;
use crate::{ScanError, Severity};

/// The name of the configuration file that [`Config::discover`] looks for.
pub const FILE_NAME: &str = ".tfwarden.toml";

/// The effective configuration: a file's settings over the defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// The file it came from, as given or as found (`None`: the defaults, no file).
    pub path: Option<PathBuf>,
    /// The lowest severity that fails the run (`None`: not set, `--fail-on` or its default
    /// decides).
    pub fail_on: Option<Severity>,
    /// Extra policy directories, resolved relative to the config file's directory.
    pub policy_dirs: Vec<PathBuf>,
    /// Whether the shipped policy library is loaded (default `true`).
    pub default_policies: bool,
    /// Glob patterns of paths not to scan, matched against paths relative to the config file's
    /// directory. Each is valid for `globset`.
    pub exclude: Vec<String>,
    /// Per-rule settings, keyed by rule ID or slug as written (not checked against the rules).
    pub rules: BTreeMap<String, RuleConfig>,
    /// How inline suppression comments are treated.
    pub suppressions: SuppressionPolicy,
    /// The `[data]` table, as JSON, handed to policies as `data.tfwarden.config.<key>`.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// How much evaluating one root module may cost (`[limits]`).
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            fail_on: None,
            policy_dirs: Vec::new(),
            default_policies: true,
            exclude: Vec::new(),
            rules: BTreeMap::new(),
            suppressions: SuppressionPolicy::default(),
            data: serde_json::Map::new(),
            limits: Limits::default(),
        }
    }
}

/// The settings of one rule (a `[rules.<ID or slug>]` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleConfig {
    /// Whether the rule runs (default `true`).
    pub enabled: bool,
    /// A severity that replaces the rule's own (`None`: the rule's own).
    pub severity: Option<Severity>,
    /// Whether inline comments may suppress the rule's findings (default `true`); when `false`,
    /// such suppressions are reported and not honoured.
    pub ignorable: bool,
}

impl Default for RuleConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            severity: None,
            ignorable: true,
        }
    }
}

/// How inline suppression comments are treated (the `[suppressions]` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SuppressionPolicy {
    /// Honour inline `# tfwarden:ignore` comments at all (default `true`); when `false`, they are
    /// reported and not honoured.
    pub inline: bool,
    /// Honour only suppressions that give a reason (default `true`).
    pub require_reason: bool,
    /// Honour `#checkov:skip=`, `#tfsec:ignore:` and `#trivy:ignore:` comments for the rules that
    /// list those equivalents (default `true`).
    pub migrate: bool,
}

impl Default for SuppressionPolicy {
    fn default() -> Self {
        Self {
            inline: true,
            require_reason: true,
            migrate: true,
        }
    }
}

// The file as written. Every table denies unknown keys; values that need checking beyond their
// TOML type keep their span so an error can point at them.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    policy_dirs: Vec<Spanned<String>>,
    default_policies: Option<bool>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RawRule>,
    suppressions: Option<RawSuppressions>,
    #[serde(default)]
    data: BTreeMap<String, Spanned<toml::Value>>,
    limits: Option<Spanned<RawLimits>>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with steps, seconds, module_instances, value_depth or value_size"
)]
struct RawLimits {
    steps: Option<u64>,
    seconds: Option<f64>,
    module_instances: Option<usize>,
    value_depth: Option<usize>,
    value_size: Option<usize>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rule table with enabled, severity or ignorable"
)]
struct RawRule {
    enabled: Option<bool>,
    severity: Option<Spanned<String>>,
    ignorable: Option<bool>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with inline, require_reason or migrate"
)]
struct RawSuppressions {
    inline: Option<bool>,
    require_reason: Option<bool>,
    migrate: Option<bool>,
}

/// Turns byte spans of one config file into located [`ScanError`]s.
struct Locator {
    source: SourceFile,
}

impl Locator {
    fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> ScanError {
        let pos = self.source.position(span.map_or(0, |s| s.start));
        ScanError::new(self.source.path.clone(), pos.line, pos.column, message)
    }
}

impl Config {
    /// Reads and validates the configuration file at `path`. Relative `policy_dirs` are
    /// resolved against the file's directory; errors name `path` as given.
    pub fn load(path: &Path) -> Result<Config, ScanError> {
        let display = path.to_string_lossy().into_owned();
        let bytes = std::fs::read(path)
            .map_err(|e| ScanError::file(display.clone(), format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ScanError::file(display.clone(), "not valid UTF-8"))?;
        Self::parse(path, &display, &text)
    }

    /// Finds the nearest [`FILE_NAME`] in `start` (a file's directory, if `start` is a file) or
    /// any of its parent directories, and loads it. `Ok(None)` when there is none. The path of
    /// the file found is relative to the current directory when it can be.
    pub fn discover(start: &Path) -> Result<Option<Config>, ScanError> {
        let display = start.to_string_lossy().into_owned();
        let absolute = std::fs::canonicalize(start)
            .map_err(|e| ScanError::file(display, format!("cannot look for {FILE_NAME}: {e}")))?;
        let dir = if absolute.is_dir() {
            absolute.as_path()
        } else {
            absolute.parent().unwrap_or(absolute.as_path())
        };
        let Some(found) = dir
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
        else {
            return Ok(None);
        };
        let shown = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .map(|cwd| relative_to(&found, &cwd))
            .unwrap_or(found);
        Self::load(&shown).map(Some)
    }

    /// The configuration file as messages name it (`.tfwarden.toml` for the defaults).
    pub fn display_path(&self) -> String {
        self.path.as_ref().map_or_else(
            || FILE_NAME.to_string(),
            |p| p.to_string_lossy().into_owned(),
        )
    }

    /// The settings for the rule with this ID and slug: its `[rules.<ID>]` and
    /// `[rules.<slug>]` entries combined, or the defaults. If both entries exist, the rule is
    /// enabled and ignorable only if both say so, and the ID's severity wins over the slug's.
    pub fn rule(&self, id: &str, slug: &str) -> RuleConfig {
        match (self.rules.get(id), self.rules.get(slug)) {
            (Some(by_id), Some(by_slug)) => RuleConfig {
                enabled: by_id.enabled && by_slug.enabled,
                severity: by_id.severity.or(by_slug.severity),
                ignorable: by_id.ignorable && by_slug.ignorable,
            },
            (Some(one), None) | (None, Some(one)) => *one,
            (None, None) => RuleConfig::default(),
        }
    }

    /// When `dir` is one of the file's `policy_dirs` and is not a directory: an error at its
    /// entry in the file, saying what it resolved to. (Existence is checked when policies are
    /// loaded, not when the file is read, so `tfwarden config` on another machine still prints
    /// it; the spans are read again here, on the error path only.)
    pub fn locate_policy_dir(&self, dir: &Path) -> Option<ScanError> {
        let path = self.path.as_ref()?;
        let text = std::fs::read_to_string(path).ok()?;
        let raw: RawConfig = toml::from_str(&text).ok()?;
        let base = self.base_dir();
        let entry = raw
            .policy_dirs
            .iter()
            .find(|d| base.join(d.get_ref()) == dir)?;
        let at = Locator {
            source: SourceFile::new(path.to_string_lossy(), text.as_str()),
        };
        Some(at.error(
            Some(entry.span()),
            format!(
                "policy_dirs: {:?} is not a directory (resolved to {}, relative to this file); \
                 create it or remove the entry",
                entry.get_ref(),
                dir.display()
            ),
        ))
    }

    /// The directory relative paths in the file are resolved against.
    fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn parse(path: &Path, display: &str, text: &str) -> Result<Config, ScanError> {
        let at = Locator {
            source: SourceFile::new(display, text),
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = match e.message().trim_end().strip_prefix("unknown field") {
                Some(rest) => format!("unknown key{rest}"),
                None => e.message().trim_end().to_string(),
            };
            at.error(e.span(), message)
        })?;

        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        let base = config.base_dir();

        if let Some(fail_on) = &raw.fail_on {
            config.fail_on = Some(severity(&at, "fail_on", fail_on)?);
        }
        for dir in &raw.policy_dirs {
            if dir.get_ref().is_empty() {
                return Err(at.error(Some(dir.span()), "policy_dirs: empty path"));
            }
            config.policy_dirs.push(base.join(dir.get_ref()));
        }
        if let Some(default_policies) = raw.default_policies {
            config.default_policies = default_policies;
        }
        for glob in &raw.exclude {
            let pattern = glob.get_ref();
            if pattern.is_empty() {
                return Err(at.error(Some(glob.span()), "exclude: empty glob pattern"));
            }
            globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    at.error(
                        Some(glob.span()),
                        format!("exclude: invalid glob {pattern:?}: {}", e.kind()),
                    )
                })?;
            config.exclude.push(pattern.clone());
        }
        for (key, rule) in &raw.rules {
            if key.get_ref().trim().is_empty() {
                return Err(at.error(
                    Some(key.span()),
                    "rules: a rule key must be a rule ID or slug, not empty",
                ));
            }
            let severity = match &rule.severity {
                Some(sev) => Some(severity(
                    &at,
                    &format!("rules.{}.severity", key.get_ref()),
                    sev,
                )?),
                None => None,
            };
            config.rules.insert(
                key.get_ref().clone(),
                RuleConfig {
                    enabled: rule.enabled.unwrap_or(true),
                    severity,
                    ignorable: rule.ignorable.unwrap_or(true),
                },
            );
        }
        if let Some(s) = &raw.suppressions {
            let defaults = SuppressionPolicy::default();
            config.suppressions = SuppressionPolicy {
                inline: s.inline.unwrap_or(defaults.inline),
                require_reason: s.require_reason.unwrap_or(defaults.require_reason),
                migrate: s.migrate.unwrap_or(defaults.migrate),
            };
        }
        if let Some(limits) = &raw.limits {
            let span = limits.span();
            let l = limits.get_ref();
            let defaults = Limits::default();
            config.limits = Limits {
                steps: l.steps.unwrap_or(defaults.steps),
                seconds: l.seconds.unwrap_or(defaults.seconds),
                module_instances: l.module_instances.unwrap_or(defaults.module_instances),
                value_depth: l.value_depth.unwrap_or(defaults.value_depth),
                value_size: l.value_size.unwrap_or(defaults.value_size),
            };
            let c = &config.limits;
            if c.steps == 0
                || c.seconds.is_nan()
                || c.seconds <= 0.0
                || c.module_instances == 0
                || c.value_depth == 0
            {
                return Err(at.error(Some(span), "limits: every limit must be greater than zero"));
            }
        }
        for (key, value) in &raw.data {
            let json = toml_to_json(value.get_ref()).ok_or_else(|| {
                at.error(
                    Some(value.span()),
                    format!("data.{key}: nan and inf have no JSON form and cannot reach policies"),
                )
            })?;
            config.data.insert(key.clone(), json);
        }
        Ok(config)
    }
}

/// Parses a severity value, naming the key in the error.
fn severity(at: &Locator, key: &str, value: &Spanned<String>) -> Result<Severity, ScanError> {
    value
        .get_ref()
        .parse()
        .map_err(|e: String| at.error(Some(value.span()), format!("{key}: {e}")))
}

/// `path` relative to `base` (both absolute and canonical), with `..` where needed; `path`
/// unchanged if they share no root.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut rel = PathBuf::new();
    for _ in common..base_parts.len() {
        rel.push("..");
    }
    for part in &path_parts[common..] {
        rel.push(part);
    }
    rel
}

/// A TOML value to JSON; `None` for a NaN or infinite float, which JSON cannot hold.
fn toml_to_json(value: &toml::Value) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    Some(match value {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => J::Number(serde_json::Number::from_f64(*f)?),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => {
            J::Array(items.iter().map(toml_to_json).collect::<Option<_>>()?)
        }
        toml::Value::Table(table) => J::Object(
            table
                .iter()
                .map(|(k, v)| Some((k.clone(), toml_to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

mod print;

#[cfg(test)]
mod tests;
