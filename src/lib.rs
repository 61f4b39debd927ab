//! tfwarden: a policy-as-code evaluator for Terraform.
//!
//! The crate is a library with a thin binary. Data flows one way, one module per stage:
//! [`discover`] → [`parse`] → [`evaluate`] → [`graph`] → [`policy`] → [`report`].
//! [`Scanner`] runs the whole pipeline; the CLI ([`cli`]) is one user of it.

pub mod cli;
pub mod discover;
pub mod error;
pub mod evaluate;
pub mod graph;
pub mod parse;
pub mod policy;
pub mod report;
pub mod scanner;
pub mod source;

pub use error::{Error, ScanError};
pub use policy::{RuleMeta, Severity};
pub use report::{Finding, Report};
pub use scanner::{ScanOptions, Scanner};
