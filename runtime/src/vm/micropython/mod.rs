//! The MicroPython VM: `micropython-vm` feature.
//!
//! Real MicroPython (1.27, the npm package `@micropython/micropython-webassembly-pyscript`,
//! MIT) compiled to WebAssembly and run by wasmi, a WebAssembly interpreter in Rust. The
//! module's imports are the host's (`imports.rs`, `proxy.rs`): no file, network or process is
//! reachable, output goes to the runtime, and the memory and time budgets are enforced at the
//! module's boundary (`engine.rs`): its heap grows only through `emscripten_resize_heap`, and
//! calls run in fuel slices between which the clock is read.
//!
//! The host talks to MicroPython through one Python function of the prelude, the entry: a
//! JSON request (`call`, `exec`, `set`, `get`, `has`) in, a NUL-separated answer out, which
//! carries a call's result, the shared variables it changed, or its exception with the
//! traceback. Scripts reach the DOM through `__kry_host.call` (`dom.rs`), behind the same API
//! the Python VM's prelude gives. Every script runs in `__main__`, so `global counter` in any
//! function means the shared variable. A function body is re-indented under
//! `def name(params):` as for Python (the one added line is subtracted when errors are
//! mapped to `.kry` lines); a module is dedented.

mod convert;
mod dom;
mod engine;
mod errors;
mod imports;
use super::python_indent as indent;
mod proxy;
mod wasm;

pub use convert::{from_json, to_json};

use std::cell::RefCell;

use wasmi::Val;

use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::budget::Budget;
use crate::vm::{ChunkMap, PendingChanges, ScriptSource, ScriptVM, SharedGlobals, VmContext};
use convert::{write_json, write_string};
use dom::LANGUAGE;
use engine::{budget_of, describe, run, Host, Machine};
use errors::{Limits, Raised};

/// The DOM API and the entry point, run once in `__main__` when the VM starts.
const PRELUDE: &str = include_str!("prelude.py");

/// MicroPython's Python stack, in words, and its first GC heap, in bytes (the heap grows in
/// further pieces up to the memory limit).
const PYSTACK_WORDS: i32 = 16 * 1024;
const FIRST_HEAP: i32 = 512 * 1024;

/// The separator of the entry's answers (JSON never contains a raw NUL).
const SEP: char = '\0';

/// A MicroPython interpreter in its own WebAssembly instance.
pub struct MicroPythonVM {
    /// In a cell: reading a global (`&self`) runs code in the module too.
    machine: RefCell<Machine>,
    /// The prelude's entry function, as a proxy reference.
    entry: u32,
    /// Two slots: the entry's argument and its result.
    scratch: u32,
    context: VmContext,
    shared: SharedGlobals,
    chunks: ChunkMap,
    limits: Limits,
    /// Shared variables the last calls changed (index, value or why it cannot be shared).
    pending: Vec<(usize, Result<ScriptValue, String>)>,
    /// Why the VM cannot be used any more (a call had to be abandoned).
    broken: Option<String>,
}

/// What the entry answered.
enum Answer {
    Done { value: Result<ScriptValue, String>, changed: Vec<(usize, Result<ScriptValue, String>)> },
    Missing,
}

impl MicroPythonVM {
    fn start(context: &VmContext) -> Result<(Machine, u32, u32), String> {
        let settings = &context.settings;
        let host = Host::new(context.dom.clone(), settings.time_limit, settings.memory_limit);
        let mut m = Machine::start(host)?;
        // Starting the interpreter and the prelude is not the scripts' time.
        m.store.data_mut().clock.limit = None;
        m.call("mp_js_init", &[Val::I32(PYSTACK_WORDS), Val::I32(FIRST_HEAP)], &mut [])?;
        m.call("proxy_c_init", &[], &mut [])?;
        let scratch = m.alloc_bytes(&[0; 24]).map_err(|e| describe(&e))?;
        // `__kry_host`: the host object the prelude calls.
        let name = m.alloc_bytes(b"__kry_host").map_err(|e| describe(&e))?;
        write_scratch(&mut m, scratch, [proxy::JS_OBJECT, proxy::HOST_OBJECT, 0]);
        m.call(
            "mp_js_register_js_module",
            &[Val::I32(name as i32), Val::I32(scratch as i32)],
            &mut [],
        )?;
        m.free(name).map_err(|e| describe(&e))?;
        let code = m.alloc_bytes(PRELUDE.as_bytes()).map_err(|e| describe(&e))?;
        let out = scratch + 12;
        m.call(
            "mp_js_do_exec",
            &[Val::I32(code as i32), Val::I32(PRELUDE.len() as i32), Val::I32(out as i32)],
            &mut [],
        )?;
        m.free(code).map_err(|e| describe(&e))?;
        result_slot(&mut m, out, "the prelude")?;
        // `__main__.__kry_install(shared)` returns the entry function.
        let main = m.alloc_bytes(b"__main__").map_err(|e| describe(&e))?;
        m.call("mp_js_do_import", &[Val::I32(main as i32), Val::I32(out as i32)], &mut [])?;
        m.free(main).map_err(|e| describe(&e))?;
        let module = result_slot(&mut m, out, "__main__")?;
        let attr = m.alloc_bytes(b"__kry_install").map_err(|e| describe(&e))?;
        m.call(
            "proxy_c_to_js_lookup_attr",
            &[Val::I32(module[1] as i32), Val::I32(attr as i32), Val::I32(out as i32)],
            &mut [],
        )?;
        m.free(attr).map_err(|e| describe(&e))?;
        let install = result_slot(&mut m, out, "the prelude's install")?;
        let names = ScriptValue::Array(
            context.shared_variables.iter().map(|n| ScriptValue::String(n.clone())).collect(),
        );
        let names = m.alloc_bytes(to_json(&names).as_bytes()).map_err(|e| describe(&e))?;
        let len = to_json_len(context);
        write_scratch(&mut m, scratch, [5, len, names]);
        m.call(
            "proxy_c_to_js_call",
            &[
                Val::I32(install[1] as i32),
                Val::I32(1),
                Val::I32(scratch as i32),
                Val::I32(out as i32),
            ],
            &mut [],
        )?;
        let entry = result_slot(&mut m, out, "the prelude's install")?;
        if entry[0] != proxy::MP_CALLABLE {
            return Err("the prelude's install did not return the entry function".into());
        }
        m.store.data_mut().clock.limit =
            (!settings.time_limit.is_zero()).then_some(settings.time_limit);
        Ok((m, entry[1], scratch))
    }

    /// Sends one request to the entry; the answer's text, or the error of a call the host had
    /// to abandon (the VM is then broken).
    fn request(
        &self,
        function: &str,
        request: &str,
    ) -> Result<(String, Option<Budget>), ScriptError> {
        if let Some(why) = &self.broken {
            return Err(ScriptError::new(
                ScriptErrorKind::VmFailure,
                Some(LANGUAGE),
                function,
                why.clone(),
            ));
        }
        let mut m = self.machine.borrow_mut();
        let m = &mut *m;
        let out = self.scratch + 12;
        let sent = (|| {
            let text = m.alloc_bytes(request.as_bytes())?;
            write_scratch(m, self.scratch, [5, request.len() as u32, text]);
            let host = m.store.data_mut();
            host.memory_hit = false;
            host.clock.begin();
            let call = m.exports_call_entry();
            run(
                &mut m.store,
                call,
                &[
                    Val::I32(self.entry as i32),
                    Val::I32(1),
                    Val::I32(self.scratch as i32),
                    Val::I32(out as i32),
                ],
                &mut [],
            )
        })();
        let host = m.store.data_mut();
        host.clock.end();
        let budget = if host.memory_hit {
            Some(Budget::Memory)
        } else if host.clock.interrupted() {
            Some(Budget::Time)
        } else {
            None
        };
        if let Err(e) = sent {
            let mut error =
                errors::abandoned(function, budget_of(&e).or(budget), &describe(&e), &self.limits);
            if let Some((file, line)) = self.chunks.locate_label(function) {
                error.kry_file = Some(file.into());
                error.kry_line = Some(line);
            }
            return Err(error);
        }
        let slot = result_slot(m, out, function)
            .map_err(|m| ScriptError::new(ScriptErrorKind::Runtime, Some(LANGUAGE), function, m))?;
        if slot[0] != proxy::MP_STR {
            return Err(ScriptError::new(
                ScriptErrorKind::VmFailure,
                Some(LANGUAGE),
                function,
                "the prelude's entry answered something other than a string",
            ));
        }
        let memory = m.exports().memory;
        let text = proxy::slot_text(memory.data(&m.store), slot).unwrap_or_default();
        Ok((text, budget))
    }

    /// A request whose answer is a value, an exception or "missing".
    fn ask(&self, function: &str, request: &str) -> Result<Answer, ScriptError> {
        let (text, budget) = self.request(function, request)?;
        let mut parts = text.split(SEP);
        match parts.next() {
            Some("0") => {
                let value = match parts.next() {
                    Some(json) => shared_value(json),
                    None => Ok(ScriptValue::Nil),
                };
                let mut changed = Vec::new();
                while let (Some(index), Some(json)) = (parts.next(), parts.next()) {
                    if let Ok(i) = index.parse::<usize>() {
                        changed.push((i, shared_value(json)));
                    }
                }
                Ok(Answer::Done { value, changed })
            }
            Some("2") => Ok(Answer::Missing),
            _ => {
                let type_name = parts.next().unwrap_or("Exception");
                let message = parts.next().unwrap_or("");
                let traceback = parts.next().unwrap_or("");
                let raised = Raised { type_name, message, traceback };
                Err(errors::from_raised(&raised, function, &self.chunks, budget, &self.limits))
            }
        }
    }

    /// A call or a module's run: the result, with the shared variables it changed kept for
    /// [`ScriptVM::get_pending_changes`].
    fn run_request(
        &mut self,
        function: &str,
        request: &str,
    ) -> Result<Option<ScriptValue>, ScriptError> {
        let answer = self.ask(function, request);
        if matches!(&answer, Err(e) if e.kind == ScriptErrorKind::VmFailure) {
            self.broken =
                Some(answer.as_ref().err().map(|e| e.message.clone()).unwrap_or_default());
        }
        match answer? {
            Answer::Done { value, changed } => {
                self.pending.extend(changed);
                value.map(Some).map_err(|m| {
                    ScriptError::new(ScriptErrorKind::Conversion, Some(LANGUAGE), function, m)
                })
            }
            Answer::Missing => Ok(None),
        }
    }

    fn missing(name: &str) -> ScriptError {
        ScriptError::new(
            ScriptErrorKind::MissingFunction,
            Some(LANGUAGE),
            name,
            format!("no MicroPython function is named `{name}`"),
        )
    }
}

/// A value the prelude wrote: JSON, or `!` and why it could not be written.
fn shared_value(json: &str) -> Result<ScriptValue, String> {
    match json.strip_prefix('!') {
        Some(why) => Err(format!("the value cannot be shared: {why}")),
        None => from_json(json),
    }
}

fn to_json_len(context: &VmContext) -> u32 {
    let names = ScriptValue::Array(
        context.shared_variables.iter().map(|n| ScriptValue::String(n.clone())).collect(),
    );
    to_json(&names).len() as u32
}

fn write_scratch(m: &mut Machine, at: u32, slot: [u32; 3]) {
    let memory = m.exports().memory;
    proxy::write_slot(memory.data_mut(&mut m.store), at, slot);
}

/// The slot a start-up call wrote; an exception in it as an error.
fn result_slot(m: &mut Machine, out: u32, what: &str) -> Result<[u32; 3], String> {
    let memory = m.exports().memory;
    let data = memory.data(&m.store);
    let slot = proxy::read_slot(data, out).ok_or("a result slot out of bounds")?;
    if slot[0] == proxy::MP_EXCEPTION {
        let text = proxy::slot_text(data, slot).unwrap_or_default();
        let _ = m.free(slot[2]);
        return Err(format!("{what} failed: {}", text.replace('\u{4}', ": ")));
    }
    Ok(slot)
}

impl Machine {
    fn exports_call_entry(&self) -> wasmi::Func {
        self.instance
            .get_func(&self.store, "proxy_c_to_js_call")
            .expect("checked when the VM started")
    }
}

impl ScriptVM for MicroPythonVM {
    fn initialize(context: VmContext) -> Result<MicroPythonVM, String> {
        let (machine, entry, scratch) = MicroPythonVM::start(&context)?;
        let settings = &context.settings;
        let limits = Limits {
            time: (!settings.time_limit.is_zero()).then_some(settings.time_limit),
            memory: settings.memory_limit,
        };
        Ok(MicroPythonVM {
            machine: RefCell::new(machine),
            entry,
            scratch,
            shared: SharedGlobals::new(context.shared_variables.clone()),
            context,
            chunks: ChunkMap::default(),
            limits,
            pending: Vec::new(),
            broken: None,
        })
    }

    /// MicroPython's functions do not say how many arguments they take: the event is passed,
    /// and a function taking none is called again without it.
    fn bind_function_expression(name: &str, expression: &str) -> Option<String> {
        Some(format!(
            "def {name}(event, _f=({expression}\n)):\n    return __kry_call_with_event(_f, event)\n"
        ))
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let (code, header_lines) = indent::wrap(script);
        self.chunks.add(script, header_lines);
        let mut request = String::from("[\"exec\",");
        write_string(script.chunk, &mut request);
        request.push(',');
        write_string(&code, &mut request);
        request.push(']');
        self.run_request(script.label(), &request).map(drop)
    }

    fn has_function(&self, name: &str) -> bool {
        let mut request = String::from("[\"has\",");
        write_string(name, &mut request);
        request.push(']');
        matches!(
            self.ask(name, &request),
            Ok(Answer::Done { value: Ok(ScriptValue::Bool(true)), .. })
        )
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let mut request = String::with_capacity(32);
        request.push_str("[\"call\",");
        write_string(name, &mut request);
        request.push_str(",[");
        for (k, arg) in args.iter().enumerate() {
            if k > 0 {
                request.push(',');
            }
            write_json(arg, &mut request);
        }
        request.push_str("]]");
        match self.run_request(name, &request)? {
            Some(value) => Ok(value),
            None => Err(Self::missing(name)),
        }
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        let index = self.shared.index(name).map_or(-1, |i| i as i64);
        let mut request = format!("[\"set\",{index},");
        write_string(name, &mut request);
        request.push(',');
        write_json(value, &mut request);
        request.push(']');
        self.run_request(name, &request)?;
        self.pending.retain(|(i, _)| *i as i64 != index);
        self.shared.synced(name, value);
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        let mut request = String::from("[\"get\",");
        write_string(name, &mut request);
        request.push(']');
        match self.ask(name, &request) {
            Ok(Answer::Done { value: Ok(value), .. }) => Some(value),
            _ => None,
        }
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let mut pending = std::mem::take(&mut self.pending);
        let variables = if pending.is_empty() {
            Vec::new()
        } else {
            let mut check = vec![false; self.context.shared_variables.len()];
            for (i, _) in &pending {
                if let Some(c) = check.get_mut(*i) {
                    *c = true;
                }
            }
            self.shared.diff_where(
                |i| check.get(i).copied().unwrap_or(false),
                |i, _| {
                    let at = pending.iter().rposition(|(j, _)| *j == i);
                    at.map_or(Ok(ScriptValue::Nil), |at| pending.swap_remove(at).1)
                },
            )
        };
        PendingChanges { variables, elements: self.context.dom.take_changes() }
    }

    fn memory_usage(&self) -> Option<usize> {
        Some(self.machine.borrow().memory_size())
    }

    fn reset(&mut self) -> Result<(), String> {
        let (machine, entry, scratch) = MicroPythonVM::start(&self.context)?;
        self.machine = RefCell::new(machine);
        self.entry = entry;
        self.scratch = scratch;
        self.shared.clear();
        self.chunks.clear();
        self.pending.clear();
        self.broken = None;
        Ok(())
    }
}
