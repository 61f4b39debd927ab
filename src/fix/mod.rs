//! Fix stage: turns the findings of rules with a mechanical fix into edits of the user's own
//! HCL ([`edit`]), shown as unified diffs (`similar`, with `a/` and `b/` headers for `git apply`)
//! or written back. Files that do not parse, or that the scan reported errors for, are never
//! edited; a value computed by an expression is left to the user (the remediation is the hint).

pub mod edit;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
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
    /// Unified diff of the file the fix edits.
    pub diff: String,
    /// The file the fix edits: the finding's, or where the value it judges is written.
    #[serde(skip)]
    pub file: String,
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

/// Where a finding's fix goes when its value comes from a root module variable (`mode =
/// var.tracing`): the variable file that sets it (the last one in Terraform's precedence), else
/// its `default`, and only when `var.NAME` is used once in the module (that place serves this
/// finding alone). Returns the file and its new text.
fn through_variable(
    report: &Report,
    finding: &Finding,
    edit: &Edit,
    current: &dyn Fn(&str) -> Option<String>,
) -> Option<(String, String)> {
    if finding.resource.starts_with("module.") || edit.set.len() != 1 {
        return None;
    }
    let (path, value) = edit.set.iter().next()?;
    // The finding's lines are those of the scanned text, before any edit.
    let scanned = report.sources.get(&finding.file)?;
    let name = edit::variable_at(&scanned.text, finding.block_lines.0, path)?;
    let dir = parent(&finding.file);
    let in_dir: Vec<&String> = report.sources.keys().filter(|f| parent(f) == dir).collect();
    let reference = format!("var.{name}");
    let uses: usize = in_dir
        .iter()
        .filter(|f| f.ends_with(".tf") || crate::parse::is_tf_json(f))
        .filter_map(|f| current(f))
        .map(|t| t.matches(&reference).count())
        .sum();
    if uses != 1 {
        return None;
    }
    // A JSON variable file that sets it wins over the HCL ones (or comes after them) and is not
    // edited: the value is left to the user.
    let set_in_json = in_dir
        .iter()
        .filter(|f| f.ends_with(".tfvars.json"))
        .any(|f| {
            current(f)
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .is_some_and(|v| v.get(&name).is_some())
        });
    if set_in_json {
        return None;
    }
    // Variable files, lowest precedence first: terraform.tfvars, then *.auto.tfvars by name.
    let mut var_files: Vec<&String> = in_dir
        .iter()
        .copied()
        .filter(|f| f.ends_with(".tfvars"))
        .collect();
    var_files.sort_by_key(|f| {
        (
            !f.ends_with("/terraform.tfvars") && *f != "terraform.tfvars",
            (*f).clone(),
        )
    });
    for file in var_files.iter().rev() {
        let text = current(file)?;
        if hcl_edit::parser::parse_body(&text)
            .ok()?
            .get_attribute(&name)
            .is_some()
        {
            return edit::set_variable(&text, &name, value).map(|t| ((*file).clone(), t));
        }
    }
    in_dir.iter().filter(|f| f.ends_with(".tf")).find_map(|f| {
        Some((
            (*f).clone(),
            edit::set_variable(&current(f)?, &name, value)?,
        ))
    })
}

fn parent(file: &str) -> &str {
    file.rfind('/').map_or(".", |i| &file[..i])
}

/// The syntax tree of a file already parsed from the text in `Report::sources`, by path, when
/// the caller still has it (else the file is parsed again).
pub type Parsed<'a> = &'a (dyn Fn(&str) -> Option<&'a hcl_edit::structure::Body> + Sync);

/// Fills `fix` for every finding with an edit, in files that parsed without errors. Secret
/// values other findings point at in the same file are masked in the diff's context lines.
pub fn attach(report: &mut Report, parsed: Parsed<'_>) {
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
    let current = |f: &str| report.sources.get(f).map(|s| s.text.to_string());
    // Each finding's diff is its edit alone on the scanned text. Files are independent: each
    // is parsed once, on a worker of its own.
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        // Edits are to HCL: a finding in a plan or a `.tf.json` file has its remediation as the
        // hint.
        if f.edit.is_some() && !broken.contains(&f.file) && f.file.ends_with(".tf") {
            by_file.entry(f.file.as_str()).or_default().push(i);
        }
    }
    let by_file: Vec<(&str, Vec<usize>)> = by_file.into_iter().collect();
    let fixes: Vec<(usize, FixOutput)> = by_file
        .par_iter()
        .flat_map_iter(|(file, indexes)| {
            let before = current(file).unwrap_or_default();
            let mut out = Vec::new();
            // A file that does not parse takes no edit (and is not parsed again per finding).
            let reparsed;
            let body = match parsed(file) {
                Some(body) => body,
                None => match edit::parse(&before) {
                    Ok(body) => {
                        reparsed = body;
                        &reparsed
                    }
                    Err(_) => return out,
                },
            };
            for &i in indexes {
                let finding = &report.findings[i];
                let Some(edit) = &finding.edit else {
                    continue;
                };
                let direct = match (edit.set.iter().next(), edit.set.len()) {
                    (Some((path, value)), 1) => {
                        edit::set_parsed(&before, body, finding.block_lines.0, path, value)
                    }
                    _ => apply(&before, &[(finding.block_lines.0, edit)]),
                };
                let edited = match direct {
                    Ok(after) => Some((finding.file.clone(), before.clone(), after)),
                    Err(_) => through_variable(report, finding, edit, &current)
                        .filter(|(f, _)| !broken.contains(f))
                        .and_then(|(f, after)| Some((f.clone(), current(&f)?, after))),
                };
                let Some((file, old, new)) = edited else {
                    continue;
                };
                if new == old {
                    continue;
                }
                let mut shown = diff(&file, &old, &new);
                for secret in secrets.get(&file).into_iter().flatten() {
                    shown = shown.replace(secret.as_str(), "\"****\"");
                }
                out.push((
                    i,
                    FixOutput {
                        applicability: edit.applicability.as_str(),
                        diff: shown,
                        replacement: replacement(&old, &new),
                        file,
                    },
                ));
            }
            out
        })
        .collect();
    for (i, fix) in fixes {
        report.findings[i].fix = Some(fix);
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
    let mut chosen: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| {
            f.edit.as_ref().is_some_and(|edit| {
                (selection.rules.is_empty()
                    || selection
                        .rules
                        .iter()
                        .any(|r| *r == f.rule_id || *r == f.rule))
                    && (selection.unsafe_fixes || edit.applicability == Applicability::Safe)
            })
        })
        .collect();
    // Bottom-up within a file, so the lines of blocks above stay where they are.
    chosen.sort_by_key(|f| (f.file.clone(), std::cmp::Reverse(f.block_lines.0)));
    let shown = |f: &Finding| format!("{}:{} {} {}", f.file, f.line, f.rule_id, f.resource);
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let mut refused = Vec::new();
    let mut indirect = Vec::new();
    for f in chosen {
        let Some(edit) = &f.edit else {
            continue;
        };
        if broken.contains(f.file.as_str()) {
            refused.push((
                shown(f),
                "the file has errors; it is not edited".to_string(),
            ));
            continue;
        }
        if crate::parse::is_tf_json(&f.file) {
            refused.push((
                shown(f),
                "a JSON configuration (.tf.json) is generated: fix it in what generates it \
                 (the remediation says what to set)"
                    .to_string(),
            ));
            continue;
        }
        let Some(text) = texts
            .get(&f.file)
            .cloned()
            .or_else(|| report.sources.get(&f.file).map(|s| s.text.to_string()))
        else {
            continue;
        };
        match apply(&text, &[(f.block_lines.0, edit)]) {
            Ok(after) => {
                if after != text {
                    *fixed.entry(f.file.clone()).or_default() += 1;
                }
                texts.insert(f.file.clone(), after);
            }
            Err(Refusal(why)) => indirect.push((f, edit, why)),
        }
    }
    // Values written elsewhere (a variable's default, a tfvars file), once the direct edits are
    // made.
    for (f, edit, why) in indirect {
        let current = |file: &str| {
            texts
                .get(file)
                .cloned()
                .or_else(|| report.sources.get(file).map(|s| s.text.to_string()))
        };
        match through_variable(report, f, edit, &current)
            .filter(|(file, _)| !broken.contains(file.as_str()))
        {
            Some((file, after)) => {
                *fixed.entry(file.clone()).or_default() += 1;
                texts.insert(file, after);
            }
            None => {
                let variable = edit.set.keys().next().and_then(|path| {
                    let text = &report.sources.get(&f.file)?.text;
                    edit::variable_at(text, f.block_lines.0, path)
                });
                let why = match variable {
                    Some(name) => format!(
                        "the value comes from var.{name}, which is not set in one place for this finding alone (or is set in a .tfvars.json file): change it where it is set"
                    ),
                    None => why,
                };
                refused.push((shown(f), why));
            }
        }
    }
    let files = texts
        .into_iter()
        .filter_map(|(path, after)| {
            let before = report.sources.get(&path)?.text.to_string();
            (after != before).then(|| FileFix {
                fixed: fixed.get(&path).copied().unwrap_or(0),
                path,
                before,
                after,
            })
        })
        .collect();
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
