//! Suppress stage, between located findings and the report: inline comments (and those of
//! scanners users migrate from) and baselines move findings into the report's `suppressed` list,
//! and a suppression that is not honoured (no reason, expired, vetoed by config) becomes a note.

pub mod baseline;
pub mod inline;

use std::collections::{BTreeMap, BTreeSet};

use self::inline::{directives, Dialect, Directive};
use crate::report::{Finding, Note, NoteKind, Report, Suppressed, Suppression, SuppressionKind};
use crate::RuleMeta;

/// How inline suppressions are governed (from the configuration).
#[derive(Debug, Clone)]
pub struct Policy {
    /// Honour inline comments at all.
    pub inline: bool,
    /// A `tfwarden:ignore` without `reason="..."` is not honoured.
    pub require_reason: bool,
    /// Honour `checkov:skip`, `tfsec:ignore` and `trivy:ignore` comments.
    pub migrate: bool,
    /// Rule IDs that cannot be suppressed inline (`ignorable = false`).
    pub not_ignorable: BTreeSet<String>,
    /// Today (`YYYY-MM-DD`), for `until=`.
    pub today: String,
}

impl Policy {
    /// The defaults: inline suppressions on, reasons required, migration on.
    pub fn new(today: impl Into<String>) -> Self {
        Self {
            inline: true,
            require_reason: true,
            migrate: true,
            not_ignorable: BTreeSet::new(),
            today: today.into(),
        }
    }
}

/// Applies the suppression comments of every file with findings.
pub fn apply_inline(report: &mut Report, rules: &[&RuleMeta], policy: &Policy) {
    let by_id: BTreeMap<&str, &RuleMeta> = rules.iter().map(|r| (r.id.as_str(), *r)).collect();
    let files: BTreeSet<String> = report
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.file).chain(f.module_calls.iter().map(|c| &c.0)))
        .cloned()
        .collect();
    let mut kept = Vec::new();
    let mut notes = Vec::new();
    let mut parsed: BTreeMap<String, Vec<Directive>> = BTreeMap::new();
    for file in files {
        if let Some(source) = report.sources.get(&file) {
            // With migration off, other tools' comments are plain comments.
            let mut found = directives(source);
            found.retain(|d| policy.migrate || d.dialect == Dialect::Tfwarden);
            parsed.insert(file, found);
        }
    }
    let mut noted: BTreeSet<(String, usize)> = BTreeSet::new();
    for finding in std::mem::take(&mut report.findings) {
        let rule = by_id.get(finding.rule_id.as_str()).copied();
        let names_rule = |d: &&Directive| rule.is_some_and(|r| names(d, r));
        let found = parsed
            .get(&finding.file)
            .and_then(|ds| ds.iter().filter(names_rule).find(|d| covers(d, &finding)))
            .map(|d| (d, finding.file.clone()))
            .or_else(|| {
                // A suppression above a `module` block covers what that module reports.
                finding.module_calls.iter().find_map(|(file, start, end)| {
                    let ds = parsed.get(file)?;
                    ds.iter()
                        .filter(names_rule)
                        .find(|d| covers_call(d, &finding, *start, *end))
                        .map(|d| (d, file.clone()))
                })
            });
        let Some((directive, directive_file)) = found else {
            kept.push(finding);
            continue;
        };
        match verdict(directive, &finding, policy) {
            Ok(()) => report.suppressed.push(Suppressed {
                suppression: Suppression {
                    kind: SuppressionKind::Inline,
                    reason: directive
                        .reason
                        .clone()
                        .or_else(|| migrated_reason(directive)),
                    expires: directive.until.clone(),
                    file: Some(directive_file),
                    line: Some(directive.line),
                },
                finding,
            }),
            Err(why) => {
                if noted.insert((directive_file.clone(), directive.line)) {
                    notes.push(Note {
                        kind: NoteKind::Suppression,
                        file: directive_file,
                        line: directive.line,
                        column: directive.column,
                        message: format!("suppression not honoured: {why}"),
                    });
                }
                kept.push(finding);
            }
        }
    }
    report.findings = kept;
    report.notes.extend(notes);
}

/// Moves the findings of rules disabled in the configuration to `suppressed` (kind `config`).
pub fn apply_disabled(report: &mut Report, disabled: &BTreeSet<String>, config_file: &str) {
    let (off, on): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut report.findings)
        .into_iter()
        .partition(|f| disabled.contains(&f.rule_id));
    report.findings = on;
    report
        .suppressed
        .extend(off.into_iter().map(|finding| Suppressed {
            suppression: Suppression {
                kind: SuppressionKind::Config,
                reason: Some(format!(
                    "{} is disabled in the configuration",
                    finding.rule_id
                )),
                expires: None,
                file: Some(config_file.to_string()),
                line: None,
            },
            finding,
        }));
}

/// Whether a directive is placed to cover a finding: on the line above the line it points at,
/// directly above its resource block, anywhere inside the block (checkov), or file-wide.
fn covers(d: &Directive, f: &Finding) -> bool {
    if d.instance.as_deref().is_some_and(|i| i != f.resource) || !same_root(d, f) {
        return false;
    }
    let (block_start, block_end) = f.block_lines;
    // In a `.tf.json` file a `"//"` property inside a block's body is its comment.
    let inside_covers = d.dialect == Dialect::Checkov || crate::parse::is_tf_json(&f.file);
    d.whole_file
        || d.line + 1 == f.line
        || d.line + 1 == block_start
        || (inside_covers && block_start <= d.line && d.line <= block_end)
}

/// Whether a directive's `root=` (if any) names the finding's root module.
fn same_root(d: &Directive, f: &Finding) -> bool {
    use crate::evaluate::tree::normalize;
    d.root
        .as_deref()
        .is_none_or(|r| normalize(r) == normalize(&f.root))
}

/// Whether a directive is placed to cover a `module` block (lines `start`..=`end`) through which
/// the finding's resource is instantiated: directly above it, or inside it (checkov); never
/// file-wide, since `ignore-file` belongs to the file it is in.
fn covers_call(d: &Directive, f: &Finding, start: usize, end: usize) -> bool {
    // `instance=module.fleet["orders"]` picks one instance of the module.
    let inside = |i: &str| f.resource == i || f.resource.starts_with(&format!("{i}."));
    if d.instance.as_deref().is_some_and(|i| !inside(i)) || !same_root(d, f) {
        return false;
    }
    !d.whole_file
        && (d.line + 1 == start
            || (d.dialect == Dialect::Checkov && start <= d.line && d.line <= end))
}

/// Whether a directive names a rule: by ID or slug, or by an equivalent ID of the other tool.
fn names(d: &Directive, rule: &RuleMeta) -> bool {
    d.rules.iter().any(|name| match d.dialect {
        Dialect::Tfwarden => name.eq_ignore_ascii_case(&rule.id) || *name == rule.slug,
        other => other.equivalents_keys().iter().any(|key| {
            rule.equivalents
                .get(*key)
                .is_some_and(|ids| ids.iter().any(|id| id.eq_ignore_ascii_case(name)))
        }),
    })
}

/// Ok when the suppression is honoured; otherwise why not.
fn verdict(d: &Directive, f: &Finding, policy: &Policy) -> Result<(), String> {
    if let Some(problem) = &d.problem {
        return Err(problem.clone());
    }
    if !policy.inline {
        return Err("inline suppressions are turned off in the configuration".into());
    }
    if policy.not_ignorable.contains(&f.rule_id) {
        return Err(format!(
            "{} cannot be suppressed (ignorable = false in the configuration)",
            f.rule_id
        ));
    }
    if let Some(until) = &d.until {
        if until.as_str() < policy.today.as_str() {
            return Err(format!("it expired on {until}"));
        }
    }
    if d.dialect == Dialect::Tfwarden && policy.require_reason && d.reason.is_none() {
        return Err("it has no reason (add reason=\"...\")".into());
    }
    Ok(())
}

/// Migrated comments rarely carry a reason; say where they came from.
fn migrated_reason(d: &Directive) -> Option<String> {
    match d.dialect {
        Dialect::Tfwarden => None,
        Dialect::Checkov => Some("checkov:skip comment".into()),
        Dialect::Tfsec => Some("tfsec:ignore comment".into()),
        Dialect::Trivy => Some("trivy:ignore comment".into()),
    }
}
