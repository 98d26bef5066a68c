//! [`ScriptValue`] ↔ Python objects.
//!
//! `None` is `Nil`; `bool` is checked before `int` (it is a subclass); an `int` beyond 64
//! bits cannot be shared; lists and tuples are arrays; dicts are maps (string keys; integer
//! keys are written as strings).

use std::collections::BTreeMap;

use rustpython_vm::builtins::{PyDict, PyFloat, PyInt, PyList, PyStr, PyTuple};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

use crate::value::{ScriptValue, MAX_DEPTH};

/// A Python object as a [`ScriptValue`]; an error for functions, objects of classes,
/// cyclic or too deeply nested containers and integers beyond 64 bits.
pub fn from_py(vm: &VirtualMachine, obj: &PyObject) -> Result<ScriptValue, String> {
    from_py_at(vm, obj, 1)
}

fn from_py_at(vm: &VirtualMachine, obj: &PyObject, depth: usize) -> Result<ScriptValue, String> {
    if vm.is_none(obj) {
        return Ok(ScriptValue::Nil);
    }
    if obj.is(&vm.ctx.true_value) {
        return Ok(ScriptValue::Bool(true));
    }
    if obj.is(&vm.ctx.false_value) {
        return Ok(ScriptValue::Bool(false));
    }
    if let Some(i) = obj.downcast_ref::<PyInt>() {
        return i
            .try_to_primitive::<i64>(vm)
            .map(ScriptValue::Int)
            .map_err(|_| "an int beyond 64 bits cannot be shared".to_string());
    }
    if let Some(f) = obj.downcast_ref::<PyFloat>() {
        return Ok(ScriptValue::Float(f.to_f64()));
    }
    if let Some(s) = obj.downcast_ref::<PyStr>() {
        return Ok(ScriptValue::String(s.to_string_lossy().into_owned()));
    }
    let nested = || {
        if depth >= MAX_DEPTH {
            Err(format!("a value nests more than {MAX_DEPTH} levels deep (or contains itself)"))
        } else {
            Ok(())
        }
    };
    if let Some(list) = obj.downcast_ref::<PyList>() {
        nested()?;
        let items: Vec<PyObjectRef> = list.borrow_vec().to_vec();
        return items
            .iter()
            .map(|item| from_py_at(vm, item, depth + 1))
            .collect::<Result<_, _>>()
            .map(ScriptValue::Array);
    }
    if let Some(tuple) = obj.downcast_ref::<PyTuple>() {
        nested()?;
        return tuple
            .iter()
            .map(|item| from_py_at(vm, item, depth + 1))
            .collect::<Result<_, _>>()
            .map(ScriptValue::Array);
    }
    if let Some(dict) = obj.downcast_ref::<PyDict>() {
        nested()?;
        let mut map = BTreeMap::new();
        for (k, v) in dict.items_vec() {
            let key = match from_py_at(vm, &k, depth + 1)? {
                ScriptValue::String(s) => s,
                ScriptValue::Int(i) => i.to_string(),
                other => {
                    return Err(format!("a dict key cannot be a {}", other.kind_name()));
                }
            };
            map.insert(key, from_py_at(vm, &v, depth + 1)?);
        }
        return Ok(ScriptValue::Map(map));
    }
    Err(format!("a Python {} cannot be shared", obj.class().name()))
}

/// A [`ScriptValue`] as a Python object.
pub fn to_py(vm: &VirtualMachine, value: &ScriptValue) -> PyResult<PyObjectRef> {
    Ok(match value {
        ScriptValue::Nil => vm.ctx.none(),
        ScriptValue::Bool(b) => vm.ctx.new_bool(*b).into(),
        ScriptValue::Int(i) => vm.ctx.new_int(*i).into(),
        ScriptValue::Float(f) => vm.ctx.new_float(*f).into(),
        ScriptValue::String(s) => vm.ctx.new_str(s.as_str()).into(),
        ScriptValue::Array(items) => {
            let items = items.iter().map(|v| to_py(vm, v)).collect::<PyResult<Vec<_>>>()?;
            vm.ctx.new_list(items).into()
        }
        ScriptValue::Map(map) => {
            let dict = vm.ctx.new_dict();
            for (k, v) in map {
                dict.set_item(k.as_str(), to_py(vm, v)?, vm)?;
            }
            dict.into()
        }
    })
}
