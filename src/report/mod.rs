//! Report stage: findings located in the source, the summary, the exit code, and the renderers
//! (`human` through miette, `json` in the stable schema of DESIGN.md, SARIF, JUnit, GitHub
//! annotations, GitLab Code Quality, rule documentation).

pub mod codequality;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod mask;
pub mod rules;
pub mod sarif;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::policy::Severity;
use crate::source::SourceFile;
use crate::ScanError;

/// A rule violation at an exact source range.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Rule ID, e.g. `LMB501`.
    pub rule_id: String,
    /// Rule slug, e.g. `lambda-tracing-disabled`.
    pub rule: String,
    /// Severity (a rule's `warn` findings are `info`).
    pub severity: Severity,
    /// The rule's title.
    pub title: String,
    /// What is wrong with this resource.
    pub message: String,
    /// Full resource instance address.
    pub resource: String,
    /// The root module (configuration) the resource belongs to: its directory, or the plan
    /// file for a plan resource the HCL does not have.
    pub root: String,
    /// First and last line of the resource's block (what block-level suppressions cover).
    #[serde(skip)]
    pub block_lines: (usize, usize),
    /// The `module` blocks that instantiate the resource, outermost first: file, first and
    /// last line (a suppression above a module block covers what the module reports).
    #[serde(skip)]
    pub module_calls: Vec<(String, usize, usize)>,
    /// File, relative to the current directory as given on the command line.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end (exclusive, as in SARIF).
    pub end_column: usize,
    /// The attribute path the finding is about (`None` for the block itself).
    pub attribute: Option<String>,
    /// How to fix it.
    pub remediation: String,
    /// AWS Security Hub control, if the rule maps to one.
    pub security_hub: Option<String>,
    /// A mechanical fix, when the rule offers one and it can be made here: its applicability
    /// and the diff (`null` otherwise: the remediation is the hint).
    pub fix: Option<crate::fix::FixOutput>,
    /// The edit behind `fix`.
    #[serde(skip)]
    pub edit: Option<crate::fix::Edit>,
    /// The byte range pointed at, in `file`.
    #[serde(skip)]
    pub range: Range<usize>,
    /// The byte range of a secret value to mask when showing source.
    #[serde(skip)]
    pub redact: Option<Range<usize>>,
}

impl Finding {
    /// A stable identity for baselines and SARIF `partialFingerprints`: rule, root, resource
    /// address and attribute path. Never the line (edits move lines) nor a secret's value.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let key = format!(
            "{}|{}|{}|{}",
            self.rule_id,
            self.root,
            self.resource,
            self.attribute.as_deref().unwrap_or_default()
        );
        let digest = Sha256::digest(key.as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The order of every output: root module, then file, line, column, rule, resource and
    /// attribute. The root comes first so that a scan of many root modules can write each
    /// batch of roots as it is judged (they are judged in root order); with one root, this is
    /// the order of file, line and column.
    pub fn sort_key(&self) -> (&str, &str, usize, usize, &str, &str, Option<&str>) {
        (
            &self.root,
            &self.file,
            self.line,
            self.column,
            &self.rule_id,
            &self.resource,
            self.attribute.as_deref(),
        )
    }
}

/// How a finding came to be suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// A `tfwarden:ignore` (or migrated checkov/tfsec/trivy) comment in the source.
    Inline,
    /// An entry of the `--baseline` file.
    Baseline,
    /// The configuration file.
    Config,
}

/// Why a finding is not reported: what suppressed it and where that was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// Inline comment, baseline or config.
    pub kind: SuppressionKind,
    /// The reason given.
    pub reason: Option<String>,
    /// `until=YYYY-MM-DD`, if any.
    pub expires: Option<String>,
    /// Where it is written (the comment's or the baseline's file).
    pub file: Option<String>,
    /// 1-based line of the comment, when inline.
    pub line: Option<usize>,
}

/// A finding that a suppression hides from the failure decision (still listed in JSON/SARIF).
#[derive(Debug, Clone, Serialize)]
pub struct Suppressed {
    /// The finding, as it would have been reported.
    #[serde(flatten)]
    pub finding: Finding,
    /// What suppressed it.
    pub suppression: Suppression,
}

/// Something the user should know that is neither a finding nor an error: a suppression that is
/// not honoured (no reason, expired, vetoed by config), a stale baseline entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// What the note is about.
    pub kind: NoteKind,
    /// The file concerned.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What to know.
    pub message: String,
}

/// What a note is about: a suppression, a baseline or what could not be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// A suppression comment or configuration entry that is not honoured.
    Suppression,
    /// A baseline file's entries that no longer occur.
    Baseline,
    /// Something the scan could not evaluate (a module not installed, an unknown `for_each`).
    Evaluation,
}

impl NoteKind {
    /// What the human output's label under the marked position says.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Suppression => "this suppression",
            NoteKind::Baseline => "this baseline",
            NoteKind::Evaluation => "here",
        }
    }
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Terraform files scanned.
    pub files: usize,
    /// Resource and data instances evaluated.
    pub resources: usize,
    /// Rules evaluated.
    pub rules: usize,
    /// Findings reported.
    pub findings: usize,
    /// Findings suppressed.
    pub suppressed: usize,
    /// Files under the scanned directories that look like Terraform but are deliberately not
    /// read ([`Report::skipped`] names them); absent when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped: usize,
    /// Terraform files under the scanned directories left out by `.gitignore`, `.ignore`,
    /// being hidden or the configuration's `exclude` (counted, not named); absent when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub ignored: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The result of a scan.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings, sorted by [`Finding::sort_key`].
    pub findings: Vec<Finding>,
    /// Findings hidden by a suppression, sorted like `findings`.
    pub suppressed: Vec<Suppressed>,
    /// Suppressions not honoured and other notes, sorted by file and position.
    pub notes: Vec<Note>,
    /// Inputs that could not be read or parsed, sorted by file and position.
    pub errors: Vec<ScanError>,
    /// Files deliberately not read, and why, sorted by file.
    pub skipped: Vec<crate::discover::Skipped>,
    /// Counts.
    pub summary: Summary,
    /// The text of every file read, for rendering snippets.
    pub sources: BTreeMap<String, Arc<SourceFile>>,
    /// Wall time of each stage of the scan, in order (`--timings`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The slowest rules and their evaluation time, slowest first (`--timings`): each rule runs
    /// on a worker of its own, so this shows which one the policy stage waits for.
    pub slowest_rules: Vec<(String, std::time::Duration)>,
    /// Findings already handed out by [`crate::Scanner::scan_streaming`] (so not in
    /// `findings`), counted by severity: they count in the summary and the exit code.
    pub streamed: BTreeMap<Severity, usize>,
}

impl Report {
    /// The process exit code: 2 if any error occurred, else 1 if a finding is at or above
    /// `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: Severity) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if self.findings.iter().any(|f| f.severity >= fail_on)
            || self.streamed.iter().any(|(s, n)| *s >= fail_on && *n > 0)
        {
            1
        } else {
            0
        }
    }

    /// Puts findings and errors in their deterministic order and updates the summary count.
    pub fn sort(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.suppressed
            .sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
        self.notes.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.summary.findings = self.findings.len() + self.streamed.values().sum::<usize>();
        self.summary.suppressed = self.suppressed.len();
    }

    /// How many findings there are of each severity, highest first (zero counts omitted).
    pub fn counts(&self) -> Vec<(Severity, usize)> {
        Severity::ALL
            .iter()
            .rev()
            .map(|sev| {
                (
                    *sev,
                    self.findings.iter().filter(|f| f.severity == *sev).count()
                        + self.streamed.get(sev).copied().unwrap_or(0),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// Masks `range` of `text` for display: keeps the quotes and the first characters of a long
/// value, replaces the rest byte-for-byte with `*` so every offset after it stays valid.
pub fn redact(text: &str, range: &Range<usize>) -> String {
    let Some(value) = text.get(range.clone()) else {
        return text.to_string();
    };
    let inner = value.trim_matches('"');
    let lead = value.len() - value.trim_start_matches('"').len();
    let mut masked = String::with_capacity(text.len());
    masked.push_str(&text[..range.start]);
    masked.push_str(&value[..lead]);
    // One `*` per byte, so every offset after the value stays valid.
    let kept = inner
        .char_indices()
        .nth(mask::kept_chars(inner))
        .map_or(inner.len(), |(i, _)| i);
    masked.push_str(&inner[..kept]);
    masked.extend(std::iter::repeat_n('*', inner.len() - kept));
    masked.push_str(&value[lead + inner.len()..]);
    masked.push_str(&text[range.end..]);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_offsets_and_hides_the_value() {
        let text = "A = \"hunter2\"\nB = \"sk_live_abcdefghijklmnop\"\n";
        let short = redact(text, &(4..13));
        assert_eq!(short, "A = \"*******\"\nB = \"sk_live_abcdefghijklmnop\"\n");
        let long = redact(text, &(18..44));
        assert_eq!(long, "A = \"hunter2\"\nB = \"sk_l********************\"\n");
        assert_eq!(long.len(), text.len());
    }
}
