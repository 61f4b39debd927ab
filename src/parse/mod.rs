//! Parse stage: turn file bytes into syntax trees with source spans (HCL, and Terraform's JSON
//! syntax read as HCL) or checked documents with their text (plan JSON). A file that cannot be decoded or parsed becomes a
//! [`ScanError`](crate::ScanError) at its location; the caller keeps scanning the other files.

pub mod hcl;
pub mod plan;
pub mod spanned_json;
pub mod tfjson;

pub use self::hcl::{decode, parse_hcl, ParsedFile};
pub use self::plan::{looks_like_plan, parse_plan, PlanFile};
pub use self::tfjson::{is_tf_json, parse_tf_json};
