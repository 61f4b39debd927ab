//! A Terraform plan read into the same resources, providers and variables an HCL scan builds,
//! so a policy cannot tell the inputs apart (except through `input.source.kind`).
//!
//! Values come from `planned_values` (resources being deleted are not there), unknown paths from
//! each resource change's `after_unknown`, sensitive paths from `after_sensitive` /
//! `sensitive_values`. When the HCL the plan was made from is scanned with it, each resource
//! takes its source spans and references from the HCL resource of the same address, so findings
//! point where an HCL scan would; otherwise at the line of the plan where its values begin, with
//! references taken from the plan's `configuration`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

pub use super::plan_paths::config_address;
use super::plan_paths::{
    expression_refs, expression_values, join, module_calls, resource_of_reference, set_null,
    true_paths,
};
use super::ModuleValues;
use crate::graph::{AttrSpan, Graph, Mode, Provider, Resource, SourceMap};
use crate::parse::plan::key_offset;
use crate::parse::PlanFile;
use crate::ScanError;

/// Reads `plan` as the configuration of root `root`. `sources` is the graph of the HCL the plan
/// was made from (for locations and references), when scanned with it.
pub fn evaluate_plan(plan: &PlanFile, root: &str, sources: Option<&Graph>) -> ModuleValues {
    let mut reader = Reader {
        plan,
        root,
        sources,
        out: ModuleValues::default(),
        changes: HashMap::new(),
        configs: Default::default(),
        planned_at: key_offset(&plan.source.text, 0, "planned_values").unwrap_or(0),
    };
    reader.read_changes();
    if let Some(module) = plan.module_at(plan.planned.clone()) {
        reader.module(module, "", "planned_values.root_module", None);
    }
    // Data sources Terraform read while planning (`aws_iam_policy_document` among them) are in
    // `prior_state`, not `planned_values`.
    if let Some(module) = plan.module_at(plan.prior.clone()) {
        reader.planned_at = key_offset(&plan.source.text, 0, "prior_state").unwrap_or(0);
        let planned: BTreeSet<String> = reader
            .out
            .resources
            .iter()
            .map(|r| r.address.clone())
            .collect();
        reader.module(module, "", "prior_state.values.root_module", Some(&planned));
    }
    reader.link_references();
    reader.read_providers();
    if let Some(Value::Object(vars)) = plan.doc.get("variables") {
        reader.out.variables = vars
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.get("value")?.clone())))
            .collect();
    }
    reader.out
}

struct Reader<'a> {
    plan: &'a PlanFile,
    root: &'a str,
    sources: Option<&'a Graph>,
    out: ModuleValues,
    /// Address to (actions, after_unknown, after_sensitive), borrowed from the plan.
    changes: HashMap<&'a str, (Vec<String>, &'a Value, &'a Value)>,
    /// The `configuration` resources of each module instance read so far, by local address:
    /// found once per module, not by a scan of the module's list per resource.
    configs: std::cell::RefCell<HashMap<String, std::rc::Rc<HashMap<String, &'a Value>>>>,
    planned_at: usize,
}

/// What a resource without a change or value reads.
static NULL: Value = Value::Null;

impl<'a> Reader<'a> {
    fn error_at(&self, offset: usize, message: String) -> ScanError {
        let p = self.plan.source.position(offset);
        ScanError::new(&self.plan.source.path, p.line, p.column, message)
    }

    /// An error at the first `key` of the part of the plan being read.
    fn error(&self, key: &str, message: String) -> ScanError {
        let at = key_offset(&self.plan.source.text, self.planned_at, key).unwrap_or(0);
        self.error_at(at, message)
    }

    fn read_changes(&mut self) {
        let Some(changes) = self.plan.doc.get("resource_changes") else {
            return;
        };
        let Some(changes) = changes.as_array() else {
            let e = self.error("resource_changes", "resource_changes must be a list".into());
            self.out.errors.push(e);
            return;
        };
        for rc in changes {
            let (Some(address), Some(change)) =
                (rc.get("address").and_then(Value::as_str), rc.get("change"))
            else {
                continue;
            };
            let actions = change
                .get("actions")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let unknown = change.get("after_unknown").unwrap_or(&NULL);
            let sensitive = change.get("after_sensitive").unwrap_or(&NULL);
            self.changes.insert(address, (actions, unknown, sensitive));
        }
    }

    /// One module of `planned_values` and its child modules; or, with the addresses
    /// `planned_values` holds, one module of `prior_state` for the data sources it adds. Each
    /// resource is read from the plan's text only now, and its values move into the resource.
    fn module(
        &mut self,
        module: &'a RawValue,
        address: &str,
        at: &str,
        planned: Option<&BTreeSet<String>>,
    ) {
        #[derive(serde::Deserialize)]
        struct Module<'m> {
            #[serde(borrow)]
            resources: Option<&'m RawValue>,
            #[serde(borrow)]
            child_modules: Option<&'m RawValue>,
        }
        let here = self.plan.offset_of(module);
        let Ok(parsed) = serde_json::from_str::<Module>(module.get()) else {
            if planned.is_none() {
                let e = self.error_at(here, format!("{at} must be an object"));
                self.out.errors.push(e);
            }
            return;
        };
        let list = |raw: Option<&'a RawValue>| -> Result<Vec<&'a RawValue>, ()> {
            raw.map_or(Ok(Vec::new()), |raw| {
                serde_json::from_str::<Vec<&RawValue>>(raw.get()).map_err(|_| ())
            })
        };
        let resources = list(parsed.resources).unwrap_or_else(|()| {
            if planned.is_none() {
                let where_ = parsed.resources.map_or(here, |r| self.plan.offset_of(r));
                let e = self.error_at(where_, format!("{at}.resources must be a list"));
                self.out.errors.push(e);
            }
            Vec::new()
        });
        for raw in resources {
            let outcome = serde_json::from_str::<Value>(raw.get())
                .map_err(|e| self.error_at(self.plan.offset_of(raw), e.to_string()))
                .and_then(|r| {
                    let skip = planned.is_some_and(|planned| {
                        r.get("mode").and_then(Value::as_str) != Some("data")
                            || r.get("address")
                                .and_then(Value::as_str)
                                .is_some_and(|a| planned.contains(a))
                    });
                    if skip {
                        return Ok(None);
                    }
                    self.resource(r, raw, address)
                });
            match outcome {
                Ok(Some(resource)) => self.out.resources.push(resource),
                Ok(None) => {}
                Err(e) => self.out.errors.push(e),
            }
        }
        for child in list(parsed.child_modules).unwrap_or_default() {
            #[derive(serde::Deserialize)]
            struct Address {
                address: Option<String>,
            }
            let child_address = serde_json::from_str::<Address>(child.get())
                .ok()
                .and_then(|a| a.address);
            let Some(child_address) = child_address else {
                if planned.is_none() {
                    let e = self.error_at(
                        self.plan.offset_of(child),
                        format!("a module in {at}.child_modules has no address"),
                    );
                    self.out.errors.push(e);
                }
                continue;
            };
            self.module(child, &child_address, "child_modules", planned);
        }
    }

    /// The resource `r`, read from `raw` in the plan's text, in module instance `module`.
    fn resource(
        &self,
        mut r: Value,
        raw: &RawValue,
        module: &str,
    ) -> Result<Option<Resource>, ScanError> {
        let text = &self.plan.source.text;
        let start = self.plan.offset_of(raw);
        let address = r
            .get("address")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| self.error_at(start, "a planned resource has no address".into()))?;
        let address = address.as_str();
        let at = key_offset(text, start, "address").unwrap_or(start);
        let fail = |message: String| self.error_at(at, message);
        if !module.is_empty() && !address.starts_with(&format!("{module}.")) {
            return Err(fail(format!(
                "resource {address} is listed in module {module}, whose resources' addresses start with {module}."
            )));
        }
        let text_of = |key: &str| r.get(key).and_then(Value::as_str).map(str::to_string);
        let (Some(r#type), Some(name)) = (text_of("type"), text_of("name")) else {
            return Err(fail(format!("resource {address} has no type or name")));
        };
        let mode = match text_of("mode").as_deref() {
            Some("data") => Mode::Data,
            Some("managed") | None => Mode::Managed,
            Some(other) => return Err(fail(format!("resource {address} has mode {other:?}"))),
        };
        let mut values = match r.get_mut("values").map(Value::take) {
            Some(v @ Value::Object(_)) => v,
            None => Value::Object(Map::new()),
            Some(_) => return Err(fail(format!("the values of {address} must be an object"))),
        };
        let (actions, after_unknown, after_sensitive) = self
            .changes
            .get(address)
            .cloned()
            .unwrap_or_else(|| (Vec::new(), &NULL, &NULL));
        // A resource being destroyed is not judged.
        if actions.iter().all(|a| a == "delete") && !actions.is_empty() {
            return Ok(None);
        }
        let mut unknown = Vec::new();
        true_paths(after_unknown, "", &mut unknown);
        // What the provider computes from nothing the user wrote (an ARN, a default block) is
        // not a value the user set: absent, as in an HCL scan, not unknown.
        if let Some(Value::Object(expressions)) = self
            .config_resource(address, module)
            .and_then(|c| c.get("expressions"))
        {
            unknown.retain(|p| expressions.contains_key(p.split('.').next().unwrap_or(p)));
        }
        for path in &unknown {
            set_null(&mut values, path);
        }
        // A policy document Terraform reads only at apply (its statements refer to ARNs not
        // known yet) has no `json` in the plan: render it as an HCL scan does, with its unknown
        // parts null, so the same statements reach the same rules.
        if mode == Mode::Data
            && r#type == "aws_iam_policy_document"
            && values.get("json").is_none_or(Value::is_null)
        {
            super::policy_document::render_into(&mut values, &unknown);
        }
        unknown.sort();
        let mut sensitive = Vec::new();
        true_paths(after_sensitive, "", &mut sensitive);
        true_paths(
            r.get("sensitive_values").unwrap_or(&Value::Null),
            "",
            &mut sensitive,
        );
        sensitive.sort();
        sensitive.dedup();
        let provider = r
            .get("provider_name")
            .and_then(Value::as_str)
            .and_then(|p| p.rsplit('/').next())
            .map_or_else(
                || r#type.split('_').next().unwrap_or("").to_string(),
                String::from,
            );
        let hcl = self.sources.and_then(|g| hcl_twin(g, self.root, address));
        let (source, references) = match hcl {
            Some(h) => {
                let mut source = h.source.clone();
                source.attributes = aligned_spans(h, &values);
                (source, h.references.clone())
            }
            None => {
                let start = key_offset(text, at, "values").unwrap_or(at);
                let header = start..start + "\"values\"".len();
                (
                    SourceMap {
                        file: Arc::clone(&self.plan.source),
                        block: header.clone(),
                        extent: header,
                        attributes: HashMap::new(),
                    },
                    BTreeMap::new(),
                )
            }
        };
        Ok(Some(Resource {
            address: address.to_string(),
            mode,
            r#type,
            name,
            root: self.root.to_string(),
            module: module.to_string(),
            index: r.get("index").cloned(),
            provider: self.provider_key(address, module).unwrap_or(provider),
            values,
            unknown,
            references,
            source,
            module_calls: hcl.map(|h| h.module_calls.clone()).unwrap_or_default(),
            sensitive,
        }))
    }

    /// The provider configuration key of a resource, from `configuration`
    /// (`provider_config_key`, which may carry a `module:` prefix).
    fn provider_key(&self, address: &str, module: &str) -> Option<String> {
        self.config_resource(address, module)?
            .get("provider_config_key")?
            .as_str()
            .map(|k| k.rsplit(':').next().unwrap_or(k).to_string())
    }

    /// The `configuration` entry of a resource instance of module instance `module`.
    fn config_resource(&self, address: &str, module: &str) -> Option<&'a Value> {
        let start = if module.is_empty() {
            0
        } else {
            module.len() + 1
        };
        let local = config_address(address.get(start..)?);
        let known = self.configs.borrow().get(module).cloned();
        let configs = match known {
            Some(configs) => configs,
            None => {
                let configs: HashMap<String, &'a Value> = self
                    .module_config(module)
                    .and_then(|m| m.get("resources"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| Some((c.get("address")?.as_str()?.to_string(), c)))
                    .rev() // the first of duplicate addresses wins, as a scan of the list found
                    .collect();
                let configs = std::rc::Rc::new(configs);
                self.configs
                    .borrow_mut()
                    .insert(module.to_string(), configs.clone());
                configs
            }
        };
        configs.get(&local).copied()
    }

    /// The `configuration` module of a module instance address (`module.a["x"].module.b`).
    fn module_config(&self, module: &str) -> Option<&'a Value> {
        let mut config = self.plan.doc.pointer("/configuration/root_module")?;
        for call in module_calls(module) {
            config = config.get("module_calls")?.get(&call)?.get("module")?;
        }
        Some(config)
    }

    /// Without HCL sources: references from the plan's `configuration` expressions, to the
    /// instances of this plan in the same module instance.
    fn link_references(&mut self) {
        let instances: BTreeMap<String, Vec<String>> = {
            let mut by_base: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for r in &self.out.resources {
                by_base
                    .entry(config_address(&r.address))
                    .or_default()
                    .push(r.address.clone());
            }
            by_base
        };
        let mut linked = Vec::with_capacity(self.out.resources.len());
        for r in &self.out.resources {
            if !r.references.is_empty() || r.source.file.path != self.plan.source.path {
                linked.push(None);
                continue;
            }
            let Some(config) = self.config_resource(&r.address, &r.module) else {
                linked.push(None);
                continue;
            };
            let mut refs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            if let Some(expressions) = config.get("expressions") {
                expression_refs(expressions, "", &mut refs);
            }
            let prefix = if r.module.is_empty() {
                String::new()
            } else {
                format!("{}.", r.module)
            };
            let resolved: BTreeMap<String, Vec<String>> = refs
                .into_iter()
                .filter_map(|(path, targets)| {
                    let addrs: BTreeSet<String> = targets
                        .iter()
                        .filter_map(|t| resource_of_reference(t))
                        .flat_map(|t| {
                            let base = config_address(&format!("{prefix}{t}"));
                            instances.get(&base).cloned().unwrap_or_default()
                        })
                        .collect();
                    (!addrs.is_empty()).then(|| (path, addrs.into_iter().collect()))
                })
                .collect();
            linked.push(Some(resolved));
        }
        for (r, refs) in self.out.resources.iter_mut().zip(linked) {
            if let Some(refs) = refs {
                r.references = refs;
            }
        }
    }

    /// Provider configurations from `configuration.provider_config`.
    fn read_providers(&mut self) {
        let Some(Value::Object(configs)) = self.plan.doc.pointer("/configuration/provider_config")
        else {
            return;
        };
        for (key, config) in configs {
            let name = config
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_string();
            let alias = config
                .get("alias")
                .and_then(Value::as_str)
                .map(String::from);
            let module = config
                .get("module_address")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let mut unknown = Vec::new();
            let values = config
                .get("expressions")
                .map(|e| expression_values(e, "", &mut unknown))
                .unwrap_or(Value::Object(Map::new()));
            let line = self
                .plan
                .source
                .position(key_offset(&self.plan.source.text, 0, "provider_config").unwrap_or(0))
                .line;
            self.out.providers.push(Provider {
                name,
                alias,
                root: self.root.to_string(),
                module,
                values,
                unknown,
                file: self.plan.source.path.clone(),
                line,
            });
        }
    }
}

/// The HCL resource a planned resource is: the same address in the same root, else (an
/// instance the HCL could not expand, its `for_each` unknown there) the unexpanded one.
fn hcl_twin<'g>(graph: &'g Graph, root: &str, address: &str) -> Option<&'g Resource> {
    graph
        .resource(Some(root), address)
        .or_else(|| graph.resource(Some(root), &config_address(address)))
}

/// The HCL resource's spans, also under the paths the plan gives its list elements: a set is
/// sorted in the plan (`["https://a", "*"]` becomes `["*", "https://a"]`), so a finding at the
/// plan's element 0 points where the HCL wrote that value.
fn aligned_spans(hcl: &Resource, plan: &Value) -> HashMap<String, AttrSpan> {
    let mut spans = hcl.source.attributes.clone();
    let mut moved = Vec::new();
    permutations(&hcl.values, plan, "", &mut moved);
    for (plan_path, hcl_path) in moved {
        let inner = format!("{hcl_path}.");
        for (path, span) in &hcl.source.attributes {
            if *path == hcl_path || path.starts_with(&inner) {
                spans.insert(
                    format!("{plan_path}{}", &path[hcl_path.len()..]),
                    span.clone(),
                );
            }
        }
    }
    spans
}

/// (plan path, HCL path) of list elements the plan holds at another position than the HCL.
fn permutations(hcl: &Value, plan: &Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match (hcl, plan) {
        (Value::Object(h), Value::Object(p)) => {
            for (k, pv) in p {
                if let Some(hv) = h.get(k) {
                    permutations(hv, pv, &join(prefix, k), out);
                }
            }
        }
        (Value::Array(h), Value::Array(p)) => {
            for (i, pv) in p.iter().enumerate() {
                let here = join(prefix, &i.to_string());
                match h.get(i) {
                    Some(hv) if hv == pv => permutations(hv, pv, &here, out),
                    _ => match h.iter().position(|hv| hv == pv) {
                        Some(j) => out.push((here, join(prefix, &j.to_string()))),
                        None => {
                            if let Some(hv) = h.get(i) {
                                permutations(hv, pv, &here, out);
                            }
                        }
                    },
                }
            }
        }
        _ => {}
    }
}
