//! The human report: one miette diagnostic per finding (rule ID, severity, message, the source
//! lines with a label on the exact span, the remediation as help), then errors, then a summary.
//! Secrets are masked in the source shown.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Report as MietteReport,
};

use super::{redact, Finding, Report};
use crate::policy::Severity;
use crate::source::{IndexedSource, SourceFile};
use crate::ScanError;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// ANSI colours (on a terminal, unless `NO_COLOR` is set).
    pub color: bool,
    /// Wrap width.
    pub width: usize,
    /// Show each finding's fix diff under it.
    pub show_fixes: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            show_fixes: false,
        }
    }
}

/// Renders the whole report.
pub fn render(report: &Report, options: HumanOptions) -> String {
    let handler = handler(options);
    let sources = display_sources(report);
    let mut out = String::new();
    // With several roots (a monorepo, two environments calling one module), each finding says
    // which deployment it is about.
    let roots: std::collections::BTreeSet<&str> =
        report.findings.iter().map(|f| f.root.as_str()).collect();
    let name_roots = roots.len() > 1;
    for finding in &report.findings {
        let source = sources.get(finding.file.as_str());
        render_one(
            &handler,
            &mut out,
            finding_diagnostic(finding, name_roots, options.color),
            source,
        );
        if let (true, Some(fix)) = (options.show_fixes, &finding.fix) {
            out.push_str(&format!("  fix ({}):\n", fix.applicability));
            for line in fix.diff.lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    for note in &report.notes {
        let at = Located {
            file: &note.file,
            line: note.line,
            column: note.column,
        };
        let file = report.sources.get(&note.file).map(|f| &**f);
        render_located(
            &handler,
            &mut out,
            Kind::Note(note.kind.label()),
            at,
            &note.message,
            file,
        );
    }
    for error in &report.errors {
        render_error(
            &handler,
            &mut out,
            error,
            report.sources.get(&error.file).map(|f| &**f),
        );
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

fn handler(options: HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        // Slugs and addresses are hyphenated: wrap between words, never inside one.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false)
}

/// Renders the report one line per finding, error and note, then the summary line:
/// `file:line:column: severity ID message (slug)`, the resource named when the message does not
/// name it (`--compact`).
pub fn render_compact(report: &Report, options: HumanOptions) -> String {
    let roots: std::collections::BTreeSet<&str> =
        report.findings.iter().map(|f| f.root.as_str()).collect();
    let mut out = String::new();
    for f in &report.findings {
        let root = if roots.len() > 1 {
            format!(" (root {})", f.root)
        } else {
            String::new()
        };
        // Messages usually name their resource; say it only when the message does not.
        let resource = if f.message.contains(&f.resource) {
            String::new()
        } else {
            format!("{}: ", f.resource)
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} {resource}{} ({}){root}",
            f.file,
            f.line,
            f.column,
            severity_tag(f.severity, options.color, false),
            f.rule_id,
            one_line(&f.message),
            f.rule
        );
    }
    for note in &report.notes {
        let _ = writeln!(
            out,
            "{}:{}:{}: note: {}",
            note.file,
            note.line,
            note.column,
            one_line(&note.message)
        );
    }
    for e in &report.errors {
        let _ = writeln!(out, "{}: error: {}", error_place(e), one_line(&e.message));
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Where an error is: `file:line:column`, or the path alone for an error about a whole path
/// (one that does not exist or cannot be read), which has no line to point at.
fn error_place(e: &ScanError) -> String {
    if (e.line, e.column) == (1, 1) {
        e.file.clone()
    } else {
        e.place()
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A severity as the human output writes it, coloured by rank when `color` is on (critical
/// bold red, high red, medium yellow, low blue, info dim) so each level looks different.
fn severity_tag(severity: Severity, color: bool, brackets: bool) -> String {
    let text = if brackets {
        format!("[{severity}]")
    } else {
        severity.to_string()
    };
    if !color {
        return text;
    }
    let code = match severity {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "34",
        Severity::Info => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Renders errors (for example policies that do not compile) with the source line they point
/// at, when `source_of` can provide the file.
pub fn render_errors(
    errors: &[ScanError],
    source_of: &dyn Fn(&str) -> Option<Arc<SourceFile>>,
    options: HumanOptions,
) -> String {
    let handler = handler(options);
    let mut out = String::new();
    for error in errors {
        render_error(&handler, &mut out, error, source_of(&error.file).as_deref());
    }
    out
}

/// One error.
fn render_error(
    handler: &GraphicalReportHandler,
    out: &mut String,
    error: &ScanError,
    file: Option<&SourceFile>,
) {
    let at = Located {
        file: &error.file,
        line: error.line,
        column: error.column,
    };
    render_located(handler, out, Kind::Error, at, &error.message, file);
}

/// What a located message is.
#[derive(Clone, Copy)]
enum Kind {
    /// An input or policy error.
    Error,
    /// A suppression that is not honoured, a stale baseline, what was not evaluated; with
    /// the label under the position.
    Note(&'static str),
}

/// A 1-based position in a file, as errors and notes report it.
#[derive(Clone, Copy)]
struct Located<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

/// A message at its line and column in `file` when the text is at hand, else as one line naming
/// the position.
fn render_located(
    handler: &GraphicalReportHandler,
    out: &mut String,
    kind: Kind,
    at: Located<'_>,
    message: &str,
    file: Option<&SourceFile>,
) {
    let (prefix, severity, label) = match kind {
        Kind::Error => ("error", miette::Severity::Error, "here"),
        Kind::Note(label) => ("note", miette::Severity::Advice, label),
    };
    let Some(file) = file.filter(|f| at.line > 0 && at.line <= f.text.lines().count().max(1))
    else {
        // Line 0 is a path as such (one that does not exist, a directory that cannot be read),
        // and without the text 1:1 means the whole file: name the path alone rather than a
        // line it does not have.
        let place = if at.line == 0 || (at.line, at.column) == (1, 1) {
            at.file.to_string()
        } else {
            format!("{}:{}:{}", at.file, at.line, at.column)
        };
        let diagnostic =
            MietteDiagnostic::new(format!("{prefix}: {place}: {message}")).with_severity(severity);
        render_one(handler, out, diagnostic, None);
        return;
    };
    let line = file.line_range(at.line);
    let text = &file.text[line.clone()];
    let column = text
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let diagnostic = MietteDiagnostic::new(format!("{prefix}: {message}"))
        .with_severity(severity)
        .with_label(LabeledSpan::at_offset(line.start + column, label));
    render_one(
        handler,
        out,
        diagnostic,
        Some(&IndexedSource::new(file, file.text.clone())),
    );
}

fn render_one(
    handler: &GraphicalReportHandler,
    out: &mut String,
    diagnostic: MietteDiagnostic,
    source: Option<&IndexedSource>,
) {
    let report = match source {
        Some(src) => MietteReport::new(diagnostic).with_source_code(src.clone()),
        None => MietteReport::new(diagnostic),
    };
    let _ = handler.render_report(out, report.as_ref());
    out.push('\n');
}

fn finding_diagnostic(f: &Finding, name_root: bool, color: bool) -> MietteDiagnostic {
    // Three glyphs for five levels: critical and high are errors (×), medium a warning (⚠),
    // low and info advice (☞); the coloured tag tells critical from high.
    let severity = match f.severity {
        Severity::Critical | Severity::High => miette::Severity::Error,
        Severity::Medium => miette::Severity::Warning,
        Severity::Low | Severity::Info => miette::Severity::Advice,
    };
    let label = match &f.attribute {
        Some(attr) if !f.range.is_empty() => format!("{} ({attr})", f.title),
        _ => f.title.clone(),
    };
    let mut help = format!("{} ({}", f.remediation, f.rule);
    if let Some(control) = &f.security_hub {
        let _ = write!(help, ", Security Hub {control}");
    }
    help.push(')');
    let root = if name_root {
        format!(" (root {})", f.root)
    } else {
        String::new()
    };
    MietteDiagnostic::new(format!(
        "{} {} {}{root}",
        f.rule_id,
        severity_tag(f.severity, color, true),
        f.message
    ))
    .with_severity(severity)
    .with_help(help)
    .with_label(LabeledSpan::new_with_span(Some(label), f.range.clone()))
}

/// The renderable text of each file with findings; files holding secrets get a masked copy.
fn display_sources(report: &Report) -> HashMap<&str, IndexedSource> {
    let mut redactions: HashMap<&str, Vec<std::ops::Range<usize>>> = HashMap::new();
    for f in &report.findings {
        if let Some(range) = &f.redact {
            redactions.entry(&f.file).or_default().push(range.clone());
        }
    }
    report
        .sources
        .iter()
        .map(|(path, file)| {
            let text = match redactions.get(path.as_str()) {
                Some(ranges) => {
                    let masked = ranges
                        .iter()
                        .fold(file.text.to_string(), |text, range| redact(&text, range));
                    Arc::from(masked)
                }
                None => file.text.clone(),
            };
            (path.as_str(), IndexedSource::new(file, text))
        })
        .collect()
}

/// `1 file`, `2 files`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `a.tf.bak, b.tf.orig (not a Terraform file name: ...), prod.tfvars (...)`: the skipped
/// files grouped by reason, at most five named for each.
fn skipped_list(skipped: &[crate::discover::Skipped]) -> String {
    const NAMED: usize = 5;
    let mut by_reason: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in skipped {
        match by_reason.iter_mut().find(|(r, _)| *r == s.reason) {
            Some((_, files)) => files.push(&s.file),
            None => by_reason.push((&s.reason, vec![&s.file])),
        }
    }
    let groups: Vec<String> = by_reason
        .iter()
        .map(|(reason, files)| {
            let mut named = files
                .iter()
                .take(NAMED)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if files.len() > NAMED {
                let _ = write!(named, " and {} more", files.len() - NAMED);
            }
            format!("{named} ({reason})")
        })
        .collect();
    format!("{}: {}", skipped.len(), groups.join(", "))
}

/// `12 findings (2 critical, 3 high, ...) in 4 files, 23 resources, 16 rules; 1 error`.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let counts = report.counts();
    let mut line = match s.findings {
        0 => "no findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    if s.files == 0 {
        // Say it plainly: a wrong path or an ignore rule must not pass as a clean scan.
        line = format!(
            "no Terraform files (.tf, .tf.json) found: nothing scanned ({})",
            plural(s.rules, "rule")
        );
    } else {
        if !counts.is_empty() {
            let parts: Vec<String> = counts.iter().map(|(sev, n)| format!("{n} {sev}")).collect();
            let _ = write!(line, " ({})", parts.join(", "));
        }
        let _ = write!(
            line,
            " in {}, {}, {}",
            plural(s.files, "file"),
            plural(s.resources, "resource"),
            plural(s.rules, "rule")
        );
    }
    if !report.skipped.is_empty() {
        let _ = write!(line, "; skipped {}", skipped_list(&report.skipped));
    }
    if s.ignored > 0 {
        let _ = write!(
            line,
            "; {} ignored (.gitignore, hidden or exclude)",
            plural(s.ignored, "Terraform file")
        );
    }
    if s.suppressed > 0 {
        let _ = write!(line, "; {} suppressed", s.suppressed);
    }
    if !report.notes.is_empty() {
        let _ = write!(line, "; {}", plural(report.notes.len(), "note"));
    }
    if !report.errors.is_empty() {
        let _ = write!(line, "; {}", plural(report.errors.len(), "error"));
    }
    line
}
