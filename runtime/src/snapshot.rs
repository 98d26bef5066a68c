//! [`Snapshot`]: the runtime's state for a headless host and for tests, serialisable as
//! `{"variables": {...}, "elements": [...], "errors": [...]}`.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::error::ScriptError;
use crate::runtime::Runtime;
use crate::value::ScriptValue;

/// Variables, elements and errors at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// Every shared variable, in declaration order (a JSON object keeps that order).
    pub variables: OrderedMap,
    /// Every element in pre-order.
    pub elements: Vec<ElementSnapshot>,
    /// Script errors so far, oldest first.
    pub errors: Vec<ScriptError>,
}

/// Name–value pairs serialised as a JSON object in their order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderedMap(pub Vec<(String, ScriptValue)>);

impl Serialize for OrderedMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One element as the host shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementSnapshot {
    pub index: u32,
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub type_name: String,
    pub parent: Option<u32>,
    pub text: Option<String>,
    pub visible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub styles: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
    /// The properties scripts or bindings changed since loading (text, visibility and checked
    /// state have their own fields).
    #[serde(skip_serializing_if = "is_empty")]
    pub changed_properties: OrderedMap,
}

fn is_empty(map: &OrderedMap) -> bool {
    map.0.is_empty()
}

impl Snapshot {
    pub fn new(runtime: &Runtime) -> Snapshot {
        let variables =
            runtime.variables().iter().map(|v| (v.name.clone(), v.value.clone())).collect();
        let elements = runtime
            .tree()
            .elements()
            .iter()
            .map(|e| ElementSnapshot {
                index: e.index,
                id: e.id.clone(),
                type_name: e.type_name.to_string(),
                parent: e.parent,
                text: e.text.clone(),
                visible: e.visible,
                checked: e.checked,
                styles: e.styles.clone(),
                disabled: e.disabled,
                changed_properties: OrderedMap(
                    e.changed_properties().map(|p| (p.name.to_string(), p.value.clone())).collect(),
                ),
            })
            .collect();
        Snapshot { variables: OrderedMap(variables), elements, errors: runtime.errors().to_vec() }
    }
}
