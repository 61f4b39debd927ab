//! Fix stage: turns the findings of rules with a mechanical fix into edits of the user's own
//! HCL ([`edit`]), shown as unified diffs (`similar`, with `a/` and `b/` headers for `git apply`)
//! or written back. Files that do not parse, or that the scan reported errors for, are never
//! edited; a value computed by an expression is left to the user (the remediation is the hint).

pub mod edit;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

pub use self::edit::Refusal;
use crate::policy::metadata::Applicability;
use crate::report::{Finding, Report};

/// A finding's mechanical edit: attribute paths of its resource block to set.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// How safe it is.
    pub applicability: Applicability,
    /// Attribute path to its new value.
    pub set: BTreeMap<String, Value>,
}

/// The fix reported with a finding: its applicability and the diff that applies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixOutput {
    /// `safe` or `unsafe`.
    pub applicability: &'static str,
    /// Unified diff of the finding's file.
    pub diff: String,
    /// The replaced lines (first and last, 1-based) and their new text, for SARIF `fixes`.
    #[serde(skip)]
    pub replacement: (usize, usize, String),
}

/// Applies `edits` (block line, edit) to a file's text, bottom-up so the lines of blocks above
/// stay where they are.
pub fn apply(text: &str, edits: &[(usize, &Edit)]) -> Result<String, Refusal> {
    let mut ordered: Vec<&(usize, &Edit)> = edits.iter().collect();
    ordered.sort_by_key(|(line, _)| std::cmp::Reverse(*line));
    let mut out = text.to_string();
    for (line, edit) in ordered {
        for (path, value) in &edit.set {
            out = edit::set(&out, *line, path, value)?;
        }
    }
    Ok(out)
}

/// A unified diff of one file, ready for `git apply`.
pub fn diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// The first and last changed lines of `before` (1-based) and the text that replaces them.
fn replacement(before: &str, after: &str) -> (usize, usize, String) {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let inserted: String = new[prefix..new.len() - suffix].concat();
    (prefix + 1, old.len() - suffix, inserted)
}

/// Fills `fix` for every finding with an edit, in files that parsed without errors. Secret
/// values other findings point at in the same file are masked in the diff's context lines.
pub fn attach(report: &mut Report) {
    let broken: BTreeSet<String> = report.errors.iter().map(|e| e.file.clone()).collect();
    let mut secrets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &report.findings {
        let value = f.redact.as_ref().and_then(|r| {
            let text = report
                .sources
                .get(&f.file)?
                .text
                .get(r.clone())?
                .trim()
                .to_string();
            (text.len() > 2).then_some(text)
        });
        if let Some(value) = value {
            secrets.entry(f.file.clone()).or_default().push(value);
        }
    }
    for finding in &mut report.findings {
        let Some(edit) = &finding.edit else {
            continue;
        };
        if broken.contains(&finding.file) {
            continue;
        }
        let Some(source) = report.sources.get(&finding.file) else {
            continue;
        };
        let before: &str = &source.text;
        if let Ok(after) = apply(before, &[(finding.block_lines.0, edit)]) {
            if after != before {
                let mut shown = diff(&finding.file, before, &after);
                for secret in secrets.get(&finding.file).into_iter().flatten() {
                    shown = shown.replace(secret.as_str(), "\"****\"");
                }
                finding.fix = Some(FixOutput {
                    applicability: edit.applicability.as_str(),
                    diff: shown,
                    replacement: replacement(before, &after),
                });
            }
        }
    }
}

/// What `tfwarden fix` does to one file.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file.
    pub path: String,
    /// Its text now.
    pub before: String,
    /// Its text with the fixes.
    pub after: String,
    /// How many findings the fixes address.
    pub fixed: usize,
}

/// Which fixes `tfwarden fix` applies.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Also apply unsafe fixes.
    pub unsafe_fixes: bool,
    /// Only these rules (IDs or slugs); all when empty.
    pub rules: Vec<String>,
}

/// The edits of every selected finding, grouped by file, and the findings whose fix could not
/// be made (with why).
pub fn plan(report: &Report, selection: &Selection) -> (Vec<FileFix>, Vec<(String, String)>) {
    let broken: BTreeSet<&str> = report.errors.iter().map(|e| e.file.as_str()).collect();
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        let Some(edit) = &f.edit else {
            continue;
        };
        let chosen = selection.rules.is_empty()
            || selection
                .rules
                .iter()
                .any(|r| *r == f.rule_id || *r == f.rule);
        if chosen && (selection.unsafe_fixes || edit.applicability == Applicability::Safe) {
            by_file.entry(f.file.as_str()).or_default().push(f);
        }
    }
    let mut files = Vec::new();
    let mut refused = Vec::new();
    for (path, findings) in by_file {
        let shown = |f: &Finding| format!("{}:{} {} {}", f.file, f.line, f.rule_id, f.resource);
        if broken.contains(path) {
            for f in &findings {
                refused.push((
                    shown(f),
                    "the file has errors; it is not edited".to_string(),
                ));
            }
            continue;
        }
        let Some(source) = report.sources.get(path) else {
            continue;
        };
        // Apply one finding at a time, so a refused edit does not stop the others.
        let mut text: String = source.text.to_string();
        let mut fixed = 0;
        let mut ordered = findings.clone();
        ordered.sort_by_key(|f| std::cmp::Reverse(f.block_lines.0));
        for f in ordered {
            let Some(edit) = &f.edit else {
                continue;
            };
            match apply(&text, &[(f.block_lines.0, edit)]) {
                Ok(after) => {
                    if after != text {
                        fixed += 1;
                    }
                    text = after;
                }
                Err(Refusal(why)) => refused.push((shown(f), why)),
            }
        }
        if *text != *source.text {
            files.push(FileFix {
                path: path.to_string(),
                before: source.text.to_string(),
                after: text,
                fixed,
            });
        }
    }
    (files, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_cover_the_changed_lines() {
        assert_eq!(
            replacement("a\nb\nc\n", "a\nB\nB2\nc\n"),
            (2, 2, "B\nB2\n".to_string())
        );
        assert_eq!(
            replacement("a\nc\n", "a\nb\nc\n"),
            (2, 1, "b\n".to_string())
        );
        let d = diff("main.tf", "a\n", "b\n");
        assert!(d.starts_with("--- a/main.tf\n+++ b/main.tf\n"), "{d}");
    }
}
