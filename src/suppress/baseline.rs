//! Baselines for brownfield repositories: `--write-baseline FILE` records every current finding;
//! `--baseline FILE` then reports only new ones. Entries match by fingerprint (rule, root,
//! resource address, attribute path), so edits that move lines keep matching, and no secret
//! value is ever written.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::{Note, NoteKind, Report, Suppressed, Suppression, SuppressionKind};
use crate::{Error, ScanError};

/// The baseline file's format version: a string, like the JSON report's `version` (files
/// written before it was a string say `1`, which reads the same).
pub const BASELINE_VERSION: &str = "1";

/// A version written as text (`"1"`) or, as older baselines wrote it, as a number (`1`).
fn version_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Text(String),
        Number(u64),
    }
    Ok(match Version::deserialize(deserializer)? {
        Version::Text(text) => text,
        Version::Number(n) => n.to_string(),
    })
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `Finding::fingerprint()`.
    pub fingerprint: String,
    /// The rule, for people reading the file.
    pub rule_id: String,
    /// The root module, for people reading the file (the fingerprint holds it too).
    #[serde(default)]
    pub root: String,
    /// The resource address, for people reading the file.
    pub resource: String,
    /// The attribute path, for people reading the file.
    #[serde(default)]
    pub attribute: Option<String>,
    /// The file at the time it was recorded, for people reading the file.
    pub file: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version ([`BASELINE_VERSION`]).
    #[serde(deserialize_with = "version_text")]
    pub version: String,
    /// Recorded findings, sorted.
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// A baseline of every finding in `report`.
    pub fn of(report: &Report) -> Self {
        let mut findings: Vec<Entry> = report
            .findings
            .iter()
            .map(|f| Entry {
                fingerprint: f.fingerprint(),
                rule_id: f.rule_id.clone(),
                root: f.root.clone(),
                resource: f.resource.clone(),
                attribute: f.attribute.clone(),
                file: f.file.clone(),
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.file, &a.rule_id, &a.resource, &a.fingerprint).cmp(&(
                &b.file,
                &b.rule_id,
                &b.resource,
                &b.fingerprint,
            ))
        });
        findings.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Self {
            version: BASELINE_VERSION.to_string(),
            findings,
        }
    }

    /// Writes the baseline as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| Error::Usage(e.to_string()))?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| Error::Usage(format!("cannot write baseline {}: {e}", path.display())))
    }

    /// Reads a baseline; a missing or malformed file is an error at its location.
    pub fn load(path: &Path) -> Result<Self, ScanError> {
        let shown = path.to_string_lossy().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ScanError::file(&shown, format!("cannot read baseline: {e}")))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            ScanError::new(
                &shown,
                e.line(),
                e.column(),
                format!("invalid baseline: {e}"),
            )
        })?;
        if baseline.version != BASELINE_VERSION {
            return Err(ScanError::file(
                &shown,
                format!(
                    "unsupported baseline version {:?} (expected {BASELINE_VERSION:?})",
                    baseline.version
                ),
            ));
        }
        Ok(baseline)
    }

    /// Moves findings recorded in the baseline to `suppressed`; a note counts the entries that no
    /// longer occur, so the file can shrink.
    pub fn apply(&self, report: &mut Report, shown: &str) {
        let recorded: BTreeSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut kept = Vec::new();
        for finding in std::mem::take(&mut report.findings) {
            let fingerprint = finding.fingerprint();
            if recorded.contains(fingerprint.as_str()) {
                seen.insert(fingerprint);
                report.suppressed.push(Suppressed {
                    finding,
                    suppression: Suppression {
                        kind: SuppressionKind::Baseline,
                        reason: Some("recorded in the baseline".into()),
                        expires: None,
                        file: Some(shown.to_string()),
                        line: None,
                    },
                });
            } else {
                kept.push(finding);
            }
        }
        // Already suppressed inline findings still count as occurring.
        for s in &report.suppressed {
            seen.insert(s.finding.fingerprint());
        }
        report.findings = kept;
        let stale = recorded.iter().filter(|f| !seen.contains(**f)).count();
        if stale > 0 {
            report.notes.push(Note {
                kind: NoteKind::Baseline,
                file: shown.to_string(),
                line: 1,
                column: 1,
                message: format!(
                    "{stale} baseline entr{} no longer occur{}: rewrite it with --write-baseline to shrink it",
                    if stale == 1 { "y" } else { "ies" },
                    if stale == 1 { "s" } else { "" }
                ),
            });
        }
    }
}
