//! Pass 2: the variable table. `@variables` and `@var` declarations from every file, in
//! include order (a redefinition warns and the later one wins), `-D` overrides, a type for
//! each variable, and which variables stay reactive at run time.
//!
//! A variable is **reactive** when a script reads or writes it as a global (found in each
//! language's syntax tree by [`super::script_facts`]; a body that does not parse counts every
//! word in it) or a string template binds it (`"Count: $counter"`); every other variable is
//! folded into the values that use it at compile time. Compile-time decisions (`@if`, `@for`,
//! style names) fold every variable that no script mentions, since nothing can change it.

use std::collections::{HashMap, HashSet};

use smol_str::SmolStr;

use super::declarations::Declarations;
use super::script_facts::ScriptFacts;
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::FileSpan;
use crate::syntax::ast::{StringPart, Value, ValueKind};

/// The type of a variable, inferred from its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarType {
    Int,
    Float,
    /// A number with a unit (`16px`, `50%`).
    Length,
    String,
    Bool,
    Color,
    Array,
    Object,
}

impl VarType {
    pub fn of(value: &Value) -> VarType {
        match &value.kind {
            ValueKind::Number { unit: Some(_), .. } => VarType::Length,
            ValueKind::Number { is_integer: true, .. } => VarType::Int,
            ValueKind::Number { .. } => VarType::Float,
            ValueKind::Bool(_) => VarType::Bool,
            ValueKind::Color(_) => VarType::Color,
            ValueKind::String(s) if is_hex_colour(&s.value) => VarType::Color,
            ValueKind::Array(_) => VarType::Array,
            ValueKind::Object(_) => VarType::Object,
            _ => VarType::String,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VarType::Int => "int",
            VarType::Float => "float",
            VarType::Length => "length",
            VarType::String => "string",
            VarType::Bool => "bool",
            VarType::Color => "colour",
            VarType::Array => "array",
            VarType::Object => "object",
        }
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: SmolStr,
    pub value: Value,
    pub ty: VarType,
    /// The declaration's name.
    pub span: FileSpan,
    pub reactive: bool,
    /// A script mentions the variable, so its value can change at run time. Variables that
    /// are only bound in templates are reactive (the runtime keeps the binding) but static
    /// for compile-time decisions such as `@if` and style names.
    pub scripted: bool,
    /// Set by `-D NAME=VALUE`.
    pub overridden: bool,
}

/// Every variable of the program, by name.
#[derive(Debug, Default)]
pub struct Variables {
    pub list: Vec<Variable>,
    by_name: HashMap<SmolStr, usize>,
}

impl Variables {
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.by_name.get(name).map(|&i| &self.list[i])
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|v| v.name.as_str())
    }

    fn insert(&mut self, variable: Variable) -> Option<Variable> {
        match self.by_name.get(&variable.name) {
            Some(&i) => Some(std::mem::replace(&mut self.list[i], variable)),
            None => {
                self.by_name.insert(variable.name.clone(), self.list.len());
                self.list.push(variable);
                None
            }
        }
    }
}

/// A `-D NAME=VALUE` override, already parsed by the driver.
#[derive(Debug, Clone)]
pub struct Override {
    pub name: SmolStr,
    pub value: Value,
}

pub fn run(
    cx: &mut Context,
    decls: &Declarations<'_>,
    facts: &ScriptFacts,
    overrides: &[Override],
) -> Variables {
    let mut vars = Variables::default();
    for decl in &decls.variables {
        let variable = Variable {
            name: decl.node.name.text.clone(),
            value: decl.node.value.clone(),
            ty: VarType::of(&decl.node.value),
            span: decl.span(decl.node.name.range),
            reactive: false,
            scripted: false,
            overridden: false,
        };
        let span = variable.span;
        if let Some(previous) = vars.insert(variable) {
            cx.report(
                Diagnostic::new(
                    Code::VariableRedefined,
                    format!("variable `{}` is declared twice", previous.name),
                )
                .with_span(span)
                .with_primary_label("this declaration wins")
                .with_label(previous.span, "first declared here"),
            );
        }
    }
    for o in overrides {
        let ty = VarType::of(&o.value);
        match vars.by_name.get(&o.name) {
            Some(&i) => {
                let v = &mut vars.list[i];
                v.value = o.value.clone();
                v.ty = ty;
                v.overridden = true;
            }
            None => {
                let mut d = Diagnostic::new(
                    Code::InvalidDefine,
                    format!("`-D {}` overrides a variable the app does not declare", o.name),
                );
                if let Some(close) = crate::suggest::closest(&o.name, vars.names()) {
                    d = d.with_help(format!("did you mean `{close}`?"));
                }
                cx.report(d);
            }
        }
    }

    let mentioned = facts.mentioned();
    let bound = template_bound(decls);
    for v in &mut vars.list {
        v.scripted = mentioned.contains(v.name.as_str());
        v.reactive = v.scripted || bound.contains(v.name.as_str());
    }
    vars
}

/// Names bound by string templates anywhere in the program (`"Count: $counter"`).
fn template_bound<'a>(decls: &'a Declarations<'a>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    let mut visit = |value: &'a Value| collect_template_vars(value, &mut names);
    for (_, root) in &decls.roots {
        super::walk::root_values(root, &mut visit);
    }
    for c in &decls.components {
        super::walk::component_values(c.node, &mut visit);
    }
    names
}

fn collect_template_vars<'a>(value: &'a Value, names: &mut HashSet<&'a str>) {
    super::walk::each_value(value, &mut |v| {
        if let ValueKind::String(s) = &v.kind {
            for part in &s.parts {
                match part {
                    StringPart::Var { name, .. } | StringPart::Legacy { name, .. } => {
                        names.insert(name.split('.').next().unwrap_or(name));
                    }
                    StringPart::Text(_) => {}
                }
            }
        }
    });
}

/// Parses a `-D NAME=VALUE` option. The value is KRY value syntax (`5`, `"text"`, `#FF0000`,
/// `[1, 2]`); a bare word that is not a KRY value is taken as a string. The option's text is
/// added to `sources` so diagnostics can point into it.
pub fn parse_override(
    sources: &mut crate::source::SourceDb,
    option: &str,
) -> Result<Override, Box<Diagnostic>> {
    let Some((name, value)) = option.split_once('=') else {
        return Err(Box::new(
            Diagnostic::new(Code::InvalidDefine, format!("`-D {option}` has no value"))
                .with_help("write `-D NAME=VALUE`, for example `-D counter=5`"),
        ));
    };
    let name = name.trim();
    if !crate::syntax::strings::is_var_path(name) || name.contains('.') {
        return Err(Box::new(
            Diagnostic::new(Code::InvalidDefine, format!("`{name}` is not a variable name"))
                .with_help(
                    "variable names start with a letter or `_` and contain letters, digits and `_`",
                ),
        ));
    }
    let text = format!("@var {name} = {value}");
    let file = sources.add(format!("<-D {name}>"), text);
    let parsed = crate::syntax::parse_file(file, sources.get(file));
    let decl = parsed.module.items.iter().find_map(|item| match item {
        crate::syntax::ast::Item::Var(decl) => Some(decl),
        _ => None,
    });
    match decl {
        Some(decl) if parsed.diagnostics.iter().all(|d| !d.is_error()) => {
            Ok(Override { name: name.into(), value: decl.value.clone() })
        }
        _ => {
            let mut d = Diagnostic::new(
                Code::InvalidDefine,
                format!("`-D {option}`: the value is not a KRY value"),
            )
            .with_help("quote text values: `-D title=\"My app\"`");
            if let Some(first) = parsed.diagnostics.iter().find(|d| d.is_error()) {
                d = d.with_note(first.message.clone());
            }
            Err(Box::new(d))
        }
    }
}
