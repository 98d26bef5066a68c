//! The Python VM (RustPython, without its standard library): `python-vm` feature.
//!
//! The interpreter starts isolated, without `site`, signal handlers or the standard library,
//! so scripts have the builtins (without `open`) and nothing that reaches files or the
//! network; `import` takes only the modules the settings grant (`sandbox.rs`). Budgets are
//! enforced by a watchdog thread (`watchdog.rs`). Shared variables are compared by object
//! identity after a call: only a rebound or mutable value is converted and compared. Every script
//! runs in one module namespace, so `global counter` in any function means the shared
//! variable. A function body is dedented and re-indented under `def name(params):` (the one
//! line the wrapper adds is subtracted when errors are mapped to `.kry` lines); a module is
//! dedented.

mod convert;
mod guards;
use super::python_indent as indent;
mod sandbox;
mod watchdog;

pub use convert::{from_py, to_py};

use rustc_hash::FxHashMap;
use rustpython_vm::builtins::{PyBaseExceptionRef, PyDictRef, PyStrRef};
use rustpython_vm::compiler::Mode;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::signal::user_signal_channel;
use rustpython_vm::{AsObject, Interpreter, PyObjectRef, PyResult, Settings, VirtualMachine};

use crate::alloc_meter;
use crate::dom::{DomHandle, Returns, DOCUMENT_FUNCTIONS, ELEMENT_METHODS};
use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::budget::{self, Budget};
use crate::vm::{ChunkMap, PendingChanges, ScriptSource, ScriptVM, SharedGlobals, VmContext};
use watchdog::Watchdog;

const LANGUAGE: &str = "python";

/// The DOM API on top of two native functions, `dom(method, element, *args)` and `find(id)`.
/// It runs in the scripts' namespace and removes itself.
const PRELUDE: &str = include_str!("prelude.py");

/// A RustPython interpreter and the one namespace every script shares.
pub struct PythonVM {
    interpreter: Interpreter,
    globals: PyDictRef,
    /// The shared variables' names as interned `str`s, and the object each held after the
    /// last sync.
    shared_keys: Vec<PyStrRef>,
    seen: Vec<Option<PyObjectRef>>,
    /// Function names as `str`s, so a call does not build one.
    function_keys: FxHashMap<Box<str>, PyStrRef>,
    watchdog: Watchdog,
    context: VmContext,
    shared: SharedGlobals,
    chunks: ChunkMap,
}

fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.isolated = true;
    settings.import_site = false;
    settings.install_signal_handlers = false;
    settings
}

type Parts = (Interpreter, PyDictRef, Vec<PyStrRef>, Watchdog);

fn new_interpreter(context: &VmContext) -> Result<Parts, String> {
    let (sender, receiver) = user_signal_channel();
    let interpreter = Interpreter::with_init(settings(), |vm| vm.set_user_signal_channel(receiver));
    let settings = &context.settings;
    let watchdog = Watchdog::start(sender, settings.time_limit, settings.memory_limit);
    let (globals, keys) = interpreter.enter(|vm| -> Result<_, String> {
        sandbox::install(vm, &settings.allow_modules).map_err(|e| exception_text(vm, &e))?;
        guards::install(vm);
        let fail = |e: PyBaseExceptionRef| exception_text(vm, &e);
        install_budgeted_builtins(vm).map_err(fail)?;
        let scope = vm.new_scope_with_builtins();
        let globals = scope.globals.clone();
        let code = vm
            .compile(PRELUDE, Mode::Exec, "<kry-prelude>".to_string())
            .map_err(|e| e.to_string())?;
        vm.run_code_obj(code, scope).map_err(fail)?;
        let install = globals.get_item("__kry_install", vm).map_err(fail)?;
        let [dom, emit] = natives(vm, &context.dom);
        let names: Vec<PyObjectRef> =
            context.shared_variables.iter().map(|n| vm.ctx.new_str(n.as_str()).into()).collect();
        let table = |entries: &[(&str, Returns)]| -> PyObjectRef {
            let rows = entries
                .iter()
                .map(|(name, returns)| {
                    let row: Vec<PyObjectRef> =
                        vec![vm.ctx.new_str(*name).into(), vm.ctx.new_int(*returns as u8).into()];
                    vm.ctx.new_tuple(row).into()
                })
                .collect();
            vm.ctx.new_list(rows).into()
        };
        let args = vec![
            dom,
            vm.ctx.new_list(names).into(),
            emit,
            table(ELEMENT_METHODS),
            table(DOCUMENT_FUNCTIONS),
        ];
        install.call(FuncArgs::from(args), vm).map_err(fail)?;
        globals.del_item("__kry_install", vm).map_err(fail)?;
        let keys = context
            .shared_variables
            .iter()
            .map(|n| vm.ctx.intern_str(n.as_str()).to_owned())
            .collect();
        Ok((globals, keys))
    })?;
    Ok((interpreter, globals, keys, watchdog))
}

/// Python versions of the builtins that loop natively (`budgeted_builtins.py`).
const BUDGETED_BUILTINS: &str = include_str!("budgeted_builtins.py");

fn install_budgeted_builtins(vm: &VirtualMachine) -> PyResult<()> {
    let scope = vm.new_scope_with_builtins();
    let code = vm
        .compile(BUDGETED_BUILTINS, Mode::Exec, "<kry-builtins>".to_string())
        .map_err(|e| vm.new_syntax_error(&e, Some(BUDGETED_BUILTINS)))?;
    vm.run_code_obj(code, scope.clone())?;
    let builtins = vm.builtins.as_object();
    for name in ["sum", "any", "all", "min", "max", "sorted"] {
        builtins.set_attr(name, scope.globals.get_item(name, vm)?, vm)?;
    }
    Ok(())
}

/// The native `dom(method, target, *args)` (`target` an element index, or `None` for the
/// document functions) and `emit(line)` (script output) functions.
fn natives(vm: &VirtualMachine, dom: &DomHandle) -> [PyObjectRef; 2] {
    let handle = dom.clone();
    let call = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        let mut values = Vec::with_capacity(args.args.len());
        for arg in &args.args {
            values.push(from_py(vm, arg).map_err(|m| vm.new_type_error(m))?);
        }
        let (method, target) = match (values.first(), values.get(1)) {
            (Some(ScriptValue::String(m)), Some(ScriptValue::Int(e))) => {
                (m.clone(), Some(u32::try_from(*e).unwrap_or(u32::MAX)))
            }
            (Some(ScriptValue::String(m)), Some(ScriptValue::Nil)) => (m.clone(), None),
            _ => return Err(vm.new_type_error("dom(method, target, *args)")),
        };
        let result = handle
            .call(LANGUAGE, &method, target, &values[2..])
            .map_err(|m| vm.new_runtime_error(m))?;
        to_py(vm, &result)
    };
    let handle = dom.clone();
    let emit = move |line: String, vm: &VirtualMachine| -> PyResult<()> {
        handle.print(line).map_err(|m| vm.new_runtime_error(m))
    };
    [vm.new_function("dom", call).into(), vm.new_function("emit", emit).into()]
}

/// Whether an object cannot change in place (so the same object means the same value).
fn is_immutable(vm: &VirtualMachine, object: &PyObjectRef) -> bool {
    let class = object.class();
    let types = &vm.ctx.types;
    class.is(types.int_type)
        || class.is(types.float_type)
        || class.is(types.str_type)
        || class.is(types.bool_type)
        || class.is(types.none_type)
}

/// `Type: message` of an exception.
fn exception_text(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    let name = exc.class().name().to_string();
    let message =
        exc.as_object().str(vm).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if message.is_empty() {
        name
    } else {
        format!("{name}: {message}")
    }
}

impl PythonVM {
    /// A [`ScriptError`] from an exception, located at the innermost frame of a loaded chunk.
    fn exception(
        &self,
        vm: &VirtualMachine,
        function: &str,
        exc: &PyBaseExceptionRef,
    ) -> ScriptError {
        let is_syntax = exc.class().fast_issubclass(vm.ctx.exceptions.syntax_error);
        let kind = if is_syntax { ScriptErrorKind::Syntax } else { ScriptErrorKind::Runtime };
        let mut e = ScriptError::new(kind, Some(LANGUAGE), function, exception_text(vm, exc));
        let mut traceback = String::from("Traceback (most recent call last):\n");
        let mut innermost = None;
        if let Some(tb) = exc.__traceback__() {
            for frame in tb.iter() {
                let code = &frame.frame.code;
                let chunk = code.source_path().as_str();
                let line = frame.lineno.get() as u32;
                // Frames of loaded scripts show their `.kry` position.
                let at = self.chunks.locate(chunk, line);
                let (file, shown) = match &at {
                    Some((file, kry_line)) => (file.as_str(), *kry_line),
                    None => (chunk, line),
                };
                let function = code.code.obj_name.as_str();
                traceback.push_str(&format!("  File \"{file}\", line {shown}, in {function}\n"));
                if at.is_some() {
                    innermost = at;
                }
            }
        }
        traceback.push_str(&e.message);
        if let Some((file, line)) = innermost {
            e.kry_file = Some(file.into());
            e.kry_line = Some(line);
        }
        e.traceback = Some(traceback.into_boxed_str());
        e
    }

    /// The host value of a call's result, or its error. Python objects are freed while the
    /// interpreter's meter runs; the host values are built outside it.
    fn settle(
        &self,
        vm: &VirtualMachine,
        function: &str,
        result: PyResult<PyObjectRef>,
        budget: Option<Budget>,
    ) -> Result<ScriptValue, ScriptError> {
        if budget.is_some() {
            watchdog::stop_tracing(vm);
        }
        let settled = {
            let _host = alloc_meter::pause();
            match &result {
                Ok(value) => from_py(vm, value).map_err(|m| {
                    ScriptError::new(ScriptErrorKind::Conversion, Some(LANGUAGE), function, m)
                }),
                Err(exc) => Err(self.failure(vm, function, exc, budget)),
            }
        };
        drop(result);
        settled
    }

    /// [`PythonVM::exception`], or the budget error when the watchdog stopped the call.
    fn failure(
        &self,
        vm: &VirtualMachine,
        function: &str,
        exc: &PyBaseExceptionRef,
        budget: Option<Budget>,
    ) -> ScriptError {
        let mut error = self.exception(vm, function, exc);
        // RustPython's recursion limit (kept below what the native stack holds).
        let too_deep = exc.class().fast_issubclass(vm.ctx.exceptions.recursion_error);
        // A guard's refusal of an operation too large for the memory limit (`guards.rs`).
        let too_large = guards::is_memory_error(vm, exc);
        let budget =
            budget.or(too_deep.then_some(Budget::Stack)).or(too_large.then_some(Budget::Memory));
        let stopped_at = budget.and_then(|_| watchdog::take_stop_position());
        if let Some((file, line)) = stopped_at.and_then(|(c, l)| self.chunks.locate(&c, l)) {
            error.kry_file = Some(file.into());
            error.kry_line = Some(line);
        }
        match budget {
            Some(b) => budget::into_budget_error(
                error,
                b,
                self.watchdog.time_limit(),
                self.watchdog.memory_limit(),
                &self.chunks,
            ),
            None => error,
        }
    }

    fn missing(name: &str) -> ScriptError {
        ScriptError::new(
            ScriptErrorKind::MissingFunction,
            Some(LANGUAGE),
            name,
            format!("no Python function is named `{name}`"),
        )
    }
}

impl ScriptVM for PythonVM {
    fn initialize(context: VmContext) -> Result<PythonVM, String> {
        let (interpreter, globals, shared_keys, watchdog) = new_interpreter(&context)?;
        let shared = SharedGlobals::new(context.shared_variables.clone());
        Ok(PythonVM {
            interpreter,
            globals,
            seen: vec![None; shared_keys.len()],
            shared_keys,
            function_keys: FxHashMap::default(),
            watchdog,
            context,
            shared,
            chunks: ChunkMap::default(),
        })
    }

    /// Python refuses extra arguments: the event goes only to a function that takes one.
    fn bind_function_expression(name: &str, expression: &str) -> Option<String> {
        Some(format!(
            "def {name}(event, _f=({expression}\n)):\n    \
             _n = getattr(getattr(_f, '__code__', None), 'co_argcount', 1)\n    \
             return _f(event) if _n else _f()\n"
        ))
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let (code, header_lines) = indent::wrap(script);
        self.chunks.add(script, header_lines);
        if guards::nesting(&code) > guards::MAX_NESTING {
            // RustPython's parser would recurse past the native stack.
            let mut e = ScriptError::new(
                ScriptErrorKind::Syntax,
                Some(LANGUAGE),
                script.label(),
                "RecursionError: the code nests brackets too deeply",
            );
            if let Some((file, line)) = self.chunks.locate(script.chunk, 1 + header_lines) {
                e.kry_file = Some(file.into());
                e.kry_line = Some(line);
            }
            let limits = (self.watchdog.time_limit(), self.watchdog.memory_limit());
            return Err(budget::into_budget_error(
                e,
                Budget::Stack,
                limits.0,
                limits.1,
                &self.chunks,
            ));
        }
        guards::set_memory_limit(self.watchdog.memory_limit());
        let _meter = self.watchdog.meter();
        self.interpreter.enter(|vm| {
            let compiled = match vm.compile(&code, Mode::Exec, script.chunk.to_string()) {
                Ok(compiled) => compiled,
                Err(error) => {
                    let mut e = ScriptError::new(
                        ScriptErrorKind::Syntax,
                        Some(LANGUAGE),
                        script.label(),
                        format!("SyntaxError: {error}"),
                    );
                    let (line, _) = error.python_location();
                    if let Some((file, line)) = self.chunks.locate(script.chunk, line as u32) {
                        e.kry_file = Some(file.into());
                        e.kry_line = Some(line);
                    }
                    return Err(e);
                }
            };
            let scope = rustpython_vm::scope::Scope::with_builtins(None, self.globals.clone(), vm);
            self.watchdog.begin();
            let result = vm.run_code_obj(compiled, scope);
            let budget = self.watchdog.end();
            self.settle(vm, script.label(), result, budget).map(drop)
        })
    }

    fn has_function(&self, name: &str) -> bool {
        self.interpreter.enter(
            |vm| matches!(self.globals.get_item_opt(name, vm), Ok(Some(f)) if f.is_callable()),
        )
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        let interpreter = &self.interpreter;
        let key = match self.function_keys.get(name) {
            Some(key) => key.clone(),
            None => {
                let key = interpreter.enter(|vm| vm.ctx.new_str(name));
                self.function_keys.insert(name.into(), key.clone());
                key
            }
        };
        guards::set_memory_limit(self.watchdog.memory_limit());
        let _meter = self.watchdog.meter();
        interpreter.enter(|vm| {
            let function = match self.globals.get_item_opt(&*key, vm) {
                Ok(Some(f)) if f.is_callable() => f,
                _ => return Err(Self::missing(name)),
            };
            let mut call_args = Vec::with_capacity(args.len());
            for arg in args {
                call_args.push(to_py(vm, arg).map_err(|exc| self.exception(vm, name, &exc))?);
            }
            self.watchdog.begin();
            let result = function.call(FuncArgs::from(call_args), vm);
            let budget = self.watchdog.end();
            self.settle(vm, name, result, budget)
        })
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        let index = self.shared.index(name);
        let _meter = self.watchdog.meter();
        let object = self.interpreter.enter(|vm| {
            let object = to_py(vm, value).map_err(|exc| self.exception(vm, name, &exc))?;
            self.globals
                .set_item(name, object.clone(), vm)
                .map_err(|exc| self.exception(vm, name, &exc))?;
            Ok(object)
        })?;
        if let Some(slot) = index.and_then(|i| self.seen.get_mut(i)) {
            *slot = Some(object);
        }
        self.shared.synced(name, value);
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        self.interpreter.enter(|vm| {
            let value = self.globals.get_item_opt(name, vm).ok()??;
            from_py(vm, &value).ok()
        })
    }

    fn memory_usage(&self) -> Option<usize> {
        self.watchdog.memory_usage()
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let (globals, keys, seen) = (&self.globals, &self.shared_keys, &mut self.seen);
        let shared = &mut self.shared;
        let _meter = self.watchdog.meter();
        let variables = self.interpreter.enter(|vm| {
            // Only a variable bound to another object, or holding a mutable one, can differ.
            let mut check: Option<Vec<bool>> = None;
            for (i, key) in keys.iter().enumerate() {
                let current = globals.get_item_opt(&**key, vm).ok().flatten();
                let same = match (&current, seen.get(i).and_then(Option::as_ref)) {
                    (Some(now), Some(before)) => now.is(before) && is_immutable(vm, now),
                    _ => false,
                };
                if !same {
                    check.get_or_insert_with(|| vec![false; keys.len()])[i] = true;
                    seen[i] = current;
                }
            }
            let Some(check) = check else { return Vec::new() };
            // The host owns the values built here.
            let _host = alloc_meter::pause();
            shared.diff_where(
                |i| check[i],
                |i, _| match globals.get_item_opt(&*keys[i], vm) {
                    Ok(Some(value)) => from_py(vm, &value),
                    Ok(None) => Ok(ScriptValue::Nil),
                    Err(exc) => Err(exception_text(vm, &exc)),
                },
            )
        });
        PendingChanges { variables, elements: self.context.dom.take_changes() }
    }

    fn reset(&mut self) -> Result<(), String> {
        let (interpreter, globals, shared_keys, watchdog) = new_interpreter(&self.context)?;
        self.interpreter = interpreter;
        self.globals = globals;
        self.seen = vec![None; shared_keys.len()];
        self.shared_keys = shared_keys;
        self.function_keys.clear();
        self.watchdog = watchdog;
        self.shared.clear();
        self.chunks.clear();
        Ok(())
    }
}
