//! mlua errors as [`ScriptError`]s located in the `.kry` sources.

use std::time::Duration;

use crate::error::{ScriptError, ScriptErrorKind};
use crate::vm::budget::{self, Budget};
use crate::vm::ChunkMap;

use super::LANGUAGE;

/// What the runtime needs to describe a failed call.
pub(super) struct ErrorContext<'a> {
    pub chunks: &'a ChunkMap,
    /// The budget that stopped the call, if one did.
    pub budget: Option<Budget>,
    pub time_limit: Option<Duration>,
    pub memory_limit: usize,
}

impl ErrorContext<'_> {
    /// Turns an mlua error into a [`ScriptError`]; a call a budget stopped gets the budget's
    /// kind and message.
    pub fn convert(&self, function: &str, error: mlua::Error) -> ScriptError {
        let out_of_memory = is_out_of_memory(&error);
        let too_deep = is_stack_overflow(&error);
        let (kind, message, traceback) = split(error);
        let mut e = ScriptError::new(kind, Some(LANGUAGE), function, message);
        let located = self
            .chunks
            .find_in(&e.message)
            .or_else(|| traceback.as_deref().and_then(|t| self.chunks.find_in(t)));
        if let Some((file, line)) = located {
            e.kry_file = Some(file.into());
            e.kry_line = Some(line);
        }
        e.message = self.chunks.in_kry_positions(self.chunks.strip_position(&e.message));
        e.traceback = traceback.map(|t| self.chunks.in_kry_positions(&t).into_boxed_str());
        let budget = self
            .budget
            .or(out_of_memory.then_some(Budget::Memory))
            .or(too_deep.then_some(Budget::Stack));
        match budget {
            Some(b) => {
                budget::into_budget_error(e, b, self.time_limit, self.memory_limit, self.chunks)
            }
            None => e,
        }
    }
}

/// Whether the error is Lua running out of memory (its allocator refused: the VM's limit).
pub(super) fn is_out_of_memory(error: &mlua::Error) -> bool {
    match error {
        mlua::Error::MemoryError(_) => true,
        mlua::Error::RuntimeError(m) => m.starts_with("not enough memory"),
        mlua::Error::CallbackError { cause, .. } => is_out_of_memory(cause),
        _ => false,
    }
}

/// Whether the error is Lua refusing to nest deeper: its own stack (`stack overflow`) or its
/// count of nested C calls (`C stack overflow`: metamethods, `pcall`, coroutines, pattern
/// callbacks), both far below what the native stack holds.
pub(super) fn is_stack_overflow(error: &mlua::Error) -> bool {
    match error {
        mlua::Error::StackError => true,
        mlua::Error::RuntimeError(m) => {
            let m = m.split("\nstack traceback:").next().unwrap_or(m);
            m.ends_with("stack overflow") || m.contains("stack overflow (")
        }
        mlua::Error::CallbackError { cause, .. } => is_stack_overflow(cause),
        _ => false,
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
