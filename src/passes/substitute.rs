//! Variable substitution in values: component properties and loop variables are replaced by
//! their values, non-reactive variables are folded, reactive ones stay as `$x` (bindings), and
//! static comparisons and ternaries are evaluated.

use smol_str::SmolStr;

use super::variables::Variables;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan, TextRange};
use crate::syntax::ast::{BinaryOp, StringLit, StringPart, UnaryOp, Value, ValueKind};

/// A name bound by a component use or a loop, with the file its value was written in.
#[derive(Debug, Clone)]
pub struct Binding {
    pub name: SmolStr,
    pub value: Value,
    pub file: FileId,
}

/// The names visible where a value is substituted, innermost last.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    pub bindings: Vec<Binding>,
}

impl Scope {
    pub fn lookup(&self, name: &str) -> Option<&Binding> {
        self.bindings.iter().rev().find(|b| b.name == name)
    }
}

/// The result of substituting a value.
pub struct Substituted {
    pub value: Value,
    /// Set when the whole value was replaced by a binding's value (written in that file).
    pub from: Option<FileSpan>,
}

/// Variables may refer to variables this deep; deeper means a cycle.
const MAX_FOLD_DEPTH: usize = 32;

pub struct Substituter<'v> {
    pub variables: &'v Variables,
    pub diagnostics: Vec<Diagnostic>,
    /// Variables already reported as referring to themselves.
    pub cycles_reported: std::collections::HashSet<SmolStr>,
    /// The variables being folded, outermost first: meeting one again is a cycle.
    pub folding: Vec<SmolStr>,
    /// Each variable folded once (per context), so that values referring to others several
    /// times stay linear.
    pub folded: std::collections::HashMap<(SmolStr, bool), Value>,
    /// For compile-time decisions: fold every variable no script changes, even ones that
    /// templates bind.
    pub static_context: bool,
}

impl Substituter<'_> {
    pub fn value(&mut self, value: &Value, file: FileId, scope: &Scope) -> Substituted {
        if let ValueKind::Var { path, .. } = &value.kind {
            let (head, rest) = split_path(path);
            if let Some(b) = scope.lookup(head) {
                let resolved = project(&b.value, rest).unwrap_or_else(|| b.value.clone());
                return Substituted {
                    from: Some(FileSpan::new(b.file, resolved.range)),
                    value: resolved,
                };
            }
        }
        Substituted { value: self.inner(value, file, scope, 0), from: None }
    }

    fn inner(&mut self, value: &Value, file: FileId, scope: &Scope, depth: usize) -> Value {
        let range = value.range;
        let kind = match &value.kind {
            ValueKind::Var { path, braced } => {
                let (head, rest) = split_path(path);
                if let Some(b) = scope.lookup(head) {
                    return project(&b.value, rest).unwrap_or_else(|| b.value.clone());
                }
                match self.variables.get(head) {
                    Some(v) if self.stays_dynamic(v) => {
                        ValueKind::Var { path: path.clone(), braced: *braced }
                    }
                    Some(v) => {
                        let folded = self.fold(v, depth);
                        return Value {
                            kind: project(&folded, rest).map_or(folded.kind, |p| p.kind),
                            range,
                        };
                    }
                    None => {
                        self.undefined(head, FileSpan::new(file, range), scope);
                        ValueKind::Error
                    }
                }
            }
            ValueKind::String(s) => ValueKind::String(self.string(s, file, scope, depth)),
            ValueKind::List(items) => {
                ValueKind::List(items.iter().map(|v| self.inner(v, file, scope, depth)).collect())
            }
            ValueKind::Array(items) => {
                ValueKind::Array(items.iter().map(|v| self.inner(v, file, scope, depth)).collect())
            }
            ValueKind::Object(entries) => ValueKind::Object(
                entries
                    .iter()
                    .map(|e| crate::syntax::ast::ObjectEntry {
                        key: e.key.clone(),
                        value: self.inner(&e.value, file, scope, depth),
                    })
                    .collect(),
            ),
            ValueKind::Call { callee, args } => ValueKind::Call {
                callee: callee.clone(),
                args: args.iter().map(|v| self.inner(v, file, scope, depth)).collect(),
            },
            ValueKind::Unary { op, operand } => {
                let operand = self.inner(operand, file, scope, depth);
                match (op, &operand.kind) {
                    (UnaryOp::Not, ValueKind::Bool(b)) => ValueKind::Bool(!b),
                    _ => ValueKind::Unary { op: *op, operand: Box::new(operand) },
                }
            }
            ValueKind::Binary { op, lhs, rhs } => {
                let lhs = self.inner(lhs, file, scope, depth);
                let rhs = self.inner(rhs, file, scope, depth);
                if *op == BinaryOp::Add {
                    match add(&lhs, &rhs) {
                        Some(sum) => sum,
                        None => {
                            ValueKind::Binary { op: *op, lhs: Box::new(lhs), rhs: Box::new(rhs) }
                        }
                    }
                } else {
                    match evaluate(*op, &lhs, &rhs) {
                        Some(b) => ValueKind::Bool(b),
                        None => {
                            ValueKind::Binary { op: *op, lhs: Box::new(lhs), rhs: Box::new(rhs) }
                        }
                    }
                }
            }
            ValueKind::Ternary { cond, then, otherwise } => {
                let cond = self.inner(cond, file, scope, depth);
                match cond.kind {
                    ValueKind::Bool(true) => return self.inner(then, file, scope, depth),
                    ValueKind::Bool(false) => return self.inner(otherwise, file, scope, depth),
                    _ => ValueKind::Ternary {
                        cond: Box::new(cond),
                        then: Box::new(self.inner(then, file, scope, depth)),
                        otherwise: Box::new(self.inner(otherwise, file, scope, depth)),
                    },
                }
            }
            other => other.clone(),
        };
        Value { kind, range }
    }

    /// Substitutes the references in a string; reactive variables stay as template parts.
    fn string(&mut self, s: &StringLit, file: FileId, scope: &Scope, depth: usize) -> StringLit {
        if s.parts.is_empty() {
            return s.clone();
        }
        let mut value = String::new();
        let mut parts: Vec<StringPart> = Vec::new();
        let push_text = |parts: &mut Vec<StringPart>, value: &mut String, text: &str| {
            value.push_str(text);
            match parts.last_mut() {
                Some(StringPart::Text(t)) => t.push_str(text),
                _ => parts.push(StringPart::Text(text.to_string())),
            }
        };
        for part in &s.parts {
            match part {
                StringPart::Text(t) => push_text(&mut parts, &mut value, t),
                StringPart::Var { name, range, .. } | StringPart::Legacy { name, range } => {
                    let (head, rest) = split_path(name);
                    let text = if let Some(b) = scope.lookup(head) {
                        Some(display(&project(&b.value, rest).unwrap_or_else(|| b.value.clone())))
                    } else {
                        match self.variables.get(head) {
                            Some(v) if self.stays_dynamic(v) => None,
                            Some(v) => {
                                let folded = self.fold(v, depth);
                                Some(display(&project(&folded, rest).unwrap_or(folded)))
                            }
                            None => {
                                self.undefined(head, FileSpan::new(file, *range), scope);
                                Some(String::new())
                            }
                        }
                    };
                    match text {
                        Some(t) => push_text(&mut parts, &mut value, &t),
                        None => {
                            value.push('$');
                            value.push_str(name);
                            parts.push(StringPart::Var {
                                name: name.clone(),
                                braced: true,
                                range: *range,
                            });
                        }
                    }
                }
            }
        }
        if parts.iter().all(|p| matches!(p, StringPart::Text(_))) {
            parts.clear();
        }
        StringLit { value, parts, range: s.range }
    }

    /// The value of a variable folded into a use, following references to other variables.
    fn fold(&mut self, v: &super::variables::Variable, depth: usize) -> Value {
        let key = (v.name.clone(), self.static_context);
        if let Some(done) = self.folded.get(&key) {
            return done.clone();
        }
        if depth >= MAX_FOLD_DEPTH || self.folding.contains(&v.name) {
            if self.cycles_reported.insert(v.name.clone()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::VariableCycle,
                        format!("variable `{}` refers to itself", v.name),
                    )
                    .with_span(v.span)
                    .with_primary_label(
                        "its value uses it again, directly or through other variables",
                    )
                    .with_help("give it a value that does not depend on itself"),
                );
            }
            return Value { kind: ValueKind::Error, range: v.value.range };
        }
        self.folding.push(v.name.clone());
        let value = self.inner(&v.value, v.span.file, &Scope::default(), depth + 1);
        self.folding.pop();
        self.folded.insert(key, value.clone());
        value
    }

    fn stays_dynamic(&self, v: &super::variables::Variable) -> bool {
        if self.static_context {
            v.scripted
        } else {
            v.reactive
        }
    }

    /// Substitutes a value used for a compile-time decision (an `@if` condition, an `@for`
    /// iterable, a style name).
    pub fn static_value(&mut self, value: &Value, file: FileId, scope: &Scope) -> Substituted {
        self.static_context = true;
        let out = self.value(value, file, scope);
        self.static_context = false;
        out
    }

    fn undefined(&mut self, name: &str, span: FileSpan, scope: &Scope) {
        let candidates: Vec<&str> =
            scope.bindings.iter().map(|b| b.name.as_str()).chain(self.variables.names()).collect();
        let mut d = Diagnostic::new(Code::UndefinedVariable, format!("`${name}` is not defined"))
            .with_span(span)
            .with_primary_label("no variable, component property or loop variable has this name");
        match crate::suggest::closest(name, candidates.iter().copied()) {
            Some(close) => d = d.with_help(format!("did you mean `${close}`?")),
            None => d = d.with_help(format!("declare it: `@variables {{ {name}: ... }}`")),
        }
        self.diagnostics.push(d);
    }
}

fn split_path(path: &str) -> (&str, &str) {
    path.split_once('.').unwrap_or((path, ""))
}

/// `$item.title`: looks a dotted path up in an object value.
fn project(value: &Value, rest: &str) -> Option<Value> {
    if rest.is_empty() {
        return Some(value.clone());
    }
    let (key, more) = split_path(rest);
    match &value.kind {
        ValueKind::Object(entries) => {
            entries.iter().find(|e| e.key.text == key).and_then(|e| project(&e.value, more))
        }
        _ => None,
    }
}

/// How a value reads when it is inserted into a string.
pub fn display(value: &Value) -> String {
    match &value.kind {
        ValueKind::Number { text, unit, .. } => format!("{text}{}", unit.as_deref().unwrap_or("")),
        ValueKind::String(s) => s.value.clone(),
        ValueKind::Color(c) => c.to_string(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Word(w) => w.to_string(),
        ValueKind::List(items) => items.iter().map(display).collect::<Vec<_>>().join(" "),
        ValueKind::Array(items) => {
            format!("[{}]", items.iter().map(display).collect::<Vec<_>>().join(", "))
        }
        ValueKind::Var { path, .. } => format!("${path}"),
        _ => String::new(),
    }
}

/// `+` on static operands: numbers added (a unit kept when one side has it), anything else
/// joined as text; `None` when a side is not known at compile time.
fn add(lhs: &Value, rhs: &Value) -> Option<ValueKind> {
    if !is_static(lhs) || !is_static(rhs) {
        return None;
    }
    match (&lhs.kind, &rhs.kind) {
        (
            ValueKind::Number { value: a, unit: ua, is_integer: ia, .. },
            ValueKind::Number { value: b, unit: ub, is_integer: ib, .. },
        ) if ua.is_none() || ub.is_none() || ua == ub => {
            let value = a + b;
            let is_integer = *ia && *ib;
            let text = if is_integer { format!("{}", value as i64) } else { format!("{value}") };
            Some(ValueKind::Number {
                text: text.into(),
                value,
                is_integer,
                unit: ua.clone().or_else(|| ub.clone()),
            })
        }
        _ => Some(ValueKind::String(StringLit {
            value: format!("{}{}", display(lhs), display(rhs)),
            parts: Vec::new(),
            range: lhs.range,
        })),
    }
}

/// Evaluates a comparison or logical operator on static operands.
fn evaluate(op: BinaryOp, lhs: &Value, rhs: &Value) -> Option<bool> {
    use std::cmp::Ordering;
    let ordering = match (&lhs.kind, &rhs.kind) {
        (ValueKind::Number { value: a, .. }, ValueKind::Number { value: b, .. }) => {
            a.partial_cmp(b)
        }
        (ValueKind::Bool(a), ValueKind::Bool(b)) => Some(a.cmp(b)),
        _ if is_static(lhs) && is_static(rhs) => Some(display(lhs).cmp(&display(rhs))),
        _ => None,
    };
    match op {
        BinaryOp::And | BinaryOp::Or => match (&lhs.kind, &rhs.kind) {
            (ValueKind::Bool(a), ValueKind::Bool(b)) => {
                Some(if op == BinaryOp::And { *a && *b } else { *a || *b })
            }
            _ => None,
        },
        BinaryOp::Eq => ordering.map(|o| o == Ordering::Equal),
        BinaryOp::NotEq => ordering.map(|o| o != Ordering::Equal),
        BinaryOp::Lt => ordering.map(|o| o == Ordering::Less),
        BinaryOp::Le => ordering.map(|o| o != Ordering::Greater),
        BinaryOp::Gt => ordering.map(|o| o == Ordering::Greater),
        BinaryOp::Ge => ordering.map(|o| o != Ordering::Less),
        BinaryOp::Add => None,
    }
}

fn is_static(v: &Value) -> bool {
    match &v.kind {
        ValueKind::Number { .. }
        | ValueKind::Color(_)
        | ValueKind::Bool(_)
        | ValueKind::Word(_) => true,
        ValueKind::String(s) => s.parts.is_empty(),
        _ => false,
    }
}

/// A value with an empty range, for values the compiler makes up.
pub fn synthetic(kind: ValueKind) -> Value {
    Value { kind, range: TextRange::default() }
}
