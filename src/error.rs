//! Errors. [`ScanError`] is an input problem reported at a location (a file that cannot be read
//! or parsed, a policy that does not compile): it goes into the report and the scan goes on.
//! [`Error`] is a failure of the whole run (bad arguments, an unusable policy set).

use serde::Serialize;

/// A problem with one input, at a location; reported in the `errors` list and exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanError {
    /// The file, as reported to users.
    pub file: String,
    /// 1-based line (1 when the whole file is concerned; 0, `null` in JSON, when the error is
    /// about a path with no text to point into: one that does not exist, a directory).
    #[serde(serialize_with = "position")]
    pub line: usize,
    /// 1-based column (0, `null` in JSON, with line 0).
    #[serde(serialize_with = "position")]
    pub column: usize,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl ScanError {
    /// An error at `file:line:column`.
    pub fn new(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error about a whole file (reported at 1:1).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(file, 1, 1, message)
    }

    /// An error about a path as such, with no position in it (a path that does not exist, a
    /// directory that cannot be read): line and column 0.
    pub fn path(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(path, 0, 0, message)
    }

    /// Whether the error points at a line of the file (not at a path as such).
    pub fn has_position(&self) -> bool {
        self.line > 0
    }

    /// `file:line:column`, or the path alone for an error about a path as such.
    pub fn place(&self) -> String {
        if self.has_position() {
            format!("{}:{}:{}", self.file, self.line, self.column)
        } else {
            self.file.clone()
        }
    }
}

impl std::fmt::Display for ScanError {
    /// `file:line:column: message`, or `path: message` for a path as such.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

impl std::error::Error for ScanError {}

/// A position as JSON: the number, or `null` for none (0).
fn position<S: serde::Serializer>(n: &usize, s: S) -> Result<S::Ok, S::Error> {
    if *n == 0 {
        s.serialize_none()
    } else {
        s.serialize_u64(*n as u64)
    }
}

/// A failure that stops the run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A policy failed to load or compile; carries every such problem.
    #[error("{} policy error(s): {}", .0.len(), .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Policy(Vec<ScanError>),
    /// An argument or configuration value is invalid.
    #[error("{0}")]
    Usage(String),
}
