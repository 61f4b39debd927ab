//! Rejects policies whose functions call themselves, directly or through other functions.
//! regorus 0.14 evaluates such a call until the thread's stack overflows, which aborts the whole
//! process; policies run on untrusted pull requests, so this is checked before anything runs.
//!
//! The check walks regorus's syntax tree (`regorus::unstable`, stable within the pinned `~0.14`):
//! every function definition is a node, every call of a user function an edge, and a cycle is an
//! error at the definition of one function in it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use regorus::unstable::{Expr, Literal, Module, Query, Ref, Rule, RuleHead};
use regorus::Value;

use crate::ScanError;

/// A user function: where it is defined and what it calls.
#[derive(Debug, Default)]
struct Function {
    file: String,
    line: usize,
    column: usize,
    calls: BTreeSet<String>,
}

/// Every function that can reach itself through calls, as an error at its definition.
pub fn find_recursion(modules: &[Ref<Module>]) -> Vec<ScanError> {
    let mut functions: BTreeMap<String, Function> = BTreeMap::new();
    for module in modules {
        let package = path_of(&module.package.refr).unwrap_or_default();
        let package = if package.starts_with("data.") {
            package
        } else {
            format!("data.{package}")
        };
        let aliases = aliases(module);
        for rule in &module.policy {
            let Rule::Spec { head, bodies, span } = rule.as_ref() else {
                continue;
            };
            let RuleHead::Func { refr, assign, .. } = head else {
                continue;
            };
            let Some(name) = path_of(refr) else { continue };
            let full = format!("{package}.{name}");
            let entry = functions.entry(full).or_insert_with(|| Function {
                file: span.source.get_path().clone(),
                line: span.line as usize,
                column: span.col as usize,
                calls: BTreeSet::new(),
            });
            let mut calls = Vec::new();
            if let Some(assign) = assign {
                collect_expr(&assign.value, &mut calls);
            }
            for body in bodies {
                if let Some(assign) = &body.assign {
                    collect_expr(&assign.value, &mut calls);
                }
                collect_query(&body.query, &mut calls);
            }
            for call in calls {
                entry.calls.insert(resolve(&call, &package, &aliases));
            }
        }
    }
    let mut errors = Vec::new();
    for (name, function) in &functions {
        if reaches(&functions, name) {
            errors.push(ScanError::new(
                &function.file,
                function.line,
                function.column,
                format!(
                    "function {} calls itself (directly or through other functions); recursion is \
                     not allowed in policies",
                    name.trim_start_matches("data.")
                ),
            ));
        }
    }
    errors
}

/// Whether `start` can reach itself through calls of user functions.
fn reaches(functions: &BTreeMap<String, Function>, start: &str) -> bool {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = functions[start].calls.iter().map(String::as_str).collect();
    while let Some(name) = stack.pop() {
        if name == start {
            return true;
        }
        if !seen.insert(name) {
            continue;
        }
        if let Some(f) = functions.get(name) {
            stack.extend(f.calls.iter().map(String::as_str));
        }
    }
    false
}

/// `import data.a.b` binds `b`; `import data.a.b as c` binds `c`.
fn aliases(module: &Module) -> HashMap<String, String> {
    module
        .imports
        .iter()
        .filter_map(|import| {
            let path = path_of(&import.refr)?;
            let alias = match &import.r#as {
                Some(span) => span.text().to_string(),
                None => path.rsplit('.').next()?.to_string(),
            };
            Some((alias, path))
        })
        .collect()
}

/// The full path a call name refers to: through an import alias, as written when it starts at
/// `data`, else a function of the same package.
fn resolve(call: &str, package: &str, aliases: &HashMap<String, String>) -> String {
    let (head, rest) = call.split_once('.').unwrap_or((call, ""));
    if head == "data" {
        return call.to_string();
    }
    if let Some(target) = aliases.get(head) {
        return if rest.is_empty() {
            target.clone()
        } else {
            format!("{target}.{rest}")
        };
    }
    format!("{package}.{call}")
}

/// A dotted path (`data.tfwarden.lib`, `lib.at`) from a chain of `Var` and `.field` nodes.
fn path_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Var { value, .. } => value.as_string().ok().map(|s| s.to_string()),
        Expr::RefDot { refr, field, .. } => {
            let base = path_of(refr)?;
            let field = match &field.1 {
                Value::String(s) => s.to_string(),
                _ => return None,
            };
            Some(format!("{base}.{field}"))
        }
        Expr::RefBrack { refr, index, .. } => match index.as_ref() {
            Expr::String { value, .. } => {
                Some(format!("{}.{}", path_of(refr)?, value.as_string().ok()?))
            }
            _ => None,
        },
        _ => None,
    }
}

fn collect_query(query: &Query, calls: &mut Vec<String>) {
    for stmt in &query.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => collect_membership(key.as_ref(), value, collection, calls),
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => collect_expr(expr, calls),
            Literal::Every { domain, query, .. } => {
                collect_expr(domain, calls);
                collect_query(query, calls);
            }
        }
        for with in &stmt.with_mods {
            collect_expr(&with.r#as, calls);
        }
    }
}

fn collect_expr(expr: &Expr, calls: &mut Vec<String>) {
    match expr {
        Expr::String { .. }
        | Expr::RawString { .. }
        | Expr::Number { .. }
        | Expr::Bool { .. }
        | Expr::Null { .. }
        | Expr::Var { .. } => {}
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().for_each(|i| collect_expr(i, calls));
        }
        Expr::Object { fields, .. } => {
            for (_, k, v) in fields {
                collect_expr(k, calls);
                collect_expr(v, calls);
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            collect_expr(term, calls);
            collect_query(query, calls);
        }
        Expr::ObjectCompr {
            key, value, query, ..
        } => {
            collect_expr(key, calls);
            collect_expr(value, calls);
            collect_query(query, calls);
        }
        Expr::Call { fcn, params, .. } => {
            calls.extend(path_of(fcn));
            params.iter().for_each(|p| collect_expr(p, calls));
        }
        Expr::UnaryExpr { expr, .. } => collect_expr(expr, calls),
        Expr::RefDot { refr, .. } => collect_expr(refr, calls),
        Expr::RefBrack { refr, index, .. } => {
            collect_expr(refr, calls);
            collect_expr(index, calls);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            collect_expr(lhs, calls);
            collect_expr(rhs, calls);
        }
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => collect_membership(key.as_ref(), value, collection, calls),
    }
}

/// `some key, value in collection` and `key, value in collection` alike.
fn collect_membership(
    key: Option<&Ref<Expr>>,
    value: &Expr,
    collection: &Expr,
    calls: &mut Vec<String>,
) {
    if let Some(key) = key {
        collect_expr(key, calls);
    }
    collect_expr(value, calls);
    collect_expr(collection, calls);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(files: &[(&str, &str)]) -> Vec<(String, usize, String)> {
        let mut engine = regorus::Engine::new();
        for (path, text) in files {
            engine
                .add_policy(path.to_string(), text.to_string())
                .unwrap();
        }
        find_recursion(engine.get_modules())
            .into_iter()
            .map(|e| (e.file, e.line, e.message))
            .collect()
    }

    #[test]
    fn direct_and_mutual_recursion_across_packages_are_found() {
        let errors = check(&[
            (
                "a.rego",
                "package a\n\nf(x) := f(x)\n\nok(x) := sprintf(\"%v\", [x])\n",
            ),
            (
                "b.rego",
                "package b\n\nimport data.c as other\n\ng(x) := other.h(x)\n",
            ),
            (
                "c.rego",
                "package c\n\nimport data.b\n\nh(x) := y if {\n  y := b.g(x)\n}\n",
            ),
        ]);
        let found: Vec<(&str, usize)> = errors.iter().map(|(f, l, _)| (f.as_str(), *l)).collect();
        assert_eq!(found, [("a.rego", 3), ("b.rego", 5), ("c.rego", 5)]);
        assert!(
            errors[0].2.contains("function a.f calls itself"),
            "{}",
            errors[0].2
        );
    }

    #[test]
    fn the_shipped_library_has_no_recursion() {
        let mut engine = regorus::Engine::new();
        for source in crate::policy::embedded()
            .iter()
            .filter(|s| s.path.ends_with(".rego"))
        {
            engine
                .add_policy(source.path.clone(), source.text.clone())
                .unwrap();
        }
        assert_eq!(find_recursion(engine.get_modules()), Vec::new());
    }
}
