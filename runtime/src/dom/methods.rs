//! The DOM API's one entry point, [`DomHandle::call`]: element methods and fields and the
//! document functions, by name, with script arguments. The tables here are the API's
//! definition: each language's prelude builds its element objects and globals from them, and
//! wraps the results the tables mark as elements (an index, or a list of indices) into its own
//! element objects.

use std::collections::BTreeMap;

use super::listeners::element_event;
use super::query::{self, SelectorList};
use super::values::{self, InputKind};
use super::DomHandle;
use crate::property_values;
use crate::tree::ElementTree;
use crate::value::ScriptValue;

/// What a method gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// A script value.
    Value,
    /// An element index, or `nil`: the prelude wraps it into an element object.
    Element,
    /// A list of element indices: the prelude wraps each.
    Elements,
}

/// Element methods, called on an element object (`el:setText("x")` in Lua, `el.setText("x")`
/// in JavaScript and Python). `addEventListener(type, fn)` and `removeEventListener(type, fn)`
/// are in the preludes (they keep the function) and reach [`DomHandle::call`] with the slot.
pub const ELEMENT_METHODS: &[(&str, Returns)] = &[
    ("setText", Returns::Value),
    ("getText", Returns::Value),
    ("setVisible", Returns::Value),
    ("getVisible", Returns::Value),
    ("setChecked", Returns::Value),
    ("getChecked", Returns::Value),
    ("setValue", Returns::Value),
    ("getValue", Returns::Value),
    ("setEnabled", Returns::Value),
    ("getEnabled", Returns::Value),
    ("setStyle", Returns::Value),
    ("getStyle", Returns::Value),
    ("setTextColor", Returns::Value),
    ("setBackgroundColor", Returns::Value),
    ("setType", Returns::Value),
    ("getType", Returns::Value),
    ("setProperty", Returns::Value),
    ("getProperty", Returns::Value),
    ("getId", Returns::Value),
    ("getElementType", Returns::Value),
    ("getParent", Returns::Element),
    ("getChildren", Returns::Elements),
    ("getFirstChild", Returns::Element),
    ("getLastChild", Returns::Element),
    ("getNextSibling", Returns::Element),
    ("getPreviousSibling", Returns::Element),
    ("querySelector", Returns::Element),
    ("querySelectorAll", Returns::Elements),
];

/// Element fields (`el.text = "x"`, `el.visible`), read and written like the methods; any
/// other name is a property by registry name or alias (`el.backgroundColor = "#f00"`).
/// `id`, `numeric_id` and `element_type` are read-only; `parent` and `children` give elements.
pub const ELEMENT_FIELDS: &[&str] = &[
    "text",
    "visible",
    "visibility",
    "checked",
    "value",
    "enabled",
    "disabled",
    "style",
    "type",
    "id",
    "numeric_id",
    "element_type",
    "parent",
    "children",
];

/// Document functions: globals, and members of the `kryon` namespace. A `target` argument
/// is an element object or an element id.
pub const DOCUMENT_FUNCTIONS: &[(&str, Returns)] = &[
    ("getElementById", Returns::Element),
    ("get_element", Returns::Element),
    ("querySelector", Returns::Element),
    ("querySelectorAll", Returns::Elements),
    ("getElementsByTag", Returns::Elements),
    ("getElementsByType", Returns::Elements),
    ("getElementsByClass", Returns::Elements),
    ("getRootElement", Returns::Element),
    ("getComponentProperty", Returns::Value),
    ("getComponentProperties", Returns::Value),
    ("getProperty", Returns::Value),
    ("setProperty", Returns::Value),
    ("alert", Returns::Value),
];

fn element(index: Option<u32>) -> ScriptValue {
    index.map_or(ScriptValue::Nil, |i| ScriptValue::Int(i.into()))
}

fn elements(indices: impl IntoIterator<Item = u32>) -> ScriptValue {
    ScriptValue::Array(indices.into_iter().map(|i| ScriptValue::Int(i.into())).collect())
}

/// The argument at `i`, `nil` when missing.
fn arg(args: &[ScriptValue], i: usize) -> ScriptValue {
    args.get(i).cloned().unwrap_or_default()
}

fn text_arg(method: &str, args: &[ScriptValue], i: usize, what: &str) -> Result<String, String> {
    match args.get(i) {
        Some(ScriptValue::String(s)) => Ok(s.clone()),
        other => Err(format!(
            "{method} expects {what} (a string), not {}",
            other.map_or("nothing", ScriptValue::kind_name)
        )),
    }
}

impl DomHandle {
    /// Runs a DOM method by name: an element method or field access when `target` is an
    /// element, a document function when it is `None`. `language` is the calling VM (for
    /// listeners). Elements come back as indices, as the tables say; errors are messages for
    /// the script.
    pub fn call(
        &self,
        language: &'static str,
        method: &str,
        target: Option<u32>,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        let result = match target {
            Some(index) => self.element_call(language, method, index, args),
            None => self.document_call(language, method, args),
        };
        self.noted(result)
    }

    /// An element method called from the host, with no VM involved (listeners need one, so
    /// `addEventListener` is refused).
    pub fn call_method(
        &self,
        method: &str,
        element: u32,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        self.call("host", method, Some(element), args)
    }

    fn exists(&self, index: u32) -> Result<(), String> {
        match self.with_tree(|t| t.get(index).is_some())? {
            true => Ok(()),
            false => Err(format!("no element has the index {index}")),
        }
    }

    fn element_call(
        &self,
        language: &'static str,
        method: &str,
        index: u32,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        self.exists(index)?;
        let none = |r: Result<(), String>| r.map(|()| ScriptValue::Nil);
        match method {
            "setText" => none(self.set(index, "text", arg(args, 0))),
            "getText" => self.get(index, "text"),
            "setVisible" => none(self.set(index, "visibility", arg(args, 0).is_truthy().into())),
            "getVisible" => self.get(index, "visibility"),
            "setChecked" => none(self.set_checked(index, values::checked_of(&arg(args, 0)))),
            "getChecked" => self.get(index, "checked"),
            "setValue" => none(self.set_value(index, arg(args, 0))),
            "getValue" => self.with_tree(|t| t.get(index).map(values::current).unwrap_or_default()),
            "setEnabled" => {
                let enabled = values::checked_of(&arg(args, 0));
                none(self.set(index, "disabled", (!enabled).into()))
            }
            "getEnabled" => self.with_tree(|t| (!t.is_disabled(index)).into()),
            "setStyle" => {
                let name = text_arg(method, args, 0, "a style name")?;
                none(self.set(index, "style", name.into()))
            }
            "getStyle" => self.get(index, "style"),
            "setTextColor" => none(self.set(index, "text_color", arg(args, 0))),
            "setBackgroundColor" => none(self.set(index, "background_color", arg(args, 0))),
            "setType" => none(self.set(index, "type", arg(args, 0))),
            "getType" => self.get(index, "type"),
            "setProperty" => {
                let name = text_arg(method, args, 0, "a property name")?;
                none(self.set(index, &name, arg(args, 1)))
            }
            "getProperty" => self.get(index, &text_arg(method, args, 0, "a property name")?),
            "getId" => self.get(index, "id"),
            "getElementType" => self.get(index, "element_type"),
            "getParent" => self.get(index, "parent"),
            "getChildren" => self.get(index, "children"),
            "getFirstChild" => self.with_tree(|t| element(t.child_indices(index).first().copied())),
            "getLastChild" => self.with_tree(|t| element(t.child_indices(index).last().copied())),
            "getNextSibling" | "getPreviousSibling" => self.with_tree(|t| {
                let siblings = t.siblings(index);
                let at = siblings.iter().position(|&i| i == index);
                let next = match (method, at) {
                    ("getNextSibling", Some(at)) => siblings.get(at + 1),
                    (_, Some(at)) if at > 0 => siblings.get(at - 1),
                    _ => None,
                };
                element(next.copied())
            }),
            "querySelector" | "querySelectorAll" => {
                let selector = SelectorList::parse(&text_arg(method, args, 0, "a selector")?)?;
                let found = self.with_tree(|t| selector.select(t, Some(index)))?;
                Ok(if method == "querySelector" {
                    element(found.first().copied())
                } else {
                    elements(found)
                })
            }
            "addEventListener" => self.listen(language, Some(index), method, args),
            "removeEventListener" => self.unlisten(language, args),
            "__get" => self.get(index, &text_arg(method, args, 0, "a field name")?),
            "__set" => {
                let name = text_arg(method, args, 0, "a field name")?;
                none(self.set(index, &name, arg(args, 1)))
            }
            other => Err(format!("elements have no method `{other}`")),
        }
    }

    fn listen(
        &self,
        language: &'static str,
        target: Option<u32>,
        method: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        if language == "host" {
            return Err("addEventListener needs a script function".into());
        }
        let event = text_arg(method, args, 0, "an event name")?;
        let Some(ScriptValue::Int(slot)) = args.get(1) else {
            return Err("addEventListener expects an event name and a function".into());
        };
        self.add_listener(language, target, &event, *slot)?;
        Ok(ScriptValue::Nil)
    }

    fn unlisten(
        &self,
        language: &'static str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        if let Some(ScriptValue::Int(slot)) = args.get(1) {
            self.remove_listener(language, *slot);
        }
        Ok(ScriptValue::Nil)
    }

    fn document_call(
        &self,
        language: &'static str,
        method: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, String> {
        match method {
            "getElementById" | "get_element" => {
                let id = match args.first() {
                    Some(ScriptValue::String(s)) => s.clone(),
                    Some(ScriptValue::Nil) | None => return Ok(ScriptValue::Nil),
                    Some(other) => other.to_string(),
                };
                self.with_tree(|t| element(t.find(&id)))
            }
            "querySelector" | "querySelectorAll" => {
                let selector = SelectorList::parse(&text_arg(method, args, 0, "a selector")?)?;
                let found = self.with_tree(|t| selector.select(t, None))?;
                Ok(if method == "querySelector" {
                    element(found.first().copied())
                } else {
                    elements(found)
                })
            }
            "getElementsByTag" | "getElementsByType" => {
                let name = text_arg(method, args, 0, "an element type")?;
                self.with_tree(|t| elements(query::by_type(t, &name)))
            }
            "getElementsByClass" => {
                let name = text_arg(method, args, 0, "a style name")?;
                self.with_tree(|t| elements(query::by_style(t, &name)))
            }
            "getRootElement" => self.with_tree(|t| {
                element(t.elements().iter().find(|e| e.parent.is_none()).map(|e| e.index))
            }),
            "getComponentProperties" => {
                let index = self.target(method, args)?;
                self.with_tree(|t| component_properties(t, index))
            }
            "getComponentProperty" => {
                let index = self.target(method, args)?;
                let name = text_arg(method, args, 1, "a property name")?;
                self.with_tree(|t| match component_properties(t, index) {
                    ScriptValue::Map(mut map) => map.remove(&name).unwrap_or_default(),
                    _ => ScriptValue::Nil,
                })
            }
            "getProperty" => {
                let index = self.target(method, args)?;
                self.get(index, &text_arg(method, args, 1, "a property name")?)
            }
            "setProperty" => {
                let index = self.target(method, args)?;
                let name = text_arg(method, args, 1, "a property name")?;
                self.set(index, &name, arg(args, 2)).map(|()| ScriptValue::Nil)
            }
            "alert" => {
                let message = args.iter().map(ScriptValue::to_string).collect::<Vec<_>>();
                self.print(format!("alert: {}", message.join(" ")))?;
                Ok(ScriptValue::Nil)
            }
            "addEventListener" => self.listen(language, None, method, args),
            "removeEventListener" => self.unlisten(language, args),
            other => Err(format!("the DOM API has no function `{other}`")),
        }
    }

    /// The element a document function's first argument names: an element (its index) or an
    /// id.
    fn target(&self, method: &str, args: &[ScriptValue]) -> Result<u32, String> {
        let found = match args.first() {
            Some(ScriptValue::Int(i)) => u32::try_from(*i)
                .ok()
                .filter(|i| self.with_tree(|t| t.get(*i).is_some()).unwrap_or(false)),
            Some(ScriptValue::String(id)) => self.with_tree(|t| t.find(id))?,
            _ => return Err(format!("{method} expects an element or an element id first")),
        };
        found.ok_or_else(|| {
            format!(
                "{method}: no element `{}`",
                args.first().map(|a| a.to_string()).unwrap_or_default()
            )
        })
    }

    /// Reads a field or property of an element.
    fn get(&self, index: u32, name: &str) -> Result<ScriptValue, String> {
        self.with_tree(|t| {
            let Some(e) = t.get(index) else { return ScriptValue::Nil };
            match name {
                "id" => e.id.clone().map(ScriptValue::String).unwrap_or_default(),
                "numeric_id" => ScriptValue::Int(index.into()),
                "element_type" | "elementType" | "tag" => {
                    ScriptValue::String(e.type_name.to_string())
                }
                "parent" => element(e.parent),
                "children" => elements(t.child_indices(index).iter().copied()),
                "enabled" => (!t.is_disabled(index)).into(),
                "value" => values::current(e),
                // An input's text is its value (2025 apps read `getText()` of an Input).
                "text"
                    if values::InputKind::of(e).holds_text() && e.property("value").is_some() =>
                {
                    ScriptValue::String(values::current(e).to_string())
                }
                "text" => e.text.clone().map(ScriptValue::String).unwrap_or_else(|| "".into()),
                other => {
                    let name = property_values::resolve(other, &e.type_name);
                    t.property(index, name.as_str())
                }
            }
        })
    }

    /// Writes a field or property of an element, checked against the registry.
    fn set(&self, index: u32, name: &str, value: ScriptValue) -> Result<(), String> {
        match name {
            "id" | "numeric_id" | "element_type" | "elementType" | "parent" | "children" => {
                Err(format!("`{name}` is read-only"))
            }
            "enabled" => self.set(index, "disabled", (!values::checked_of(&value)).into()),
            "value" => self.set_value(index, value),
            "text"
                if self.with_tree(|t| {
                    t.get(index).is_some_and(|e| InputKind::of(e).holds_text())
                })? =>
            {
                self.set_value(index, value)
            }
            "checked" => self.set_checked(index, values::checked_of(&value)),
            _ => self.change(|t| t.apply(index, name, value)),
        }
    }

    /// `setValue`: the value typed by the input's kind (a number input takes `"42"` as 42).
    fn set_value(&self, index: u32, value: ScriptValue) -> Result<(), String> {
        self.change(|t| {
            let Some(e) = t.get(index) else { return Ok(None) };
            let typed = values::typed(e, value)?;
            Ok(t.set_property(index, "value", typed))
        })
    }

    /// `setChecked`: a radio that is checked unchecks the others of its group.
    fn set_checked(&self, index: u32, checked: bool) -> Result<(), String> {
        let changes = self.with_tree_mut(|t| set_checked(t, index, checked))?;
        for change in changes {
            self.record(Some(change))?;
        }
        Ok(())
    }
}

/// Sets a checked state (and, for a radio that becomes checked, clears the rest of its
/// group): the changes in order.
pub(crate) fn set_checked(
    tree: &mut ElementTree,
    index: u32,
    checked: bool,
) -> Vec<crate::tree::ElementChange> {
    let mut changes = Vec::new();
    let radio = tree.get(index).is_some_and(|e| InputKind::of(e) == InputKind::Radio);
    if radio && checked {
        for other in values::radio_group(tree, index) {
            changes.extend(tree.set_property(other, "checked", false.into()));
        }
    }
    changes.extend(tree.set_property(index, "checked", checked.into()));
    changes
}

/// `getComponentProperties`: an element's custom properties (those the registry does not
/// know, such as a component's own), by name.
fn component_properties(tree: &ElementTree, index: u32) -> ScriptValue {
    let Some(e) = tree.get(index) else { return ScriptValue::Nil };
    let map: BTreeMap<String, ScriptValue> = e
        .properties
        .iter()
        .filter(|p| p.id == 0 && element_event(&p.name).is_none())
        .map(|p| (p.name.to_string(), p.value.clone()))
        .collect();
    ScriptValue::Map(map)
}
