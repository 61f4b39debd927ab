//! tfwarden: a policy-as-code evaluator for Terraform.
//!
//! The crate is a library with a thin binary. Data flows one way, one module per stage:
//! [`discover`] → [`parse`] → [`evaluate`] → [`graph`] → [`policy`] → [`report`].
//! [`Scanner`] runs the whole pipeline; the CLI ([`cli`]) is one user of it.
//!
//! ```
//! use tfwarden::{ScanOptions, Scanner, Severity};
//!
//! let scanner = Scanner::new(&ScanOptions::default())?;
//! let report = scanner.scan(&["examples/vulnerable-lambda".into()]);
//! for f in &report.findings {
//!     println!("{}:{}:{} {} {}", f.file, f.line, f.column, f.rule_id, f.message);
//! }
//! assert!(report.findings.iter().any(|f| f.rule_id == "LMB401"));
//! assert_eq!(report.exit_code(Severity::Low), 1);
//! # Ok::<(), tfwarden::Error>(())
//! ```

pub mod cli;
pub mod config;
pub mod discover;
pub mod error;
pub mod evaluate;
pub mod fix;
pub mod graph;
pub mod parse;
pub mod policy;
pub mod report;
pub mod scanner;
pub mod source;
pub mod suppress;
mod timing;

pub use error::{Error, ScanError};
pub use policy::{RuleMeta, Severity};
pub use report::{Finding, Report};
pub use scanner::{ScanOptions, Scanner};
