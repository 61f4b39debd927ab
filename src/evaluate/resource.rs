//! Resource, data source and provider blocks of one module instance to what the input document
//! holds: each `count` / `for_each` instance with its values, unknown paths, references and
//! spans; `data "aws_iam_policy_document"` rendered to its `json`; and the value other
//! expressions read (`aws_x.y` is an object, a list under `count`, a map under `for_each`).

use std::collections::BTreeSet;
use std::sync::Arc;

use hcl_edit::structure::Block;
use hcl_edit::Span;

use super::cty::{Attrs, Val};
use super::expand::{indexed, Expansion, Iteration};
use super::module::{block_error, Config, Decl, Done, Inst};
use super::policy_document;
use super::scope::InstScope;
use super::values::{set_path, ValueBuilder};
use crate::graph::{Mode, Provider, Resource, SourceMap};
use crate::parse::ParsedFile;
use crate::ScanError;

/// Every instance of the resource or data block `decl` in instance `id`.
pub(super) fn evaluate_resources(
    config: &Config<'_>,
    id: usize,
    inst: &Inst<'_>,
    decl: &Decl<'_>,
    block: &Block,
    mode: Mode,
) -> Done {
    let file = decl.file;
    let base = if inst.address.is_empty() {
        decl.key.clone()
    } else {
        format!("{}.{}", inst.address, decl.key)
    };
    let scope = InstScope::new(config, id, Iteration::None);
    let (expansion, keys) = config.expand(&scope, file, block, &base);
    // What `each.value` derives from.
    let each_refs = block
        .body
        .get_attribute("for_each")
        .map(|a| scope.refs(&a.value))
        .unwrap_or_default();
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    let (r#type, name) = (labels[0], labels[1]);
    let provider = block
        .body
        .get_attribute("provider")
        .and_then(|a| a.value.span())
        .and_then(|s| file.source.text.get(s))
        .map(str::trim)
        .map_or_else(
            || r#type.split('_').next().unwrap_or(r#type).to_string(),
            str::to_string,
        );
    let mut done = Done {
        expansion: Some(expansion),
        ..Done::default()
    };
    let mut readable = Vec::with_capacity(keys.len());
    for (key, iteration) in keys {
        let scope = scope.iterate(iteration, each_refs.clone());
        let mut builder = ValueBuilder::with_env(&file.source.text, &scope);
        let value = builder.resource_body(&block.body);
        let mut unknown = builder.unknown_paths(&value);
        let mut values = value.to_json();
        let read = if mode == Mode::Data && r#type == "aws_iam_policy_document" {
            policy_document::render_into(&mut values, &unknown);
            rendered_readable(&values, &unknown)
        } else {
            builder.readable(&value)
        };
        unknown.dedup();
        let header = builder
            .block_header(block)
            .or_else(|| block.span())
            .unwrap_or(0..0);
        let address = indexed(&base, &key);
        readable.push((key.clone(), read));
        done.instances.push((key.clone(), address.clone(), 0));
        done.resources.push(Resource {
            address,
            mode,
            r#type: r#type.to_string(),
            name: name.to_string(),
            root: config.root.clone(),
            module: inst.address.clone(),
            index: key,
            provider: provider.clone(),
            values,
            unknown,
            references: builder
                .references
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().collect()))
                .collect(),
            source: SourceMap {
                file: file.source.clone(),
                extent: block.span().unwrap_or_else(|| header.clone()),
                block: header,
                attributes: builder.spans,
            },
            module_calls: inst.calls.clone(),
            sensitive: Vec::new(),
        });
    }
    done.value = match expansion {
        Expansion::Single => readable.pop().map_or(Val::Unknown, |(_, v)| v),
        Expansion::Count => Val::list(readable.into_iter().map(|(_, v)| v).collect()),
        Expansion::ForEach => Val::map(
            readable
                .into_iter()
                .filter_map(|(k, v)| Some((k?.as_str()?.to_string(), v)))
                .collect(),
        ),
        Expansion::Unknown => Val::Unknown,
    };
    done.refs = done
        .instances
        .iter()
        .map(|(_, a, _)| a.clone())
        .collect::<BTreeSet<_>>();
    done
}

/// A rendered policy document as other expressions read it: `json` holds the policy; its
/// unknown statement parts are `null` in the text and listed in the data source's `unknown`.
fn rendered_readable(values: &serde_json::Value, unknown: &[String]) -> Val {
    let mut value = match Val::from_json(values) {
        Val::Map(attrs) => Val::Open(attrs),
        other => other,
    };
    for path in unknown {
        set_path(
            &mut value,
            &path.split('.').collect::<Vec<_>>(),
            Val::Unknown,
        );
    }
    value
}

/// A provider configuration block of the instance at `module`.
pub(super) fn evaluate_provider(
    file: &ParsedFile,
    block: &Block,
    scope: &InstScope<'_, '_>,
    root: &str,
    module: &str,
) -> Result<Provider, ScanError> {
    let [name] = block.labels.iter().map(|l| l.as_str()).collect::<Vec<_>>()[..] else {
        return Err(block_error(
            file,
            block,
            "a provider block needs one label: provider \"NAME\"".to_string(),
        ));
    };
    let mut builder = ValueBuilder::with_env(&file.source.text, scope);
    let value = builder.resource_body(&block.body);
    let unknown = builder.unknown_paths(&value);
    let mut attrs: Attrs = value.as_map().cloned().unwrap_or_default();
    let alias = attrs
        .remove("alias")
        .and_then(|a| a.as_str().map(str::to_string));
    let values = Val::Open(Arc::new(attrs)).to_json();
    let line = file
        .source
        .position(block.span().map_or(0, |s| s.start))
        .line;
    Ok(Provider {
        name: name.to_string(),
        alias,
        root: root.to_string(),
        module: module.to_string(),
        values,
        unknown,
        file: file.source.path.clone(),
        line,
    })
}
