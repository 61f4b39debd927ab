//! Parse stage: turn file bytes into syntax trees with source spans. A file that cannot be
//! decoded or parsed becomes a [`ScanError`](crate::ScanError) at its location; the caller keeps
//! scanning the other files.

pub mod hcl;

pub use self::hcl::{decode, parse_hcl, ParsedFile};
