//! [`ScriptValue`] ↔ JavaScript values.
//!
//! JavaScript numbers are doubles: an `Int` within ±2⁵³ becomes a number, a larger one a
//! BigInt (so `i64::MAX` survives the round trip); a BigInt that fits 64 bits comes back as
//! an `Int`, and so does a whole number within ±2⁵³ (so `Float(2.0)` comes back as `Int(2)`;
//! typed variables convert it back). `undefined` and `null` are `Nil`; plain objects are maps of their own
//! enumerable string keys.

use std::collections::BTreeMap;

use rquickjs::{Array, BigInt, Ctx, Object, Type, Value};

use crate::value::{ScriptValue, MAX_DEPTH};

/// The largest integer a double holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// A JavaScript value as a [`ScriptValue`]; an error for functions, symbols, cyclic or too
/// deeply nested objects and BigInts beyond 64 bits.
pub fn from_js(value: &Value<'_>) -> Result<ScriptValue, String> {
    from_js_at(value, 1)
}

fn from_js_at(value: &Value<'_>, depth: usize) -> Result<ScriptValue, String> {
    let nested = || {
        if depth >= MAX_DEPTH {
            Err(format!("a value nests more than {MAX_DEPTH} levels deep (or contains itself)"))
        } else {
            Ok(())
        }
    };
    Ok(match value.type_of() {
        Type::Uninitialized | Type::Undefined | Type::Null => ScriptValue::Nil,
        Type::Bool => ScriptValue::Bool(value.as_bool().unwrap_or(false)),
        Type::Int => ScriptValue::Int(value.as_int().map_or(0, i64::from)),
        Type::Float => number(value.as_float().unwrap_or(f64::NAN)),
        Type::String => match value.as_string() {
            Some(s) => ScriptValue::String(s.to_string().map_err(|e| e.to_string())?),
            None => ScriptValue::Nil,
        },
        Type::BigInt => match value.as_big_int() {
            Some(b) => ScriptValue::Int(
                b.clone().to_i64().map_err(|_| "a BigInt beyond 64 bits cannot be shared")?,
            ),
            None => ScriptValue::Nil,
        },
        Type::Array => {
            nested()?;
            let Some(array) = value.as_array() else { return Ok(ScriptValue::Nil) };
            let mut items = Vec::with_capacity(array.len());
            for item in array.iter::<Value>() {
                items.push(from_js_at(&item.map_err(|e| e.to_string())?, depth + 1)?);
            }
            ScriptValue::Array(items)
        }
        Type::Object => {
            nested()?;
            let Some(object) = value.as_object() else { return Ok(ScriptValue::Nil) };
            let mut map = BTreeMap::new();
            for prop in object.props::<String, Value>() {
                let (k, v) = prop.map_err(|e| e.to_string())?;
                map.insert(k, from_js_at(&v, depth + 1)?);
            }
            ScriptValue::Map(map)
        }
        other => return Err(format!("a JavaScript {} cannot be shared", other.as_str())),
    })
}

/// A JavaScript number: whole numbers a double holds exactly are `Int` (JavaScript has no
/// separate integer type, and QuickJS stores the same number either way), others `Float`.
fn number(f: f64) -> ScriptValue {
    let whole = f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER as f64;
    if whole && !(f == 0.0 && f.is_sign_negative()) {
        ScriptValue::Int(f as i64)
    } else {
        ScriptValue::Float(f)
    }
}

/// A [`ScriptValue`] as a JavaScript value.
pub fn to_js<'js>(ctx: &Ctx<'js>, value: &ScriptValue) -> rquickjs::Result<Value<'js>> {
    Ok(match value {
        ScriptValue::Nil => Value::new_null(ctx.clone()),
        ScriptValue::Bool(b) => Value::new_bool(ctx.clone(), *b),
        ScriptValue::Int(i) => match i32::try_from(*i) {
            Ok(small) => Value::new_int(ctx.clone(), small),
            Err(_) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i) => {
                Value::new_float(ctx.clone(), *i as f64)
            }
            Err(_) => BigInt::from_i64(ctx.clone(), *i)?.into_value(),
        },
        ScriptValue::Float(f) => Value::new_float(ctx.clone(), *f),
        ScriptValue::String(s) => rquickjs::String::from_str(ctx.clone(), s)?.into_value(),
        ScriptValue::Array(items) => {
            let array = Array::new(ctx.clone())?;
            for (i, item) in items.iter().enumerate() {
                array.set(i, to_js(ctx, item)?)?;
            }
            array.into_value()
        }
        ScriptValue::Map(map) => {
            let object = Object::new(ctx.clone())?;
            for (k, v) in map {
                object.set(k.as_str(), to_js(ctx, v)?)?;
            }
            object.into_value()
        }
    })
}
