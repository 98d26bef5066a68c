//! Step 1: elements and styles. Each property is written once (the last value of a name wins,
//! as in the model), with its registry id or, for a property the registry lacks, its name.
//! The `id` property becomes the element's id and event properties become events, so neither
//! is written twice. A property whose value still refers to a reactive variable gets a
//! binding listing the variables it depends on.

use krb_format::{
    property_flags, states, Binding, BindingOwner, Element, Event, EventKind, Handler, Property,
    ResourceKind, Style,
};

use super::values::Typed;
use super::Emitter;
use crate::model::{self, bound_variables};
use crate::passes::substitute::{Scope, Substituter};
use crate::registry::elements::{element, ElementInfo};
use crate::registry::properties::lookup;
use crate::source::FileId;
use crate::syntax::ast;

pub fn run(cx: &mut Emitter<'_>) {
    let checked = cx.checked;
    let model = &checked.analysis.model;
    for (index, e) in model.elements.iter().enumerate() {
        let info = element(&e.tag);
        let mut base = Vec::new();
        for p in &e.properties {
            let resolved = lookup(&p.name, info);
            let canonical = resolved.map(|r| r.info.name);
            if canonical == Some("id") && e.id.is_some() {
                continue;
            }
            if canonical.and_then(model::EventKind::from_property).is_some()
                && e.events.iter().any(|ev| Some(ev.kind.property()) == canonical)
            {
                continue;
            }
            let value = Item { name: &p.name, value: &p.value, file: p.value_span.file };
            let flags = if p.from_component { property_flags::FROM_COMPONENT } else { 0 };
            keep_last(&mut base, Written { item: value, flags });
        }
        let owner = BindingOwner::Element(index as u32);
        let props = cx.properties(&base, info, owner, None);
        let properties = cx.doc.push_properties(props);
        let mut sets = Vec::new();
        for (set_index, (names, props)) in e.pseudo_states.iter().enumerate() {
            let mut list = Vec::new();
            for p in props {
                let item = Item { name: &p.name, value: &p.value, file: p.value_span.file };
                keep_last(&mut list, Written { item, flags: 0 });
            }
            let props = cx.properties(&list, info, owner, Some(set_index as u32));
            sets.push((mask(names.iter().map(|n| n.as_str())), props));
        }
        let state_sets = cx.doc.push_state_sets(sets);
        let first = cx.doc.events.len();
        let events: Vec<Event> = e.events.iter().map(|ev| cx.event(ev)).collect();
        // Where inline handlers' code is (KRB 1.1), so a runtime error points at it.
        for (k, ev) in e.events.iter().enumerate() {
            if let model::Handler::Inline(code) = &ev.handler {
                let (span, _) = crate::passes::script_facts::inline_code_span(ev.value_span, code);
                let location = cx.location(span);
                let event = u32::try_from(first + k).unwrap_or(u32::MAX);
                cx.doc.event_locations.push(krb_format::EventLocation { event, location });
            }
        }
        let events = cx.doc.push_events(events);
        let (kind, tag) = match info {
            Some(i) => (i.id, None),
            None => (0, Some(cx.str(&e.tag))),
        };
        let id = e.id.as_ref().map(|id| cx.str(id));
        let component = e.component.as_ref().map(|c| cx.str(c));
        cx.doc.elements.push(Element {
            kind,
            tag,
            parent: e.parent.map(|p| p as u32),
            id,
            component,
            properties,
            state_sets,
            events,
        });
    }
    styles(cx);
}

fn styles(cx: &mut Emitter<'_>) {
    let checked = cx.checked;
    let mut subst = Substituter {
        variables: &checked.analysis.variables,
        diagnostics: Vec::new(),
        cycles_reported: Default::default(),
        folding: Vec::new(),
        folded: Default::default(),
        static_context: false,
    };
    let scope = Scope::default();
    for (index, style) in checked.analysis.styles.list.iter().enumerate() {
        let owner = BindingOwner::Style(index as u32);
        // Non-reactive variables are folded here as in elements (problems were reported by
        // the property pass).
        let mut substituted = |props: &[crate::passes::styles::StyleProperty]| {
            props
                .iter()
                .map(|p| {
                    (p.name.clone(), subst.value(&p.value, p.span.file, &scope).value, p.span.file)
                })
                .collect::<Vec<_>>()
        };
        let own = substituted(&style.properties);
        let sets: Vec<_> = style
            .pseudo_states
            .iter()
            .map(|(names, props)| (mask(names.iter().map(|n| n.as_str())), substituted(props)))
            .collect();
        let props = cx.properties(&written(&own), None, owner, None);
        let properties = cx.doc.push_properties(props);
        let mut state_props = Vec::new();
        for (set_index, (mask, list)) in sets.iter().enumerate() {
            state_props
                .push((*mask, cx.properties(&written(list), None, owner, Some(set_index as u32))));
        }
        let state_sets = cx.doc.push_state_sets(state_props);
        let name = cx.str(&style.name);
        cx.doc.styles.push(Style { name, properties, state_sets });
    }
}

fn written(list: &[(smol_str::SmolStr, ast::Value, FileId)]) -> Vec<(&str, Written<'_>)> {
    let mut out = Vec::new();
    for (name, value, file) in list {
        keep_last(&mut out, Written { item: Item { name, value, file: *file }, flags: 0 });
    }
    out
}

/// A property to write: its name as written, its value and the file the value is from.
#[derive(Clone, Copy)]
struct Item<'a> {
    name: &'a str,
    value: &'a ast::Value,
    file: FileId,
}

#[derive(Clone, Copy)]
struct Written<'a> {
    item: Item<'a>,
    flags: u16,
}

/// Adds a property, replacing an earlier one with the same canonical name.
fn keep_last<'a>(list: &mut Vec<(&'a str, Written<'a>)>, p: Written<'a>) {
    let key = lookup(p.item.name, None).map(|r| r.info.name).unwrap_or(p.item.name);
    list.retain(|(k, _)| *k != key);
    list.push((key, p));
}

/// The state mask of a set of pseudo-state names (the property pass refused unknown ones).
fn mask<'n>(names: impl Iterator<Item = &'n str>) -> u32 {
    names.filter_map(states::bit).fold(0, |m, b| m | b)
}

impl Emitter<'_> {
    fn properties(
        &mut self,
        list: &[(&str, Written<'_>)],
        element: Option<&ElementInfo>,
        owner: BindingOwner,
        state_set: Option<u32>,
    ) -> Vec<Property> {
        let mut out = Vec::with_capacity(list.len());
        for (i, (_, w)) in list.iter().enumerate() {
            let resolved = lookup(w.item.name, element);
            let typed = match resolved {
                Some(r) => {
                    Typed { ty: Some(r.info.ty), resource: resource_kind(r.info.name, element) }
                }
                None => Typed::UNTYPED,
            };
            let value = self.value(w.item.value, typed, w.item.file);
            let bound: Vec<u32> = bound_variables(w.item.value)
                .iter()
                .filter_map(|v| self.variables.get(v).copied())
                .collect();
            let mut flags = w.flags;
            if !bound.is_empty() {
                flags |= property_flags::BOUND;
                for &v in &bound {
                    self.doc.variables[v as usize].flags |= krb_format::variable_flags::BOUND;
                }
                self.doc.bindings.push(Binding {
                    owner,
                    state_set,
                    property: i as u32,
                    variables: bound,
                });
            }
            let (id, name) = match resolved {
                Some(r) => (r.info.id, None),
                None => (0, Some(self.str(w.item.name))),
            };
            out.push(Property { id, flags, name, value });
        }
        out
    }

    fn event(&mut self, event: &model::Event) -> Event {
        let kind = match event.kind {
            model::EventKind::Click => EventKind::Click,
            model::EventKind::Press => EventKind::Press,
            model::EventKind::Release => EventKind::Release,
            model::EventKind::Hover => EventKind::Hover,
            model::EventKind::Focus => EventKind::Focus,
            model::EventKind::Blur => EventKind::Blur,
            model::EventKind::Change => EventKind::Change,
            model::EventKind::Submit => EventKind::Submit,
            model::EventKind::Load => EventKind::Load,
        };
        let handler = match &event.handler {
            model::Handler::Function(f) => Handler::Function(self.str(f)),
            model::Handler::Call { function, args } => Handler::Call {
                function: self.str(function),
                args: args.iter().map(|a| self.plain(a)).collect(),
            },
            // Inline code runs in the default VM.
            model::Handler::Inline(code) => Handler::Inline {
                language: crate::languages::ScriptLanguage::Lua.info().krb_id,
                source: self.str(code),
            },
            model::Handler::Dynamic(value) => Handler::Dynamic(self.plain(value)),
        };
        Event { kind, handler }
    }
}

/// The kind of resource a resource-typed property refers to.
fn resource_kind(property: &str, element: Option<&ElementInfo>) -> ResourceKind {
    match (property, element.map(|e| e.name)) {
        ("src", Some("Video")) => ResourceKind::Video,
        ("src", Some("Image")) | ("icon" | "background_image", _) => ResourceKind::Image,
        _ => ResourceKind::File,
    }
}
