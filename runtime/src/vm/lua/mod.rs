//! The Lua 5.4 VM (mlua, vendored Lua): `lua-vm` feature.
//!
//! Sandbox: only the `string`, `table`, `math`, `utf8` and `coroutine` libraries and
//! `os.time`/`os.clock` are loaded; `dofile`, `loadfile`, `load` and `require` are removed, so
//! scripts cannot touch files, processes or modules on disk (unless the host grants `io`,
//! `os`, `load` or `package` in `VMSettings::allow_modules`, see `state::GRANTS`).
//! Budgets: the allocator refuses memory beyond
//! [`VMSettings::memory_limit`](crate::VMSettings::memory_limit), and an instruction-count
//! hook stops a call past its time limit (`pcall` cannot swallow either).
//!
//! A function body is wrapped as `function name(params) <body>\nend` on the body's first
//! line, so error lines map one to one onto the `.kry` source. Script globals, the shared
//! variables among them, live in a table behind `_G`'s metatable (see `prelude.lua`): an
//! assignment to a shared variable is seen as it happens, and function handles are cached
//! until a script redefines a global function.

mod convert;
mod dom;
mod error;
mod patterns;
mod state;
mod string_lib;

pub use convert::{from_lua, to_lua};

use std::borrow::Cow;

use mlua::chunk::ChunkMode;
use mlua::{Function, Lua, MultiValue, Value};
use rustc_hash::FxHashMap;

use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::{
    CallClock, ChunkMap, PendingChanges, ScriptKind, ScriptSource, ScriptVM, SharedGlobals,
    VmContext,
};
use error::ErrorContext;
use state::State;

const LANGUAGE: &str = "lua";

/// The crates that build the Lua engine, as `Cargo.lock` pins them (a test keeps these in
/// step): bytecode is loaded only when it was made by exactly this build's engine.
const MLUA_VERSION: &str = "0.12.2";
const LUA_SRC_VERSION: &str = "551.0.2";

/// A script as Lua runs it: a function body wrapped as `function name(params) <body>\nend`
/// on the body's first line (so lines map one to one), a module as written.
fn wrapped<'a>(script: &ScriptSource<'a>) -> Cow<'a, str> {
    match script.kind {
        ScriptKind::Function { name, params } => {
            Cow::Owned(format!("function {name}({}) {}\nend", params.join(", "), script.code))
        }
        ScriptKind::Module { .. } => Cow::Borrowed(script.code),
    }
}

/// A Lua state with the DOM API and the shared variables as globals.
pub struct LuaVM {
    state: State,
    /// Function handles by name, valid while `state.generation` is `generation`.
    functions: FxHashMap<Box<str>, Function>,
    generation: u64,
    /// Prepared functions by slot: the name and, while `prepared_generation` is
    /// `state.generation`, the handle (`None`: look it up at the next call).
    prepared: Vec<(Box<str>, Option<Function>)>,
    /// Prepared function name → slot.
    prepared_slots: FxHashMap<Box<str>, usize>,
    prepared_generation: u64,
    clock: CallClock,
    context: VmContext,
    shared: SharedGlobals,
    chunks: ChunkMap,
}

impl LuaVM {
    /// The Lua state, for hosts that want to add their own globals.
    pub fn lua(&self) -> &Lua {
        &self.state.lua
    }

    /// Turns an mlua error into a [`ScriptError`] located in the `.kry` sources.
    fn error(&self, function: &str, error: mlua::Error) -> ScriptError {
        let out_of_memory = error::is_out_of_memory(&error);
        let converted = ErrorContext {
            chunks: &self.chunks,
            budget: self.clock.hit(),
            time_limit: self.clock.limit(),
            memory_limit: self.context.settings.memory_limit,
        }
        .convert(function, error);
        if out_of_memory || converted.kind == ScriptErrorKind::MemoryLimit {
            // Give back what the stopped call allocated, so the next call has room.
            let _ = self.state.lua.gc_collect();
        }
        converted
    }

    fn missing(name: &str) -> ScriptError {
        ScriptError::new(
            ScriptErrorKind::MissingFunction,
            Some(LANGUAGE),
            name,
            format!("no Lua function is named `{name}`"),
        )
    }

    /// A global function: from the cache, else looked up (scripts' globals first, then `_G`).
    /// Only functions in the scripts' table are cached: the prelude sees every change to it.
    fn function(&mut self, name: &str) -> Option<Cow<'_, Function>> {
        let generation = self.state.generation.get();
        if generation != self.generation {
            self.functions.clear();
            self.generation = generation;
        }
        if !self.functions.contains_key(name) {
            match self.state.store.raw_get::<Value>(name) {
                Ok(Value::Function(f)) => {
                    self.functions.insert(name.into(), f);
                }
                _ => {
                    return match self.state.globals.raw_get::<Value>(name) {
                        Ok(Value::Function(f)) => Some(Cow::Owned(f)),
                        _ => None,
                    }
                }
            }
        }
        self.functions.get(name).map(Cow::Borrowed)
    }

    /// Calls a function with the budgets armed; `args` converted first.
    fn call_with(
        &self,
        name: &str,
        function: &Function,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let args = if args.is_empty() {
            MultiValue::new()
        } else {
            let lua = &self.state.lua;
            args.iter()
                .map(|a| to_lua(lua, a))
                .collect::<mlua::Result<MultiValue>>()
                .map_err(|e| self.error(name, e))?
        };
        self.clock.begin();
        let result = function.call::<Value>(args).map_err(|e| self.error(name, e))?;
        if let Value::Nil = result {
            return Ok(ScriptValue::Nil);
        }
        from_lua(&result)
            .map_err(|m| ScriptError::new(ScriptErrorKind::Conversion, Some(LANGUAGE), name, m))
    }

    /// A global's value: a script's (or shared variable's) first, then `_G`'s.
    fn global(&self, name: &str) -> mlua::Result<Value> {
        match self.state.store.raw_get::<Value>(name)? {
            Value::Nil => self.state.globals.raw_get(name),
            value => Ok(value),
        }
    }
}

impl ScriptVM for LuaVM {
    fn initialize(context: VmContext) -> Result<LuaVM, String> {
        let shared = SharedGlobals::new(context.shared_variables.clone());
        let clock = CallClock::new(context.settings.time_limit);
        let state = state::new_state(&context, &clock).map_err(|e| e.to_string())?;
        Ok(LuaVM {
            state,
            functions: FxHashMap::default(),
            generation: 0,
            prepared: Vec::new(),
            prepared_slots: FxHashMap::default(),
            prepared_generation: 0,
            clock,
            context,
            shared,
            chunks: ChunkMap::default(),
        })
    }

    fn bind_function_expression(name: &str, expression: &str) -> Option<String> {
        Some(format!("{name} = ({expression}\n)\n"))
    }

    fn engine_tag() -> Option<String> {
        Some(format!("lua 5.4 (mlua {MLUA_VERSION}, lua-src {LUA_SRC_VERSION})"))
    }

    fn precompile(script: &ScriptSource<'_>) -> Result<Vec<u8>, String> {
        // A bare state: compiling runs nothing, so no library or sandbox is needed.
        let lua = Lua::new_with(mlua::StdLib::NONE, mlua::LuaOptions::default())
            .map_err(|e| e.to_string())?;
        let function = lua
            .load(wrapped(script).as_bytes())
            .set_name(format!("={}", script.chunk))
            .set_mode(ChunkMode::Text)
            .into_function()
            .map_err(|e| e.to_string())?;
        // Not stripped: line information and the chunk name stay, for the source map.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| function.dump(false)))
            .map_err(|_| "Lua could not dump the compiled chunk".to_string())
    }

    fn load_bytecode(
        &mut self,
        script: &ScriptSource<'_>,
        bytes: &[u8],
    ) -> Result<(), ScriptError> {
        self.chunks.add(script, 0);
        self.clock.begin();
        let chunk = self
            .state
            .lua
            .load(bytes)
            .set_name(format!("={}", script.chunk))
            .set_mode(ChunkMode::Binary);
        chunk.exec().map_err(|e| self.error(script.label(), e))
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let code = wrapped(script);
        self.chunks.add(script, 0);
        self.clock.begin();
        // Text only: a source payload that starts like a binary chunk (`\x1bLua`) is a syntax
        // error, never bytecode (which Lua does not verify).
        let chunk = self
            .state
            .lua
            .load(code.as_bytes())
            .set_name(format!("={}", script.chunk))
            .set_mode(ChunkMode::Text);
        chunk.exec().map_err(|e| self.error(script.label(), e))
    }

    fn has_function(&self, name: &str) -> bool {
        matches!(self.global(name), Ok(Value::Function(_)))
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let owned = match self.function(name) {
            Some(Cow::Owned(function)) => Some(function),
            Some(Cow::Borrowed(_)) => None,
            None => return Err(Self::missing(name)),
        };
        let function = match &owned {
            Some(function) => function,
            None => match self.functions.get(name) {
                Some(function) => function,
                None => return Err(Self::missing(name)),
            },
        };
        self.call_with(name, function, args)
    }

    fn prepare_function(&mut self, name: &str) -> Option<usize> {
        if let Some(&slot) = self.prepared_slots.get(name) {
            return Some(slot);
        }
        let slot = self.prepared.len();
        self.prepared.push((name.into(), None));
        self.prepared_slots.insert(name.into(), slot);
        Some(slot)
    }

    fn call_prepared(
        &mut self,
        slot: usize,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let generation = self.state.generation.get();
        if generation != self.prepared_generation {
            // A script (re)defined or removed a global function: look every handle up again.
            self.prepared.iter_mut().for_each(|(_, f)| *f = None);
            self.prepared_generation = generation;
        }
        let Some((_, cached)) = self.prepared.get(slot) else {
            return self.call_function(name, args);
        };
        if let Some(function) = cached {
            return self.call_with(name, function, args);
        }
        // Only functions in the scripts' table are cached: the prelude sees every change to
        // it (a library function in `_G` is looked up on every call).
        match self.state.store.raw_get::<Value>(name) {
            Ok(Value::Function(f)) => {
                self.prepared[slot].1 = Some(f.clone());
                self.call_with(name, &f, args)
            }
            _ => self.call_function(name, args),
        }
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        let lua = &self.state.lua;
        // Shared variables and script globals live in the store; `_G` keeps the libraries.
        let target = match self.state.globals.raw_get::<Value>(name) {
            Ok(Value::Nil) | Err(_) => &self.state.store,
            Ok(_) if self.shared.contains(name) => &self.state.store,
            Ok(_) => &self.state.globals,
        };
        let converted = to_lua(lua, value).and_then(|v| target.raw_set(name, v));
        converted.map_err(|e| self.error(name, e))?;
        self.shared.synced(name, value);
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        from_lua(&self.global(name).ok()?).ok()
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let (store, keys) = (&self.state.store, &self.state.shared_keys);
        let read = |i: usize, name: &str| {
            let value = match keys.get(i) {
                Some(key) => store.raw_get::<Value>(key),
                None => store.raw_get::<Value>(name),
            };
            from_lua(&value.map_err(|e| e.to_string())?)
        };
        let variables = if self.state.dirty.replace(false) {
            self.shared.diff(read)
        } else if self.shared.any_deep() {
            // Tables can change in place, without an assignment.
            let shared = &self.shared;
            let deep: Vec<bool> = (0..keys.len()).map(|i| shared.is_deep(i)).collect();
            self.shared.diff_where(|i| deep[i], read)
        } else {
            Vec::new()
        };
        PendingChanges { variables, elements: self.context.dom.take_changes() }
    }

    fn memory_usage(&self) -> Option<usize> {
        Some(self.state.lua.used_memory())
    }

    fn collect_garbage(&mut self) {
        let _ = self.state.lua.gc_collect();
    }

    fn budget_clock(&self) -> Option<&CallClock> {
        self.clock.limit().is_some().then_some(&self.clock)
    }

    fn reset(&mut self) -> Result<(), String> {
        self.clock = CallClock::new(self.clock.limit().unwrap_or_default());
        self.state = state::new_state(&self.context, &self.clock).map_err(|e| e.to_string())?;
        self.functions.clear();
        self.generation = 0;
        self.prepared.iter_mut().for_each(|(_, f)| *f = None);
        self.prepared_generation = 0;
        self.shared.clear();
        self.chunks.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// The engine tag names the crates `Cargo.lock` builds Lua from, so a new mlua or Lua
    /// cannot load bytecode made by the old one under the old tag.
    #[test]
    fn the_engine_tag_matches_the_lockfile() {
        let lock = include_str!("../../../../Cargo.lock");
        let version_of = |name: &str| {
            let entry = format!("[[package]]\nname = \"{name}\"\nversion = \"");
            let at = lock.find(&entry).map(|i| i + entry.len())?;
            lock[at..].split('"').next().map(str::to_string)
        };
        assert_eq!(version_of("mlua").as_deref(), Some(super::MLUA_VERSION));
        assert_eq!(version_of("lua-src").as_deref(), Some(super::LUA_SRC_VERSION));
    }
}
