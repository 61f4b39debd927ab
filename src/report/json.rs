//! The JSON report: DESIGN.md's stable, versioned schema, sorted findings. Version "2" added
//! `root` to every finding and `kind` to every note.

use std::io::Write;

use serde::Serialize;

use super::{Finding, Note, Report, Summary, Suppressed};
use crate::ScanError;

/// The version of the JSON report schema.
pub const JSON_VERSION: &str = "2";

/// The document, serialized straight from the report (no intermediate `serde_json::Value`
/// copy of every finding, which at 10,000 root modules cost hundreds of MiB).
#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    findings: &'a [Finding],
    suppressed: &'a [Suppressed],
    notes: &'a [Note],
    errors: &'a [ScanError],
    summary: &'a Summary,
    /// Files deliberately not read, when there are any (an addition to version 2).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skipped: &'a [crate::discover::Skipped],
}

/// Renders `report` as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let mut out = document(report, &report.findings);
    out.push('\n');
    out
}

fn document(report: &Report, findings: &[Finding]) -> String {
    let doc = Document {
        version: JSON_VERSION,
        findings,
        suppressed: &report.suppressed,
        notes: &report.notes,
        errors: &report.errors,
        summary: &report.summary,
        skipped: &report.skipped,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The JSON report written as findings arrive ([`crate::Scanner::scan_streaming`]): the
/// findings array first, one finding at a time, then the rest of the document once the scan
/// is over. The bytes are those [`render`] gives for the whole report.
pub struct Stream<W: Write> {
    out: W,
    written: usize,
}

/// Where the findings array opens in the pretty-printed document.
const FINDINGS_OPEN: &str = "\n  \"findings\": [";

impl<W: Write> Stream<W> {
    /// Starts the document on `out`.
    pub fn start(mut out: W) -> std::io::Result<Self> {
        write!(out, "{{\n  \"version\": \"{JSON_VERSION}\",{FINDINGS_OPEN}")?;
        Ok(Self { out, written: 0 })
    }

    /// Writes `findings` (the next ones in report order).
    pub fn findings(&mut self, findings: &[Finding]) -> std::io::Result<()> {
        for finding in findings {
            let text = serde_json::to_string_pretty(finding).map_err(std::io::Error::other)?;
            self.out
                .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            // Inside the array of the document: two levels deeper. JSON strings hold no raw
            // newline, so every line break is the pretty-printer's.
            for (n, line) in text.split('\n').enumerate() {
                if n > 0 {
                    self.out.write_all(b"\n")?;
                }
                self.out.write_all(b"    ")?;
                self.out.write_all(line.as_bytes())?;
            }
            self.written += 1;
        }
        Ok(())
    }

    /// Closes the findings array and writes the rest of `report` (everything but findings,
    /// which were written), then flushes; gives the writer back.
    pub fn finish(mut self, report: &Report) -> std::io::Result<W> {
        if self.written > 0 {
            self.out.write_all(b"\n  ]")?;
        } else {
            self.out.write_all(b"]")?;
        }
        // The rest is the document of no findings after its empty array.
        let rest = document(report, &[]);
        let after = rest
            .find(FINDINGS_OPEN)
            .map_or(rest.len(), |at| at + FINDINGS_OPEN.len() + 1);
        self.out.write_all(&rest.as_bytes()[after..])?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_without_findings_writes_what_render_does() {
        let mut report = Report::default();
        report
            .errors
            .push(ScanError::new("main.tf", 3, 7, "unexpected token"));
        report.sort();
        let written = Stream::start(Vec::new())
            .and_then(|stream| stream.finish(&report))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        assert_eq!(written.ok(), Some(render(&report)));
        assert!(render(&report).contains("\"findings\": [],"));
    }
}
