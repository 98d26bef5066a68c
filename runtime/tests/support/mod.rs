//! Builds KRB documents for tests without the compiler.
#![allow(dead_code)]

use krb_format::{
    languages, property_flags, Binding, BindingOwner, Document, Element, EntryPoint, Event,
    EventKind, Handler, Payload, Property, Script, ScriptRole, SourceLocation, StrId, TemplatePart,
    Unit, Value, VarType, Variable,
};

/// As an application would: the Python VM's memory limit counts its own allocations.
#[global_allocator]
static ALLOCATOR: kryon_runtime::MeteredAllocator = kryon_runtime::MeteredAllocator::system();

pub const APP: u16 = 1;
pub const TEXT_ELEMENT: u16 = 3;
pub const BUTTON: u16 = 5;
pub const INPUT: u16 = 6;
pub const CHECKBOX: u16 = 15;
pub const TEXT: u16 = 80;
pub const VISIBILITY: u16 = 22;
pub const CHECKED: u16 = 166;
pub const BACKGROUND_COLOR: u16 = 60;

/// A part of a template: text or a variable name.
pub enum Part<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// A document under construction: an `App` root (element 0, id `root`) and children of it.
pub struct AppBuilder {
    pub doc: Document,
}

impl Default for AppBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl AppBuilder {
    pub fn new() -> AppBuilder {
        let mut b = AppBuilder { doc: Document::default() };
        let id = b.s("root");
        b.push_element(APP, None, Some(id), Vec::new(), Vec::new());
        b
    }

    pub fn s(&mut self, text: &str) -> StrId {
        self.doc.strings.intern(text)
    }

    pub fn string(&mut self, text: &str) -> Value {
        Value::String(self.s(text))
    }

    pub fn int(value: i64) -> Value {
        Value::Int { value, unit: Unit::None }
    }

    pub fn variable(&mut self, name: &str, ty: VarType, initial: Value) -> u32 {
        let name = self.s(name);
        self.doc.variables.push(Variable { name, ty, flags: 3, initial });
        self.doc.variables.len() as u32 - 1
    }

    pub fn int_var(&mut self, name: &str, value: i64) -> u32 {
        self.variable(name, VarType::Int, Self::int(value))
    }

    fn push_element(
        &mut self,
        kind: u16,
        parent: Option<u32>,
        id: Option<StrId>,
        props: Vec<Property>,
        events: Vec<Event>,
    ) -> u32 {
        let properties = self.doc.push_properties(props);
        let events = self.doc.push_events(events);
        let state_sets = self.doc.push_state_sets(Vec::new());
        self.doc.elements.push(Element {
            kind,
            tag: None,
            parent,
            id,
            component: None,
            properties,
            state_sets,
            events,
        });
        self.doc.elements.len() as u32 - 1
    }

    /// A child of the root with static properties and events.
    pub fn element(
        &mut self,
        kind: u16,
        id: Option<&str>,
        props: Vec<(u16, Value)>,
        events: Vec<(EventKind, Handler)>,
    ) -> u32 {
        let id = id.map(|i| self.s(i));
        let props = props
            .into_iter()
            .map(|(pid, value)| Property { id: pid, flags: 0, name: None, value })
            .collect();
        let events = events.into_iter().map(|(kind, handler)| Event { kind, handler }).collect();
        self.push_element(kind, Some(0), id, props, events)
    }

    /// A `Text` whose text is a template bound to the variables it names.
    pub fn text_template(&mut self, id: &str, parts: &[Part<'_>]) -> u32 {
        let mut template = Vec::new();
        let mut vars = Vec::new();
        for part in parts {
            match part {
                Part::Text(t) => template.push(TemplatePart::Text(self.s(t))),
                Part::Var(v) => {
                    template.push(TemplatePart::Var(self.s(v)));
                    let index = self
                        .doc
                        .variables
                        .iter()
                        .position(|var| self.doc.str(var.name) == *v)
                        .expect("template names a declared variable")
                        as u32;
                    if !vars.contains(&index) {
                        vars.push(index);
                    }
                }
            }
        }
        let id = Some(self.s(id));
        let prop = Property {
            id: TEXT,
            flags: property_flags::BOUND,
            name: None,
            value: Value::Template(template),
        };
        let element = self.push_element(TEXT_ELEMENT, Some(0), id, vec![prop], Vec::new());
        self.doc.bindings.push(Binding {
            owner: BindingOwner::Element(element),
            state_set: None,
            property: 0,
            variables: vars,
        });
        element
    }

    /// A button with a label whose click calls `function`.
    pub fn button(&mut self, id: &str, label: &str, function: &str) -> u32 {
        let label = self.string(label);
        let function = self.s(function);
        self.element(
            BUTTON,
            Some(id),
            vec![(TEXT, label)],
            vec![(EventKind::Click, Handler::Function(function))],
        )
    }

    /// A `@function "lang" name(params) { body }` whose body starts at `line` of `app.kry`.
    pub fn function(&mut self, language: u8, name: &str, params: &[&str], body: &str, line: u32) {
        let vm = self.s(vm_name(language));
        let name_id = self.s(name);
        let file = self.s("app.kry");
        let params = params.iter().map(|p| self.s(p)).collect();
        let body = self.s(body);
        let location = SourceLocation { file, line, column: 1 };
        self.doc.scripts.push(Script {
            language,
            role: ScriptRole::Function,
            vm,
            name: Some(name_id),
            payload: Payload::Source(body),
            location,
            entry_points: vec![EntryPoint { name: name_id, params, location }],
        });
    }

    /// An `@script "lang" { code }` defining `functions` (name, params), at `line`.
    pub fn module(
        &mut self,
        language: u8,
        name: &str,
        code: &str,
        functions: &[(&str, &[&str])],
        line: u32,
    ) {
        let vm = self.s(vm_name(language));
        let name = self.s(name);
        let file = self.s("app.kry");
        let code = self.s(code);
        let location = SourceLocation { file, line, column: 1 };
        let entry_points = functions
            .iter()
            .map(|(f, params)| EntryPoint {
                name: self.s(f),
                params: params.iter().map(|p| self.s(p)).collect(),
                location,
            })
            .collect();
        self.doc.scripts.push(Script {
            language,
            role: ScriptRole::Module,
            vm,
            name: Some(name),
            payload: Payload::Source(code),
            location,
            entry_points,
        });
    }

    /// The document, with the required-VM list filled in from the scripts.
    pub fn build(mut self) -> Document {
        let mut vms: Vec<u8> = self.doc.scripts.iter().map(|s| s.language).collect();
        vms.extend(self.doc.events.iter().filter_map(|e| match e.handler {
            Handler::Inline { language, .. } => Some(language),
            _ => None,
        }));
        vms.sort_unstable();
        vms.dedup();
        self.doc.required_vms = vms;
        self.doc
    }
}

pub fn vm_name(language: u8) -> &'static str {
    match language {
        languages::LUA => "lua",
        languages::JAVASCRIPT => "quickjs",
        languages::PYTHON => "rustpython",
        languages::WREN => "wren",
        _ => "micropython",
    }
}
