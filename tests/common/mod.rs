//! What the end-to-end test files share: the binary under test with a pinned date and no colour.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Date-dependent rules (runtime deprecation) and suppression expiry are judged as of this day.
pub const TODAY: &str = "2026-11-22";

/// How many rules the shipped library has: every rule of `../shared/POLICIES.md` built so far.
#[allow(dead_code)]
pub const SHIPPED_RULES: usize = 37;

/// The `tfwarden` binary, with `TFWARDEN_TODAY` pinned and `NO_COLOR` set.
pub fn tfwarden() -> Command {
    let mut cmd = Command::cargo_bin("tfwarden").expect("binary is built");
    cmd.env("TFWARDEN_TODAY", TODAY).env("NO_COLOR", "1");
    cmd
}

/// (file, line, rule, resource)
pub type Expectation = (String, usize, String, String);

/// Runs `tfwarden scan ARGS --format json`: the exit code and the parsed report.
#[allow(dead_code)]
pub fn scan_json(args: &[&str]) -> (i32, Value) {
    let out = tfwarden()
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("tfwarden runs");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), doc)
}

/// The `# expect: ID[, ID]` comments (IDs separated by commas or spaces) of every `.tf` file
/// under `dir`, recursively; the resource is the nearest `resource "TYPE" "NAME"` or
/// `data "TYPE" "NAME"` header at or above the line (findings in modules, whose addresses
/// carry instance keys, are listed in the tests themselves).
#[allow(dead_code)]
pub fn expectations(dir: &str) -> BTreeSet<Expectation> {
    let mut out = BTreeSet::new();
    let mut files = Vec::new();
    tf_files(Path::new(dir), &mut files);
    files.sort();
    for path in files {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let file = path.to_string_lossy().to_string();
        let mut resource = String::new();
        for (i, line) in text.lines().enumerate() {
            for (kind, prefix) in [("resource \"", ""), ("data \"", "data.")] {
                if let Some(rest) = line.strip_prefix(kind) {
                    let labels: Vec<&str> = rest.split('"').collect();
                    resource = format!("{prefix}{}.{}", labels[0], labels.get(2).unwrap_or(&""));
                }
            }
            let Some((_, ids)) = line.split_once("# expect:") else {
                continue;
            };
            let ids: Vec<&str> = ids
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .collect();
            if ids.is_empty() || !ids.iter().all(|id| is_rule_id(id)) {
                continue;
            }
            for id in ids {
                out.insert((file.clone(), i + 1, id.to_string(), resource.clone()));
            }
        }
    }
    out
}

fn tf_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            tf_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tf") {
            out.push(path);
        }
    }
}

fn is_rule_id(s: &str) -> bool {
    let digits = s.trim_start_matches(|c: char| c.is_ascii_uppercase());
    digits.len() < s.len() && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The (file, line, column) of every error in a JSON report, in order (0 for a null position).
#[allow(dead_code)]
pub fn error_positions(doc: &Value) -> Vec<(String, u64, u64)> {
    doc["errors"]
        .as_array()
        .expect("errors array")
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap_or_default().to_string(),
                e["line"].as_u64().unwrap_or_default(),
                e["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// The (file, line, rule, resource) of every finding in a JSON report.
#[allow(dead_code)]
pub fn actual(doc: &Value) -> BTreeSet<Expectation> {
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default() as usize,
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["resource"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Asserts that the findings of `doc` are exactly the `# expect:` comments under `dir`.
#[allow(dead_code)]
pub fn assert_findings_match(dir: &str, doc: &Value) {
    let expected = expectations(dir);
    let got = actual(doc);
    let missing: Vec<_> = expected.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "findings differ from the # expect: comments in {dir}\nmissing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
    assert!(!expected.is_empty(), "{dir} has no expectations");
}
