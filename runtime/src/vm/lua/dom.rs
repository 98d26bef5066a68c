//! The DOM API in Lua: `getElementById(id)` returns an element userdata whose methods are
//! called with `:` (`el:setText("x")`) and whose fields read and write the same state
//! (`el.text = "x"`, `el.backgroundColor = "#f00"`); the document functions
//! (`querySelectorAll`, `getElementsByClass`, `alert`, ...) are globals and members of the
//! `kryon` table. Every call goes through [`DomHandle::call`] with the names of its tables.

use mlua::{
    AnyUserData, Function, Lua, MetaMethod, MultiValue, Table, UserData, UserDataMethods, Value,
};

use super::convert::{from_lua, to_lua};
use crate::dom::{DomHandle, Returns, DOCUMENT_FUNCTIONS, ELEMENT_METHODS};
use crate::value::ScriptValue;

const LANGUAGE: &str = "lua";

/// The registry key of the table holding the functions `addEventListener` was given.
const LISTENERS: &str = "kryon.listeners";

/// An element as Lua sees it.
struct LuaElement {
    index: u32,
    dom: DomHandle,
}

fn lua_err(message: String) -> mlua::Error {
    mlua::Error::runtime(message)
}

/// Script arguments, with element userdata passed as their index.
fn arguments(values: MultiValue) -> mlua::Result<Vec<ScriptValue>> {
    values
        .iter()
        .map(|v| match v {
            Value::UserData(ud) => match ud.borrow::<LuaElement>() {
                Ok(e) => Ok(ScriptValue::Int(e.index.into())),
                Err(_) => Err(lua_err("a userdata cannot be passed to the DOM API".into())),
            },
            other => from_lua(other).map_err(lua_err),
        })
        .collect()
}

/// A result as the method's table entry says: a value, an element or a list of elements.
fn result(lua: &Lua, dom: &DomHandle, returns: Returns, value: ScriptValue) -> mlua::Result<Value> {
    let element = |v: &ScriptValue| -> mlua::Result<Value> {
        match v {
            ScriptValue::Int(i) => Ok(Value::UserData(lua.create_userdata(LuaElement {
                index: u32::try_from(*i).unwrap_or(u32::MAX),
                dom: dom.clone(),
            })?)),
            _ => Ok(Value::Nil),
        }
    };
    match (returns, &value) {
        (Returns::Value, _) => to_lua(lua, &value),
        (Returns::Element, v) => element(v),
        (Returns::Elements, ScriptValue::Array(items)) => {
            let table = lua.create_table_with_capacity(items.len(), 0)?;
            for (i, item) in items.iter().enumerate() {
                table.raw_set(i + 1, element(item)?)?;
            }
            Ok(Value::Table(table))
        }
        (Returns::Elements, _) => Ok(Value::Table(lua.create_table()?)),
    }
}

/// Keeps a listener function and gives its slot.
fn keep_listener(lua: &Lua, function: Function) -> mlua::Result<i64> {
    let table: Table = lua.named_registry_value(LISTENERS)?;
    let slot = table.raw_len() as i64 + 1;
    table.raw_set(slot, function)?;
    Ok(slot)
}

/// The slot of a function kept earlier, for `removeEventListener`.
fn slot_of(lua: &Lua, function: &Function) -> mlua::Result<i64> {
    let table: Table = lua.named_registry_value(LISTENERS)?;
    for pair in table.pairs::<i64, Function>() {
        let (slot, kept) = pair?;
        if kept == *function {
            return Ok(slot);
        }
    }
    Ok(0)
}

impl UserData for LuaElement {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        for &(name, returns) in ELEMENT_METHODS {
            methods.add_method(name, move |lua, this, args: MultiValue| {
                let value = this
                    .dom
                    .call(LANGUAGE, name, Some(this.index), &arguments(args)?)
                    .map_err(lua_err)?;
                result(lua, &this.dom, returns, value)
            });
        }
        methods.add_method("addEventListener", |lua, this, (event, f): (String, Function)| {
            let slot = keep_listener(lua, f)?;
            let args = [ScriptValue::String(event), ScriptValue::Int(slot)];
            this.dom
                .call(LANGUAGE, "addEventListener", Some(this.index), &args)
                .map_err(lua_err)?;
            Ok(())
        });
        methods.add_method("removeEventListener", |lua, this, (event, f): (String, Function)| {
            let args = [ScriptValue::String(event), ScriptValue::Int(slot_of(lua, &f)?)];
            this.dom
                .call(LANGUAGE, "removeEventListener", Some(this.index), &args)
                .map_err(lua_err)?;
            Ok(())
        });
        // Fields: `el.text`, `el.visible`, `el.parent`, any property by name.
        methods.add_meta_method(MetaMethod::Index, |lua, this, name: String| {
            let args = [ScriptValue::String(name.clone())];
            let value =
                this.dom.call(LANGUAGE, "__get", Some(this.index), &args).map_err(lua_err)?;
            let returns = match name.as_str() {
                "parent" => Returns::Element,
                "children" => Returns::Elements,
                _ => Returns::Value,
            };
            result(lua, &this.dom, returns, value)
        });
        methods.add_meta_method(MetaMethod::NewIndex, |_, this, (name, value): (String, Value)| {
            let value = from_lua(&value).map_err(lua_err)?;
            let args = [ScriptValue::String(name), value];
            this.dom.call(LANGUAGE, "__set", Some(this.index), &args).map_err(lua_err)?;
            Ok(())
        });
        methods.add_meta_method(MetaMethod::Eq, |_, this, other: AnyUserData| {
            Ok(other.borrow::<LuaElement>().is_ok_and(|o| o.index == this.index))
        });
        methods.add_meta_method(MetaMethod::ToString, |_, this, ()| {
            let tree = this.dom.tree();
            Ok(match tree.get(this.index) {
                Some(e) => match &e.id {
                    Some(id) => format!("{}#{id}", e.type_name),
                    None => format!("{}[{}]", e.type_name, this.index),
                },
                None => format!("element[{}]", this.index),
            })
        });
    }
}

/// Installs the document functions as globals and in the `kryon` table (the prelude adds the
/// variable functions to it), and `__kry_listener(slot, event)`, through which the runtime
/// calls a listener.
pub fn install(lua: &Lua, dom: &DomHandle) -> mlua::Result<()> {
    let globals = lua.globals();
    let kryon = lua.create_table()?;
    for &(name, returns) in DOCUMENT_FUNCTIONS {
        let handle = dom.clone();
        let function = lua.create_function(move |lua, args: MultiValue| {
            let value = handle.call(LANGUAGE, name, None, &arguments(args)?).map_err(lua_err)?;
            result(lua, &handle, returns, value)
        })?;
        globals.raw_set(name, &function)?;
        kryon.raw_set(name, function)?;
    }
    lua.set_named_registry_value(LISTENERS, lua.create_table()?)?;
    let handle = dom.clone();
    let listen = lua.create_function(move |lua, (event, f): (String, Function)| {
        let slot = keep_listener(lua, f)?;
        let args = [ScriptValue::String(event), ScriptValue::Int(slot)];
        handle.call(LANGUAGE, "addEventListener", None, &args).map_err(lua_err)?;
        Ok(())
    })?;
    globals.raw_set("addEventListener", &listen)?;
    kryon.raw_set("addEventListener", listen)?;
    globals.raw_set("kryon", kryon)?;
    let call_listener = lua.create_function(|lua, (slot, event): (i64, Value)| {
        let table: Table = lua.named_registry_value(LISTENERS)?;
        match table.raw_get::<Value>(slot)? {
            Value::Function(f) => f.call::<Value>(event),
            _ => Ok(Value::Nil),
        }
    })?;
    globals.raw_set("__kry_listener", call_listener)?;
    // `print` goes to the runtime's output, never to the process's standard output; the
    // prelude joins the arguments with `tostring`.
    let handle = dom.clone();
    let emit = lua.create_function(move |_, line: String| handle.print(line).map_err(lua_err))?;
    globals.raw_set("__kry_print", emit)
}
