//! The messages between the host's [`super::WrenVM`] and the worker thread that owns the
//! Wren VM.

use wren_sys::WrenErrorType;

use crate::value::ScriptValue;
use crate::vm::Budget;

/// What the host asks the worker to do. Each command gets one [`Event::Reply`].
#[derive(Debug)]
pub enum Command {
    Interpret(String),
    Call { name: String, args: Vec<ScriptValue> },
    HasFunction(String),
    SetShared { name: String, value: ScriptValue },
    Global(String),
    SharedValues,
    CollectGarbage,
}

/// What the worker sends while it runs a command.
#[derive(Debug)]
pub enum Event {
    /// A DOM call; the host answers on the DOM reply channel.
    Dom {
        method: String,
        element: Option<u32>,
        args: Vec<ScriptValue>,
    },
    /// A line a script printed.
    Print(String),
    /// The allocator refused a block: the worker is parked for good.
    MemoryRefused,
    Reply(Reply),
}

/// The answer to a [`Command`].
#[derive(Debug)]
pub enum Reply {
    Done(Result<ScriptValue, Failure>),
    /// A call's or a load's result, with every shared variable's value after it (what
    /// `get_pending_changes` compares, without another round trip).
    Ran(Result<ScriptValue, Failure>, Vec<Result<ScriptValue, String>>),
    Bool(bool),
    Value(Result<ScriptValue, String>),
    Values(Vec<Result<ScriptValue, String>>),
}

/// One report of Wren's error callback.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub kind: WrenErrorType,
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Compile,
    Runtime,
    Conversion,
    Missing,
}

/// A failed operation, as the worker saw it; the host locates it in the `.kry` sources.
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: FailureKind,
    /// The message when no diagnostic carries it (conversions).
    pub message: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The budget a check point stopped the call with.
    pub budget: Option<Budget>,
}

impl Failure {
    /// The runtime error's message (Wren reports it before the stack trace).
    pub fn runtime_message(&self) -> String {
        self.diagnostics
            .iter()
            .find(|d| d.kind == wren_sys::WrenErrorType_WREN_ERROR_RUNTIME)
            .map_or_else(|| self.message.clone(), |d| d.message.clone())
    }
}
