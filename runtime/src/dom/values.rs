//! Input values: what kind of input an element is (an `Input` by its `type`, or a
//! `Checkbox`, `Radio`, `Slider` element), its current value typed by that kind (a number
//! input gives a number, a text input text), and the radio group an element belongs to.

use kryon_registry::element_ids;

use crate::property_values::bool_of;
use crate::shared::number_text;
use crate::tree::{ElementState, ElementTree};
use crate::value::ScriptValue;

/// How an element takes input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Text of any kind: text, password, email, search, textarea, date, colour, ...
    Text,
    /// A number input.
    Number,
    /// A range input or a `Slider`.
    Range,
    Checkbox,
    Radio,
    /// Not an input.
    None,
}

impl InputKind {
    pub fn of(element: &ElementState) -> InputKind {
        match element.kind {
            element_ids::CHECKBOX => InputKind::Checkbox,
            element_ids::RADIO => InputKind::Radio,
            element_ids::SLIDER => InputKind::Range,
            element_ids::INPUT => match element.property("type").and_then(ScriptValue::as_str) {
                Some("number") => InputKind::Number,
                Some("range") => InputKind::Range,
                Some("checkbox") => InputKind::Checkbox,
                Some("radio") => InputKind::Radio,
                _ => InputKind::Text,
            },
            element_ids::TEXT_AREA
            | element_ids::SELECT
            | element_ids::DROPDOWN
            | element_ids::WIDGET => InputKind::Text,
            _ => InputKind::None,
        }
    }

    /// Whether its value is what it shows (text, number and range inputs): its `text` is
    /// its value.
    pub fn holds_text(self) -> bool {
        matches!(self, InputKind::Text | InputKind::Number | InputKind::Range)
    }

    /// Whether a click toggles or selects it.
    pub fn is_toggle(self) -> bool {
        matches!(self, InputKind::Checkbox | InputKind::Radio)
    }
}

fn number_property(element: &ElementState, name: &str) -> Option<f64> {
    match element.property(name)? {
        ScriptValue::String(s) => number_text(s)?.as_f64(),
        other => other.as_f64(),
    }
}

/// An element's value, typed by its kind: a number for number and range inputs (their `min`,
/// or 0, when unset), the `value` text (or `""`) for text inputs, and for checkboxes and
/// radios their `value` property (`"on"` when unset, as in HTML).
pub fn current(element: &ElementState) -> ScriptValue {
    let value = element.property("value");
    match InputKind::of(element) {
        InputKind::Number | InputKind::Range => match value {
            Some(v @ (ScriptValue::Int(_) | ScriptValue::Float(_))) => v.clone(),
            Some(ScriptValue::String(s)) => number_text(s).unwrap_or(ScriptValue::Int(0)),
            _ => match number_property(element, "min") {
                Some(min) if min.fract() == 0.0 => ScriptValue::Int(min as i64),
                Some(min) => ScriptValue::Float(min),
                None => ScriptValue::Int(0),
            },
        },
        InputKind::Checkbox | InputKind::Radio => {
            value.cloned().unwrap_or_else(|| ScriptValue::String("on".into()))
        }
        InputKind::Text => match value {
            Some(ScriptValue::Nil) | None => ScriptValue::String(String::new()),
            Some(v) => ScriptValue::String(v.to_string()),
        },
        InputKind::None => value.cloned().unwrap_or_default(),
    }
}

/// A value a script or a host gives an input, typed by its kind: text to a number for number
/// and range inputs (clamped to `min`/`max`), anything to text for text inputs. An error when
/// a number input gets text that is no number.
pub fn typed(element: &ElementState, value: ScriptValue) -> Result<ScriptValue, String> {
    match InputKind::of(element) {
        InputKind::Number | InputKind::Range => {
            let number = match &value {
                ScriptValue::Int(_) | ScriptValue::Float(_) => Some(value.clone()),
                ScriptValue::String(s) if s.trim().is_empty() => Some(ScriptValue::Int(0)),
                ScriptValue::String(s) => number_text(s),
                _ => None,
            };
            let Some(number) = number else {
                return Err(format!(
                    "a {} input takes a number, not the {} `{value}`",
                    if InputKind::of(element) == InputKind::Range { "range" } else { "number" },
                    value.kind_name()
                ));
            };
            Ok(clamp(element, number))
        }
        InputKind::Text => Ok(match value {
            ScriptValue::Nil => ScriptValue::String(String::new()),
            ScriptValue::String(s) => ScriptValue::String(s),
            other => ScriptValue::String(other.to_string()),
        }),
        InputKind::Checkbox | InputKind::Radio | InputKind::None => Ok(value),
    }
}

fn clamp(element: &ElementState, number: ScriptValue) -> ScriptValue {
    let Some(mut f) = number.as_f64() else { return number };
    let original = f;
    if let Some(min) = number_property(element, "min") {
        f = f.max(min);
    }
    if let Some(max) = number_property(element, "max") {
        f = f.min(max);
    }
    if f == original {
        number
    } else if f.fract() == 0.0 && matches!(number, ScriptValue::Int(_)) {
        ScriptValue::Int(f as i64)
    } else {
        ScriptValue::Float(f)
    }
}

/// A checked state given as a value (`true`, `"true"`, `1`).
pub fn checked_of(value: &ScriptValue) -> bool {
    bool_of(value).unwrap_or_else(|| value.is_truthy())
}

/// The radio group of an element: its `name` (or custom `group`) property; radios without
/// one form a group with the radios among their siblings that have none either.
fn group_of(element: &ElementState) -> Option<String> {
    element
        .property("name")
        .or_else(|| element.property("group"))
        .filter(|v| !matches!(v, ScriptValue::Nil))
        .map(ScriptValue::to_string)
}

/// The other radios of `index`'s group, in tree order.
pub fn radio_group(tree: &ElementTree, index: u32) -> Vec<u32> {
    let Some(element) = tree.get(index) else { return Vec::new() };
    match group_of(element) {
        Some(group) => tree
            .elements()
            .iter()
            .filter(|e| e.index != index && InputKind::of(e) == InputKind::Radio)
            .filter(|e| group_of(e).as_deref() == Some(group.as_str()))
            .map(|e| e.index)
            .collect(),
        None => tree
            .siblings(index)
            .iter()
            .filter(|&&i| i != index)
            .filter(|&&i| {
                tree.get(i)
                    .is_some_and(|e| InputKind::of(e) == InputKind::Radio && group_of(e).is_none())
            })
            .copied()
            .collect(),
    }
}
