//! Pass 3: styles. Each `style` block is flattened: its bases (`extends: "a"` or
//! `extends: ["a", "b"]`) are applied first, in order, later bases winning, then its own
//! properties; pseudo-state blocks (`&:hover`) are merged per state set the same way.
//! Undefined bases and cycles are errors showing the chain; a redefinition warns (the later
//! definition wins); a style no element, component or other style uses is reported, except in
//! library files (files without an `App`).

use std::collections::{HashMap, HashSet};

use smol_str::SmolStr;

use super::declarations::{Declarations, InFile, RootItem};
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, FileSpan};
use crate::syntax::ast::{Property, StyleDef, StyleMember, Value, ValueKind};

/// One property set by a style, as written (variables are substituted where it is applied).
#[derive(Debug, Clone)]
pub struct StyleProperty {
    pub name: SmolStr,
    pub value: Value,
    pub span: FileSpan,
}

/// A pseudo-state set (`hover`, or `disabled+hover` for `&:hover:disabled`), sorted.
pub type StateSet = Vec<SmolStr>;

/// A flattened style.
#[derive(Debug, Clone)]
pub struct Style {
    pub name: SmolStr,
    /// The style's name in its definition.
    pub span: FileSpan,
    /// Direct bases, as written.
    pub extends: Vec<SmolStr>,
    /// Own and inherited properties; later entries win over earlier ones with the same name.
    pub properties: Vec<StyleProperty>,
    pub pseudo_states: Vec<(StateSet, Vec<StyleProperty>)>,
}

#[derive(Debug, Default)]
pub struct Styles {
    pub list: Vec<Style>,
    by_name: HashMap<SmolStr, usize>,
    /// The file each style is defined in.
    files: Vec<FileId>,
}

impl Styles {
    pub fn get(&self, name: &str) -> Option<&Style> {
        self.by_name.get(name).map(|&i| &self.list[i])
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|s| s.name.as_str())
    }
}

struct Raw<'a> {
    def: InFile<'a, StyleDef>,
    extends: Vec<(SmolStr, FileSpan)>,
}

pub fn run(cx: &mut Context, decls: &Declarations<'_>) -> Styles {
    // Definitions by name; a later one replaces an earlier one.
    let mut raw: Vec<Raw<'_>> = Vec::new();
    let mut index: HashMap<SmolStr, usize> = HashMap::new();
    for def in &decls.styles {
        let name: SmolStr = def.node.name.value.as_str().into();
        let extends = extends_of(def);
        let entry = Raw { def: *def, extends };
        match index.get(&name) {
            Some(&i) => {
                let previous = raw[i].def;
                cx.report(
                    Diagnostic::new(
                        Code::StyleRedefined,
                        format!("style \"{name}\" is defined twice"),
                    )
                    .with_span(def.span(def.node.name.range))
                    .with_primary_label("this definition wins")
                    .with_label(previous.span(previous.node.name.range), "first defined here"),
                );
                raw[i] = entry;
            }
            None => {
                index.insert(name, raw.len());
                raw.push(entry);
            }
        }
    }

    // Undefined bases.
    let names: Vec<SmolStr> =
        raw.iter().map(|r| SmolStr::from(r.def.node.name.value.as_str())).collect();
    for r in &raw {
        for (base, span) in &r.extends {
            if !index.contains_key(base) {
                cx.report(undefined_style(base, *span, names.iter().map(|n| n.as_str())));
            }
        }
    }

    // Flatten in dependency order, reporting each cycle once.
    let mut flattened: Vec<Option<Style>> = vec![None; raw.len()];
    let mut in_cycle: HashSet<usize> = HashSet::new();
    for i in 0..raw.len() {
        let mut stack = Vec::new();
        flatten(cx, i, &raw, &index, &mut flattened, &mut stack, &mut in_cycle);
    }
    let list: Vec<Style> =
        flattened.into_iter().map(|s| s.expect("every style is flattened")).collect();
    let by_name = list.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
    let files = raw.iter().map(|r| r.def.file).collect();
    Styles { list, by_name, files }
}

fn extends_of(def: &InFile<'_, StyleDef>) -> Vec<(SmolStr, FileSpan)> {
    let mut out = Vec::new();
    for member in &def.node.members {
        if let StyleMember::Property(p) = member {
            if p.name.text == "extends" {
                let span = def.span(p.value.range);
                match &p.value.kind {
                    ValueKind::String(s) => out.push((s.value.as_str().into(), span)),
                    ValueKind::Word(w) => out.push((w.clone(), span)),
                    ValueKind::Array(items) | ValueKind::List(items) => {
                        for item in items {
                            match &item.kind {
                                ValueKind::String(s) => {
                                    out.push((s.value.as_str().into(), def.span(item.range)))
                                }
                                ValueKind::Word(w) => out.push((w.clone(), def.span(item.range))),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

pub fn undefined_style<'n>(
    name: &str,
    span: FileSpan,
    names: impl Iterator<Item = &'n str>,
) -> Diagnostic {
    let mut d =
        Diagnostic::new(Code::UndefinedStyle, format!("there is no style named \"{name}\""))
            .with_span(span)
            .with_primary_label("undefined style");
    if let Some(close) = crate::suggest::closest(name, names) {
        d = d.with_help(format!("did you mean \"{close}\"?"));
    } else {
        d = d.with_help("define it with `style \"name\" { ... }`, here or in an included file");
    }
    d
}

fn own_properties(
    def: &InFile<'_, StyleDef>,
) -> (Vec<StyleProperty>, Vec<(StateSet, Vec<StyleProperty>)>) {
    let prop = |p: &Property| StyleProperty {
        name: p.name.text.clone(),
        value: p.value.clone(),
        span: def.span(p.range),
    };
    let mut props = Vec::new();
    let mut pseudo: Vec<(StateSet, Vec<StyleProperty>)> = Vec::new();
    for member in &def.node.members {
        match member {
            StyleMember::Property(p) if p.name.text == "extends" => {}
            StyleMember::Property(p) => props.push(prop(p)),
            StyleMember::Pseudo(block) => {
                let mut states: StateSet = block.states.iter().map(|s| s.text.clone()).collect();
                states.sort();
                states.dedup();
                let new: Vec<StyleProperty> = block.properties.iter().map(prop).collect();
                merge_state(&mut pseudo, states, new);
            }
        }
    }
    (props, pseudo)
}

fn merge_state(
    pseudo: &mut Vec<(StateSet, Vec<StyleProperty>)>,
    states: StateSet,
    props: Vec<StyleProperty>,
) {
    match pseudo.iter_mut().find(|(s, _)| *s == states) {
        Some((_, existing)) => merge(existing, props),
        None => pseudo.push((states, props)),
    }
}

/// Applies `over` on top of `base`: a property in `over` replaces the one with the same name.
pub fn merge(base: &mut Vec<StyleProperty>, over: Vec<StyleProperty>) {
    for p in over {
        base.retain(|b| b.name != p.name);
        base.push(p);
    }
}

fn flatten(
    cx: &mut Context,
    i: usize,
    raw: &[Raw<'_>],
    index: &HashMap<SmolStr, usize>,
    done: &mut Vec<Option<Style>>,
    stack: &mut Vec<usize>,
    in_cycle: &mut HashSet<usize>,
) {
    if done[i].is_some() {
        return;
    }
    let r = &raw[i];
    let name: SmolStr = r.def.node.name.value.as_str().into();
    if let Some(pos) = stack.iter().position(|&s| s == i) {
        // A cycle: report it once, at the `extends` that closes it.
        let members: Vec<usize> = stack[pos..].to_vec();
        if members.iter().all(|m| !in_cycle.contains(m)) {
            let chain: Vec<String> = members
                .iter()
                .chain(std::iter::once(&i))
                .map(|&m| format!("\"{}\"", raw[m].def.node.name.value))
                .collect();
            let last = *stack.last().expect("non-empty");
            let span = raw[last].extends.iter().find(|(b, _)| *b == name).map(|(_, s)| *s);
            let mut d = Diagnostic::new(
                Code::StyleCycle,
                format!("styles extend each other in a cycle: {}", chain.join(" → ")),
            );
            if let Some(span) = span {
                d = d.with_span(span).with_primary_label("this `extends` closes the cycle");
            }
            for &m in &members {
                let def = raw[m].def;
                d = d.with_label(
                    def.span(def.node.name.range),
                    format!("\"{}\" is part of the cycle", def.node.name.value),
                );
            }
            cx.report(d);
        }
        in_cycle.extend(members);
        return;
    }
    stack.push(i);
    let mut properties = Vec::new();
    let mut pseudo_states: Vec<(StateSet, Vec<StyleProperty>)> = Vec::new();
    for (base, _) in &r.extends {
        let Some(&b) = index.get(base) else { continue };
        flatten(cx, b, raw, index, done, stack, in_cycle);
        if let Some(base_style) = &done[b] {
            merge(&mut properties, base_style.properties.clone());
            for (states, props) in base_style.pseudo_states.clone() {
                merge_state(&mut pseudo_states, states, props);
            }
        }
    }
    stack.pop();
    if done[i].is_some() {
        // Completed while resolving a cycle through this style.
        return;
    }
    let (own, own_pseudo) = own_properties(&r.def);
    merge(&mut properties, own);
    for (states, props) in own_pseudo {
        merge_state(&mut pseudo_states, states, props);
    }
    done[i] = Some(Style {
        name,
        span: r.def.span(r.def.node.name.range),
        extends: r.extends.iter().map(|(b, _)| b.clone()).collect(),
        properties,
        pseudo_states,
    });
}

/// Whether `text` holds `name` as a whole quoted string: `"name"`, `'name'` or `` `name` ``.
fn quoted_in(text: &str, name: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(name).any(|(at, _)| {
        let end = at + name.len();
        match (at.checked_sub(1).map(|i| bytes[i]), bytes.get(end)) {
            (Some(open), Some(&close)) => open == close && matches!(open, b'"' | b'\'' | b'`'),
            _ => false,
        }
    })
}

/// Styles are used when a string naming them appears in any element or component property
/// (`style: "x"`, a component's `StyleID` default, a string passed to a component that sets a
/// style through `$prop`), in a resolved `style:` of the element tree (`"theme_$theme"`), as a
/// quoted string in a script (`el:setStyle("active")`), or in the `extends` of a used style.
/// Runs after the element tree is built.
pub fn report_unused(
    cx: &mut Context,
    decls: &Declarations<'_>,
    styles: &Styles,
    model: &crate::model::UiModel,
    scripts: &super::script_facts::ScriptFacts,
) {
    let mut mentioned: HashSet<String> = HashSet::new();
    let mut visit = |v: &Value| {
        if let ValueKind::String(s) = &v.kind {
            mentioned.insert(s.value.clone());
        }
        if let ValueKind::Word(w) = &v.kind {
            mentioned.insert(w.to_string());
        }
    };
    for (_, root) in &decls.roots {
        super::walk::root_values(root, &mut visit);
    }
    for c in &decls.components {
        super::walk::component_values(c.node, &mut visit);
    }
    for e in &model.elements {
        for p in e.properties.iter().filter(|p| p.name == "style") {
            super::walk::each_value(&p.value, &mut visit);
        }
    }
    let in_scripts = |name: &str| scripts.bodies.iter().any(|b| quoted_in(&b.text, name));
    // Close over `extends`.
    let mut used: HashSet<&str> =
        styles.names().filter(|n| mentioned.contains(*n) || in_scripts(n)).collect();
    let mut queue: Vec<&str> = used.iter().copied().collect();
    while let Some(name) = queue.pop() {
        if let Some(style) = styles.get(name) {
            for base in &style.extends {
                if used.insert(base.as_str()) {
                    queue.push(base.as_str());
                }
            }
        }
    }
    let files_with_app: HashSet<FileId> = decls
        .roots
        .iter()
        .filter(|(_, r)| matches!(r, RootItem::Element(e) if e.name.text == "App"))
        .map(|(f, _)| *f)
        .collect();
    for (style, file) in styles.list.iter().zip(&styles.files) {
        if !used.contains(style.name.as_str()) && files_with_app.contains(file) {
            cx.report(
                Diagnostic::new(
                    Code::UnusedStyle,
                    format!("style \"{}\" is never used", style.name),
                )
                .with_span(style.span)
                .with_help(
                    "use it with `style: \"name\"` (or from a script, with the name in quotes: \
                     `setStyle(\"name\")`), or remove it",
                ),
            );
        }
    }
}
