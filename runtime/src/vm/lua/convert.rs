//! [`ScriptValue`] ↔ Lua values.
//!
//! Lua has one table type: a table whose keys are exactly `1..=n` is an array, any other a
//! map (number keys become strings); the empty table is an empty array (a typed `object`
//! variable takes it as an empty map). Integers stay integers (`i64`), floats floats.

use std::collections::BTreeMap;

use mlua::{Lua, Table, Value};

use crate::value::{ScriptValue, MAX_DEPTH};

/// A Lua value as a [`ScriptValue`]; an error for functions, userdata, threads, cyclic or too
/// deeply nested tables and keys other than strings and numbers.
pub fn from_lua(value: &Value) -> Result<ScriptValue, String> {
    from_lua_at(value, 1)
}

fn from_lua_at(value: &Value, depth: usize) -> Result<ScriptValue, String> {
    Ok(match value {
        Value::Nil => ScriptValue::Nil,
        Value::Boolean(b) => ScriptValue::Bool(*b),
        Value::Integer(i) => ScriptValue::Int(*i),
        Value::Number(n) => ScriptValue::Float(*n),
        Value::String(s) => ScriptValue::String(s.to_string_lossy()),
        Value::Table(t) => {
            if depth >= MAX_DEPTH {
                return Err(format!(
                    "a table nests more than {MAX_DEPTH} levels deep (or contains itself)"
                ));
            }
            table(t, depth)?
        }
        other => return Err(format!("a Lua {} cannot be shared", other.type_name())),
    })
}

fn table(t: &Table, depth: usize) -> Result<ScriptValue, String> {
    let len = t.raw_len();
    let mut entries: Vec<(Value, Value)> = Vec::new();
    t.for_each(|k: Value, v: Value| {
        entries.push((k, v));
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    if entries.len() == len {
        // Every key is one of 1..=len: an array (or the empty table).
        let mut items = vec![ScriptValue::Nil; len];
        for (k, v) in &entries {
            if let Value::Integer(i) = k {
                if let Some(slot) = usize::try_from(*i).ok().and_then(|i| items.get_mut(i - 1)) {
                    *slot = from_lua_at(v, depth + 1)?;
                    continue;
                }
            }
            return map(entries, depth);
        }
        return Ok(ScriptValue::Array(items));
    }
    map(entries, depth)
}

fn map(entries: Vec<(Value, Value)>, depth: usize) -> Result<ScriptValue, String> {
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let key = match k {
            Value::String(s) => s.to_string_lossy(),
            Value::Integer(i) => i.to_string(),
            Value::Number(n) => n.to_string(),
            other => return Err(format!("a table key cannot be a {}", other.type_name())),
        };
        out.insert(key, from_lua_at(&v, depth + 1)?);
    }
    Ok(ScriptValue::Map(out))
}

/// A [`ScriptValue`] as a Lua value.
pub fn to_lua(lua: &Lua, value: &ScriptValue) -> mlua::Result<Value> {
    Ok(match value {
        ScriptValue::Nil => Value::Nil,
        ScriptValue::Bool(b) => Value::Boolean(*b),
        ScriptValue::Int(i) => Value::Integer(*i),
        ScriptValue::Float(f) => Value::Number(*f),
        ScriptValue::String(s) => Value::String(lua.create_string(s)?),
        ScriptValue::Array(items) => {
            let t = lua.create_table_with_capacity(items.len(), 0)?;
            for (i, item) in items.iter().enumerate() {
                t.raw_set(i + 1, to_lua(lua, item)?)?;
            }
            Value::Table(t)
        }
        ScriptValue::Map(map) => {
            let t = lua.create_table_with_capacity(0, map.len())?;
            for (k, v) in map {
                t.raw_set(k.as_str(), to_lua(lua, v)?)?;
            }
            Value::Table(t)
        }
    })
}
