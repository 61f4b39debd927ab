//! Errors. [`ScanError`] is an input problem reported at a location (a file that cannot be read
//! or parsed, a policy that does not compile): it goes into the report and the scan goes on.
//! [`Error`] is a failure of the whole run (bad arguments, an unusable policy set).

use serde::Serialize;

/// A problem with one input, at a location; reported in the `errors` list and exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ScanError {
    /// The file, as reported to users.
    pub file: String,
    /// 1-based line (1 when the whole file is concerned).
    pub line: usize,
    /// 1-based column.
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
