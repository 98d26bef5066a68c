//! The [`ScriptVM`] trait every embedded VM implements, what the runtime gives a VM when it
//! starts ([`VmContext`]) and what it gets back after calls ([`PendingChanges`]), and the
//! registry that creates VMs on demand ([`VMRegistry`]).
//!
//! One file per language (`lua.rs`, `javascript.rs`, `python.rs`), each behind its cargo
//! feature; adding a language is a new file plus one line in `registry.rs`.

mod budget;
mod globals;
/// Python source indentation, shared by the two Python VMs.
#[cfg(any(feature = "python-vm", feature = "micropython-vm"))]
mod python_indent;
mod registry;
mod source;

#[cfg(feature = "javascript-vm")]
pub mod javascript;
#[cfg(feature = "lua-vm")]
pub mod lua;
#[cfg(feature = "micropython-vm")]
pub mod micropython;
#[cfg(feature = "python-vm")]
pub mod python;
#[cfg(feature = "wren-vm")]
pub mod wren;

pub use budget::{Budget, CallClock};
pub use globals::SharedGlobals;
pub use registry::{Factory, VMFactory, VMRegistry};
pub use source::{is_identifier, ChunkMap, ScriptKind, ScriptSource, SourceOrigin};

use crate::config::VMSettings;
use crate::dom::DomHandle;
use crate::error::ScriptError;
use crate::tree::ElementChange;
use crate::value::ScriptValue;

/// What a VM is given when it starts.
#[derive(Debug, Clone)]
pub struct VmContext {
    /// The element tree and change journal behind the DOM API.
    pub dom: DomHandle,
    /// The shared variables' names in declaration order: each is a plain global in the VM.
    pub shared_variables: Vec<String>,
    pub settings: VMSettings,
}

/// A shared variable a script assigned, as read back from the VM after a call.
#[derive(Debug, Clone, PartialEq)]
pub struct VariableWrite {
    pub name: String,
    /// The new value, or why it cannot leave the VM (a function, a cyclic table, ...).
    pub value: Result<ScriptValue, String>,
}

/// What calls into a VM changed since the runtime last asked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PendingChanges {
    /// Shared variables whose global differs from the value last synced into the VM, in
    /// declaration order.
    pub variables: Vec<VariableWrite>,
    /// DOM changes, in call order.
    pub elements: Vec<ElementChange>,
}

/// An embedded script VM.
///
/// Every VM offers the same DOM API and keeps the shared variables as plain globals; the
/// runtime pushes values in with [`ScriptVM::set_global_variable`] and, after each call,
/// collects what the scripts changed with [`ScriptVM::get_pending_changes`]. Errors are
/// values ([`ScriptError`] with the `.kry` position when the VM reports a line); no method
/// panics on anything a script does.
pub trait ScriptVM {
    /// Starts a VM with the DOM API installed and every shared variable defined (as `nil`
    /// until the runtime sets it).
    fn initialize(context: VmContext) -> Result<Self, String>
    where
        Self: Sized;

    /// Module code that binds a function expression to the global `name`: how an inline
    /// handler (`onClick: "function() ... end"`) becomes a function the runtime can call.
    /// The expression starts on the code's first line (so its lines are the source map's)
    /// and a line break follows it, so a trailing comment cannot swallow the rest. `None`:
    /// this VM takes no inline handlers.
    fn bind_function_expression(name: &str, expression: &str) -> Option<String>
    where
        Self: Sized,
    {
        let _ = (name, expression);
        None
    }

    /// The engine and exact version precompiled code is for (`lua 5.4.9 (mlua 0.12.2, ...)`),
    /// when this VM loads bytecode; bytecode is loaded only under exactly this tag. `None`
    /// (the default): source only.
    fn engine_tag() -> Option<String>
    where
        Self: Sized,
    {
        None
    }

    /// Compiles a script, wrapped as [`ScriptVM::load_script`] wraps it and named by its
    /// chunk, to the bytecode [`ScriptVM::load_bytecode`] loads: the same engine, without
    /// running it. Keeps line information, so errors map onto the `.kry` lines. The default:
    /// not supported.
    fn precompile(script: &ScriptSource<'_>) -> Result<Vec<u8>, String>
    where
        Self: Sized,
    {
        let _ = script;
        Err("this VM has no bytecode".to_string())
    }

    /// Loads a script from bytecode [`ScriptVM::precompile`] made (the runtime checked the
    /// engine tag and that the host trusts bytecode); otherwise as [`ScriptVM::load_script`].
    fn load_bytecode(
        &mut self,
        script: &ScriptSource<'_>,
        bytes: &[u8],
    ) -> Result<(), ScriptError> {
        let _ = bytes;
        Err(ScriptError::new(
            crate::ScriptErrorKind::Runtime,
            Some(self.language()),
            script.label(),
            format!("the {} VM loads no bytecode", self.language()),
        ))
    }

    /// The language tag (`lua`, `javascript`, `python`).
    fn language(&self) -> &'static str;

    /// Loads a script: a function body is wrapped as a function of that language (with the
    /// entry point's parameters) and defined; a module runs once, defining its functions.
    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError>;

    /// Whether a global function of this name exists.
    fn has_function(&self, name: &str) -> bool;

    /// Calls a global function.
    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError>;

    /// Prepares repeated calls of a global function (an event handler): a slot for
    /// [`ScriptVM::call_prepared`], or `None` (the default) when the VM only calls by name.
    /// The function need not exist yet, and a script may redefine it later.
    fn prepare_function(&mut self, name: &str) -> Option<usize> {
        let _ = name;
        None
    }

    /// Calls the function a [`ScriptVM::prepare_function`] slot names (`name` is its name, for
    /// errors); the same as [`ScriptVM::call_function`] without looking the name up on every
    /// call. The default calls by name.
    fn call_prepared(
        &mut self,
        slot: usize,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let _ = slot;
        self.call_function(name, args)
    }

    /// Sets a global (a shared variable, usually) and remembers the value as synced, so it is
    /// not reported back as a change.
    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError>;

    /// A global's value, or `None` when it is not set or cannot leave the VM.
    fn get_global_variable(&self, name: &str) -> Option<ScriptValue>;

    /// The shared variables scripts changed and the DOM changes they made since the last
    /// call of this method.
    fn get_pending_changes(&mut self) -> PendingChanges;

    /// The memory the VM uses now, in bytes, when the VM reports it (Lua, QuickJS).
    fn memory_usage(&self) -> Option<usize> {
        None
    }

    /// Runs a full garbage collection, when the VM has a collector the runtime can drive (so
    /// [`ScriptVM::memory_usage`] counts only what scripts still hold). The default does
    /// nothing.
    fn collect_garbage(&mut self) {}

    /// Whether the VM was lost during the last call (a budget stopped it where it could not
    /// be stopped cleanly: the Wren VM's worker abandoned); the runtime then replaces it
    /// through [`crate::VMRegistry::restart`], as after a `VmFailure` error.
    /// The default: never.
    fn is_lost(&self) -> bool {
        false
    }

    /// The VM's time budget clock, when it enforces a time limit by checking the clock from
    /// inside calls (Lua's hook, QuickJS's interrupt handler). The runtime then reads the
    /// clock itself only for a sample of calls (see [`crate::VmHealth`]): a call long enough
    /// to matter has started this clock. `None` (the default): every call is timed.
    fn budget_clock(&self) -> Option<&CallClock> {
        None
    }

    /// Throws away every script and global and starts again with the same context (the DOM
    /// API installed, shared variables `nil`, budgets and meters fresh). The caller then
    /// reloads the scripts and pushes the variables. The runtime itself recovers a failed VM
    /// by replacing it through [`crate::VMRegistry::restart`] instead, so that nothing of an
    /// engine in an unknown state is reused; `reset` is for hosts that reload an app in place.
    fn reset(&mut self) -> Result<(), String>;
}
