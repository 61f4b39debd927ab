//! The expression evaluator: an `hcl-edit` expression to a [`Val`], as Terraform evaluates it
//! at plan time. References are resolved by a [`Scope`] (the module instance: variables,
//! locals, resources, module outputs); `for` iterators and `dynamic` block iterators are
//! [`Bindings`]. Unknowns flow through at the finest grain: a list with one unknown element
//! stays a list of known length, a conditional on a known condition evaluates one branch, and
//! `try` never guesses past an unknown.
//!
//! An error is an expression Terraform would reject (a wrong argument, a missing attribute);
//! callers treat it as unknown. Depth and size are bounded, so hostile input cannot overflow
//! the stack or exhaust memory.

use std::collections::BTreeMap;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, ForDirective, Template};
use hcl_edit::Decorated;

use super::cty::{number_text, Attrs, Val};

/// Deepest expression nesting evaluated (nested calls, lists, `for`s) before giving up.
pub const MAX_DEPTH: usize = 256;
/// Most elements a `for` expression or template `for` produces.
pub const MAX_ELEMENTS: usize = 1 << 20;
/// Longest string a template produces.
pub const MAX_TEXT: usize = 16 << 20;

/// Why an expression has no value: what Terraform would report, or an evaluation limit.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    /// What went wrong.
    pub message: String,
    /// Whether a limit of the scanner was reached, or an error Terraform reports before
    /// evaluating (a call to an unknown function): `try` and `can` do not catch it, and it is
    /// reported where it happened.
    pub limit: bool,
}

impl EvalError {
    fn new(message: impl Into<String>) -> Self {
        EvalError {
            message: message.into(),
            limit: false,
        }
    }

    /// An evaluation limit reached.
    pub fn limit(message: impl Into<String>) -> Self {
        EvalError {
            message: message.into(),
            limit: true,
        }
    }
}

impl From<String> for EvalError {
    fn from(message: String) -> Self {
        EvalError::new(message)
    }
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The result of evaluating an expression.
pub type EvalResult = Result<Val, EvalError>;

/// What references resolve against: one module instance (and one `count`/`for_each`
/// iteration of a block in it).
pub trait Scope {
    /// The value a reference rooted at `root` (`var`, `local`, `aws_x`, `data`, `module`,
    /// `each`, `count`, `path`, `terraform`, `self`) stands for, and how many of `ops` that value
    /// already covers (`var.x` covers one: the value of `x`). `Ok(None)`: not a reference this
    /// scope knows.
    fn resolve(
        &self,
        root: &str,
        ops: &[Decorated<TraversalOperator>],
    ) -> Result<Option<(Val, usize)>, EvalError>;

    /// Spends one step of the evaluation budget; an error once it is exhausted.
    fn spend(&self) -> Result<(), EvalError> {
        Ok(())
    }
}

/// A scope that knows no references: only literals and functions of literals evaluate.
pub struct Constants;

impl Scope for Constants {
    fn resolve(
        &self,
        _: &str,
        _: &[Decorated<TraversalOperator>],
    ) -> Result<Option<(Val, usize)>, EvalError> {
        Ok(None)
    }
}

/// Names bound by enclosing `for` expressions and `dynamic` blocks, innermost last.
pub type Bindings = Vec<(String, Val)>;

/// Evaluates `expr` in `scope` with `bindings`.
pub fn eval(expr: &Expression, scope: &dyn Scope, bindings: &Bindings) -> EvalResult {
    let mut ev = Evaluator {
        scope,
        bindings: bindings.clone(),
        depth: 0,
    };
    ev.expr(expr)
}

/// `templatefile(path, vars)` and `templatestring(text, vars)`.
fn template_call(name: &str, args: &[Val]) -> EvalResult {
    let [source, vars] = args else {
        return Err(EvalError::new(format!("{name} takes two arguments")));
    };
    let (Some(source), Some(vars)) = (source.to_text().map_err(EvalError::from)?, vars.as_map())
    else {
        if vars.is_known() && vars.as_map().is_none() {
            return Err(EvalError::new(format!(
                "{name}: the variables must be an object"
            )));
        }
        return Ok(Val::Unknown);
    };
    let text = if name == "templatefile" {
        super::functions::read_file(&source).map_err(|e| EvalError::new(format!("{name}: {e}")))?
    } else {
        source
    };
    render_template(&text, vars).map_err(|e| EvalError::new(format!("{name}: {e}")))
}

/// Renders a template text (`templatefile`) with `vars` as its only names.
pub fn render_template(text: &str, vars: &Attrs) -> EvalResult {
    let template: Template = text
        .parse()
        .map_err(|e| EvalError::new(format!("the template does not parse: {e}")))?;
    let mut ev = Evaluator {
        scope: &Constants,
        bindings: vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        depth: 0,
    };
    ev.template(&template)
}

struct Evaluator<'s> {
    scope: &'s dyn Scope,
    bindings: Bindings,
    depth: usize,
}

impl Evaluator<'_> {
    fn expr(&mut self, expr: &Expression) -> EvalResult {
        self.scope.spend()?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(EvalError::limit(format!(
                "the expression is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        let result = self.expr_inner(expr);
        self.depth -= 1;
        result
    }

    fn expr_inner(&mut self, expr: &Expression) -> EvalResult {
        match expr {
            Expression::Null(_) => Ok(Val::Null),
            Expression::Bool(b) => Ok(Val::Bool(*b.value())),
            Expression::Number(n) => n
                .value()
                .as_f64()
                .map(Val::Number)
                .ok_or_else(|| EvalError::new("the number is out of range")),
            Expression::String(s) => Ok(Val::String(s.value().clone())),
            Expression::Array(array) => {
                let items = array
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Val::list(items))
            }
            Expression::Object(object) => {
                let mut attrs = Attrs::new();
                let mut unknown_key = false;
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
                        ObjectKey::Expression(e) => self.key(e)?,
                    };
                    let value = self.expr(value.expr())?;
                    match key {
                        Some(key) => {
                            attrs.insert(key, value);
                        }
                        None => unknown_key = true,
                    }
                }
                Ok(if unknown_key {
                    Val::Unknown
                } else {
                    Val::map(attrs)
                })
            }
            Expression::StringTemplate(template) => self.elements(template.iter()),
            Expression::HeredocTemplate(heredoc) => match heredoc.indent() {
                Some(by) if by > 0 => {
                    let mut template = heredoc.template.clone();
                    dedent_directives(&mut template, by);
                    self.template(&template)
                }
                _ => self.template(&heredoc.template),
            },
            Expression::Parenthesis(inner) => self.expr(inner.inner()),
            Expression::Variable(var) => self.traversal(var.as_str(), &[]),
            Expression::Traversal(traversal) => match &traversal.expr {
                Expression::Variable(var) => self.traversal(var.as_str(), &traversal.operators),
                other => {
                    let value = self.expr(other)?;
                    self.apply(value, &traversal.operators)
                }
            },
            Expression::Conditional(cond) => match self.expr(&cond.cond_expr)?.to_bool() {
                Ok(Some(true)) => self.expr(&cond.true_expr),
                Ok(Some(false)) => self.expr(&cond.false_expr),
                Ok(None) => Ok(Val::Unknown),
                Err(e) => Err(EvalError::new(format!("the condition: {e}"))),
            },
            Expression::FuncCall(call) => self.call(call),
            Expression::UnaryOp(op) => {
                let value = self.expr(&op.expr)?;
                match op.operator.value() {
                    UnaryOperator::Neg => Ok(value
                        .to_number()
                        .map_err(EvalError::from)?
                        .map_or(Val::Unknown, |n| Val::Number(-n))),
                    UnaryOperator::Not => Ok(value
                        .to_bool()
                        .map_err(EvalError::from)?
                        .map_or(Val::Unknown, |b| Val::Bool(!b))),
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.expr(&op.lhs_expr)?;
                let rhs = self.expr(&op.rhs_expr)?;
                binary(*op.operator.value(), &lhs, &rhs)
            }
            Expression::ForExpr(for_expr) => self.for_expr(for_expr),
        }
    }

    /// An object key written as an expression: `Ok(None)` when it is unknown.
    fn key(&mut self, expr: &Expression) -> Result<Option<String>, EvalError> {
        // A bare name in parentheses is a variable; a bare name alone is the key itself.
        if let Expression::Variable(v) = expr {
            return Ok(Some(v.as_str().to_string()));
        }
        self.expr(expr)?.to_text().map_err(EvalError::from)
    }

    fn traversal(&mut self, root: &str, ops: &[Decorated<TraversalOperator>]) -> EvalResult {
        if let Some((_, value)) = self.bindings.iter().rev().find(|(name, _)| name == root) {
            let value = value.clone();
            return self.apply(value, ops);
        }
        match self.scope.resolve(root, ops)? {
            Some((value, consumed)) => self.apply(value, &ops[consumed.min(ops.len())..]),
            None => Err(EvalError::new(format!(
                "there is no variable named \"{root}\""
            ))),
        }
    }

    /// Applies traversal operators (`.a`, `[0]`, `[*]`) to a value.
    fn apply(&mut self, mut value: Val, ops: &[Decorated<TraversalOperator>]) -> EvalResult {
        for (i, op) in ops.iter().enumerate() {
            match op.value() {
                TraversalOperator::GetAttr(name) => value = get_attr(&value, name.as_str())?,
                TraversalOperator::Index(e) => {
                    let key = self.expr(e)?;
                    value = index(&value, &key)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value = index(&value, &Val::Number(*n.value() as f64))?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &ops[i + 1..];
                    return match value {
                        Val::Unknown => Ok(Val::Unknown),
                        Val::Null => Ok(Val::list(Vec::new())),
                        Val::List(items) => {
                            let mut out = Vec::with_capacity(items.len());
                            for item in items.iter() {
                                out.push(self.apply(item.clone(), rest)?);
                            }
                            Ok(Val::list(out))
                        }
                        other => Ok(Val::list(vec![self.apply(other, rest)?])),
                    };
                }
            }
        }
        Ok(value)
    }

    fn call(&mut self, call: &FuncCall) -> EvalResult {
        let name = call.name.name.as_str();
        if call.name.is_namespaced() {
            // Provider functions run in the provider: unknown to a scan.
            return Ok(Val::Unknown);
        }
        match name {
            "try" => return self.try_call(call),
            "can" => {
                let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
                    return Err(EvalError::new("can takes one argument"));
                };
                return Ok(match self.expr(arg) {
                    Ok(v) if v.is_wholly_known() => Val::Bool(true),
                    Ok(_) => Val::Unknown,
                    Err(e) if e.limit => return Err(e),
                    Err(_) => Val::Bool(false),
                });
            }
            _ => {}
        }
        if !super::functions::exists(name) {
            // Terraform rejects the configuration (whatever try or can around it): reported
            // where it is, like a limit, not a silent unknown.
            return Err(EvalError {
                message: format!("Call to unknown function: there is no function named \"{name}\""),
                limit: true,
            });
        }
        let mut args = Vec::with_capacity(call.args.len());
        let count = call.args.len();
        for (i, arg) in call.args.iter().enumerate() {
            let value = self.expr(arg)?;
            if call.args.expand_final() && i + 1 == count {
                match value {
                    Val::List(items) => args.extend(items.iter().cloned()),
                    Val::Unknown => return Ok(Val::Unknown),
                    other => {
                        return Err(EvalError::new(format!(
                            "the final argument of {name} expands with ..., so it must be a list, not a {}",
                            other.kind()
                        )))
                    }
                }
            } else {
                args.push(value);
            }
        }
        if matches!(name, "templatefile" | "templatestring") {
            return template_call(name, &args);
        }
        super::functions::call(name, &args).map_err(|e| {
            let (message, bound) = super::functions::split_bound(&e);
            // `call` prefixes the function's name to its error.
            let message = if bound && !message.starts_with(name) {
                format!("{name}: {message}")
            } else {
                message.to_string()
            };
            EvalError {
                message,
                limit: bound,
            }
        })
    }

    /// `try(a, b, ...)`: the first argument that evaluates without error. An unknown argument
    /// makes the result unknown: Terraform cannot tell yet whether it would fail.
    fn try_call(&mut self, call: &FuncCall) -> EvalResult {
        let mut last = EvalError::new("try needs at least one argument");
        for arg in call.args.iter() {
            match self.expr(arg) {
                Ok(v) if v.is_wholly_known() => return Ok(v),
                Ok(_) => return Ok(Val::Unknown),
                Err(e) if e.limit => return Err(e),
                Err(e) => last = e,
            }
        }
        Err(EvalError::new(format!(
            "no argument of try could be evaluated: {last}"
        )))
    }

    fn for_expr(&mut self, f: &ForExpr) -> EvalResult {
        let collection = self.expr(&f.intro.collection_expr)?;
        let items: Vec<(Val, Val)> = match &collection {
            Val::Unknown => return Ok(Val::Unknown),
            Val::Null => return Err(EvalError::new("a for expression cannot iterate over null")),
            Val::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Val::Number(i as f64), v.clone()))
                .collect(),
            Val::Map(attrs) | Val::Open(attrs) => attrs
                .iter()
                .map(|(k, v)| (Val::String(k.clone()), v.clone()))
                .collect(),
            other => {
                return Err(EvalError::new(format!(
                    "a for expression cannot iterate over a {}",
                    other.kind()
                )))
            }
        };
        if items.len() > MAX_ELEMENTS {
            return Err(EvalError::limit(format!(
                "a for expression over more than {MAX_ELEMENTS} elements is not evaluated"
            )));
        }
        let mark = self.bindings.len();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Val>> = BTreeMap::new();
        let mut unknown = false;
        let mut weight = 0usize;
        let result = (|| {
            for (key, value) in items {
                self.bindings.truncate(mark);
                if let Some(k) = &f.intro.key_var {
                    self.bindings.push((k.as_str().to_string(), key));
                }
                self.bindings
                    .push((f.intro.value_var.as_str().to_string(), value));
                if let Some(cond) = &f.cond {
                    match self.expr(&cond.expr)?.to_bool().map_err(EvalError::from)? {
                        Some(true) => {}
                        Some(false) => continue,
                        None => unknown = true,
                    }
                }
                let value = self.expr(&f.value_expr)?;
                weight += value.weight();
                if weight > MAX_ELEMENTS {
                    return Err(EvalError::limit(format!(
                        "a for expression producing more than {MAX_ELEMENTS} elements is not evaluated"
                    )));
                }
                match &f.key_expr {
                    None => list.push(value),
                    Some(key_expr) => {
                        let Some(key) = self.expr(key_expr)?.to_text().map_err(EvalError::from)?
                        else {
                            unknown = true;
                            continue;
                        };
                        if f.grouping {
                            groups.entry(key).or_default().push(value);
                        } else if map.insert(key.clone(), value).is_some() {
                            return Err(EvalError::new(format!(
                                "duplicate key \"{key}\" in a for expression (add ... to group them)"
                            )));
                        }
                    }
                }
            }
            Ok(())
        })();
        self.bindings.truncate(mark);
        result?;
        if unknown {
            return Ok(Val::Unknown);
        }
        Ok(match &f.key_expr {
            None => Val::list(list),
            Some(_) if f.grouping => {
                Val::map(groups.into_iter().map(|(k, v)| (k, Val::list(v))).collect())
            }
            Some(_) => Val::map(map),
        })
    }

    fn template(&mut self, template: &Template) -> EvalResult {
        self.elements(template.iter())
    }

    /// A template's elements: text, or the value itself when the template is one
    /// interpolation (`"${var.list}"` is the list).
    fn elements<'e>(&mut self, elements: impl Iterator<Item = &'e Element>) -> EvalResult {
        let elements: Vec<&Element> = elements.collect();
        if let [Element::Interpolation(i)] = elements[..] {
            return self.expr(&i.expr);
        }
        let mut out = String::new();
        let known = self.render(&elements, &mut out, false, false)?;
        Ok(if known {
            Val::String(out)
        } else {
            Val::Unknown
        })
    }

    /// Appends the text of `elements` to `out`; `Ok(false)` when part of it is unknown.
    /// `strip_first` and `strip_last` are the `~` markers of the directive around them.
    fn render(
        &mut self,
        elements: &[&Element],
        out: &mut String,
        strip_first: bool,
        strip_last: bool,
    ) -> Result<bool, EvalError> {
        let mut known = true;
        let mut strip_next = strip_first;
        for element in elements {
            let strip_before = match element {
                Element::Literal(_) => false,
                Element::Interpolation(i) => i.strip.strip_start(),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => d.if_expr.strip.strip_start(),
                    Directive::For(d) => d.for_expr.strip.strip_start(),
                },
            };
            if strip_before {
                out.truncate(out.trim_end().len());
            }
            match element {
                Element::Literal(text) => {
                    let text = text.value();
                    out.push_str(if strip_next { text.trim_start() } else { text });
                    strip_next = false;
                }
                Element::Interpolation(i) => {
                    match self.expr(&i.expr)?.to_text() {
                        Ok(Some(text)) => out.push_str(&text),
                        Ok(None) => known = false,
                        Err(e) => return Err(EvalError::new(format!("in a template: {e}"))),
                    }
                    strip_next = i.strip.strip_end();
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        let endif = &d.endif_expr.strip;
                        let cond = self.expr(&d.if_expr.cond_expr)?;
                        match cond.to_bool().map_err(EvalError::from)? {
                            Some(true) => {
                                let inner: Vec<&Element> = d.if_expr.template.iter().collect();
                                let last = d
                                    .else_expr
                                    .as_ref()
                                    .map_or(endif.strip_start(), |e| e.strip.strip_start());
                                known &=
                                    self.render(&inner, out, d.if_expr.strip.strip_end(), last)?;
                            }
                            Some(false) => {
                                if let Some(e) = &d.else_expr {
                                    let inner: Vec<&Element> = e.template.iter().collect();
                                    known &= self.render(
                                        &inner,
                                        out,
                                        e.strip.strip_end(),
                                        endif.strip_start(),
                                    )?;
                                }
                            }
                            None => known = false,
                        }
                        strip_next = endif.strip_end();
                    }
                    Directive::For(d) => {
                        known &= self.render_for(d, out)?;
                        strip_next = d.endfor_expr.strip.strip_end();
                    }
                },
            }
            if out.len() > MAX_TEXT {
                return Err(EvalError::limit(format!(
                    "a template producing more than {} MiB of text is not evaluated",
                    MAX_TEXT >> 20
                )));
            }
        }
        if strip_last {
            out.truncate(out.trim_end().len());
        }
        Ok(known)
    }

    /// `%{ for ... }` in a template.
    fn render_for(&mut self, d: &ForDirective, out: &mut String) -> Result<bool, EvalError> {
        let f = &d.for_expr;
        let items: Vec<(Val, Val)> = match self.expr(&f.collection_expr)? {
            Val::Unknown => return Ok(false),
            Val::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Val::Number(i as f64), v.clone()))
                .collect(),
            Val::Map(a) | Val::Open(a) => a
                .iter()
                .map(|(k, v)| (Val::String(k.clone()), v.clone()))
                .collect(),
            other => {
                return Err(EvalError::new(format!(
                    "a template for cannot iterate over a {}",
                    other.kind()
                )))
            }
        };
        let inner: Vec<&Element> = f.template.iter().collect();
        let mark = self.bindings.len();
        let mut known = true;
        let mut result = Ok(());
        for (key, value) in items {
            self.bindings.truncate(mark);
            if let Some(k) = &f.key_var {
                self.bindings.push((k.as_str().to_string(), key));
            }
            self.bindings
                .push((f.value_var.as_str().to_string(), value));
            match self.render(
                &inner,
                out,
                f.strip.strip_end(),
                d.endfor_expr.strip.strip_start(),
            ) {
                Ok(k) => known &= k,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            if out.len() > MAX_TEXT {
                break;
            }
        }
        self.bindings.truncate(mark);
        result.map(|()| known)
    }
}

/// Removes a `<<-` heredoc's common indentation (`by`) from the lines inside its directives:
/// the parser strips it from the top-level text only.
fn dedent_directives(template: &mut Template, by: usize) {
    fn strip(template: &mut Template, at_line_start: &mut bool, by: usize, nested: bool) {
        for element in template.iter_mut() {
            match element {
                Element::Literal(text) => {
                    let original = text.value().clone();
                    if nested {
                        let mut outcome = String::with_capacity(original.len());
                        for (i, line) in original.split('\n').enumerate() {
                            if i > 0 {
                                outcome.push('\n');
                            }
                            if i > 0 || *at_line_start {
                                let indent =
                                    line.len() - line.trim_start_matches([' ', '\t']).len();
                                outcome.push_str(&line[indent.min(by)..]);
                            } else {
                                outcome.push_str(line);
                            }
                        }
                        *text.as_mut() = outcome;
                    }
                    *at_line_start = original.ends_with('\n');
                }
                Element::Interpolation(_) => *at_line_start = false,
                Element::Directive(d) => {
                    *at_line_start = false;
                    match d.as_mut() {
                        Directive::If(d) => {
                            strip(&mut d.if_expr.template, at_line_start, by, true);
                            if let Some(e) = &mut d.else_expr {
                                *at_line_start = false;
                                strip(&mut e.template, at_line_start, by, true);
                            }
                        }
                        Directive::For(d) => {
                            strip(&mut d.for_expr.template, at_line_start, by, true)
                        }
                    }
                    *at_line_start = false;
                }
            }
        }
    }
    strip(template, &mut true, by, false);
}

/// `value.name`.
fn get_attr(value: &Val, name: &str) -> EvalResult {
    match value {
        Val::Unknown => Ok(Val::Unknown),
        Val::Map(attrs) => attrs
            .get(name)
            .cloned()
            .ok_or_else(|| EvalError::new(format!("this object has no attribute \"{name}\""))),
        // An attribute the configuration does not set may be computed by the provider.
        Val::Open(attrs) => Ok(attrs.get(name).cloned().unwrap_or(Val::Unknown)),
        Val::Null => Err(EvalError::new(format!(
            "attempt to get attribute \"{name}\" from a null value"
        ))),
        other => Err(EvalError::new(format!(
            "cannot read attribute \"{name}\" of a {}",
            other.kind()
        ))),
    }
}

/// `value[key]`.
fn index(value: &Val, key: &Val) -> EvalResult {
    match (value, key) {
        (Val::Unknown, _) | (_, Val::Unknown) => Ok(Val::Unknown),
        (Val::List(items), key) => {
            let Some(n) = key.to_number().map_err(EvalError::from)? else {
                return Ok(Val::Unknown);
            };
            if n.fract() != 0.0 || n < 0.0 || n as usize >= items.len() {
                return Err(EvalError::new(format!(
                    "index {} is out of range for a list of {} elements",
                    number_text(n),
                    items.len()
                )));
            }
            Ok(items[n as usize].clone())
        }
        (Val::Map(attrs) | Val::Open(attrs), key) => {
            let Some(k) = key.to_text().map_err(EvalError::from)? else {
                return Ok(Val::Unknown);
            };
            match attrs.get(&k) {
                Some(v) => Ok(v.clone()),
                None if matches!(value, Val::Open(_)) => Ok(Val::Unknown),
                None => Err(EvalError::new(format!(
                    "there is no element with key \"{k}\""
                ))),
            }
        }
        (Val::Null, _) => Err(EvalError::new("cannot index a null value")),
        (other, _) => Err(EvalError::new(format!("cannot index a {}", other.kind()))),
    }
}

fn binary(op: BinaryOperator, lhs: &Val, rhs: &Val) -> EvalResult {
    use BinaryOperator as B;
    match op {
        B::Eq | B::NotEq => Ok(match lhs.equals(rhs) {
            Some(eq) => Val::Bool(eq == (op == B::Eq)),
            None => Val::Unknown,
        }),
        B::And | B::Or => {
            let l = lhs.to_bool().map_err(EvalError::from)?;
            let r = rhs.to_bool().map_err(EvalError::from)?;
            // A known operand that decides the result decides it, whatever the other is.
            let decisive = op == B::Or;
            Ok(match (l, r) {
                (Some(a), _) if a == decisive => Val::Bool(decisive),
                (_, Some(b)) if b == decisive => Val::Bool(decisive),
                (Some(_), Some(_)) => Val::Bool(!decisive),
                _ => Val::Unknown,
            })
        }
        _ => {
            let (Some(a), Some(b)) = (
                lhs.to_number().map_err(EvalError::from)?,
                rhs.to_number().map_err(EvalError::from)?,
            ) else {
                return Ok(Val::Unknown);
            };
            Ok(match op {
                B::Plus => Val::Number(a + b),
                B::Minus => Val::Number(a - b),
                B::Mul => Val::Number(a * b),
                B::Div if b == 0.0 => return Err(EvalError::new("division by zero")),
                B::Div => Val::Number(a / b),
                B::Mod if b == 0.0 => return Err(EvalError::new("modulo by zero")),
                B::Mod => Val::Number(a % b),
                B::Less => Val::Bool(a < b),
                B::LessEq => Val::Bool(a <= b),
                B::Greater => Val::Bool(a > b),
                B::GreaterEq => Val::Bool(a >= b),
                B::Eq | B::NotEq | B::And | B::Or => Val::Unknown,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Vars(Attrs);

    impl Scope for Vars {
        fn resolve(
            &self,
            root: &str,
            ops: &[Decorated<TraversalOperator>],
        ) -> Result<Option<(Val, usize)>, EvalError> {
            if root != "var" {
                return Ok(None);
            }
            let Some(TraversalOperator::GetAttr(name)) = ops.first().map(|o| o.value()) else {
                return Err(EvalError::new("var needs a name"));
            };
            Ok(Some((
                self.0.get(name.as_str()).cloned().unwrap_or(Val::Unknown),
                1,
            )))
        }
    }

    fn scope() -> Vars {
        let v = Val::from_json(&json!({
            "name": "orders",
            "list": ["a", "b"],
            "tags": {"team": "x", "env": "prod"},
            "n": 3,
        }));
        let mut attrs = v.as_map().cloned().unwrap_or_default();
        attrs.insert(
            "partial".into(),
            Val::list(vec![Val::string("p"), Val::Unknown]),
        );
        attrs.insert(
            "settings".into(),
            Val::map(Attrs::from([("mode".to_string(), Val::Unknown)])),
        );
        Vars(attrs)
    }

    fn ev(src: &str) -> EvalResult {
        let expr: Expression = src.parse().map_err(|e| EvalError::new(format!("{e}")))?;
        eval(&expr, &scope(), &Vec::new())
    }

    fn known(src: &str) -> serde_json::Value {
        match ev(src) {
            Ok(v) => {
                assert!(v.is_wholly_known(), "{src} is not wholly known: {v:?}");
                v.to_json()
            }
            Err(e) => panic!("{src}: {e}"),
        }
    }

    #[test]
    fn operators_templates_and_conditionals() {
        assert_eq!(known(r#""${var.name}-${var.n * 2}""#), json!("orders-6"));
        assert_eq!(known(r#""${var.list}""#), json!(["a", "b"]));
        assert_eq!(known("var.n > 2 && !false"), json!(true));
        assert_eq!(known("var.n == 3 ? \"yes\" : var.missing"), json!("yes"));
        assert_eq!(ev("var.missing ? 1 : 2"), Ok(Val::Unknown));
        assert_eq!(known("false && var.missing"), json!(false));
        assert_eq!(known("true || var.missing"), json!(true));
        assert_eq!(ev("true && var.missing"), Ok(Val::Unknown));
        assert_eq!(known("-var.n + 1"), json!(-2));
        assert_eq!(known(r#""5" + 1"#), json!(6));
        assert!(ev("1 / 0").is_err());
        assert_eq!(
            known("<<-EOT\n  a ${var.name}\n  %{ for t in var.list ~}\n  - ${t}\n  %{ endfor ~}\n  EOT"),
            json!("a orders\n- a\n- b\n")
        );
        assert_eq!(
            known(r#""%{ if var.n > 5 }big%{ else }small%{ endif }""#),
            json!("small")
        );
    }

    #[test]
    fn traversals_splats_and_for_expressions() {
        assert_eq!(known("var.tags.team"), json!("x"));
        assert_eq!(known(r#"var.tags["env"]"#), json!("prod"));
        assert_eq!(known("var.list[1]"), json!("b"));
        assert!(ev("var.list[2]").is_err());
        assert!(ev("var.tags.missing").is_err());
        assert_eq!(
            known(r#"[for k, v in var.tags : "${k}=${v}"]"#),
            json!(["env=prod", "team=x"])
        );
        assert_eq!(
            known(r#"{for s in var.list : s => upper(s) if s != "a"}"#),
            json!({"b": "B"})
        );
        assert_eq!(
            known(r#"{for s in ["a", "b", "a"] : s => s...}"#),
            json!({"a": ["a", "a"], "b": ["b"]})
        );
        assert_eq!(known("[{a = 1}, {a = 2}][*].a"), json!([1, 2]));
        assert_eq!(known("null[*]"), json!([]));
        assert_eq!(known("{a = 1}[*].a"), json!([1]));
        assert!(ev(r#"{for s in ["a", "a"] : s => s}"#).is_err());
    }

    #[test]
    fn unknowns_stay_as_fine_grained_as_terraform_keeps_them() {
        let v = ev("[for p in var.partial : p]").unwrap();
        assert_eq!(v, Val::list(vec![Val::string("p"), Val::Unknown]));
        assert_eq!(known("var.partial[0]"), json!("p"));
        assert_eq!(ev("var.partial[1]"), Ok(Val::Unknown));
        assert_eq!(
            ev(r#"[for p in var.partial : p if p != "x"]"#),
            Ok(Val::Unknown)
        );
        assert_eq!(ev(r#""a-${var.missing}""#), Ok(Val::Unknown));
        assert_eq!(ev("{(var.missing) = 1}"), Ok(Val::Unknown));
        assert_eq!(ev("provider::aws::arn_parse(\"x\")"), Ok(Val::Unknown));
    }

    #[test]
    fn try_and_can_never_guess_past_an_unknown() {
        assert_eq!(known(r#"try(var.tags.missing, "d")"#), json!("d"));
        assert_eq!(known(r#"try(var.tags.team, "d")"#), json!("x"));
        assert_eq!(ev(r#"try(var.settings.mode, "d")"#), Ok(Val::Unknown));
        assert_eq!(ev(r#"try(var.missing, "d")"#), Ok(Val::Unknown));
        assert_eq!(known("can(var.tags.team)"), json!(true));
        assert_eq!(known("can(var.tags.nope)"), json!(false));
        assert_eq!(ev("can(var.missing)"), Ok(Val::Unknown));
        assert!(ev("try(var.tags.a, var.tags.b)").is_err());
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
        assert!(ev(&deep).is_err());
        assert!(ev("[for i in range(1048576) : [for j in range(1048576) : j]]").is_err());
    }
}
