//! The Python VM (RustPython, without its standard library): `python-vm` feature.
//!
//! The interpreter starts isolated, without `site`, signal handlers or the standard library,
//! so scripts have the builtins and nothing that reaches files or the network. Every script
//! runs in one module namespace, so `global counter` in any function means the shared
//! variable. A function body is dedented and re-indented under `def name(params):` (the one
//! line the wrapper adds is subtracted when errors are mapped to `.kry` lines); a module is
//! dedented.

mod convert;
mod indent;

pub use convert::{from_py, to_py};

use rustpython_vm::builtins::{PyBaseExceptionRef, PyDictRef};
use rustpython_vm::compiler::Mode;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, Interpreter, PyObjectRef, PyResult, Settings, VirtualMachine};

use crate::dom::DomHandle;
use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::{
    ChunkMap, PendingChanges, ScriptKind, ScriptSource, ScriptVM, SharedGlobals, VmContext,
};

const LANGUAGE: &str = "python";

/// The DOM API on top of two native functions, `dom(method, element, *args)` and `find(id)`.
/// It runs in the scripts' namespace and removes itself.
const PRELUDE: &str = include_str!("prelude.py");

/// A RustPython interpreter and the one namespace every script shares.
pub struct PythonVM {
    interpreter: Interpreter,
    globals: PyDictRef,
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

fn new_interpreter(context: &VmContext) -> Result<(Interpreter, PyDictRef), String> {
    let interpreter = Interpreter::without_stdlib(settings());
    let globals = interpreter.enter(|vm| -> Result<PyDictRef, String> {
        let scope = vm.new_scope_with_builtins();
        let globals = scope.globals.clone();
        let fail = |e: PyBaseExceptionRef| exception_text(vm, &e);
        let code = vm
            .compile(PRELUDE, Mode::Exec, "<kry-prelude>".to_string())
            .map_err(|e| e.to_string())?;
        vm.run_code_obj(code, scope).map_err(fail)?;
        let install = globals.get_item("__kry_install", vm).map_err(fail)?;
        let (dom, find) = natives(vm, &context.dom);
        let names: Vec<PyObjectRef> =
            context.shared_variables.iter().map(|n| vm.ctx.new_str(n.as_str()).into()).collect();
        let args = vec![dom, find, vm.ctx.new_list(names).into()];
        install.call(FuncArgs::from(args), vm).map_err(fail)?;
        globals.del_item("__kry_install", vm).map_err(fail)?;
        Ok(globals)
    })?;
    Ok((interpreter, globals))
}

/// The native `dom(method, element, *args)` and `find(id)` functions.
fn natives(vm: &VirtualMachine, dom: &DomHandle) -> (PyObjectRef, PyObjectRef) {
    let handle = dom.clone();
    let call = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        let mut values = Vec::with_capacity(args.args.len());
        for arg in &args.args {
            values.push(from_py(vm, arg).map_err(|m| vm.new_type_error(m))?);
        }
        let (method, element) = match (values.first(), values.get(1)) {
            (Some(ScriptValue::String(m)), Some(ScriptValue::Int(e))) => {
                (m.clone(), u32::try_from(*e).unwrap_or(u32::MAX))
            }
            _ => return Err(vm.new_type_error("dom(method, element, *args)")),
        };
        let result = handle
            .call_method(&method, element, &values[2..])
            .map_err(|m| vm.new_runtime_error(m))?;
        to_py(vm, &result)
    };
    let handle = dom.clone();
    let find = move |id: String, vm: &VirtualMachine| -> PyResult {
        match handle.find(&id) {
            Ok(Some(index)) => Ok(vm.ctx.new_int(index).into()),
            Ok(None) => Ok(vm.ctx.none()),
            Err(m) => Err(vm.new_runtime_error(m)),
        }
    };
    (vm.new_function("dom", call).into(), vm.new_function("find", find).into())
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
            e.kry_file = Some(file);
            e.kry_line = Some(line);
        }
        e.traceback = Some(traceback.into_boxed_str());
        e
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
        let (interpreter, globals) = new_interpreter(&context)?;
        let shared = SharedGlobals::new(context.shared_variables.clone());
        Ok(PythonVM { interpreter, globals, context, shared, chunks: ChunkMap::default() })
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let (code, header_lines) = match script.kind {
            ScriptKind::Function { name, params } => {
                let header = format!("def {name}({}):\n", params.join(", "));
                (header + &indent::under_def(script.code), 1)
            }
            ScriptKind::Module { .. } => (indent::dedent(script.code), 0),
        };
        self.chunks.add(script, header_lines);
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
                        e.kry_file = Some(file);
                        e.kry_line = Some(line);
                    }
                    return Err(e);
                }
            };
            let scope = rustpython_vm::scope::Scope::with_builtins(None, self.globals.clone(), vm);
            vm.run_code_obj(compiled, scope)
                .map(drop)
                .map_err(|exc| self.exception(vm, script.label(), &exc))
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
        self.interpreter.enter(|vm| {
            let function = match self.globals.get_item_opt(name, vm) {
                Ok(Some(f)) if f.is_callable() => f,
                _ => return Err(Self::missing(name)),
            };
            let mut call_args = Vec::with_capacity(args.len());
            for arg in args {
                call_args.push(to_py(vm, arg).map_err(|exc| self.exception(vm, name, &exc))?);
            }
            let result = function
                .call(FuncArgs::from(call_args), vm)
                .map_err(|exc| self.exception(vm, name, &exc))?;
            from_py(vm, &result)
                .map_err(|m| ScriptError::new(ScriptErrorKind::Conversion, Some(LANGUAGE), name, m))
        })
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        self.interpreter.enter(|vm| {
            to_py(vm, value)
                .and_then(|v| self.globals.set_item(name, v, vm))
                .map_err(|exc| self.exception(vm, name, &exc))
        })?;
        self.shared.synced(name, value);
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        self.interpreter.enter(|vm| {
            let value = self.globals.get_item_opt(name, vm).ok()??;
            from_py(vm, &value).ok()
        })
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let globals = &self.globals;
        let shared = &mut self.shared;
        let variables = self.interpreter.enter(|vm| {
            shared.diff(|_, name| match globals.get_item_opt(name, vm) {
                Ok(Some(value)) => from_py(vm, &value),
                Ok(None) => Ok(ScriptValue::Nil),
                Err(exc) => Err(exception_text(vm, &exc)),
            })
        });
        PendingChanges { variables, elements: self.context.dom.take_changes() }
    }

    fn reset(&mut self) -> Result<(), String> {
        let (interpreter, globals) = new_interpreter(&self.context)?;
        self.interpreter = interpreter;
        self.globals = globals;
        self.shared.clear();
        self.chunks.clear();
        Ok(())
    }
}
