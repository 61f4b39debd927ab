//! Printing the effective configuration back as TOML (`tfwarden config`), every key shown.

use super::*;

impl Config {
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

        let l = &self.limits;
        out.push_str("\n[limits]\n");
        let _ = writeln!(out, "steps = {}", l.steps);
        let _ = writeln!(out, "seconds = {:?}", l.seconds);
        let _ = writeln!(out, "module_instances = {}", l.module_instances);
        let _ = writeln!(out, "value_depth = {}", l.value_depth);
        let _ = writeln!(out, "value_size = {}", l.value_size);

        out.push('\n');
        out.push_str(&data_to_toml(&self.data));
        out
    }
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
