//! `kryc inspect`: a KRB document as a readable tree or as JSON. Both are views of one
//! [`View`], built with the registry's names for element and property ids.

use std::fmt::Write;

use krb_format::{
    languages, states, BindingOwner, Document, Handler, Payload, Property, SourceLocation, Span,
    TemplatePart, Value,
};
use serde::Serialize;

use crate::registry::{elements, properties};

/// Everything `kryc inspect` shows.
#[derive(Debug, Serialize)]
pub struct View {
    pub version: String,
    pub required_vms: Vec<String>,
    pub metadata: Vec<(String, String)>,
    pub elements: Vec<ElementView>,
    pub styles: Vec<StyleView>,
    pub variables: Vec<VariableView>,
    pub bindings: Vec<BindingView>,
    pub resources: Vec<ResourceView>,
    pub scripts: Vec<ScriptView>,
    pub unknown_sections: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ElementView {
    pub index: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub type_id: u16,
    pub id: Option<String>,
    pub parent: Option<u32>,
    pub component: Option<String>,
    pub properties: Vec<PropertyView>,
    pub states: Vec<StateView>,
    pub events: Vec<EventView>,
    pub children: Vec<u32>,
}

#[derive(Debug, Serialize)]
pub struct PropertyView {
    pub name: String,
    /// The registry id; 0 for a custom property.
    pub id: u16,
    pub value: String,
    pub value_kind: &'static str,
    pub bound: bool,
    pub from_component: bool,
}

#[derive(Debug, Serialize)]
pub struct StateView {
    pub states: Vec<&'static str>,
    pub properties: Vec<PropertyView>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub event: &'static str,
    pub handler: &'static str,
    /// The function, inline code or dynamic value.
    pub target: String,
    pub args: Vec<String>,
    pub language: Option<String>,
    /// Where inline code is in the sources (`file:line:column`), when the file says (1.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StyleView {
    pub index: u32,
    pub name: String,
    pub properties: Vec<PropertyView>,
    pub states: Vec<StateView>,
}

#[derive(Debug, Serialize)]
pub struct VariableView {
    pub index: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub initial: String,
    pub scripted: bool,
    pub bound: bool,
}

#[derive(Debug, Serialize)]
pub struct BindingView {
    /// `element 3` or `style 0`.
    pub owner: String,
    pub state: Option<u32>,
    pub property: String,
    pub variables: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ResourceView {
    pub index: u32,
    pub kind: &'static str,
    pub path: String,
    pub name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScriptView {
    pub language: String,
    pub vm: String,
    pub role: &'static str,
    pub name: Option<String>,
    /// `source`, `bytecode`, `external` or `precompiled` (only bytecode, KRB 1.3).
    pub payload: &'static str,
    /// The source text (`source`), engine tag (`bytecode`, `precompiled`) or path
    /// (`external`).
    pub content: String,
    pub payload_bytes: usize,
    /// The precompiled code (KRB 1.3) beside or instead of the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytecode: Option<BytecodeView>,
    pub location: String,
    pub entry_points: Vec<EntryView>,
}

#[derive(Debug, Serialize)]
pub struct BytecodeView {
    pub engine: String,
    pub bytes: usize,
}

#[derive(Debug, Serialize)]
pub struct EntryView {
    pub name: String,
    pub params: Vec<String>,
    pub location: String,
}

/// Builds the view of a document.
pub fn view(doc: &Document) -> View {
    let s = |id| doc.str(id).to_string();
    let children = doc.children();
    let elements = doc
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let info = (e.kind != 0).then(|| elements::by_id(e.kind)).flatten();
            let kind = match (info, e.tag) {
                (Some(info), _) => info.name.to_string(),
                (None, Some(tag)) => doc.str(tag).to_string(),
                (None, None) => format!("element type {}", e.kind),
            };
            ElementView {
                index: i as u32,
                kind,
                type_id: e.kind,
                id: e.id.map(s),
                parent: e.parent,
                component: e.component.map(s),
                properties: props(doc, e.properties),
                states: state_views(doc, e.state_sets),
                events: doc
                    .events_in(e.events)
                    .iter()
                    .zip(e.events.start..)
                    .map(|(ev, index)| event(doc, index, ev))
                    .collect(),
                children: children.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let styles = doc
        .styles
        .iter()
        .enumerate()
        .map(|(i, st)| StyleView {
            index: i as u32,
            name: s(st.name),
            properties: props(doc, st.properties),
            states: state_views(doc, st.state_sets),
        })
        .collect();
    let variables = doc
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| VariableView {
            index: i as u32,
            name: s(v.name),
            ty: v.ty.name(),
            initial: value(doc, &v.initial),
            scripted: v.flags & krb_format::variable_flags::SCRIPTED != 0,
            bound: v.flags & krb_format::variable_flags::BOUND != 0,
        })
        .collect();
    let bindings = doc
        .bindings
        .iter()
        .map(|b| {
            let (owner, list, sets) = match b.owner {
                BindingOwner::Element(i) => {
                    let e = doc.elements.get(i as usize);
                    let name = e
                        .and_then(|e| elements::by_id(e.kind))
                        .map(|k| k.name)
                        .unwrap_or("element");
                    let (list, sets) = e.map(|e| (e.properties, e.state_sets)).unwrap_or_default();
                    (format!("element {i} ({name})"), list, sets)
                }
                BindingOwner::Style(i) => {
                    let st = doc.styles.get(i as usize);
                    let name = st.map(|st| doc.str(st.name)).unwrap_or("");
                    let (list, sets) =
                        st.map(|st| (st.properties, st.state_sets)).unwrap_or_default();
                    (format!("style {i} ({})", quoted(name)), list, sets)
                }
            };
            let list = match b.state_set {
                Some(set) => doc.state_sets_in(sets).get(set as usize).map(|s| s.properties),
                None => Some(list),
            };
            let property = list
                .and_then(|l| doc.properties_in(l).get(b.property as usize))
                .map(|p| property_name(doc, p))
                .unwrap_or_default();
            BindingView {
                owner,
                state: b.state_set,
                property,
                variables: b
                    .variables
                    .iter()
                    .map(|&v| doc.variables.get(v as usize).map(|v| s(v.name)).unwrap_or_default())
                    .collect(),
            }
        })
        .collect();
    let resources = doc
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| ResourceView {
            index: i as u32,
            kind: r.kind.name(),
            path: s(r.path),
            name: r.name.map(s),
        })
        .collect();
    let scripts = doc
        .scripts
        .iter()
        .enumerate()
        .map(|(i, sc)| {
            let bytecode = doc
                .bytecode_of(i as u32)
                .map(|b| BytecodeView { engine: s(b.engine), bytes: b.bytes.len() });
            let (payload, content, payload_bytes) = match &sc.payload {
                Payload::Source(text) => ("source", s(*text), doc.str(*text).len()),
                Payload::Bytecode { engine, bytes } => ("bytecode", s(*engine), bytes.len()),
                Payload::External(path) => ("external", s(*path), 0),
                Payload::Precompiled => (
                    "precompiled",
                    bytecode.as_ref().map(|b| b.engine.clone()).unwrap_or_default(),
                    bytecode.as_ref().map_or(0, |b| b.bytes),
                ),
            };
            ScriptView {
                language: language(sc.language),
                vm: s(sc.vm),
                role: sc.role.name(),
                name: sc.name.map(s),
                payload,
                content,
                payload_bytes,
                bytecode,
                location: location(doc, &sc.location),
                entry_points: sc
                    .entry_points
                    .iter()
                    .map(|e| EntryView {
                        name: s(e.name),
                        params: e.params.iter().map(|p| s(*p)).collect(),
                        location: location(doc, &e.location),
                    })
                    .collect(),
            }
        })
        .collect();
    View {
        version: format!("{}.{}", krb_format::MAJOR_VERSION, doc.minor_version),
        required_vms: doc.required_vms.iter().map(|&id| language(id)).collect(),
        metadata: doc.metadata.iter().map(|(k, v)| (s(*k), s(*v))).collect(),
        elements,
        styles,
        variables,
        bindings,
        resources,
        scripts,
        unknown_sections: doc
            .unknown_sections
            .iter()
            .map(|u| {
                format!("{} ({} bytes at {})", krb_format::tag_name(&u.tag), u.length, u.offset)
            })
            .collect(),
    }
}

/// The readable tree.
pub fn text(doc: &Document) -> String {
    render_text(&view(doc))
}

/// The same as JSON (pretty-printed, ending with a newline).
pub fn json(doc: &Document) -> String {
    let mut out = serde_json::to_string_pretty(&view(doc)).unwrap_or_default();
    out.push('\n');
    out
}

fn language(id: u8) -> String {
    languages::name(id).map(str::to_string).unwrap_or_else(|| format!("language {id}"))
}

fn location(doc: &Document, at: &SourceLocation) -> String {
    format!("{}:{}:{}", doc.str(at.file), at.line, at.column)
}

fn property_name(doc: &Document, p: &Property) -> String {
    match (p.id, p.name) {
        (_, Some(name)) => doc.str(name).to_string(),
        (id, None) => match properties::by_id(id) {
            Some(info) => info.name.to_string(),
            None => format!("property {id}"),
        },
    }
}

fn props(doc: &Document, span: Span) -> Vec<PropertyView> {
    doc.properties_in(span)
        .iter()
        .map(|p| PropertyView {
            name: property_name(doc, p),
            id: p.id,
            value: value(doc, &p.value),
            value_kind: value_kind(&p.value),
            bound: p.flags & krb_format::property_flags::BOUND != 0,
            from_component: p.flags & krb_format::property_flags::FROM_COMPONENT != 0,
        })
        .collect()
}

fn state_views(doc: &Document, span: Span) -> Vec<StateView> {
    doc.state_sets_in(span)
        .iter()
        .map(|set| StateView {
            states: states::names(set.mask).collect(),
            properties: props(doc, set.properties),
        })
        .collect()
}

fn event(doc: &Document, index: u32, ev: &krb_format::Event) -> EventView {
    let (handler, target, args, lang) = match &ev.handler {
        Handler::Function(f) => ("function", doc.str(*f).to_string(), vec![], None),
        Handler::Call { function, args } => (
            "call",
            doc.str(*function).to_string(),
            args.iter().map(|a| value(doc, a)).collect(),
            None,
        ),
        Handler::Inline { language: l, source } => {
            ("inline", doc.str(*source).to_string(), vec![], Some(language(*l)))
        }
        Handler::Dynamic(v) => ("dynamic", value(doc, v), vec![], None),
    };
    let location = doc.event_location(index).map(|at| location(doc, at));
    EventView { event: ev.kind.name(), handler, target, args, language: lang, location }
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Int { .. } => "int",
        Value::Float { .. } => "float",
        Value::String(_) => "string",
        Value::Color(_) => "colour",
        Value::Bool(_) => "bool",
        Value::Word(_) => "word",
        Value::List(_) => "list",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Var(_) => "variable",
        Value::Template(_) => "template",
        Value::Call { .. } => "call",
        Value::Unary { .. } | Value::Binary { .. } | Value::Ternary { .. } => "expression",
        Value::Style(_) => "style",
        Value::Resource(_) => "resource",
    }
}

/// A value written the way KRY writes it.
pub fn value(doc: &Document, v: &Value) -> String {
    let mut out = String::new();
    write_value(doc, v, &mut out);
    out
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn write_value(doc: &Document, v: &Value, out: &mut String) {
    let join = |items: &[Value], sep: &str, out: &mut String| {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            write_value(doc, item, out);
        }
    };
    let operand = |v: &Value, out: &mut String| {
        let compound = matches!(v, Value::Binary { .. } | Value::Ternary { .. });
        if compound {
            out.push('(');
        }
        write_value(doc, v, out);
        if compound {
            out.push(')');
        }
    };
    match v {
        Value::Int { value, unit } => {
            let _ = write!(out, "{value}{}", unit.as_str());
        }
        Value::Float { value, unit } => {
            let _ = write!(out, "{value}{}", unit.as_str());
        }
        Value::String(s) => out.push_str(&quoted(doc.str(*s))),
        Value::Color(rgba) => {
            let _ = write!(out, "#{rgba:08x}");
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Word(w) => out.push_str(doc.str(*w)),
        Value::List(items) => join(items, " ", out),
        Value::Array(items) => {
            out.push('[');
            join(items, ", ", out);
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                let _ = write!(out, "{}: ", doc.str(*k));
                write_value(doc, v, out);
            }
            out.push_str(if entries.is_empty() { "}" } else { " }" });
        }
        Value::Var(path) => {
            let _ = write!(out, "${}", doc.str(*path));
        }
        Value::Template(parts) => {
            let mut text = String::new();
            for part in parts {
                match part {
                    TemplatePart::Text(t) => text.push_str(doc.str(*t)),
                    TemplatePart::Var(name) => {
                        let _ = write!(text, "${{{}}}", doc.str(*name));
                    }
                }
            }
            out.push_str(&quoted(&text));
        }
        Value::Call { function, args } => {
            let _ = write!(out, "{}(", doc.str(*function));
            join(args, ", ", out);
            out.push(')');
        }
        Value::Unary { op, operand: inner } => {
            out.push_str(op.as_str());
            operand(inner, out);
        }
        Value::Binary { op, lhs, rhs } => {
            operand(lhs, out);
            let _ = write!(out, " {} ", op.as_str());
            operand(rhs, out);
        }
        Value::Ternary { condition, then, otherwise } => {
            operand(condition, out);
            out.push_str(" ? ");
            operand(then, out);
            out.push_str(" : ");
            operand(otherwise, out);
        }
        Value::Style(i) => {
            let name = doc.styles.get(*i as usize).map(|s| doc.str(s.name)).unwrap_or("");
            let _ = write!(out, "style({})", quoted(name));
        }
        Value::Resource(i) => {
            let path = doc.resources.get(*i as usize).map(|r| doc.str(r.path)).unwrap_or("");
            let _ = write!(out, "resource({})", quoted(path));
        }
    }
}

fn render_text(view: &View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "KRB {}", view.version);
    let vms = if view.required_vms.is_empty() {
        "none".to_string()
    } else {
        view.required_vms.join(", ")
    };
    let _ = writeln!(out, "required VMs: {vms}");
    for (k, v) in &view.metadata {
        let _ = writeln!(out, "{k}: {v}");
    }
    if !view.elements.is_empty() {
        out.push_str("\nelements:\n");
        for root in view.elements.iter().filter(|e| e.parent.is_none()) {
            element_text(view, root, 1, &mut out);
        }
    }
    if !view.styles.is_empty() {
        out.push_str("\nstyles:\n");
        for st in &view.styles {
            let _ = writeln!(out, "  [{}] {}", st.index, quoted(&st.name));
            props_text(&st.properties, 2, &mut out);
            states_text(&st.states, 2, &mut out);
        }
    }
    if !view.variables.is_empty() {
        out.push_str("\nvariables:\n");
        for v in &view.variables {
            let mut uses = Vec::new();
            if v.scripted {
                uses.push("scripted");
            }
            if v.bound {
                uses.push("bound");
            }
            let _ = writeln!(
                out,
                "  [{}] {}: {} = {} ({})",
                v.index,
                v.name,
                v.ty,
                v.initial,
                uses.join(", ")
            );
        }
    }
    if !view.bindings.is_empty() {
        out.push_str("\nbindings:\n");
        for b in &view.bindings {
            let state = b.state.map(|s| format!(" state set {s}")).unwrap_or_default();
            let _ =
                writeln!(out, "  {}{state} {} <- {}", b.owner, b.property, b.variables.join(", "));
        }
    }
    if !view.resources.is_empty() {
        out.push_str("\nresources:\n");
        for r in &view.resources {
            let name = r.name.as_ref().map(|n| format!(" ({})", quoted(n))).unwrap_or_default();
            let _ = writeln!(out, "  [{}] {} {}{name}", r.index, r.kind, r.path);
        }
    }
    if !view.scripts.is_empty() {
        out.push_str("\nscripts:\n");
        for sc in &view.scripts {
            let name = sc.name.as_ref().map(|n| format!(" {n}")).unwrap_or_default();
            let detail = match sc.payload {
                "source" => format!("{} lines of source", sc.content.lines().count()),
                "bytecode" | "precompiled" => {
                    format!("{} bytes of bytecode for {}", sc.payload_bytes, sc.content)
                }
                _ => format!("external file {}", sc.content),
            };
            let detail = match (&sc.bytecode, sc.payload) {
                (Some(b), "source") => {
                    format!("{detail} + {} bytes of bytecode for {}", b.bytes, b.engine)
                }
                _ => detail,
            };
            let _ = writeln!(
                out,
                "  {} ({} VM) {}{name}: {detail}, at {}",
                sc.language, sc.vm, sc.role, sc.location
            );
            for e in &sc.entry_points {
                let _ = writeln!(out, "    {}({}) at {}", e.name, e.params.join(", "), e.location);
            }
        }
    }
    if !view.unknown_sections.is_empty() {
        out.push_str("\nunknown sections (skipped):\n");
        for u in &view.unknown_sections {
            let _ = writeln!(out, "  {u}");
        }
    }
    out
}

/// Writes an element tree without recursion: a hand-made file may nest elements a million
/// deep (the reader only requires parents first), which must not exhaust the stack.
fn element_text(view: &View, root: &ElementView, depth: usize, out: &mut String) {
    let mut stack = vec![(root.index, depth)];
    while let Some((index, depth)) = stack.pop() {
        let Some(e) = view.elements.get(index as usize) else { continue };
        let indent = "  ".repeat(depth.min(64));
        let id = e.id.as_ref().map(|id| format!(" #{id}")).unwrap_or_default();
        let component =
            e.component.as_ref().map(|c| format!(" (component {c})")).unwrap_or_default();
        let _ = writeln!(out, "{indent}[{}] {}{id}{component}", e.index, e.kind);
        props_text(&e.properties, depth + 1, out);
        states_text(&e.states, depth + 1, out);
        for ev in &e.events {
            let target = match ev.handler {
                "call" => format!("{}({})", ev.target, ev.args.join(", ")),
                "inline" => {
                    format!("{} {}", ev.language.as_deref().unwrap_or("?"), quoted(&ev.target))
                }
                _ => ev.target.clone(),
            };
            let at = ev.location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
            let _ = writeln!(out, "{indent}  on {}: {} {target}{at}", ev.event, ev.handler);
        }
        stack.extend(e.children.iter().rev().map(|&c| (c, depth + 1)));
    }
}

fn props_text(props: &[PropertyView], depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth.min(64));
    for p in props {
        let mut notes = Vec::new();
        if p.id == 0 {
            notes.push("custom");
        }
        if p.bound {
            notes.push("bound");
        }
        if p.from_component {
            notes.push("from component");
        }
        let notes =
            if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) };
        let _ = writeln!(out, "{indent}{}: {}{notes}", p.name, p.value);
    }
}

fn states_text(states: &[StateView], depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth.min(64));
    for s in states {
        let _ = writeln!(out, "{indent}&:{}", s.states.join(":"));
        props_text(&s.properties, depth + 1, out);
    }
}
