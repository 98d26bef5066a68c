//! Pass 6: elements and properties against the registry. Unknown element names are errors
//! (with a suggestion among elements and components); leaf elements cannot have children;
//! every property is looked up (aliases, hyphens) and its value checked against its type — a
//! bad value is an error naming the expected type and the value found, an unknown property is
//! a warning with a suggestion and stays as a custom property; style properties are checked
//! the same way; `style:` names must exist; pseudo-states must be known ones.

use std::collections::HashMap;

use super::declarations::Declarations;
use super::styles::{undefined_style, Styles};
use super::substitute::{Scope, Substituter};
use super::variables::Variables;
use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Property, UiModel};
use crate::registry::elements::{element, ElementInfo, ELEMENTS};
use crate::registry::properties::{applies, lookup, suggest};
use crate::registry::value_types::{check, Checked};
use crate::source::FileSpan;
use crate::syntax::ast::{ElementMember, StyleMember, ValueKind};

pub const PSEUDO_STATES: &[&str] = &["hover", "active", "focus", "disabled", "checked"];

pub fn run(
    cx: &mut Context,
    decls: &Declarations<'_>,
    variables: &Variables,
    styles: &Styles,
    model: &mut UiModel,
) {
    record_events(model);
    let model: &UiModel = model;
    let components: Vec<&str> =
        decls.components.iter().map(|c| c.node.name.text.as_str()).collect();
    for e in &model.elements {
        let Some(kind) = element(&e.tag) else {
            let candidates = ELEMENTS.iter().map(|e| e.name).chain(components.iter().copied());
            let mut d =
                Diagnostic::new(Code::UnknownElement, format!("unknown element `{}`", e.tag))
                    .with_span(e.span)
                    .with_primary_label("not a built-in element or a component");
            d = match crate::suggest::closest(&e.tag, candidates) {
                Some(close) => d.with_help(format!("did you mean `{close}`?")),
                None => d.with_help("define it with `Define Name { ... }`, or use a built-in element such as `Container`"),
            };
            cx.report(d);
            continue;
        };
        if !kind.children {
            if let Some(&first) = e.children.first() {
                cx.report(
                    Diagnostic::new(
                        Code::ChildrenNotAllowed,
                        format!("`{}` cannot contain elements", kind.name),
                    )
                    .with_span(model.elements[first].span)
                    .with_primary_label("a child element")
                    .with_label(e.span, format!("inside this `{}`", kind.name))
                    .with_help(format!(
                        "put the `{}` and its neighbour side by side in a `Container`",
                        kind.name
                    )),
                );
            }
        }
        check_properties(cx, Some(kind), &e.properties, e.component.is_none(), styles, variables);
        for (_, props) in &e.pseudo_states {
            check_properties(cx, Some(kind), props, true, styles, variables);
        }
    }
    for style in &styles.list {
        let mut subst = Substituter {
            variables,
            diagnostics: Vec::new(),
            cycles_reported: Default::default(),
            folding: Vec::new(),
            folded: Default::default(),
            static_context: false,
        };
        let props: Vec<Property> = style
            .properties
            .iter()
            .chain(style.pseudo_states.iter().flat_map(|(_, p)| p))
            .map(|p| {
                let value = subst.value(&p.value, p.span.file, &Scope::default()).value;
                Property {
                    name: p.name.clone(),
                    value_span: FileSpan::new(p.span.file, p.value.range),
                    value,
                    span: p.span,
                    from_component: false,
                }
            })
            .collect();
        // Undefined variables in styles were reported by the expansion only if used; report here.
        for d in subst.diagnostics {
            cx.report(d);
        }
        check_properties(cx, None, &props, false, styles, variables);
    }
    check_pseudo_names(cx, decls);
}

/// Records each element's event handlers (the last one wins when an event is set twice).
fn record_events(model: &mut UiModel) {
    for e in &mut model.elements {
        let kind = element(&e.tag);
        let mut events: Vec<crate::model::Event> = Vec::new();
        for p in &e.properties {
            let Some(resolved) = lookup(&p.name, kind) else { continue };
            let Some(event) = crate::model::EventKind::from_property(resolved.info.name) else {
                continue;
            };
            let Some(handler) = crate::model::Handler::from_value(&p.value) else { continue };
            events.retain(|x| x.kind != event);
            let value_span = p.value_span;
            events.push(crate::model::Event { kind: event, handler, span: p.span, value_span });
        }
        e.events = events;
    }
}

fn check_properties(
    cx: &mut Context,
    kind: Option<&ElementInfo>,
    props: &[Property],
    report_duplicates: bool,
    styles: &Styles,
    variables: &Variables,
) {
    let mut seen: HashMap<&'static str, FileSpan> = HashMap::new();
    for p in props {
        if p.from_component {
            continue;
        }
        let Some(resolved) = lookup(&p.name, kind) else {
            let elsewhere = lookup(&p.name, None);
            let d = match (elsewhere, kind) {
                (Some(r), Some(k)) => Diagnostic::new(
                    Code::PropertyNotApplicable,
                    format!("`{}` does not apply to `{}`", p.name, k.name),
                )
                .with_span(p.span)
                .with_primary_label("kept as a custom property")
                .with_help(format!(
                    "`{}` means `{}` only on {}",
                    p.name,
                    r.info.name,
                    alias_elements(r.via_alias.unwrap_or(""), r.info)
                )),
                _ => {
                    let mut d = Diagnostic::new(
                        Code::UnknownProperty,
                        format!("unknown property `{}`", p.name),
                    )
                    .with_span(FileSpan::new(
                        p.span.file,
                        crate::source::TextRange::new(
                            p.span.range.start as usize,
                            p.span.range.start as usize + p.name.len(),
                        ),
                    ))
                    .with_primary_label("not a built-in property; kept as a custom property");
                    if let Some(close) = suggest(&p.name, kind) {
                        d = d.with_help(format!("did you mean `{close}`?"));
                    }
                    d
                }
            };
            cx.report(d);
            continue;
        };
        let info = resolved.info;
        if let Some(k) = kind {
            if !applies(info, k) {
                cx.report(
                    Diagnostic::new(
                        Code::PropertyNotApplicable,
                        format!("`{}` does not apply to `{}`", info.name, k.name),
                    )
                    .with_span(p.span)
                    .with_primary_label("kept as a custom property")
                    .with_help(format!(
                        "`{}` applies to {}",
                        info.name,
                        info.applies_to.join(", ")
                    )),
                );
                continue;
            }
        }
        if report_duplicates {
            if let Some(first) = seen.insert(info.name, p.span) {
                cx.report(
                    Diagnostic::new(
                        Code::DuplicateProperty,
                        format!("`{}` is set twice", info.name),
                    )
                    .with_span(p.span)
                    .with_primary_label("this value wins")
                    .with_label(first, "first set here"),
                );
            }
        }
        match check(info.ty, &p.value) {
            Checked::Valid | Checked::Dynamic => {}
            Checked::Suspicious(why) => cx.report(
                Diagnostic::new(
                    Code::SuspiciousValue,
                    format!("suspicious value for `{}`", info.name),
                )
                .with_span(p.value_span)
                .with_primary_label(why),
            ),
            Checked::Invalid(error) => {
                let mut d = Diagnostic::new(
                    Code::InvalidPropertyValue,
                    format!("`{}` expects {}, found {}", info.name, error.expected, error.found),
                )
                .with_span(p.value_span)
                .with_primary_label(format!("expected {}", error.expected));
                if let Some(hint) = error.hint {
                    d = d.with_help(hint);
                }
                cx.report(d);
            }
        }
        if info.name == "style" && kind.is_some() {
            check_style_names(cx, p, styles, variables);
        }
    }
}

fn alias_elements(alias: &str, info: &crate::registry::properties::PropertyInfo) -> String {
    info.aliases.iter().find(|a| a.name == alias).map(|a| a.only.join(", ")).unwrap_or_default()
}

fn check_style_names(cx: &mut Context, p: &Property, styles: &Styles, variables: &Variables) {
    let names: Vec<(String, FileSpan)> = match &p.value.kind {
        ValueKind::String(s) if s.parts.is_empty() => vec![(s.value.clone(), p.value_span)],
        ValueKind::Word(w) => vec![(w.to_string(), p.value_span)],
        ValueKind::Array(items) => items
            .iter()
            .filter_map(|i| match &i.kind {
                ValueKind::String(s) if s.parts.is_empty() => {
                    Some((s.value.clone(), FileSpan::new(p.value_span.file, i.range)))
                }
                _ => None,
            })
            .collect(),
        ValueKind::String(_) | ValueKind::Var { .. } => {
            let reactive = p
                .bound_variables()
                .into_iter()
                .filter(|v| variables.get(v).is_some_and(|v| v.scripted))
                .collect::<Vec<_>>();
            if !reactive.is_empty() {
                cx.report(
                    Diagnostic::new(
                        Code::DynamicStyleName,
                        "the style name depends on a variable that scripts change",
                    )
                    .with_span(p.value_span)
                    .with_primary_label(format!("`${}` is only known at run time", reactive[0]))
                    .with_help(
                        "use a fixed style name, or switch styles from a script with `setStyle`",
                    ),
                );
            }
            Vec::new()
        }
        _ => Vec::new(),
    };
    for (name, span) in names {
        if !name.is_empty() && styles.get(&name).is_none() {
            cx.report(undefined_style(&name, span, styles.names()));
        }
    }
}

fn check_pseudo_names(cx: &mut Context, decls: &Declarations<'_>) {
    let mut report = |file, states: &[crate::syntax::ast::Name]| {
        for s in states {
            if !PSEUDO_STATES.contains(&s.text.as_str()) {
                let mut d = Diagnostic::new(
                    Code::UnknownPseudoState,
                    format!("unknown pseudo-state `{}`", s.text),
                )
                .with_span(FileSpan::new(file, s.range))
                .with_help(format!("the states are {}", PSEUDO_STATES.join(", ")));
                if let Some(close) = crate::suggest::closest(&s.text, PSEUDO_STATES.iter().copied())
                {
                    d = d.with_help(format!("did you mean `{close}`?"));
                }
                cx.report(d);
            }
        }
    };
    for style in &decls.styles {
        for m in &style.node.members {
            if let StyleMember::Pseudo(p) = m {
                report(style.file, &p.states);
            }
        }
    }
    fn members<'a>(ms: &'a [ElementMember], out: &mut Vec<&'a crate::syntax::ast::PseudoBlock>) {
        for m in ms {
            match m {
                ElementMember::Pseudo(p) => out.push(p),
                ElementMember::Child(e) => members(&e.members, out),
                ElementMember::For(b) => members(&b.body, out),
                ElementMember::If(b) => {
                    for (_, body) in &b.branches {
                        members(body, out);
                    }
                    if let Some(e) = &b.else_body {
                        members(e, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut blocks = Vec::new();
    for (file, root) in &decls.roots {
        if let super::declarations::RootItem::Element(e) = root {
            let before = blocks.len();
            members(&e.members, &mut blocks);
            for p in blocks.drain(before..) {
                report(*file, &p.states);
            }
        }
    }
    for c in &decls.components {
        for m in &c.node.members {
            if let crate::syntax::ast::DefineMember::Member(ElementMember::Child(e)) = m {
                members(&e.members, &mut blocks);
                for p in blocks.drain(..) {
                    report(c.file, &p.states);
                }
            }
        }
    }
}
