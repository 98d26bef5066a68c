//! The Wren 0.4 VM (the C VM vendored by `ruwren-sys`): `wren-vm` feature.
//!
//! The VM runs on a worker thread (`worker.rs`), because Wren has no interrupt hook: the
//! time budget is check points in every script loop (`instrument.rs`) plus, for a call that
//! reaches none, abandoning the worker and reporting the VM lost, so the runtime starts a new
//! one and restores the scripts and shared variables as its recovery does. Memory is capped
//! in Wren's allocator (`alloc.rs`). DOM calls and printed lines come back to the host's
//! thread while it waits for a reply, so the DOM handle never leaves it.
//!
//! Sandbox: Wren's core has no IO; `System.print` goes to the runtime's output; `import`
//! finds no module except `random` (pure); `meta` (run-time compilation, which would bypass
//! the check points) is refused.
//!
//! A function body is `var name = Fn.new { |params|` + newline + body + newline + `}` (the
//! compiler's Wren check parses it the same way): a module variable of the one module `main`
//! where the shared variables are module variables too, so a body reads and assigns them by
//! name. Every script is compiled into `main` after blank lines that give it its own range of
//! line numbers, so a line Wren reports names one script.

mod alloc;
mod convert;
mod engine;
mod instrument;
mod prelude;
mod protocol;
mod worker;

use std::time::Duration;

use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::budget::{self, Budget};
use crate::vm::{
    ChunkMap, PendingChanges, ScriptKind, ScriptSource, ScriptVM, SharedGlobals, VmContext,
};
use protocol::{Command, Failure, FailureKind, Reply};
use worker::{Lost, Worker};

const LANGUAGE: &str = "wren";

/// The lines of one loaded script in module `main`.
#[derive(Debug, Clone)]
struct Lines {
    /// The first line (1-based) and how many.
    start: u32,
    count: u32,
    chunk: String,
}

/// A Wren VM on its worker thread, with the DOM API and the shared variables.
pub struct WrenVM {
    /// `None` once the VM is lost (stopped by a budget outside any check point).
    worker: Option<Worker>,
    context: VmContext,
    shared: SharedGlobals,
    chunks: ChunkMap,
    lines: Vec<Lines>,
    /// The line the next script starts on.
    next_line: u32,
    /// The shared variables' values the last call or load reported, until
    /// `get_pending_changes` takes them.
    after_call: Option<Vec<Result<ScriptValue, String>>>,
}

fn start(context: &VmContext) -> Result<(Worker, u32), String> {
    let text = prelude::prelude(&context.shared_variables);
    let lines = line_count(&text);
    let worker =
        Worker::start(text, context.shared_variables.clone(), context.settings.memory_limit)?;
    Ok((worker, lines + 1))
}

fn line_count(text: &str) -> u32 {
    u32::try_from(text.bytes().filter(|&b| b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

impl WrenVM {
    fn time_limit(&self) -> Option<Duration> {
        let limit = self.context.settings.time_limit;
        (!limit.is_zero()).then_some(limit)
    }

    /// Runs a command on the worker; a lost worker is dropped and the error says why.
    fn run(&mut self, function: &str, command: Command) -> Result<Reply, ScriptError> {
        self.after_call = None;
        let limit = self.time_limit();
        let Some(worker) = &self.worker else {
            return Err(ScriptError::new(
                ScriptErrorKind::VmFailure,
                Some(LANGUAGE),
                function,
                "the Wren VM was stopped by a budget and has not been restarted",
            ));
        };
        match worker.run(command, limit, &self.context.dom) {
            Ok(reply) => Ok(reply),
            Err(lost) => {
                self.worker = None;
                let memory_limit = self.context.settings.memory_limit;
                let (kind, message) = match lost {
                    Lost::Time => (
                        ScriptErrorKind::TimeLimit,
                        format!(
                            "{} (inside Wren's core library or a recursion, with no loop check \
                             point: the VM was replaced, its scripts and the shared variables \
                             restored)",
                            budget::message(Budget::Time, limit, memory_limit)
                        ),
                    ),
                    Lost::Memory => (
                        ScriptErrorKind::MemoryLimit,
                        format!(
                            "{} (an allocation past the limit: the VM was replaced, its scripts \
                             and the shared variables restored)",
                            budget::message(Budget::Memory, limit, memory_limit)
                        ),
                    ),
                    Lost::Gone => (ScriptErrorKind::VmFailure, "the Wren VM failed".to_string()),
                };
                let mut error = ScriptError::new(kind, Some(LANGUAGE), function, message);
                if let Some((file, line)) = self.chunks.locate_label(function) {
                    error.kry_file = Some(file.into());
                    error.kry_line = Some(line);
                }
                Err(error)
            }
        }
    }

    /// The script and local line of a line of module `main`.
    fn chunk_line(&self, line: u32) -> Option<(&str, u32)> {
        self.lines
            .iter()
            .find(|l| line >= l.start && line < l.start.saturating_add(l.count))
            .map(|l| (l.chunk.as_str(), line - l.start + 1))
    }

    /// `main`'s line in the `.kry` sources.
    fn locate(&self, line: u32) -> Option<(String, u32)> {
        let (chunk, local) = self.chunk_line(line)?;
        self.chunks.locate(chunk, local)
    }

    /// A failure from the worker as a [`ScriptError`] at its `.kry` line.
    fn error(&self, function: &str, failure: Failure) -> ScriptError {
        use wren_sys::{
            WrenErrorType_WREN_ERROR_COMPILE as COMPILE,
            WrenErrorType_WREN_ERROR_STACK_TRACE as TRACE,
        };
        let kind = match failure.kind {
            FailureKind::Missing => {
                return ScriptError::new(
                    ScriptErrorKind::MissingFunction,
                    Some(LANGUAGE),
                    function,
                    format!("no Wren function is named `{function}`"),
                )
            }
            FailureKind::Conversion => {
                return ScriptError::new(
                    ScriptErrorKind::Conversion,
                    Some(LANGUAGE),
                    function,
                    failure.message,
                )
            }
            FailureKind::Compile => ScriptErrorKind::Syntax,
            FailureKind::Runtime => ScriptErrorKind::Runtime,
        };
        let place = |line: u32| match self.locate(line) {
            Some((file, line)) => format!("{file}:{line}"),
            None => format!("line {line}"),
        };
        let (message, at, traceback) = if kind == ScriptErrorKind::Syntax {
            let errors: Vec<_> = failure.diagnostics.iter().filter(|d| d.kind == COMPILE).collect();
            let message = errors.first().map_or(failure.message.clone(), |d| d.message.clone());
            let at = errors.first().map(|d| d.line);
            let trace = (errors.len() > 1).then(|| {
                errors
                    .iter()
                    .map(|d| format!("{}: {}", place(d.line), d.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            (message, at, trace)
        } else {
            let frames: Vec<_> = failure.diagnostics.iter().filter(|d| d.kind == TRACE).collect();
            // The innermost frame in a script (the prelude's own frames have no script).
            let at = frames.iter().find(|d| self.chunk_line(d.line).is_some()).map(|d| d.line);
            let trace = (!frames.is_empty()).then(|| {
                frames
                    .iter()
                    .filter(|d| self.chunk_line(d.line).is_some())
                    .map(|d| format!("at {} ({})", d.message, place(d.line)))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            (failure.runtime_message(), at, trace.filter(|t| !t.is_empty()))
        };
        let mut error = ScriptError::new(kind, Some(LANGUAGE), function, message);
        let located = at.and_then(|line| self.locate(line));
        if let Some((file, line)) = located.or_else(|| self.chunks.locate_label(function)) {
            error.kry_file = Some(file.into());
            error.kry_line = Some(line);
        }
        error.traceback = traceback.map(String::into_boxed_str);
        match failure.budget {
            Some(b) => budget::into_budget_error(
                error,
                b,
                self.time_limit(),
                self.context.settings.memory_limit,
                &self.chunks,
            ),
            None => error,
        }
    }

    fn done(&mut self, function: &str, reply: Reply) -> Result<ScriptValue, ScriptError> {
        match reply {
            Reply::Done(result) => result.map_err(|f| self.error(function, f)),
            Reply::Ran(result, shared) => {
                self.after_call = Some(shared);
                result.map_err(|f| self.error(function, f))
            }
            other => Err(unexpected(function, &other)),
        }
    }
}

fn unexpected(function: &str, reply: &Reply) -> ScriptError {
    ScriptError::new(
        ScriptErrorKind::VmFailure,
        Some(LANGUAGE),
        function,
        format!("the Wren worker answered out of turn ({reply:?})"),
    )
}

impl ScriptVM for WrenVM {
    fn initialize(context: VmContext) -> Result<WrenVM, String> {
        let (worker, next_line) = start(&context)?;
        Ok(WrenVM {
            worker: Some(worker),
            shared: SharedGlobals::new(context.shared_variables.clone()),
            context,
            chunks: ChunkMap::default(),
            lines: Vec::new(),
            next_line,
            after_call: None,
        })
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let label = script.label();
        let (code, header) = match script.kind {
            ScriptKind::Function { name, params } => {
                let bad = [name]
                    .into_iter()
                    .chain(params.iter().map(String::as_str))
                    .find(|n| !prelude::is_module_variable(n));
                if let Some(bad) = bad {
                    return Err(ScriptError::new(
                        ScriptErrorKind::Syntax,
                        Some(LANGUAGE),
                        label,
                        format!("`{bad}` cannot be the name of a Wren function or parameter"),
                    ));
                }
                if params.len() > prelude::MAX_PARAMS {
                    return Err(ScriptError::new(
                        ScriptErrorKind::Syntax,
                        Some(LANGUAGE),
                        label,
                        format!("a Wren function takes at most {} parameters", prelude::MAX_PARAMS),
                    ));
                }
                let declare = if self.has_function(name) { "" } else { "var " };
                let params = if params.is_empty() {
                    String::new()
                } else {
                    format!(" |{}|", params.join(", "))
                };
                (format!("{declare}{name} = Fn.new {{{params}\n{}\n}}\n", script.code), 1)
            }
            ScriptKind::Module { .. } => (script.code.to_string(), 0),
        };
        self.chunks.add(script, header);
        let code = instrument::instrument(&code).map_err(|message| {
            let mut e =
                ScriptError::new(ScriptErrorKind::StackLimit, Some(LANGUAGE), label, message);
            if let Some((file, line)) = self.chunks.locate_label(label) {
                e.kry_file = Some(file.into());
                e.kry_line = Some(line);
            }
            e
        })?;
        let start = self.next_line;
        let count = line_count(&code);
        self.lines.retain(|l| l.chunk != script.chunk);
        self.lines.push(Lines { start, count, chunk: script.chunk.to_string() });
        self.next_line = start.saturating_add(count);
        let mut text = "\n".repeat(start.saturating_sub(1) as usize);
        text.push_str(&code);
        let reply = self.run(label, Command::Interpret(text))?;
        self.done(label, reply).map(|_| ())
    }

    fn has_function(&self, name: &str) -> bool {
        // `&self`: the worker is asked through a shared reference (its channels are).
        let Some(worker) = &self.worker else { return false };
        matches!(
            worker.run(
                Command::HasFunction(name.to_string()),
                self.time_limit(),
                &self.context.dom
            ),
            Ok(Reply::Bool(true))
        )
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let reply =
            self.run(name, Command::Call { name: name.to_string(), args: args.to_vec() })?;
        self.done(name, reply)
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        if !(self.shared.contains(name) && prelude::is_module_variable(name)) {
            return Err(ScriptError::new(
                ScriptErrorKind::Runtime,
                Some(LANGUAGE),
                name,
                format!("`{name}` is not a shared variable of this app (the host sets only those in Wren)"),
            ));
        }
        self.after_call = None;
        let reply =
            self.run(name, Command::SetShared { name: name.to_string(), value: value.clone() })?;
        self.done(name, reply)?;
        self.shared.synced(name, &convert::round_trip(value));
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        let worker = self.worker.as_ref()?;
        match worker.run(Command::Global(name.to_string()), self.time_limit(), &self.context.dom) {
            Ok(Reply::Value(Ok(v))) => Some(v),
            _ => None,
        }
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let elements = self.context.dom.take_changes();
        let values = match self.after_call.take() {
            Some(values) => values,
            None => match self.run("shared variables", Command::SharedValues) {
                Ok(Reply::Values(values)) => values,
                _ => return PendingChanges { variables: Vec::new(), elements },
            },
        };
        let variables =
            self.shared.diff(|i, _| values.get(i).cloned().unwrap_or(Ok(ScriptValue::Nil)));
        PendingChanges { variables, elements }
    }

    fn memory_usage(&self) -> Option<usize> {
        // A lost VM's memory stays with its parked or abandoned thread.
        Some(self.worker.as_ref().map_or(self.context.settings.memory_limit, Worker::memory_used))
    }

    fn collect_garbage(&mut self) {
        let _ = self.run("collect garbage", Command::CollectGarbage);
    }

    fn is_lost(&self) -> bool {
        self.worker.is_none()
    }

    fn reset(&mut self) -> Result<(), String> {
        self.worker = None;
        let (worker, next_line) = start(&self.context)?;
        self.worker = Some(worker);
        self.next_line = next_line;
        self.lines.clear();
        self.chunks.clear();
        self.shared.clear();
        self.after_call = None;
        Ok(())
    }
}
