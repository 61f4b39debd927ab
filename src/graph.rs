//! Graph stage: the one normalized model of a configuration that policies see, whatever the
//! input was. It holds every resource instance with its values, unknown paths, references and
//! source spans, indexes them by address and type so joins are lookups, and builds the input
//! document (`format_version` "1", see `policies/README.md`).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::source::SourceFile;

/// The version of the input document's shape; bumped on any incompatible change.
pub const INPUT_FORMAT_VERSION: &str = "1";

/// Whether a resource is managed (`resource`) or read (`data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A `resource` block.
    Managed,
    /// A `data` block.
    Data,
}

impl Mode {
    /// The name used in addresses and the input document.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Managed => "managed",
            Mode::Data => "data",
        }
    }
}

/// What kind of syntax an attribute path's span covers; a finding about something missing
/// never points at a nested block, only at an attribute, an element or the resource block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// `key = value`, or an object item `KEY = value`.
    Attribute,
    /// An element of a list.
    Element,
    /// A nested block's header (`tracing_config {`).
    Block,
}

/// Where an attribute path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrSpan {
    /// The whole attribute, item or element (for a nested block, its header line).
    pub range: Range<usize>,
    /// The value expression alone (equal to `range` for elements and blocks).
    pub value: Range<usize>,
    /// What the span covers.
    pub kind: SpanKind,
}

/// Where a resource is written: its file, the header of its block, and every attribute path.
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// The file holding the block.
    pub file: Arc<SourceFile>,
    /// `resource "type" "name" {`: what a finding about something missing points at.
    pub block: Range<usize>,
    /// Attribute path (`environment.0.variables.DB_PASSWORD`) to its span.
    pub attributes: HashMap<String, AttrSpan>,
}

/// One resource or data instance.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Full instance address, e.g. `aws_lambda_function.api`.
    pub address: String,
    /// Managed or data.
    pub mode: Mode,
    /// Resource type, e.g. `aws_lambda_function`.
    pub r#type: String,
    /// Resource name (second label).
    pub name: String,
    /// Module address, `""` at the root.
    pub module: String,
    /// `count` / `for_each` key, if any.
    pub index: Option<Value>,
    /// Provider configuration key, e.g. `aws` or `aws.west`.
    pub provider: String,
    /// Attribute values in plan-JSON shape; unknown values are `null`.
    pub values: Value,
    /// Attribute paths whose values cannot be known at scan time.
    pub unknown: Vec<String>,
    /// Attribute path to the addresses of resources it refers to.
    pub references: BTreeMap<String, Vec<String>>,
    /// Where it is written.
    pub source: SourceMap,
}

/// A provider configuration block.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Provider local name, e.g. `aws`.
    pub name: String,
    /// `alias`, if set.
    pub alias: Option<String>,
    /// Module address, `""` at the root.
    pub module: String,
    /// Attribute values in plan-JSON shape.
    pub values: Value,
    /// Unknown attribute paths.
    pub unknown: Vec<String>,
    /// File and line of the block.
    pub file: String,
    /// 1-based line of the block.
    pub line: usize,
}

impl Provider {
    /// The configuration key resources use to select it: `aws` or `aws.west`.
    pub fn key(&self) -> String {
        match &self.alias {
            Some(alias) => format!("{}.{alias}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A resolved source location for a finding.
#[derive(Debug, Clone)]
pub struct Located {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The byte range to point at.
    pub range: Range<usize>,
    /// The byte range of the value (to redact secrets), when pointing at a written value.
    pub value: Option<Range<usize>>,
}

/// Every resource of a scan, indexed.
#[derive(Debug, Default)]
pub struct Graph {
    resources: Vec<Resource>,
    providers: Vec<Provider>,
    by_address: HashMap<String, usize>,
    by_type: BTreeMap<String, Vec<usize>>,
}

impl Graph {
    /// Builds the graph; resources keep the order given (discovery order, which is sorted).
    pub fn new(resources: Vec<Resource>, providers: Vec<Provider>) -> Self {
        let mut by_address = HashMap::with_capacity(resources.len());
        let mut by_type: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_address.insert(r.address.clone(), i);
            by_type.entry(r.r#type.clone()).or_default().push(i);
        }
        Self {
            resources,
            providers,
            by_address,
            by_type,
        }
    }

    /// All resource instances.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// A resource by its full address.
    pub fn resource(&self, address: &str) -> Option<&Resource> {
        self.by_address.get(address).map(|i| &self.resources[*i])
    }

    /// The resources of one type, in order.
    pub fn of_type<'a>(&'a self, r#type: &str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.by_type
            .get(r#type)
            .into_iter()
            .flatten()
            .map(|i| &self.resources[*i])
    }

    /// Where a finding about `attribute` of `address` points: the attribute or list element if
    /// it is written; else the nearest written attribute that contains it (a value built by an
    /// expression); else the resource block's first line. Nested block headers are skipped: a
    /// missing attribute inside an existing nested block is reported at the resource block.
    pub fn locate(&self, address: &str, attribute: &str) -> Option<Located> {
        let resource = self.resource(address)?;
        let map = &resource.source;
        let mut path = attribute;
        while !path.is_empty() {
            if let Some(span) = map.attributes.get(path) {
                if span.kind != SpanKind::Block {
                    return Some(Located {
                        file: map.file.clone(),
                        range: span.range.clone(),
                        value: Some(span.value.clone()),
                    });
                }
            }
            path = path.rfind('.').map_or("", |i| &path[..i]);
        }
        Some(Located {
            file: map.file.clone(),
            range: map.block.clone(),
            value: None,
        })
    }

    /// The input document policies evaluate (see `policies/README.md`).
    pub fn input_document(&self, kind: &str, paths: &[String]) -> Value {
        let resources: Vec<Value> = self.resources.iter().map(resource_json).collect();
        let providers: Vec<Value> = self.providers.iter().map(provider_json).collect();
        let by_type: Map<String, Value> = self
            .by_type
            .iter()
            .map(|(t, idx)| (t.clone(), json!(idx)))
            .collect();
        let by_address: Map<String, Value> = self
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.address.clone(), json!(i)))
            .collect();
        json!({
            "format_version": INPUT_FORMAT_VERSION,
            "source": { "kind": kind, "paths": paths },
            "resources": resources,
            "providers": providers,
            "variables": {},
            "index": { "by_type": by_type, "by_address": by_address },
        })
    }
}

fn resource_json(r: &Resource) -> Value {
    let line = r.source.file.position(r.source.block.start).line;
    json!({
        "address": r.address,
        "mode": r.mode.as_str(),
        "type": r.r#type,
        "name": r.name,
        "module": r.module,
        "index": r.index,
        "provider": r.provider,
        "values": r.values,
        "unknown": r.unknown,
        "references": r.references,
        "source": { "file": r.source.file.path, "line": line },
    })
}

fn provider_json(p: &Provider) -> Value {
    json!({
        "key": p.key(),
        "name": p.name,
        "alias": p.alias,
        "module": p.module,
        "values": p.values,
        "unknown": p.unknown,
        "source": { "file": p.file, "line": p.line },
    })
}
