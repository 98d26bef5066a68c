//! The element tree: every KRB element with the state scripts and bindings change (text,
//! visibility, checked state, style and properties), and the typed change records that tell a
//! host what to apply to its own tree.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use krb_format::{states, Document, Value};
use serde::Serialize;

use crate::eval::{self, Variables};
use crate::names::{self, property_ids};
use crate::property_values::{self, snake_case, PropertyName};
use crate::value::ScriptValue;

/// One change to one element, in the order it happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementChange {
    /// The element's index in the KRB (pre-order), which is also its index in the host's tree.
    pub element: u32,
    /// The element's `id`, when it has one.
    pub id: Option<String>,
    pub kind: ElementChangeKind,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementChangeKind {
    Text(String),
    Visible(bool),
    /// Any other property, by canonical name (`background_color`) or custom name.
    Property {
        name: String,
        value: ScriptValue,
    },
    /// The element's style, by name.
    Style(String),
    Checked(bool),
    /// The element was disabled (`true`) or enabled.
    Disabled(bool),
    /// The interaction states a host reported changed (hover, active, focus bits).
    Interaction(u32),
    /// A text input's caret and selection anchor moved (`None`: it stopped editing).
    Caret(Option<(u32, u32)>),
    /// A bound property of a pseudo-state set (`&:hover`) was re-rendered; it applies while
    /// every state in `states` holds.
    StateProperty {
        states: Vec<&'static str>,
        name: String,
        value: ScriptValue,
    },
}

/// A property of an element other than those with their own field (text, visibility,
/// checked, style).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyState {
    pub name: Cow<'static, str>,
    /// The registry id, or 0 for a custom property.
    pub id: u16,
    pub value: ScriptValue,
    /// Whether a script or a binding changed it since loading.
    pub changed: bool,
}

/// An element and its current state.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementState {
    pub index: u32,
    pub id: Option<String>,
    /// The element registry id (0 for a type the registry lacks).
    pub kind: u16,
    /// `Button`, `Text`, ... or the file's own name for a type the registry lacks.
    pub type_name: Cow<'static, str>,
    pub parent: Option<u32>,
    /// The `text` property, when the element has one.
    pub text: Option<String>,
    pub visible: bool,
    /// The `checked` property, when the element has one.
    pub checked: Option<bool>,
    /// The names of the styles applied to it, in order.
    pub styles: Vec<String>,
    /// Whether it ignores input (the `disabled` property): it gets no events and its
    /// `&:disabled` styles apply.
    pub disabled: bool,
    /// The interaction states a host reported ([`states::HOVER`], [`states::ACTIVE`],
    /// [`states::FOCUS`] bits); see [`ElementState::states`] for every pseudo-state.
    pub interaction: u32,
    /// While a text input has focus: the caret and the selection's other end, in characters
    /// of its value (equal when nothing is selected).
    pub caret: Option<(u32, u32)>,
    pub properties: Vec<PropertyState>,
}

/// Where a property value goes.
enum Slot {
    Text,
    Visible,
    Checked,
    Style,
    Disabled,
    Other,
}

fn slot(name: &str) -> Slot {
    match name {
        "text" | "content" | "label" => Slot::Text,
        "visibility" | "visible" => Slot::Visible,
        "checked" => Slot::Checked,
        "style" | "class" => Slot::Style,
        "disabled" => Slot::Disabled,
        _ => Slot::Other,
    }
}

/// `visibility`'s value as a bool: `false`, `"hidden"`, `"collapse"` and `"false"` hide.
fn visibility(value: &ScriptValue) -> bool {
    match value {
        ScriptValue::String(s) => !matches!(s.as_str(), "hidden" | "collapse" | "false" | ""),
        other => other.is_truthy(),
    }
}

fn style_names(value: &ScriptValue) -> Vec<String> {
    match value {
        ScriptValue::String(s) => s.split_whitespace().map(str::to_string).collect(),
        ScriptValue::Array(items) => items.iter().flat_map(style_names).collect(),
        _ => Vec::new(),
    }
}

/// The elements of an app, indexed like the KRB.
#[derive(Debug, Clone, Default)]
pub struct ElementTree {
    elements: Vec<ElementState>,
    /// Each element's children, in order.
    child_lists: Vec<Vec<u32>>,
    by_id: FxHashMap<String, u32>,
    style_names: Vec<String>,
}

impl ElementTree {
    /// Builds the tree, evaluating bound property values against `vars`.
    pub fn from_document(doc: &Document, vars: &dyn Variables) -> ElementTree {
        let mut elements = Vec::with_capacity(doc.elements.len());
        let mut by_id = FxHashMap::default();
        for (i, e) in doc.elements.iter().enumerate() {
            let id = e.id.map(|s| doc.str(s).to_string());
            if let Some(id) = &id {
                by_id.entry(id.clone()).or_insert(i as u32);
            }
            let mut state = ElementState {
                index: i as u32,
                id,
                kind: e.kind,
                type_name: names::element_type(e.kind, e.tag.map(|t| doc.str(t))),
                parent: e.parent,
                text: None,
                visible: true,
                checked: None,
                styles: Vec::new(),
                disabled: false,
                interaction: 0,
                caret: None,
                properties: Vec::new(),
            };
            for p in doc.properties_in(e.properties) {
                let name = names::property_label(doc, p);
                let value = match &p.value {
                    Value::String(s) => ScriptValue::String(doc.str(*s).to_string()),
                    other => eval::evaluate(doc, other, vars),
                };
                state.set_initial(name, p.id, value);
            }
            elements.push(state);
        }
        let mut child_lists = vec![Vec::new(); elements.len()];
        for e in &elements {
            if let Some(list) = e.parent.and_then(|p| child_lists.get_mut(p as usize)) {
                list.push(e.index);
            }
        }
        let style_names = doc.styles.iter().map(|s| doc.str(s.name).to_string()).collect();
        ElementTree { elements, child_lists, by_id, style_names }
    }

    /// Every element in pre-order.
    pub fn elements(&self) -> &[ElementState] {
        &self.elements
    }

    pub fn get(&self, index: u32) -> Option<&ElementState> {
        self.elements.get(index as usize)
    }

    /// The element with this `id`.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The children of an element, in order.
    pub fn children(&self, index: u32) -> impl Iterator<Item = &ElementState> {
        self.child_indices(index).iter().filter_map(|&i| self.elements.get(i as usize))
    }

    /// The indices of an element's children, in order.
    pub fn child_indices(&self, index: u32) -> &[u32] {
        self.child_lists.get(index as usize).map_or(&[], Vec::as_slice)
    }

    /// The element's siblings (its parent's children, itself included), in order.
    pub fn siblings(&self, index: u32) -> &[u32] {
        match self.get(index).and_then(|e| e.parent) {
            Some(parent) => self.child_indices(parent),
            None => &[],
        }
    }

    /// Whether the element or one of its ancestors is disabled.
    pub fn is_disabled(&self, index: u32) -> bool {
        let mut at = Some(index);
        while let Some(i) = at {
            match self.get(i) {
                Some(e) if e.disabled => return true,
                Some(e) => at = e.parent,
                None => return false,
            }
        }
        false
    }

    /// Sets a property a script named (`text`, `bg`, `backgroundColor`, a custom name) after
    /// checking the value against the registry's type for it: an error message when it does
    /// not fit, or when the name is not a registry property but close to one (a typo).
    pub fn apply(
        &mut self,
        index: u32,
        name: &str,
        value: ScriptValue,
    ) -> Result<Option<ElementChange>, String> {
        let Some(element) = self.get(index) else { return Ok(None) };
        let type_name = element.type_name.clone();
        match property_values::resolve(name, &type_name) {
            PropertyName::Registry(info) if info.ty == kryon_registry::ValueType::StyleRef => {
                let value = property_values::check(info, value)?;
                for style in style_names(&value) {
                    if !self.has_style(&style) {
                        return Err(format!("the app has no style named `{style}`"));
                    }
                }
                Ok(self.set_property(index, info.name, value))
            }
            PropertyName::Registry(info) => {
                let value = property_values::check(info, value)?;
                Ok(self.set_property(index, info.name, value))
            }
            PropertyName::Custom(custom) => {
                let known = self.get(index).is_some_and(|e| e.property(custom).is_some());
                if !known {
                    if let Some(close) = property_values::suggestion(custom, &type_name) {
                        return Err(format!(
                            "{type_name} has no property `{custom}`; did you mean `{close}`?"
                        ));
                    }
                }
                Ok(self.set_property(index, custom, value))
            }
        }
    }

    /// Sets a text input's caret and selection anchor (`None`: not editing); the change when
    /// they differ.
    pub fn set_caret(&mut self, index: u32, caret: Option<(u32, u32)>) -> Option<ElementChange> {
        let element = self.elements.get_mut(index as usize)?;
        if element.caret == caret {
            return None;
        }
        element.caret = caret;
        Some(ElementChange {
            element: index,
            id: element.id.clone(),
            kind: ElementChangeKind::Caret(caret),
        })
    }

    /// Sets the interaction states a host reports ([`states::HOVER`], [`states::ACTIVE`],
    /// [`states::FOCUS`] bits) of an element; the change when they differ.
    pub fn set_interaction(&mut self, index: u32, mask: u32) -> Option<ElementChange> {
        let element = self.elements.get_mut(index as usize)?;
        let mask = mask & (states::HOVER | states::ACTIVE | states::FOCUS);
        if element.interaction == mask {
            return None;
        }
        element.interaction = mask;
        Some(ElementChange {
            element: index,
            id: element.id.clone(),
            kind: ElementChangeKind::Interaction(mask),
        })
    }

    /// Whether the app has a style with this name.
    pub fn has_style(&self, name: &str) -> bool {
        self.style_names.iter().any(|s| s == name)
    }

    /// Sets a property by name (`text`, `visible`, `backgroundColor` or `background_color`,
    /// custom names as they are), routing text, visibility, checked state and style to their
    /// own fields. Returns the change, or `None` when the value was already that.
    pub fn set_property(
        &mut self,
        index: u32,
        name: &str,
        value: ScriptValue,
    ) -> Option<ElementChange> {
        let element = self.elements.get_mut(index as usize)?;
        let name = snake_case(name);
        let kind = match slot(&name) {
            Slot::Text => {
                let text = value.to_string();
                if element.text.as_deref() == Some(text.as_str()) {
                    return None;
                }
                element.text = Some(text.clone());
                ElementChangeKind::Text(text)
            }
            Slot::Visible => {
                let visible = visibility(&value);
                if element.visible == visible {
                    return None;
                }
                element.visible = visible;
                ElementChangeKind::Visible(visible)
            }
            Slot::Checked => {
                let checked = value.is_truthy();
                if element.checked == Some(checked) {
                    return None;
                }
                element.checked = Some(checked);
                ElementChangeKind::Checked(checked)
            }
            Slot::Style => {
                let styles = style_names(&value);
                if element.styles == styles {
                    return None;
                }
                let joined = styles.join(" ");
                element.styles = styles;
                ElementChangeKind::Style(joined)
            }
            Slot::Disabled => {
                let disabled =
                    value.is_truthy() && !matches!(&value, ScriptValue::String(s) if s == "false");
                if element.disabled == disabled {
                    return None;
                }
                element.disabled = disabled;
                ElementChangeKind::Disabled(disabled)
            }
            Slot::Other => {
                match element.properties.iter_mut().find(|p| p.name == name) {
                    Some(p) if p.value == value => return None,
                    Some(p) => {
                        p.value = value.clone();
                        p.changed = true;
                    }
                    None => {
                        let id = names::property_id(&name).unwrap_or(0);
                        let name = Cow::Owned(name.to_string());
                        let value = value.clone();
                        element.properties.push(PropertyState { name, id, value, changed: true });
                    }
                }
                ElementChangeKind::Property { name: name.into_owned(), value }
            }
        };
        Some(ElementChange { element: index, id: element.id.clone(), kind })
    }

    /// A property's current value by name (the same names as [`ElementTree::set_property`]);
    /// `nil` when the element does not have it.
    pub fn property(&self, index: u32, name: &str) -> ScriptValue {
        let Some(element) = self.get(index) else {
            return ScriptValue::Nil;
        };
        let name = snake_case(name);
        match slot(&name) {
            Slot::Text => element.text.clone().map(ScriptValue::String).unwrap_or_default(),
            Slot::Visible => ScriptValue::Bool(element.visible),
            Slot::Checked => ScriptValue::Bool(element.checked.unwrap_or(false)),
            Slot::Style => ScriptValue::String(element.styles.join(" ")),
            Slot::Disabled => ScriptValue::Bool(element.disabled),
            Slot::Other => element
                .properties
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.value.clone())
                .unwrap_or_default(),
        }
    }

    /// Applies a style by name; an error when the app has no such style.
    pub fn set_style(&mut self, index: u32, name: &str) -> Result<Option<ElementChange>, String> {
        if !self.has_style(name) {
            return Err(format!("the app has no style named `{name}`"));
        }
        Ok(self.set_property(index, "style", ScriptValue::String(name.to_string())))
    }

    /// Records the value an input reported: `checked` for a bool, `value` otherwise. The
    /// change record tells a renderer what to redraw.
    pub fn record_input(&mut self, index: u32, value: &ScriptValue) -> Option<ElementChange> {
        let name = if matches!(value, ScriptValue::Bool(_)) { "checked" } else { "value" };
        self.set_property(index, name, value.clone())
    }

    /// Whether the element has a non-style property with this name.
    pub fn has_own_property(&self, index: u32, name: &str) -> bool {
        self.get(index).is_some_and(|e| match slot(name) {
            Slot::Text => e.text.is_some(),
            Slot::Visible | Slot::Checked | Slot::Style | Slot::Disabled => true,
            Slot::Other => e.properties.iter().any(|p| p.name == name),
        })
    }
}

impl ElementState {
    fn set_initial(&mut self, name: Cow<'static, str>, id: u16, value: ScriptValue) {
        let slot = match id {
            property_ids::TEXT => Slot::Text,
            property_ids::VISIBILITY => Slot::Visible,
            property_ids::CHECKED => Slot::Checked,
            property_ids::STYLE => Slot::Style,
            property_ids::DISABLED => Slot::Disabled,
            0 => slot(&name),
            _ => Slot::Other,
        };
        match slot {
            Slot::Text => self.text = Some(value.to_string()),
            Slot::Visible => self.visible = visibility(&value),
            Slot::Checked => self.checked = Some(value.is_truthy()),
            Slot::Style => self.styles = style_names(&value),
            Slot::Disabled => self.disabled = value.is_truthy(),
            Slot::Other => {
                self.properties.push(PropertyState { name, id, value, changed: false });
            }
        }
    }

    /// Every pseudo-state that holds now, as [`states`] bits: the host's interaction states
    /// plus `disabled` and `checked` from the element's own state.
    pub fn states(&self) -> u32 {
        let mut mask = self.interaction & (states::HOVER | states::ACTIVE | states::FOCUS);
        if self.disabled {
            mask |= states::DISABLED;
        }
        if self.checked == Some(true) {
            mask |= states::CHECKED;
        }
        mask
    }

    /// A property other than text, visibility, checked state, style and `disabled` (which have
    /// their own fields), by canonical or custom name.
    pub fn property(&self, name: &str) -> Option<&ScriptValue> {
        self.properties.iter().find(|p| p.name == name).map(|p| &p.value)
    }

    /// The properties a script or binding changed, in the order they were first set.
    pub fn changed_properties(&self) -> impl Iterator<Item = &PropertyState> {
        self.properties.iter().filter(|p| p.changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names_reach_snake_case_properties() {
        assert_eq!(snake_case("backgroundColor"), "background_color");
        assert_eq!(snake_case("text"), "text");
        assert_eq!(snake_case("fontSize"), "font_size");
    }

    #[test]
    fn visibility_words() {
        assert!(!visibility(&ScriptValue::String("hidden".into())));
        assert!(visibility(&ScriptValue::String("visible".into())));
        assert!(!visibility(&ScriptValue::Bool(false)));
    }
}
