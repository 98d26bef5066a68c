//! Builds KRB documents for renderer tests without the compiler, and renders them.
#![allow(dead_code)]

use krb_format::{Document, Element, Property, Style, Unit, Value};
use kryon_render::{AppView, MemoryResources, RenderOptions, Renderer};
use kryon_runtime::{ElementTree, ScriptValue, Variables};

/// No variables: every lookup is nil.
pub struct NoVariables;

impl Variables for NoVariables {
    fn lookup(&self, _path: &str) -> ScriptValue {
        ScriptValue::Nil
    }
}

/// A property value written as KRY would: `10`, `10px`, `50%`, `1.5em`, `#ff0000`, `true`,
/// anything else as a string.
pub fn value(doc: &mut Document, text: &str) -> Value {
    if let Some(hex) = text.strip_prefix('#') {
        if let Ok(rgba) = kryon_registry::colors::parse_color(text) {
            let _ = hex;
            return Value::Color(rgba);
        }
    }
    match text {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    let split =
        text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if let (Some(unit), false) = (Unit::from_suffix(unit), number.is_empty()) {
        if let Ok(i) = number.parse::<i64>() {
            return Value::Int { value: i, unit };
        }
        if let Ok(f) = number.parse::<f64>() {
            return Value::Float { value: f, unit };
        }
    }
    Value::String(doc.strings.intern(text))
}

/// A document under construction: an App root (element 0) and elements added in order.
pub struct Builder {
    pub doc: Document,
}

impl Builder {
    /// An App with these properties.
    pub fn app(props: &[(&str, &str)]) -> Builder {
        let mut b = Builder { doc: Document::default() };
        b.element(1, None, None, props);
        b
    }

    fn properties(&mut self, props: &[(&str, &str)]) -> Vec<Property> {
        props
            .iter()
            .map(|(name, text)| {
                let value = value(&mut self.doc, text);
                match kryon_registry::property_id(name) {
                    Some(id) => Property { id, flags: 0, name: None, value },
                    None => Property {
                        id: 0,
                        flags: 0,
                        name: Some(self.doc.strings.intern(name)),
                        value,
                    },
                }
            })
            .collect()
    }

    /// Adds an element of registry type `kind` under `parent`; returns its index.
    pub fn element(
        &mut self,
        kind: u16,
        parent: Option<u32>,
        id: Option<&str>,
        props: &[(&str, &str)],
    ) -> u32 {
        self.element_with_states(kind, parent, id, props, &[])
    }

    /// [`Builder::element`] with pseudo-state sets (`mask`, properties).
    pub fn element_with_states(
        &mut self,
        kind: u16,
        parent: Option<u32>,
        id: Option<&str>,
        props: &[(&str, &str)],
        sets: &[(u32, &[(&str, &str)])],
    ) -> u32 {
        let props = self.properties(props);
        let properties = self.doc.push_properties(props);
        let sets: Vec<(u32, Vec<Property>)> =
            sets.iter().map(|(mask, p)| (*mask, self.properties(p))).collect();
        let state_sets = self.doc.push_state_sets(sets);
        let id = id.map(|i| self.doc.strings.intern(i));
        self.doc.elements.push(Element {
            kind,
            tag: None,
            parent,
            id,
            component: None,
            properties,
            state_sets,
            events: Default::default(),
        });
        (self.doc.elements.len() - 1) as u32
    }

    /// A child of the App.
    pub fn child(&mut self, kind: u16, props: &[(&str, &str)]) -> u32 {
        self.element(kind, Some(0), None, props)
    }

    /// Adds a style.
    pub fn style(&mut self, name: &str, props: &[(&str, &str)], sets: &[(u32, &[(&str, &str)])]) {
        let props = self.properties(props);
        let properties = self.doc.push_properties(props);
        let sets: Vec<(u32, Vec<Property>)> =
            sets.iter().map(|(mask, p)| (*mask, self.properties(p))).collect();
        let state_sets = self.doc.push_state_sets(sets);
        let name = self.doc.strings.intern(name);
        self.doc.styles.push(Style { name, properties, state_sets });
    }

    pub fn tree(&self) -> ElementTree {
        ElementTree::from_document(&self.doc, &NoVariables)
    }
}

/// A fresh renderer's full frame of `doc` with `tree`: the frame's bytes.
pub fn full_frame(doc: &Document, tree: &ElementTree, options: RenderOptions) -> Vec<u8> {
    let mut r = Renderer::new(MemoryResources::default(), options);
    r.render(AppView::new(doc, tree, &NoVariables));
    r.frame().data().to_vec()
}

/// Element type ids.
pub mod kinds {
    pub const APP: u16 = 1;
    pub const CONTAINER: u16 = 2;
    pub const TEXT: u16 = 3;
    pub const IMAGE: u16 = 4;
    pub const BUTTON: u16 = 5;
    pub const INPUT: u16 = 6;
    pub const GRID: u16 = 10;
    pub const SCROLLABLE: u16 = 11;
    pub const CHECKBOX: u16 = 15;
    pub const RADIO: u16 = 16;
    pub const SLIDER: u16 = 17;
}
