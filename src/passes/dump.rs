//! A readable dump of the analysis result, for snapshot tests and debugging: the element
//! tree with properties, pseudo-states and bindings, then functions, variables and styles.

use std::fmt::Write;

use super::Analysis;
use crate::model::{Property, UiModel};
use crate::syntax::ast::{StringPart, Value, ValueKind};

pub fn dump(analysis: &Analysis) -> String {
    let mut out = String::new();
    let model = &analysis.model;
    out.push_str("elements:\n");
    if let Some(root) = model.root {
        element(&mut out, model, root, 1);
    }
    if !model.functions.is_empty() {
        out.push_str("functions:\n");
        for f in &model.functions {
            let renamed = if f.name != f.source_name {
                format!(" (from {})", f.source_name)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {} {}({}){renamed}",
                f.language.tag(),
                f.name,
                f.params.join(", ")
            );
        }
    }
    if !model.scripts.is_empty() {
        out.push_str("scripts:\n");
        for s in &model.scripts {
            let name = s.name.as_ref().map(|n| format!(" \"{n}\"")).unwrap_or_default();
            let source = match &s.source {
                crate::model::ScriptSource::Inline { code, .. } => {
                    format!("{} lines", code.lines().count())
                }
                crate::model::ScriptSource::File { path, .. } => format!("from \"{path}\""),
            };
            let _ = writeln!(out, "  {}{name}: {source}", s.language.tag());
        }
    }
    if !model.fonts.is_empty() {
        out.push_str("fonts:\n");
        for f in &model.fonts {
            let _ = writeln!(out, "  \"{}\" \"{}\"", f.family, f.path);
        }
    }
    if !analysis.variables.list.is_empty() {
        out.push_str("variables:\n");
        for v in &analysis.variables.list {
            let reactive = if v.reactive { " reactive" } else { "" };
            let _ =
                writeln!(out, "  {}: {} = {}{reactive}", v.name, v.ty.as_str(), value(&v.value));
        }
    }
    if !analysis.styles.list.is_empty() {
        out.push_str("styles:\n");
        for s in &analysis.styles.list {
            let _ = writeln!(out, "  \"{}\"", s.name);
            for p in &s.properties {
                let _ = writeln!(out, "    {}: {}", p.name, value(&p.value));
            }
            for (states, props) in &s.pseudo_states {
                let _ = writeln!(out, "    &:{}", states.join(":"));
                for p in props {
                    let _ = writeln!(out, "      {}: {}", p.name, value(&p.value));
                }
            }
        }
    }
    out
}

fn element(out: &mut String, model: &UiModel, id: usize, depth: usize) {
    let e = &model.elements[id];
    let indent = "  ".repeat(depth);
    let component = e.component.as_ref().map(|c| format!(" (component {c})")).unwrap_or_default();
    let _ = writeln!(out, "{indent}{}{component}", e.tag);
    for p in &e.properties {
        property(out, p, depth + 1);
    }
    for (states, props) in &e.pseudo_states {
        let _ = writeln!(out, "{indent}  &:{}", states.join(":"));
        for p in props {
            property(out, p, depth + 2);
        }
    }
    for event in &e.events {
        let handler = match &event.handler {
            crate::model::Handler::Function(f) => format!("function {f}"),
            crate::model::Handler::Call { function, args } => {
                format!(
                    "call {function}({})",
                    args.iter().map(value).collect::<Vec<_>>().join(", ")
                )
            }
            crate::model::Handler::Inline(code) => format!("inline {code:?}"),
            crate::model::Handler::Dynamic(v) => format!("dynamic {}", value(v)),
        };
        let _ = writeln!(out, "{indent}  on {} -> {handler}", event.kind.name());
    }
    for &child in &e.children {
        element(out, model, child, depth + 1);
    }
}

fn property(out: &mut String, p: &Property, depth: usize) {
    let bound = p.bound_variables();
    let binding =
        if bound.is_empty() { String::new() } else { format!("  [bound to {}]", bound.join(", ")) };
    let _ = writeln!(out, "{}{}: {}{binding}", "  ".repeat(depth), p.name, value(&p.value));
}

/// A value written back in KRY syntax.
pub fn value(v: &Value) -> String {
    match &v.kind {
        ValueKind::Number { text, unit, .. } => format!("{text}{}", unit.as_deref().unwrap_or("")),
        ValueKind::String(s) => {
            let mut text = String::new();
            if s.parts.is_empty() {
                text.push_str(&s.value);
            } else {
                for part in &s.parts {
                    match part {
                        StringPart::Text(t) => text.push_str(t),
                        StringPart::Var { name, .. } | StringPart::Legacy { name, .. } => {
                            let _ = write!(text, "${{{name}}}");
                        }
                    }
                }
            }
            format!("{text:?}")
        }
        ValueKind::Color(c) => c.to_string(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Word(w) => w.to_string(),
        ValueKind::List(items) => items.iter().map(value).collect::<Vec<_>>().join(" "),
        ValueKind::Array(items) => {
            format!("[{}]", items.iter().map(value).collect::<Vec<_>>().join(", "))
        }
        ValueKind::Object(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|e| format!("{}: {}", e.key.text, value(&e.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ValueKind::Var { path, .. } => format!("${path}"),
        ValueKind::Call { callee, args } => {
            format!("{}({})", callee.text, args.iter().map(value).collect::<Vec<_>>().join(", "))
        }
        ValueKind::Unary { operand, .. } => format!("!{}", value(operand)),
        ValueKind::Binary { op, lhs, rhs } => {
            format!("{} {} {}", value(lhs), op.as_str(), value(rhs))
        }
        ValueKind::Ternary { cond, then, otherwise } => {
            format!("{} ? {} : {}", value(cond), value(then), value(otherwise))
        }
        ValueKind::Error => "<error>".to_string(),
    }
}
