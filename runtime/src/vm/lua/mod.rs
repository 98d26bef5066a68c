//! The Lua 5.4 VM (mlua, vendored Lua): `lua-vm` feature.
//!
//! Sandbox: only the `string`, `table`, `math`, `utf8` and `coroutine` libraries are loaded,
//! and `dofile`/`loadfile` are removed, so scripts cannot touch files, processes or modules
//! on disk. A function body is wrapped as `function name(params) <body>\nend` on the body's
//! first line, so error lines map one to one onto the `.kry` source.

mod convert;
mod dom;

pub use convert::{from_lua, to_lua};

use std::collections::HashMap;

use mlua::{Function, Lua, LuaOptions, LuaString, MultiValue, StdLib, Table, Value};

use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::{
    ChunkMap, PendingChanges, ScriptKind, ScriptSource, ScriptVM, SharedGlobals, VmContext,
};

const LANGUAGE: &str = "lua";

/// A Lua state with the DOM API and the shared variables as globals.
pub struct LuaVM {
    lua: Lua,
    /// The globals table and interned keys, kept so a call does not look them up again.
    globals: Table,
    shared_keys: Vec<LuaString>,
    function_keys: HashMap<String, LuaString>,
    context: VmContext,
    shared: SharedGlobals,
    chunks: ChunkMap,
}

/// A fresh Lua state, its globals table and the keys of the shared variables.
fn new_state(
    context: &VmContext,
    shared: &SharedGlobals,
) -> Result<(Lua, Table, Vec<LuaString>), String> {
    let lua = sandboxed(context, shared)?;
    let globals = lua.globals();
    let keys = shared
        .names()
        .iter()
        .map(|n| lua.create_string(n))
        .collect::<mlua::Result<_>>()
        .map_err(|e| e.to_string())?;
    Ok((lua, globals, keys))
}

fn sandboxed(context: &VmContext, shared: &SharedGlobals) -> Result<Lua, String> {
    let libs = StdLib::STRING | StdLib::TABLE | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE;
    let lua = Lua::new_with(libs, LuaOptions::default()).map_err(|e| e.to_string())?;
    let globals = lua.globals();
    for unsafe_global in ["dofile", "loadfile"] {
        globals.raw_set(unsafe_global, Value::Nil).map_err(|e| e.to_string())?;
    }
    dom::install(&lua, &context.dom, shared).map_err(|e| e.to_string())?;
    Ok(lua)
}

impl LuaVM {
    /// The Lua state, for hosts that want to add their own globals.
    pub fn lua(&self) -> &Lua {
        &self.lua
    }

    /// Turns an mlua error into a [`ScriptError`] located in the `.kry` sources.
    fn error(&self, function: &str, error: mlua::Error) -> ScriptError {
        let (kind, message, traceback) = split(error);
        let mut e = ScriptError::new(kind, Some(LANGUAGE), function, message);
        let located = self
            .chunks
            .find_in(&e.message)
            .or_else(|| traceback.as_deref().and_then(|t| self.chunks.find_in(t)));
        if let Some((file, line)) = located {
            e.kry_file = Some(file);
            e.kry_line = Some(line);
        }
        e.message = self.chunks.strip_position(&e.message).to_string();
        e.traceback = traceback.map(String::into_boxed_str);
        e
    }
}

/// The kind, message and traceback of an mlua error.
fn split(error: mlua::Error) -> (ScriptErrorKind, String, Option<String>) {
    match error {
        mlua::Error::SyntaxError { message, .. } => (ScriptErrorKind::Syntax, message, None),
        mlua::Error::RuntimeError(text) => {
            let (message, traceback) = match text.split_once("\nstack traceback:") {
                Some((m, t)) => (m.to_string(), Some(format!("stack traceback:{t}"))),
                None => (text, None),
            };
            (ScriptErrorKind::Runtime, message, traceback)
        }
        mlua::Error::CallbackError { traceback, cause } => {
            let mut cause = cause;
            while let mlua::Error::CallbackError { cause: inner, .. } = &*cause {
                cause = inner.clone();
            }
            let message = match &*cause {
                mlua::Error::RuntimeError(m) => m.clone(),
                other => other.to_string(),
            };
            (ScriptErrorKind::Runtime, message, Some(traceback))
        }
        other => (ScriptErrorKind::Runtime, other.to_string(), None),
    }
}

impl ScriptVM for LuaVM {
    fn initialize(context: VmContext) -> Result<LuaVM, String> {
        let shared = SharedGlobals::new(context.shared_variables.clone());
        let (lua, globals, shared_keys) = new_state(&context, &shared)?;
        Ok(LuaVM {
            lua,
            globals,
            shared_keys,
            function_keys: HashMap::new(),
            context,
            shared,
            chunks: ChunkMap::default(),
        })
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let code = match script.kind {
            ScriptKind::Function { name, params } => {
                format!("function {name}({}) {}\nend", params.join(", "), script.code)
            }
            ScriptKind::Module { .. } => script.code.to_string(),
        };
        self.chunks.add(script, 0);
        let chunk = self.lua.load(code).set_name(format!("={}", script.chunk));
        chunk.exec().map_err(|e| self.error(script.label(), e))
    }

    fn has_function(&self, name: &str) -> bool {
        matches!(self.globals.raw_get::<Value>(name), Ok(Value::Function(_)))
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let key = match self.function_keys.get(name) {
            Some(key) => key.clone(),
            None => {
                let key = self.lua.create_string(name).map_err(|e| self.error(name, e))?;
                self.function_keys.insert(name.to_string(), key.clone());
                key
            }
        };
        let function = match self.globals.raw_get::<Value>(&key) {
            Ok(Value::Function(f)) => f,
            _ => {
                return Err(ScriptError::new(
                    ScriptErrorKind::MissingFunction,
                    Some(LANGUAGE),
                    name,
                    format!("no Lua function is named `{name}`"),
                ))
            }
        };
        let args = args
            .iter()
            .map(|a| to_lua(&self.lua, a))
            .collect::<mlua::Result<MultiValue>>()
            .map_err(|e| self.error(name, e))?;
        let result: Value = Function::call(&function, args).map_err(|e| self.error(name, e))?;
        from_lua(&result)
            .map_err(|m| ScriptError::new(ScriptErrorKind::Conversion, Some(LANGUAGE), name, m))
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        let converted = to_lua(&self.lua, value).and_then(|v| self.globals.raw_set(name, v));
        converted.map_err(|e| self.error(name, e))?;
        self.shared.synced(name, value);
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        let value = self.globals.raw_get::<Value>(name).ok()?;
        from_lua(&value).ok()
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let (globals, keys) = (&self.globals, &self.shared_keys);
        let variables = self.shared.diff(|i, name| {
            let value = match keys.get(i) {
                Some(key) => globals.raw_get::<Value>(key),
                None => globals.raw_get::<Value>(name),
            };
            from_lua(&value.map_err(|e| e.to_string())?)
        });
        PendingChanges { variables, elements: self.context.dom.take_changes() }
    }

    fn reset(&mut self) -> Result<(), String> {
        let (lua, globals, shared_keys) = new_state(&self.context, &self.shared)?;
        self.lua = lua;
        self.globals = globals;
        self.shared_keys = shared_keys;
        self.function_keys.clear();
        self.shared.clear();
        self.chunks.clear();
        Ok(())
    }
}
