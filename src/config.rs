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

    /// The effective configuration as TOML, every key shown with its value (for
    /// `tfwarden config`). Unset optional values appear as comments. Policy directories are
    /// written relative to the config file's directory, so the output, saved in place of the
    /// file, loads back to the same configuration.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        match &self.path {
            Some(p) => {
                let _ = writeln!(
                    out,
                    "# Effective tfwarden configuration, from {} (paths are relative to its directory).",
                    p.display()
                );
            }
            None => {
                out.push_str("# Effective tfwarden configuration: the defaults (no config file).\n")
            }
        }
        out.push('\n');

        match self.fail_on {
            Some(sev) => {
                let _ = writeln!(out, "fail_on = {}", toml_string(sev.as_str()));
            }
            None => out.push_str("# fail_on is not set: --fail-on decides (default \"low\")\n"),
        }
        let base = self.base_dir();
        let dirs: Vec<String> = self
            .policy_dirs
            .iter()
            .map(|d| {
                let shown = d.strip_prefix(&base).unwrap_or(d);
                toml_string(&shown.to_string_lossy())
            })
            .collect();
        let _ = writeln!(out, "policy_dirs = [{}]", dirs.join(", "));
        let _ = writeln!(out, "default_policies = {}", self.default_policies);
        let globs: Vec<String> = self.exclude.iter().map(|g| toml_string(g)).collect();
        let _ = writeln!(out, "exclude = [{}]", globs.join(", "));

        out.push_str("\n[rules]\n");
        if self.rules.is_empty() {
            out.push_str("# none: every rule runs, at its own severity, and is ignorable\n");
        }
        for (key, rule) in &self.rules {
            let _ = writeln!(out, "\n[rules.{}]", toml_key(key));
            let _ = writeln!(out, "enabled = {}", rule.enabled);
            match rule.severity {
                Some(sev) => {
                    let _ = writeln!(out, "severity = {}", toml_string(sev.as_str()));
                }
                None => out.push_str("# severity is not set: the rule's own\n"),
            }
            let _ = writeln!(out, "ignorable = {}", rule.ignorable);
        }

        let s = &self.suppressions;
        out.push_str("\n[suppressions]\n");
        let _ = writeln!(out, "inline = {}", s.inline);
        let _ = writeln!(out, "require_reason = {}", s.require_reason);
        let _ = writeln!(out, "migrate = {}", s.migrate);

        out.push('\n');
        out.push_str(&data_to_toml(&self.data));
        out
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

/// A JSON value to TOML; `None` for `null`, which TOML cannot hold (nulls inside arrays and
/// objects are dropped).
fn json_to_toml(value: &serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as J;
    Some(match value {
        J::Null => return None,
        J::Bool(b) => toml::Value::Boolean(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        J::String(s) => toml::Value::String(s.clone()),
        J::Array(items) => toml::Value::Array(items.iter().filter_map(json_to_toml).collect()),
        J::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?)))
                .collect(),
        ),
    })
}

/// The `[data]` table as TOML text.
fn data_to_toml(data: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut table = toml::Table::new();
    let mut nulls = Vec::new();
    for (key, value) in data {
        match json_to_toml(value) {
            Some(v) => {
                table.insert(key.clone(), v);
            }
            None => nulls.push(key.as_str()),
        }
    }
    let mut out = String::from("[data]\n");
    for key in nulls {
        let _ = writeln!(out, "# {} is null, which TOML cannot write", toml_key(key));
    }
    if table.is_empty() {
        if data.is_empty() {
            out.push_str("# none\n");
        }
        return out;
    }
    let mut doc = toml::Table::new();
    doc.insert("data".to_string(), toml::Value::Table(table));
    match toml::to_string(&doc) {
        // The serializer writes `[data]` only when the table has plain keys; ours is always there.
        Ok(text) => out + text.strip_prefix("[data]\n").unwrap_or(&text),
        Err(e) => format!("{out}# cannot be written as TOML: {e}\n"),
    }
}

/// A TOML basic string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::fs;

    const FULL: &str = r#"fail_on = "medium"
policy_dirs = ["policies/acme", "/opt/policies"]
default_policies = false
exclude = ["legacy/**", "**/sandbox/*.tf"]

[rules.LMB701]
enabled = false
[rules.lambda-tracing-disabled]
severity = "medium"
ignorable = false

[suppressions]
inline = true
require_reason = false
migrate = false

[data]
required_tags = ["team", "cost-center"]
trusted_layer_accounts = ["017000801446"]
max_timeout = 900
ratio = 0.5
since = 2026-01-01
nested = { a = 1, b = [true, false] }
"#;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, text).unwrap();
        path
    }

    /// Loads `text` as a config file and returns the error.
    fn error(text: &str) -> ScanError {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, text);
        let err = Config::load(&path).unwrap_err();
        assert_eq!(err.file, path.to_string_lossy());
        err
    }

    #[test]
    fn a_full_file_loads_with_resolved_policy_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, FULL);
        let config = Config::load(&path).unwrap();
        assert_eq!(config.path.as_deref(), Some(path.as_path()));
        assert_eq!(config.fail_on, Some(Severity::Medium));
        assert_eq!(
            config.policy_dirs,
            vec![
                dir.path().join("policies/acme"),
                PathBuf::from("/opt/policies")
            ]
        );
        assert!(!config.default_policies);
        assert_eq!(config.exclude, vec!["legacy/**", "**/sandbox/*.tf"]);
        assert_eq!(
            config.rules["LMB701"],
            RuleConfig {
                enabled: false,
                severity: None,
                ignorable: true
            }
        );
        assert_eq!(
            config.rules["lambda-tracing-disabled"],
            RuleConfig {
                enabled: true,
                severity: Some(Severity::Medium),
                ignorable: false
            }
        );
        assert_eq!(
            config.suppressions,
            SuppressionPolicy {
                inline: true,
                require_reason: false,
                migrate: false
            }
        );
        assert_eq!(
            serde_json::Value::Object(config.data),
            json!({
                "max_timeout": 900,
                "nested": { "a": 1, "b": [true, false] },
                "ratio": 0.5,
                "required_tags": ["team", "cost-center"],
                "since": "2026-01-01",
                "trusted_layer_accounts": ["017000801446"],
            })
        );
    }

    #[test]
    fn policy_dirs_resolve_against_a_relative_config_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "sub/conf.toml",
            "policy_dirs = [\"p\", \"../q\"]\n",
        );
        let config = Config::load(&path).unwrap();
        let sub = dir.path().join("sub");
        assert_eq!(config.policy_dirs, vec![sub.join("p"), sub.join("../q")]);
    }

    #[test]
    fn defaults_without_a_file() {
        let config = Config::default();
        assert_eq!(config.path, None);
        assert_eq!(config.fail_on, None);
        assert!(config.policy_dirs.is_empty());
        assert!(config.default_policies);
        assert!(config.exclude.is_empty());
        assert!(config.rules.is_empty());
        assert_eq!(config.suppressions, SuppressionPolicy::default());
        assert!(config.suppressions.inline);
        assert!(config.suppressions.require_reason);
        assert!(config.suppressions.migrate);
        assert!(config.data.is_empty());
        assert_eq!(config.rule("LMB701", "x"), RuleConfig::default());
        assert!(RuleConfig::default().enabled && RuleConfig::default().ignorable);
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, "# nothing yet\n");
        let config = Config::load(&path).unwrap();
        assert_eq!(
            config,
            Config {
                path: Some(path),
                ..Config::default()
            }
        );
    }

    #[test]
    fn discovery_finds_the_nearest_file_upward() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(&root, FILE_NAME, "fail_on = \"high\"\n");
        write(&root, "a/b/main.tf", "");
        fs::create_dir_all(root.join("a/b/c")).unwrap();

        // From a nested directory and from a file, the root file is found.
        for start in [root.join("a/b/c"), root.join("a/b/main.tf")] {
            let config = Config::discover(&start).unwrap().unwrap();
            assert_eq!(config.fail_on, Some(Severity::High));
            assert_eq!(
                fs::canonicalize(config.path.unwrap()).unwrap(),
                root.join(FILE_NAME)
            );
        }

        // A nearer file wins.
        write(&root, &format!("a/{FILE_NAME}"), "fail_on = \"low\"\n");
        let config = Config::discover(&root.join("a/b/main.tf"))
            .unwrap()
            .unwrap();
        assert_eq!(config.fail_on, Some(Severity::Low));
        assert_eq!(
            fs::canonicalize(config.path.unwrap()).unwrap(),
            root.join("a").join(FILE_NAME)
        );

        // The file in the start directory itself counts.
        let config = Config::discover(&root.join("a")).unwrap().unwrap();
        assert_eq!(config.fail_on, Some(Severity::Low));
    }

    #[test]
    fn discovery_finds_none_when_there_is_none() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x/main.tf", "");
        // A directory with the file's name is not a config file.
        fs::create_dir_all(dir.path().join("x").join(FILE_NAME)).unwrap();
        let found_above = dir
            .path()
            .canonicalize()
            .unwrap()
            .ancestors()
            .any(|d| d.join(FILE_NAME).is_file());
        if !found_above {
            assert_eq!(
                Config::discover(&dir.path().join("x/main.tf")).unwrap(),
                None
            );
            assert_eq!(Config::discover(&dir.path().join("x")).unwrap(), None);
        }
    }

    #[test]
    fn discovery_reports_a_broken_file_and_a_missing_start() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FILE_NAME, "fail_on = \"severe\"\n");
        let err = Config::discover(dir.path()).unwrap_err();
        assert!(err.file.ends_with(FILE_NAME), "{err}");
        assert_eq!((err.line, err.column), (1, 11));

        let missing = dir.path().join("nope");
        let err = Config::discover(&missing).unwrap_err();
        assert_eq!(err.file, missing.to_string_lossy());
    }

    #[test]
    fn relative_paths_walk_up_with_dot_dot() {
        assert_eq!(
            relative_to(Path::new("/a/b/c.toml"), Path::new("/a/b")),
            PathBuf::from("c.toml")
        );
        assert_eq!(
            relative_to(Path::new("/a/.tfwarden.toml"), Path::new("/a/b/c")),
            PathBuf::from("../../.tfwarden.toml")
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = error("fail_on = \"low\"\n[rules\nx = 1\n");
        assert_eq!((err.line, err.column), (2, 7), "{err}");
        assert!(!err.message.is_empty());

        let err = error("exclude = [\"a\",\n  \"b\"\nfail_on = \"low\"\n");
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn unknown_top_level_keys_are_named_with_the_valid_ones() {
        let err = error("fail_on = \"low\"\n\nfail-on = \"high\"\n");
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(err.message.starts_with("unknown key `fail-on`"), "{err}");
        for key in [
            "fail_on",
            "policy_dirs",
            "default_policies",
            "exclude",
            "rules",
            "suppressions",
            "data",
        ] {
            assert!(err.message.contains(&format!("`{key}`")), "{err}");
        }
    }

    #[test]
    fn unknown_keys_in_a_rule_table_are_located() {
        let err = error("[rules.LMB701]\nenabled = false\n  serverity = \"low\"\n");
        assert_eq!((err.line, err.column), (3, 3), "{err}");
        assert_eq!(
            err.message,
            "unknown key `serverity`, expected one of `enabled`, `severity`, `ignorable`"
        );
    }

    #[test]
    fn unknown_keys_in_suppressions_are_located() {
        let err = error("[suppressions]\ninline = false\nreasons = true\n");
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert_eq!(
            err.message,
            "unknown key `reasons`, expected one of `inline`, `require_reason`, `migrate`"
        );
    }

    #[test]
    fn wrong_types_are_located() {
        let err = error("default_policies = \"yes\"\n");
        assert_eq!((err.line, err.column), (1, 20), "{err}");
        assert!(err.message.contains("invalid type"), "{err}");
        assert!(err.message.contains("boolean"), "{err}");

        let err = error("policy_dirs = \"policies\"\n");
        assert_eq!((err.line, err.column), (1, 15), "{err}");
        assert!(err.message.contains("invalid type"), "{err}");

        let err = error("[suppressions]\nmigrate = 1\n");
        assert_eq!((err.line, err.column), (2, 11), "{err}");
        assert!(err.message.contains("invalid type"), "{err}");

        let err = error("[rules]\nLMB701 = false\n");
        assert_eq!((err.line, err.column), (2, 10), "{err}");
        assert!(err.message.contains("a rule table"), "{err}");

        let err = error("fail_on = 3\n");
        assert_eq!((err.line, err.column), (1, 11), "{err}");
        assert!(err.message.contains("invalid type"), "{err}");
    }

    #[test]
    fn fail_on_must_be_a_severity() {
        let err = error("# policy\nfail_on = \"severe\"\n");
        assert_eq!((err.line, err.column), (2, 11), "{err}");
        assert_eq!(
            err.message,
            "fail_on: unknown severity \"severe\" (expected info, low, medium, high or critical)"
        );
    }

    #[test]
    fn rule_severities_must_be_severities() {
        let err = error("[rules.LMB701]\nenabled = true\nseverity = \"urgent\"\n");
        assert_eq!((err.line, err.column), (3, 12), "{err}");
        assert!(
            err.message
                .starts_with("rules.LMB701.severity: unknown severity \"urgent\""),
            "{err}"
        );
    }

    #[test]
    fn invalid_globs_are_located() {
        let err = error("exclude = [\n  \"ok/**\",\n  \"bad/[a-\",\n]\n");
        assert_eq!((err.line, err.column), (3, 3), "{err}");
        assert!(
            err.message.starts_with("exclude: invalid glob \"bad/[a-\""),
            "{err}"
        );

        let err = error("exclude = [\"\"]\n");
        assert_eq!((err.line, err.column), (1, 12), "{err}");
        assert_eq!(err.message, "exclude: empty glob pattern");
    }

    #[test]
    fn rule_keys_must_not_be_empty() {
        let err = error("[rules.LMB701]\n[rules.\"\"]\nenabled = false\n");
        assert_eq!((err.line, err.column), (2, 8), "{err}");
        assert!(err.message.contains("not empty"), "{err}");
    }

    #[test]
    fn data_floats_must_fit_json() {
        let err = error("[data]\nok = 1\nlimit = nan\n");
        assert_eq!((err.line, err.column), (3, 9), "{err}");
        assert!(err.message.starts_with("data.limit:"), "{err}");
    }

    #[test]
    fn unreadable_and_non_utf8_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let err = Config::load(&missing).unwrap_err();
        assert_eq!(err.file, missing.to_string_lossy());
        assert!(err.message.starts_with("cannot read"), "{err}");

        let path = dir.path().join(FILE_NAME);
        fs::write(&path, b"fail_on = \"\xff\"\n").unwrap();
        let err = Config::load(&path).unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        assert_eq!(err.message, "not valid UTF-8");
    }

    #[test]
    fn rule_matches_by_id_and_by_slug() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, FULL);
        let config = Config::load(&path).unwrap();

        let by_id = config.rule("LMB701", "lambda-something");
        assert!(!by_id.enabled);
        assert!(by_id.ignorable);

        let by_slug = config.rule("LMB501", "lambda-tracing-disabled");
        assert!(by_slug.enabled);
        assert_eq!(by_slug.severity, Some(Severity::Medium));
        assert!(!by_slug.ignorable);

        assert_eq!(config.rule("LMB999", "other"), RuleConfig::default());
        // IDs and slugs match exactly, as written.
        assert_eq!(
            config.rule("lmb701", "lambda-something"),
            RuleConfig::default()
        );

        // Entries under both the ID and the slug combine.
        let both = config.rule("LMB701", "lambda-tracing-disabled");
        assert_eq!(
            both,
            RuleConfig {
                enabled: false,
                severity: Some(Severity::Medium),
                ignorable: false
            }
        );
    }

    #[test]
    fn to_toml_parses_back_to_the_same_config() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, FULL);
        let config = Config::load(&path).unwrap();
        let text = config.to_toml();
        for key in [
            "fail_on = \"medium\"",
            "policy_dirs = [\"policies/acme\", \"/opt/policies\"]",
            "default_policies = false",
            "[rules.LMB701]",
            "[rules.lambda-tracing-disabled]",
            "require_reason = false",
            "[data]",
        ] {
            assert!(text.contains(key), "{key} missing from:\n{text}");
        }

        let again = write(dir.path(), "effective.toml", &text);
        let reloaded = Config::load(&again).unwrap();
        assert_eq!(
            reloaded,
            Config {
                path: Some(again),
                ..config
            },
            "{text}"
        );
    }

    #[test]
    fn to_toml_of_the_defaults_shows_every_key_and_parses_back() {
        let config = Config::default();
        let text = config.to_toml();
        for key in [
            "fail_on",
            "policy_dirs = []",
            "default_policies = true",
            "exclude = []",
            "[rules]",
            "inline = true",
            "require_reason = true",
            "migrate = true",
            "[data]",
        ] {
            assert!(text.contains(key), "{key} missing from:\n{text}");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, &text);
        let reloaded = Config::load(&path).unwrap();
        assert_eq!(
            reloaded,
            Config {
                path: Some(path),
                ..config
            }
        );
    }

    #[test]
    fn to_toml_quotes_odd_keys_and_skips_nulls() {
        let mut config = Config::default();
        config.rules.insert(
            "odd key.with dot".to_string(),
            RuleConfig {
                enabled: false,
                ..RuleConfig::default()
            },
        );
        config
            .data
            .insert("gone".to_string(), serde_json::Value::Null);
        config.data.insert(
            "list".to_string(),
            json!([{ "name": "a" }, { "name": "b" }]),
        );
        let text = config.to_toml();
        assert!(text.contains("[rules.\"odd key.with dot\"]"), "{text}");
        assert!(text.contains("# gone is null"), "{text}");

        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE_NAME, &text);
        let reloaded = Config::load(&path).unwrap();
        assert!(!reloaded.rules["odd key.with dot"].enabled);
        assert_eq!(reloaded.data.get("gone"), None);
        assert_eq!(
            reloaded.data["list"],
            json!([{ "name": "a" }, { "name": "b" }])
        );
    }
}
