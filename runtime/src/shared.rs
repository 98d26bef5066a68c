//! [`SharedScriptData`]: the one variable store every VM and every binding sees.
//!
//! Variables come from the KRB's variables section, in declaration order, each with its
//! declared type. Writes are checked against that type (an `int` variable accepts `3` and
//! `3.0` but not `0.5` or `"3"`), so the store, not any one VM, is the authority on a
//! variable's value.

use std::collections::HashMap;

use krb_format::{Document, Unit, VarType};
use serde::Serialize;

use crate::eval;
use crate::value::ScriptValue;

/// A shared variable.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedVariable {
    pub name: String,
    pub ty: VarType,
    /// The unit of a `length` variable (`px`, `%`, ...); shown after its number in templates.
    pub unit: Unit,
    pub value: ScriptValue,
}

/// One variable that changed, as change listeners see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableChange {
    pub name: String,
    /// The variable's index in declaration order.
    pub index: usize,
    pub old: ScriptValue,
    pub new: ScriptValue,
    /// The language whose script made the change, or `None` for the host.
    pub source: Option<&'static str>,
}

/// Told about every batch of variable changes, after the VMs and the bindings have them.
pub trait ChangeListener {
    fn variables_changed(&mut self, changes: &[VariableChange]);
}

impl<F: FnMut(&[VariableChange])> ChangeListener for F {
    fn variables_changed(&mut self, changes: &[VariableChange]) {
        self(changes)
    }
}

/// The shared variables, their change listeners and the type rules for writes. The template
/// engine ([`crate::TemplateEngine`]) and the cross-VM sync in [`crate::Runtime`] work on it.
#[derive(Default)]
pub struct SharedScriptData {
    variables: Vec<SharedVariable>,
    index: HashMap<String, usize>,
    listeners: Vec<Box<dyn ChangeListener>>,
}

impl std::fmt::Debug for SharedScriptData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedScriptData")
            .field("variables", &self.variables)
            .field("listeners", &self.listeners.len())
            .finish()
    }
}

impl SharedScriptData {
    /// The store initialised from the document's variables section. An initial value that
    /// refers to earlier variables is evaluated against them.
    pub fn from_document(doc: &Document) -> SharedScriptData {
        let mut data = SharedScriptData {
            variables: Vec::with_capacity(doc.variables.len()),
            index: HashMap::with_capacity(doc.variables.len()),
            listeners: Vec::new(),
        };
        for v in &doc.variables {
            let name = doc.str(v.name).to_string();
            let (value, unit) = match &v.initial {
                krb_format::Value::Int { value, unit } => (ScriptValue::Int(*value), *unit),
                krb_format::Value::Float { value, unit } => (ScriptValue::Float(*value), *unit),
                other => (eval::evaluate(doc, other, &data), Unit::None),
            };
            let value = coerce(v.ty, value).unwrap_or_else(|_| default_of(v.ty));
            if !data.index.contains_key(&name) {
                data.index.insert(name.clone(), data.variables.len());
            }
            data.variables.push(SharedVariable { name, ty: v.ty, unit, value });
        }
        data
    }

    /// The variables in declaration order.
    pub fn variables(&self) -> &[SharedVariable] {
        &self.variables
    }

    /// The names in declaration order.
    pub fn names(&self) -> Vec<String> {
        self.variables.iter().map(|v| v.name.clone()).collect()
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn get(&self, name: &str) -> Option<&ScriptValue> {
        self.index_of(name).map(|i| &self.variables[i].value)
    }

    pub fn variable(&self, index: usize) -> Option<&SharedVariable> {
        self.variables.get(index)
    }

    /// Sets a variable after checking the value against its type. Returns the value as stored
    /// (a `3.0` written to an `int` is stored as `3`) and the old value, or `None` when the
    /// value did not change; an error message when the type forbids the value or no variable
    /// has the name.
    pub fn set(
        &mut self,
        name: &str,
        value: ScriptValue,
    ) -> Result<Option<(usize, ScriptValue)>, String> {
        let Some(index) = self.index_of(name) else {
            return Err(format!("no shared variable is named `{name}`"));
        };
        let var = &mut self.variables[index];
        let value = coerce(var.ty, value).map_err(|found| {
            let ty = var.ty.name();
            let article = if ty.starts_with(['a', 'i', 'o']) { "an" } else { "a" };
            format!("`{name}` is {article} {ty} variable; it cannot hold {found}")
        })?;
        if var.value == value {
            return Ok(None);
        }
        let old = std::mem::replace(&mut var.value, value);
        Ok(Some((index, old)))
    }

    pub fn add_listener(&mut self, listener: Box<dyn ChangeListener>) {
        self.listeners.push(listener);
    }

    /// Moves `other`'s listeners here (a reloaded app keeps its host's listeners).
    pub(crate) fn take_listeners(&mut self, other: &mut SharedScriptData) {
        self.listeners.append(&mut other.listeners);
    }

    /// Tells every listener about a batch of changes.
    pub fn notify(&mut self, changes: &[VariableChange]) {
        if changes.is_empty() {
            return;
        }
        for listener in &mut self.listeners {
            listener.variables_changed(changes);
        }
    }
}

/// Looks up a variable path (`count`, `user.name`, `items.0`) for bound values: a map field
/// by name, an array item by index. Length variables with a unit read as text (`10px`), the
/// way a property shows them.
impl eval::Variables for SharedScriptData {
    fn lookup(&self, path: &str) -> ScriptValue {
        let mut parts = path.split('.');
        let Some(var) = parts.next().and_then(|head| self.index_of(head)) else {
            return ScriptValue::Nil;
        };
        let var = &self.variables[var];
        let mut value = &var.value;
        let mut nested = false;
        for part in parts {
            nested = true;
            value = match value {
                ScriptValue::Map(map) => match map.get(part) {
                    Some(v) => v,
                    None => return ScriptValue::Nil,
                },
                ScriptValue::Array(items) => {
                    match part.parse::<usize>().ok().and_then(|i| items.get(i)) {
                        Some(v) => v,
                        None => return ScriptValue::Nil,
                    }
                }
                _ => return ScriptValue::Nil,
            };
        }
        match (var.ty, var.unit, nested) {
            (VarType::Length, unit, false) if unit != Unit::None => {
                ScriptValue::String(format!("{}{}", value, unit.as_str()))
            }
            _ => value.clone(),
        }
    }
}

/// The value a variable of type `ty` holds when its initial value does not fit the type.
fn default_of(ty: VarType) -> ScriptValue {
    match ty {
        VarType::Int | VarType::Length => ScriptValue::Int(0),
        VarType::Float => ScriptValue::Float(0.0),
        VarType::String => ScriptValue::String(String::new()),
        VarType::Bool => ScriptValue::Bool(false),
        VarType::Color => ScriptValue::String("#00000000".into()),
        VarType::Array => ScriptValue::Array(Vec::new()),
        VarType::Object => ScriptValue::Map(Default::default()),
    }
}

/// Checks a value against a variable type, converting where the languages disagree about
/// representation (whole floats for ints, empty tables for arrays and maps, colour numbers)
/// and where 2025 apps relied on every variable being text: a string `"42"` written to a
/// number variable is the number, `"true"`/`"false"` to a bool variable the bool, and a
/// number or bool written to a string variable its text. The error describes what was found
/// (`the float 0.5`).
pub fn coerce(ty: VarType, value: ScriptValue) -> Result<ScriptValue, String> {
    use ScriptValue as V;
    let found = |v: &ScriptValue| match v {
        V::Nil => "nil".to_string(),
        V::String(s) => format!("the string {s:?}"),
        V::Array(_) | V::Map(_) => format!("an {}", v.kind_name()),
        other => format!("the {} {other}", other.kind_name()),
    };
    match (ty, value) {
        (VarType::Int, V::Int(i)) => Ok(V::Int(i)),
        (VarType::Int, V::Float(f)) => whole(f).map(V::Int).ok_or_else(|| found(&V::Float(f))),
        (VarType::Int, V::String(s)) => match number_text(&s) {
            Some(V::Int(i)) => Ok(V::Int(i)),
            Some(V::Float(f)) => whole(f).map(V::Int).ok_or_else(|| found(&V::String(s))),
            _ => Err(found(&V::String(s))),
        },
        (VarType::Float, V::Int(i)) => Ok(V::Float(i as f64)),
        (VarType::Float, V::Float(f)) => Ok(V::Float(f)),
        (VarType::Float, V::String(s)) => match number_text(&s).and_then(|n| n.as_f64()) {
            Some(f) => Ok(V::Float(f)),
            None => Err(found(&V::String(s))),
        },
        (VarType::Length, v @ (V::Int(_) | V::Float(_))) => Ok(v),
        (VarType::Length, V::String(s)) => number_text(&s).ok_or_else(|| found(&V::String(s))),
        (VarType::String, V::String(s)) => Ok(V::String(s)),
        (VarType::String, v @ (V::Int(_) | V::Float(_) | V::Bool(_))) => {
            Ok(V::String(v.to_string()))
        }
        (VarType::Bool, V::Bool(b)) => Ok(V::Bool(b)),
        (VarType::Bool, V::String(s)) if matches!(s.trim(), "true" | "false") => {
            Ok(V::Bool(s.trim() == "true"))
        }
        (VarType::Color, V::Int(i)) if (0..=u32::MAX as i64).contains(&i) => {
            Ok(V::String(format!("#{i:08x}")))
        }
        (VarType::Color, V::String(s)) => match kryon_registry::colors::parse_color(&s) {
            Ok(rgba) => Ok(V::String(format!("#{rgba:08x}"))),
            Err(_) => Err(found(&V::String(s))),
        },
        (VarType::Array, V::Array(items)) => Ok(V::Array(items)),
        (VarType::Array, V::Map(map)) if map.is_empty() => Ok(V::Array(Vec::new())),
        (VarType::Object, V::Map(map)) => Ok(V::Map(map)),
        (VarType::Object, V::Array(items)) if items.is_empty() => Ok(V::Map(Default::default())),
        (_, other) => Err(found(&other)),
    }
}

/// A float that is a whole number in `i64`'s range.
fn whole(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

/// A number written as text (`"42"`, `" -3.5 "`): an int when it has no fraction or exponent.
pub(crate) fn number_text(text: &str) -> Option<ScriptValue> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(ScriptValue::Int(i));
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite()).map(ScriptValue::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_accept_whole_floats_only() {
        assert_eq!(coerce(VarType::Int, ScriptValue::Float(3.0)), Ok(ScriptValue::Int(3)));
        assert!(coerce(VarType::Int, ScriptValue::Float(0.5)).is_err());
        assert_eq!(coerce(VarType::Int, ScriptValue::String("3".into())), Ok(ScriptValue::Int(3)));
        assert!(coerce(VarType::Int, ScriptValue::String("3.5".into())).is_err());
        assert!(coerce(VarType::Int, ScriptValue::String("three".into())).is_err());
        assert!(coerce(VarType::Int, ScriptValue::Nil).is_err());
        assert!(coerce(VarType::Int, ScriptValue::Float(f64::NAN)).is_err());
        assert!(coerce(VarType::Int, ScriptValue::Float(1e300)).is_err());
    }

    #[test]
    fn colours_normalise() {
        let c = |s: &str| coerce(VarType::Color, ScriptValue::String(s.into()));
        assert_eq!(c("#f00"), Ok(ScriptValue::String("#ff0000ff".into())));
        assert_eq!(c("#11223344"), Ok(ScriptValue::String("#11223344".into())));
        assert_eq!(c("#abcdef"), Ok(ScriptValue::String("#abcdefff".into())));
        assert_eq!(c("red"), Ok(ScriptValue::String("#ff0000ff".into())));
        assert!(c("reddish").is_err());
        assert!(c("#ééé").is_err());
        assert_eq!(
            coerce(VarType::Color, ScriptValue::Int(0x11223344)),
            Ok(ScriptValue::String("#11223344".into()))
        );
    }

    #[test]
    fn text_converts_the_2025_way() {
        let s = |s: &str| ScriptValue::String(s.into());
        assert_eq!(coerce(VarType::Bool, s("true")), Ok(ScriptValue::Bool(true)));
        assert_eq!(coerce(VarType::Bool, s("false")), Ok(ScriptValue::Bool(false)));
        assert!(coerce(VarType::Bool, s("yes")).is_err());
        assert_eq!(coerce(VarType::Float, s("2.5")), Ok(ScriptValue::Float(2.5)));
        assert_eq!(coerce(VarType::Float, s("42")), Ok(ScriptValue::Float(42.0)));
        assert_eq!(coerce(VarType::Int, s(" 42 ")), Ok(ScriptValue::Int(42)));
        assert_eq!(coerce(VarType::Int, s("1e3")), Ok(ScriptValue::Int(1000)));
        assert!(coerce(VarType::Float, s("inf")).is_err());
        assert_eq!(coerce(VarType::String, ScriptValue::Int(5)), Ok(s("5")));
        assert_eq!(coerce(VarType::String, ScriptValue::Bool(true)), Ok(s("true")));
        assert!(coerce(VarType::String, ScriptValue::Nil).is_err());
    }

    #[test]
    fn empty_tables_fit_arrays_and_maps() {
        assert_eq!(
            coerce(VarType::Object, ScriptValue::Array(vec![])),
            Ok(ScriptValue::Map(Default::default()))
        );
        assert_eq!(
            coerce(VarType::Array, ScriptValue::Map(Default::default())),
            Ok(ScriptValue::Array(vec![]))
        );
    }
}
