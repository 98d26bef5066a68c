//! [`ScriptValue`]: the values that cross between the runtime and the script VMs.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// The deepest a value may nest (an array in an array ... counts one level each), the same
/// limit as KRB values. Deeper values, and cyclic tables or objects, are refused when they are
/// converted out of a VM instead of overflowing the stack.
pub const MAX_DEPTH: usize = 128;

/// A value every VM can hold: the common ground of Lua, JavaScript and Python.
///
/// Maps keep their keys sorted, so converting a map, printing it or serialising it gives the
/// same result whatever order the script built it in.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(untagged)]
pub enum ScriptValue {
    /// Lua `nil`, JavaScript `null`/`undefined`, Python `None`.
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Array(Vec<ScriptValue>),
    Map(BTreeMap<String, ScriptValue>),
}

impl ScriptValue {
    /// The kind's name as error messages say it (`int`, `string`, ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            ScriptValue::Nil => "nil",
            ScriptValue::Bool(_) => "bool",
            ScriptValue::Int(_) => "int",
            ScriptValue::Float(_) => "float",
            ScriptValue::String(_) => "string",
            ScriptValue::Array(_) => "array",
            ScriptValue::Map(_) => "map",
        }
    }

    /// Whether the value counts as true in a condition: everything except `nil`, `false`,
    /// zero, NaN and the empty string.
    pub fn is_truthy(&self) -> bool {
        match self {
            ScriptValue::Nil => false,
            ScriptValue::Bool(b) => *b,
            ScriptValue::Int(i) => *i != 0,
            ScriptValue::Float(f) => *f != 0.0 && !f.is_nan(),
            ScriptValue::String(s) => !s.is_empty(),
            ScriptValue::Array(_) | ScriptValue::Map(_) => true,
        }
    }

    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            ScriptValue::Int(i) => Some(*i as f64),
            ScriptValue::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            ScriptValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// Equality that treats `Int(2)` and `Float(2.0)` as the same number, recursively (the
    /// languages disagree on whether a number is an integer).
    pub fn loosely_equals(&self, other: &ScriptValue) -> bool {
        match (self, other) {
            (ScriptValue::Int(a), ScriptValue::Float(b))
            | (ScriptValue::Float(b), ScriptValue::Int(a)) => (*a as f64) == *b,
            (ScriptValue::Array(a), ScriptValue::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.loosely_equals(y))
            }
            (ScriptValue::Map(a), ScriptValue::Map(b)) => {
                a.len() == b.len()
                    && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && va.loosely_equals(vb))
            }
            _ => self == other,
        }
    }

    /// How deep the value nests (a scalar is 1).
    pub fn depth(&self) -> usize {
        match self {
            ScriptValue::Array(items) => {
                1 + items.iter().map(ScriptValue::depth).max().unwrap_or(0)
            }
            ScriptValue::Map(map) => 1 + map.values().map(ScriptValue::depth).max().unwrap_or(0),
            _ => 1,
        }
    }
}

/// The value as text, the way a `$variable` in a template shows it: strings as they are,
/// `nil` as nothing, numbers in their shortest form (`2`, `0.5`), arrays and maps as JSON.
impl fmt::Display for ScriptValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptValue::Nil => Ok(()),
            ScriptValue::Bool(b) => write!(f, "{b}"),
            ScriptValue::Int(i) => write!(f, "{i}"),
            ScriptValue::Float(x) => write!(f, "{x}"),
            ScriptValue::String(s) => f.write_str(s),
            ScriptValue::Array(_) | ScriptValue::Map(_) => {
                f.write_str(&serde_json::to_string(self).map_err(|_| fmt::Error)?)
            }
        }
    }
}

impl From<bool> for ScriptValue {
    fn from(b: bool) -> ScriptValue {
        ScriptValue::Bool(b)
    }
}

impl From<i64> for ScriptValue {
    fn from(i: i64) -> ScriptValue {
        ScriptValue::Int(i)
    }
}

impl From<f64> for ScriptValue {
    fn from(x: f64) -> ScriptValue {
        ScriptValue::Float(x)
    }
}

impl From<&str> for ScriptValue {
    fn from(s: &str) -> ScriptValue {
        ScriptValue::String(s.to_string())
    }
}

impl From<String> for ScriptValue {
    fn from(s: String) -> ScriptValue {
        ScriptValue::String(s)
    }
}

impl From<Vec<ScriptValue>> for ScriptValue {
    fn from(items: Vec<ScriptValue>) -> ScriptValue {
        ScriptValue::Array(items)
    }
}

impl From<BTreeMap<String, ScriptValue>> for ScriptValue {
    fn from(map: BTreeMap<String, ScriptValue>) -> ScriptValue {
        ScriptValue::Map(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_template_shows_it() {
        assert_eq!(ScriptValue::Int(-3).to_string(), "-3");
        assert_eq!(ScriptValue::Float(2.0).to_string(), "2");
        assert_eq!(ScriptValue::Float(0.5).to_string(), "0.5");
        assert_eq!(ScriptValue::Nil.to_string(), "");
        let map = BTreeMap::from([("b".to_string(), 1i64.into()), ("a".to_string(), "x".into())]);
        assert_eq!(ScriptValue::Map(map).to_string(), r#"{"a":"x","b":1}"#);
    }

    #[test]
    fn numbers_compare_loosely() {
        assert!(ScriptValue::Int(2).loosely_equals(&ScriptValue::Float(2.0)));
        assert!(!ScriptValue::Int(2).loosely_equals(&ScriptValue::String("2".into())));
        let nested = ScriptValue::Array(vec![ScriptValue::Array(vec![ScriptValue::Nil])]);
        assert_eq!(nested.depth(), 3);
    }
}
