//! Graph stage: the one normalized model of a configuration that policies see, whatever the
//! input was. It holds every resource instance with its values, unknown paths, references and
//! source spans, indexes them by address and type so joins are lookups, and builds the input
//! document (`format_version` "1", see `policies/README.md`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use regorus::Value as RegoValue;
use serde::Deserialize;
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
    /// The whole block, header to closing brace.
    pub extent: Range<usize>,
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
    /// The root module (configuration) it belongs to: its directory. A monorepo holds many
    /// roots, and addresses are unique only within one.
    pub root: String,
    /// Module address, `""` at the root.
    pub module: String,
    /// `count` / `for_each` key, if any.
    pub index: Option<Value>,
    /// Provider configuration key, e.g. `aws` or `aws.west`.
    pub provider: String,
    /// Attribute values in plan-JSON shape; unknown values are `null`.
    pub values: Value,
    /// Attribute paths whose values cannot be known at scan time, sorted.
    pub unknown: Vec<String>,
    /// Attribute path to the addresses of resources it refers to.
    pub references: BTreeMap<String, Vec<String>>,
    /// Where it is written.
    pub source: SourceMap,
    /// The `module` blocks that instantiate it, outermost first: file, first and last line.
    pub module_calls: Vec<(String, usize, usize)>,
    /// Attribute paths whose values are sensitive (plan `after_sensitive`): evaluated, never
    /// printed.
    pub sensitive: Vec<String>,
}

/// A provider configuration block.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Provider local name, e.g. `aws`.
    pub name: String,
    /// `alias`, if set.
    pub alias: Option<String>,
    /// The root module (configuration) it belongs to.
    pub root: String,
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
    /// The root module of the resource.
    pub root: String,
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
    /// Address to the positions of the resources with it, one per root that has it.
    by_address: HashMap<String, Vec<usize>>,
    /// Root to address to position: a finding names its root, and a monorepo has the same
    /// address in every root, so a scan of `by_address` per finding would be quadratic.
    by_root: HashMap<String, HashMap<String, usize>>,
    by_type: BTreeMap<String, Vec<usize>>,
    /// Root module directory to its known variable values.
    variables: BTreeMap<String, Map<String, Value>>,
}

impl Graph {
    /// Builds the graph; resources keep the order given (discovery order, which is sorted).
    pub fn new(resources: Vec<Resource>, providers: Vec<Provider>) -> Self {
        let mut by_address: HashMap<String, Vec<usize>> = HashMap::with_capacity(resources.len());
        let mut by_type: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_root: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_address.entry(r.address.clone()).or_default().push(i);
            by_type.entry(r.r#type.clone()).or_default().push(i);
            // The first resource with the address in its root, as a scan of `by_address` finds.
            by_root
                .entry(r.root.clone())
                .or_default()
                .entry(r.address.clone())
                .or_insert(i);
        }
        Self {
            resources,
            providers,
            by_address,
            by_root,
            by_type,
            variables: BTreeMap::new(),
        }
    }

    /// The graph with the root modules' known variable values (`input.variables`).
    pub fn with_variables(mut self, variables: BTreeMap<String, Map<String, Value>>) -> Self {
        self.variables = variables;
        self
    }

    /// `input.variables`: root directory to variable name to `{"value": ...}`, as in a plan.
    fn variables_json(&self) -> Value {
        Value::Object(
            self.variables
                .iter()
                .map(|(root, vars)| {
                    let vars: Map<String, Value> = vars
                        .iter()
                        .map(|(k, v)| (k.clone(), json!({ "value": v })))
                        .collect();
                    (root.clone(), Value::Object(vars))
                })
                .collect(),
        )
    }

    /// All resource instances.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// A resource by its root and full address. Without a root, the address must be unique
    /// across the scan.
    pub fn resource(&self, root: Option<&str>, address: &str) -> Option<&Resource> {
        let index = match root {
            Some(root) => self.by_root.get(root)?.get(address)?,
            None => match self.by_address.get(address)?.as_slice() {
                [only] => only,
                _ => return None,
            },
        };
        Some(&self.resources[*index])
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
    pub fn locate(&self, root: Option<&str>, address: &str, attribute: &str) -> Option<Located> {
        let resource = self.resource(root, address)?;
        let map = &resource.source;
        let mut path = attribute;
        while !path.is_empty() {
            if let Some(span) = map.attributes.get(path) {
                if span.kind != SpanKind::Block {
                    return Some(Located {
                        root: resource.root.clone(),
                        file: map.file.clone(),
                        range: span.range.clone(),
                        value: Some(span.value.clone()),
                    });
                }
            }
            path = path.rfind('.').map_or("", |i| &path[..i]);
        }
        Some(Located {
            root: resource.root.clone(),
            file: map.file.clone(),
            range: map.block.clone(),
            value: None,
        })
    }

    /// The start of the configuration (line 1 of the first file, by root and path, that has a
    /// resource): where a finding that names no resource points.
    pub fn start(&self) -> Option<Located> {
        let first = self
            .resources
            .iter()
            .min_by(|a, b| (&a.root, &a.source.file.path).cmp(&(&b.root, &b.source.file.path)))?;
        Some(Located {
            root: first.root.clone(),
            file: first.source.file.clone(),
            range: 0..0,
            value: None,
        })
    }

    /// The input document as the policy engine takes it: the same document as
    /// [`Graph::input_document`], built directly (resources in parallel) without an
    /// intermediate JSON copy, which matters at thousands of resources.
    pub fn input_value(&self, kind: &str, paths: &[String]) -> RegoValue {
        let resources: Vec<RegoValue> = self.resources.par_iter().map(resource_rego).collect();
        let providers: Vec<RegoValue> = self
            .providers
            .iter()
            .map(|p| rego(&provider_json(p)))
            .collect();
        let by_type: BTreeMap<RegoValue, RegoValue> = self
            .by_type
            .iter()
            .map(|(t, idx)| {
                let idx: Vec<RegoValue> = idx.iter().map(|i| RegoValue::from(*i)).collect();
                (RegoValue::from(t.as_str()), RegoValue::from(idx))
            })
            .collect();
        let mut by_address: BTreeMap<RegoValue, BTreeMap<RegoValue, RegoValue>> = BTreeMap::new();
        for (i, r) in self.resources.iter().enumerate() {
            by_address
                .entry(RegoValue::from(r.root.as_str()))
                .or_default()
                .insert(RegoValue::from(r.address.as_str()), RegoValue::from(i));
        }
        let by_address: BTreeMap<RegoValue, RegoValue> = by_address
            .into_iter()
            .map(|(root, addrs)| (root, RegoValue::from(addrs)))
            .collect();
        let paths: Vec<RegoValue> = paths.iter().map(|p| RegoValue::from(p.as_str())).collect();
        object([
            ("format_version", RegoValue::from(INPUT_FORMAT_VERSION)),
            (
                "source",
                object([
                    ("kind", RegoValue::from(kind)),
                    ("paths", RegoValue::from(paths)),
                ]),
            ),
            ("resources", RegoValue::from(resources)),
            ("providers", RegoValue::from(providers)),
            ("variables", rego(&self.variables_json())),
            (
                "index",
                object([
                    ("by_type", RegoValue::from(by_type)),
                    ("by_address", RegoValue::from(by_address)),
                ]),
            ),
        ])
    }

    /// The input document policies evaluate (see `policies/README.md`), as JSON.
    pub fn input_document(&self, kind: &str, paths: &[String]) -> Value {
        let resources: Vec<Value> = self.resources.iter().map(resource_json).collect();
        let providers: Vec<Value> = self.providers.iter().map(provider_json).collect();
        let by_type: Map<String, Value> = self
            .by_type
            .iter()
            .map(|(t, idx)| (t.clone(), json!(idx)))
            .collect();
        let mut by_address: Map<String, Value> = Map::new();
        for (i, r) in self.resources.iter().enumerate() {
            if let Value::Object(root) = by_address
                .entry(r.root.clone())
                .or_insert_with(|| Value::Object(Map::new()))
            {
                root.insert(r.address.clone(), json!(i));
            }
        }
        json!({
            "format_version": INPUT_FORMAT_VERSION,
            "source": { "kind": kind, "paths": paths },
            "resources": resources,
            "providers": providers,
            "variables": self.variables_json(),
            "index": { "by_type": by_type, "by_address": by_address },
        })
    }
}

fn object<const N: usize>(pairs: [(&str, RegoValue); N]) -> RegoValue {
    RegoValue::from(
        pairs
            .into_iter()
            .map(|(k, v)| (RegoValue::from(k), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// Converts JSON without copying it first (serde_json's `&Value` is a deserializer).
fn rego(json: &Value) -> RegoValue {
    RegoValue::deserialize(json).unwrap_or(RegoValue::Null)
}

fn resource_rego(r: &Resource) -> RegoValue {
    let line = r.source.file.position(r.source.block.start).line;
    // A set, so `path in r.unknown` is a lookup; it serializes as the sorted JSON array.
    let unknown: BTreeSet<RegoValue> = r
        .unknown
        .iter()
        .map(|u| RegoValue::from(u.as_str()))
        .collect();
    let references: BTreeMap<RegoValue, RegoValue> = r
        .references
        .iter()
        .map(|(path, addrs)| {
            let addrs: Vec<RegoValue> = addrs.iter().map(|a| RegoValue::from(a.as_str())).collect();
            (RegoValue::from(path.as_str()), RegoValue::from(addrs))
        })
        .collect();
    object([
        ("address", RegoValue::from(r.address.as_str())),
        ("mode", RegoValue::from(r.mode.as_str())),
        ("type", RegoValue::from(r.r#type.as_str())),
        ("name", RegoValue::from(r.name.as_str())),
        ("root", RegoValue::from(r.root.as_str())),
        ("module", RegoValue::from(r.module.as_str())),
        ("index", r.index.as_ref().map_or(RegoValue::Null, rego)),
        ("provider", RegoValue::from(r.provider.as_str())),
        ("values", rego(&r.values)),
        ("unknown", RegoValue::from(unknown)),
        ("references", RegoValue::from(references)),
        (
            "source",
            object([
                ("file", RegoValue::from(r.source.file.path.as_str())),
                ("line", RegoValue::from(line)),
            ]),
        ),
    ])
}

fn resource_json(r: &Resource) -> Value {
    let line = r.source.file.position(r.source.block.start).line;
    json!({
        "address": r.address,
        "mode": r.mode.as_str(),
        "type": r.r#type,
        "name": r.name,
        "root": r.root,
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
        "root": p.root,
        "module": p.module,
        "values": p.values,
        "unknown": p.unknown,
        "source": { "file": p.file, "line": p.line },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate_files;
    use crate::parse::{decode, parse_hcl};

    fn graph(files: &[(&str, &str, &str)]) -> Graph {
        let mut resources = Vec::new();
        let mut providers = Vec::new();
        for (root, path, src) in files {
            let source = Arc::new(decode(path, src.as_bytes().to_vec()).unwrap());
            let parsed = [parse_hcl(source).unwrap()];
            let out = evaluate_files(parsed.into(), root);
            resources.extend(out.resources);
            providers.extend(out.providers);
        }
        Graph::new(resources, providers)
    }

    #[test]
    fn the_engine_input_equals_the_json_document() {
        let g = graph(&[
            ("a", "a/main.tf", "provider \"aws\" {}\nresource \"aws_iam_role\" \"r\" { name = \"a\" }\nresource \"aws_lambda_function\" \"f\" {\n  role = aws_iam_role.r.arn\n  tags = { team = \"x\" }\n  tracing_config { mode = \"Active\" }\n}\n"),
            ("b", "b/main.tf", "resource \"aws_iam_role\" \"r\" { name = \"b\" }\n"),
        ]);
        let paths = vec![".".to_string()];
        let direct = serde_json::to_value(g.input_value("hcl", &paths)).unwrap();
        assert_eq!(direct, g.input_document("hcl", &paths));
        assert_eq!(direct["resources"][1]["unknown"], json!(["role"]));
    }

    #[test]
    fn the_same_address_in_two_roots_is_two_resources() {
        let g = graph(&[
            (
                "a",
                "a/main.tf",
                "resource \"aws_iam_role\" \"r\" {\n  name = \"a\"\n}\n",
            ),
            (
                "b",
                "b/main.tf",
                "\nresource \"aws_iam_role\" \"r\" {\n  name = \"b\"\n}\n",
            ),
        ]);
        assert_eq!(
            g.resource(Some("b"), "aws_iam_role.r")
                .map(|r| r.values["name"].clone()),
            Some(json!("b"))
        );
        assert!(
            g.resource(None, "aws_iam_role.r").is_none(),
            "ambiguous without a root"
        );
        let located = g.locate(Some("b"), "aws_iam_role.r", "name").unwrap();
        assert_eq!(
            (
                located.file.path.as_str(),
                located.file.position(located.range.start).line
            ),
            ("b/main.tf", 3)
        );
        let doc = g.input_document("hcl", &[]);
        assert_eq!(
            doc["index"]["by_address"],
            json!({"a": {"aws_iam_role.r": 0}, "b": {"aws_iam_role.r": 1}})
        );
    }
}
