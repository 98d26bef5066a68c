//! The DOM API in Lua: `getElementById(id)` returns an element userdata whose methods are
//! called with `:` (`el:setText("x")`) and whose `text`, `visible` and `checked` fields read
//! and write the same state (`el.text = "x"`).

use mlua::{Lua, UserData, UserDataFields, UserDataMethods, Value};

use super::convert::{from_lua, to_lua};
use crate::dom::DomHandle;

/// An element as Lua sees it.
struct LuaElement {
    index: u32,
    dom: DomHandle,
}

fn lua_err(message: String) -> mlua::Error {
    mlua::Error::runtime(message)
}

/// A Lua value as text (`setText(5)` shows `5`).
fn text_of(value: &Value) -> mlua::Result<String> {
    Ok(from_lua(value).map_err(lua_err)?.to_string())
}

impl UserData for LuaElement {
    /// `el.text`, `el.visible` and `el.checked` read and write like the methods (the 2025
    /// apps' spelling: `display.text = calc.display`).
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        fields.add_field_method_get("text", |_, this| this.dom.text(this.index).map_err(lua_err));
        fields.add_field_method_set("text", |_, this, text: Value| {
            this.dom.set_text(this.index, text_of(&text)?).map_err(lua_err)
        });
        fields.add_field_method_get("visible", |_, this| {
            this.dom.visible(this.index).map_err(lua_err)
        });
        fields.add_field_method_set("visible", |_, this, visible: Value| {
            let visible = from_lua(&visible).map_err(lua_err)?.is_truthy();
            this.dom.set_visible(this.index, visible).map_err(lua_err)
        });
        fields.add_field_method_get("checked", |_, this| {
            this.dom.checked(this.index).map_err(lua_err)
        });
        fields.add_field_method_set("checked", |_, this, checked: Value| {
            let checked = from_lua(&checked).map_err(lua_err)?.is_truthy();
            this.dom.set_checked(this.index, checked).map_err(lua_err)
        });
    }

    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("setText", |_, this, text: Value| {
            this.dom.set_text(this.index, text_of(&text)?).map_err(lua_err)
        });
        methods.add_method("getText", |_, this, ()| this.dom.text(this.index).map_err(lua_err));
        methods.add_method("setVisible", |_, this, visible: Value| {
            let visible = from_lua(&visible).map_err(lua_err)?.is_truthy();
            this.dom.set_visible(this.index, visible).map_err(lua_err)
        });
        methods
            .add_method("getVisible", |_, this, ()| this.dom.visible(this.index).map_err(lua_err));
        methods.add_method("setProperty", |_, this, (name, value): (String, Value)| {
            let value = from_lua(&value).map_err(lua_err)?;
            this.dom.set_property(this.index, &name, value).map_err(lua_err)
        });
        methods.add_method("getProperty", |lua, this, name: String| {
            to_lua(lua, &this.dom.property(this.index, &name).map_err(lua_err)?)
        });
        methods.add_method("setStyle", |_, this, name: String| {
            this.dom.set_style(this.index, &name).map_err(lua_err)
        });
        methods.add_method("setChecked", |_, this, checked: Value| {
            let checked = from_lua(&checked).map_err(lua_err)?.is_truthy();
            this.dom.set_checked(this.index, checked).map_err(lua_err)
        });
        methods
            .add_method("getChecked", |_, this, ()| this.dom.checked(this.index).map_err(lua_err));
    }
}

/// Installs `getElementById` as a global (`getVariable` and `setVariable` are in the
/// prelude, next to the shared variables they reach).
pub fn install(lua: &Lua, dom: &DomHandle) -> mlua::Result<()> {
    let handle = dom.clone();
    let get_element = lua.create_function(move |_, id: String| {
        Ok(handle
            .find(&id)
            .map_err(lua_err)?
            .map(|index| LuaElement { index, dom: handle.clone() }))
    })?;
    lua.globals().raw_set("getElementById", get_element)?;
    // `print` goes to the runtime's output, never to the process's standard output; the
    // prelude joins the arguments with `tostring`.
    let handle = dom.clone();
    let emit = lua.create_function(move |_, line: String| handle.print(line).map_err(lua_err))?;
    lua.globals().raw_set("__kry_print", emit)
}
