//! [`ScriptValue`] ↔ Wren slots.
//!
//! Wren numbers are doubles: an `Int` within ±2⁵³ is exact; a larger one becomes the
//! nearest double. A whole number within ±2⁵³ comes back as an `Int` (so `Float(2.0)` comes
//! back as `Int(2)`; typed variables convert it back), any other number as a `Float`.
//! Strings must be UTF-8 to leave the VM. Maps come out through the prelude's `enc_` (a list
//! led by a `KryTag_`), since Wren's C API cannot list a map's keys; map keys must be
//! strings.

use std::collections::BTreeMap;
use std::ffi::c_int;

use wren_sys::*;

use super::prelude::tags;
use crate::value::{ScriptValue, MAX_DEPTH};

/// The largest integer a double holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Slots [`write`] and [`read`] may use above the slot they are given.
pub const SCRATCH_SLOTS: c_int = 2 * MAX_DEPTH as c_int + 8;

/// A Wren number as a [`ScriptValue`].
pub fn number(n: f64) -> ScriptValue {
    if n.is_finite() && n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        ScriptValue::Int(n as i64)
    } else {
        ScriptValue::Float(n)
    }
}

/// Writes `value` into `slot`, using the slots above it as scratch space.
///
/// # Safety
/// `vm` is a live VM with at least `slot + SCRATCH_SLOTS` slots.
pub unsafe fn write(vm: *mut WrenVM, slot: c_int, value: &ScriptValue) -> Result<(), String> {
    write_at(vm, slot, value, 0)
}

unsafe fn write_at(
    vm: *mut WrenVM,
    slot: c_int,
    value: &ScriptValue,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("a value nests more than {MAX_DEPTH} levels deep"));
    }
    match value {
        ScriptValue::Nil => wrenSetSlotNull(vm, slot),
        ScriptValue::Bool(b) => wrenSetSlotBool(vm, slot, *b),
        ScriptValue::Int(i) => wrenSetSlotDouble(vm, slot, *i as f64),
        ScriptValue::Float(f) => wrenSetSlotDouble(vm, slot, *f),
        ScriptValue::String(s) => wrenSetSlotBytes(vm, slot, s.as_ptr().cast(), s.len()),
        ScriptValue::Array(items) => {
            wrenSetSlotNewList(vm, slot);
            for item in items {
                write_at(vm, slot + 1, item, depth + 1)?;
                wrenInsertInList(vm, slot, -1, slot + 1);
            }
        }
        ScriptValue::Map(map) => {
            wrenSetSlotNewMap(vm, slot);
            for (key, item) in map {
                wrenSetSlotBytes(vm, slot + 1, key.as_ptr().cast(), key.len());
                write_at(vm, slot + 2, item, depth + 1)?;
                wrenSetMapValue(vm, slot, slot + 1, slot + 2);
            }
        }
    }
    Ok(())
}

/// Reads the (encoded, see the module docs) value in `slot`, using the slots above it.
///
/// # Safety
/// `vm` is a live VM with at least `slot + SCRATCH_SLOTS` slots.
pub unsafe fn read(vm: *mut WrenVM, slot: c_int) -> Result<ScriptValue, String> {
    read_at(vm, slot, 0)
}

/// The kind of the `KryTag_` in `slot`, if it holds one.
///
/// # Safety
/// As [`read`].
pub unsafe fn tag(vm: *mut WrenVM, slot: c_int) -> Option<u8> {
    if wrenGetSlotType(vm, slot) != WrenType_WREN_TYPE_FOREIGN {
        return None;
    }
    let data = wrenGetSlotForeign(vm, slot) as *const u8;
    (!data.is_null()).then(|| *data)
}

unsafe fn string(vm: *mut WrenVM, slot: c_int) -> Result<String, String> {
    let mut len: c_int = 0;
    let ptr = wrenGetSlotBytes(vm, slot, &mut len);
    if ptr.is_null() || len <= 0 {
        return Ok(String::new());
    }
    let bytes = std::slice::from_raw_parts(ptr as *const u8, len as usize);
    String::from_utf8(bytes.to_vec())
        .map_err(|_| "a string that is not UTF-8 cannot be shared".to_string())
}

unsafe fn read_at(vm: *mut WrenVM, slot: c_int, depth: usize) -> Result<ScriptValue, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "a value nests more than {MAX_DEPTH} levels deep (or contains itself)"
        ));
    }
    #[allow(non_upper_case_globals)]
    Ok(match wrenGetSlotType(vm, slot) {
        WrenType_WREN_TYPE_NULL => ScriptValue::Nil,
        WrenType_WREN_TYPE_BOOL => ScriptValue::Bool(wrenGetSlotBool(vm, slot)),
        WrenType_WREN_TYPE_NUM => number(wrenGetSlotDouble(vm, slot)),
        WrenType_WREN_TYPE_STRING => ScriptValue::String(string(vm, slot)?),
        WrenType_WREN_TYPE_LIST => {
            let count = wrenGetListCount(vm, slot).max(0);
            let item = slot + 1;
            let first = if count > 0 {
                wrenGetListElement(vm, slot, 0, item);
                tag(vm, item)
            } else {
                None
            };
            match first {
                Some(tags::MAP) => {
                    let mut map = BTreeMap::new();
                    let mut i = 1;
                    while i + 1 < count {
                        wrenGetListElement(vm, slot, i, item);
                        if wrenGetSlotType(vm, item) != WrenType_WREN_TYPE_STRING {
                            return Err(
                                "a map with a key that is not a string cannot be shared".into()
                            );
                        }
                        let key = string(vm, item)?;
                        wrenGetListElement(vm, slot, i + 1, item);
                        map.insert(key, read_at(vm, item, depth + 1)?);
                        i += 2;
                    }
                    ScriptValue::Map(map)
                }
                Some(tags::OPAQUE) => {
                    let name = if count > 1 {
                        wrenGetListElement(vm, slot, 1, item);
                        string(vm, item).unwrap_or_default()
                    } else {
                        String::new()
                    };
                    return Err(format!("a Wren {name} cannot leave the VM"));
                }
                Some(_) => return Err("a Wren object cannot leave the VM".into()),
                None => {
                    let mut items = Vec::with_capacity(count as usize);
                    for i in 0..count {
                        wrenGetListElement(vm, slot, i, item);
                        items.push(read_at(vm, item, depth + 1)?);
                    }
                    ScriptValue::Array(items)
                }
            }
        }
        WrenType_WREN_TYPE_MAP => {
            return Err("a Wren map must go through the prelude to leave the VM".into())
        }
        _ => return Err("a Wren object cannot leave the VM".into()),
    })
}

/// `value` as it comes back out of Wren (numbers through doubles, see the module docs): what
/// the VM holds after the runtime pushes `value` in.
pub fn round_trip(value: &ScriptValue) -> ScriptValue {
    match value {
        ScriptValue::Int(i) => number(*i as f64),
        ScriptValue::Float(f) => number(*f),
        ScriptValue::Array(items) => ScriptValue::Array(items.iter().map(round_trip).collect()),
        ScriptValue::Map(map) => {
            ScriptValue::Map(map.iter().map(|(k, v)| (k.clone(), round_trip(v))).collect())
        }
        other => other.clone(),
    }
}

/// Reads a string, number, boolean or null from `slot` without using any other slot.
///
/// # Safety
/// `vm` is a live VM and `slot` one of its slots.
pub unsafe fn read_scalar(vm: *mut WrenVM, slot: c_int) -> Result<ScriptValue, String> {
    #[allow(non_upper_case_globals)]
    match wrenGetSlotType(vm, slot) {
        WrenType_WREN_TYPE_NULL
        | WrenType_WREN_TYPE_BOOL
        | WrenType_WREN_TYPE_NUM
        | WrenType_WREN_TYPE_STRING => read_at(vm, slot, 0),
        _ => Err("a DOM argument must be a string, number, boolean, null or element".into()),
    }
}

/// Writes `value` into `slot` without using any other slot: a scalar as itself, a list or map
/// as a string the prelude's `KryDec_` decodes (byte 1, then [`encode`]).
///
/// # Safety
/// `vm` is a live VM and `slot` one of its slots.
pub unsafe fn write_scalar_or_encoded(vm: *mut WrenVM, slot: c_int, value: &ScriptValue) {
    match value {
        ScriptValue::Array(_) | ScriptValue::Map(_) => {
            let mut text = String::from("\u{1}");
            encode(value, &mut text);
            wrenSetSlotBytes(vm, slot, text.as_ptr().cast(), text.len());
        }
        // Scalars use no scratch slot.
        scalar => {
            let _ = write_at(vm, slot, scalar, 0);
        }
    }
}

/// The text form `KryDec_` reads: `n`, `t`, `f`, `#<number>;`, `s<bytes>;<text>`,
/// `l<count>;<items>`, `m<count>;<key><value>...`.
pub fn encode(value: &ScriptValue, out: &mut String) {
    use std::fmt::Write;
    match value {
        ScriptValue::Nil => out.push('n'),
        ScriptValue::Bool(true) => out.push('t'),
        ScriptValue::Bool(false) => out.push('f'),
        ScriptValue::Int(i) => {
            let _ = write!(out, "#{i};");
        }
        ScriptValue::Float(f) if f.is_finite() => {
            let _ = write!(out, "#{f:e};");
        }
        ScriptValue::Float(f) => {
            let text = if f.is_nan() {
                "nan"
            } else if *f > 0.0 {
                "infinity"
            } else {
                "-infinity"
            };
            let _ = write!(out, "#{text};");
        }
        ScriptValue::String(s) => {
            let _ = write!(out, "s{};{s}", s.len());
        }
        ScriptValue::Array(items) => {
            let _ = write!(out, "l{};", items.len());
            items.iter().for_each(|item| encode(item, out));
        }
        ScriptValue::Map(map) => {
            let _ = write!(out, "m{};", map.len());
            for (k, v) in map {
                encode(&ScriptValue::String(k.clone()), out);
                encode(v, out);
            }
        }
    }
}
