//! A new sandboxed Lua state: the safe standard libraries, `os.time`/`os.clock` only, the
//! budgets (allocator limit, instruction-count hook), the DOM API and the prelude that keeps
//! script globals behind `_G`'s metatable.

use std::cell::Cell;
use std::rc::Rc;

use mlua::{Function, HookTriggers, Lua, LuaOptions, LuaString, StdLib, Table, Value, VmState};

use super::{dom, string_lib};
use crate::vm::{CallClock, VmContext};

/// Runs once per state; see the file for what it installs.
const PRELUDE: &str = include_str!("prelude.lua");

/// What a host can grant Lua scripts in [`VMSettings::allow_modules`]: the `io` library
/// (files), the whole `os` library (processes, environment, files), `load` (running code
/// built from strings) and `package` (`require`, `dofile`, `loadfile`: code from disk).
/// `debug` is never granted: it breaks the sandbox from inside.
///
/// [`VMSettings::allow_modules`]: crate::VMSettings::allow_modules
pub const GRANTS: &[&str] = &["io", "os", "load", "package"];

/// Globals removed from the base library unless granted: they load code from files or
/// strings.
const REMOVED: &[(&str, &str)] = &[
    ("dofile", "package"),
    ("loadfile", "package"),
    ("require", "package"),
    ("load", "load"),
    ("loadstring", "load"),
];

/// A Lua state and the handles the VM keeps into it.
pub(super) struct State {
    pub lua: Lua,
    /// `_G`: the libraries and the DOM API.
    pub globals: Table,
    /// The shared variables and every global a script defines.
    pub store: Table,
    /// The shared variables' names, interned, in declaration order.
    pub shared_keys: Vec<LuaString>,
    /// Set when a script assigns a shared variable.
    pub dirty: Rc<Cell<bool>>,
    /// Bumped when a script defines, redefines or removes a global function.
    pub generation: Rc<Cell<u64>>,
}

/// The innermost frame of a script's own code: the hook often fires inside the prelude's
/// metamethods that every shared-variable access goes through, or inside a library function.
fn script_position(lua: &Lua) -> Option<(String, usize)> {
    (0..64).find_map(|level| {
        lua.inspect_stack(level, |frame| {
            let source = frame.source();
            let chunk = source.short_src.as_deref()?;
            let script = source.what != "C" && chunk != "kry-prelude";
            script.then(|| (chunk.to_string(), frame.current_line().unwrap_or(0)))
        })?
    })
}

pub(super) fn new_state(context: &VmContext, clock: &CallClock) -> mlua::Result<State> {
    let grants = &context.settings.allow_modules;
    if let Some(unknown) = grants.iter().find(|g| !GRANTS.contains(&g.as_str())) {
        return Err(mlua::Error::runtime(format!(
            "`{unknown}` cannot be granted to Lua scripts; the grants are {}",
            GRANTS.join(", ")
        )));
    }
    let granted = |name: &str| grants.iter().any(|g| g == name);
    let mut libs = StdLib::STRING
        | StdLib::TABLE
        | StdLib::MATH
        | StdLib::UTF8
        | StdLib::COROUTINE
        | StdLib::OS;
    if granted("io") {
        libs |= StdLib::IO;
    }
    if granted("package") {
        libs |= StdLib::PACKAGE;
    }
    let lua = Lua::new_with(libs, LuaOptions::default())?;
    let globals = lua.globals();
    for (name, grant) in REMOVED {
        if !granted(grant) {
            globals.raw_set(*name, Value::Nil)?;
        }
    }
    if !granted("os") {
        // `os` keeps only the clock functions.
        let os: Table = globals.raw_get("os")?;
        let safe_os = lua.create_table()?;
        for name in ["time", "clock"] {
            safe_os.raw_set(name, os.raw_get::<Function>(name)?)?;
        }
        globals.raw_set("os", safe_os)?;
    }
    dom::install(&lua, &context.dom)?;
    string_lib::install(&lua, clock, context.settings.memory_limit)?;

    let store = lua.create_table()?;
    let shared = lua.create_table()?;
    let mut shared_keys = Vec::with_capacity(context.shared_variables.len());
    for name in &context.shared_variables {
        let key = lua.create_string(name)?;
        shared.raw_set(&key, true)?;
        shared_keys.push(key);
    }
    let dirty = Rc::new(Cell::new(false));
    let generation = Rc::new(Cell::new(0u64));
    let flag = Rc::clone(&dirty);
    let mark = lua.create_function(move |_, ()| {
        flag.set(true);
        Ok(())
    })?;
    let counter = Rc::clone(&generation);
    let defined = lua.create_function(move |_, ()| {
        counter.set(counter.get().wrapping_add(1));
        Ok(())
    })?;
    let watched = clock.clone();
    let stopped = lua.create_function(move |_, ()| Ok(watched.hit().is_some()))?;
    lua.load(PRELUDE)
        .set_name("=kry-prelude")
        .call::<()>((&store, shared, mark, defined, stopped))?;

    let settings = &context.settings;
    if clock.limit().is_some() {
        let clock = clock.clone();
        let triggers = HookTriggers::new().every_nth_instruction(settings.check_interval.max(1));
        lua.set_global_hook(triggers, move |lua, debug| {
            if clock.over() {
                // `chunk:line:` first, so the error maps onto the `.kry` line.
                let (chunk, line) = script_position(lua).unwrap_or_else(|| {
                    let source = debug.source();
                    let chunk = source.short_src.as_deref().unwrap_or("?").to_string();
                    (chunk, debug.current_line().unwrap_or(0))
                });
                Err(mlua::Error::runtime(format!("{chunk}:{line}: time limit")))
            } else {
                Ok(VmState::Continue)
            }
        })?;
    }
    if settings.memory_limit > 0 {
        lua.set_memory_limit(settings.memory_limit)?;
    }
    Ok(State { lua, globals, store, shared_keys, dirty, generation })
}
